//! `pymig list` and `pymig explain`.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

// Output that stops quietly when the reader goes away (`pymig list | head`).
macro_rules! out {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
macro_rules! out_raw {
    ($($arg:tt)*) => {{
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

use super::Fatal;
use crate::codemods::PRESETS;
use crate::registry::Registry;

/// Built-in codemods plus rule files from the configuration's `codemods-dir` (found from
/// the current directory) and `--codemods-dir`.
fn registry(codemods_dirs: &[PathBuf]) -> Result<Registry, Fatal> {
    let mut dirs = crate::config::find(&[], None)?
        .and_then(|c| c.codemods_dir)
        .unwrap_or_default();
    dirs.extend(codemods_dirs.iter().cloned());
    crate::rules::registry_with(&dirs).map_err(|e| Fatal(e.to_string()))
}

#[derive(Serialize)]
struct Entry {
    id: String,
    summary: String,
    safety: &'static str,
    presets: Vec<&'static str>,
}

pub fn list(json: bool, codemods_dirs: &[PathBuf]) -> Result<ExitCode, Fatal> {
    let registry = registry(codemods_dirs)?;
    let presets_of = |id: &str| -> Vec<&'static str> {
        PRESETS
            .iter()
            .filter(|p| p.codemods.contains(&id) || p.optional.contains(&id))
            .map(|p| p.name)
            .collect()
    };
    if json {
        let entries: Vec<Entry> = registry
            .all()
            .iter()
            .map(|c| Entry {
                id: c.id().to_string(),
                summary: c.summary(),
                safety: c.safety().as_str(),
                presets: presets_of(c.id()),
            })
            .collect();
        out!(
            "{}",
            serde_json::to_string_pretty(&entries).unwrap_or_default()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let width = registry
        .all()
        .iter()
        .map(|c| c.id().len())
        .max()
        .unwrap_or(0);
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for preset in PRESETS {
        let mut lines = Vec::new();
        for id in preset.codemods.iter().chain(preset.optional.iter()) {
            if let Some(c) = registry.get(id) {
                let summary = c.summary();
                let summary = if preset.optional.contains(id) {
                    opt_in(&summary)
                } else {
                    summary
                };
                lines.push(format!("  {:<width$}  {summary}", c.id()));
            }
        }
        groups.push((format!("preset {}: {}", preset.name, preset.summary), lines));
    }
    let standalone: Vec<String> = registry
        .all()
        .iter()
        .filter(|c| presets_of(c.id()).is_empty())
        .map(|c| format!("  {:<width$}  {}", c.id(), c.summary()))
        .collect();
    if !standalone.is_empty() {
        groups.insert(
            0,
            ("codemods (run with --codemod NAME)".to_string(), standalone),
        );
    }
    let mut first = true;
    for (title, lines) in groups {
        if !first {
            out!();
        }
        first = false;
        out!("{title}");
        for line in lines {
            out!("{line}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `summary` marked "(opt-in)" once, before its final period: the summaries of most opt-in
/// codemods already say so ("Replace `buffer` with `memoryview` (opt-in).").
fn opt_in(summary: &str) -> String {
    let summary = summary.trim_end();
    let (text, period) = match summary.strip_suffix('.') {
        Some(text) => (text.trim_end(), "."),
        None => (summary, ""),
    };
    let text = text.strip_suffix("(opt-in)").unwrap_or(text).trim_end();
    format!("{text} (opt-in){period}")
}

pub fn explain(name: &str, codemods_dirs: &[PathBuf]) -> Result<ExitCode, Fatal> {
    let registry = registry(codemods_dirs)?;
    if let Some(preset) = crate::codemods::preset(name) {
        out!(
            "# preset {}\n\n{}\n\nRuns, in order:",
            preset.name,
            preset.summary
        );
        for id in preset.codemods {
            out!("- {id}");
        }
        if !preset.optional.is_empty() {
            out!(
                "\nOpt-in (add with --codemod): {}",
                preset.optional.join(", ")
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    // Surface unknown names through the same message as `apply`.
    let codemod = registry
        .select(&[name.to_string()], &[])?
        .into_iter()
        .next()
        .ok_or_else(|| Fatal(format!("unknown codemod {name:?}")))?;
    out_raw!("{}", explain_text(codemod.as_ref()));
    Ok(ExitCode::SUCCESS)
}

/// The Markdown shown by `pymig explain` and stored as `docs/codemods/<id>.md`.
pub fn explain_text(codemod: &dyn crate::codemod::Codemod) -> String {
    let docs = codemod.docs();
    let mut body = docs.lines();
    let summary = body.next().unwrap_or("").trim();
    let rest: Vec<&str> = body.collect();
    format!(
        "# {}\n\n{}\n\nSafety: {}\n\n{}\n",
        codemod.id(),
        summary,
        codemod.safety().as_str(),
        rest.join("\n").trim()
    )
}

#[cfg(test)]
mod tests {
    use super::opt_in;

    #[test]
    fn opt_in_is_said_once() {
        assert_eq!(opt_in("Replace a (opt-in)."), "Replace a (opt-in).");
        assert_eq!(opt_in("Replace a."), "Replace a (opt-in).");
        assert_eq!(opt_in("Replace a"), "Replace a (opt-in)");
        assert_eq!(opt_in("Replace a (opt-in)"), "Replace a (opt-in)");
    }
}
