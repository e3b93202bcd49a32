//! Runs codemods over one file: decode → parse → propose fixes → merge → apply → verify.
//!
//! The result is a [`FileReport`] (with a [`Change`] when the file would change). Nothing
//! here writes files: sinks (diff printer, writer, git batcher) consume the reports.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use tree_sitter::{Node, Tree};

use crate::codemod::{Codemod, Context, Fixes, Options};
use crate::edit::{self, Fix, Note};
use crate::parse;
use crate::source::Source;

/// How many times conflicting fixes are retried on the rewritten text.
const MAX_PASSES: usize = 6;

/// The new content of one file.
#[derive(Debug, Clone)]
pub struct Change {
    pub path: PathBuf,
    /// The bytes read from disk.
    pub original: Vec<u8>,
    /// The bytes to write, in the file's own encoding.
    pub updated: Vec<u8>,
    /// Decoded text before and after, for diffs.
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", content = "reason", rename_all = "lowercase")]
pub enum Status {
    Unchanged,
    Changed,
    /// Deliberately not processed (e.g. `# pymig: skip-file`).
    Skipped(String),
    /// Could not be processed: unreadable, undecodable, or a rewrite failed verification.
    Failed(String),
}

/// What happened to one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: PathBuf,
    pub status: Status,
    /// The fixes that were applied.
    pub fixes: Vec<Fix>,
    pub notes: Vec<Note>,
    pub change: Option<Change>,
}

impl FileReport {
    fn failed(path: &Path, reason: impl Into<String>) -> FileReport {
        FileReport {
            path: path.to_path_buf(),
            status: Status::Failed(reason.into()),
            fixes: Vec::new(),
            notes: Vec::new(),
            change: None,
        }
    }
}

/// The outcome of rewriting decoded text.
#[derive(Debug, Clone)]
pub struct TextOutcome {
    pub text: String,
    pub fixes: Vec<Fix>,
    pub notes: Vec<Note>,
    /// Set when the file asks to be skipped.
    pub skipped: Option<String>,
}

/// A set of codemods ready to run on files.
pub struct Engine {
    codemods: Vec<Arc<dyn Codemod>>,
    /// Node kind id → indexes of the codemods that visit that kind.
    dispatch: Vec<Vec<usize>>,
    options: Options,
}

impl Engine {
    pub fn new(codemods: Vec<Arc<dyn Codemod>>, options: Options) -> Engine {
        let language = parse::language();
        let kind_count = language.node_kind_count();
        let mut dispatch = vec![Vec::new(); kind_count];
        for (id, slot) in dispatch.iter_mut().enumerate() {
            let Ok(id16) = u16::try_from(id) else { break };
            if !language.node_kind_is_named(id16) {
                continue;
            }
            let Some(name) = language.node_kind_for_id(id16) else {
                continue;
            };
            for (index, codemod) in codemods.iter().enumerate() {
                if codemod.kinds().contains(&name) {
                    slot.push(index);
                }
            }
        }
        Engine {
            codemods,
            dispatch,
            options,
        }
    }

    pub fn codemods(&self) -> &[Arc<dyn Codemod>] {
        &self.codemods
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Read and process a file from disk.
    pub fn process_path(&self, path: &Path) -> FileReport {
        match std::fs::read(path) {
            Ok(bytes) => self.process_bytes(path, bytes),
            Err(e) => FileReport::failed(path, format!("cannot read: {e}")),
        }
    }

    /// Process a file's bytes (read by the caller).
    pub fn process_bytes(&self, path: &Path, bytes: Vec<u8>) -> FileReport {
        let source = match Source::decode(&bytes) {
            Ok(source) => source,
            Err(e) => return FileReport::failed(path, e.to_string()),
        };
        let outcome = match self.transform(path, &source.text) {
            Ok(outcome) => outcome,
            Err(reason) => return FileReport::failed(path, reason),
        };
        let mut report = FileReport {
            path: path.to_path_buf(),
            status: Status::Unchanged,
            fixes: outcome.fixes,
            notes: outcome.notes,
            change: None,
        };
        if let Some(reason) = outcome.skipped {
            report.status = Status::Skipped(reason);
            return report;
        }
        if outcome.text == source.text {
            return report;
        }
        let updated = match source.encode(&outcome.text) {
            Ok(updated) => updated,
            Err(e) => {
                report.status = Status::Failed(format!("rewritten text cannot be saved: {e}"));
                report.fixes.clear();
                return report;
            }
        };
        report.status = Status::Changed;
        report.change = Some(Change {
            path: path.to_path_buf(),
            original: bytes,
            updated,
            before: source.text,
            after: outcome.text,
        });
        report
    }

    /// Rewrite decoded text until no fix applies (or conflicts are exhausted); with
    /// `options.doctests`, then migrate the examples in docstrings the same way.
    pub fn transform(&self, path: &Path, original: &str) -> Result<TextOutcome, String> {
        let mut outcome = self.transform_code(path, original)?;
        if self.options.doctests && outcome.skipped.is_none() {
            crate::doctest::migrate(self, path, &mut outcome)?;
        }
        Ok(outcome)
    }

    /// Rewrite the code of decoded text (not the examples inside its docstrings).
    pub fn transform_code(&self, path: &Path, original: &str) -> Result<TextOutcome, String> {
        let pragmas = Pragmas::scan(original);
        if pragmas.skip_file {
            return Ok(TextOutcome {
                text: original.to_string(),
                fixes: Vec::new(),
                notes: Vec::new(),
                skipped: Some("`# pymig: skip-file`".to_string()),
            });
        }
        let mut text = original.to_string();
        let mut tree = parse::parse(&text).ok_or("the parser gave up on this file")?;
        let mut applied: Vec<Fix> = Vec::new();
        let mut notes: Vec<Note> = Vec::new();
        for pass in 0..MAX_PASSES {
            let errors = parse::error_regions(&tree);
            let (mut fixes, pass_notes) = self.propose(path, &text, &tree);
            if pass == 0 {
                notes.extend(pass_notes);
                for &(_, _, line) in &errors {
                    notes.push(Note {
                        codemod: "parser".to_string(),
                        line,
                        message: "this region does not parse; it was left unchanged".to_string(),
                        needs_review: true,
                    });
                }
            }
            fixes.retain(|f| {
                (self.repairs_errors(&f.codemod) || !touches_error(f, &errors))
                    && !pragmas.suppresses(f, &text)
            });
            let merged = edit::merge(fixes);
            if merged.accepted.is_empty() {
                break;
            }
            let new_text = edit::apply(&text, &merged.accepted);
            let new_tree = parse::parse(&new_text).ok_or("the parser gave up on the result")?;
            let new_errors = parse::error_regions(&new_tree);
            if new_errors.len() > errors.len() {
                let line = new_errors
                    .iter()
                    .find(|e| !errors.iter().any(|o| o.2 == e.2))
                    .or(new_errors.first())
                    .map(|e| e.2)
                    .unwrap_or(0);
                let culprits: Vec<&str> =
                    merged.accepted.iter().map(|f| f.codemod.as_str()).collect();
                return Err(format!(
                    "the rewrite would not parse (near line {line}; codemods: {}); file left unchanged",
                    dedup(culprits).join(", ")
                ));
            }
            applied.extend(merged.accepted);
            text = new_text;
            let new_errors = new_errors.len();
            tree = new_tree;
            // Another pass when fixes were deferred, or when a repair made more of the file
            // parse (other codemods can now rewrite it).
            if merged.deferred.is_empty() && new_errors >= errors.len() {
                break;
            }
            if pass + 1 == MAX_PASSES {
                for fix in &merged.deferred {
                    notes.push(Note {
                        codemod: fix.codemod.clone(),
                        line: fix.line,
                        message: "conflicting rewrites did not settle; run pymig again".into(),
                        needs_review: true,
                    });
                }
            }
        }
        if !tree.root_node().has_error() {
            // A repairing codemod made the whole file parse.
            notes.retain(|n| n.codemod != "parser");
        }
        notes.sort_by(|a, b| (a.line, &a.codemod).cmp(&(b.line, &b.codemod)));
        Ok(TextOutcome {
            text,
            fixes: applied,
            notes,
            skipped: None,
        })
    }

    fn repairs_errors(&self, codemod: &str) -> bool {
        self.codemods
            .iter()
            .any(|c| c.id() == codemod && c.repairs_errors())
    }

    /// Walk the tree once, dispatching nodes to codemods by kind, then run whole-file checks.
    fn propose(&self, path: &Path, text: &str, tree: &Tree) -> (Vec<Fix>, Vec<Note>) {
        let ctx = Context::new(text, tree, path, &self.options);
        let mut per_codemod: Vec<Fixes> =
            self.codemods.iter().map(|c| Fixes::new(c.id())).collect();
        let mut cursor = tree.walk();
        'walk: loop {
            let node: Node<'_> = cursor.node();
            if let Some(indexes) = self.dispatch.get(node.kind_id() as usize) {
                for &i in indexes {
                    self.codemods[i].visit(node, &ctx, &mut per_codemod[i]);
                }
            }
            if cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    continue 'walk;
                }
                if !cursor.goto_parent() {
                    break 'walk;
                }
            }
        }
        for (codemod, fixes) in self.codemods.iter().zip(per_codemod.iter_mut()) {
            codemod.check_file(&ctx, fixes);
        }
        let mut fixes = Vec::new();
        let mut notes = Vec::new();
        for f in per_codemod {
            fixes.extend(f.fixes);
            notes.extend(f.notes);
        }
        (fixes, notes)
    }
}

fn dedup(mut names: Vec<&str>) -> Vec<&str> {
    names.sort_unstable();
    names.dedup();
    names
}

fn touches_error(fix: &Fix, errors: &[(usize, usize, usize)]) -> bool {
    fix.splices.iter().any(|s| {
        errors.iter().any(|&(start, end, _)| {
            // Overlapping bytes, or an insertion strictly inside the region.
            s.start < end && s.end > start
        })
    })
}

/// `# pymig: skip`, `# pymig: skip=id,id` and `# pymig: skip-file` comments.
struct Pragmas {
    skip_file: bool,
    /// (1-based line, codemods it applies to; empty = all).
    lines: Vec<(usize, Vec<String>)>,
}

impl Pragmas {
    fn scan(text: &str) -> Pragmas {
        let mut pragmas = Pragmas {
            skip_file: false,
            lines: Vec::new(),
        };
        if !text.contains("pymig:") {
            return pragmas;
        }
        for (index, line) in text.lines().enumerate() {
            let Some(at) = line.find("pymig:") else {
                continue;
            };
            let Some(hash) = line[..at].rfind('#') else {
                continue;
            };
            if !line[hash + 1..at].trim().is_empty() {
                continue;
            }
            let directive = line[at + "pymig:".len()..].trim();
            let word: String = directive
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '#')
                .collect();
            if word == "skip-file" {
                // Only near the top: a header comment, not a stray line deep in the file.
                if index < 30 {
                    pragmas.skip_file = true;
                }
            } else if word == "skip" {
                pragmas.lines.push((index + 1, Vec::new()));
            } else if let Some(list) = word.strip_prefix("skip=") {
                let ids = list
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                pragmas.lines.push((index + 1, ids));
            }
        }
        pragmas
    }

    fn suppresses(&self, fix: &Fix, text: &str) -> bool {
        if self.lines.is_empty() {
            return false;
        }
        let line_of = |byte: usize| text[..byte.min(text.len())].matches('\n').count() + 1;
        // The lines the fix rewrites, from its own line on: an import it adds at the top
        // of the file does not put every line in between in its range.
        let from = fix.line;
        let to = fix
            .splices
            .iter()
            .map(|s| line_of(s.end))
            .filter(|&line| line >= from)
            .max()
            .unwrap_or(from);
        self.lines.iter().any(|(line, ids)| {
            (from..=to).contains(line) && (ids.is_empty() || ids.contains(&fix.codemod))
        })
    }
}
