//! Rewrites several codemods share: renaming a builtin, adding an import.

use tree_sitter::Node;

use crate::codemod::{Context, Fixes};
use crate::semantics::references;

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
