//! Summaries of a run: the human closing summary and the `--json` report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use crate::edit::Note;
use crate::engine::{FileReport, Status};

/// Counts over a whole run.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub files_scanned: usize,
    pub files_changed: usize,
    pub files_failed: usize,
    pub files_skipped: usize,
    /// Fixes per codemod.
    pub fixes: BTreeMap<String, usize>,
    pub notes_needing_review: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport], path_errors: usize) -> Summary {
        let mut summary = Summary {
            files_scanned: reports.len(),
            files_failed: path_errors,
            ..Summary::default()
        };
        for report in reports {
            match report.status {
                Status::Changed => summary.files_changed += 1,
                Status::Failed(_) => summary.files_failed += 1,
                Status::Skipped(_) => summary.files_skipped += 1,
                Status::Unchanged => {}
            }
            for fix in &report.fixes {
                *summary.fixes.entry(fix.codemod.clone()).or_default() += 1;
            }
            summary.notes_needing_review += report.notes.iter().filter(|n| n.needs_review).count();
        }
        summary
    }

    pub fn total_fixes(&self) -> usize {
        self.fixes.values().sum()
    }
}

/// The closing summary printed to stderr.
pub fn human(
    summary: &Summary,
    reports: &[FileReport],
    path_errors: &[(PathBuf, String)],
    verb: &str,
    verbose: bool,
) -> String {
    let mut out = String::new();
    for report in reports {
        for note in &report.notes {
            if note.needs_review || verbose {
                let tag = if note.needs_review { "review" } else { "note" };
                let _ = writeln!(
                    out,
                    "{}:{}: {tag}: [{}] {}",
                    report.path.display(),
                    note.line,
                    note.codemod,
                    note.message
                );
            }
        }
    }
    for (path, reason) in path_errors {
        let _ = writeln!(out, "error: {}: {reason}", path.display());
    }
    for report in reports {
        match &report.status {
            Status::Failed(reason) => {
                let _ = writeln!(out, "error: {}: {reason}", report.path.display());
            }
            Status::Skipped(reason) => {
                let _ = writeln!(out, "skipped: {}: {reason}", report.path.display());
            }
            _ => {}
        }
    }
    let _ = write!(
        out,
        "pymig: {} file{} scanned, {} {verb} ({} fix{})",
        summary.files_scanned,
        plural(summary.files_scanned),
        summary.files_changed,
        summary.total_fixes(),
        if summary.total_fixes() == 1 { "" } else { "es" },
    );
    if summary.files_failed > 0 {
        let _ = write!(out, ", {} could not be processed", summary.files_failed);
    }
    if summary.files_skipped > 0 {
        let _ = write!(out, ", {} skipped", summary.files_skipped);
    }
    if summary.notes_needing_review > 0 {
        let _ = write!(out, ", {} need review", summary.notes_needing_review);
    }
    out.push('\n');
    let width = summary.fixes.keys().map(|k| k.len()).max().unwrap_or(0);
    for (codemod, count) in &summary.fixes {
        let _ = writeln!(
            out,
            "  {codemod:<width$}  {count} fix{}",
            if *count == 1 { "" } else { "es" }
        );
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[derive(Serialize)]
struct JsonFix<'a> {
    codemod: &'a str,
    line: usize,
    reason: &'a str,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: String,
    #[serde(flatten)]
    status: &'a Status,
    /// Fixes per codemod.
    codemods: BTreeMap<&'a str, usize>,
    edits: usize,
    fixes: Vec<JsonFix<'a>>,
    notes: &'a [Note],
}

#[derive(Serialize)]
struct JsonPathError {
    path: String,
    status: &'static str,
    reason: String,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    summary: &'a Summary,
    files: Vec<JsonFile<'a>>,
    errors: Vec<JsonPathError>,
}

/// The `--json` report: one object with the summary and one entry per file.
pub fn json(
    summary: &Summary,
    reports: &[FileReport],
    path_errors: &[(PathBuf, String)],
) -> String {
    let files = reports
        .iter()
        .map(|r| {
            let mut codemods = BTreeMap::new();
            for fix in &r.fixes {
                *codemods.entry(fix.codemod.as_str()).or_default() += 1;
            }
            JsonFile {
                path: r.path.to_string_lossy().into_owned(),
                status: &r.status,
                codemods,
                edits: r.fixes.len(),
                fixes: r
                    .fixes
                    .iter()
                    .map(|f| JsonFix {
                        codemod: &f.codemod,
                        line: f.line,
                        reason: &f.reason,
                    })
                    .collect(),
                notes: &r.notes,
            }
        })
        .collect();
    let errors = path_errors
        .iter()
        .map(|(p, reason)| JsonPathError {
            path: p.to_string_lossy().into_owned(),
            status: "failed",
            reason: reason.clone(),
        })
        .collect();
    let report = JsonReport {
        version: 1,
        summary,
        files,
        errors,
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
