//! Replace `apply(f, args, kwargs)` with `f(*args, **kwargs)`.
//!
//! ## What it does
//! `apply(f, args)` → `f(*args)`; `apply(f, args, kwargs)` → `f(*args, **kwargs)`. A
//! callee that binds more loosely than a call is parenthesized.
//!
//! ## Why
//! The `apply` builtin was removed in Python 3.
//!
//! ## Example
//! ```python
//! result = apply(handler, (request,), options)
//! ```
//! becomes
//! ```python
//! result = handler(*(request,), **options)
//! ```
//!
//! ## Left alone
//! Calls with `*`/`**` arguments or keyword arguments, calls with a wrong number of
//! arguments, and modules that bind `apply` themselves.
//!
//! ## Fix safety
//! Safe.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::codemods::common;
use crate::prefilter::FileText;
use crate::syntax::{self, level};

pub struct Apply;

impl Codemod for Apply {
    fn id(&self) -> &str {
        "apply"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Only a call of the builtin by its bare name is rewritten.
        file.has_code_name("apply")
    }

    fn kinds(&self) -> &[&'static str] {
        &["call"]
    }

    fn visit<'t>(&self, call: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some((function, args)) = syntax::call_parts(call) else {
            return;
        };
        if ctx.text(function) != "apply" || !common::is_builtin(function, ctx, "apply") {
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
        let callee = syntax::parenthesized_if_needed(arguments[0], ctx.text, level::PRIMARY);
        let mut new = format!("{callee}(*{}", ctx.text(arguments[1]));
        if let Some(kwargs) = arguments.get(2) {
            new.push_str(&format!(", **{}", ctx.text(*kwargs)));
        }
        new.push(')');
        fixes.replace(call, new, "`apply()` was removed in Python 3");
    }
}
