//! Make invalid escape sequences explicit: `'\d'` → `r'\d'` or `'\\d'` (target 3.12+).
//!
//! ## What it does
//! In a string literal, a backslash followed by a character that starts no escape
//! sequence (`\d`, `\.`, `\w`, and in bytes literals also `\N`, `\u`, `\U`) stands for
//! itself. With a target of Python 3.12 or later:
//! - a literal whose backslashes all stand for themselves gets an `r` prefix
//!   (`'\d+\.\d+'` → `r'\d+\.\d+'`), as ruff's W605 fix does;
//! - otherwise each such backslash is doubled (`'\t\d'` → `'\t\\d'`).
//!
//! The value of the literal is the same byte for byte.
//!
//! ## Why
//! Python 3.12 reports invalid escape sequences with a `SyntaxWarning` at compile time
//! (a `DeprecationWarning` since 3.6), and a future version will make them errors. After
//! the rest of the migration, Django 1.3.7 still has about a hundred of them, mostly in
//! regular expressions.
//!
//! ## Example
//! ```python
//! version = re.compile('(\d+)\.(\d+)')
//! ```
//! becomes
//! ```python
//! version = re.compile(r'(\d+)\.(\d+)')
//! ```
//!
//! ## Left alone
//! Raw strings and f-strings; every literal when the target is older than 3.12 (a
//! silent `DeprecationWarning` there; `--target-version 3.12` asks for the rewrite).
//!
//! ## Fix safety
//! Safe: the same value, spelled without relying on an invalid escape.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::syntax::KindName;

pub struct InvalidEscape;

impl Codemod for InvalidEscape {
    fn id(&self) -> &str {
        "invalid-escape"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        file.options().target_version >= (3, 12) && file.text().contains('\\')
    }

    fn kinds(&self) -> &[&'static str] {
        &["string"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if ctx.options.target_version < (3, 12) {
            return;
        }
        let Some(start) = node.child(0).filter(|c| c.kind_name() == "string_start") else {
            return;
        };
        let opener = ctx.text(start);
        let prefix: String = opener
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if prefix.contains('r') || prefix.contains('f') {
            return;
        }
        let bytes = prefix.contains('b');
        let body_start = start.end_byte();
        let body_end = node.end_byte().saturating_sub(opener.len() - prefix.len());
        if body_end <= body_start {
            return;
        }
        let body = &ctx.text[body_start..body_end];
        let scan = scan(body, bytes);
        if scan.invalid.is_empty() {
            return;
        }
        let reason = "an invalid escape sequence is a SyntaxWarning from Python 3.12";
        // Raw only when every backslash stands for itself, and the prefix allows `r`
        // (`ur''` is not Python 3; a raw string cannot end with an odd backslash).
        let raw_ok = !scan.any_valid && !prefix.contains('u') && !body.ends_with('\\');
        if raw_ok {
            fixes.add(
                node,
                reason,
                vec![Splice::new(start.start_byte(), start.start_byte(), "r")],
            );
        } else {
            let splices = scan
                .invalid
                .iter()
                .map(|&at| Splice::new(body_start + at, body_start + at, "\\"))
                .collect();
            fixes.add(node, reason, splices);
        }
    }
}

/// The escapes of a literal body.
struct Scan {
    /// Offsets of backslashes that start no escape sequence.
    invalid: Vec<usize>,
    /// Some backslash starts a real escape (`\n`, `\\`, `\x41`, a line continuation).
    any_valid: bool,
}

fn scan(body: &str, bytes: bool) -> Scan {
    let b = body.as_bytes();
    let mut invalid = Vec::new();
    let mut any_valid = false;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        let Some(&next) = b.get(i + 1) else {
            break;
        };
        let valid = match next {
            b'\n'
            | b'\r'
            | b'\\'
            | b'\''
            | b'"'
            | b'a'
            | b'b'
            | b'f'
            | b'n'
            | b'r'
            | b't'
            | b'v'
            | b'x'
            | b'0'..=b'7' => true,
            b'N' | b'u' | b'U' => !bytes,
            _ => false,
        };
        if valid {
            any_valid = true;
        } else {
            invalid.push(i);
        }
        i += 2;
    }
    Scan { invalid, any_valid }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let s = scan(r"\d+\.\n\\x", false);
        assert_eq!(s.invalid, vec![0, 3]);
        assert!(s.any_valid);
        let b = scan(r"\N\u", true);
        assert_eq!(b.invalid, vec![0, 2]);
        assert!(!scan(r"\d", false).any_valid);
    }
}
