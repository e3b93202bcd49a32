//! Replace the `basestring` builtin with `str`.
//!
//! ## What it does
//! Every reference to the builtin `basestring` becomes `str`.
//!
//! ## Why
//! `basestring` was the common base of `str` and `unicode`; Python 3 has only `str` for
//! text, and `basestring` does not exist.
//!
//! ## Example
//! ```python
//! if isinstance(value, basestring):
//!     value = [value]
//! ```
//! becomes
//! ```python
//! if isinstance(value, str):
//!     value = [value]
//! ```
//!
//! ## Left alone
//! Attributes, keyword names, and modules or functions that bind `basestring` themselves
//! (e.g. a `try: basestring except NameError: basestring = str` shim).
//!
//! ## Fix safety
//! Safe, like 2to3; note that `isinstance(x, str)` no longer accepts `bytes`, which
//! Python 2's `basestring` did (its `str` was bytes).

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::codemods::common;
use crate::prefilter::FileText;

pub struct Basestring;

impl Codemod for Basestring {
    fn id(&self) -> &str {
        "basestring"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Only the builtin, by bare name, is renamed.
        file.has_code_name("basestring")
    }

    fn identifier_texts(&self) -> Option<&[&'static str]> {
        Some(&["basestring"])
    }

    fn kinds(&self) -> &[&'static str] {
        &["identifier"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        common::rename_builtin(node, ctx, fixes, "basestring", "str");
    }
}
