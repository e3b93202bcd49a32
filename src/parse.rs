//! Parsing with tree-sitter-python, which accepts Python 2 and Python 3 syntax.

use std::cell::RefCell;

use tree_sitter::{InputEdit, Language, Node, Parser, Point, Tree};

use crate::edit::OffsetMap;

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

/// Parse `new_text`, the result of applying `applied` to `old_text` (whose tree is
/// `old_tree`), reusing the unchanged parts of the old tree. Gives the same tree as
/// [`parse`], faster.
pub fn reparse(
    old_tree: &Tree,
    old_text: &str,
    new_text: &str,
    applied: &OffsetMap,
) -> Option<Tree> {
    let mut tree = old_tree.clone();
    let lines = LineIndex::new(old_text);
    // Last splice first: the text before each edit is still the old text.
    for a in applied.iter().rev() {
        let start_position = lines.point(a.old_start);
        let new_end_position = advance(start_position, &new_text[a.new_start..a.new_end]);
        tree.edit(&InputEdit {
            start_byte: a.old_start,
            old_end_byte: a.old_end,
            new_end_byte: a.old_start + (a.new_end - a.new_start),
            start_position,
            old_end_position: lines.point(a.old_end),
            new_end_position,
        });
    }
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut parser = Parser::new();
            parser.set_language(&language()).ok()?;
            *slot = Some(parser);
        }
        slot.as_mut()?.parse(new_text, Some(&tree))
    })
}

/// Byte offsets of line starts (after each `\n`, as tree-sitter counts rows).
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex(starts)
    }

    fn point(&self, byte: usize) -> Point {
        let row = self
            .0
            .partition_point(|&start| start <= byte)
            .saturating_sub(1);
        Point::new(row, byte - self.0[row])
    }
}

/// The position reached after `inserted`, starting at `start`.
fn advance(start: Point, inserted: &str) -> Point {
    match inserted.rfind('\n') {
        Some(last) => Point::new(
            start.row + inserted.bytes().filter(|&b| b == b'\n').count(),
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
    fn errors_are_located() {
        let tree = parse("x = (\n").unwrap();
        assert!(!error_regions(&tree).is_empty());
    }

    #[test]
    fn reparse_matches_a_fresh_parse() {
        use crate::edit::{apply_mapped, Fix, Splice};
        let old = "import json\r\nx = json.dumps(a)\ny = map(f,\n  b)\n";
        let fix = |splices| Fix {
            codemod: "t".into(),
            line: 1,
            reason: String::new(),
            splices,
            edits_guards: false,
            unguards: false,
        };
        let fixes = [
            fix(vec![Splice::new(0, 0, "import six\n")]),
            fix(vec![Splice::new(29, 29, ", sort_keys=True")]),
            fix(vec![Splice::new(35, 35, "list("), Splice::new(46, 46, ")")]),
            fix(vec![Splice::new(31, 32, "yy")]),
        ];
        let (new, applied) = apply_mapped(old, &fixes);
        assert_eq!(
            new,
            "import six\r\nimport json\r\nx = json.dumps(a, sort_keys=True)\nyy = list(map(f,\n  b))\n"
        );
        let tree = parse(old).unwrap();
        let incremental = reparse(&tree, old, &new, &applied).unwrap();
        let fresh = parse(&new).unwrap();
        assert_eq!(
            incremental.root_node().to_sexp(),
            fresh.root_node().to_sexp()
        );
        assert_eq!(incremental.root_node().end_byte(), new.len());
        assert!(!incremental.root_node().has_error(), "{new}");
    }
}
