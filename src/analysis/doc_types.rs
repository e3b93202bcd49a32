//! Types documented in docstrings: epydoc, Sphinx/reST, Google and NumPy styles.
//!
//! [`read`] finds, for each documented parameter and for the return value, the type text
//! and where it is written, so a caller can both annotate from it and (optionally) remove
//! the now-redundant type from the docstring while keeping the prose.

use std::sync::LazyLock;

use regex::Regex;

/// One documented type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocEntry {
    /// The parameter name (with `*`/`**` stripped); `None` for the return value.
    pub name: Option<String>,
    /// The type as written.
    pub ty: String,
    /// The docstring style it was found in (for messages).
    pub style: &'static str,
    /// A type that is as likely prose as a type (Google `Returns:` first line): when it
    /// cannot be read it is ignored instead of reported.
    pub soft: bool,
    /// Deletions (absolute byte ranges) / replacements that remove the type from the
    /// docstring, keeping the prose.
    pub strip: Vec<(usize, usize, String)>,
    /// 0-based line index inside the docstring.
    pub line: usize,
}

/// Types documented in one docstring.
#[derive(Debug, Default, Clone)]
pub struct DocTypes {
    pub params: Vec<DocEntry>,
    pub returns: Vec<DocEntry>,
}

struct Line<'a> {
    start: usize,
    /// The line without its ending.
    text: &'a str,
    /// Offset just past the line ending (== start + text.len() for the last line).
    next: usize,
}

impl Line<'_> {
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start().len()
    }
    fn blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

fn lines(content: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in content.split_inclusive('\n') {
        let text = piece.trim_end_matches(['\n', '\r']);
        out.push(Line {
            start,
            text,
            next: start + piece.len(),
        });
        start += piece.len();
    }
    out
}

static TYPE_FIRST_PARAM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\s*)([@:])param\s+([^:]+?)\s+(\*{0,2}[A-Za-z_]\w*)\s*(:|$)")
        .expect("valid regex")
});
static TYPE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\s*)([@:])type\s+(\*{0,2}[A-Za-z_]\w*)\s*:\s*(.+?)\s*$").expect("valid regex")
});
static RTYPE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\s*)([@:])rtype\s*:\s*(.+?)\s*$").expect("valid regex"));
static GOOGLE_ARGS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(Args|Arguments|Parameters|Params|Keyword Args|Keyword Arguments|Other Parameters)\s*:\s*$")
        .expect("valid regex")
});
static GOOGLE_RETURNS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(Returns|Return)\s*:\s*$").expect("valid regex"));
static GOOGLE_PARAM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\s*)(\*{0,2}[A-Za-z_]\w*)\s*\(").expect("valid regex"));
static NUMPY_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([A-Z][A-Za-z ]+?)\s*$").expect("valid regex"));
static NUMPY_UNDERLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*-{3,}\s*$").expect("valid regex"));
static NUMPY_PARAM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\s*)(\*{0,2}[A-Za-z_]\w*(?:\s*,\s*\*{0,2}[A-Za-z_]\w*)*)(\s+:\s*)(.*?)\s*$")
        .expect("valid regex")
});

/// Read the documented types of `content` (a docstring's text between its quotes), which
/// starts at byte `base` of the file.
pub fn read(content: &str, base: usize) -> DocTypes {
    let mut doc = DocTypes::default();
    // Cheap filter: most docstrings document no types.
    const MARKERS: &[&str] = &[
        "@",
        ":param",
        ":type",
        ":rtype",
        "Args",
        "Arguments",
        "Param",
        "Return",
        "Keyword",
    ];
    if !MARKERS.iter().any(|m| content.contains(m)) {
        return doc;
    }
    let all = lines(content);
    let last = all.len().saturating_sub(1);
    let mut index = 0;
    while index < all.len() {
        let line = &all[index];
        let abs = |offset: usize| base + offset;
        let trimmed = line.text.trim();
        let field = trimmed.starts_with(['@', ':']);
        let header = trimmed.ends_with(':');
        let underlined = index < last && all[index + 1].text.trim_start().starts_with("---");
        if !(field || header || underlined) {
            index += 1;
            continue;
        }
        if let Some(c) = TYPE_FIRST_PARAM.captures(line.text).filter(|_| field) {
            let style = style_of(&c[2]);
            let (Some(ty), Some(name)) = (c.get(3), c.get(4)) else {
                index += 1;
                continue;
            };
            doc.params.push(DocEntry {
                name: Some(name.as_str().trim_start_matches('*').to_string()),
                ty: ty.as_str().to_string(),
                style,
                soft: false,
                strip: vec![(
                    abs(line.start + ty.start()),
                    abs(line.start + name.start()),
                    String::new(),
                )],
                line: index,
            });
        } else if let Some(c) = TYPE_LINE.captures(line.text).filter(|_| field) {
            let until = continuation_end(&all, index);
            doc.params.push(DocEntry {
                name: Some(c[3].trim_start_matches('*').to_string()),
                ty: with_continuation(&c[4], &all[index + 1..=until]),
                style: style_of(&c[2]),
                soft: false,
                strip: remove_lines(&all, index, until, last, base),
                line: index,
            });
            index = until;
        } else if let Some(c) = RTYPE_LINE.captures(line.text).filter(|_| field) {
            let until = continuation_end(&all, index);
            doc.returns.push(DocEntry {
                name: None,
                ty: with_continuation(&c[3], &all[index + 1..=until]),
                style: style_of(&c[2]),
                soft: false,
                strip: remove_lines(&all, index, until, last, base),
                line: index,
            });
            index = until;
        } else if header && GOOGLE_ARGS.is_match(line.text) {
            index = google_args(&all, index, base, &mut doc);
            continue;
        } else if header && GOOGLE_RETURNS.is_match(line.text) {
            index = google_returns(&all, index, base, &mut doc);
            continue;
        } else if underlined
            && NUMPY_UNDERLINE.is_match(all[index + 1].text)
            && NUMPY_HEADER.is_match(line.text)
        {
            let header = line.text.trim();
            match header {
                "Parameters" | "Other Parameters" | "Keyword Arguments" => {
                    index = numpy_section(&all, index, base, &mut doc, false);
                    continue;
                }
                "Returns" => {
                    index = numpy_section(&all, index, base, &mut doc, true);
                    continue;
                }
                _ => {}
            }
        }
        index += 1;
    }
    doc
}

fn style_of(marker: &str) -> &'static str {
    if marker == "@" {
        "epydoc"
    } else {
        "Sphinx"
    }
}

/// The last line of a field that continues on more indented lines.
fn continuation_end(all: &[Line<'_>], index: usize) -> usize {
    let mut end = index;
    // The first line's indentation is unknown (it follows the opening quotes).
    if index == 0 {
        return end;
    }
    let indent = all[index].indent();
    while let Some(next) = all.get(end + 1) {
        let text = next.text.trim_start();
        if next.blank() || next.indent() <= indent || text.starts_with(['@', ':']) {
            break;
        }
        end += 1;
    }
    end
}

fn with_continuation(first: &str, more: &[Line<'_>]) -> String {
    let mut text = first.trim().to_string();
    for line in more {
        text.push(' ');
        text.push_str(line.text.trim());
    }
    text
}

/// Deletion of whole docstring lines `first..=until`. On the docstring's first line (right
/// after the opening quotes) the next line's indentation goes too; on the last line
/// (before the closing quotes) only the entry goes, so the quotes keep their indentation.
fn remove_lines(
    all: &[Line<'_>],
    first: usize,
    until: usize,
    last: usize,
    base: usize,
) -> Vec<(usize, usize, String)> {
    let line = &all[first];
    let end_line = &all[until];
    let entry_start = line.start + line.indent();
    let ends_content = end_line.next == end_line.start + end_line.text.len();
    if until == last && ends_content {
        return vec![(
            base + entry_start,
            base + end_line.start + end_line.text.len(),
            String::new(),
        )];
    }
    if first == 0 {
        let end = all
            .get(until + 1)
            .map_or(end_line.next, |next| next.start + next.indent());
        return vec![(base + entry_start, base + end, String::new())];
    }
    vec![(base + line.start, base + end_line.next, String::new())]
}

/// The entries of a Google `Args:` section; returns the index after the section.
fn google_args(all: &[Line<'_>], header: usize, base: usize, doc: &mut DocTypes) -> usize {
    let header_indent = all[header].indent();
    let mut entry_indent: Option<usize> = None;
    let mut index = header + 1;
    while index < all.len() {
        let line = &all[index];
        if line.blank() {
            index += 1;
            continue;
        }
        let indent = line.indent();
        if indent <= header_indent {
            break;
        }
        let expected = *entry_indent.get_or_insert(indent);
        if indent == expected {
            if let Some(c) = GOOGLE_PARAM.captures(line.text) {
                if let (Some(name), Some(whole)) = (c.get(2), c.get(0)) {
                    let open = whole.end() - 1;
                    if let Some(close) = matching_paren(line.text, open) {
                        let after = line.text[close + 1..].trim_start();
                        if after.starts_with(':') {
                            let inside = &line.text[open + 1..close];
                            let optional = inside
                                .trim_end()
                                .to_ascii_lowercase()
                                .ends_with(", optional");
                            doc.params.push(DocEntry {
                                name: Some(name.as_str().trim_start_matches('*').to_string()),
                                ty: inside.to_string(),
                                style: "Google",
                                soft: false,
                                strip: vec![(
                                    base + line.start + name.end(),
                                    base + line.start + close + 1,
                                    if optional {
                                        " (optional)".to_string()
                                    } else {
                                        String::new()
                                    },
                                )],
                                line: index,
                            });
                        }
                    }
                }
            }
        }
        index += 1;
    }
    index
}

fn matching_paren(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// A Google `Returns:` section: the first line's `type: description`.
fn google_returns(all: &[Line<'_>], header: usize, base: usize, doc: &mut DocTypes) -> usize {
    let header_indent = all[header].indent();
    let mut index = header + 1;
    while index < all.len() && all[index].blank() {
        index += 1;
    }
    if let Some(line) = all.get(index) {
        let indent = line.indent();
        if indent > header_indent {
            let body = &line.text[indent..];
            if let Some(colon) = top_level_colon(body) {
                let ty = &body[..colon];
                let rest = &body[colon + 1..];
                let desc_start = colon + 1 + (rest.len() - rest.trim_start().len());
                doc.returns.push(DocEntry {
                    name: None,
                    ty: ty.to_string(),
                    style: "Google",
                    soft: true,
                    strip: if rest.trim().is_empty() {
                        Vec::new()
                    } else {
                        vec![(
                            base + line.start + indent,
                            base + line.start + indent + desc_start,
                            String::new(),
                        )]
                    },
                    line: index,
                });
            }
        }
    }
    while index < all.len() && (all[index].blank() || all[index].indent() > header_indent) {
        index += 1;
    }
    index
}

/// The first `:` outside brackets (so `Dict[str, int]: x` splits after the type).
fn top_level_colon(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => depth -= 1,
            ':' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// A NumPy `Parameters` / `Returns` section (header line, dashes, entries).
fn numpy_section(
    all: &[Line<'_>],
    header: usize,
    base: usize,
    doc: &mut DocTypes,
    returns: bool,
) -> usize {
    let header_indent = all[header].indent();
    let mut index = header + 2;
    let mut found: Vec<DocEntry> = Vec::new();
    let mut entries = 0;
    while index < all.len() {
        let line = &all[index];
        if line.blank() {
            index += 1;
            continue;
        }
        let indent = line.indent();
        if indent < header_indent {
            break;
        }
        // The next section's header.
        if index + 1 < all.len() && NUMPY_UNDERLINE.is_match(all[index + 1].text) {
            break;
        }
        if indent == header_indent {
            entries += 1;
            if let Some(c) = NUMPY_PARAM.captures(line.text) {
                let (Some(names), Some(sep), Some(ty)) = (c.get(2), c.get(3), c.get(4)) else {
                    index += 1;
                    continue;
                };
                if !ty.as_str().is_empty() {
                    let strip = vec![(
                        base + line.start + names.end(),
                        base + line.start + ty.end(),
                        String::new(),
                    )];
                    let _ = sep;
                    if returns {
                        found.push(DocEntry {
                            name: None,
                            ty: ty.as_str().to_string(),
                            style: "NumPy",
                            soft: false,
                            strip,
                            line: index,
                        });
                    } else {
                        let names: Vec<&str> = names.as_str().split(',').map(str::trim).collect();
                        for name in &names {
                            doc.params.push(DocEntry {
                                name: Some(name.trim_start_matches('*').to_string()),
                                ty: ty.as_str().to_string(),
                                style: "NumPy",
                                soft: false,
                                // Stripping one of several names would drop the others' type.
                                strip: if names.len() == 1 {
                                    strip.clone()
                                } else {
                                    Vec::new()
                                },
                                line: index,
                            });
                        }
                    }
                }
            } else if returns {
                found.push(DocEntry {
                    name: None,
                    ty: line.text.trim().to_string(),
                    style: "NumPy",
                    soft: false,
                    strip: Vec::new(),
                    line: index,
                });
            }
        }
        index += 1;
    }
    if returns {
        // Several entries describe a tuple of values: not read (reported by the caller).
        if entries == 1 {
            doc.returns.extend(found);
        } else if entries > 1 {
            doc.returns.push(DocEntry {
                name: None,
                ty: String::new(),
                style: "NumPy",
                soft: false,
                strip: Vec::new(),
                line: header,
            });
        }
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(doc: &str) -> (Vec<(String, String)>, Vec<String>) {
        let d = read(doc, 0);
        (
            d.params
                .iter()
                .map(|e| (e.name.clone().unwrap_or_default(), e.ty.clone()))
                .collect(),
            d.returns.iter().map(|e| e.ty.clone()).collect(),
        )
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn epydoc_and_sphinx() {
        let (p, r) = types("@param str max_id");
        assert_eq!(p, vec![pair("max_id", "str")]);
        assert!(r.is_empty());
        let (p, r) = types(
            "Do.\n\n    :param int count: how many\n    :type name: str\n    :rtype: bool\n    ",
        );
        assert_eq!(p, vec![pair("count", "int"), pair("name", "str")]);
        assert_eq!(r, vec!["bool".to_string()]);
        let (p, _) = types("@param max_id: the id\n@type max_id: list of str\n");
        assert_eq!(p, vec![pair("max_id", "list of str")]);
    }

    #[test]
    fn google_and_numpy() {
        let (p, r) = types("S.\n\n    Args:\n        items (list of str): the items\n            more.\n        flag (bool): a flag\n\n    Returns:\n        dict: the summary\n    ");
        assert_eq!(p, vec![pair("items", "list of str"), pair("flag", "bool")]);
        assert_eq!(r, vec!["dict".to_string()]);
        let (p, r) = types("S.\n\n    Parameters\n    ----------\n    x : float\n        The value.\n    y, z : int, optional\n\n    Returns\n    -------\n    float\n    ");
        assert_eq!(
            p,
            vec![
                pair("x", "float"),
                pair("y", "int, optional"),
                pair("z", "int, optional")
            ]
        );
        assert_eq!(r, vec!["float".to_string()]);
    }

    #[test]
    fn strip_ranges_keep_prose() {
        let text = ":param int count: how many\n:type name: str\n";
        let d = read(text, 0);
        let (s, e, _) = d.params[0].strip[0].clone();
        assert_eq!(&text[s..e], "int ");
        let (s, e, _) = d.params[1].strip[0].clone();
        assert_eq!(&text[s..e], ":type name: str\n");
        // A type continued on the next line is read whole and removed whole.
        let text = "Doc.\n    @type d: C{dict} of C{str}\n        to C{int}\n    @rtype: int\n    ";
        let d = read(text, 0);
        assert_eq!(d.params[0].ty, "C{dict} of C{str} to C{int}");
        let (s, e, _) = d.params[0].strip[0].clone();
        assert_eq!(
            &text[s..e],
            "    @type d: C{dict} of C{str}\n        to C{int}\n"
        );
        assert_eq!(d.returns[0].ty, "int");
        // A single line followed by the closing quotes on their own line.
        let d = read(":rtype: int\n", 0);
        assert_eq!(d.returns[0].strip, vec![(0, 12, String::new())]);
    }
}
