//! Parsing with tree-sitter-python, which accepts Python 2 and Python 3 syntax.

use std::cell::RefCell;

use tree_sitter::{InputEdit, Language, Node, Parser, Point, Tree};

use crate::edit::Applied;

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
    parse_with(text, None)
}

/// Re-parse `new_text`, made from the text `old_tree` was parsed from by the `applied`
/// splices (in order, as [`crate::edit::apply_tracked`] reports them). tree-sitter reuses
/// the unchanged subtrees, and the result is the same tree a full parse would give.
pub fn reparse(
    old_tree: &Tree,
    old_text: &str,
    applied: &[Applied],
    new_text: &str,
) -> Option<Tree> {
    let mut tree = old_tree.clone();
    let lines = LineIndex::new(old_text);
    // Back to front: each edit's start is still in the original coordinates.
    for edit in applied.iter().rev() {
        let inserted = &new_text[edit.new.clone()];
        let start_position = lines.point(edit.old.start);
        tree.edit(&InputEdit {
            start_byte: edit.old.start,
            old_end_byte: edit.old.end,
            new_end_byte: edit.old.start + inserted.len(),
            start_position,
            old_end_position: lines.point(edit.old.end),
            new_end_position: advance(start_position, inserted),
        });
    }
    parse_with(new_text, Some(&tree))
}

fn parse_with(text: &str, old: Option<&Tree>) -> Option<Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut parser = Parser::new();
            parser.set_language(&language()).ok()?;
            *slot = Some(parser);
        }
        slot.as_mut()?.parse(text, old)
    })
}

/// Byte offsets of line starts, for turning byte offsets into tree-sitter points.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    fn point(&self, byte: usize) -> Point {
        let row = self
            .starts
            .partition_point(|&s| s <= byte)
            .saturating_sub(1);
        Point::new(row, byte - self.starts[row])
    }
}

/// The point reached after `inserted` text starting at `start`.
fn advance(start: Point, inserted: &str) -> Point {
    match inserted.rfind('\n') {
        Some(last) => Point::new(
            start.row + inserted.matches('\n').count(),
            inserted.len() - last - 1,
        ),
        None => Point::new(start.row, start.column + inserted.len()),
    }
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
    fn incremental_reparse_matches_a_full_parse() {
        use crate::edit::{apply_tracked, Fix, Splice};
        let old = "x = map(f, y)\r\nprint 'a'\n\ndef g():\n    return d.keys()\n";
        let tree = parse(old).unwrap();
        let fix = Fix {
            codemod: "t".into(),
            line: 1,
            reason: String::new(),
            splices: vec![
                Splice::new(4, 4, "list("),
                Splice::new(13, 13, ")"),
                Splice::new(15, 21, "print("),
                Splice::new(24, 24, ")\n# added\n"),
            ],
        };
        let (new, applied) = apply_tracked(old, &[fix]);
        assert_eq!(
            new,
            "x = list(map(f, y))\r\nprint('a')\n# added\n\n\ndef g():\n    return d.keys()\n"
        );
        let incremental = reparse(&tree, old, &applied, &new).unwrap();
        let full = parse(&new).unwrap();
        assert_eq!(
            incremental.root_node().to_sexp(),
            full.root_node().to_sexp()
        );
        assert_eq!(
            incremental.root_node().end_position(),
            full.root_node().end_position()
        );
    }

    #[test]
    fn errors_are_located() {
        let tree = parse("x = (\n").unwrap();
        assert!(!error_regions(&tree).is_empty());
    }
}
