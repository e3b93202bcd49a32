//! Where an identifier stands: a use of a variable, or a name in another role (an
//! attribute, a keyword argument, a parameter, a definition's name, part of an import).

use tree_sitter::Node;

use crate::syntax::KindName;

fn is_field(parent: Node<'_>, field: std::num::NonZeroU16, node: Node<'_>) -> bool {
    parent
        .child_by_field_id(field.get())
        .is_some_and(|c| c.id() == node.id())
}

/// True when `identifier` reads or binds the variable of that name in an expression
/// (`imap(f, x)`, `r = xrange`, `{'range': xrange}`): renaming the variable means
/// renaming this identifier. False for `x.name`, `f(name=1)`, parameters, the name of
/// a `def`/`class`, import statements and `global`/`nonlocal` declarations.
pub fn is_variable(identifier: Node<'_>) -> bool {
    if identifier.kind_name() != "identifier" {
        return false;
    }
    let Some(parent) = identifier.parent() else {
        return false;
    };
    match parent.kind_name() {
        "attribute" => !is_field(parent, crate::field!("attribute"), identifier),
        "keyword_argument"
        | "function_definition"
        | "class_definition"
        | "default_parameter"
        | "typed_default_parameter" => !is_field(parent, crate::field!("name"), identifier),
        "parameters"
        | "lambda_parameters"
        | "typed_parameter"
        | "list_splat_pattern"
        | "dictionary_splat_pattern"
        | "dotted_name"
        | "aliased_import"
        | "import_statement"
        | "import_from_statement"
        | "future_import_statement"
        | "global_statement"
        | "nonlocal_statement"
        | "keyword_pattern" => false,
        // Python 2 tuple parameters: `def f((a, b)):`.
        "tuple_pattern" => !inside_parameters(parent),
        _ => true,
    }
}

fn inside_parameters(mut node: Node<'_>) -> bool {
    while let Some(parent) = node.parent() {
        match parent.kind_name() {
            "tuple_pattern" => node = parent,
            "parameters" | "lambda_parameters" => return true,
            _ => return false,
        }
    }
    false
}

/// True when a variable identifier is written, not read: an assignment, `for`, `with`,
/// `except` or `del` target.
pub fn is_store(identifier: Node<'_>) -> bool {
    let mut current = identifier;
    while let Some(parent) = current.parent() {
        match parent.kind_name() {
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "list_splat_pattern"
            | "parenthesized_expression"
            | "tuple"
            | "list"
            | "expression_list"
            | "list_splat" => current = parent,
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                return is_field(parent, crate::field!("left"), current)
            }
            "as_pattern_target" | "delete_statement" => return true,
            "except_clause" => {
                // Python 2 `except E, e:`: the second value is the target.
                let mut cursor = parent.walk();
                let values: Vec<Node<'_>> = parent
                    .children_by_field_id(crate::field!("value"), &mut cursor)
                    .collect();
                return values.len() == 2 && values[1].id() == current.id();
            }
            _ => return false,
        }
    }
    false
}

/// The identifier's parent when it is the callee of a call: `name(...)`.
pub fn called<'t>(node: Node<'t>) -> Option<Node<'t>> {
    let parent = node.parent()?;
    (parent.kind_name() == "call" && is_field(parent, crate::field!("function"), node))
        .then_some(parent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn identifiers<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
        if node.kind_name() == "identifier" {
            out.push(node);
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            identifiers(child, out);
        }
    }

    #[test]
    fn roles() {
        let src = "a.b = f(c, d=e)\nfor g, h in i: del j\nimport k\ndef l(m, n=o): pass\n";
        let tree = parse(src).expect("parses");
        let mut ids = Vec::new();
        identifiers(tree.root_node(), &mut ids);
        let variables: Vec<&str> = ids
            .iter()
            .filter(|n| is_variable(**n))
            .map(|n| &src[n.byte_range()])
            .collect();
        assert_eq!(variables, vec!["a", "f", "c", "e", "g", "h", "i", "j", "o"]);
        let stores: Vec<&str> = ids
            .iter()
            .filter(|n| is_variable(**n) && is_store(**n))
            .map(|n| &src[n.byte_range()])
            .collect();
        assert_eq!(stores, vec!["g", "h", "j"]);
    }
}
