//! Migrating the Python code in docstring examples (`--doctests`), as `2to3 -d` does.
//!
//! Every string literal (docstrings, and doctest strings such as `__test__` values; like
//! `2to3 -d`, which scans every line of the file) is scanned for doctest examples: a line `>>> code` followed by `... code` continuation
//! lines, with the same indentation. Each example's code (prompts and indentation
//! stripped) is rewritten by the same codemods as the file ([`Engine::transform_code`]);
//! the result is put back with its prompts and indentation. Expected output lines are
//! never touched. The docstring's raw text is used, as 2to3 does: escapes are not
//! interpreted.

use crate::syntax::KindName;
use std::path::Path;

use tree_sitter::Node;

use crate::edit::{self, Fix, Note, Splice};
use crate::engine::{Engine, TextOutcome};
use crate::parse;

/// One example: the byte range of its lines in the file, their indentation, the code.
struct Example {
    start: usize,
    end: usize,
    indent: String,
    code: String,
    /// 1-based line of the `>>>` line.
    line: usize,
}

/// Rewrite the doctest examples of `outcome.text` in place, recording their fixes and notes.
pub fn migrate(engine: &Engine, path: &Path, outcome: &mut TextOutcome) -> Result<(), String> {
    if !outcome.text.contains(">>>") {
        return Ok(());
    }
    let text = outcome.text.clone();
    let tree = parse::parse(&text).ok_or("the parser gave up on this file")?;
    let mut strings = Vec::new();
    collect_doc_strings(tree.root_node(), &text, &mut strings);
    let module_imports = module_imports(tree.root_node(), &text);
    let mut splices = Vec::new();
    for (start, end) in strings {
        let examples = examples(&text, start, end);
        if examples.is_empty() {
            continue;
        }
        let Some(results) = transform_session(engine, path, &module_imports, &examples) else {
            continue;
        };
        for (example, result) in examples.iter().zip(results) {
            for note in result.notes {
                if note.codemod == "parser" {
                    continue; // examples need not be complete statements
                }
                outcome.notes.push(Note {
                    line: note.line + example.line - 1,
                    message: format!("{} (doctest example)", note.message),
                    ..note
                });
            }
            let new_code = match result.text.strip_suffix('\n') {
                Some(code) if code != example.code => code,
                _ => continue,
            };
            let quote = &text[start..start + 3.min(end - start)];
            if (quote == "\"\"\"" || quote == "\'\'\'") && new_code.contains(quote) {
                continue; // the rewrite would end the docstring early
            }
            // doctest compiles each example as one statement: a statement added by a
            // rewrite (`from urllib.parse import a` + `from urllib.request import b`)
            // becomes an example of its own.
            let statement_rows = statement_rows(new_code);
            let mut replacement = String::new();
            for (i, line) in new_code.split('\n').enumerate() {
                if i > 0 {
                    replacement.push('\n');
                }
                replacement.push_str(&example.indent);
                let starts_statement = i == 0 || statement_rows.contains(&i);
                replacement.push_str(if starts_statement { ">>>" } else { "..." });
                if !line.is_empty() {
                    replacement.push(' ');
                    replacement.push_str(line);
                }
            }
            for fix in result.fixes {
                outcome.fixes.push(Fix {
                    line: fix.line + example.line - 1,
                    reason: format!("{} (doctest example)", fix.reason),
                    splices: Vec::new(),
                    ..fix
                });
            }
            splices.push(Splice::new(example.start, example.end, replacement));
        }
    }
    if splices.is_empty() {
        return Ok(());
    }
    let fix = Fix {
        codemod: "doctests".to_string(),
        line: 0,
        reason: String::new(),
        splices,
        edits_guards: false,
        unguards: false,
    };
    let new_text = edit::apply(&text, &[fix]);
    let new_tree = parse::parse(&new_text).ok_or("the parser gave up on the result")?;
    if parse::error_regions(&new_tree).len() > parse::error_regions(&tree).len() {
        return Err("rewriting doctest examples would not parse; file left unchanged".to_string());
    }
    outcome.text = new_text;
    Ok(())
}

const MARKER: &str = "__pymig_doctest_example__ = ";

/// Rewrite the examples of one docstring as one session (they share a namespace: an
/// import in one example serves the next), preceded by the module's imports. Examples
/// are separated by marker statements, and the result is split at them again. Returns
/// one outcome per example (code with a final newline; fix and note lines relative to
/// the example), or `None` when the markers did not survive.
fn transform_session(
    engine: &Engine,
    path: &Path,
    module_imports: &[&str],
    examples: &[Example],
) -> Option<Vec<TextOutcome>> {
    let mut session = String::new();
    for line in module_imports {
        session.push_str(line);
        session.push('\n');
    }
    // First session line (1-based) of each example's code.
    let mut starts = Vec::new();
    for (i, example) in examples.iter().enumerate() {
        session.push_str(&format!("{MARKER}{i}\n"));
        starts.push(session.matches('\n').count() + 1);
        session.push_str(&example.code);
        session.push('\n');
    }
    let result = engine.transform_code(path, &session).ok()?;
    let mut outcomes: Vec<TextOutcome> = examples
        .iter()
        .map(|_| TextOutcome {
            text: String::new(),
            fixes: Vec::new(),
            notes: Vec::new(),
            skipped: None,
        })
        .collect();
    let mut current: Option<usize> = None;
    let mut prelude_added = String::new();
    let mut prelude_lines = 0;
    let mut seen = 0;
    for line in result.text.split_inclusive('\n') {
        if let Some(index) = line.trim_end().strip_prefix(MARKER) {
            if index.parse::<usize>().ok()? != seen {
                return None;
            }
            current = Some(seen);
            seen += 1;
            continue;
        }
        match current {
            Some(i) => outcomes[i].text.push_str(line),
            // A line added before the first example (an import a codemod added): it
            // belongs to the examples, so it goes before the first one.
            None => {
                prelude_lines += 1;
                if !module_imports.contains(&line.trim_end()) {
                    prelude_added.push_str(line);
                }
            }
        }
    }
    if seen != examples.len() {
        return None;
    }
    // Only lines a codemod added (not the module's own imports, rewritten or not).
    if prelude_lines > module_imports.len() && !prelude_added.is_empty() {
        outcomes[0].text.insert_str(0, &prelude_added);
    }
    let example_of = |line: usize| starts.iter().rposition(|&s| s <= line);
    for fix in result.fixes {
        if let Some(i) = example_of(fix.line) {
            let line = fix.line - starts[i] + 1;
            outcomes[i].fixes.push(Fix { line, ..fix });
        }
    }
    for note in result.notes {
        if let Some(i) = example_of(note.line) {
            let line = note.line - starts[i] + 1;
            outcomes[i].notes.push(Note { line, ..note });
        }
    }
    Some(outcomes)
}

/// The 0-based rows where top-level statements of `code` start.
fn statement_rows(code: &str) -> Vec<usize> {
    let Some(tree) = parse::parse(code) else {
        return Vec::new();
    };
    let root = tree.root_node();
    let mut cursor = root.walk();
    let rows = root
        .named_children(&mut cursor)
        .filter(|c| c.kind_name() != "comment")
        .map(|c| c.start_position().row)
        .collect();
    rows
}

fn is_import(code: &str) -> bool {
    !code.contains('\n') && (code.starts_with("import ") || code.starts_with("from "))
}

/// The module's top-level single-line import statements.
fn module_imports<'t>(root: Node<'_>, text: &'t str) -> Vec<&'t str> {
    let mut cursor = root.walk();
    root.named_children(&mut cursor)
        .filter(|c| {
            matches!(
                c.kind_name(),
                "import_statement" | "import_from_statement" | "future_import_statement"
            )
        })
        .map(|c| &text[c.byte_range()])
        .filter(|s| is_import(s))
        .collect()
}

/// Byte ranges of the multi-line string literals (not f-strings) outside ERROR regions:
/// docstrings, and doctest strings such as `__test__ = {"api": """..."""}`.
fn collect_doc_strings(node: Node<'_>, text: &str, out: &mut Vec<(usize, usize)>) {
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        match child.kind_name() {
            "string" => {
                let mut c = child.walk();
                let interpolated = child
                    .named_children(&mut c)
                    .any(|p| p.kind_name() == "interpolation");
                if !interpolated && text[child.byte_range()].contains(">>>") {
                    out.push((child.start_byte(), child.end_byte()));
                }
            }
            "ERROR" => {}
            _ => collect_doc_strings(child, text, out),
        }
    }
}

/// The prompt (`>>>` / `...`) at `line` after `indent`, and the code after it.
fn after_prompt<'t>(line: &'t str, indent: &str, prompt: &str) -> Option<&'t str> {
    let rest = line.strip_prefix(indent)?.strip_prefix(prompt)?;
    if rest.is_empty() {
        Some("")
    } else {
        rest.strip_prefix(' ')
    }
}

/// The examples inside `text[start..end]`.
fn examples(text: &str, start: usize, end: usize) -> Vec<Example> {
    let mut found = Vec::new();
    // (start byte, content without line ending)
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut pos = start;
    for raw in text[start..end].split_inclusive('\n') {
        let content = raw.trim_end_matches(['\n', '\r']);
        lines.push((pos, content));
        pos += raw.len();
    }
    let first_line = text[..start].matches('\n').count() + 1;
    let mut i = 1; // the first line holds the opening quote
    while i < lines.len() {
        let (line_start, content) = lines[i];
        let indent_len = content.len() - content.trim_start_matches([' ', '\t']).len();
        let indent = &content[..indent_len];
        let Some(code) = after_prompt(content, indent, ">>>") else {
            i += 1;
            continue;
        };
        let mut code_lines = vec![code];
        let mut last = i;
        while let Some(more) = lines
            .get(last + 1)
            .and_then(|(_, l)| after_prompt(l, indent, "..."))
        {
            code_lines.push(more);
            last += 1;
        }
        let (last_start, last_content) = lines[last];
        let example_end = last_start + last_content.len();
        // The last line holds the closing quote: leave an example sharing it alone.
        if last + 1 < lines.len() && !code.trim().is_empty() {
            found.push(Example {
                start: line_start,
                end: example_end,
                indent: indent.to_string(),
                code: code_lines.join("\n"),
                line: first_line + i,
            });
        }
        i = last + 1;
    }
    found
}
