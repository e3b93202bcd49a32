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

    fn rewrites_syntax(&self) -> bool {
        true
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // The word index skips numbers: look for the literals themselves.
        file.has_python2_integer()
    }

    fn kinds(&self) -> &[&'static str] {
        &["integer"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let text = ctx.text(node);
        if let Some(new) = rewrite(text) {
            fixes.replace(node, new, "Python 2 number literal");
        }
    }
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
    use super::rewrite;

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
}
