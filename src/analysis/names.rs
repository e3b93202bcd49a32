//! What an identifier is: a reference to a (builtin) name, or a name in a binding or
//! attribute position. Used by the codemods that rename Python 2 builtins.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::Context;

/// True when the identifier `node` is used as a variable (read or assigned), not as an
/// attribute name (`x.name`), keyword (`f(name=1)`), import name, or def/class name.
pub fn is_variable(node: Node<'_>) -> bool {
    node.kind_name() == "identifier" && crate::analysis::references::is_variable_use(node)
}

/// True when `node` is a variable reference to the builtin `name` that the module does
/// not rebind (by import, module-level def/class or assignment) and that is not a
/// parameter of an enclosing function.
pub fn is_builtin_reference(node: Node<'_>, ctx: &Context<'_>, name: &str) -> bool {
    if ctx.text(node) != name || !is_variable(node) {
        return false;
    }
    if ctx.imports().shadows_builtin(name) {
        return false;
    }
    !bound_by_enclosing_function(node, ctx, name)
}

/// True when an enclosing `def`/`lambda` has a parameter called `name`, or the enclosing
/// function binds `name` anywhere in its body (assignment, `for`, `with`, `except`, import,
/// `def`/`class`; see [`crate::analysis::scope`]), or `node` is
/// directly in a class body that assigns `name` (`buffer = None` as a class attribute).
pub fn bound_by_enclosing_function(node: Node<'_>, ctx: &Context<'_>, name: &str) -> bool {
    let mut previous = node;
    let mut current = node.parent();
    // A class body's names are visible in the class body only, not in its methods.
    let mut inside_function = false;
    while let Some(scope) = current {
        if scope.kind_name() == "class_definition" && !inside_function {
            if let Some(body) = scope.child_by_field_id(crate::field!("body").get()) {
                if body.id() == previous.id()
                    && ctx.remember("class body assigns", body.id(), name, || {
                        block_assigns(body, ctx, name)
                    })
                {
                    return true;
                }
            }
        }
        // Default values are evaluated outside the function whose parameters they are.
        let from_parameters = scope
            .child_by_field_id(crate::field!("parameters").get())
            .is_some_and(|p| p.id() == previous.id());
        if matches!(scope.kind_name(), "function_definition" | "lambda") && !from_parameters {
            inside_function = true;
        }
        if matches!(scope.kind_name(), "function_definition" | "lambda") && !from_parameters {
            if let Some(params) = scope.child_by_field_id(crate::field!("parameters").get()) {
                if binds_parameter(params, ctx, name) {
                    return true;
                }
            }
            // Any binding in the body makes the name local to the whole function, also one
            // nested in an `if`/`for` or a tuple target (`buffer, n = peek()`).
            if let Some(body) = scope.child_by_field_id(crate::field!("body").get()) {
                if body.kind_name() == "block"
                    && ctx.remember("body binds", body.id(), name, || {
                        crate::analysis::scope::body_binds(body, ctx.text, name)
                    })
                {
                    return true;
                }
            }
        }
        previous = scope;
        current = scope.parent();
    }
    false
}

fn binds_parameter(params: Node<'_>, ctx: &Context<'_>, name: &str) -> bool {
    let mut cursor = params.walk();
    let found = params.named_children(&mut cursor).any(|p| {
        let target = match p.kind_name() {
            "identifier" => Some(p),
            "default_parameter" | "typed_default_parameter" => {
                p.child_by_field_id(crate::field!("name").get())
            }
            "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => {
                p.named_child(0)
            }
            "tuple_pattern" => return binds_parameter(p, ctx, name),
            _ => None,
        };
        target.is_some_and(|t| t.kind_name() == "identifier" && ctx.text(t) == name)
    });
    found
}

/// A direct statement `name = ...` (or `for name in`, `import ... as name`) in `block`.
fn block_assigns(block: Node<'_>, ctx: &Context<'_>, name: &str) -> bool {
    let mut cursor = block.walk();
    let found = block
        .named_children(&mut cursor)
        .any(|stmt| match stmt.kind_name() {
            "expression_statement" => {
                // `a = b = name = None` nests each further target in `right`.
                let mut assignment = stmt.named_child(0);
                while let Some(a) = assignment.filter(|a| a.kind_name() == "assignment") {
                    if a.child_by_field_id(crate::field!("left").get())
                        .is_some_and(|l| l.kind_name() == "identifier" && ctx.text(l) == name)
                    {
                        return true;
                    }
                    assignment = a.child_by_field_id(crate::field!("right").get());
                }
                false
            }
            "import_statement" | "import_from_statement" => {
                let text = ctx.text(stmt);
                text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .any(|w| w == name)
            }
            _ => false,
        });
    found
}

/// The identifier's parent when it is the callee of a call: `name(...)`.
pub fn called<'t>(node: Node<'t>) -> Option<Node<'t>> {
    let parent = node.parent()?;
    (parent.kind_name() == "call"
        && parent
            .child_by_field_id(crate::field!("function").get())
            .is_some_and(|f| f.id() == node.id()))
    .then_some(parent)
}

/// True when `name` is assigned as an attribute or method anywhere on the class that
/// contains `node` (walking up to the nearest `class_definition`).
pub fn enclosing_class<'t>(node: Node<'t>) -> Option<Node<'t>> {
    let mut current = node.parent();
    while let Some(n) = current {
        if n.kind_name() == "class_definition" {
            return Some(n);
        }
        current = n.parent();
    }
    None
}

/// The statements of a class body (skipping nothing; comments included as nodes).
pub fn class_body_statements<'t>(class: Node<'t>) -> Vec<Node<'t>> {
    let Some(body) = class.child_by_field_id(crate::field!("body").get()) else {
        return Vec::new();
    };
    let mut cursor = body.walk();
    body.named_children(&mut cursor).collect()
}

/// A method defined directly in `class` (also through decorators).
pub fn class_method<'t>(class: Node<'t>, ctx: &Context<'_>, name: &str) -> Option<Node<'t>> {
    class_body_statements(class).into_iter().find_map(|stmt| {
        let def = match stmt.kind_name() {
            "function_definition" => stmt,
            "decorated_definition" => stmt.child_by_field_id(crate::field!("definition").get())?,
            _ => return None,
        };
        (def.kind_name() == "function_definition"
            && def
                .child_by_field_id(crate::field!("name").get())
                .is_some_and(|n| ctx.text(n) == name))
        .then_some(def)
    })
}

/// True when the class body binds `name` as a method or a class attribute.
pub fn class_binds(class: Node<'_>, ctx: &Context<'_>, name: &str) -> bool {
    class_method(class, ctx, name).is_some()
        || class_body_statements(class).into_iter().any(|stmt| {
            stmt.kind_name() == "expression_statement"
                && stmt.named_child(0).is_some_and(|a| {
                    a.kind_name() == "assignment"
                        && a.child_by_field_id(crate::field!("left").get())
                            .is_some_and(|l| l.kind_name() == "identifier" && ctx.text(l) == name)
                })
        })
}

/// The leading whitespace of the line containing byte `at`.
pub fn line_indent(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = &text[start..];
    let width = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..width]
}

/// Propose renaming the identifier `node` to `to` when it is an unshadowed reference to the
/// builtin `from`. Returns true when a fix was proposed.
pub fn rename_builtin(
    node: tree_sitter::Node<'_>,
    ctx: &Context<'_>,
    fixes: &mut crate::codemod::Fixes,
    from: &str,
    to: &str,
) -> bool {
    if !is_builtin_reference(node, ctx, from) {
        return false;
    }
    fixes.replace(node, to, format!("`{from}` is `{to}` in Python 3"));
    true
}

/// Rename the callee `node` of a builtin call (`intern(x)`) to `to` and add `import_stmt`
/// (e.g. `import sys`) unless the module already imports what `to` needs.
pub fn rename_builtin_call_with_import(
    node: tree_sitter::Node<'_>,
    ctx: &Context<'_>,
    fixes: &mut crate::codemod::Fixes,
    from: &str,
    to: &str,
    import_stmt: &str,
) {
    if called(node).is_none() || !is_builtin_reference(node, ctx, from) {
        return;
    }
    fixes.replace(node, to, format!("`{from}` is `{to}` in Python 3"));
    add_import(ctx, fixes, node, import_stmt);
}

/// Propose adding `import_stmt` unless the module has it. A fix of its own, so that the
/// identical proposals of several rewrites in one file are merged into one import.
pub fn add_import(
    ctx: &Context<'_>,
    fixes: &mut crate::codemod::Fixes,
    at: tree_sitter::Node<'_>,
    import_stmt: &str,
) {
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
