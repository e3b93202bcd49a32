//! Reading and editing `from module import a, b as c` statements.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::edit::Splice;
use crate::imports::line_end;

/// One name of a `from ... import` statement.
#[derive(Debug, Clone, Copy)]
pub struct ImportedName<'t> {
    /// The whole item: `imap` or `izip_longest as zl`.
    pub item: Node<'t>,
    /// The imported name (`izip_longest`).
    pub name: Node<'t>,
    /// The local alias, if any (`zl`).
    pub alias: Option<Node<'t>>,
}

/// The module of an `import_from_statement` (`itertools`), as written.
pub fn module<'s>(stmt: Node<'_>, text: &'s str) -> Option<&'s str> {
    let module = stmt.child_by_field_id(crate::field!("module_name").get())?;
    Some(&text[module.start_byte()..module.end_byte()])
}

/// The names a `from ... import` statement imports, in order (empty for `import *`).
pub fn imported_names(stmt: Node<'_>) -> Vec<ImportedName<'_>> {
    let mut cursor = stmt.walk();
    stmt.children_by_field_id(crate::field!("name"), &mut cursor)
        .filter_map(|item| match item.kind_name() {
            "aliased_import" => Some(ImportedName {
                item,
                name: item.child_by_field_id(crate::field!("name").get())?,
                alias: item.child_by_field_id(crate::field!("alias").get()),
            }),
            _ => Some(ImportedName {
                item,
                name: item,
                alias: None,
            }),
        })
        .collect()
}

/// Splices that remove the items at `remove` (indexes into [`imported_names`]) from the
/// statement, keeping the rest of its layout. When every name goes, the statement goes:
/// its line is deleted, or it becomes `pass` where a statement is required (the only
/// statement of a block) or shares its line with other code.
pub fn remove_names(stmt: Node<'_>, text: &str, remove: &[usize]) -> Vec<Splice> {
    let names = imported_names(stmt);
    if names.is_empty() || remove.is_empty() {
        return Vec::new();
    }
    if names.iter().enumerate().all(|(i, _)| remove.contains(&i)) {
        return vec![remove_statement(stmt, text)];
    }
    let parenthesized = {
        let mut cursor = stmt.walk();
        let has_paren = stmt.children(&mut cursor).any(|c| c.kind_name() == "(");
        has_paren
    };
    let mut splices = Vec::new();
    let mut i = 0;
    while i < names.len() {
        if !remove.contains(&i) {
            i += 1;
            continue;
        }
        let first = i;
        while i + 1 < names.len() && remove.contains(&(i + 1)) {
            i += 1;
        }
        let last = i;
        i += 1;
        let own_lines = parenthesized && (first..=last).all(|k| alone_on_line(text, names[k].item));
        if own_lines {
            let start = line_start(text, names[first].item.start_byte());
            let end = next_line_start(text, line_end(text, names[last].item.end_byte()));
            splices.push(Splice::new(start, end, ""));
        } else if let Some(next) = names.get(last + 1) {
            splices.push(Splice::new(
                names[first].item.start_byte(),
                next.item.start_byte(),
                "",
            ));
        } else if first > 0 {
            splices.push(Splice::new(
                names[first - 1].item.end_byte(),
                names[last].item.end_byte(),
                "",
            ));
        }
    }
    splices
}

/// Delete a statement's line, or turn it into `pass` when it cannot simply vanish.
fn remove_statement(stmt: Node<'_>, text: &str) -> Splice {
    let only_in_block = stmt.parent().is_some_and(|p| {
        let mut cursor = p.walk();
        let statements = p
            .named_children(&mut cursor)
            .filter(|c| c.kind_name() != "comment")
            .count();
        p.kind_name() == "block" && statements == 1
    });
    let start = line_start(text, stmt.start_byte());
    let end = line_end(text, stmt.end_byte());
    let before_blank = text[start..stmt.start_byte()].trim().is_empty();
    let after = text[stmt.end_byte()..end].trim();
    let after_blank = after.is_empty() || after.starts_with('#');
    if only_in_block || !before_blank || !after_blank {
        return Splice::new(stmt.start_byte(), stmt.end_byte(), "pass");
    }
    Splice::new(start, next_line_start(text, end), "")
}

/// The item is the only thing on its line, apart from a following comma and comment.
fn alone_on_line(text: &str, item: Node<'_>) -> bool {
    let start = line_start(text, item.start_byte());
    let end = line_end(text, item.end_byte());
    let after = text[item.end_byte()..end].trim_start();
    let after = after.strip_prefix(',').unwrap_or(after).trim();
    text[start..item.start_byte()].trim().is_empty() && (after.is_empty() || after.starts_with('#'))
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map(|i| i + 1).unwrap_or(0)
}

fn next_line_start(text: &str, end: usize) -> usize {
    match &text.as_bytes()[end..] {
        [b'\r', b'\n', ..] => end + 2,
        [b'\r', ..] | [b'\n', ..] => end + 1,
        _ => end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn removed(src: &str, remove: &[&str]) -> String {
        let tree = parse(src).expect("parses");
        let stmt = tree.root_node().named_child(0).expect("statement");
        let names = imported_names(stmt);
        let indexes: Vec<usize> = names
            .iter()
            .enumerate()
            .filter(|(_, n)| remove.contains(&&src[n.name.start_byte()..n.name.end_byte()]))
            .map(|(i, _)| i)
            .collect();
        let mut out = src.to_string();
        let mut splices = remove_names(stmt, src, &indexes);
        splices.sort_by_key(|s| std::cmp::Reverse(s.start));
        for s in splices {
            out.replace_range(s.start..s.end, &s.text);
        }
        out
    }

    #[test]
    fn removes_names_keeping_layout() {
        assert_eq!(
            removed("from itertools import imap, chain\n", &["imap"]),
            "from itertools import chain\n"
        );
        assert_eq!(
            removed("from itertools import chain, imap\n", &["imap"]),
            "from itertools import chain\n"
        );
        assert_eq!(
            removed(
                "from itertools import chain, imap, izip, count\n",
                &["imap", "izip"]
            ),
            "from itertools import chain, count\n"
        );
        assert_eq!(
            removed("from itertools import (chain, imap,)\n", &["imap"]),
            "from itertools import (chain,)\n"
        );
        assert_eq!(
            removed(
                "from itertools import (\n    imap,  # lazy\n    chain,\n)\n",
                &["imap"]
            ),
            "from itertools import (\n    chain,\n)\n"
        );
        assert_eq!(
            removed("from itertools import imap\nx = 1\n", &["imap"]),
            "x = 1\n"
        );
        assert_eq!(
            removed("from itertools import imap as m, izip\n", &["imap", "izip"]),
            ""
        );
    }
}
