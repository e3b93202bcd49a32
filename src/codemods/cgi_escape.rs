//! Replace `cgi.escape` with `html.escape` and `cgi.parse_qs` / `parse_qsl` with `urllib.parse` (`cgi.escape(s)` → `html.escape(s, quote=False)`).
//!
//! ## What it does
//! - `cgi.escape(s)` (or with a false `quote` flag) becomes `html.escape(s,
//!   quote=False)`: both replace `&`, `<` and `>` only;
//! - `cgi.escape(s, True)` (or `quote=True`) becomes `html.escape(s,
//!   quote=False).replace('"', '&quot;')`: `html.escape(s)` would also turn `'` into
//!   `&#x27;`, which `cgi.escape` left alone;
//! - `cgi.parse_qs` and `cgi.parse_qsl` become `urllib.parse.parse_qs` and
//!   `urllib.parse.parse_qsl` (Python 2's versions only called `urlparse`'s).
//!
//! This works through `import cgi`, aliases and `from cgi import escape` (the name moves
//! to `from html import escape`, its calls are rewritten). `import cgi` becomes `import
//! html` (and/or `import urllib.parse`) when nothing else of `cgi` is used; otherwise it
//! stays and the new modules are imported too. 2to3 has no fixer for this.
//!
//! ## Why
//! `cgi.parse_qs` and `cgi.parse_qsl` were removed in Python 3.2, `cgi.escape` in 3.8
//! (deprecated since 3.2); `html.escape` exists since 3.2.
//!
//! ## Example
//! ```python
//! import cgi
//! safe = cgi.escape(text)
//! attr = cgi.escape(value, True)
//! ```
//! becomes
//! ```python
//! import html
//! safe = html.escape(text, quote=False)
//! attr = html.escape(value, quote=False).replace('"', '&quot;')
//! ```
//!
//! ## Left alone (reported for review)
//! - `cgi.escape(s, flag)` where `flag` is not a literal: whether `"` is escaped is only
//!   known at run time (`html.escape(s, quote=flag)` would escape `'` as well);
//! - `cgi.escape` used other than in a call, or with `*args` / `**kwargs`; `from cgi
//!   import escape` where `__all__` lists `escape` (other modules would call
//!   `html.escape` the old way); uses where
//!   `html` (or `urllib`) is a local name; a module `cgi.py` next to the file.
//!
//! ## Fix safety
//! Safe: the output is the same text. Both functions take text; given bytes, both fail.

use tree_sitter::Node;

use crate::analysis::module_members::{self, OldModule, Plan};
use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::syntax::{self, KindName};

pub struct CgiEscape;

fn plan(member: &str) -> Plan {
    match member {
        "escape" => Plan::Call {
            module: "html",
            name: "escape",
            rewrite: escape,
        },
        "parse_qs" => Plan::Moved {
            module: "urllib.parse",
            name: "parse_qs",
        },
        "parse_qsl" => Plan::Moved {
            module: "urllib.parse",
            name: "parse_qsl",
        },
        _ => Plan::Stays,
    }
}

/// The truth of a literal flag (`True`, `0`, `None`, `''`), if it is one.
fn literal_truth(node: Node<'_>, text: &str) -> Option<bool> {
    let source = &text[node.byte_range()];
    match node.kind_name() {
        "true" => Some(true),
        "false" | "none" => Some(false),
        "integer" => {
            // `0`, `0x0`, `0L`: no digit other than zero after the base prefix.
            let lower = source.to_ascii_lowercase();
            let body = ["0x", "0o", "0b"]
                .iter()
                .find_map(|prefix| lower.strip_prefix(prefix))
                .unwrap_or(&lower);
            Some(
                body.chars()
                    .any(|c| c.is_ascii_alphanumeric() && c != '0' && c != 'l'),
            )
        }
        "string" => {
            // A plain literal without escapes: empty when only its quotes remain.
            let body = source.trim_start_matches(|c: char| c.is_ascii_alphabetic());
            let quote_len = if body.starts_with("'''") || body.starts_with("\"\"\"") {
                3
            } else {
                1
            };
            (!source.contains('\\')).then(|| body.len() > 2 * quote_len)
        }
        _ => None,
    }
}

/// `escape(s)` → `escape(s, quote=False)`; `escape(s, True)` → `escape(s,
/// quote=False).replace('"', '&quot;')`.
fn escape<'t>(call: Node<'t>, ctx: &Context<'t>) -> Result<Vec<Splice>, String> {
    let refuse = |why: &str| {
        format!("`cgi.escape` {why}: rewrite it by hand (`html.escape(s, quote=False)` escapes what `cgi.escape(s)` did; add `.replace('\"', '&quot;')` for `quote=True`)")
    };
    let Some((_, args)) =
        syntax::call_parts(call).filter(|(_, a)| a.kind_name() == "argument_list")
    else {
        return Err(refuse("is called with a generator"));
    };
    let arguments = syntax::arguments(args);
    if arguments
        .iter()
        .any(|a| matches!(a.kind_name(), "list_splat" | "dictionary_splat"))
    {
        return Err(refuse("is called with `*args` or `**kwargs`"));
    }
    let flag = match arguments.as_slice() {
        [s] if s.kind_name() != "keyword_argument" => None,
        [s, flag] if s.kind_name() != "keyword_argument" => {
            let value = if flag.kind_name() == "keyword_argument" {
                syntax::keyword_argument(args, ctx.text, "quote")
                    .ok_or_else(|| refuse("is called with an unknown keyword"))?
            } else {
                *flag
            };
            Some((*flag, value))
        }
        _ => {
            return Err(refuse(
                "is called with other arguments than `s` and `quote`",
            ))
        }
    };
    let Some((flag, value)) = flag else {
        return Ok(vec![module_members::append_argument(
            args,
            ctx.text,
            "quote=False",
        )]);
    };
    let truth = literal_truth(syntax::outermost_parens(value), ctx.text).ok_or_else(|| {
        refuse("is called with a `quote` flag that is not a literal, so whether `\"` is escaped is only known at run time")
    })?;
    let mut splices = vec![Splice::new(
        flag.start_byte(),
        flag.end_byte(),
        "quote=False",
    )];
    if truth {
        splices.push(Splice::new(
            call.end_byte(),
            call.end_byte(),
            ".replace('\"', '&quot;')",
        ));
    }
    Ok(splices)
}

impl Codemod for CgiEscape {
    fn id(&self) -> &str {
        "cgi-escape"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        file.has_code_name("cgi") && file.has_any_code_word(&["escape", "parse_qs", "parse_qsl"])
    }

    fn check_file(&self, ctx: &Context<'_>, fixes: &mut Fixes) {
        module_members::migrate(
            ctx,
            fixes,
            &OldModule {
                name: "cgi",
                removed: false,
                plan: &plan,
            },
        );
    }
}
