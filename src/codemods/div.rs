//! Keep classes dividable (`__div__` → also `__truediv__`) and flag `/` that may floor.
//!
//! ## What it does
//! - A class defining `__div__`, `__idiv__` or `__rdiv__` without the Python 3 method gets
//!   an alias right after it: `__truediv__ = __div__` (resp. `__itruediv__`,
//!   `__rtruediv__`). The Python 2 name stays, so nothing calling it breaks.
//! - In modules without `from __future__ import division`, every `a / b` (and `a /= b`)
//!   whose operands are not visibly floats (a float literal or a `float(...)` call) is
//!   reported for review: Python 2 floored it when both were ints, Python 3 does not.
//!   Not even `7 / 2` is rewritten to `//`: the same text is correct Python 3 (true
//!   division on purpose) once the module is migrated — e.g. after the `future` codemod
//!   removed `from __future__ import division` — so an automatic rewrite could not be
//!   idempotent.
//!
//! ## Why
//! Python 3 calls `__truediv__` for `/` and never `__div__`; and `/` on ints became true
//! division. 2to3 changes neither.
//!
//! ## Example
//! ```python
//! class Money(object):
//!     def __div__(self, n):
//!         return Money(self.cents / n)
//! ```
//! becomes
//! ```python
//! class Money(object):
//!     def __div__(self, n):
//!         return Money(self.cents / n)
//!     __truediv__ = __div__
//! ```
//! (and `self.cents / n` is reported for review).
//!
//! ## Fix safety
//! Safe for the aliases; the review notes need a human: use `//` where flooring was
//! meant.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::semantics::text::line_indent;

pub struct Div;

const ALIASES: &[(&str, &str)] = &[
    ("__div__", "__truediv__"),
    ("__idiv__", "__itruediv__"),
    ("__rdiv__", "__rtruediv__"),
];

impl Codemod for Div {
    fn id(&self) -> &str {
        "div"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // A `/` or `/=` operator, or a `def __div__` (and friends) to alias.
        ALIASES.iter().any(|(old, _)| file.has_code_name(old)) || file.has_code_punctuation(b'/')
    }

    fn kinds(&self) -> &[&'static str] {
        &[
            "function_definition",
            "binary_operator",
            "augmented_assignment",
        ]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if node.kind_name() == "function_definition" {
            alias(node, ctx, fixes);
            return;
        }
        let Some(op) = node.child_by_field_id(crate::field!("operator").get()) else {
            return;
        };
        if !matches!(ctx.text(op), "/" | "/=") || ctx.imports().has_future("division") {
            return;
        }
        let (Some(left), Some(right)) = (
            node.child_by_field_id(crate::field!("left").get()),
            node.child_by_field_id(crate::field!("right").get()),
        ) else {
            return;
        };
        if is_float(left, ctx) || is_float(right, ctx) {
            return;
        }
        fixes.review(
            node,
            "`/` floored in Python 2 when both operands were ints; use `//` if that was meant",
        );
    }
}

fn is_float<'t>(node: Node<'t>, ctx: &Context<'t>) -> bool {
    match node.kind_name() {
        "float" => true,
        "unary_operator" => node
            .child_by_field_id(crate::field!("argument").get())
            .is_some_and(|a| is_float(a, ctx)),
        "parenthesized_expression" => node.named_child(0).is_some_and(|a| is_float(a, ctx)),
        "call" => node
            .child_by_field_id(crate::field!("function").get())
            .is_some_and(|f| ctx.text(f) == "float"),
        _ => false,
    }
}

fn alias<'t>(def: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let Some(name) = def.child_by_field_id(crate::field!("name").get()) else {
        return;
    };
    let Some((old, new)) = ALIASES.iter().find(|(old, _)| *old == ctx.text(name)) else {
        return;
    };
    let Some(class) = def
        .parent()
        .filter(|b| b.kind_name() == "block")
        .and_then(|b| b.parent())
        .filter(|c| c.kind_name() == "class_definition")
    else {
        return;
    };
    if ctx.semantics().members(class).binds(new) {
        return;
    }
    let indent = line_indent(ctx.text, def.start_byte());
    // After the method's last line (a trailing comment stays on its line).
    let at = crate::imports::line_end(ctx.text, def.end_byte());
    fixes.add(
        def,
        format!("Python 3 calls `{new}` for `/`, never `{old}`"),
        vec![Splice::new(at, at, format!("\n{indent}{new} = {old}"))],
    );
}
