//! Keep `e.message` of a caught exception: Python 3 exceptions have no `message`.
//!
//! ## What it does
//! Where `e` is the exception an `except ... as e` (or `except E, e`) clause caught, a
//! read of `e.message` becomes
//! `getattr(e, 'message', e.args[0] if len(e.args) == 1 else '')`: an exception class
//! that sets its own `message` (many do) keeps it, and any other exception gives what
//! Python 2's `BaseException.message` gave — the single argument, or `''`.
//!
//! ## Why
//! Python 2.6 deprecated `BaseException.message` and Python 3 removed it: `e.message`
//! raises `AttributeError`, typically inside an error handler, where it hides the
//! original error. 2to3 leaves it.
//!
//! ## Example
//! ```python
//! try:
//!     parse(text)
//! except ValueError as e:
//!     log(e.message)
//! ```
//! becomes
//! ```python
//! try:
//!     parse(text)
//! except ValueError as e:
//!     log(getattr(e, 'message', e.args[0] if len(e.args) == 1 else ''))
//! ```
//!
//! ## Left alone
//! Assignments to `e.message`; exceptions caught as classes of this file that set
//! `self.message` or define `message` (the attribute is theirs); `message` of anything
//! not bound by an `except` clause.
//!
//! ## Fix safety
//! Safe: the value Python 2 gave, on Python 2 and 3.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;
use crate::semantics::references;
use crate::semantics::scopes::BindingKind;
use crate::semantics::Meaning;
use crate::syntax::{self, KindName};

pub struct ExceptionMessage;

impl Codemod for ExceptionMessage {
    fn id(&self) -> &str {
        "exception-message"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        file.has_code_attribute("message") && file.has_code_word("except")
    }

    fn kinds(&self) -> &[&'static str] {
        &["attribute"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some((object, attr)) = syntax::attribute_parts(node) else {
            return;
        };
        if ctx.text(attr) != "message" || object.kind_name() != "identifier" {
            return;
        }
        // A write (`e.message = ...`) or a `del` keeps the attribute.
        if is_written(node) || ctx.runs_on(node).py3_only() {
            return;
        }
        let Meaning::Bound { bindings, .. } = ctx.semantics().resolve(object) else {
            return;
        };
        if bindings.is_empty() || !bindings.iter().all(|b| b.kind == BindingKind::Except) {
            return;
        }
        // The clause around the use is the one that bound `e` here (a function often
        // has several `except ... as e`).
        let enclosing = bindings.iter().find(|b| {
            b.statement.start_byte() <= node.start_byte()
                && node.end_byte() <= b.statement.end_byte()
        });
        let clauses: Vec<Node<'t>> = match enclosing {
            Some(b) => vec![b.statement],
            None => bindings.iter().map(|b| b.statement).collect(),
        };
        if clauses
            .iter()
            .any(|c| catches_own_class_with_message(*c, ctx))
        {
            return;
        }
        let e = ctx.text(object);
        fixes.replace(
            node,
            format!("getattr({e}, 'message', {e}.args[0] if len({e}.args) == 1 else '')"),
            "Python 3 exceptions have no `message`; this is what Python 2 gave",
        );
    }
}

fn is_written(attribute: Node<'_>) -> bool {
    attribute.parent().is_some_and(|p| {
        (matches!(p.kind_name(), "assignment" | "augmented_assignment")
            && p.child_by_field_id(crate::field!("left").get())
                .is_some_and(|l| l.id() == attribute.id()))
            || p.kind_name() == "delete_statement"
    }) || (references::is_store(attribute))
}

/// The `except` clause catches a class of this file that has a `message` of its own
/// (a class attribute, or `self.message = ...` in a method).
fn catches_own_class_with_message<'t>(clause: Node<'t>, ctx: &Context<'t>) -> bool {
    let mut cursor = clause.walk();
    let values: Vec<Node<'t>> = clause
        .children_by_field_id(crate::field!("value"), &mut cursor)
        .collect();
    let Some(&first) = values.first() else {
        return false;
    };
    let caught = if first.kind_name() == "as_pattern" {
        first.named_child(0).unwrap_or(first)
    } else {
        first
    };
    let mut classes = Vec::new();
    let mut stack = vec![caught];
    while let Some(n) = stack.pop() {
        match n.kind_name() {
            "tuple" | "parenthesized_expression" => {
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c));
            }
            "identifier" => classes.push(n),
            _ => {}
        }
    }
    classes.into_iter().any(|name| {
        let Meaning::Bound { bindings, .. } = ctx.semantics().resolve(name) else {
            return false;
        };
        bindings.iter().any(|b| {
            b.kind == BindingKind::Class && {
                let class = match b.statement.kind_name() {
                    "decorated_definition" => b
                        .statement
                        .child_by_field_id(crate::field!("definition").get())
                        .unwrap_or(b.statement),
                    _ => b.statement,
                };
                let text = ctx.text(class);
                ctx.semantics().members(class).binds("message")
                    || text.contains("self.message =")
                    || text.contains("self.message=")
            }
        })
    })
}
