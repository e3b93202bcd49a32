//! Replace `unicode`/`unichr` with `str`/`chr` and drop the `u` string prefix.
//!
//! ## What it does
//! - References to the builtins `unicode` and `unichr` become `str` and `chr`, including
//!   bare references (`text_type = unicode`).
//! - `u'...'` → `'...'` and `ur'...'` → `r'...'` (`ur` is a syntax error in Python 3).
//! - In a Python 2 raw unicode string, `\uXXXX` was still an escape: `ur'\u00e9'` is `é`.
//!   Such strings become non-raw strings with the other backslashes doubled
//!   (`ur'\d\u00e9'` → `'\\d\u00e9'`). 2to3 writes `r'\u00e9'`, which changes the value.
//! - Without `from __future__ import unicode_literals`, an unprefixed literal was a byte
//!   string in which `\u`, `\U` and `\N` were not escapes: they get a second backslash
//!   (`'\u'` → `'\\u'`), as 2to3 does — but only in modules that also contain
//!   `u''` literals (proof that unprefixed literals are byte strings there). Without that
//!   evidence `'\u00e9'` may be Python 3 code already, and is left alone.
//!
//! ## Why
//! Python 3's `str` is Python 2's `unicode`.
//!
//! ## Example
//! ```python
//! name = unicode(value)
//! label = u"Größe"
//! ```
//! becomes
//! ```python
//! name = str(value)
//! label = "Größe"
//! ```
//!
//! ## Left alone
//! Attributes (`x.unicode`), keyword names, modules or functions binding those names, and
//! `b''` literals. `__unicode__` methods are handled by `unicode-method`.
//!
//! ## Fix safety
//! Safe for text. Code that relied on `str` being bytes in Python 2 is not changed here.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::codemods::common;
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::syntax::{self, Visit};

pub struct Unicode;

impl Codemod for Unicode {
    fn id(&self) -> &str {
        "unicode"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // The builtins by bare name; a `u`/`ur` prefix, which the index sees as a word
        // (`u'x'`); an unprefixed literal is only changed for a `\u`, `\U` or `\N` in it
        // (and only next to a `u`-prefixed one, whatever odd prefix the parser took).
        file.has_any_code_name(&["unicode", "unichr"])
            || file.has_any_code_word(&["u", "U", "ur", "uR", "Ur", "UR"])
            || has_unicode_escape(file.text())
    }

    fn identifier_texts(&self) -> Option<&[&'static str]> {
        Some(&["unicode", "unichr"])
    }

    fn kinds(&self) -> &[&'static str] {
        &["identifier", "string"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if node.kind_name() == "identifier" {
            match ctx.text(node) {
                "unicode" => {
                    common::rename_builtin(node, ctx, fixes, "unicode", "str");
                }
                "unichr" => {
                    common::rename_builtin(node, ctx, fixes, "unichr", "chr");
                }
                _ => {}
            }
            return;
        }
        string(node, ctx, fixes);
    }
}

fn string<'t>(node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let Some(start) = node.child(0).filter(|c| c.kind_name() == "string_start") else {
        return;
    };
    let opener = ctx.text(start);
    let prefix_len = opener.len()
        - opener
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .len();
    let prefix = opener[..prefix_len].to_ascii_lowercase();
    let quote_len = opener.len() - prefix_len;
    let body_start = start.end_byte();
    let body_end = node.end_byte().saturating_sub(quote_len);
    if body_end < body_start {
        return;
    }
    let body = &ctx.text[body_start..body_end];
    match prefix.as_str() {
        "u" => fixes.add(
            node,
            "the u prefix is redundant in Python 3",
            vec![Splice::new(start.start_byte(), start.start_byte() + 1, "")],
        ),
        "ur" => {
            if !has_escape(body, true) {
                fixes.add(
                    node,
                    "`ur''` is a syntax error in Python 3",
                    vec![Splice::new(start.start_byte(), start.start_byte() + 1, "")],
                );
                return;
            }
            let quote = &opener[prefix_len..];
            if body.contains('\n') || body.contains(&quote[..1]) {
                fixes.review(node, "raw unicode string with \\u escapes; rewrite by hand");
                return;
            }
            let new_body = unraw(body);
            fixes.add(
                node,
                "Python 2 processed \\u escapes in `ur''` strings",
                vec![
                    Splice::new(start.start_byte(), start.start_byte() + 2, ""),
                    Splice::new(body_start, body_end, new_body),
                ],
            );
        }
        "" if has_escape(body, false)
            && !ctx.imports().has_future("unicode_literals")
            && has_unicode_prefix(ctx) =>
        {
            let splices = escape_positions(body, false)
                .into_iter()
                .map(|at| Splice::new(body_start + at, body_start + at, "\\"))
                .collect();
            fixes.add(
                node,
                "`\\u` was not an escape in a Python 2 byte string",
                splices,
            );
        }
        _ => {}
    }
}

/// True when the module spells unicode literals with a `u` prefix in its unguarded code,
/// i.e. its unprefixed literals are byte strings. (Without that evidence, an unprefixed
/// `'\u00e9'` is taken as Python 3 code, which also keeps this codemod idempotent; `u''`
/// in a branch only one Python runs is no evidence: it is left there as it is.)
fn has_unicode_prefix<'t>(ctx: &Context<'t>) -> bool {
    let regions = ctx.semantics().guarded_regions();
    let guarded = |start: usize, end: usize| {
        crate::semantics::GuardedRegions::overlaps(&regions.py3_only, start, end)
            || crate::semantics::GuardedRegions::overlaps(&regions.py2_only, start, end)
    };
    let finished = syntax::preorder(ctx.root(), |node| {
        if node.kind_name() == "string_start"
            && ctx.text(node).starts_with(['u', 'U'])
            && !guarded(node.start_byte(), node.end_byte())
        {
            Visit::Stop
        } else {
            Visit::Descend
        }
    });
    !finished
}

/// A backslash before `u`, `U` or `N` somewhere in `text` (one pass).
fn has_unicode_escape(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices('\\')
        .any(|(at, _)| matches!(bytes.get(at + 1), Some(b'u' | b'U' | b'N')))
}

/// Positions of backslashes that start a `\u`/`\U` (and, in byte strings, `\N`) escape.
fn escape_positions(body: &str, raw_unicode: bool) -> Vec<usize> {
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            let run_start = i;
            while i < bytes.len() && bytes[i] == b'\\' {
                i += 1;
            }
            let run = i - run_start;
            let next = bytes.get(i).copied();
            let escapes: &[u8] = if raw_unicode { b"uU" } else { b"uUN" };
            if run % 2 == 1 && next.is_some_and(|c| escapes.contains(&c)) {
                out.push(i - 1);
            }
        } else {
            i += 1;
        }
    }
    out
}

fn has_escape(body: &str, raw_unicode: bool) -> bool {
    body.contains('\\') && !escape_positions(body, raw_unicode).is_empty()
}

/// The body of a raw unicode string as a non-raw string: backslashes doubled, except the
/// one starting each `\u`/`\U` escape.
fn unraw(body: &str) -> String {
    let keep = escape_positions(body, true);
    let mut out = String::with_capacity(body.len() + 8);
    for (i, ch) in body.char_indices() {
        if ch == '\\' && !keep.contains(&i) {
            out.push_str("\\\\");
        } else {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_unicode_keeps_u_escapes_only() {
        assert_eq!(unraw(r"\d+\u00e9"), r"\\d+\u00e9");
        assert_eq!(unraw(r"\\u00e9"), r"\\\\u00e9");
        assert_eq!(escape_positions(r"a\u1 \\u2 \\\u3", false), vec![1, 12]);
    }

    #[test]
    fn prefilter_escapes() {
        assert!(has_unicode_escape(r"s = '\u00e9'") && has_unicode_escape(r"'\N{DASH}'"));
        assert!(!has_unicode_escape(r"s = '\n\t'") && !has_unicode_escape("u = 1"));
    }
}
