//! Collapse version guards to the branch the target runs (`--target-version 3.x`).
//!
//! ## What it does
//! With a Python 3 target, code that straddles Python 2 and 3 keeps only its Python 3
//! side, as pyupgrade does for outdated version blocks:
//! - `if` / `elif` / `else` chains whose conditions test the version
//!   (`sys.version_info[0] >= 3`, `sys.version_info < (3,)`, `sys.version_info >= (3, 6)`
//!   when the target is 3.6 or later, `six.PY2`, `six.PY3`, module flags such as
//!   `PY3 = sys.version_info[0] == 3` and flags imported under the usual names): the
//!   branch Python 3 takes replaces the statement, dedented; branches it never takes
//!   go. Where a condition the target cannot decide comes first, only the decided
//!   branches after it are simplified.
//! - `x if six.PY2 else y` → `y`.
//! - `try: import cPickle as pickle` / `except ImportError: import pickle` → `import
//!   pickle`; `try: import urllib.parse` / `except ImportError: import urlparse` → the
//!   `try` body. The same for `try: unicode` / `except NameError: unicode = str`: the
//!   handler remains.
//!
//! ## Why
//! Once Python 2 is gone, its branches are dead code that still has to be read,
//! reviewed and kept compiling; the Python 3 side is what runs.
//!
//! ## Example
//! ```python
//! if sys.version_info[0] >= 3:
//!     text_type = str
//! else:
//!     text_type = unicode
//! ```
//! becomes
//! ```python
//! text_type = str
//! ```
//!
//! ## Left alone
//! Every guard with a Python 2.7 target (the code must still run there); conditions that
//! mix a version test with anything else (`PY3 and x`); `try` statements with a
//! `finally` clause or other handlers; a multi-line string whose lines would have to
//! move.
//!
//! ## Fix safety
//! Safe: the kept branch is exactly what every Python of the target range runs.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::semantics::text::{line_indent, line_start};
use crate::semantics::Truth;
use crate::syntax::KindName;

pub struct VersionGuards;

impl Codemod for VersionGuards {
    fn id(&self) -> &str {
        "version-guards"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Any text a guard needs (flags are spelled in many ways: PY3, _PY3, is_py3,
        // PYTHON3, PY3K, six.PY34): a superset is fine for a prefilter.
        const NEEDLES: &[&str] = &[
            "version", "PY2", "PY3", "py2", "py3", "YTHON", "ython", "Error",
        ];
        let text = file.text().as_bytes();
        file.options().target_version >= (3, 0)
            && NEEDLES
                .iter()
                .any(|n| memchr::memmem::find(text, n.as_bytes()).is_some())
    }

    fn kinds(&self) -> &[&'static str] {
        &["if_statement", "conditional_expression", "try_statement"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if ctx.options.target_version < (3, 0) {
            return;
        }
        match node.kind_name() {
            "if_statement" => if_statement(node, ctx, fixes),
            "conditional_expression" => conditional(node, ctx, fixes),
            _ => try_statement(node, ctx, fixes),
        }
    }
}

const REASON: &str = "a version guard: Python 3 only runs this branch";

/// One clause of an `if` chain: its condition's truth on Python 3 and its block.
struct Clause<'t> {
    node: Node<'t>,
    py3: Option<bool>,
    block: Node<'t>,
}

fn clauses<'t>(stmt: Node<'t>, ctx: &Context<'t>) -> Option<(Vec<Clause<'t>>, Option<Node<'t>>)> {
    let truth = |n: Node<'t>| -> Truth {
        n.child_by_field_id(crate::field!("condition").get())
            .map_or(
                Truth {
                    py2: None,
                    py3: None,
                },
                |c| ctx.semantics().truth(c),
            )
    };
    let mut list = vec![Clause {
        node: stmt,
        py3: truth(stmt).py3,
        block: stmt.child_by_field_id(crate::field!("consequence").get())?,
    }];
    let mut else_block = None;
    let mut cursor = stmt.walk();
    for alternative in stmt.children_by_field_id(crate::field!("alternative"), &mut cursor) {
        match alternative.kind_name() {
            "elif_clause" => list.push(Clause {
                node: alternative,
                py3: truth(alternative).py3,
                block: alternative.child_by_field_id(crate::field!("consequence").get())?,
            }),
            "else_clause" => {
                else_block = alternative.child_by_field_id(crate::field!("body").get());
            }
            _ => return None,
        }
    }
    Some((list, else_block))
}

fn if_statement<'t>(stmt: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let Some((clauses, else_block)) = clauses(stmt, ctx) else {
        return;
    };
    if clauses.iter().all(|c| c.py3.is_none()) {
        return;
    }
    let indent = line_indent(ctx.text, stmt.start_byte()).to_string();
    // The first clause Python 3 may take decides.
    let first_open = clauses.iter().position(|c| c.py3 != Some(false));
    match first_open {
        // Every condition is false on Python 3: the `else` branch, or nothing.
        None => replace_with_block(stmt, else_block, &indent, ctx, fixes),
        // Only false conditions before a true one.
        Some(k) if clauses[k].py3 == Some(true) => {
            replace_with_block(stmt, Some(clauses[k].block), &indent, ctx, fixes)
        }
        Some(k) => simplify_chain(stmt, &clauses, k, ctx, fixes),
    }
}

/// `stmt` becomes the statements of `block` (dedented to `indent`), or nothing.
fn replace_with_block<'t>(
    stmt: Node<'t>,
    block: Option<Node<'t>>,
    indent: &str,
    ctx: &Context<'t>,
    fixes: &mut Fixes,
) {
    let splices = match block {
        Some(block) => keep_block(stmt, block, indent, ctx),
        None => vec![remove_statement(stmt, ctx)],
    };
    fixes.add_unguarding(stmt, REASON, splices);
}

/// The splices that replace `stmt` by the statements of `block`: the text before the
/// block's first statement and after its last one goes, each line of the block loses the
/// indentation it had beyond `indent`, and its `u''` prefixes go (Python 3 code, now out
/// of its guard, must not read as Python 2, whose unprefixed literals were bytes). The
/// block's own text stays in place, so other codemods' edits inside it compose.
fn keep_block<'t>(stmt: Node<'t>, block: Node<'t>, indent: &str, ctx: &Context<'t>) -> Vec<Splice> {
    let text = ctx.text;
    let first = block.start_byte();
    let last = block.end_byte();
    let line = line_start(text, first);
    let same_line = !text[line..first].trim().is_empty();
    let mut splices = vec![Splice::new(stmt.start_byte(), first, "")];
    if !same_line {
        let block_indent = &text[line..first];
        let strings = multiline_strings(block);
        let mut at = crate::semantics::text::line_end(text, first);
        while at < last {
            let inside_string = strings.iter().any(|&(s, e)| s < at && at < e);
            if !inside_string {
                if let Some(rest) = text[at..].strip_prefix(block_indent) {
                    let _ = rest;
                    splices.push(Splice::new(at, at + block_indent.len(), indent));
                } else {
                    // A comment or continuation line indented differently: drop as much
                    // of the extra indentation as it has.
                    let extra = block_indent.len().saturating_sub(indent.len());
                    let leading =
                        text[at..].len() - text[at..].trim_start_matches([' ', '\t']).len();
                    let cut = leading.min(extra);
                    let blank = text[at..].starts_with(['\n', '\r']);
                    if cut > 0 && !blank {
                        splices.push(Splice::new(at, at + cut, ""));
                    }
                }
            }
            at = crate::semantics::text::line_end(text, at);
        }
    }
    splices.extend(u_prefixes(block, ctx));
    splices.push(Splice::new(last, stmt.end_byte(), ""));
    splices.sort_by_key(|s| (s.start, s.end));
    splices.retain(|s| s.start < s.end || !s.text.is_empty());
    splices
}

/// Splices deleting the `u` prefix of every string literal in `node`.
fn u_prefixes(node: Node<'_>, ctx: &Context<'_>) -> Vec<Splice> {
    let mut found = Vec::new();
    crate::syntax::preorder(node, |n| {
        if n.kind_name() == "string_start" {
            let opener = ctx.text(n);
            if opener.starts_with(['u', 'U']) && !opener[1..].starts_with(['r', 'R']) {
                found.push(Splice::new(n.start_byte(), n.start_byte() + 1, ""));
            }
            return crate::syntax::Visit::SkipChildren;
        }
        crate::syntax::Visit::Descend
    });
    found
}

/// Delete a statement with its line, or make it `pass` when the block would be empty.
fn remove_statement(stmt: Node<'_>, ctx: &Context<'_>) -> Splice {
    let only_statement = stmt.parent().is_some_and(|block| {
        block.kind_name() == "block" && {
            let mut cursor = block.walk();
            block
                .named_children(&mut cursor)
                .filter(|c| c.kind_name() != "comment")
                .count()
                == 1
        }
    });
    if only_statement {
        return Splice::new(stmt.start_byte(), stmt.end_byte(), "pass");
    }
    let start = line_start(ctx.text, stmt.start_byte());
    let own_line = ctx.text[start..stmt.start_byte()].trim().is_empty();
    let end = crate::semantics::text::line_end(ctx.text, stmt.end_byte());
    let own_end = ctx.text[stmt.end_byte()..end].trim().is_empty();
    if own_line && own_end {
        Splice::new(start, end, "")
    } else {
        Splice::new(stmt.start_byte(), stmt.end_byte(), "pass")
    }
}

/// An undecided condition comes first: drop the decided-false clauses before it, and
/// end the chain at the first decided-true clause after it.
fn simplify_chain<'t>(
    stmt: Node<'t>,
    clauses: &[Clause<'t>],
    first_open: usize,
    ctx: &Context<'t>,
    fixes: &mut Fixes,
) {
    let mut splices = Vec::new();
    if first_open > 0 {
        // `if PY2: a elif x: b` → `if x: b`
        let open = clauses[first_open].node;
        splices.push(Splice::new(
            stmt.start_byte(),
            open.start_byte() + "el".len(),
            "",
        ));
    }
    // Later clauses: a decided-false one goes; a decided-true one becomes `else:` and ends
    // the chain.
    for (i, clause) in clauses.iter().enumerate().skip(first_open + 1) {
        match clause.py3 {
            Some(false) => splices.push(Splice::new(
                clauses[i - 1].block.end_byte(),
                clause.block.end_byte(),
                "",
            )),
            Some(true) => {
                let condition_end = clause.block.start_byte();
                let colon = ctx.text[..condition_end]
                    .rfind(':')
                    .unwrap_or(condition_end);
                splices.push(Splice::new(clause.node.start_byte(), colon, "else"));
                if clause.block.end_byte() < stmt.end_byte() {
                    splices.push(Splice::new(clause.block.end_byte(), stmt.end_byte(), ""));
                }
                fixes.add_unguarding(stmt, REASON, splices);
                return;
            }
            None => {}
        }
    }
    fixes.add_unguarding(stmt, REASON, splices);
}

/// `a if C else b` with C decided on Python 3.
fn conditional<'t>(expr: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let mut cursor = expr.walk();
    let parts: Vec<Node<'t>> = expr.named_children(&mut cursor).collect();
    let [yes, condition, no] = parts.as_slice() else {
        return;
    };
    let kept = match ctx.semantics().truth(*condition).py3 {
        Some(true) => *yes,
        Some(false) => *no,
        None => return,
    };
    let mut splices = vec![Splice::new(expr.start_byte(), kept.start_byte(), "")];
    splices.extend(u_prefixes(kept, ctx));
    splices.push(Splice::new(kept.end_byte(), expr.end_byte(), ""));
    fixes.add_unguarding(expr, REASON, splices);
}

/// `try: <import only Python 2 has> / except ImportError: <Python 3 import>` and the
/// reverse, and `try: unicode / except NameError: ...`.
fn try_statement<'t>(stmt: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let Some(guard) = ctx.semantics().try_guard(stmt) else {
        py2_fallbacks(stmt, ctx, fixes);
        return;
    };
    let mut handlers = Vec::new();
    let mut cursor = stmt.walk();
    for part in stmt.named_children(&mut cursor) {
        match part.kind_name() {
            "except_clause" => handlers.push(part),
            "finally_clause" | "except_group_clause" => return,
            _ => {}
        }
    }
    let [handler] = handlers.as_slice() else {
        return;
    };
    let indent = line_indent(ctx.text, stmt.start_byte()).to_string();
    let kept = if guard.handler.py3_only() {
        // The handler binds the exception (`except ImportError as e:`)? Then it reads it.
        let binds = ctx.text[handler.start_byte()..]
            .split(':')
            .next()
            .is_some_and(|head| head.contains(" as ") || head.contains(','));
        if binds {
            return;
        }
        handler_block(*handler)
    } else {
        if has_else(stmt) {
            return;
        }
        stmt.child_by_field_id(crate::field!("body").get())
    };
    replace_with_block(stmt, kept, &indent, ctx, fixes);
}

/// `try: from cStringIO import StringIO` / `except ImportError: from StringIO import
/// StringIO`: a choice between two Python 2 modules, the first of which has a Python 3
/// name (the `imports` codemods give it). Python 3 takes the first: the `try` body stays,
/// dedented by minimal splices so that the renames inside it still apply.
fn py2_fallbacks<'t>(stmt: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let Some(body) = stmt.child_by_field_id(crate::field!("body").get()) else {
        return;
    };
    let statements = named_statements(body);
    let renamed = |s: &Node<'t>| match s.kind_name() {
        "import_statement" | "import_from_statement" => imported_modules(*s, ctx)
            .iter()
            .all(|m| has_python3_name(m)),
        _ => false,
    };
    if statements.is_empty() || !statements.iter().all(renamed) {
        return;
    }
    let mut cursor = stmt.walk();
    for part in stmt.named_children(&mut cursor) {
        match part.kind_name() {
            "block" | "comment" => {}
            "except_clause" => {
                let Some(block) = handler_block(part) else {
                    return;
                };
                let fallbacks = named_statements(block);
                let python2_import = |s: &Node<'t>| {
                    matches!(s.kind_name(), "import_statement" | "import_from_statement")
                        && imported_modules(*s, ctx).iter().all(|m| {
                            crate::semantics::python::is_py2_only_module(m)
                                || s.kind_name() == "import_from_statement"
                        })
                };
                if fallbacks.is_empty() || !fallbacks.iter().all(python2_import) {
                    return;
                }
            }
            _ => return, // `else`, `finally`
        }
    }
    let Some(first) = statements.first() else {
        return;
    };
    let Some(last) = statements.last() else {
        return;
    };
    let indent = line_indent(ctx.text, stmt.start_byte());
    let body_indent = line_indent(ctx.text, first.start_byte());
    // From `try:` to the indentation of the next line (a comment there stays).
    let next_line = crate::semantics::text::line_end(ctx.text, stmt.start_byte());
    if !ctx.text[next_line..].starts_with(body_indent) || next_line > first.start_byte() {
        return;
    }
    let mut splices = vec![Splice::new(
        stmt.start_byte(),
        next_line + body_indent.len(),
        "",
    )];
    let mut line = crate::semantics::text::line_end(ctx.text, next_line);
    while line < last.end_byte() {
        if ctx.text[line..].starts_with(body_indent) {
            splices.push(Splice::new(line, line + body_indent.len(), indent));
        }
        line = crate::semantics::text::line_end(ctx.text, line);
    }
    splices.push(Splice::new(last.end_byte(), stmt.end_byte(), ""));
    fixes.add_guard_edit(
        stmt,
        "Python 3 has the first module of this fallback chain (under its Python 3 name)",
        splices,
    );
}

/// The statements of a block, comments aside.
fn named_statements(block: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = block.walk();
    let statements = block
        .named_children(&mut cursor)
        .filter(|c| c.kind_name() != "comment")
        .collect();
    statements
}

/// The modules an import statement imports (`from m import x` → `m`).
fn imported_modules<'t>(stmt: Node<'t>, ctx: &Context<'t>) -> Vec<&'t str> {
    if stmt.kind_name() == "import_from_statement" {
        return stmt
            .child_by_field_id(crate::field!("module_name").get())
            .map(|m| vec![ctx.text(m)])
            .unwrap_or_default();
    }
    let mut cursor = stmt.walk();
    let modules = stmt
        .children_by_field_id(crate::field!("name"), &mut cursor)
        .filter_map(|n| match n.kind_name() {
            "aliased_import" => n.child_by_field_id(crate::field!("name").get()),
            _ => Some(n),
        })
        .map(|n| ctx.text(n))
        .collect();
    modules
}

/// A Python 2 module that the migration renames to its Python 3 home.
fn has_python3_name(module: &str) -> bool {
    crate::semantics::python::RENAMED_MODULES
        .iter()
        .any(|(old, _)| *old == module)
        || module == "urllib2"
}

fn handler_block(handler: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = handler.walk();
    let block = handler
        .named_children(&mut cursor)
        .find(|c| c.kind_name() == "block");
    block
}

fn has_else(stmt: Node<'_>) -> bool {
    let mut cursor = stmt.walk();
    let found = stmt
        .named_children(&mut cursor)
        .any(|c| c.kind_name() == "else_clause");
    found
}

/// Byte ranges of the string literals of `node` that span lines.
fn multiline_strings(node: Node<'_>) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    crate::syntax::preorder(node, |n| {
        if n.kind_name() == "string" {
            if n.start_position().row != n.end_position().row {
                found.push((n.start_byte(), n.end_byte()));
            }
            return crate::syntax::Visit::SkipChildren;
        }
        crate::syntax::Visit::Descend
    });
    found
}
