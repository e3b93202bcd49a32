//! Replace the Python 2 builtin `file` with `open` (2to3 has no fixer for it).
//!
//! ## What it does
//! - `file(path, mode)` becomes `open(path, mode)`;
//! - a bare reference to the builtin (`opener = file`, `f(file)`) becomes `open`;
//! - `isinstance(x, file)` (also inside a tuple of types) becomes
//!   `isinstance(x, io.IOBase)`, adding `import io`: Python 3's `open` is a function,
//!   not a type.
//!
//! Only the builtin is touched: a `file` bound anywhere in an enclosing function (a
//! parameter `def save(file):`, an assignment, a `for` / `with` / `except` target, an
//! import) or at module level means the name is a variable and the whole scope is left
//! alone. Keyword names (`print(x, file=f)`) and attributes (`self.file`) are not the
//! builtin either.
//!
//! ## Why
//! Python 3 removed the `file` type; `file(p)` raises `NameError`.
//!
//! ## Example
//! ```python
//! data = file('config.ini').read()
//! if isinstance(out, file):
//!     out.flush()
//! ```
//! becomes
//! ```python
//! import io
//! data = open('config.ini').read()
//! if isinstance(out, io.IOBase):
//!     out.flush()
//! ```
//!
//! ## Left alone
//! - `class Log(file):` (subclassing the file type): reported for review.
//! - Every use of a `file` that the module or the enclosing function binds.
//!
//! ## Fix safety
//! Safe: `open` accepts `file`'s arguments. Text-mode files now decode to `str`; that is
//! a separate review concern.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::imports;
use crate::prefilter::FileText;

pub struct FileBuiltin;

impl Codemod for FileBuiltin {
    fn id(&self) -> &str {
        "file-builtin"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Every fix is on a `file` identifier read as a value, never an attribute name.
        file.has_code_name("file")
    }

    fn check_file(&self, ctx: &Context<'_>, fixes: &mut Fixes) {
        if !crate::syntax::contains_word(ctx.text, "file") {
            return;
        }
        let mut uses = Vec::new();
        collect_file_names(ctx.root(), ctx.text, &mut uses);
        // Attribute names, parameters and other bindings change nothing: without a value
        // use, the module-level scan below is not needed.
        uses.retain(|name| is_load(*name));
        if uses.is_empty() {
            return;
        }
        for name in uses {
            if !ctx.semantics().resolve(name).is_builtin() {
                continue;
            }
            let parent = name.parent();
            if parent.is_some_and(|p| p.kind_name() == "argument_list")
                && parent
                    .and_then(|p| p.parent())
                    .is_some_and(|c| c.kind_name() == "class_definition")
            {
                fixes.review(name, "subclasses Python 2's `file` type; Python 3 has no such type (consider io.FileIO / io.TextIOWrapper)");
                continue;
            }
            if is_type_check_argument(name, ctx.text) {
                fixes.replace(
                    name,
                    "io.IOBase",
                    "Python 3 has no `file` type: file objects are io.IOBase",
                );
                // A fix of its own, so that identical additions merge into one.
                if !ctx.imports().targets("io").any(|b| b.qualified == "io") {
                    let splice = imports::add_import_splice(ctx.root(), ctx.text, "import io");
                    fixes.add(name, "io.IOBase needs `import io`", vec![splice]);
                }
                continue;
            }
            fixes.replace(
                name,
                "open",
                "the `file` builtin is gone; `open` takes the same arguments",
            );
        }
    }
}

/// Every identifier `file` in the tree outside ERROR regions, in document order. Found
/// from the text's occurrences of `file` rather than by walking the whole tree: each
/// identifier `file` is one of them, and most files have few.
fn collect_file_names<'t>(root: Node<'t>, text: &str, out: &mut Vec<Node<'t>>) {
    for (at, word) in text.match_indices("file") {
        let end = at + word.len();
        let Some(node) = root.descendant_for_byte_range(at, end) else {
            continue;
        };
        if node.kind_name() != "identifier" || node.start_byte() != at || node.end_byte() != end {
            continue;
        }
        let mut ancestor = node.parent();
        let mut in_error = false;
        while let Some(a) = ancestor {
            if a.kind_name() == "ERROR" {
                in_error = true;
                break;
            }
            ancestor = a.parent();
        }
        if !in_error {
            out.push(node);
        }
    }
}

/// True when the identifier is read as a value (not a name being bound or a keyword).
fn is_load(name: Node<'_>) -> bool {
    let Some(parent) = name.parent() else {
        return false;
    };
    let is_field = |field: &str| parent.child_by_field_name(field) == Some(name);
    match parent.kind_name() {
        "attribute" => !is_field("attribute"),
        "keyword_argument" => !is_field("name"),
        "default_parameter" | "typed_default_parameter" | "typed_parameter" => is_field("value"),
        "parameters"
        | "lambda_parameters"
        | "list_splat_pattern"
        | "dictionary_splat_pattern"
        | "dotted_name"
        | "aliased_import"
        | "global_statement"
        | "nonlocal_statement"
        | "function_definition"
        | "class_definition"
        | "as_pattern_target"
        | "pattern_list"
        | "tuple_pattern"
        | "list_pattern"
        | "keyword_pattern" => false,
        "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
            !is_field("left")
        }
        "named_expression" => !is_field("name"),
        _ => true,
    }
}

/// True for `file` as the type argument of `isinstance` / `issubclass` (possibly in a
/// tuple of types).
fn is_type_check_argument(name: Node<'_>, text: &str) -> bool {
    let mut node = name;
    if let Some(parent) = node.parent() {
        if parent.kind_name() == "tuple" {
            node = parent;
        }
    }
    let Some(args) = node.parent() else {
        return false;
    };
    if args.kind_name() != "argument_list" {
        return false;
    }
    let Some(call) = args.parent() else {
        return false;
    };
    let Some(function) = call.child_by_field_id(crate::field!("function").get()) else {
        return false;
    };
    let callee = &text[function.byte_range()];
    (callee == "isinstance" || callee == "issubclass") && args.named_child(1) == Some(node)
}
