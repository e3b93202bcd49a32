//! Replace `inspect.getargspec` with `inspect.getfullargspec`.
//!
//! ## What it does
//! `inspect.getargspec(f)` becomes `inspect.getfullargspec(f)`; `from inspect import
//! getargspec` becomes `from inspect import getfullargspec as getargspec`. When the
//! result is unpacked into four names (`args, varargs, keywords, defaults = ...`), the
//! call gets `[:4]` so the unpacking still works.
//!
//! Version gate: `getargspec` was deprecated in Python 3.0 and removed in 3.11; the fix
//! applies for every Python 3 target.
//!
//! ## Why
//! `inspect.getargspec` raises `AttributeError` on Python 3.11+.
//!
//! ## Example
//! ```python
//! args, varargs, keywords, defaults = inspect.getargspec(func)
//! spec = inspect.getargspec(func)
//! ```
//! becomes
//! ```python
//! args, varargs, keywords, defaults = inspect.getfullargspec(func)[:4]
//! spec = inspect.getfullargspec(func)
//! ```
//!
//! ## Fix safety
//! Review: `FullArgSpec` has seven fields, not four, and calls its `**` field `varkw`
//! (not `keywords`): `spec.keywords` and `len(spec)` need a human. Every rewrite is
//! flagged.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::analysis::members::{denotes_module, rename_members};
use crate::codemod::{Codemod, Context, Fixes, Safety};
use crate::edit::Splice;
use crate::prefilter::FileText;

pub struct InspectGetargspec;

impl Codemod for InspectGetargspec {
    fn id(&self) -> &str {
        "inspect-getargspec"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // `inspect.getargspec` or `from inspect import getargspec`.
        file.options().target_version >= (3, 0) && file.has_code_word("getargspec")
    }

    fn safety(&self) -> Safety {
        Safety::Review
    }

    fn kinds(&self) -> &[&'static str] {
        &["attribute", "import_from_statement"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if ctx.options.target_version < (3, 0) {
            return;
        }
        if node.kind_name() == "import_from_statement" {
            let before = fixes.fixes.len();
            rename_members(
                node,
                ctx,
                fixes,
                &[("inspect", "getargspec", "getfullargspec")],
            );
            if fixes.fixes.len() > before {
                fixes.review(node, "getfullargspec returns seven fields (varkw, not keywords); check how the result is used");
            }
            return;
        }
        let Some((object, attr)) = crate::syntax::attribute_parts(node) else {
            return;
        };
        if &ctx.text[attr.byte_range()] != "getargspec" || !denotes_module(object, ctx, "inspect") {
            return;
        }
        let mut splices = vec![Splice::new(
            attr.start_byte(),
            attr.end_byte(),
            "getfullargspec",
        )];
        let call = node.parent().filter(|p| {
            p.kind_name() == "call"
                && p.child_by_field_id(crate::field!("function").get()) == Some(node)
        });
        let unpacked_into_four = call
            .and_then(|c| c.parent())
            .filter(|a| {
                a.kind_name() == "assignment"
                    && a.child_by_field_id(crate::field!("right").get()) == call
            })
            .and_then(|a| a.child_by_field_id(crate::field!("left").get()))
            .is_some_and(|left| {
                matches!(
                    left.kind_name(),
                    "pattern_list" | "tuple_pattern" | "list_pattern"
                ) && left.named_child_count() == 4
            });
        if let (Some(call), true) = (call, unpacked_into_four) {
            splices.push(Splice::new(call.end_byte(), call.end_byte(), "[:4]"));
        } else {
            fixes.review(node, "getfullargspec returns seven fields (varkw, not keywords); check how the result is used");
        }
        fixes.add(
            node,
            "`inspect.getargspec` was removed in Python 3.11",
            splices,
        );
    }
}
