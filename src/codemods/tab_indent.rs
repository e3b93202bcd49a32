//! Expand tabs in indentation when a file mixes tabs and spaces.
//!
//! ## What it does
//! In a file indented with both tabs and spaces, every tab in the indentation of a line
//! of code is replaced by spaces up to the next multiple of 8 columns — exactly how
//! Python 2 read it. Lines inside multi-line strings are left alone, as are files
//! indented consistently (only tabs, or only spaces).
//!
//! ## Why
//! Python 2 accepted inconsistent mixes of tabs and spaces (a tab counts as 8 columns);
//! Python 3 rejects them with `TabError`. 2to3 does not fix this.
//!
//! ## Example
//! ```python
//! if a:
//!         x = 1
//! <TAB>else:
//! ```
//! (a tab-indented `else` inside a space-indented block) becomes
//! ```python
//! if a:
//!         x = 1
//!         else:
//! ```
//!
//! ## Fix safety
//! Safe: the indentation Python 2 saw is kept, column for column.

use crate::analysis::tokens::{tokenize, Kind};
use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;

pub struct TabIndent;

impl Codemod for TabIndent {
    fn id(&self) -> &str {
        "tab-indent"
    }

    fn rewrites_syntax(&self) -> bool {
        true
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // A tab in some indentation, which check_file looks for first.
        file.text().contains('\t')
    }

    fn check_file(&self, ctx: &Context<'_>, fixes: &mut Fixes) {
        let text = ctx.text;
        if !text.contains("\n\t") && !text.contains("\n \t") && !text.starts_with('\t') {
            return;
        }
        let lines: Vec<(usize, &str)> = line_starts(text);
        let code = |line: &str| {
            let rest = line.trim_start_matches([' ', '\t']);
            !(rest.is_empty()
                || rest.starts_with('#')
                || rest.starts_with('\n')
                || rest.starts_with('\r'))
        };
        let mut tabs = false;
        let mut spaces = false;
        for (_, line) in &lines {
            if !code(line) {
                continue;
            }
            let ws = indent(line);
            tabs |= ws.contains('\t');
            spaces |= ws.starts_with(' ') && !ws.contains('\t');
        }
        if !(tabs && spaces) {
            return;
        }
        // Byte ranges inside strings: their lines are string content, not indentation.
        let strings: Vec<(usize, usize)> = tokenize(text)
            .into_iter()
            .filter(|t| t.kind == Kind::Str)
            .map(|t| (t.start, t.end))
            .collect();
        let mut splices = Vec::new();
        for (start, line) in &lines {
            let ws = indent(line);
            if !ws.contains('\t') || !code(line) {
                continue;
            }
            if strings.iter().any(|&(s, e)| s < *start && *start < e) {
                continue;
            }
            let mut column = 0;
            for ch in ws.chars() {
                column = if ch == '\t' {
                    (column / 8 + 1) * 8
                } else {
                    column + 1
                };
            }
            splices.push(Splice::new(*start, start + ws.len(), " ".repeat(column)));
        }
        if let Some(first) = splices.first() {
            let at = ctx
                .root()
                .descendant_for_byte_range(first.start, first.start)
                .unwrap_or_else(|| ctx.root());
            fixes.add(at, "Python 3 rejects inconsistent tabs and spaces", splices);
        }
    }
}

/// Every line with its starting byte offset.
fn line_starts(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        out.push((start, line));
        start += line.len();
    }
    out
}

fn indent(line: &str) -> &str {
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}
