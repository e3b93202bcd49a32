//! Drop the universal-newlines mode `'U'` from `open()` modes (`'rU'` → `'r'`).
//!
//! ## What it does
//! In calls of the builtin `open` (and Python 2's `file`), `io.open` and `codecs.open`, a literal mode containing
//! `U` (positional second argument or `mode=`) loses the `U`; a mode left without
//! `r`/`w`/`a`/`x` becomes a read mode: `'rU'` → `'r'`, `'U'` → `'r'`, `'rbU'` → `'rb'`.
//! Quotes and string prefixes are kept.
//!
//! Version gate: `'U'` was deprecated in Python 3.3 (a no-op since 3.0: text mode always
//! translates newlines) and removed in 3.11; the fix applies when the target is 3.3 or
//! later (every supported target).
//!
//! ## Why
//! `open(p, 'rU')` raises `ValueError` on Python 3.11+.
//!
//! ## Example
//! ```python
//! with open(path, 'rU') as f:
//!     rows = list(csv.reader(f))
//! ```
//! becomes
//! ```python
//! with open(path, 'r') as f:
//!     rows = list(csv.reader(f))
//! ```
//!
//! ## Left alone
//! Modes that are not string literals, and `open` / `file` names that are rebound.
//!
//! ## Fix safety
//! Safe: Python 3's text mode already uses universal newlines. In binary mode (`'rbU'`)
//! Python 2 ignored `U` as well.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;
use crate::semantics::Meaning;
use crate::syntax;

pub struct OpenModeU;

fn node_text<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    &text[node.start_byte()..node.end_byte()]
}

/// True when `function` is the builtin `open`, `io.open` or `codecs.open`.
fn is_open<'t>(function: Node<'t>, ctx: &Context<'t>) -> bool {
    let imports = ctx.imports();
    if function.kind_name() == "identifier" && node_text(function, ctx.text) == "open" {
        return match ctx.semantics().resolve(function) {
            Meaning::Builtin => true,
            _ => imports.refers_to(function, ctx.text, &["io.open", "codecs.open"]),
        };
    }
    // Python 2's `file(p, 'rU')`, which `file-builtin` turns into `open` in the same pass.
    if function.kind_name() == "identifier" && node_text(function, ctx.text) == "file" {
        return ctx.semantics().resolve(function).is_builtin();
    }
    imports.refers_to(function, ctx.text, &["io.open", "codecs.open"])
}

/// The mode with `U` removed, or `None` when it has no `U`.
pub fn without_u(mode: &str) -> Option<String> {
    if !mode.contains('U') || !mode.chars().all(|c| "rwaxbtU+".contains(c)) {
        return None;
    }
    let mut new: String = mode.chars().filter(|&c| c != 'U').collect();
    if !new.contains(['r', 'w', 'a', 'x']) {
        new.insert(0, 'r');
    }
    Some(new)
}

impl Codemod for OpenModeU {
    fn id(&self) -> &str {
        "open-mode-u"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Mode `U` is only removed for 3.3+ targets; the call is `open(...)` (maybe via
        // `io.open`/`codecs.open`, aliases included: the word stays) or `file(...)`.
        file.options().target_version >= (3, 3)
            && (file.has_code_word("open") || file.has_code_name("file"))
    }

    fn kinds(&self) -> &[&'static str] {
        &["call"]
    }

    fn visit<'t>(&self, call: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if ctx.options.target_version < (3, 3) {
            return;
        }
        let Some((function, args)) = syntax::call_parts(call) else {
            return;
        };
        if args.kind_name() != "argument_list" || !node_text(args, ctx.text).contains('U') {
            return;
        }
        if !is_open(function, ctx) {
            return;
        }
        let arguments = syntax::arguments(args);
        let mode = syntax::keyword_argument(args, ctx.text, "mode").or_else(|| {
            arguments.get(1).copied().filter(|a| {
                a.kind_name() != "keyword_argument" && arguments[0].kind_name() != "list_splat"
            })
        });
        let Some(mode) = mode else { return };
        if mode.kind_name() != "string" {
            return;
        }
        let mut cursor = mode.walk();
        let parts: Vec<Node<'_>> = mode.named_children(&mut cursor).collect();
        let contents: Vec<&Node<'_>> = parts
            .iter()
            .filter(|p| p.kind_name() == "string_content")
            .collect();
        if parts.iter().any(|p| p.kind_name() == "interpolation") || contents.len() != 1 {
            return;
        }
        let content = *contents[0];
        let Some(new) = without_u(node_text(content, ctx.text)) else {
            return;
        };
        fixes.replace(
            content,
            new,
            "mode 'U' was removed in Python 3.11 (text mode always has universal newlines)",
        );
    }
}
