//! Rewrite `except E, e:` as `except E as e:`.
//!
//! ## What it does
//! - `except E, e:` → `except E as e:`; `except (A, B), e:` → `except (A, B) as e:`.
//! - A target that is not a plain name (`except E, self.error:`) gets a plain name and an
//!   assignment as the first statement of the handler: `except E as exc:` /
//!   `self.error = exc`. A tuple target (`except E, (code, msg):`) unpacks `exc.args`, as
//!   2to3 does.
//!
//! ## Why
//! The comma form is a syntax error in Python 3. Python 3.14 accepts `except A, B:` again,
//! but as a tuple of exception classes: the Python 2 meaning (bind the exception to `B`)
//! is kept here, because the input is Python 2.
//!
//! ## Example
//! ```python
//! try:
//!     connect()
//! except socket.error, e:
//!     log(e)
//! ```
//! becomes
//! ```python
//! try:
//!     connect()
//! except socket.error as e:
//!     log(e)
//! ```
//!
//! ## Fix safety
//! Safe. Note that Python 3 deletes the name at the end of the handler; code that reads
//! `e` after the `except` block needs a manual change (not detected here).

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::semantics::text::line_indent;

pub struct Except;

impl Codemod for Except {
    fn id(&self) -> &str {
        "except"
    }

    fn rewrites_syntax(&self) -> bool {
        true
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Every fix is in an `except` clause with a comma before its colon.
        file.any_after("except", |tokens| {
            tokens.first_top_level_op(&[",", ":"]) == Some(",")
        })
    }

    fn kinds(&self) -> &[&'static str] {
        &["except_clause"]
    }

    fn visit<'t>(&self, clause: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let mut cursor = clause.walk();
        let children: Vec<Node<'_>> = clause.children(&mut cursor).collect();
        let Some(comma_at) = children.iter().position(|c| c.kind_name() == ",") else {
            return;
        };
        let (Some(exception), Some(target)) = (
            children[..comma_at]
                .iter()
                .rev()
                .find(|c| c.is_named() && c.kind_name() != "comment"),
            children[comma_at + 1..]
                .iter()
                .find(|c| c.is_named() && c.kind_name() != "comment"),
        ) else {
            return;
        };
        if target.kind_name() == "identifier" {
            fixes.add(
                clause,
                "`except E, e` is Python 2 only",
                vec![Splice::new(
                    exception.end_byte(),
                    target.start_byte(),
                    " as ",
                )],
            );
            return;
        }
        let Some(block) = children.iter().find(|c| c.kind_name() == "block") else {
            return;
        };
        let Some(first) = block.named_child(0) else {
            return;
        };
        let uses_exc = ctx
            .text(clause)
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|w| w == "exc");
        let name = if uses_exc { "exc_" } else { "exc" };
        let value = match target.kind_name() {
            "tuple" | "list" | "pattern_list" | "tuple_pattern" | "list_pattern" => {
                format!("{name}.args")
            }
            "attribute" | "subscript" => name.to_string(),
            _ => {
                fixes.review(
                    clause,
                    "unusual `except E, target` target; rewrite it by hand",
                );
                return;
            }
        };
        let same_line = !ctx.text[clause.start_byte()..first.start_byte()].contains('\n');
        let assignment = if same_line {
            format!("{} = {value}; ", ctx.text(*target))
        } else {
            format!(
                "{} = {value}\n{}",
                ctx.text(*target),
                line_indent(ctx.text, first.start_byte())
            )
        };
        fixes.add(
            clause,
            "`except E, target` is Python 2 only",
            vec![
                Splice::new(
                    exception.end_byte(),
                    target.end_byte(),
                    format!(" as {name}"),
                ),
                Splice::new(first.start_byte(), first.start_byte(), assignment),
            ],
        );
    }
}
