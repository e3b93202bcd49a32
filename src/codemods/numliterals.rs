//! Rewrite Python 2 number literals: `0777` → `0o777`, `10L` → `10`.
//!
//! ## What it does
//! - Old-style octal literals (a leading `0` followed by digits) get the `0o` prefix.
//! - The `L`/`l` suffix of long integers is dropped (`0xFFL` → `0xFF`).
//!
//! ## Why
//! Both forms are syntax errors in Python 3, where `int` has unlimited size.
//!
//! ## Example
//! ```python
//! os.chmod(path, 0755)
//! big = 10L
//! ```
//! becomes
//! ```python
//! os.chmod(path, 0o755)
//! big = 10
//! ```
//!
//! ## Left alone
//! `0`, `00` and other all-zero literals (valid in Python 3), floats and imaginary numbers.
//!
//! ## Fix safety
//! Safe.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;

pub struct Numliterals;

impl Codemod for Numliterals {
    fn id(&self) -> &str {
        "numliterals"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // The word index skips numbers: look for the literals themselves.
        has_python2_integer(file.text())
    }

    fn kinds(&self) -> &[&'static str] {
        &["integer"]
    }

    fn visit(&self, node: Node<'_>, ctx: &Context<'_>, fixes: &mut Fixes) {
        let text = ctx.text(node);
        if let Some(new) = rewrite(text) {
            fixes.replace(node, new, "Python 2 number literal");
        }
    }
}

/// True when `text` has a number token ending in `l`/`L` (`10L`, `0xFFl`) or starting
/// with `0` and another digit (`0777`, and `00`): a superset of what `rewrite` changes.
/// One pass; words are skipped whole, so `x0777` is no number.
fn has_python2_integer(text: &str) -> bool {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !is_word(b) {
            i += 1;
            continue;
        }
        let start = i;
        // A fraction belongs to its number (`1.05`); a digit right after a dot starts
        // none (`.05`, `x.5`).
        let fraction = start > 0 && bytes[start - 1] == b'.';
        while i < bytes.len()
            && (is_word(bytes[i])
                || (bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            i += 1;
        }
        let token = &bytes[start..i];
        if b.is_ascii_digit()
            && !fraction
            && (matches!(token.last(), Some(b'l' | b'L'))
                || token.len() > 1 && token[1].is_ascii_digit() && b == b'0')
        {
            return true;
        }
    }
    false
}

/// The Python 3 spelling of an integer literal, if it differs.
pub fn rewrite(text: &str) -> Option<String> {
    let digits = text.trim_end_matches(['l', 'L']);
    let had_suffix = digits.len() != text.len();
    let octal = digits.len() > 1
        && digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.bytes().any(|b| b != b'0');
    if !octal && !had_suffix {
        return None;
    }
    if octal {
        if digits.bytes().any(|b| b == b'8' || b == b'9') {
            return None;
        }
        return Some(format!("0o{}", &digits[1..]));
    }
    Some(digits.to_string())
}

#[cfg(test)]
mod tests {
    use super::{has_python2_integer, rewrite};

    #[test]
    fn literals() {
        assert_eq!(rewrite("0777").as_deref(), Some("0o777"));
        assert_eq!(rewrite("0777L").as_deref(), Some("0o777"));
        assert_eq!(rewrite("10L").as_deref(), Some("10"));
        assert_eq!(rewrite("0xFFl").as_deref(), Some("0xFF"));
        assert_eq!(rewrite("00"), None);
        assert_eq!(rewrite("0"), None);
        assert_eq!(rewrite("0o17"), None);
        assert_eq!(rewrite("10"), None);
    }

    #[test]
    fn prefilter_finds_the_literals() {
        for text in ["x = 10L", "f(1,0755)", "m = 0xFFl", "n = 0L", "p = (0777)"] {
            assert!(has_python2_integer(text), "{text}");
        }
        for text in [
            "x = 10",
            "y = 1.05 + .05 + 0.5",
            "z = x0777 + 0o777 + 0",
            "h = 0x0777",
        ] {
            assert!(!has_python2_integer(text), "{text}");
        }
    }
}
