//! Replace the `reload()` builtin with `importlib.reload()`.
//!
//! ## What it does
//! `reload(module)` → `importlib.reload(module)`, adding `import importlib` when needed.
//!
//! ## Why
//! Python 3 removed the `reload` builtin (`imp.reload`, then `importlib.reload`).
//!
//! ## Example
//! ```python
//! reload(settings)
//! ```
//! becomes
//! ```python
//! import importlib
//! importlib.reload(settings)
//! ```
//!
//! ## Left alone
//! Non-call references and modules that bind `reload` themselves (e.g. `from imp import
//! reload`).
//!
//! ## Fix safety
//! Safe.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::codemods::common;
use crate::prefilter::FileText;

pub struct Reload;

impl Codemod for Reload {
    fn id(&self) -> &str {
        "reload"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // A bare call of the builtin (`imp.reload` is not one).
        file.has_code_name("reload")
    }

    fn identifier_texts(&self) -> Option<&[&'static str]> {
        Some(&["reload"])
    }

    fn kinds(&self) -> &[&'static str] {
        &["identifier"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if ctx.text(node) == "reload" {
            common::rename_builtin_call_with_import(
                node,
                ctx,
                fixes,
                "reload",
                "importlib.reload",
                "import importlib",
            );
        }
    }
}
