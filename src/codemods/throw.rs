//! Rewrite `gen.throw(E, V)` as `gen.throw(E(V))`.
//!
//! ## What it does
//! `g.throw(E, V)` → `g.throw(E(V))`; `g.throw(E, V, T)` →
//! `g.throw(E(V).with_traceback(T))`; a tuple value passes its items.
//!
//! ## Why
//! The multi-argument signature of `generator.throw()` is deprecated since Python 3.12,
//! and the value is not instantiated the Python 2 way.
//!
//! ## Example
//! ```python
//! gen.throw(ValueError, "stop")
//! ```
//! becomes
//! ```python
//! gen.throw(ValueError("stop"))
//! ```
//!
//! ## Left alone
//! One-argument calls, string exceptions, and calls with `*`/`**`/keyword arguments.
//!
//! ## Fix safety
//! Safe for generators. Any other object with a `throw(a, b)` method is rewritten too
//! (like 2to3).

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;
use crate::syntax::{self, level};

pub struct Throw;

impl Codemod for Throw {
    fn id(&self) -> &str {
        "throw"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Only `gen.throw(...)` method calls are rewritten.
        file.has_code_attribute("throw")
    }

    fn kinds(&self) -> &[&'static str] {
        &["call"]
    }

    fn visit<'t>(&self, call: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some((function, args)) = syntax::call_parts(call) else {
            return;
        };
        let is_throw = function
            .child_by_field_id(crate::field!("attribute").get())
            .is_some_and(|a| ctx.text(a) == "throw");
        if function.kind_name() != "attribute" || !is_throw {
            return;
        }
        let arguments = syntax::arguments(args);
        if !(2..=3).contains(&arguments.len())
            || arguments.iter().any(|a| {
                matches!(
                    a.kind_name(),
                    "list_splat" | "dictionary_splat" | "keyword_argument"
                )
            })
        {
            return;
        }
        if matches!(arguments[0].kind_name(), "string" | "concatenated_string") {
            fixes.review(call, "string exceptions do not exist in Python 3");
            return;
        }
        let exc = syntax::parenthesized_if_needed(arguments[0], ctx.text, level::PRIMARY);
        let value = arguments[1];
        let inner = match value.kind_name() {
            "tuple" | "parenthesized_expression" => {
                let t = ctx.text(value);
                t[1..t.len() - 1]
                    .trim_end()
                    .trim_end_matches(',')
                    .to_string()
            }
            _ => ctx.text(value).to_string(),
        };
        let mut new = format!("{exc}({inner})");
        if let Some(tb) = arguments.get(2) {
            new.push_str(&format!(".with_traceback({})", ctx.text(*tb)));
        }
        let (Some(first), Some(last)) = (arguments.first(), arguments.last()) else {
            return;
        };
        fixes.add(
            call,
            "`throw(E, V)` is Python 2 style",
            vec![crate::edit::Splice::new(
                first.start_byte(),
                last.end_byte(),
                new,
            )],
        );
    }
}
