//! Replace `buffer` with `memoryview` (opt-in).
//!
//! ## What it does
//! Every reference to the builtin `buffer` becomes `memoryview`.
//!
//! ## Why
//! `buffer` does not exist in Python 3. `memoryview` is the closest replacement, but the
//! APIs differ: `buffer(obj, offset, size)` has no `memoryview` equivalent and slicing a
//! `memoryview` gives a `memoryview`, not a `str`. That is why this codemod is opt-in
//! (2to3 makes it explicit-only for the same reason).
//!
//! ## Example
//! ```python
//! view = buffer(data)
//! ```
//! becomes
//! ```python
//! view = memoryview(data)
//! ```
//!
//! ## Left alone
//! Calls with offset/size arguments (`buffer(data, 4, 8)`): reported for review, since
//! `memoryview(data)[4:12]` is the equivalent only for byte buffers.
//!
//! ## Fix safety
//! Review.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes, Safety};
use crate::codemods::common;
use crate::prefilter::FileText;

pub struct Buffer;

impl Codemod for Buffer {
    fn id(&self) -> &str {
        "buffer"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Only the builtin, by bare name, is renamed or reported.
        file.has_code_name("buffer")
    }

    fn safety(&self) -> Safety {
        Safety::Review
    }

    fn identifier_texts(&self) -> Option<&[&'static str]> {
        Some(&["buffer"])
    }

    fn kinds(&self) -> &[&'static str] {
        &["identifier"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if let Some(call) = crate::semantics::references::called(node) {
            let args = call.child_by_field_id(crate::field!("arguments").get());
            if args.is_some_and(|a| crate::syntax::arguments(a).len() > 1)
                && common::is_builtin(node, ctx, "buffer")
            {
                fixes.review(
                    call,
                    "buffer(obj, offset, size) has no direct memoryview equivalent",
                );
                return;
            }
        }
        common::rename_builtin(node, ctx, fixes, "buffer", "memoryview");
    }
}
