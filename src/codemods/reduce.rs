//! Import `reduce` from `functools` where the builtin is used.
//!
//! ## What it does
//! Adds `from functools import reduce` to modules that use the builtin `reduce`.
//!
//! ## Why
//! Python 3 moved `reduce` to `functools`.
//!
//! ## Example
//! ```python
//! total = reduce(operator.add, values)
//! ```
//! becomes
//! ```python
//! from functools import reduce
//! total = reduce(operator.add, values)
//! ```
//!
//! ## Left alone
//! Modules that bind `reduce` themselves (e.g. already `from functools import reduce`).
//!
//! ## Fix safety
//! Safe.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::codemods::common;
use crate::imports;
use crate::prefilter::FileText;

pub struct Reduce;

impl Codemod for Reduce {
    fn id(&self) -> &str {
        "reduce"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // A bare reference to the builtin (`functools.reduce` is not one).
        file.has_code_name("reduce")
    }

    fn identifier_texts(&self) -> Option<&[&'static str]> {
        Some(&["reduce"])
    }

    fn kinds(&self) -> &[&'static str] {
        &["identifier"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if ctx.text(node) != "reduce" || !common::is_builtin(node, ctx, "reduce") {
            return;
        }
        let splice =
            imports::add_import_splice(ctx.root(), ctx.text, "from functools import reduce");
        fixes.add(
            node,
            "`reduce` lives in functools in Python 3",
            vec![splice],
        );
    }
}
