//! A fast check that a rewrite still parses: parse only the statements that hold an edit.
//!
//! Re-parsing the whole rewritten file with tree-sitter's incremental parser is the exact
//! check ([`crate::parse::reparse`]), but on Python it is often far from incremental: a
//! node built while the parser weighed two readings (Python 2 and 3 overlap) is never
//! reused, and one failed reuse can make the parser re-read the rest of a class. A single
//! `raise StopIteration` → `return` could cost a third of a full parse.
//!
//! Here each edit is enclosed in whole lines of complete statements of one block (the
//! innermost block that holds it on lines of its own) or of the module, and only those
//! lines, rewritten, are parsed: on their own at module level, or else inside nested
//! function bodies that give them the same indentation stack as in the file. Inside them, every block that no edit touches is parsed as `pass`:
//! its text is unchanged, it parsed cleanly before, and a block's statements follow one
//! grammar rule whatever holds them, so only what surrounds it could break it — and that
//! is parsed. So `except E, e:` → `except E as e:` costs the `try` statement's clause
//! lines, not its body.
//!
//! Edits that only swap one token for another the lexer reads the same way (a name for a
//! name, a `u` dropped from a string prefix: most of a migration's edits) need no region
//! at all: see [`swaps_a_token`].
//!
//! When every region parses as a clean run of statements at its block's indentation and
//! the text between regions is unchanged, the whole file parses cleanly. The check only
//! ever answers "clean" or "not sure": a region that does not parse, changes its block's
//! indentation, ends in a line continuation, or cannot be delimited sends the caller back
//! to the exact check, which also locates the error.

use tree_sitter::{Node, Tree};

use crate::edit::{Applied, OffsetMap};
use crate::syntax::KindName;

/// When the regions to parse exceed 1/`REGION_SHARE_DIVISOR` of the file (one edit
/// inside a huge literal), the incremental re-parse is used instead: parsing them afresh
/// would cost about as much.
const REGION_SHARE_DIVISOR: usize = 2;

/// A statement after each region, at its block's indentation: the line after the region
/// in the file must be read with the indentation stack it was read with before (a line
/// that starts with a line continuation can leave another one).
const SENTINEL: &str = "pass";

/// True when `new_text` (`old_text` with `applied` spliced in; `old_tree` is its tree
/// and has no parse errors) is sure to parse without errors. False means "not sure".
pub fn edited_statements_parse(
    old_tree: &Tree,
    old_text: &str,
    new_text: &str,
    applied: &OffsetMap,
) -> bool {
    let root = old_tree.root_node();
    if root.has_error() {
        return false;
    }
    let mut known: Children<'_> = Vec::new();
    let mut regions: Vec<Region<'_>> = Vec::with_capacity(applied.len());
    for (index, edit) in applied.iter().enumerate() {
        if swaps_a_token(root, old_text, new_text, applied, index) {
            continue;
        }
        match region_of(root, old_text, edit.old_start, edit.old_end, &mut known) {
            Some(region) => regions.push(region),
            None => return false,
        }
    }
    // Outermost first at each start; a region inside a kept one is covered by it.
    regions.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut kept: Vec<Region<'_>> = Vec::with_capacity(regions.len());
    for region in regions {
        match kept.last() {
            Some(last) if region.end <= last.end => continue,
            // Regions are whole lines of whole statements: a partial overlap would mean
            // two different blocks share a line (`if x: y = 1`); not worth the care.
            Some(last) if region.start < last.end => return false,
            _ => kept.push(region),
        }
    }
    let mut snippets = Vec::with_capacity(kept.len());
    let mut total = 0;
    for region in &kept {
        let Some(snippet) = rewritten_region(region, old_text, new_text, applied) else {
            return false;
        };
        total += snippet.len();
        if total * REGION_SHARE_DIVISOR > old_text.len() {
            return false;
        }
        snippets.push(snippet);
    }
    kept.iter()
        .zip(&snippets)
        .all(|(region, snippet)| region_parses(snippet, &region.indents))
}

/// Whether `applied[index]` only turns one token into another that the lexer reads the
/// same way, so that it cannot change how the file parses and needs no region of its own.
/// Two kinds of edit, most of a Python 2 migration's:
///
/// - a name for a name (`xrange` → `range`, `assertEquals` → `assertEqual`): the edit is
///   a whole `identifier`, and the old and new text are plain ASCII names that are not
///   words of the grammar ([`GRAMMAR_WORDS`]: `print`, `None`, `match`, ...), so both are
///   read as the same kind of token and the parser sees the same token sequence;
/// - a `u` dropped from a string's `u` or `ur` prefix (`u'x'` → `'x'`): the string's
///   scanner gives `u` no meaning, so the literal is read exactly as before.
///
/// Each token must also keep its neighbours apart: no quote, backslash or identifier byte
/// right before it (`''u'x'` would become the triple quote `'''x'`; `f` before a quote
/// would become a prefix) nor, for a name, a quote right after it. No other edit may touch
/// the token; an edit next to it has a region of its own, which holds the token's line.
fn swaps_a_token(
    root: Node<'_>,
    old_text: &str,
    new_text: &str,
    applied: &[Applied],
    index: usize,
) -> bool {
    let edit = &applied[index];
    let Some(replacement) = new_text.get(edit.new_start..edit.new_end) else {
        return false;
    };
    let Some(leaf) = root.descendant_for_byte_range(edit.old_start, edit.old_end) else {
        return false;
    };
    let (start, end) = (leaf.start_byte(), leaf.end_byte());
    if leaf.child_count() != 0 {
        return false;
    }
    let alone = index
        .checked_sub(1)
        .and_then(|i| applied.get(i))
        .is_none_or(|before| before.old_end < start)
        && applied
            .get(index + 1)
            .is_none_or(|after| after.old_start > end);
    let bytes = old_text.as_bytes();
    let separates = |b: Option<&u8>| {
        b.is_none_or(|&b| {
            !matches!(b, b'\'' | b'"' | b'\\') && !crate::syntax::is_identifier_byte(b)
        })
    };
    if !alone || !separates(start.checked_sub(1).and_then(|i| bytes.get(i))) {
        return false;
    }
    match leaf.kind_name() {
        "identifier" => {
            let old = &old_text[start..end];
            (edit.old_start, edit.old_end) == (start, end)
                && is_plain_name(old)
                && is_plain_name(replacement)
                && !matches!(bytes.get(end), Some(b'\'' | b'"'))
        }
        "string_start" => {
            let opener = &old_text[start..end];
            let prefix = opener.trim_end_matches(['\'', '"']).to_ascii_lowercase();
            (edit.old_start, edit.old_end) == (start, start + 1)
                && replacement.is_empty()
                && (prefix == "u" || prefix == "ur")
        }
        _ => false,
    }
}

/// The grammar's words: read as keywords (or `True`, `None`, ...) where the grammar
/// allows them, so a name turned into one may parse differently.
const GRAMMAR_WORDS: &[&str] = &[
    "_",
    "__future__",
    "and",
    "as",
    "assert",
    "async",
    "await",
    "break",
    "case",
    "class",
    "continue",
    "def",
    "del",
    "elif",
    "else",
    "except",
    "exec",
    "finally",
    "for",
    "from",
    "global",
    "if",
    "import",
    "in",
    "is",
    "lambda",
    "match",
    "nonlocal",
    "not",
    "or",
    "pass",
    "print",
    "raise",
    "return",
    "try",
    "type",
    "while",
    "with",
    "yield",
    "True",
    "False",
    "None",
];

/// An ASCII name (`[A-Za-z_][A-Za-z0-9_]*`) that is not one of [`GRAMMAR_WORDS`].
fn is_plain_name(text: &str) -> bool {
    is_ascii_name(text) && !GRAMMAR_WORDS.contains(&text)
}

/// `[A-Za-z_][A-Za-z0-9_]*`.
fn is_ascii_name(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes
        .next()
        .is_some_and(|b| b == b'_' || b.is_ascii_alphabetic())
        && bytes.all(|b| b == b'_' || b.is_ascii_alphanumeric())
}

/// Lines `[start, end)` of the old text (from a line start to a line end, before its
/// newline) holding whole statements of one block or of the module.
struct Region<'t> {
    start: usize,
    end: usize,
    /// The indentation of the block and of each block around it, outermost first (none
    /// at module level): the indentation stack the region's lines are read with.
    indents: Vec<String>,
    /// The statements (and comments) on those lines.
    statements: Vec<Node<'t>>,
}

/// The named children of the blocks (and module) met so far, by node id: several edits
/// often fall in one block, and stepping through a long block is not cheap.
type Children<'t> = Vec<(usize, Vec<Node<'t>>)>;

/// The region that encloses the old range `[s, e]` of one edit.
fn region_of<'t>(
    root: Node<'t>,
    text: &str,
    s: usize,
    e: usize,
    known: &mut Children<'t>,
) -> Option<Region<'t>> {
    let (container, indents) = innermost_block(root, text, s, e);
    let slot = match known.iter().position(|(id, _)| *id == container.id()) {
        Some(slot) => slot,
        None => {
            let mut cursor = container.walk();
            known.push((
                container.id(),
                container.named_children(&mut cursor).collect(),
            ));
            known.len() - 1
        }
    };
    let children = &known[slot].1;
    // The statements (and comments) the edit touches; an insertion between two touches
    // the one that follows it. Children are in order and do not overlap.
    let first_touching = children.partition_point(|c| c.end_byte() < s);
    let past_touching = children.partition_point(|c| c.start_byte() <= e);
    let (first, last) = if first_touching < past_touching {
        (first_touching, past_touching - 1)
    } else if first_touching < children.len() {
        (first_touching, first_touching)
    } else {
        let last = children.len().checked_sub(1)?;
        (last, last)
    };
    let mut start = line_start(text, s.min(children[first].start_byte()));
    let mut end = line_end(text, e.max(children[last].end_byte()));
    // Statements sharing a line with the region (`a = 1; b = 2`) belong to it.
    let (mut low, mut high) = (first, last);
    loop {
        let mut grown = false;
        if low > 0 && children[low - 1].end_byte() > start {
            low -= 1;
            start = start.min(line_start(text, children[low].start_byte()));
            grown = true;
        }
        if high + 1 < children.len() && children[high + 1].start_byte() < end {
            high += 1;
            end = end.max(line_end(text, children[high].end_byte()));
            grown = true;
        }
        if !grown {
            break;
        }
    }
    Some(Region {
        start,
        end,
        indents,
        statements: children[low..=high].to_vec(),
    })
}

/// The innermost `block` holding `[s, e]` whose statements start lines of their own
/// (not `if x: y = 1`), or `root`; with the indentation of it and of each such block
/// around it, outermost first.
fn innermost_block<'t>(root: Node<'t>, text: &str, s: usize, e: usize) -> (Node<'t>, Vec<String>) {
    let contains =
        |c: &Node<'_>| c.start_byte() <= s && e <= c.end_byte() && c.end_byte() > c.start_byte();
    let mut found = root;
    let mut indents = Vec::new();
    let mut cursor = root.walk();
    loop {
        // The first child ending at or after `s`, else the one after it (an edit that
        // starts where a child ends).
        if cursor
            .goto_first_child_for_byte(s.saturating_sub(1))
            .is_none()
        {
            return (found, indents);
        }
        let found_child =
            contains(&cursor.node()) || (cursor.goto_next_sibling() && contains(&cursor.node()));
        if !found_child {
            return (found, indents);
        }
        let child = cursor.node();
        if child.kind_name() == "block" && starts_its_line(text, child.start_byte()) {
            // The first statement's indentation (a comment may sit elsewhere).
            let mut statements = child.walk();
            let first = child
                .named_children(&mut statements)
                .find(|c| c.kind_name() != "comment");
            let Some(first) = first else {
                return (found, indents);
            };
            let at = first.start_byte();
            if !starts_its_line(text, at) {
                return (found, indents);
            }
            indents.push(text[line_start(text, at)..at].to_string());
            found = child;
        }
    }
}

/// The new text of `region`, with every block no edit touches replaced by `pass`.
fn rewritten_region(
    region: &Region<'_>,
    old_text: &str,
    new_text: &str,
    applied: &[Applied],
) -> Option<String> {
    let mut untouched: Vec<(usize, usize)> = Vec::new();
    for statement in &region.statements {
        untouched_blocks(*statement, old_text, applied, &mut untouched);
    }
    let start = map_start(applied, region.start);
    let end = crate::edit::map_offset(applied, region.end);
    if start > end || !new_text.is_char_boundary(start) || !new_text.is_char_boundary(end) {
        return None;
    }
    let mut snippet = String::with_capacity(end - start);
    let mut at = start;
    for (block_start, block_end) in untouched {
        // No edit touches the block: its offsets only shift.
        let (from, to) = (
            crate::edit::map_offset(applied, block_start),
            crate::edit::map_offset(applied, block_end),
        );
        if from < at || to > end {
            return None;
        }
        snippet.push_str(new_text.get(at..from)?);
        snippet.push_str("pass");
        at = to;
    }
    snippet.push_str(new_text.get(at..end)?);
    Some(snippet)
}

/// The old ranges of the blocks under `node` (a statement, clause or definition) that no
/// edit touches, outermost only; blocks that hold edits are searched further.
fn untouched_blocks(
    node: Node<'_>,
    text: &str,
    applied: &[Applied],
    out: &mut Vec<(usize, usize)>,
) {
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        let kind = child.kind_name();
        if kind == "block" {
            let (s, e) = (child.start_byte(), child.end_byte());
            // From its line start: an edit to its first line's indentation matters.
            let line = line_start(text, s);
            let first = applied.partition_point(|a| a.old_end < line);
            let touched = applied.get(first).is_some_and(|a| a.old_start <= e);
            if !touched {
                out.push((s, e));
                continue;
            }
            let mut statements = child.walk();
            for statement in child.named_children(&mut statements) {
                untouched_blocks(statement, text, applied, out);
            }
        } else if kind.ends_with("_clause")
            || matches!(kind, "function_definition" | "class_definition")
        {
            untouched_blocks(child, text, applied, out);
        }
    }
}

/// Whether `region` (rewritten lines of one block, read with the indentation stack
/// `indents`; or of the module when it is empty) parses as a clean run of statements of
/// that block.
fn region_parses(region: &str, indents: &[String]) -> bool {
    // A trailing line continuation would join the line after the region.
    if region.trim_end().ends_with('\\') {
        return false;
    }
    // The first line of code must keep the block's indentation exactly (none at module
    // level): the lines around the region expect it.
    let first_code = region.split('\n').find(|line| {
        let code = line.trim_start();
        !code.is_empty() && !code.starts_with('#')
    });
    let indent = indents.last().map_or("", String::as_str);
    let keeps_indent = first_code.is_some_and(|line| {
        line.strip_prefix(indent)
            .is_some_and(|rest| !rest.starts_with([' ', '\t', '\x0c']))
    });
    if indents.is_empty() {
        // Module level: lines that hold no code any more (a removed import) are fine too.
        if !keeps_indent && first_code.is_some() {
            return false;
        }
        let snippet = format!("{region}\n{SENTINEL}\n");
        return crate::parse::parse(&snippet).is_some_and(|tree| !tree.root_node().has_error());
    }
    if !keeps_indent || indent.is_empty() {
        return false;
    }
    // Nested function bodies at the same indentations as the blocks around the region,
    // so its lines are read exactly as in the file. Unlike `if 1:`, nothing in the
    // region can attach a clause to a function (an `else:` dedented to its level would).
    let mut snippet = String::with_capacity(region.len() + 16 * indents.len());
    for (level, _) in indents.iter().enumerate() {
        let outer = if level == 0 {
            ""
        } else {
            indents[level - 1].as_str()
        };
        snippet.push_str(outer);
        snippet.push_str("def _():\n");
    }
    snippet.push_str(region);
    snippet.push('\n');
    snippet.push_str(indent);
    snippet.push_str(SENTINEL);
    snippet.push('\n');
    let Some(tree) = crate::parse::parse(&snippet) else {
        return false;
    };
    let mut scope = tree.root_node();
    if scope.has_error() {
        return false;
    }
    // Everything must stay inside the innermost body: a line dedented below the block
    // would end it here, and end an enclosing block in the file.
    for _ in indents {
        let mut cursor = scope.walk();
        let mut statements = scope
            .named_children(&mut cursor)
            .filter(|c| c.kind_name() != "comment");
        let (Some(wrapper), None) = (statements.next(), statements.next()) else {
            return false;
        };
        let body = wrapper.child_by_field_id(crate::field!("body").get());
        match body {
            Some(body) if wrapper.kind_name() == "function_definition" => scope = body,
            _ => return false,
        }
    }
    true
}

/// Where an old region start lands in the new text: before text inserted right there.
fn map_start(applied: &[Applied], pos: usize) -> usize {
    let index =
        applied.partition_point(|a| a.old_end < pos || (a.old_end == pos && a.old_start < pos));
    match index.checked_sub(1).and_then(|i| applied.get(i)) {
        Some(a) => a.new_end + (pos - a.old_end),
        None => pos,
    }
}

fn starts_its_line(text: &str, at: usize) -> bool {
    text[line_start(text, at)..at]
        .bytes()
        .all(|b| b == b' ' || b == b'\t' || b == b'\x0c')
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{apply_mapped, test_fix as fix, Fix, Splice};

    /// The fast check's answer for `old` with `splices` (one fix each), and the new text.
    fn check(old: &str, splices: Vec<Splice>) -> (bool, String) {
        let fixes: Vec<Fix> = splices.into_iter().map(|s| fix(vec![s])).collect();
        let (new, applied) = apply_mapped(old, &fixes);
        let tree = crate::parse::parse(old).unwrap();
        assert!(!tree.root_node().has_error(), "{old}");
        (edited_statements_parse(&tree, old, &new, &applied), new)
    }

    fn at(text: &str, needle: &str) -> usize {
        text.find(needle).unwrap()
    }

    const SAMPLE: &str = "import os\n\n\nclass A(object):\n    x = 1  # one\n\n    def f(self, a):\n        try:\n            b = a.keys()\n            for k in b:\n                print k\n        except KeyError, e:\n            raise ValueError, e\n        return b\n\n    def g(self): return 2\n\n\ndef h():\n    if os.sep <> '/':\n        y = 1; z = 2\n    else:\n        y = 3\n    return `y`\n";

    #[test]
    fn clean_rewrites_are_accepted() {
        let s = at(SAMPLE, "KeyError, e") + 8;
        let cases = vec![
            vec![Splice::new(s, s + 2, " as ")],
            vec![Splice::new(at(SAMPLE, "<>"), at(SAMPLE, "<>") + 2, "!=")],
            vec![Splice::new(
                at(SAMPLE, "print k"),
                at(SAMPLE, "print k") + 7,
                "print(k)",
            )],
            vec![Splice::new(0, 0, "import functools\n")],
            vec![Splice::new(
                at(SAMPLE, "z = 2"),
                at(SAMPLE, "z = 2") + 5,
                "z = (2)",
            )],
            vec![Splice::new(
                at(SAMPLE, "return 2"),
                at(SAMPLE, "return 2") + 8,
                "return 3",
            )],
        ];
        for splices in cases {
            let (ok, new) = check(SAMPLE, splices);
            assert!(ok, "{new}");
            assert!(!crate::parse::parse(&new).unwrap().root_node().has_error());
        }
    }

    #[test]
    fn broken_rewrites_are_not_accepted() {
        let keys = at(SAMPLE, "a.keys()");
        let cases = vec![
            // An unclosed bracket.
            vec![Splice::new(keys, keys, "list(")],
            // A line dedented below its block.
            vec![Splice::new(
                at(SAMPLE, "return b"),
                at(SAMPLE, "return b"),
                "\n    q = 1\n        ",
            )],
            // The first line of the region loses its indentation.
            vec![Splice::new(keys - 16, keys - 4, "")],
            // A line continuation joining the next line.
            vec![Splice::new(keys + 8, keys + 8, " \\")],
            // The only statement of a block removed.
            vec![Splice::new(
                at(SAMPLE, "y = 3"),
                at(SAMPLE, "y = 3") + 5,
                "",
            )],
            // An unterminated string.
            vec![Splice::new(at(SAMPLE, "`y`"), at(SAMPLE, "`y`"), "'''")],
        ];
        for splices in cases {
            let (ok, new) = check(SAMPLE, splices);
            assert!(!ok, "accepted:\n{new}");
        }
    }

    #[test]
    fn untouched_blocks_are_parsed_as_pass() {
        let s = at(SAMPLE, "KeyError, e") + 8;
        let fixes = vec![fix(vec![Splice::new(s, s + 2, " as ")])];
        let (new, applied) = apply_mapped(SAMPLE, &fixes);
        let tree = crate::parse::parse(SAMPLE).unwrap();
        let mut known = Vec::new();
        let region = region_of(tree.root_node(), SAMPLE, s, s + 2, &mut known).unwrap();
        let snippet = rewritten_region(&region, SAMPLE, &new, &applied).unwrap();
        assert_eq!(
            snippet,
            "        try:\n            pass\n        except KeyError as e:\n            pass"
        );
    }

    /// A seeded pseudo-random source: `next(bound)` is below `bound`.
    fn xorshift(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |bound| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound as u64) as usize
        }
    }

    /// Whatever the edit, "clean" from the fast check means a full parse is clean.
    #[test]
    fn never_accepts_what_a_full_parse_rejects() {
        let pieces = [
            "(",
            ")",
            ":",
            "\\\n",
            "    ",
            "\n",
            "'''",
            "x",
            "pass\n",
            "if y:\n",
            "\n  z = 1\n",
            "\n    ",
            "#",
            "[1, ",
            "else:\n",
            "u'a'",
            "lambda: ",
            ",",
            "\t",
        ];
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        let (mut accepted, mut rejected) = (0, 0);
        for _ in 0..3000 {
            let start = next(SAMPLE.len());
            let end = (start + next(4)).min(SAMPLE.len());
            let mut splices = vec![Splice::new(start, end, pieces[next(pieces.len())])];
            // Sometimes a second, later edit.
            if next(3) == 0 && end + 1 < SAMPLE.len() {
                let second = end + 1 + next(SAMPLE.len() - end - 1);
                splices.push(Splice::new(second, second, pieces[next(pieces.len())]));
            }
            let (ok, new) = check(SAMPLE, splices);
            if ok {
                accepted += 1;
                let tree = crate::parse::parse(&new).unwrap();
                assert!(
                    !tree.root_node().has_error(),
                    "accepted a broken file:\n{new}"
                );
            } else {
                rejected += 1;
            }
        }
        // The check must decide both ways for the test to mean anything.
        assert!(accepted > 100 && rejected > 100, "{accepted} {rejected}");
    }

    /// Names, string prefixes and their neighbours, for the token-swap tests.
    const TOKENS: &str = "x = ''u'b'\ny = [u'a',U'b', ur'c\\d',uR\"\"\"e\"\"\"]\nfor i in xrange(3): print i\ndef f(a, b=u\"q\"):\n    return a if b else xrange\nw = 1if x else(z)\nv = f(x, b=y)[0].real\n";

    fn swapped(old: &str, splices: Vec<Splice>) -> bool {
        let fixes: Vec<Fix> = splices.into_iter().map(|s| fix(vec![s])).collect();
        let (new, applied) = apply_mapped(old, &fixes);
        let tree = crate::parse::parse(old).unwrap();
        (0..applied.len()).all(|i| swaps_a_token(tree.root_node(), old, &new, &applied, i))
    }

    /// Every word the grammar spells out as a token is in the list (a newer grammar with
    /// a new keyword must not let a name be swapped for it unchecked).
    #[test]
    fn grammar_words_cover_the_grammar() {
        let language = crate::parse::language();
        // Kind 0 is tree-sitter's end-of-input symbol, not a word of the text.
        for id in 1..language.node_kind_count() {
            let id = u16::try_from(id).unwrap();
            let Some(kind) = language.node_kind_for_id(id) else {
                continue;
            };
            let spelled_out = language.node_kind_is_visible(id) && !language.node_kind_is_named(id);
            if spelled_out && is_ascii_name(kind) {
                assert!(GRAMMAR_WORDS.contains(&kind), "{kind} is missing");
            }
        }
    }

    #[test]
    fn token_swaps_need_no_region() {
        let name = at(TOKENS, "xrange(");
        let prefix = at(TOKENS, "u'a'");
        let raw = at(TOKENS, "ur'c");
        // Taken as swaps.
        assert!(swapped(TOKENS, vec![Splice::new(name, name + 6, "range")]));
        assert!(swapped(TOKENS, vec![Splice::new(prefix, prefix + 1, "")]));
        assert!(swapped(TOKENS, vec![Splice::new(raw, raw + 1, "")]));
        // Not: a grammar word, a prefix that would join an empty string before it (`'''`),
        // a name that would become a string prefix, part of a name, two edits on a token.
        assert!(!swapped(TOKENS, vec![Splice::new(name, name + 6, "print")]));
        assert!(!swapped(TOKENS, vec![Splice::new(name, name + 6, "None")]));
        let joined = at(TOKENS, "u'b'");
        assert!(!swapped(TOKENS, vec![Splice::new(joined, joined + 1, "")]));
        assert!(!swapped(TOKENS, vec![Splice::new(name, name + 1, "")]));
        assert!(!swapped(TOKENS, vec![Splice::new(raw, raw + 2, "")]));
        assert!(!swapped(
            TOKENS,
            vec![
                Splice::new(raw, raw + 1, ""),
                Splice::new(raw + 1, raw + 2, "R")
            ]
        ));
    }

    /// Random names for random names and random prefix edits: a swap accepted without a
    /// region never hides an error that a full parse finds.
    #[test]
    fn token_swaps_never_accept_what_a_full_parse_rejects() {
        let tree = crate::parse::parse(TOKENS).unwrap();
        assert!(!tree.root_node().has_error());
        let mut leaves = Vec::new();
        crate::syntax::preorder(tree.root_node(), |node| {
            if matches!(node.kind_name(), "identifier" | "string_start") {
                leaves.push((node.start_byte(), node.end_byte()));
            }
            crate::syntax::Visit::Descend
        });
        let words = [
            "range",
            "f",
            "rb",
            "u",
            "b",
            "br",
            "e5",
            "_x",
            "print",
            "exec",
            "None",
            "lambda",
            "match",
            "type",
            "__future__",
            "x1",
            "",
            "1",
            "a.b",
            "if",
        ];
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let (mut swaps, mut others) = (0, 0);
        for _ in 0..3000 {
            let mut splices = Vec::new();
            for _ in 0..1 + next(3) {
                let (start, end) = leaves[next(leaves.len())];
                let splice = match next(3) {
                    0 => Splice::new(start, end, words[next(words.len())]),
                    1 => Splice::new(start, start + 1, ""),
                    _ => Splice::new(start, start + 1 + next(2), words[next(words.len())]),
                };
                if splices
                    .iter()
                    .all(|s: &Splice| s.end < splice.start || s.start > splice.end)
                {
                    splices.push(splice);
                }
            }
            splices.sort_by_key(|s| s.start);
            if swapped(TOKENS, splices.clone()) {
                swaps += 1;
            } else {
                others += 1;
            }
            let (ok, new) = check(TOKENS, splices);
            if ok {
                let tree = crate::parse::parse(&new).unwrap();
                assert!(
                    !tree.root_node().has_error(),
                    "accepted a broken file:\n{new}"
                );
            }
        }
        assert!(swaps > 100 && others > 100, "{swaps} {others}");
    }
}
