//! Rename Python 2 bound-method attributes: `m.im_func` → `m.__func__` and friends.
//!
//! ## What it does
//! `im_func` → `__func__`, `im_self` → `__self__`, `im_class` → `__self__.__class__`.
//!
//! ## Why
//! Python 3 removed the `im_*` aliases (and unbound methods: `im_class` has no direct
//! equivalent; `__self__.__class__` is right for bound methods, as in 2to3).
//!
//! ## Example
//! ```python
//! func = method.im_func
//! ```
//! becomes
//! ```python
//! func = method.__func__
//! ```
//!
//! ## Fix safety
//! Safe for bound methods. `im_class` of an unbound method (`Class.method.im_class`) has
//! no Python 3 equivalent; the rewrite fails there at run time, as with 2to3.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;

pub struct Methodattrs;

impl Codemod for Methodattrs {
    fn id(&self) -> &str {
        "methodattrs"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Only attribute names are rewritten (`f.im_func`).
        file.has_any_code_attribute(&["im_func", "im_self", "im_class"])
    }

    fn kinds(&self) -> &[&'static str] {
        &["attribute"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some(attr) = node.child_by_field_id(crate::field!("attribute").get()) else {
            return;
        };
        let new = match ctx.text(attr) {
            "im_func" => "__func__",
            "im_self" => "__self__",
            "im_class" => "__self__.__class__",
            _ => return,
        };
        fixes.replace(
            attr,
            new,
            format!("`{}` is `{new}` in Python 3", ctx.text(attr)),
        );
    }
}
