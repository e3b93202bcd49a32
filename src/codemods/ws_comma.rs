//! Normalise whitespace around commas: `f(a ,b)` → `f(a, b)` (opt-in).
//!
//! ## What it does
//! Removes spaces and tabs before a comma and puts exactly one space after it when
//! another item follows on the same line, as 2to3's `ws_comma` does.
//!
//! ## Why
//! A style fix only (PEP 8); opt-in, like in 2to3.
//!
//! ## Example
//! ```python
//! point = (x ,y)
//! ```
//! becomes
//! ```python
//! point = (x, y)
//! ```
//!
//! ## Left alone
//! Commas followed by a line break, a comment or a closing bracket; commas inside
//! strings; whitespace before a comma that starts a line.
//!
//! ## Fix safety
//! Safe: whitespace only.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;

pub struct WsComma;

impl Codemod for WsComma {
    fn id(&self) -> &str {
        "ws-comma"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Commas are punctuation, not words: look at the raw text around each.
        has_spacing_to_fix(file.text())
    }

    fn kinds(&self) -> &[&'static str] {
        &[
            "argument_list",
            "parameters",
            "tuple",
            "list",
            "set",
            "dictionary",
            "expression_list",
            "pattern_list",
            "tuple_pattern",
            "list_pattern",
            "subscript",
            "import_from_statement",
            "lambda_parameters",
            "print_statement",
            "expression_statement",
        ]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let text = ctx.text;
        let mut cursor = node.walk();
        for comma in node.children(&mut cursor).filter(|c| c.kind_name() == ",") {
            let mut splices = Vec::new();
            let before_start = text[..comma.start_byte()]
                .trim_end_matches([' ', '\t'])
                .len();
            let line_start = text[..before_start].ends_with('\n') || before_start == 0;
            if before_start < comma.start_byte() && !line_start {
                splices.push(Splice::new(before_start, comma.start_byte(), ""));
            }
            let after = &text[comma.end_byte()..];
            let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
            let next = after[spaces..].chars().next();
            let closes = matches!(
                next,
                None | Some(')' | ']' | '}' | '\n' | '\r' | '#' | '\\')
            );
            if !closes && after[..spaces] != *" " {
                splices.push(Splice::new(
                    comma.end_byte(),
                    comma.end_byte() + spaces,
                    " ",
                ));
            }
            if !splices.is_empty() {
                fixes.add(comma, "whitespace around a comma", splices);
            }
        }
    }
}

/// True when some comma in `text` has a space or tab before it, or is followed by
/// anything but one space or a closing character: a superset of the commas `visit`
/// changes (those are tokens, these may also be in strings and comments).
fn has_spacing_to_fix(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices(',').any(|(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        if matches!(before, Some(b' ' | b'\t')) {
            return true;
        }
        match bytes.get(at + 1) {
            None | Some(b')' | b']' | b'}' | b'\n' | b'\r' | b'#' | b'\\') => false,
            Some(b' ') => matches!(bytes.get(at + 2), Some(b' ' | b'\t')),
            Some(_) => true,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::has_spacing_to_fix;

    #[test]
    fn prefilter_finds_the_commas() {
        for text in ["f(a,b)", "f(a ,b)", "f(a,  b)", "f(a,\tb)", "(x ,)"] {
            assert!(has_spacing_to_fix(text), "{text}");
        }
        for text in ["f(a, b)", "(x,)", "f(a,\n  b)", "[1, 2,]", "x = 1"] {
            assert!(!has_spacing_to_fix(text), "{text}");
        }
    }
}
