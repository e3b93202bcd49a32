//! Rename `__nonzero__` methods to `__bool__`.
//!
//! ## What it does
//! A method `def __nonzero__(self)` defined in a class body becomes `def __bool__(self)`;
//! a class-level alias `__nonzero__ = __len__` becomes `__bool__ = __len__`. Calls of
//! `x.__nonzero__()` become `x.__bool__()`.
//!
//! ## Why
//! Python 3 calls `__bool__` for truth testing and ignores `__nonzero__`: without the
//! rename, every instance is silently true.
//!
//! ## Example
//! ```python
//! class Empty(object):
//!     def __nonzero__(self):
//!         return False
//! ```
//! becomes
//! ```python
//! class Empty(object):
//!     def __bool__(self):
//!         return False
//! ```
//!
//! ## Left alone
//! Classes that already define `__bool__` (a 2/3-compatible class with both).
//!
//! ## Fix safety
//! Safe.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;

pub struct Nonzero;

impl Codemod for Nonzero {
    fn id(&self) -> &str {
        "nonzero"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // A `def __nonzero__`, a class-level `__nonzero__ = ...` or an `x.__nonzero__()` call.
        file.has_code_word("__nonzero__")
    }

    fn identifier_texts(&self) -> Option<&[&'static str]> {
        Some(&["__nonzero__"])
    }

    fn kinds(&self) -> &[&'static str] {
        &["identifier"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if ctx.text(node) != "__nonzero__" {
            return;
        }
        let Some(parent) = node.parent() else { return };
        let class = match parent.kind_name() {
            "function_definition" => in_class_body(parent),
            "assignment"
                if parent
                    .child_by_field_id(crate::field!("left").get())
                    .is_some_and(|l| l.id() == node.id()) =>
            {
                parent.parent().and_then(in_class_body)
            }
            "attribute" => {
                let called = parent.parent().is_some_and(|c| c.kind_name() == "call")
                    && parent
                        .child_by_field_id(crate::field!("attribute").get())
                        .is_some_and(|a| a.id() == node.id());
                if called {
                    fixes.replace(node, "__bool__", "`__nonzero__` is `__bool__` in Python 3");
                }
                return;
            }
            _ => None,
        };
        let Some(class) = class else { return };
        if ctx.semantics().members(class).binds("__bool__") {
            fixes.note(node, "left alone: the class also defines __bool__");
            return;
        }
        fixes.replace(node, "__bool__", "`__nonzero__` is `__bool__` in Python 3");
    }
}

fn in_class_body(stmt: Node<'_>) -> Option<Node<'_>> {
    stmt.parent()
        .and_then(|b| b.parent())
        .filter(|c| c.kind_name() == "class_definition")
}
