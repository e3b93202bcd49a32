//! A small, syntactic scope check: is a name bound locally where it is used?
//!
//! Good enough to tell the builtin `file` from a parameter or local variable named
//! `file`, or a module `thread` from a local `thread`. It looks at bindings (parameters,
//! assignment / for / with / except targets, imports, `def` / `class` names) of every
//! function enclosing the use, without following nested function or class bodies.

use crate::syntax::KindName;
use tree_sitter::Node;

/// True when `name` is bound in a function (or lambda) enclosing `node`, and not declared
/// `global` there.
pub fn bound_in_enclosing_function(node: Node<'_>, text: &str, name: &str) -> bool {
    bound_locally(node, text, name, true)
}

/// Like [`bound_in_enclosing_function`], but import statements do not count: for
/// callers asking whether a name still denotes the module it imports.
pub fn bound_in_enclosing_function_by_non_import(node: Node<'_>, text: &str, name: &str) -> bool {
    bound_locally(node, text, name, false)
}

fn bound_locally(node: Node<'_>, text: &str, name: &str, imports: bool) -> bool {
    let mut current = node;
    while let Some(parent) = current.parent() {
        match parent.kind_name() {
            "function_definition" | "lambda" => {
                if let Some(params) = parent.child_by_field_id(crate::field!("parameters").get()) {
                    if parameters_bind(params, text, name) {
                        return true;
                    }
                }
                if let Some(body) = parent.child_by_field_id(crate::field!("body").get()) {
                    let mut found = Binding::None;
                    scan_block(body, text, name, imports, &mut found);
                    match found {
                        Binding::Local => return true,
                        Binding::Global => return false,
                        Binding::None => {}
                    }
                }
            }
            "class_definition" => {}
            _ => {}
        }
        current = parent;
    }
    false
}

/// True when `name` is bound by a statement at module level (outside functions and
/// classes): assignment, `for`, `with`, `except`, import, `def` or `class`.
pub fn bound_at_module_level(root: Node<'_>, text: &str, name: &str) -> bool {
    let mut found = Binding::None;
    scan_block(root, text, name, true, &mut found);
    found == Binding::Local
}

/// True when a statement anywhere in the function body `body` (outside nested functions
/// and classes) binds `name`, and `name` is not declared `global`/`nonlocal` there.
pub fn body_binds(body: Node<'_>, text: &str, name: &str) -> bool {
    let mut found = Binding::None;
    scan_block(body, text, name, true, &mut found);
    found == Binding::Local
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Binding {
    None,
    Local,
    Global,
}

fn node_text<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    &text[node.start_byte()..node.end_byte()]
}

fn parameters_bind(params: Node<'_>, text: &str, name: &str) -> bool {
    let mut cursor = params.walk();
    for p in params.named_children(&mut cursor) {
        let bound = match p.kind_name() {
            "identifier" => node_text(p, text) == name,
            "default_parameter" | "typed_default_parameter" => p
                .child_by_field_id(crate::field!("name").get())
                .is_some_and(|n| target_binds(n, text, name)),
            "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => p
                .named_child(0)
                .is_some_and(|n| target_binds(n, text, name)),
            _ => target_binds(p, text, name),
        };
        if bound {
            return true;
        }
    }
    false
}

/// True when an assignment target (identifier, tuple / list pattern) binds `name`.
fn target_binds(target: Node<'_>, text: &str, name: &str) -> bool {
    match target.kind_name() {
        "identifier" => node_text(target, text) == name,
        "pattern_list"
        | "tuple_pattern"
        | "list_pattern"
        | "tuple"
        | "list"
        | "expression_list"
        | "parenthesized_expression"
        | "list_splat_pattern"
        | "list_splat"
        | "as_pattern_target" => {
            let mut cursor = target.walk();
            let found = target
                .named_children(&mut cursor)
                .any(|c| target_binds(c, text, name));
            found
        }
        _ => false,
    }
}

/// Scan statements (not entering nested functions / classes) for a binding of `name`.
fn scan_block(node: Node<'_>, text: &str, name: &str, imports: bool, found: &mut Binding) {
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        if *found == Binding::Global {
            return;
        }
        match child.kind_name() {
            "global_statement" | "nonlocal_statement" => {
                let mut c = child.walk();
                if child
                    .named_children(&mut c)
                    .any(|n| node_text(n, text) == name)
                {
                    *found = Binding::Global;
                    return;
                }
            }
            "function_definition" | "class_definition" => {
                if child
                    .child_by_field_id(crate::field!("name").get())
                    .is_some_and(|n| node_text(n, text) == name)
                {
                    *found = Binding::Local;
                }
            }
            "decorated_definition" => scan_block(child, text, name, imports, found),
            "assignment" | "augmented_assignment" => {
                if child
                    .child_by_field_id(crate::field!("left").get())
                    .is_some_and(|l| target_binds(l, text, name))
                {
                    *found = Binding::Local;
                }
                // Chained assignments nest in `right`.
                if let Some(right) = child.child_by_field_id(crate::field!("right").get()) {
                    if right.kind_name() == "assignment" {
                        scan_block(child, text, name, imports, found);
                    }
                }
            }
            "for_statement" | "for_in_clause" => {
                if child
                    .child_by_field_id(crate::field!("left").get())
                    .is_some_and(|l| target_binds(l, text, name))
                {
                    *found = Binding::Local;
                }
                scan_block(child, text, name, imports, found);
            }
            "as_pattern" => {
                if child
                    .child_by_field_id(crate::field!("alias").get())
                    .is_some_and(|l| target_binds(l, text, name))
                {
                    *found = Binding::Local;
                }
            }
            "except_clause" => {
                // Python 2 `except E, name:` binds the second value.
                let mut c = child.walk();
                let values: Vec<Node<'_>> = child
                    .children_by_field_id(crate::field!("value"), &mut c)
                    .collect();
                if values.len() == 2 && target_binds(values[1], text, name) {
                    *found = Binding::Local;
                }
                scan_block(child, text, name, imports, found);
            }
            "import_statement" | "import_from_statement" if imports => {
                let mut c = child.walk();
                for n in child.children_by_field_id(crate::field!("name"), &mut c) {
                    let local = match n.kind_name() {
                        "aliased_import" => n.child_by_field_id(crate::field!("alias").get()),
                        _ => n.named_child(0),
                    };
                    if local.is_some_and(|l| node_text(l, text) == name) {
                        *found = Binding::Local;
                    }
                }
            }
            "named_expression" => {
                if child
                    .child_by_field_id(crate::field!("name").get())
                    .is_some_and(|l| node_text(l, text) == name)
                {
                    *found = Binding::Local;
                }
                scan_block(child, text, name, imports, found);
            }
            "lambda" => {}
            _ => scan_block(child, text, name, imports, found),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn find<'t>(node: Node<'t>, text: &str, wanted: &str, line: usize) -> Option<Node<'t>> {
        if node.kind_name() == "identifier"
            && &text[node.byte_range()] == wanted
            && node.start_position().row + 1 == line
        {
            return Some(node);
        }
        let mut cursor = node.walk();
        let children: Vec<Node<'t>> = node.children(&mut cursor).collect();
        children
            .into_iter()
            .find_map(|c| find(c, text, wanted, line))
    }

    #[test]
    fn parameters_and_locals_shadow() {
        let src = "def f(file):\n    file\ndef g():\n    for file in x: pass\n    file\ndef h():\n    file\ndef k():\n    global file\n    file = 1\n    file\n";
        let tree = parse(src).unwrap();
        let root = tree.root_node();
        let at = |line| find(root, src, "file", line).unwrap();
        assert!(bound_in_enclosing_function(at(2), src, "file"));
        assert!(bound_in_enclosing_function(at(5), src, "file"));
        assert!(!bound_in_enclosing_function(at(7), src, "file"));
        assert!(!bound_in_enclosing_function(at(11), src, "file"));
        assert!(!bound_at_module_level(root, src, "file"));
        let src2 = "with open(p) as file:\n    pass\n";
        let tree2 = parse(src2).unwrap();
        assert!(bound_at_module_level(tree2.root_node(), src2, "file"));
    }
}
