//! Parenthesize a bare tuple after `in` in comprehensions: `[x for x in 1, 2]`.
//!
//! ## What it does
//! `[x for x in 1, 2]` → `[x for x in (1, 2)]`, in list comprehensions and generator
//! expressions.
//!
//! ## Why
//! Python 3 requires the parentheses (the bare form is a syntax error).
//!
//! ## Example
//! ```python
//! squares = [n * n for n in 1, 2, 3]
//! ```
//! becomes
//! ```python
//! squares = [n * n for n in (1, 2, 3)]
//! ```
//!
//! ## Fix safety
//! Safe.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;

pub struct Paren;

impl Codemod for Paren {
    fn id(&self) -> &str {
        "paren"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // A comprehension: its `for ... in` clause.
        file.has_name("for") && file.has_name("in")
    }

    fn kinds(&self) -> &[&'static str] {
        &["for_in_clause"]
    }

    fn visit(&self, clause: Node<'_>, _ctx: &Context<'_>, fixes: &mut Fixes) {
        let mut cursor = clause.walk();
        let children: Vec<Node<'_>> = clause.children(&mut cursor).collect();
        let Some(in_at) = children.iter().position(|c| c.kind() == "in") else {
            return;
        };
        let rest = &children[in_at + 1..];
        if !rest.iter().any(|c| c.kind() == ",") {
            return;
        }
        let (Some(first), Some(last)) = (rest.first(), rest.last()) else {
            return;
        };
        fixes.add(
            clause,
            "a bare tuple after `in` needs parentheses in Python 3",
            vec![
                Splice::new(first.start_byte(), first.start_byte(), "("),
                Splice::new(last.end_byte(), last.end_byte(), ")"),
            ],
        );
    }
}
