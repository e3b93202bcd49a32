//! Modernise Python 2 idioms: `type(x) == T`, `while 1:`, list-then-sort (opt-in).
//!
//! ## What it does
//! - `type(x) == T` / `type(x) is T` → `isinstance(x, T)`; `!=` / `is not` →
//!   `not isinstance(x, T)`.
//! - `while 1:` → `while True:`.
//! - `v = list(x)` (or any `v = expr`) directly followed by `v.sort()` →
//!   `v = sorted(x)` (the `list()` call is dropped: `sorted` makes a list).
//!
//! ## Why
//! Idiomatic Python 3. Opt-in, as in 2to3, because the first rewrite changes behaviour
//! for subclasses (`isinstance` accepts them, `type(x) == T` did not).
//!
//! ## Example
//! ```python
//! if type(value) == dict:
//!     keys = list(value)
//!     keys.sort()
//! ```
//! becomes
//! ```python
//! if isinstance(value, dict):
//!     keys = sorted(value)
//! ```
//!
//! ## Left alone
//! A `v.sort()` followed by another statement on its line (`v.sort(); use(v)`).
//!
//! ## Fix safety
//! Review (subclasses, see above).

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes, Safety};
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::syntax::{self, level};

pub struct Idioms;

impl Codemod for Idioms {
    fn id(&self) -> &str {
        "idioms"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // `type(x) == T` calls `type` by bare name, `while 1:` has its keyword, and
        // list-then-sort needs a `v.sort()` call.
        file.has_any_code_name(&["type", "while"]) || file.has_code_attribute("sort")
    }

    fn safety(&self) -> Safety {
        Safety::Review
    }

    fn kinds(&self) -> &[&'static str] {
        &[
            "comparison_operator",
            "while_statement",
            "expression_statement",
        ]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        match node.kind_name() {
            "comparison_operator" => type_comparison(node, ctx, fixes),
            "while_statement" => {
                if let Some(condition) = node.child_by_field_id(crate::field!("condition").get()) {
                    if condition.kind_name() == "integer" && ctx.text(condition) == "1" {
                        fixes.replace(condition, "True", "`while True:` says what it means");
                    }
                }
            }
            _ => sort_after_assignment(node, ctx, fixes),
        }
    }
}

fn type_comparison<'t>(node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
    let operators: Vec<&str> = children
        .iter()
        .filter(|c| !c.is_named())
        .map(|c| ctx.text(*c))
        .collect();
    let named: Vec<Node<'_>> = children.iter().copied().filter(|c| c.is_named()).collect();
    if named.len() != 2 {
        return;
    }
    let negated = match operators.as_slice() {
        ["=="] | ["is"] => false,
        ["!="] | ["is", "not"] | ["is not"] => true,
        _ => return,
    };
    let (left, right) = (named[0], named[1]);
    let (object, class) = match (type_call(left, ctx), type_call(right, ctx)) {
        (Some(o), None) => (o, right),
        (None, Some(o)) => (o, left),
        _ => return,
    };
    let class_text = syntax::parenthesized_if_needed(class, ctx.text, level::ARGUMENT + 1);
    let call = format!("isinstance({}, {class_text})", ctx.text(object));
    let new = if negated { format!("not {call}") } else { call };
    // `not isinstance(...)` binds more loosely than a comparison operand.
    let context_needs_parens = negated
        && node.parent().is_some_and(|p| {
            matches!(
                p.kind_name(),
                "comparison_operator" | "binary_operator" | "unary_operator" | "attribute"
            )
        });
    let new = if context_needs_parens {
        format!("({new})")
    } else {
        new
    };
    fixes.replace(node, new, "isinstance() is the idiomatic type test");
}

/// `v = expr` followed by `v.sort()` → `v = sorted(expr)`.
fn sort_after_assignment<'t>(stmt: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let Some(assign) = stmt
        .named_child(0)
        .filter(|a| a.kind_name() == "assignment")
    else {
        return;
    };
    let (Some(target), Some(value)) = (
        assign.child_by_field_id(crate::field!("left").get()),
        assign.child_by_field_id(crate::field!("right").get()),
    ) else {
        return;
    };
    if target.kind_name() != "identifier" {
        return;
    }
    // Comment lines between the two statements stay where they are.
    let mut before_next = stmt;
    let mut next = stmt.next_named_sibling();
    while let Some(comment) = next.filter(|n| n.kind_name() == "comment") {
        before_next = comment;
        next = comment.next_named_sibling();
    }
    let Some(next) = next else {
        return;
    };
    let expected = format!("{}.sort()", ctx.text(target));
    if next.kind_name() != "expression_statement" || ctx.text(next) != expected {
        return;
    }
    // Drop a redundant `list(...)` around the value.
    let inner = syntax::call_parts(value)
        .filter(|(f, a)| {
            ctx.text(*f) == "list"
                && syntax::arguments(*a).len() == 1
                && a.kind_name() == "argument_list"
        })
        .map(|(_, a)| syntax::arguments(a)[0]);
    let new_value = match inner {
        Some(arg) if arg.kind_name() != "list_splat" => format!("sorted({})", ctx.text(arg)),
        _ => format!("sorted({})", ctx.text(value)),
    };
    let between = &ctx.text[before_next.end_byte()..next.start_byte()];
    let after = &ctx.text[next.end_byte()..crate::imports::line_end(ctx.text, next.end_byte())];
    let after = after.trim_start_matches([' ', '\t']);
    let (start, end) = if !between.contains(['\n', '\r']) {
        // `v = expr; v.sort()` on one line: remove `; v.sort()`.
        (before_next.end_byte(), next.end_byte())
    } else if after.is_empty() || after.starts_with('#') {
        // Remove the `v.sort()` line (from the end of the line before it to its end).
        (
            crate::imports::line_end(ctx.text, before_next.end_byte()),
            crate::imports::line_end(ctx.text, next.end_byte()),
        )
    } else {
        // `v.sort(); other()`: removing the line would remove `other()` too.
        return;
    };
    fixes.add(
        stmt,
        "sorted() builds the sorted list in one step",
        vec![
            Splice::new(value.start_byte(), value.end_byte(), new_value),
            Splice::new(start, end, ""),
        ],
    );
}

/// The argument of a `type(x)` call.
fn type_call<'t>(node: Node<'t>, ctx: &Context<'t>) -> Option<Node<'t>> {
    let (function, args) = syntax::call_parts(node)?;
    let arguments = syntax::arguments(args);
    (ctx.text(function) == "type"
        && arguments.len() == 1
        && arguments[0].kind_name() != "list_splat")
        .then(|| arguments[0])
}
