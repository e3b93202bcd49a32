//! Rename Python 2 function attributes: `f.func_name` → `f.__name__` and friends.
//!
//! ## What it does
//! `func_closure`, `func_code`, `func_defaults`, `func_dict`, `func_doc`, `func_globals`
//! and `func_name` attributes become `__closure__`, `__code__`, `__defaults__`,
//! `__dict__`, `__doc__`, `__globals__` and `__name__`.
//!
//! ## Why
//! Python 3 removed the `func_*` aliases.
//!
//! ## Example
//! ```python
//! name = view.func_name
//! ```
//! becomes
//! ```python
//! name = view.__name__
//! ```
//!
//! ## Fix safety
//! Safe for functions. Like 2to3, any attribute with these names is renamed, whatever
//! the object (such names are practically never used for anything else).

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;

pub struct Funcattrs;

const RENAMES: &[(&str, &str)] = &[
    ("func_closure", "__closure__"),
    ("func_code", "__code__"),
    ("func_defaults", "__defaults__"),
    ("func_dict", "__dict__"),
    ("func_doc", "__doc__"),
    ("func_globals", "__globals__"),
    ("func_name", "__name__"),
];

impl Codemod for Funcattrs {
    fn id(&self) -> &str {
        "funcattrs"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Only attribute names from the table are renamed.
        RENAMES.iter().any(|(old, _)| file.has_code_attribute(old))
    }

    fn kinds(&self) -> &[&'static str] {
        &["attribute"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some(attr) = node.child_by_field_id(crate::field!("attribute").get()) else {
            return;
        };
        let name = ctx.text(attr);
        if !name.starts_with("func_") {
            return;
        }
        if let Some((_, new)) = RENAMES.iter().find(|(old, _)| *old == name) {
            fixes.replace(attr, *new, format!("`{name}` is `{new}` in Python 3"));
        }
    }
}
