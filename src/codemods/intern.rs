//! Replace the `intern()` builtin with `sys.intern()`.
//!
//! ## What it does
//! `intern(s)` → `sys.intern(s)`, adding `import sys` when the module lacks it.
//!
//! ## Why
//! Python 3 moved `intern` to the `sys` module.
//!
//! ## Example
//! ```python
//! key = intern(name)
//! ```
//! becomes
//! ```python
//! import sys
//! key = sys.intern(name)
//! ```
//!
//! ## Left alone
//! Non-call references and modules that bind `intern` themselves.
//!
//! ## Fix safety
//! Safe.

use tree_sitter::Node;

use crate::analysis::names;
use crate::codemod::{Codemod, Context, Fixes};

pub struct Intern;

impl Codemod for Intern {
    fn id(&self) -> &str {
        "intern"
    }

    fn kinds(&self) -> &[&'static str] {
        &["identifier"]
    }

    fn visit(&self, node: Node<'_>, ctx: &Context<'_>, fixes: &mut Fixes) {
        if ctx.text(node) == "intern" {
            names::rename_builtin_call_with_import(
                node,
                ctx,
                fixes,
                "intern",
                "sys.intern",
                "import sys",
            );
        }
    }
}
