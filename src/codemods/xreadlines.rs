//! Replace `f.xreadlines()` with `f` (files are their own line iterators).
//!
//! ## What it does
//! A call `x.xreadlines()` with no arguments becomes `x`; a reference to the method
//! without calling it (`g(f.xreadlines)`) becomes `f.__iter__`. As in 2to3, any object's
//! `xreadlines` is rewritten: the method existed only on files (and `xreadlines` module
//! objects), and Python 3 files have no such method.
//!
//! ## Why
//! `file.xreadlines()` was removed in Python 3; iterating a file yields its lines lazily.
//!
//! ## Example
//! ```python
//! for line in f.xreadlines():
//!     handle(line)
//! ```
//! becomes
//! ```python
//! for line in f:
//!     handle(line)
//! ```
//!
//! ## Left alone
//! `x.xreadlines(arg)` (not the file method); `def xreadlines(self)` definitions.
//!
//! ## Fix safety
//! Safe for files. A user-defined class with its own `xreadlines` method is rewritten
//! too (as by 2to3); its object then must be iterable.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;

pub struct Xreadlines;

impl Codemod for Xreadlines {
    fn id(&self) -> &str {
        "xreadlines"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Only the method is rewritten (`f.xreadlines`).
        file.has_code_attribute("xreadlines")
    }

    fn kinds(&self) -> &[&'static str] {
        &["attribute"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some((object, attr)) = crate::syntax::attribute_parts(node) else {
            return;
        };
        if &ctx.text[attr.byte_range()] != "xreadlines" {
            return;
        }
        if let Some(parent) = node.parent() {
            if parent.kind_name() == "assignment"
                && parent.child_by_field_id(crate::field!("left").get()) == Some(node)
            {
                return;
            }
            if parent.kind_name() == "call"
                && parent.child_by_field_id(crate::field!("function").get()) == Some(node)
            {
                let Some(args) = parent.child_by_field_id(crate::field!("arguments").get()) else {
                    return;
                };
                if args.kind_name() != "argument_list" || args.named_child_count() > 0 {
                    return;
                }
                fixes.add(
                    parent,
                    "file objects iterate over their lines: xreadlines() is gone",
                    vec![Splice::new(object.end_byte(), parent.end_byte(), "")],
                );
                return;
            }
        }
        fixes.replace(
            attr,
            "__iter__",
            "file.xreadlines is gone; iterate the file itself",
        );
    }
}
