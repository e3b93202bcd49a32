//! Remove `from __future__ import` features that are always on in Python 3.
//!
//! ## What it does
//! Drops `nested_scopes`, `generators`, `division`, `with_statement`, `print_function`,
//! `unicode_literals` and `generator_stop` from `__future__` imports; a statement left
//! with no feature is removed with its line. Features that still mean something
//! (`annotations`, `barry_as_FLUFL`) are kept, and so is `absolute_import`: it is a
//! no-op in Python 3, but it records that the module's imports are absolute, and
//! without it a later `import` run would read `import unittest` next to a sibling
//! `unittest.py` as an implicit relative import.
//!
//! ## Why
//! These imports are no-ops in Python 3 (all are mandatory from 3.7 on). 2to3 removes every
//! `__future__` import; removing `annotations` would change behaviour, so we do not.
//!
//! ## Example
//! ```python
//! from __future__ import absolute_import, division
//! from __future__ import annotations, print_function
//! ```
//! becomes
//! ```python
//! from __future__ import absolute_import
//! from __future__ import annotations
//! ```
//!
//! ## Left alone
//! A `__future__` import sharing its line with another statement (`;`).
//!
//! ## Fix safety
//! Safe. The other codemods of the run read the original imports (e.g. `print` leaves
//! prints alone under `print_function`), so the order inside a run does not matter.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::imports::line_end;
use crate::prefilter::FileText;

pub struct Future;

const MANDATORY: &[&str] = &[
    "nested_scopes",
    "generators",
    "division",
    "with_statement",
    "print_function",
    "unicode_literals",
    "generator_stop",
];

impl Codemod for Future {
    fn id(&self) -> &str {
        "future"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Only `from __future__ import` statements naming an always-on feature change.
        file.has_code_name("__future__") && file.has_any_code_name(MANDATORY)
    }

    fn kinds(&self) -> &[&'static str] {
        &["future_import_statement"]
    }

    fn visit<'t>(&self, stmt: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let mut cursor = stmt.walk();
        let names: Vec<Node<'_>> = stmt
            .children_by_field_id(crate::field!("name"), &mut cursor)
            .collect();
        let feature = |n: Node<'_>| {
            let target = if n.kind_name() == "aliased_import" {
                n.child_by_field_id(crate::field!("name").get())
                    .unwrap_or(n)
            } else {
                n
            };
            ctx.text(target).to_string()
        };
        let keep: Vec<Node<'_>> = names
            .iter()
            .copied()
            .filter(|n| !MANDATORY.contains(&feature(*n).as_str()))
            .collect();
        if keep.len() == names.len() {
            return;
        }
        let text = ctx.text;
        if !keep.is_empty() {
            let (Some(first), Some(last)) = (names.first(), names.last()) else {
                return;
            };
            let kept: Vec<&str> = keep.iter().map(|n| ctx.text(*n)).collect();
            fixes.replace_range(first.start_byte(), last.end_byte(), stmt, kept.join(", "));
            return;
        }
        let line_start = text[..stmt.start_byte()]
            .rfind('\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        let end = line_end(text, stmt.end_byte());
        let before = &text[line_start..stmt.start_byte()];
        let after = text[stmt.end_byte()..end].trim_start();
        if !before.trim().is_empty() || !(after.is_empty() || after.starts_with('#')) {
            fixes.note(stmt, "left alone: the __future__ import shares its line");
            return;
        }
        let next = match &text.as_bytes()[end..] {
            [b'\r', b'\n', ..] => end + 2,
            [b'\r', ..] | [b'\n', ..] => end + 1,
            _ => end,
        };
        fixes.add(
            stmt,
            "__future__ features that are always on in Python 3",
            vec![Splice::new(line_start, next, "")],
        );
    }
}

trait ReplaceRange {
    fn replace_range(&mut self, start: usize, end: usize, at: Node<'_>, text: String);
}

impl ReplaceRange for Fixes {
    fn replace_range(&mut self, start: usize, end: usize, at: Node<'_>, text: String) {
        self.add(
            at,
            "__future__ features that are always on in Python 3",
            vec![Splice::new(start, end, text)],
        );
    }
}
