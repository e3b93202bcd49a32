//! Rename `os.getcwdu()` to `os.getcwd()`.
//!
//! ## What it does
//! `os.getcwdu` (through `import os` or an alias) becomes `os.getcwd`; `from os import
//! getcwdu` becomes `from os import getcwd as getcwdu` so bare uses keep working.
//!
//! ## Why
//! Python 3's `os.getcwd()` returns `str` (text), which is what `getcwdu()` returned;
//! `os.getcwdu` no longer exists.
//!
//! ## Example
//! ```python
//! here = os.getcwdu()
//! ```
//! becomes
//! ```python
//! here = os.getcwd()
//! ```
//!
//! ## Fix safety
//! Safe.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::codemods::renames::rename_members;

pub struct Getcwdu;

impl Codemod for Getcwdu {
    fn id(&self) -> &str {
        "getcwdu"
    }

    fn kinds(&self) -> &[&'static str] {
        &["attribute", "import_from_statement"]
    }

    fn visit(&self, node: Node<'_>, ctx: &Context<'_>, fixes: &mut Fixes) {
        rename_members(node, ctx, fixes, &[("os", "getcwdu", "getcwd")]);
    }
}
