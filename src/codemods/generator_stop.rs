//! Turn `raise StopIteration` inside a generator into `return` (PEP 479, Python 3.7).
//!
//! ## What it does
//! In a generator function (one whose own body contains `yield`), `raise StopIteration`
//! and `raise StopIteration()` become `return`, and `raise StopIteration(value)` becomes
//! `return value`.
//!
//! ## Why
//! Python 2 generators commonly ended themselves with `raise StopIteration`. Since
//! Python 3.7 (PEP 479) a `StopIteration` escaping a generator is turned into
//! `RuntimeError: generator raised StopIteration`, so such generators crash instead of
//! finishing. `return` ends the generator the same way on every version. 2to3 predates
//! the change and leaves these alone.
//!
//! ## Example
//! ```python
//! def up_to(items, last):
//!     for item in items:
//!         yield item
//!         if item == last:
//!             raise StopIteration
//! ```
//! becomes
//! ```python
//! def up_to(items, last):
//!     for item in items:
//!         yield item
//!         if item == last:
//!             return
//! ```
//!
//! ## Left alone
//! - `raise StopIteration` outside generators (an iterator's `next()` / `__next__()`
//!   must keep raising it).
//! - A raise inside a `try` of the same generator whose handlers could catch it
//!   (`except StopIteration`, `except Exception`, a bare `except`): the handler would
//!   run in Python 2 but not after a `return`; reported for review.
//!
//! ## Fix safety
//! Safe: inside a generator, `return` is exactly what Python 2 did with the exception.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;

pub struct GeneratorStop;

impl Codemod for GeneratorStop {
    fn id(&self) -> &str {
        "generator-stop"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        file.has_code_word("StopIteration")
    }

    fn kinds(&self) -> &[&'static str] {
        &["raise_statement"]
    }

    fn visit<'t>(&self, raise: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let mut cursor = raise.walk();
        let raised: Vec<Node<'_>> = raise.named_children(&mut cursor).collect();
        let [exception] = raised.as_slice() else {
            return;
        };
        let value = match exception.kind_name() {
            "identifier" if ctx.text(*exception) == "StopIteration" => None,
            "call" => {
                let Some(function) = exception.child_by_field_id(crate::field!("function").get())
                else {
                    return;
                };
                if ctx.text(function) != "StopIteration" {
                    return;
                }
                let Some(args) = exception.child_by_field_id(crate::field!("arguments").get())
                else {
                    return;
                };
                let mut c = args.walk();
                let args: Vec<Node<'_>> = args
                    .named_children(&mut c)
                    .filter(|a| a.kind_name() != "comment")
                    .collect();
                match args.as_slice() {
                    [] => None,
                    [one]
                        if !matches!(
                            one.kind_name(),
                            "keyword_argument" | "list_splat" | "dictionary_splat"
                        ) =>
                    {
                        Some(ctx.text(*one))
                    }
                    _ => return,
                }
            }
            _ => return,
        };
        if !ctx
            .semantics()
            .lookup(raise, "StopIteration", crate::semantics::Major::Two)
            .is_builtin()
        {
            return;
        }
        let Some(function) = enclosing_generator(raise) else {
            return;
        };
        if let Some(handler) = catching_try(raise, function, ctx) {
            fixes.review(
                raise,
                format!(
                    "raise StopIteration in a generator, but `{handler}` around it could catch it; \
                     a plain `return` would skip that handler"
                ),
            );
            return;
        }
        let replacement = match value {
            Some(v) => format!("return {v}"),
            None => "return".to_string(),
        };
        fixes.replace(
            raise,
            replacement,
            "StopIteration raised in a generator is a RuntimeError since Python 3.7",
        );
    }
}

/// The function `node` is in, if it is a generator (its own body yields).
fn enclosing_generator(node: Node<'_>) -> Option<Node<'_>> {
    let mut current = node.parent()?;
    loop {
        match current.kind_name() {
            "function_definition" => break,
            "lambda" | "class_definition" => return None,
            _ => current = current.parent()?,
        }
    }
    let body = current.child_by_field_id(crate::field!("body").get())?;
    contains_own_yield(body).then_some(current)
}

fn contains_own_yield(node: Node<'_>) -> bool {
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        match child.kind_name() {
            "yield" => return true,
            "function_definition" | "lambda" | "class_definition" => {}
            _ => {
                if contains_own_yield(child) {
                    return true;
                }
            }
        }
    }
    false
}

/// The first handler (`except StopIteration`, `except Exception`, bare `except`) of a
/// `try` between `node` and `function` whose body holds `node`.
fn catching_try<'t, 'c>(node: Node<'t>, function: Node<'t>, ctx: &Context<'c>) -> Option<&'c str> {
    let mut child = node;
    let mut current = node.parent()?;
    while current.id() != function.id() {
        if current.kind_name() == "try_statement"
            && current
                .child_by_field_id(crate::field!("body").get())
                .is_some_and(|b| b.id() == child.id())
        {
            let mut cursor = current.walk();
            for clause in current.named_children(&mut cursor) {
                if clause.kind_name() != "except_clause" {
                    continue;
                }
                let header = ctx.text(clause).lines().next().unwrap_or("");
                let catches = header.trim_end().trim_end_matches(':').trim() == "except"
                    || ["StopIteration", "Exception", "BaseException"]
                        .iter()
                        .any(|name| header.contains(name));
                if catches {
                    return Some(header.trim().trim_end_matches(':'));
                }
            }
        }
        child = current;
        current = current.parent()?;
    }
    None
}
