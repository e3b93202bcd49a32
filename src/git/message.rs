//! Commit messages.
//!
//! The default layout:
//!
//! ```text
//! lazy-map: wrap lazy map()/filter()/zip() in list() (3/12, src/feed)
//!
//! <the codemod's "What it does", wrapped at 72 columns>
//!
//! Why: <the codemod's "Why">
//!
//! Files (2, 3 edits, 3 changed lines):
//!   src/feed/a.py: 2 edits
//!   src/feed/b.py: 1 edit
//! Owners: @org/feed
//!
//! Codemod: lazy-map
//! Batch: 3/12
//! <--trailer lines>
//! ```
//!
//! A `--message-template` file replaces the layout; its placeholders are listed in
//! [`PLACEHOLDERS`] (`{{` and `}}` stand for literal braces).

use std::fmt::Write as _;

use super::plan::Batch;
use super::CodemodInfo;

/// Subjects are kept within this many characters where the group name allows.
pub const SUBJECT_WIDTH: usize = 72;
const BODY_WIDTH: usize = 72;

/// The placeholders a message template may use, with what they stand for.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("subject", "the default subject line"),
    ("codemod", "the codemod's id, e.g. lazy-map"),
    (
        "summary",
        "the codemod's one-line summary, shortened for a subject",
    ),
    (
        "full_summary",
        "the codemod's one-line summary as documented",
    ),
    (
        "batch",
        "this batch's number among the codemod's batches (1-based)",
    ),
    ("total", "how many batches the codemod has"),
    ("group", "the directory or owners the batch is grouped by"),
    (
        "owners",
        "the owners of the batch's files (space-separated; may be empty)",
    ),
    ("files", "one line per file: `  path: N edits`"),
    ("file_count", "the number of files"),
    ("fixes", "the number of edits"),
    ("lines", "the number of changed lines"),
    ("what", "the codemod's \"What it does\" section, wrapped"),
    ("why", "the codemod's \"Why\" section, wrapped"),
    ("body", "the default body: what, why, files and owners"),
    ("trailers", "Codemod:, Batch: and --trailer lines"),
];

/// A validated `--message-template`.
#[derive(Debug, Clone)]
pub struct Template {
    text: String,
}

impl Template {
    pub fn parse(text: &str) -> Result<Template, String> {
        for piece in pieces(text)? {
            if let Piece::Placeholder(name) = piece {
                if !PLACEHOLDERS.iter().any(|(known, _)| *known == name) {
                    let known: Vec<String> = PLACEHOLDERS
                        .iter()
                        .map(|(n, _)| format!("{{{n}}}"))
                        .collect();
                    return Err(format!(
                        "unknown placeholder {{{name}}} in the message template (known: {})",
                        known.join(" ")
                    ));
                }
            }
        }
        if text.trim().is_empty() {
            return Err("the message template is empty".to_string());
        }
        Ok(Template {
            text: text.to_string(),
        })
    }
}

enum Piece<'a> {
    Text(&'a str),
    Placeholder(&'a str),
}

fn pieces(text: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(['{', '}']) {
        out.push(Piece::Text(&rest[..at]));
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("{{") {
            out.push(Piece::Text("{"));
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}") {
            out.push(Piece::Text("}"));
            rest = after;
        } else if tail.starts_with('{') {
            let end = tail.find('}').ok_or_else(|| {
                "unclosed `{` in the message template (write `{{` for a brace)".to_string()
            })?;
            out.push(Piece::Placeholder(tail[1..end].trim()));
            rest = &tail[end + 1..];
        } else {
            return Err("lone `}` in the message template (write `}}` for a brace)".to_string());
        }
    }
    out.push(Piece::Text(rest));
    Ok(out)
}

/// A `--trailer "Key: value"`, checked.
pub fn parse_trailer(text: &str) -> Result<(String, String), String> {
    let bad = || {
        format!("bad --trailer {text:?}: expected \"Key: value\", e.g. \"Reviewed-by: Ada <ada@example.com>\"")
    };
    let (key, value) = text.split_once(':').ok_or_else(bad)?;
    let key = key.trim();
    let value = value.trim();
    if key.is_empty()
        || value.is_empty()
        || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(bad());
    }
    Ok((key.to_string(), value.to_string()))
}

/// Everything a message is made of.
pub struct MessageInput<'a> {
    pub codemod: &'a CodemodInfo,
    pub batch: &'a Batch,
    pub trailers: &'a [(String, String)],
}

/// The commit message of a batch.
pub fn render(input: &MessageInput<'_>, template: Option<&Template>) -> String {
    let mut message = match template {
        None => {
            let mut out = format!("{}\n\n{}", subject(input.codemod, input.batch), body(input));
            let _ = write!(out, "\n\n{}", trailers(input));
            out
        }
        Some(template) => {
            let mut out = String::new();
            // The template was validated when parsed.
            for piece in pieces(&template.text).unwrap_or_default() {
                match piece {
                    Piece::Text(text) => out.push_str(text),
                    Piece::Placeholder(name) => out.push_str(&placeholder(input, name)),
                }
            }
            out
        }
    };
    // git's own cleanup: no trailing spaces, no runs of blank lines, one final newline.
    message = message
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n");
    while message.contains("\n\n\n") {
        message = message.replace("\n\n\n", "\n\n");
    }
    format!("{}\n", message.trim())
}

/// The first line of the message [`render`] gives: the subject, whichever the layout.
pub fn rendered_subject(input: &MessageInput<'_>, template: Option<&Template>) -> String {
    match template {
        None => subject(input.codemod, input.batch),
        Some(_) => render(input, template)
            .lines()
            .next()
            .unwrap_or("")
            .to_string(),
    }
}

fn placeholder(input: &MessageInput<'_>, name: &str) -> String {
    let batch = input.batch;
    match name {
        "subject" => subject(input.codemod, batch),
        "codemod" => input.codemod.id.clone(),
        "summary" => short_summary(input.codemod, SUBJECT_WIDTH),
        "full_summary" => input.codemod.summary.clone(),
        "batch" => batch.number.to_string(),
        "total" => batch.total.to_string(),
        "group" => batch.group.clone(),
        "owners" => batch.owners.join(" "),
        "files" => file_lines(batch),
        "file_count" => batch.files.len().to_string(),
        "fixes" => batch.fixes().to_string(),
        "lines" => batch.changed_lines().to_string(),
        "what" => wrap(&section(&input.codemod.docs, "What it does"), BODY_WIDTH),
        "why" => wrap(&section(&input.codemod.docs, "Why"), BODY_WIDTH),
        "body" => body(input),
        "trailers" => trailers(input),
        _ => String::new(),
    }
}

/// `codemod: summary (n/total, group)`, with the summary shortened to fit.
pub fn subject(codemod: &CodemodInfo, batch: &Batch) -> String {
    let suffix = format!(" ({}/{}, {})", batch.number, batch.total, batch.group);
    let prefix = format!("{}: ", codemod.id);
    let budget = SUBJECT_WIDTH.saturating_sub(prefix.chars().count() + suffix.chars().count());
    format!("{prefix}{}{suffix}", short_summary(codemod, budget.max(24)))
}

/// The summary as a subject fragment: no Markdown backticks, no final period, a lower-case
/// first word, cut at a clause boundary (then a word boundary) to fit `budget`.
pub fn short_summary(codemod: &CodemodInfo, budget: usize) -> String {
    let mut text: String = codemod.summary.replace('`', "");
    let fallback = || format!("apply {}", codemod.id);
    text = text.trim().trim_end_matches('.').trim().to_string();
    if text.is_empty() {
        return fallback();
    }
    // Lower-case the first word unless it looks like a name (`JSON`, `URLs`).
    let first_word = text.split_whitespace().next().unwrap_or("");
    if first_word
        .chars()
        .skip(1)
        .all(|c| c.is_lowercase() || !c.is_alphabetic())
    {
        let mut chars = text.chars();
        if let Some(first) = chars.next() {
            text = first.to_lowercase().chain(chars).collect();
        }
    }
    if text.chars().count() <= budget {
        return text;
    }
    for boundary in [
        " so ",
        " because ",
        " — ",
        " - ",
        "; ",
        ": ",
        " where ",
        " when ",
        " unless ",
        ", ",
        " (",
        " that ",
        " to ",
    ] {
        let cut: Vec<usize> = text.match_indices(boundary).map(|(at, _)| at).collect();
        if let Some(&at) = cut
            .iter()
            .rev()
            .find(|&&at| text[..at].chars().count() <= budget && at >= 12)
        {
            return text[..at].trim_end_matches([',', ';', ':']).to_string();
        }
    }
    let mut words: Vec<&str> = Vec::new();
    let mut length = 0;
    for word in text.split_whitespace() {
        let added = word.chars().count() + usize::from(!words.is_empty());
        if length + added > budget {
            break;
        }
        length += added;
        words.push(word);
    }
    // Do not end on a word that leads into what was cut.
    while words.len() > 1 && words.last().is_some_and(|w| is_dangling(w)) {
        words.pop();
    }
    let out = words.join(" ");
    if out.is_empty() {
        text.chars().take(budget).collect()
    } else {
        out
    }
}

/// A word a cut subject should not end on ("… in the", "… wrap x,").
fn is_dangling(word: &str) -> bool {
    const LEADING: [&str; 16] = [
        "a", "an", "and", "as", "by", "for", "in", "into", "of", "on", "or", "so", "the", "to",
        "when", "where",
    ];
    word.ends_with(',') || LEADING.contains(&word.to_lowercase().as_str())
}

fn body(input: &MessageInput<'_>) -> String {
    let mut out = String::new();
    let what = wrap(&section(&input.codemod.docs, "What it does"), BODY_WIDTH);
    if what.is_empty() {
        let _ = writeln!(out, "{}\n", input.codemod.summary);
    } else {
        let _ = writeln!(out, "{what}\n");
    }
    let why = section(&input.codemod.docs, "Why");
    if !why.is_empty() {
        let _ = writeln!(out, "{}\n", wrap(&format!("Why: {why}"), BODY_WIDTH));
    }
    let batch = input.batch;
    let _ = writeln!(
        out,
        "Files ({}, {} edit{}, {} changed line{}):",
        batch.files.len(),
        batch.fixes(),
        plural(batch.fixes()),
        batch.changed_lines(),
        plural(batch.changed_lines())
    );
    out.push_str(&file_lines(batch));
    if !batch.owners.is_empty() {
        let _ = write!(out, "\nOwners: {}", batch.owners.join(" "));
    }
    out
}

fn file_lines(batch: &Batch) -> String {
    batch
        .files
        .iter()
        .map(|f| format!("  {}: {} edit{}", f.path, f.fixes, plural(f.fixes)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn trailers(input: &MessageInput<'_>) -> String {
    let mut out = format!(
        "Codemod: {}\nBatch: {}/{}",
        input.codemod.id, input.batch.number, input.batch.total
    );
    for (key, value) in input.trailers {
        let _ = write!(out, "\n{key}: {value}");
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The text of a `## Heading` section of Markdown docs (up to the next `## `).
pub fn section(docs: &str, heading: &str) -> String {
    let mut lines = docs.lines();
    for line in lines.by_ref() {
        if line.trim_start_matches('#').trim() == heading && line.starts_with("##") {
            break;
        }
    }
    let body: Vec<&str> = lines.take_while(|l| !l.starts_with("## ")).collect();
    body.join("\n").trim().to_string()
}

/// Re-wrap prose paragraphs at `width`; list items, indented lines and code blocks keep
/// their lines.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    // The paragraph or list item being collected, and its first-line prefix.
    let mut paragraph: Vec<&str> = Vec::new();
    let mut bullet: Option<&str> = None;
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            flush(&mut paragraph, bullet.take(), width, &mut out);
            in_code = !in_code;
            out.push(line.to_string());
        } else if in_code {
            out.push(line.to_string());
        } else if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            flush(&mut paragraph, bullet.take(), width, &mut out);
            bullet = Some(&line[..2]);
            paragraph.push(item);
        } else if line.trim().is_empty() {
            flush(&mut paragraph, bullet.take(), width, &mut out);
            out.push(String::new());
        } else if line.starts_with("  ") && bullet.is_none() && paragraph.is_empty() {
            // Indented text outside a list keeps its lines.
            out.push(line.to_string());
        } else {
            paragraph.push(line);
        }
    }
    flush(&mut paragraph, bullet, width, &mut out);
    out.join("\n").trim().to_string()
}

/// Fill a paragraph's words into lines of at most `width` columns; a list item gets its
/// bullet on the first line and a hanging indent after.
fn flush(paragraph: &mut Vec<&str>, bullet: Option<&str>, width: usize, out: &mut Vec<String>) {
    if paragraph.is_empty() {
        return;
    }
    let indent = if bullet.is_some() { "  " } else { "" };
    let mut line = bullet.unwrap_or("").to_string();
    let mut empty = true;
    for word in paragraph.iter().flat_map(|l| l.split_whitespace()) {
        if !empty && line.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::replace(&mut line, indent.to_string()));
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    if !empty {
        out.push(line);
    }
    paragraph.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::FileChange;

    fn info(summary: &str) -> CodemodInfo {
        CodemodInfo {
            id: "lazy-map".into(),
            summary: summary.into(),
            docs: format!(
                "{summary}\n\n## What it does\nWraps calls in `list()` when\nthe result is used as a list.\n\n## Why\nPython 3 returns iterators.\n\n## Example\n```python\nx = map(f, y)\n```\n"
            ),
        }
    }

    fn batch() -> Batch {
        let file = |path: &str, fixes| FileChange {
            path: path.into(),
            codemod: "lazy-map".into(),
            original: Vec::new(),
            updated: Vec::new(),
            fixes,
            changed_lines: fixes,
        };
        Batch {
            codemod: "lazy-map".into(),
            number: 3,
            total: 12,
            group: "src/feed".into(),
            owners: vec!["@org/feed".into()],
            files: vec![file("src/feed/a.py", 2), file("src/feed/b.py", 1)],
        }
    }

    #[test]
    fn default_message_has_subject_body_files_and_trailers() {
        let trailers = vec![("Reviewed-by".to_string(), "Ada".to_string())];
        let info = info("Wrap lazy `map()`/`filter()`/`zip()` in `list()` where a list is needed.");
        let batch = batch();
        let message = render(
            &MessageInput {
                codemod: &info,
                batch: &batch,
                trailers: &trailers,
            },
            None,
        );
        let expected = "\
lazy-map: wrap lazy map()/filter()/zip() in list() (3/12, src/feed)

Wraps calls in `list()` when the result is used as a list.

Why: Python 3 returns iterators.

Files (2, 3 edits, 3 changed lines):
  src/feed/a.py: 2 edits
  src/feed/b.py: 1 edit
Owners: @org/feed

Codemod: lazy-map
Batch: 3/12
Reviewed-by: Ada
";
        assert_eq!(message, expected);
    }

    #[test]
    fn long_summaries_are_cut_at_a_clause() {
        let json = info("Add `sort_keys=True` to `json.dumps()` / `json.dump()` calls so their output is byte-stable.");
        let subject = subject(&json, &batch());
        assert_eq!(subject, "lazy-map: add sort_keys=True (3/12, src/feed)");
        let long =
            info("Rewrite everything everywhere in every single file of the whole project at once");
        let subject = super::subject(&long, &batch());
        assert!(subject.chars().count() <= SUBJECT_WIDTH, "{subject}");
        assert!(subject.ends_with(" (3/12, src/feed)"));
        let lazy = info("Wrap `map()`, `filter()` and `zip()` in `list()` where Python 2 code needs a list; turn `itertools.imap/ifilter/izip` into the builtins.");
        assert_eq!(
            super::subject(&lazy, &batch()),
            "lazy-map: wrap map(), filter() and zip() in list() (3/12, src/feed)"
        );
        let words = info(
            "Rename the old names of things in the standard library to the new ones everywhere",
        );
        let subject = super::subject(&words, &batch());
        assert!(
            !subject.contains(" the (") && !subject.contains(" in ("),
            "{subject}"
        );
    }

    #[test]
    fn templates_fill_placeholders_and_reject_unknown_ones() {
        let template =
            Template::parse("[{codemod}] {summary} {{{batch}/{total}}}\n\n{files}\n\n{trailers}\n")
                .unwrap();
        let info = info("Wrap lazy map() in list().");
        let batch = batch();
        let message = render(
            &MessageInput {
                codemod: &info,
                batch: &batch,
                trailers: &[],
            },
            Some(&template),
        );
        assert!(message.starts_with(
            "[lazy-map] wrap lazy map() in list() {3/12}\n\n  src/feed/a.py: 2 edits\n"
        ));
        assert!(message.ends_with("Codemod: lazy-map\nBatch: 3/12\n"));
        assert!(Template::parse("{nope}")
            .unwrap_err()
            .contains("unknown placeholder {nope}"));
        assert!(Template::parse("{codemod").is_err());
    }

    #[test]
    fn wrapping_fills_paragraphs_and_list_items_but_keeps_code() {
        let text = "One two three four five six.\n\n- first item that is long\n  and continues\n- second\n\n```python\nx  =  1\n```";
        assert_eq!(
            wrap(text, 16),
            "One two three\nfour five six.\n\n- first item\n  that is long\n  and continues\n- second\n\n```python\nx  =  1\n```"
        );
    }

    #[test]
    fn trailers_are_checked() {
        assert_eq!(
            parse_trailer("Reviewed-by: Ada").unwrap(),
            ("Reviewed-by".into(), "Ada".into())
        );
        assert!(parse_trailer("no colon").is_err());
        assert!(parse_trailer("Bad key: x").is_err());
    }
}
