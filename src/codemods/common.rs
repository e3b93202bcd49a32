//! Rewrites several codemods share: renaming a builtin, adding an import.

use tree_sitter::Node;

use crate::codemod::{Context, Fixes};
use crate::edit::Splice;
use crate::semantics::references;
use crate::semantics::text::{line_end, line_start};
use crate::syntax::KindName;

/// True when `node` is a variable use of the Python 2 builtin `name` here: not an
/// attribute or keyword, and no binding of the file (import, `def`, assignment,
/// parameter, ... in any enclosing scope) shadows it.
pub fn is_builtin<'t>(node: Node<'t>, ctx: &Context<'t>, name: &str) -> bool {
    ctx.semantics().is_builtin_reference(node, name)
}

/// Propose renaming the identifier `node` to `to` when it is a reference to the builtin
/// `from`. Returns true when a fix was proposed.
pub fn rename_builtin<'t>(
    node: Node<'t>,
    ctx: &Context<'t>,
    fixes: &mut Fixes,
    from: &str,
    to: &str,
) -> bool {
    if !is_builtin(node, ctx, from) {
        return false;
    }
    fixes.replace(node, to, format!("`{from}` is `{to}` in Python 3"));
    true
}

/// Rename the callee `node` of a builtin call (`intern(x)`) to `to` and add `import_stmt`
/// (e.g. `import sys`) unless the module already imports what `to` needs.
pub fn rename_builtin_call_with_import<'t>(
    node: Node<'t>,
    ctx: &Context<'t>,
    fixes: &mut Fixes,
    from: &str,
    to: &str,
    import_stmt: &str,
) {
    if references::called(node).is_none() || !is_builtin(node, ctx, from) {
        return;
    }
    fixes.replace(node, to, format!("`{from}` is `{to}` in Python 3"));
    add_import(ctx, fixes, node, import_stmt);
}

/// Propose adding `import_stmt` unless the module has it. A fix of its own, so that the
/// identical proposals of several rewrites in one file are merged into one import.
pub fn add_import<'t>(ctx: &Context<'t>, fixes: &mut Fixes, at: Node<'t>, import_stmt: &str) {
    if !has_import(ctx, import_stmt) {
        let splice = crate::imports::add_import_splice(ctx.root(), ctx.text, import_stmt);
        fixes.add(
            at,
            format!("needed by the rewrite: `{import_stmt}`"),
            vec![splice],
        );
    }
}

/// True when the module already has `import m` / `from m import x` as given (at top level).
pub fn has_import(ctx: &Context<'_>, import_stmt: &str) -> bool {
    let imports = ctx.imports();
    if let Some(module) = import_stmt.strip_prefix("import ") {
        return imports
            .bindings
            .iter()
            .any(|b| !b.from_import && b.top_level && b.local == module && b.qualified == module);
    }
    if let Some(rest) = import_stmt.strip_prefix("from ") {
        if let Some((module, name)) = rest.split_once(" import ") {
            let qualified = format!("{module}.{name}");
            return imports.bindings.iter().any(|b| {
                b.from_import && b.top_level && b.local == name && b.qualified == qualified
            });
        }
    }
    false
}

/// Propose adding the module-level helper function `name` (its full `def` in `source`,
/// no trailing newline) after the module's imports, once. `false`, with nothing
/// proposed, when the module already binds `name` otherwise.
pub fn add_helper(
    ctx: &Context<'_>,
    fixes: &mut Fixes,
    at: Node<'_>,
    name: &str,
    source: &str,
) -> bool {
    let semantics = ctx.semantics();
    if semantics.module_binds(name) {
        return false;
    }
    let (position, text) = match first_code_statement(ctx.root(), ctx.text) {
        Some(at) => (at, format!("{source}\n\n\n")),
        None => (ctx.text.len(), format!("\n\n{source}\n")),
    };
    let splice = Splice::new(position, position, text);
    fixes.add(
        at,
        format!("needed by the rewrite: a helper `{name}`"),
        vec![splice],
    );
    true
}

/// Where the module's code starts: the line of its first statement that is not the
/// docstring or an import, above the comment lines that lead into it.
fn first_code_statement(root: Node<'_>, text: &str) -> Option<usize> {
    let mut cursor = root.walk();
    let mut index = 0;
    for child in root.named_children(&mut cursor) {
        if child.kind_name() == "comment" {
            continue;
        }
        let docstring = index == 0
            && child.kind_name() == "expression_statement"
            && child
                .named_child(0)
                .is_some_and(|s| s.kind_name() == "string");
        index += 1;
        if docstring
            || matches!(
                child.kind_name(),
                "import_statement" | "import_from_statement" | "future_import_statement"
            )
        {
            continue;
        }
        let mut start = line_start(text, child.start_byte());
        while start > 0 {
            let previous = line_start(text, start - 1);
            if !text[previous..start].trim_start().starts_with('#') {
                break;
            }
            start = previous;
        }
        return Some(start);
    }
    None
}

/// A splice that deletes the statement `stmt` (a `def` with its decorators, an
/// assignment, ...) with its lines, and the blank lines that separated it from the
/// statement before (or, first in its block, from the one after). A statement alone in
/// its block becomes `pass`; one sharing a line with others is cut from it.
pub fn delete_statement(stmt: Node<'_>, text: &str) -> Splice {
    let stmt = stmt
        .parent()
        .filter(|p| p.kind_name() == "decorated_definition")
        .unwrap_or(stmt);
    if is_only_statement(stmt) {
        return Splice::new(stmt.start_byte(), stmt.end_byte(), "pass");
    }
    let start = line_start(text, stmt.start_byte());
    let end = line_end(text, stmt.end_byte());
    let before = &text[start..stmt.start_byte()];
    let after = text[stmt.end_byte()..end].trim();
    if !before.trim().is_empty() {
        // `a = 1; b = 2`, deleting `b = 2`: from the separator before it.
        let cut = before.rfind(';').map_or(stmt.start_byte(), |i| start + i);
        return Splice::new(cut, stmt.end_byte(), "");
    }
    if !after.is_empty() && !after.starts_with('#') {
        // `a = 1; b = 2`, deleting `a = 1`: up to the next statement.
        let rest = &text[stmt.end_byte()..];
        let separator = rest.len() - rest.trim_start_matches([' ', '\t', ';']).len();
        return Splice::new(stmt.start_byte(), stmt.end_byte() + separator, "");
    }
    // Blank lines before it, back to the previous line with text.
    let blank_start = blank_lines_before(text, start);
    if blank_start < start {
        return Splice::new(blank_start, end, "");
    }
    Splice::new(start, blank_lines_after(text, end), "")
}

/// True when `stmt` is the only statement (comments aside) of its block.
pub fn is_only_statement(stmt: Node<'_>) -> bool {
    stmt.parent().is_some_and(|block| {
        block.kind_name() == "block" && {
            let mut cursor = block.walk();
            block
                .named_children(&mut cursor)
                .filter(|c| c.kind_name() != "comment")
                .count()
                == 1
        }
    })
}

/// The start of the run of blank lines that ends at `at` (a line start).
fn blank_lines_before(text: &str, at: usize) -> usize {
    let mut start = at;
    while start > 0 {
        let previous = line_start(text, start - 1);
        if !text[previous..start].trim().is_empty() {
            break;
        }
        start = previous;
    }
    start
}

/// The end of the run of blank lines that starts at `at` (a line start).
fn blank_lines_after(text: &str, at: usize) -> usize {
    let mut end = at;
    while end < text.len() {
        let next = line_end(text, end);
        if !text[end..next].trim().is_empty() {
            break;
        }
        end = next;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn delete_nth(src: &str, nth: usize) -> String {
        let tree = parse(src).expect("parses");
        let class = tree.root_node().named_child(0).expect("a class");
        let body = class
            .child_by_field_id(crate::field!("body").get())
            .expect("a body");
        let stmt = body.named_child(nth).expect("a statement");
        let splice = delete_statement(stmt, src);
        format!(
            "{}{}{}",
            &src[..splice.start],
            splice.text,
            &src[splice.end..]
        )
    }

    #[test]
    fn deleted_statements_take_their_blank_lines() {
        let src = "class A:\n    def a(self):\n        pass\n\n    def b(self):\n        pass\n\n    c = 1\n";
        assert_eq!(
            delete_nth(src, 1),
            "class A:\n    def a(self):\n        pass\n\n    c = 1\n"
        );
        assert_eq!(
            delete_nth(src, 0),
            "class A:\n    def b(self):\n        pass\n\n    c = 1\n"
        );
        let alone = "class A:\n    x = 1\n";
        assert_eq!(delete_nth(alone, 0), "class A:\n    pass\n");
        let inline = "class A:\n    x = 1; y = 2\n";
        assert_eq!(delete_nth(inline, 0), "class A:\n    y = 2\n");
    }
}
