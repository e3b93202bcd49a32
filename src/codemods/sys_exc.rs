//! Replace `sys.exc_type` / `sys.exc_value` / `sys.exc_traceback` with `sys.exc_info()`.
//!
//! ## What it does
//! `sys.exc_type` → `sys.exc_info()[0]`, `sys.exc_value` → `sys.exc_info()[1]`,
//! `sys.exc_traceback` → `sys.exc_info()[2]` (also through `import sys as s`).
//!
//! ## Why
//! The three module attributes were removed in Python 3 (they were not thread-safe).
//!
//! ## Example
//! ```python
//! log(sys.exc_type, sys.exc_value)
//! ```
//! becomes
//! ```python
//! log(sys.exc_info()[0], sys.exc_info()[1])
//! ```
//!
//! ## Left alone
//! Assignments to these attributes (reported for review).
//!
//! ## Fix safety
//! Safe.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;

pub struct SysExc;

impl Codemod for SysExc {
    fn id(&self) -> &str {
        "sys-exc"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // `sys.exc_type` & co.: the attribute, on a name bound by an import of `sys`.
        file.has_any_code_attribute(&["exc_type", "exc_value", "exc_traceback"])
            && file.has_code_word("sys")
    }

    fn kinds(&self) -> &[&'static str] {
        &["attribute"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some((object, attr)) = crate::syntax::attribute_parts(node) else {
            return;
        };
        let index = match ctx.text(attr) {
            "exc_type" => 0,
            "exc_value" => 1,
            "exc_traceback" => 2,
            _ => return,
        };
        if !ctx.imports().refers_to(object, ctx.text, &["sys"]) {
            return;
        }
        let assigned = node.parent().is_some_and(|p| {
            p.kind_name() == "assignment"
                && p.child_by_field_id(crate::field!("left").get())
                    .is_some_and(|l| l.id() == node.id())
        });
        if assigned {
            fixes.review(node, "sys.exc_* cannot be assigned in Python 3");
            return;
        }
        fixes.replace(
            attr,
            format!("exc_info()[{index}]"),
            format!("`sys.{}` was removed in Python 3", ctx.text(attr)),
        );
    }
}
