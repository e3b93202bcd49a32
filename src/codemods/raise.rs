//! Rewrite `raise E, V` as `raise E(V)` and `raise E, V, T` as `raise E(V).with_traceback(T)`.
//!
//! ## What it does
//! - `raise E, V` → `raise E(V)`; a tuple value passes its items: `raise E, (a, b)` →
//!   `raise E(a, b)`.
//! - `raise E, None` → `raise E` (Python 2 instantiates `E()`; 2to3 writes `E(None)`, which
//!   differs).
//! - `raise exc, None, tb` (re-raising a caught instance) → `raise exc.with_traceback(tb)`;
//!   when `exc` is a capitalised name (a class: `raise KeyError, None, tb`) it is
//!   instantiated: `raise KeyError().with_traceback(tb)`.
//! - `raise E, V, T` → `raise E(V).with_traceback(T)`.
//!
//! ## Why
//! The comma forms are syntax errors in Python 3.
//!
//! ## Example
//! ```python
//! raise ValueError, "bad value"
//! raise KeyError, key, tb
//! ```
//! becomes
//! ```python
//! raise ValueError("bad value")
//! raise KeyError(key).with_traceback(tb)
//! ```
//!
//! ## Left alone
//! - Python 3 forms (`raise E(V)`, `raise E from X`, bare `raise`).
//! - String exceptions (`raise "oops", x`): they never worked in Python 2.6+ either;
//!   reported for review.
//!
//! ## Fix safety
//! Safe for exception classes. When `E` is an exception *instance* (`raise err, None`
//! style) or `V` is already an instance of `E`, Python 2 raised `V` itself; the rewrite
//! calls it instead. Such code is rare and 2to3 behaves the same.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;
use crate::syntax::{self, level};

pub struct Raise;

impl Codemod for Raise {
    fn id(&self) -> &str {
        "raise"
    }

    fn rewrites_syntax(&self) -> bool {
        true
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Only `raise` statements with a comma in them are rewritten (or reported).
        file.any_after("raise", |tokens| {
            tokens.first_top_level_op(&[",", ";"]) == Some(",")
        })
    }

    fn kinds(&self) -> &[&'static str] {
        &["raise_statement"]
    }

    fn visit<'t>(&self, stmt: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some(list) = stmt
            .named_child(0)
            .filter(|n| n.kind_name() == "expression_list")
        else {
            return;
        };
        let mut cursor = list.walk();
        let parts: Vec<Node<'_>> = list
            .named_children(&mut cursor)
            .filter(|n| n.kind_name() != "comment")
            .collect();
        if parts.len() < 2 || parts.len() > 3 {
            return;
        }
        let exception = parts[0];
        if exception.kind_name() == "string" || exception.kind_name() == "concatenated_string" {
            fixes.review(stmt, "string exceptions do not exist in Python 3");
            return;
        }
        if exception.kind_name() == "tuple" {
            fixes.review(
                stmt,
                "raising a tuple raises its first item in Python 2; rewrite by hand",
            );
            return;
        }
        let exc = syntax::parenthesized_if_needed(exception, ctx.text, level::PRIMARY);
        let value = parts[1];
        let args = match value.kind_name() {
            "none" => None,
            "tuple" => {
                let inner = &ctx.text[value.start_byte() + 1..value.end_byte() - 1];
                Some(inner.trim_end().trim_end_matches(',').to_string())
            }
            "parenthesized_expression" => {
                Some(ctx.text(value)[1..ctx.text(value).len() - 1].to_string())
            }
            _ => Some(ctx.text(value).to_string()),
        };
        let mut new = match (&args, parts.len()) {
            (None, 2) => exc,
            // `raise exc_info[1], None, tb` re-raises an instance: call nothing. A
            // capitalised name (`raise ValueError, None, tb`) is a class: instantiate it.
            (None, _) if looks_like_class(exception, ctx) => format!("{exc}()"),
            (None, _) => exc,
            (Some(a), _) => format!("{exc}({a})"),
        };
        if let Some(tb) = parts.get(2) {
            new.push_str(&format!(".with_traceback({})", ctx.text(*tb)));
        }
        fixes.replace(list, new, "`raise E, V` is Python 2 only");
    }
}

/// `ValueError`, `errors.ParseError`: a capitalised last name reads as a class.
fn looks_like_class<'t>(node: Node<'t>, ctx: &Context<'t>) -> bool {
    let last = match node.kind_name() {
        "identifier" => Some(node),
        "attribute" => node.child_by_field_id(crate::field!("attribute").get()),
        _ => None,
    };
    last.is_some_and(|n| ctx.text(n).starts_with(|c: char| c.is_ascii_uppercase()))
}
