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

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::analysis::tokens::Kind;
use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;

pub struct Paren;

impl Codemod for Paren {
    fn id(&self) -> &str {
        "paren"
    }

    fn rewrites_syntax(&self) -> bool {
        true
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // A comprehension whose `for ... in` clause has a comma after the `in`, before the
        // closing bracket. A `for` statement reaches its colon first. Line ends are not
        // statement ends here: the comprehension's own bracket is behind the `for`.
        file.has_code_name("in")
            && file.any_after("for", |tokens| {
                let text = tokens.text();
                let mut after_in = false;
                let mut comma = false;
                for t in tokens {
                    match (t.kind, t.text(text)) {
                        // A lambda's colon would end the scan too early.
                        (Kind::Name, "lambda") => return true,
                        (Kind::Name, "in") if t.depth == 0 => after_in = true,
                        (Kind::Op, op) if t.depth == 0 => match op {
                            "," if after_in => comma = true,
                            ":" => return false,
                            ")" | "]" | "}" => return comma,
                            _ => {}
                        },
                        _ => {}
                    }
                }
                false
            })
    }

    fn kinds(&self) -> &[&'static str] {
        &["for_in_clause"]
    }

    fn visit<'t>(&self, clause: Node<'t>, _ctx: &Context<'t>, fixes: &mut Fixes) {
        let mut cursor = clause.walk();
        let children: Vec<Node<'_>> = clause.children(&mut cursor).collect();
        let Some(in_at) = children.iter().position(|c| c.kind_name() == "in") else {
            return;
        };
        let rest = &children[in_at + 1..];
        if !rest.iter().any(|c| c.kind_name() == ",") {
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
