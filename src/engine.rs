//! Runs codemods over one file: decode → parse → propose fixes → merge → apply → verify.
//!
//! The result is a [`FileReport`] (with a [`Change`] when the file would change). Nothing
//! here writes files: sinks (diff printer, writer, git batcher) consume the reports.

use crate::syntax::KindName;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use tree_sitter::{Node, Tree};

use crate::codemod::{Codemod, Context, Fixes, Options};
use crate::edit::{self, Fix, Note};
use crate::parse;
use crate::prefilter::FileText;
use crate::semantics::GuardedRegions;
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
    /// Size and modification time of the file when it was read (before reading), when
    /// it was read from disk: the writer compares them instead of re-reading the file.
    pub stamp: Option<FileStamp>,
}

/// What identifies one version of a file on disk without reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    pub len: u64,
    pub modified: std::time::SystemTime,
}

impl FileStamp {
    pub fn of(meta: &std::fs::Metadata) -> Option<FileStamp> {
        Some(FileStamp {
            len: meta.len(),
            modified: meta.modified().ok()?,
        })
    }
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
    /// The id of `string` when no codemod visits the pieces of a string literal
    /// (`string_content`, `escape_sequence`, ...): the walk then skips them (an eighth of
    /// all nodes), except in f-strings, whose fields hold expressions.
    opaque_string: Option<u16>,
    /// Node kind id → true for `identifier` (and its aliases).
    is_identifier: Vec<bool>,
    /// Codemods that visit identifiers with only some texts ([`Codemod::identifier_texts`]):
    /// text → codemod indexes. They are left out of `dispatch` for identifiers.
    by_identifier_text: std::collections::HashMap<&'static str, Vec<usize>>,
    /// Lengths of those texts (bit n: some text has n bytes; 63: longer): most
    /// identifiers are ruled out without hashing.
    identifier_text_lengths: u64,
    options: Options,
}

impl Engine {
    pub fn new(codemods: Vec<Arc<dyn Codemod>>, options: Options) -> Engine {
        let language = parse::language();
        let kind_count = language.node_kind_count();
        let mut dispatch = vec![Vec::new(); kind_count];
        let mut is_identifier = vec![false; kind_count];
        let mut by_identifier_text: std::collections::HashMap<&'static str, Vec<usize>> =
            std::collections::HashMap::new();
        let mut identifier_text_lengths = 0u64;
        let filter_identifiers = options.prefilter;
        if filter_identifiers {
            for (index, codemod) in codemods.iter().enumerate() {
                if !codemod.kinds().contains(&"identifier") {
                    continue;
                }
                for &text in codemod.identifier_texts().unwrap_or_default() {
                    by_identifier_text.entry(text).or_default().push(index);
                    identifier_text_lengths |= 1 << text.len().min(63);
                }
            }
        }
        for (id, slot) in dispatch.iter_mut().enumerate() {
            let Ok(id16) = u16::try_from(id) else { break };
            if !language.node_kind_is_named(id16) {
                continue;
            }
            let Some(name) = language.node_kind_for_id(id16) else {
                continue;
            };
            is_identifier[id] = name == "identifier";
            for (index, codemod) in codemods.iter().enumerate() {
                let filtered = name == "identifier"
                    && filter_identifiers
                    && codemod.identifier_texts().is_some();
                if codemod.kinds().contains(&name) && !filtered {
                    slot.push(index);
                }
            }
        }
        const STRING_PIECES: &[&str] = &[
            "string_start",
            "string_content",
            "string_end",
            "escape_sequence",
            "escape_interpolation",
            "interpolation",
            "format_specifier",
            "format_expression",
            "type_conversion",
        ];
        let pieces_visited = codemods
            .iter()
            .any(|c| c.kinds().iter().any(|k| STRING_PIECES.contains(k)));
        let opaque_string = (!pieces_visited).then(|| language.id_for_node_kind("string", true));
        Engine {
            codemods,
            dispatch,
            opaque_string,
            is_identifier,
            by_identifier_text,
            identifier_text_lengths,
            options,
        }
    }

    /// Do the codemods' first-use work (compiling a rule's queries, a few milliseconds
    /// each) on all of `pool`'s workers at once. Left to the first file that needs it,
    /// one worker compiled every rule while the other waited for the same rules.
    pub fn prepare(&self, pool: &rayon::ThreadPool) {
        use rayon::prelude::*;
        pool.install(|| self.codemods.par_iter().for_each(|c| c.prepare()));
    }

    pub fn codemods(&self) -> &[Arc<dyn Codemod>] {
        &self.codemods
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Read and process a file from disk.
    pub fn process_path(&self, path: &Path) -> FileReport {
        // Stat before reading: a write after the stat changes the stamp, so the writer
        // can tell the file changed since (at worst it refuses a file that did not).
        let read = || -> std::io::Result<(Option<FileStamp>, Vec<u8>)> {
            use std::io::Read;
            let mut file = std::fs::File::open(path)?;
            let meta = file.metadata()?;
            let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
            file.read_to_end(&mut bytes)?;
            Ok((FileStamp::of(&meta), bytes))
        };
        match read() {
            Ok((stamp, bytes)) => {
                let mut report = self.process_bytes(path, bytes);
                if let Some(change) = &mut report.change {
                    change.stamp = stamp;
                }
                report
            }
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
            stamp: None,
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
        let mut pragmas = Pragmas::scan(original);
        if pragmas.skip_file {
            return Ok(TextOutcome {
                text: original.to_string(),
                fixes: Vec::new(),
                notes: Vec::new(),
                skipped: Some("`# pymig: skip-file`".to_string()),
            });
        }
        // A file that no codemod could touch is not even parsed: on a large tree most files
        // lack every trigger word of a small codemod selection.
        let first_text = FileText::new(original, path, &self.options);
        let first_active = self.active(&first_text);
        if !first_active.contains(&true) {
            return Ok(TextOutcome {
                text: original.to_string(),
                fixes: Vec::new(),
                notes: Vec::new(),
                skipped: None,
            });
        }
        let mut text = original.to_string();
        let mut tree = parse::parse(&text).ok_or("the parser gave up on this file")?;
        let mut errors = parse::error_regions(&tree);
        let mut applied: Vec<Fix> = Vec::new();
        let mut notes: Vec<Note> = Vec::new();
        for &(_, _, line) in &errors {
            notes.push(Note {
                codemod: "parser".to_string(),
                line,
                message: "this region does not parse; it was left unchanged".to_string(),
                needs_review: true,
            });
        }
        // After the first pass, the regions where each codemod may still act: where its
        // fixes were deferred, and where a repair made code parse. Everything else was
        // settled by the first pass; running codemods there again would read text they
        // already migrated as Python 2 (a string whose `u` prefix went is not a byte
        // string, and must not have its `\u` escaped).
        let mut allowed: Option<Allowed> = None;
        for pass in 0..MAX_PASSES {
            // The text changes between passes: so may what codemods apply to it.
            let (mut fixes, pass_notes, guarded) = if pass == 0 {
                self.propose(path, &first_text, &first_active, &tree)
            } else {
                let file = FileText::new(&text, path, &self.options);
                self.propose(path, &file, &self.active(&file), &tree)
            };
            if pass == 0 {
                notes.extend(pass_notes);
            }
            fixes.retain(|f| {
                (self.repairs_errors(&f.codemod) || !touches_error(f, &errors))
                    && !pragmas.suppresses(f, &text)
                    && self.respects_guards(f, &guarded)
                    && allowed.as_ref().is_none_or(|a| a.permits(f))
            });
            let merged = edit::merge(fixes);
            if merged.accepted.is_empty() {
                break;
            }
            let (new_text, offsets) = edit::apply_mapped(&text, &merged.accepted);
            let repairing = merged
                .accepted
                .iter()
                .any(|f| self.repairs_errors(&f.codemod));
            let unguarding = merged.accepted.iter().any(|f| f.unguards);
            // The common case, checked by parsing only the edited statements: a file that
            // parsed cleanly, no repair, nothing left for another pass (which would need
            // the new tree). When that check is not sure, the whole file is re-parsed.
            if errors.is_empty()
                && !repairing
                && !unguarding
                && merged.deferred.is_empty()
                && crate::verify::edited_statements_parse(&tree, &text, &new_text, &offsets)
            {
                applied.extend(merged.accepted);
                text = new_text;
                break;
            }
            let new_tree = parse::reparse(&tree, &text, &new_text, &offsets)
                .ok_or("the parser gave up on the result")?;
            let new_errors = parse::error_regions(&new_tree);
            // A repair may reshape the regions it fixes: then only the count must not grow.
            let new_error = if repairing {
                (new_errors.len() > errors.len()).then(|| new_errors.first().map_or(0, |e| e.2))
            } else {
                first_new_error(&errors, &new_errors, &offsets)
            };
            if let Some(line) = new_error {
                let culprits: Vec<&str> =
                    merged.accepted.iter().map(|f| f.codemod.as_str()).collect();
                return Err(format!(
                    "the rewrite would not parse (near line {line}; codemods: {}); file left unchanged",
                    dedup(culprits).join(", ")
                ));
            }
            let repaired = new_errors.len() < errors.len();
            allowed = Some(Allowed::after(
                &merged.deferred,
                repaired.then_some(&errors),
                &merged.accepted,
                &offsets,
            ));
            applied.extend(merged.accepted);
            text = new_text;
            tree = new_tree;
            errors = new_errors;
            // Another pass when fixes were deferred, when a repair made more of the file
            // parse, or when a collapsed guard left code to migrate.
            if merged.deferred.is_empty() && !repaired && !unguarding {
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
            } else if pragmas.any() {
                // Lines may have moved (an added import): find the pragmas again.
                pragmas = Pragmas::scan(&text);
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

    /// For each codemod, whether it could change `file`: its own prefilter, unless
    /// prefilters are off.
    fn active(&self, file: &FileText<'_>) -> Vec<bool> {
        self.codemods
            .iter()
            .map(|c| !self.options.prefilter || c.applies_to(file))
            .collect()
    }

    /// A fix stays out of code only one Python runs (see [`Codemod::rewrites_syntax`] and
    /// [`Fix::edits_guards`]).
    fn respects_guards(&self, fix: &Fix, guarded: &GuardedRegions) -> bool {
        if guarded.py3_only.is_empty() && guarded.py2_only.is_empty() {
            return true;
        }
        if fix.edits_guards {
            return true;
        }
        let Some(codemod) = self.codemods.iter().find(|c| c.id() == fix.codemod) else {
            return true;
        };
        let touches = |regions: &[(usize, usize)]| {
            fix.splices
                .iter()
                .any(|s| GuardedRegions::overlaps(regions, s.start, s.end))
        };
        !touches(&guarded.py3_only) && (codemod.rewrites_syntax() || !touches(&guarded.py2_only))
    }

    fn repairs_errors(&self, codemod: &str) -> bool {
        self.codemods
            .iter()
            .any(|c| c.id() == codemod && c.repairs_errors())
    }

    /// Walk the tree once, dispatching nodes to codemods by kind, then run whole-file checks.
    /// Codemods whose [`Codemod::applies_to`] rules the file out are skipped, and so is the
    /// walk when none that visits nodes is left.
    fn propose(
        &self,
        path: &Path,
        file: &FileText<'_>,
        active: &[bool],
        tree: &Tree,
    ) -> (Vec<Fix>, Vec<Note>, GuardedRegions) {
        let text = file.text();
        if !active.contains(&true) {
            return (Vec::new(), Vec::new(), GuardedRegions::default());
        }
        let walk_needed = self
            .codemods
            .iter()
            .zip(active)
            .any(|(c, &on)| on && !c.kinds().is_empty());
        let ctx = Context::new(text, tree, path, &self.options);
        let mut per_codemod: Vec<Fixes> =
            self.codemods.iter().map(|c| Fixes::new(c.id())).collect();
        // Codemods that repair parse errors see every node, ERROR regions included.
        let repairing: Vec<bool> = self
            .codemods
            .iter()
            .zip(active)
            .map(|(c, &on)| on && c.repairs_errors())
            .collect();
        let any_repairing = repairing.contains(&true);
        let mut walk = crate::syntax::Preorder::new(tree.root_node());
        let root_id = tree.root_node().id();
        // Set while the walk is below a node containing a parse error that only repairing
        // codemods descend into: the depth of that node. Other codemods see nothing there,
        // whichever codemods are active.
        let mut uncertain_below: Option<u32> = None;
        loop {
            if !walk_needed {
                break;
            }
            let node: Node<'_> = walk.node();
            // Kept by the walk: asking the cursor walks its whole stack.
            let depth = walk.depth();
            if uncertain_below.is_some_and(|d| depth <= d) {
                uncertain_below = None;
            }
            // A node containing a parse error is not visited (its meaning is uncertain).
            // Nor is anything below it, unless it only groups statements (a block, a
            // function): then its clean statements are still visited.
            let clean = !node.has_error() || node.id() == root_id;
            let certain = clean && uncertain_below.is_none();
            let kind = node.kind_id() as usize;
            if let Some(indexes) = self.dispatch.get(kind) {
                for &i in indexes {
                    if active[i] && (certain || repairing[i]) {
                        self.codemods[i].visit(node, &ctx, &mut per_codemod[i]);
                    }
                }
            }
            if self.is_identifier.get(kind) == Some(&true) {
                let (start, end) = (node.start_byte(), node.end_byte());
                let length_known = self.identifier_text_lengths & (1 << (end - start).min(63)) != 0;
                let interested = length_known
                    .then(|| self.by_identifier_text.get(&text[start..end]))
                    .flatten();
                for &i in interested.into_iter().flatten() {
                    if active[i] && (certain || repairing[i]) {
                        self.codemods[i].visit(node, &ctx, &mut per_codemod[i]);
                    }
                }
            }
            if Some(node.kind_id()) == self.opaque_string && !is_f_string(text, node) {
                // Nothing below is visited (see `opaque_string`).
                if walk.skip_children() {
                    continue;
                }
                break;
            }
            let descend_for_all =
                clean || (!node.is_error() && groups_statements(node.kind_name()));
            if !descend_for_all && any_repairing && uncertain_below.is_none() {
                uncertain_below = Some(depth);
            }
            if (descend_for_all || any_repairing) && walk.descend(node) {
                continue;
            }
            if !walk.skip_children() {
                break;
            }
        }
        for (index, codemod) in self.codemods.iter().enumerate() {
            if active[index] {
                codemod.check_file(&ctx, &mut per_codemod[index]);
            }
        }
        let mut fixes = Vec::new();
        let mut notes = Vec::new();
        for f in per_codemod {
            fixes.extend(f.fixes);
            notes.extend(f.notes);
        }
        // A builtin a fix writes must be the builtin where it lands.
        fixes.retain(|fix| {
            let rebound = ctx.semantics().rebound_builtins(
                fix.splices
                    .iter()
                    .map(|s| (s.start, s.text.as_str(), &text[s.start..s.end])),
            );
            if rebound.is_empty() {
                return true;
            }
            notes.push(Note {
                codemod: fix.codemod.clone(),
                line: fix.line,
                message: format!(
                    "not rewritten: the rewrite needs the builtin `{}`, which is rebound here; rename the local name first",
                    rebound.join("`, `")
                ),
                needs_review: true,
            });
            false
        });
        // Only a file with fixes needs to know where its guards are.
        let guarded = if fixes.is_empty() {
            GuardedRegions::default()
        } else {
            ctx.semantics().guarded_regions().clone()
        };
        (fixes, notes, guarded)
    }
}

/// Where codemods may act in a pass after the first (see [`Engine::transform_code`]).
#[derive(Debug, Default)]
struct Allowed {
    /// Codemod → the ranges (in the new text) of its deferred fixes.
    by_codemod: std::collections::HashMap<String, Vec<(usize, usize)>>,
    /// Ranges any codemod may touch: regions that did not parse before a repair.
    everyone: Vec<(usize, usize)>,
}

impl Allowed {
    fn after(
        deferred: &[Fix],
        repaired: Option<&Vec<(usize, usize, usize)>>,
        accepted: &[Fix],
        offsets: &edit::OffsetMap,
    ) -> Allowed {
        let mut allowed = Allowed::default();
        for fix in deferred {
            let ranges = allowed.by_codemod.entry(fix.codemod.clone()).or_default();
            ranges.extend(
                fix.splices
                    .iter()
                    .map(|s| edit::map_range(offsets, s.start, s.end)),
            );
        }
        for &(start, end, _) in repaired.into_iter().flatten() {
            allowed.everyone.push(edit::map_range(offsets, start, end));
        }
        // What a collapsed guard kept is now unguarded code, not yet migrated.
        for fix in accepted.iter().filter(|f| f.unguards) {
            let start = fix.splices.iter().map(|s| s.start).min().unwrap_or(0);
            let end = fix.splices.iter().map(|s| s.end).max().unwrap_or(0);
            allowed.everyone.push(edit::map_range(offsets, start, end));
        }
        allowed
    }

    /// A fix may be applied when one of its splices touches a region it is allowed in.
    fn permits(&self, fix: &Fix) -> bool {
        let touches = |ranges: &[(usize, usize)]| {
            fix.splices.iter().any(|s| {
                ranges
                    .iter()
                    .any(|&(start, end)| s.start <= end && s.end >= start)
            })
        };
        touches(&self.everyone)
            || self
                .by_codemod
                .get(&fix.codemod)
                .is_some_and(|ranges| touches(ranges))
    }
}

/// An f-string (its prefix has an `f`): its `{...}` fields are expressions.
fn is_f_string(text: &str, node: Node<'_>) -> bool {
    let prefix = text.as_bytes()[node.start_byte()..]
        .iter()
        .take_while(|b| b.is_ascii_alphabetic());
    prefix.take(3).any(|&b| b == b'f' || b == b'F')
}

/// Kinds whose children are whole statements or clauses: a parse error in one child
/// does not make the others uncertain.
fn groups_statements(kind: &str) -> bool {
    matches!(
        kind,
        "module"
            | "block"
            | "function_definition"
            | "class_definition"
            | "decorated_definition"
            | "if_statement"
            | "elif_clause"
            | "else_clause"
            | "for_statement"
            | "while_statement"
            | "try_statement"
            | "except_clause"
            | "except_group_clause"
            | "finally_clause"
            | "with_statement"
            | "match_statement"
            | "case_clause"
    )
}

fn dedup(mut names: Vec<&str>) -> Vec<&str> {
    names.sort_unstable();
    names.dedup();
    names
}

/// A fix touches an error region when a splice overlaps it or inserts strictly inside it.
/// (`s.start < end && s.end > start` covers both: for an insertion, `start < s.start < end`.)
fn touches_error(fix: &Fix, errors: &[(usize, usize, usize)]) -> bool {
    fix.splices.iter().any(|s| {
        errors
            .iter()
            .any(|&(start, end, _)| s.start < end && s.end > start)
    })
}

/// The line of the first error region of the rewritten text that the input did not have:
/// one not inside an old region moved to its new place.
fn first_new_error(
    old: &[(usize, usize, usize)],
    new: &[(usize, usize, usize)],
    offsets: &edit::OffsetMap,
) -> Option<usize> {
    let moved: Vec<(usize, usize)> = old
        .iter()
        .map(|&(start, end, _)| {
            (
                edit::map_offset(offsets, start),
                edit::map_offset(offsets, end),
            )
        })
        .collect();
    new.iter()
        .find(|&&(start, end, _)| !moved.iter().any(|&(s, e)| s <= start && end <= e))
        .map(|&(_, _, line)| line)
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

    fn any(&self) -> bool {
        !self.lines.is_empty()
    }

    /// A `# pymig: skip` suppresses a fix when it is on a line from the fix's reported line
    /// (the start of the node it rewrites) to the line of its last edited byte.
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
