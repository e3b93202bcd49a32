//! Is an identifier a use of a name (as opposed to an attribute name, a keyword argument
//! name, a parameter, a definition's name or part of an import statement)?

use crate::syntax::KindName;
use tree_sitter::Node;

/// True when `identifier` reads or binds the variable of that name in an expression
/// (`imap(f, x)`, `r = xrange`, `{'range': xrange}`), so renaming the variable means
/// renaming this identifier.
pub fn is_variable_use(identifier: Node<'_>) -> bool {
    let Some(parent) = identifier.parent() else {
        return false;
    };
    let is_field = |field: &str| {
        parent
            .child_by_field_name(field)
            .is_some_and(|c| c.id() == identifier.id())
    };
    match parent.kind_name() {
        "attribute" => !is_field("attribute"),
        "keyword_argument" => !is_field("name"),
        "function_definition" | "class_definition" => !is_field("name"),
        "default_parameter" | "typed_default_parameter" => !is_field("name"),
        "parameters"
        | "lambda_parameters"
        | "typed_parameter"
        | "list_splat_pattern"
        | "dictionary_splat_pattern" => false,
        "dotted_name"
        | "aliased_import"
        | "import_statement"
        | "import_from_statement"
        | "future_import_statement"
        | "global_statement"
        | "nonlocal_statement" => false,
        _ => true,
    }
}
