//! Repair the Python 2 constructs our parser cannot read, so the other codemods can run.
//!
//! ## What it does
//! Working on tokens rather than the syntax tree, in files that do not parse (and, for
//! `async`, in files that mention it):
//! - `exec EXPR in NS` where `EXPR` contains a call or attribute (`exec f.read() in ns`)
//!   → `exec(EXPR, NS)` (the `exec` codemod handles the forms that parse).
//! - `async` used as a name (`def f(async=False)`, `x.async`, `f(async=True)`) →
//!   `async_`, consistently in the whole file. Not done in files that use `async def`,
//!   `async with`, `async for` or `await` (Python 3 code).
//! - Assignments to `True`/`False` at statement level (`True = 1`, `True, False = 1, 0`,
//!   the usual compatibility shim for Python < 2.3) become `pass` with the original kept
//!   in a comment: in Python 3 they are syntax errors and the builtins always exist.
//! - Parameters that rebind a constant to itself (`def f(x, False=False, True=True)`, a
//!   Python 2 speed hack) are removed: the name then resolves to the constant.
//!
//! ## Why
//! These constructs make the whole file (or a large region of it) unreadable to the
//! parser, and every other codemod leaves unreadable regions alone. Python 3 rejects them
//! all: `async` is a keyword since 3.7, `True`/`False` since 3.0.
//!
//! ## Example
//! ```python
//! def write(self, data, async=False):
//!     exec self.source.read() in ns
//! ```
//! becomes
//! ```python
//! def write(self, data, async_=False):
//!     exec(self.source.read(), ns)
//! ```
//!
//! ## Fix safety
//! Review. Renaming `async` changes an API: callers in other files that pass `async=` by
//! keyword, or read `.async` on these objects, must be renamed too (they are, when they
//! are migrated with this codemod). Each rename is reported for review once per file.

use crate::analysis::tokens::{starts_statement, tokenize, Kind, Token};
use crate::codemod::{Codemod, Context, Fixes, Safety};
use crate::edit::Splice;
use crate::parse;
use crate::prefilter::FileText;

pub struct RepairErrors;

impl Codemod for RepairErrors {
    fn id(&self) -> &str {
        "repair-errors"
    }

    fn rewrites_syntax(&self) -> bool {
        true
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Every repair is keyed to one of these: an `exec` statement, an `async` name, a
        // `True`/`False` assignment at the start of a statement (`True = 1`,
        // `True, False = 1, 0`), a `True=True`/`None=None` parameter.
        let bytes = file.text().as_bytes();
        let assigned = |constant: &str| {
            file.any_after(constant, |tokens| {
                let text = tokens.text();
                let start = tokens.offset() - constant.len();
                let mut tokens = tokens.filter(|t| t.kind != Kind::Comment);
                let Some(next) = tokens.next() else {
                    return false;
                };
                match next.text(text) {
                    "=" => true,
                    "," if constant != "None" && starts_statement(bytes, start) => tokens
                        .take_while(|t| t.kind != Kind::Newline && t.text(text) != ";")
                        .any(|t| t.depth == 0 && t.text(text) == "="),
                    _ => false,
                }
            })
        };
        file.has_any_code_word(&["exec", "async"])
            || assigned("True")
            || assigned("False")
            || assigned("None")
    }

    fn safety(&self) -> Safety {
        Safety::Review
    }

    fn repairs_errors(&self) -> bool {
        true
    }

    fn check_file(&self, ctx: &Context<'_>, fixes: &mut Fixes) {
        let root = ctx.root();
        // `f(async=True)` parses, yet is a syntax error in Python 3.7+.
        if !root.has_error() && !ctx.text.contains("async") {
            return;
        }
        let errors = parse::error_regions(ctx.tree);
        let text = ctx.text;
        let tokens: Vec<Token> = tokenize(text)
            .into_iter()
            .filter(|t| t.kind != Kind::Comment)
            .collect();
        let name = |i: usize| {
            tokens
                .get(i)
                .filter(|t| t.kind == Kind::Name)
                .map(|t| t.text(text))
        };
        let op = |i: usize| {
            tokens
                .get(i)
                .filter(|t| t.kind == Kind::Op)
                .map(|t| t.text(text))
        };
        let statement_start = |i: usize| {
            i == 0
                || matches!(tokens[i - 1].kind, Kind::Newline)
                || (tokens[i - 1].kind == Kind::Op
                    && matches!(tokens[i - 1].text(text), ":" | ";")
                    && tokens[i - 1].depth == tokens[i].depth)
        };
        let python3 = tokens.iter().enumerate().any(|(i, t)| {
            t.kind == Kind::Name
                && (t.text(text) == "await"
                    || t.text(text) == "async"
                        && matches!(name(i + 1), Some("def" | "with" | "for")))
        });
        let mut async_renames = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let token = tokens[i];
            let word = name(i);
            if word == Some("async") && !python3 {
                async_renames.push(Splice::new(token.end, token.end, "_"));
            }
            if !statement_start(i) {
                i += 1;
                continue;
            }
            let end = statement_end(&tokens, text, i);
            match word {
                Some("exec")
                    if op(i + 1) != Some("=")
                        && overlaps(&errors, token.start, tokens[end - 1].end) =>
                {
                    exec_statement(&tokens[i..end], text, fixes, ctx);
                }
                Some("True" | "False") => constant_assignment(&tokens[i..end], text, fixes, ctx),
                _ => {}
            }
            i += 1;
        }
        constant_parameters(&tokens, text, fixes, ctx);
        if !async_renames.is_empty() {
            let first = async_renames[0].start;
            let line = text[..first].matches('\n').count() + 1;
            fixes.add(
                node_at(ctx, first),
                format!("`async` is a keyword in Python 3.7+; renamed to `async_` (first at line {line})"),
                async_renames,
            );
        }
    }
}

/// The smallest node at `byte`, for the line a fix is reported at.
fn node_at<'t>(ctx: &Context<'t>, byte: usize) -> tree_sitter::Node<'t> {
    ctx.root()
        .descendant_for_byte_range(byte, byte)
        .unwrap_or_else(|| ctx.root())
}

/// Index (exclusive) of the last token of the logical line starting at `start`, stopping
/// at a `;` outside brackets.
fn statement_end(tokens: &[Token], text: &str, start: usize) -> usize {
    let depth = tokens[start].depth;
    let mut end = start;
    while end < tokens.len() {
        let t = tokens[end];
        if t.kind == Kind::Newline
            || (t.depth == depth && t.kind == Kind::Op && t.text(text) == ";")
        {
            break;
        }
        end += 1;
    }
    end.max(start + 1)
}

fn overlaps(errors: &[(usize, usize, usize)], start: usize, end: usize) -> bool {
    errors.iter().any(|&(s, e, _)| start < e && s < end)
}

/// `exec CODE in NS` → `exec(CODE, NS)`.
fn exec_statement(tokens: &[Token], text: &str, fixes: &mut Fixes, ctx: &Context<'_>) {
    let depth = tokens[0].depth;
    let Some(in_at) = tokens
        .iter()
        .position(|t| t.kind == Kind::Name && t.depth == depth && t.text(text) == "in")
    else {
        if tokens.len() > 1 && !(tokens[1].kind == Kind::Op && tokens[1].text(text) == "(") {
            let (start, end) = (tokens[0].end, tokens[tokens.len() - 1].end);
            fixes.add(
                node_at(ctx, tokens[0].start),
                "exec statement → exec() call",
                vec![
                    Splice::new(start, tokens[1].start, "("),
                    Splice::new(end, end, ")"),
                ],
            );
        }
        return;
    };
    if in_at < 2 || in_at + 1 >= tokens.len() {
        return;
    }
    let last = tokens[tokens.len() - 1];
    fixes.add(
        node_at(ctx, tokens[0].start),
        "exec statement → exec() call",
        vec![
            Splice::new(tokens[0].end, tokens[1].start, "("),
            Splice::new(tokens[in_at - 1].end, tokens[in_at + 1].start, ", "),
            Splice::new(last.end, last.end, ")"),
        ],
    );
}

/// `True = 1` / `True, False = 1, 0` / `False = not True` at statement level.
fn constant_assignment(tokens: &[Token], text: &str, fixes: &mut Fixes, ctx: &Context<'_>) {
    let depth = tokens[0].depth;
    let Some(eq) = tokens
        .iter()
        .position(|t| t.kind == Kind::Op && t.depth == depth && t.text(text) == "=")
    else {
        return;
    };
    let targets_are_constants = tokens[..eq].iter().all(|t| {
        t.kind == Kind::Name && matches!(t.text(text), "True" | "False")
            || t.kind == Kind::Op && matches!(t.text(text), "," | "(" | ")")
    });
    if !targets_are_constants {
        return;
    }
    let (start, end) = (tokens[0].start, tokens[tokens.len() - 1].end);
    let original = &text[start..end];
    if original.contains('\n') || original.contains('\r') {
        fixes.review(
            node_at(ctx, start),
            "assignment to True/False spans lines; remove it by hand",
        );
        return;
    }
    fixes.add(
        node_at(ctx, start),
        "True/False cannot be assigned in Python 3 (they always exist)",
        vec![Splice::new(
            start,
            end,
            format!("pass  # Python 3 has True/False: {original}"),
        )],
    );
}

/// `def f(x, False=False, True=True)`: remove the parameters that rebind a constant.
fn constant_parameters(tokens: &[Token], text: &str, fixes: &mut Fixes, ctx: &Context<'_>) {
    for i in 1..tokens.len().saturating_sub(3) {
        let (prev, name, eq, value, next) = (
            tokens[i - 1],
            tokens[i],
            tokens[i + 1],
            tokens[i + 2],
            tokens[i + 3],
        );
        let constant =
            name.kind == Kind::Name && matches!(name.text(text), "True" | "False" | "None");
        if !constant
            || name.depth == 0
            || !(prev.kind == Kind::Op && matches!(prev.text(text), "," | "("))
            || eq.text(text) != "="
            || value.text(text) != name.text(text)
            || !(next.kind == Kind::Op && matches!(next.text(text), "," | ")"))
        {
            continue;
        }
        // Only parameters of a `def`: walk back to the opening bracket.
        let open = tokens[..i]
            .iter()
            .rposition(|t| t.depth == name.depth - 1 && t.kind == Kind::Op && t.text(text) == "(");
        let is_def = open.is_some_and(|o| o >= 2 && tokens[o - 2].text(text) == "def");
        if !is_def {
            continue;
        }
        let (start, end) = if next.text(text) == "," {
            // Remove `False=False,` and, when alone on its line, the whole line.
            let line_start = text[..name.start].rfind('\n').map(|p| p + 1).unwrap_or(0);
            let line_end = text[next.end..]
                .find('\n')
                .map(|p| next.end + p + 1)
                .unwrap_or(text.len());
            let alone = text[line_start..name.start].trim().is_empty()
                && text[next.end..line_end].trim().is_empty();
            if alone {
                (line_start, line_end)
            } else {
                (
                    name.start,
                    tokens.get(i + 4).map(|t| t.start).unwrap_or(next.end),
                )
            }
        } else {
            (prev.start, value.end)
        };
        fixes.add(
            node_at(ctx, name.start),
            format!(
                "a parameter cannot be called `{}` in Python 3",
                name.text(text)
            ),
            vec![Splice::new(start, end, "")],
        );
    }
}
