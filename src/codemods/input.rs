//! Wrap Python 2 `input()` in `eval()` (opt-in).
//!
//! ## What it does
//! `input(prompt)` → `eval(input(prompt))`, which is what Python 2's `input()` did.
//!
//! ## Why
//! Python 2's `input()` evaluated what the user typed; Python 3's returns the string.
//!
//! This codemod is opt-in because it cannot be idempotent: Python 3 code calls
//! `input()` meaning "read a line", and running the codemod on it (or on its own output,
//! which still contains `input(...)`) would wrap it again. Almost all Python 2 code that
//! called `input()` really wanted `raw_input()` (the `raw-input` codemod turns those into
//! `input()`); evaluating user input is a security hole. Run it once, deliberately, on
//! code whose `input()` calls must keep evaluating — and prefer `ast.literal_eval`.
//!
//! ## Example
//! ```python
//! n = input("How many? ")
//! ```
//! becomes
//! ```python
//! n = eval(input("How many? "))
//! ```
//!
//! ## Left alone
//! `input()` calls already inside `eval(...)`, and modules that bind `input` themselves.
//!
//! ## Fix safety
//! Review.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes, Safety};
use crate::codemods::common;
use crate::prefilter::FileText;

pub struct Input;

impl Codemod for Input {
    fn id(&self) -> &str {
        "input"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Only a call of the builtin by its bare name is wrapped.
        file.has_code_name("input")
    }

    fn safety(&self) -> Safety {
        Safety::Review
    }

    fn kinds(&self) -> &[&'static str] {
        &["call"]
    }

    fn visit<'t>(&self, call: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some(function) = call.child_by_field_id(crate::field!("function").get()) else {
            return;
        };
        if ctx.text(function) != "input" || !common::is_builtin(function, ctx, "input") {
            return;
        }
        // Already `eval(input(...))`.
        let in_eval = call
            .parent()
            .and_then(|args| args.parent())
            .and_then(|c| c.child_by_field_id(crate::field!("function").get()))
            .is_some_and(|f| ctx.text(f) == "eval");
        if in_eval {
            return;
        }
        fixes.wrap(call, "eval(", ")", "Python 2's input() evaluated the input");
    }
}
