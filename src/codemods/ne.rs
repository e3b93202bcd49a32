//! Replace the `<>` operator with `!=`.
//!
//! ## What it does
//! `a <> b` → `a != b`.
//!
//! ## Why
//! `<>` was removed in Python 3 (a syntax error there).
//!
//! ## Example
//! ```python
//! if status <> 200:
//!     retry()
//! ```
//! becomes
//! ```python
//! if status != 200:
//!     retry()
//! ```
//!
//! ## Fix safety
//! Safe: the operators are identical in Python 2.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;

pub struct Ne;

impl Codemod for Ne {
    fn id(&self) -> &str {
        "ne"
    }

    fn rewrites_syntax(&self) -> bool {
        true
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // The operator itself; `<>` cannot be spelled any other way.
        file.has_code_punctuation(b'<') && file.text().contains("<>")
    }

    fn kinds(&self) -> &[&'static str] {
        &["comparison_operator"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let mut cursor = node.walk();
        for op in node.children(&mut cursor) {
            if !op.is_named() && ctx.text(op) == "<>" {
                fixes.replace(op, "!=", "`<>` is Python 2 only");
            }
        }
    }
}
