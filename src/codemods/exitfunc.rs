//! Replace `sys.exitfunc = f` with `atexit.register(f)`.
//!
//! ## What it does
//! An assignment statement `sys.exitfunc = handler` becomes `atexit.register(handler)`,
//! and `import atexit` is added.
//!
//! ## Why
//! Python 3 removed `sys.exitfunc`; the `atexit` module replaces it.
//!
//! ## Example
//! ```python
//! sys.exitfunc = cleanup
//! ```
//! becomes
//! ```python
//! import atexit
//! atexit.register(cleanup)
//! ```
//!
//! ## Left alone
//! Reads of `sys.exitfunc` (reported for review: chaining handlers that way is not needed
//! with `atexit`).
//!
//! ## Fix safety
//! Safe. `atexit` runs every registered handler, whereas assigning `sys.exitfunc`
//! replaced the previous one.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::codemods::common;
use crate::edit::Splice;
use crate::prefilter::FileText;

pub struct Exitfunc;

impl Codemod for Exitfunc {
    fn id(&self) -> &str {
        "exitfunc"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Only `<sys>.exitfunc` attributes are rewritten or reported.
        file.has_code_attribute("exitfunc")
    }

    fn kinds(&self) -> &[&'static str] {
        &["attribute"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some((object, attr)) = crate::syntax::attribute_parts(node) else {
            return;
        };
        if ctx.text(attr) != "exitfunc" || !ctx.imports().refers_to(object, ctx.text, &["sys"]) {
            return;
        }
        let assignment = node.parent().filter(|p| {
            p.kind_name() == "assignment"
                && p.child_by_field_id(crate::field!("left").get())
                    .is_some_and(|l| l.id() == node.id())
                && p.parent()
                    .is_some_and(|s| s.kind_name() == "expression_statement")
        });
        let Some(assignment) = assignment else {
            fixes.review(node, "sys.exitfunc does not exist in Python 3; use atexit");
            return;
        };
        let Some(value) = assignment.child_by_field_id(crate::field!("right").get()) else {
            return;
        };
        let splice = Splice::new(
            assignment.start_byte(),
            assignment.end_byte(),
            format!("atexit.register({})", ctx.text(value)),
        );
        fixes.add(node, "`sys.exitfunc` was removed in Python 3", vec![splice]);
        common::add_import(ctx, fixes, node, "import atexit");
    }
}
