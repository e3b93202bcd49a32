//! Replace `raw_input()` with `input()`.
//!
//! ## What it does
//! Every reference to the builtin `raw_input` becomes `input`.
//!
//! ## Why
//! Python 3 renamed `raw_input()` to `input()` (and dropped Python 2's evaluating
//! `input()`).
//!
//! ## Example
//! ```python
//! answer = raw_input("Continue? ")
//! ```
//! becomes
//! ```python
//! answer = input("Continue? ")
//! ```
//!
//! ## Left alone
//! Attributes, keyword names, and modules or functions that bind `raw_input` themselves.
//!
//! ## Fix safety
//! Safe.

use tree_sitter::Node;

use crate::analysis::names;
use crate::codemod::{Codemod, Context, Fixes};

pub struct RawInput;

impl Codemod for RawInput {
    fn id(&self) -> &str {
        "raw-input"
    }

    fn kinds(&self) -> &[&'static str] {
        &["identifier"]
    }

    fn visit(&self, node: Node<'_>, ctx: &Context<'_>, fixes: &mut Fixes) {
        names::rename_builtin(node, ctx, fixes, "raw_input", "input");
    }
}
