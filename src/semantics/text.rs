//! The source text behind nodes: the one place codemods and rules read it from.

use tree_sitter::Node;

use crate::syntax::KindName;

/// The source text of a node.
pub fn node_text<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    text.get(node.start_byte()..node.end_byte()).unwrap_or("")
}

/// True when `node` is the identifier `name`.
pub fn is_name(node: Node<'_>, text: &str, name: &str) -> bool {
    node.kind_name() == "identifier" && node_text(node, text) == name
}

/// The leading whitespace of the line containing byte `at`.
pub fn line_indent(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = &text[start..];
    let width = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..width]
}

/// The byte offset where the line containing `at` starts.
pub fn line_start(text: &str, at: usize) -> usize {
    text[..at.min(text.len())]
        .rfind('\n')
        .map(|i| i + 1)
        .unwrap_or(0)
}

/// The byte offset just past the end of the line containing `at` (after its line ending,
/// or the end of the text).
pub fn line_end(text: &str, at: usize) -> usize {
    text[at.min(text.len())..]
        .find('\n')
        .map(|i| at + i + 1)
        .unwrap_or(text.len())
}

/// The text of a string literal's prefix letters (`u`, `b`, `ur`, ...), lower-cased.
pub fn string_prefix(literal: &str) -> String {
    literal
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        let text = "a\n    b = 1\n";
        assert_eq!(line_indent(text, 8), "    ");
        assert_eq!(line_start(text, 8), 2);
        assert_eq!(line_end(text, 8), text.len());
        assert_eq!(string_prefix("Ur'x'"), "ur");
    }
}
