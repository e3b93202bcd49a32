//! Small, shared facts about Python syntax trees: operator precedence, call shapes.

use tree_sitter::Node;

/// Binding strength of an expression node, higher binds tighter (Python's table).
pub fn precedence(node: Node<'_>, text: &str) -> u8 {
    match node.kind() {
        "lambda" => 1,
        "named_expression" | "yield" => 0,
        "conditional_expression" => 2,
        "boolean_operator" => {
            match node
                .child_by_field_name("operator")
                .map(|o| &text[o.start_byte()..o.end_byte()])
            {
                Some("or") => 3,
                _ => 4,
            }
        }
        "not_operator" => 5,
        "comparison_operator" => 6,
        "binary_operator" => {
            let op = node
                .child_by_field_name("operator")
                .map(|o| &text[o.start_byte()..o.end_byte()])
                .unwrap_or("");
            match op {
                "|" => 7,
                "^" => 8,
                "&" => 9,
                "<<" | ">>" => 10,
                "+" | "-" => 11,
                "*" | "/" | "//" | "%" | "@" => 12,
                "**" => 14,
                _ => 12,
            }
        }
        "unary_operator" => 13,
        "await" => 15,
        "list_splat" | "dictionary_splat" => 0,
        _ => 16,
    }
}

/// Precedence levels to compare against with [`precedence`].
pub mod level {
    /// Operand of `in` / `not in` / `==` (comparison): needs more than a comparison.
    pub const COMPARISON_OPERAND: u8 = 7;
    /// Operand of `not`.
    pub const NOT_OPERAND: u8 = 6;
    /// The object of an attribute access, call or subscript.
    pub const PRIMARY: u8 = 16;
    /// An argument or list element: anything but a bare tuple / yield / walrus.
    pub const ARGUMENT: u8 = 1;
}

/// The text of `node`, in parentheses if it binds more loosely than `min_level`.
pub fn parenthesized_if_needed(node: Node<'_>, text: &str, min_level: u8) -> String {
    let own = &text[node.start_byte()..node.end_byte()];
    if precedence(node, text) < min_level {
        format!("({own})")
    } else {
        own.to_string()
    }
}

/// For a `call` node: its callee (`function` field) and `argument_list`, if it has one
/// (`f(x for x in y)` has a `generator_expression` instead).
pub fn call_parts<'t>(call: Node<'t>) -> Option<(Node<'t>, Node<'t>)> {
    if call.kind() != "call" {
        return None;
    }
    let function = call.child_by_field_name("function")?;
    let args = call.child_by_field_name("arguments")?;
    Some((function, args))
}

/// The arguments of an `argument_list`, without comments.
pub fn arguments<'t>(args: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = args.walk();
    args.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect()
}

/// The value of keyword argument `name` in an `argument_list`, if present.
pub fn keyword_argument<'t>(args: Node<'t>, text: &str, name: &str) -> Option<Node<'t>> {
    arguments(args).into_iter().find_map(|a| {
        if a.kind() != "keyword_argument" {
            return None;
        }
        let key = a.child_by_field_name("name")?;
        (&text[key.start_byte()..key.end_byte()] == name)
            .then(|| a.child_by_field_name("value"))
            .flatten()
    })
}

/// Skip enclosing `parenthesized_expression`s upward: the node whose parent gives the
/// real syntactic context of `node`.
pub fn outermost_parens(node: Node<'_>) -> Node<'_> {
    let mut current = node;
    while let Some(parent) = current.parent() {
        if parent.kind() == "parenthesized_expression" {
            current = parent;
        } else {
            break;
        }
    }
    current
}

/// True when `node` is the identifier `name`.
pub fn is_name(node: Node<'_>, text: &str, name: &str) -> bool {
    node.kind() == "identifier" && &text[node.start_byte()..node.end_byte()] == name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn first_expr(src: &str) -> (tree_sitter::Tree, String) {
        (parse(src).unwrap(), src.to_string())
    }

    #[test]
    fn or_needs_parens_in_comparison() {
        let (tree, src) = first_expr("a or b\n");
        let expr = tree
            .root_node()
            .named_child(0)
            .unwrap()
            .named_child(0)
            .unwrap();
        assert_eq!(
            parenthesized_if_needed(expr, &src, level::COMPARISON_OPERAND),
            "(a or b)"
        );
        let (tree, src) = first_expr("a + b\n");
        let expr = tree
            .root_node()
            .named_child(0)
            .unwrap()
            .named_child(0)
            .unwrap();
        assert_eq!(
            parenthesized_if_needed(expr, &src, level::COMPARISON_OPERAND),
            "a + b"
        );
    }
}
