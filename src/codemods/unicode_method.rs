//! Rename `__unicode__` methods to `__str__` (and a byte-returning `__str__` to `__bytes__`).
//!
//! ## What it does
//! - A class that defines `__unicode__` but no `__str__`: `__unicode__` → `__str__`.
//! - A class that defines both, where `__str__` returns bytes — every `return` in it
//!   returns an `.encode(...)` call, the Django idiom `return unicode(self).encode('utf-8')`:
//!   `__unicode__` → `__str__` and the old `__str__` → `__bytes__` (so `bytes(obj)` keeps
//!   working and the class never ends up with two `__str__`).
//! - References `x.__unicode__` (e.g. `self.__unicode__()` inside that `__bytes__`)
//!   become `x.__str__`.
//!
//! ## Why
//! Python 3 calls `__str__` for text and ignores `__unicode__`: without the rename,
//! `str(obj)` silently falls back to the byte-returning method or to `object.__str__`.
//! 2to3 does not do this.
//!
//! ## Example
//! ```python
//! class Tag(object):
//!     def __unicode__(self):
//!         return self.name
//!
//!     def __str__(self):
//!         return unicode(self).encode('utf-8')
//! ```
//! becomes
//! ```python
//! class Tag(object):
//!     def __str__(self):
//!         return self.name
//!
//!     def __bytes__(self):
//!         return unicode(self).encode('utf-8')
//! ```
//! (the `unicode` codemod then turns `unicode(self)` into `str(self)`).
//!
//! ## Left alone
//! Classes with both methods where `__str__` does not clearly return bytes, classes that
//! also define `__bytes__`, and `__unicode__`/`__str__` bound by assignment
//! (`__str__ = __unicode__`): all reported for review.
//!
//! ## Fix safety
//! Safe.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;

pub struct UnicodeMethod;

impl Codemod for UnicodeMethod {
    fn id(&self) -> &str {
        "unicode-method"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // A `def __unicode__`, a class-level `__unicode__ = ...` or an `x.__unicode__` use.
        file.has_code_word("__unicode__")
    }

    fn kinds(&self) -> &[&'static str] {
        &["class_definition", "attribute"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if node.kind_name() == "attribute" {
            if let Some(attr) = node.child_by_field_id(crate::field!("attribute").get()) {
                if ctx.text(attr) == "__unicode__" {
                    fixes.replace(attr, "__str__", "`__unicode__` is `__str__` in Python 3");
                }
            }
            return;
        }
        let Some(unicode_def) = ctx.semantics().members(node).method("__unicode__") else {
            if assigns(node, ctx, "__unicode__") {
                fixes.review(
                    node,
                    "`__unicode__` is assigned in the class body; rename it to `__str__` by hand",
                );
            }
            return;
        };
        let Some(unicode_name) = unicode_def.child_by_field_id(crate::field!("name").get()) else {
            return;
        };
        if assigns(node, ctx, "__str__") || assigns(node, ctx, "__unicode__") {
            fixes.review(
                node,
                "the class binds `__str__`/`__unicode__` by assignment; rename by hand",
            );
            return;
        }
        let reason = "Python 3 calls `__str__` for text, never `__unicode__`";
        let Some(str_def) = ctx.semantics().members(node).method("__str__") else {
            fixes.replace(unicode_name, "__str__", reason);
            return;
        };
        if ctx.semantics().members(node).binds("__bytes__") {
            fixes.review(
                node,
                "the class defines __unicode__, __str__ and __bytes__; merge them by hand",
            );
            return;
        }
        if !returns_bytes(str_def, ctx) {
            fixes.review(
                str_def,
                "the class defines __unicode__ and a __str__ that does not clearly return bytes; merge them by hand",
            );
            return;
        }
        let Some(str_name) = str_def.child_by_field_id(crate::field!("name").get()) else {
            return;
        };
        fixes.add(
            node,
            reason,
            vec![
                crate::edit::Splice::new(
                    unicode_name.start_byte(),
                    unicode_name.end_byte(),
                    "__str__",
                ),
                crate::edit::Splice::new(str_name.start_byte(), str_name.end_byte(), "__bytes__"),
            ],
        );
    }
}

/// The class body assigns `name` (`__str__ = __unicode__`).
fn assigns<'t>(class: Node<'t>, ctx: &Context<'t>, name: &str) -> bool {
    crate::semantics::classes::body_statements(class)
        .into_iter()
        .any(|stmt| {
            stmt.kind_name() == "expression_statement"
                && stmt.named_child(0).is_some_and(|a| {
                    a.kind_name() == "assignment"
                        && a.child_by_field_id(crate::field!("left").get())
                            .is_some_and(|l| ctx.text(l) == name)
                })
        })
}

/// Every `return` of the function returns an `.encode(...)` call (and there is one).
fn returns_bytes<'t>(def: Node<'t>, ctx: &Context<'t>) -> bool {
    let Some(body) = def.child_by_field_id(crate::field!("body").get()) else {
        return false;
    };
    let mut returns = Vec::new();
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        match n.kind_name() {
            "return_statement" => returns.push(n),
            "function_definition" | "class_definition" | "lambda" => continue,
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    !returns.is_empty()
        && returns.iter().all(|r| {
            r.named_child(0).is_some_and(|value| {
                value.kind_name() == "call"
                    && value
                        .child_by_field_id(crate::field!("function").get())
                        .and_then(|f| f.child_by_field_id(crate::field!("attribute").get()))
                        .is_some_and(|a| ctx.text(a) == "encode")
            })
        })
}
