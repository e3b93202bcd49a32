//! Replace `execfile(path)` with `exec(compile(open(path, "rb").read(), path, 'exec'))`.
//!
//! ## What it does
//! `execfile(fn)` → `exec(compile(open(fn, "rb").read(), fn, 'exec'))`; globals and
//! locals arguments are passed on to `exec`, as in 2to3.
//!
//! ## Why
//! The `execfile` builtin was removed in Python 3.
//!
//! ## Example
//! ```python
//! execfile(settings_path, namespace)
//! ```
//! becomes
//! ```python
//! exec(compile(open(settings_path, "rb").read(), settings_path, 'exec'), namespace)
//! ```
//!
//! ## Left alone
//! Calls with `*`/`**` or keyword arguments, and modules that bind `execfile` themselves.
//!
//! ## Fix safety
//! Review when the path is not a plain name or attribute: it is evaluated twice.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::codemods::common;
use crate::prefilter::FileText;
use crate::syntax;

pub struct Execfile;

impl Codemod for Execfile {
    fn id(&self) -> &str {
        "execfile"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Only a call of the builtin by its bare name is rewritten.
        file.has_code_name("execfile")
    }

    fn kinds(&self) -> &[&'static str] {
        &["call"]
    }

    fn visit<'t>(&self, call: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some((function, args)) = syntax::call_parts(call) else {
            return;
        };
        if ctx.text(function) != "execfile" || !common::is_builtin(function, ctx, "execfile") {
            return;
        }
        let arguments = syntax::arguments(args);
        if !(1..=3).contains(&arguments.len())
            || arguments.iter().any(|a| {
                matches!(
                    a.kind_name(),
                    "list_splat" | "dictionary_splat" | "keyword_argument"
                )
            })
        {
            return;
        }
        let path = ctx.text(arguments[0]);
        if !matches!(
            arguments[0].kind_name(),
            "identifier" | "attribute" | "string"
        ) {
            fixes.review(
                call,
                "the path expression is evaluated twice by the rewrite",
            );
        }
        let mut new = format!("exec(compile(open({path}, \"rb\").read(), {path}, 'exec')");
        for extra in &arguments[1..] {
            new.push_str(&format!(", {}", ctx.text(*extra)));
        }
        new.push(')');
        fixes.replace(call, new, "`execfile()` was removed in Python 3");
    }
}
