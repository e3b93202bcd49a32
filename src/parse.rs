//! Parsing with tree-sitter-python, which accepts Python 2 and Python 3 syntax.

use std::cell::RefCell;

use tree_sitter::{Language, Node, Parser, Tree};

/// The tree-sitter Python language.
pub fn language() -> Language {
    tree_sitter_python::LANGUAGE.into()
}

thread_local! {
    // A parser per worker thread: parsers are cheap to reuse and not `Sync`.
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Parse `text`. Returns `None` only if tree-sitter gives up (timeouts are not set, so in
/// practice this does not happen), which callers report as a parse failure.
pub fn parse(text: &str) -> Option<Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut parser = Parser::new();
            parser.set_language(&language()).ok()?;
            *slot = Some(parser);
        }
        slot.as_mut()?.parse(text, None)
    })
}

/// Byte ranges (and 1-based lines) of the ERROR and MISSING nodes of a tree, outermost only.
pub fn error_regions(tree: &Tree) -> Vec<(usize, usize, usize)> {
    let mut regions = Vec::new();
    if !tree.root_node().has_error() {
        return regions;
    }
    collect_errors(tree.root_node(), &mut regions);
    regions
}

fn collect_errors(node: Node<'_>, out: &mut Vec<(usize, usize, usize)>) {
    if node.is_error() || node.is_missing() {
        out.push((
            node.start_byte(),
            node.end_byte(),
            node.start_position().row + 1,
        ));
        return;
    }
    if !node.has_error() {
        return;
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        collect_errors(child, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python2_parses_cleanly() {
        let tree = parse("print 'x'\nexcept_ = 1\nx = 10L\n").unwrap();
        assert!(error_regions(&tree).is_empty());
    }

    #[test]
    fn errors_are_located() {
        let tree = parse("x = (\n").unwrap();
        assert!(!error_regions(&tree).is_empty());
    }
}
