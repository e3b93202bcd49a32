//! Replace backtick repr (`` `x` ``) with `repr(x)`.
//!
//! ## What it does
//! `` `expr` `` → `repr(expr)`; a tuple inside gets its own parentheses:
//! `` `a, b` `` → `repr((a, b))`.
//!
//! ## Why
//! Backticks were removed in Python 3 (a syntax error there).
//!
//! ## Example
//! ```python
//! msg = "got " + `value`
//! ```
//! becomes
//! ```python
//! msg = "got " + repr(value)
//! ```
//!
//! ## Fix safety
//! Safe, unless the module rebinds the name `repr` (then reported for review).

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;

pub struct Repr;

impl Codemod for Repr {
    fn id(&self) -> &str {
        "repr"
    }

    fn rewrites_syntax(&self) -> bool {
        true
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // The parser reads a backtick as a string delimiter; nothing else makes one.
        file.has_code_punctuation(b'`')
    }

    fn kinds(&self) -> &[&'static str] {
        &["string"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let text = ctx.text(node);
        // The parser reads backticks as a string delimiter.
        if !text.starts_with('`') || !text.ends_with('`') || text.len() < 2 {
            return;
        }
        if !ctx
            .semantics()
            .lookup(node, "repr", crate::semantics::Major::Two)
            .is_builtin()
        {
            fixes.review(
                node,
                "the module rebinds `repr`; rewrite the backticks by hand",
            );
            return;
        }
        let inner = &text[1..text.len() - 1];
        let (open, close) = if is_tuple(inner) {
            ("repr((", "))")
        } else {
            ("repr(", ")")
        };
        let (start, end) = (node.start_byte(), node.end_byte());
        fixes.add(
            node,
            "backtick repr is Python 2 only",
            vec![
                Splice::new(start, start + 1, open),
                Splice::new(end - 1, end, close),
            ],
        );
    }
}

/// True when `expr` is a bare tuple (`a, b`), which needs parentheses as an argument.
fn is_tuple(expr: &str) -> bool {
    if !expr.contains(',') {
        return false;
    }
    let Some(tree) = crate::parse::parse(expr) else {
        return false;
    };
    let root = tree.root_node();
    // A bare tuple statement has its items (and commas) as direct children.
    root.named_child(0).is_some_and(|s| {
        let mut cursor = s.walk();
        let commas = s.children(&mut cursor).any(|c| c.kind_name() == ",");
        s.kind_name() == "expression_statement" && commas
    })
}
