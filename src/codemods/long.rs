//! Replace the `long` builtin with `int`.
//!
//! ## What it does
//! Every reference to the builtin `long` — calls (`long(x)`), `isinstance(x, long)`, bare
//! references (`number_types = (int, long)`) — becomes `int`.
//!
//! ## Why
//! Python 3 has a single, unbounded `int`; `long` does not exist.
//!
//! ## Example
//! ```python
//! size = long(header[4:8])
//! ```
//! becomes
//! ```python
//! size = int(header[4:8])
//! ```
//!
//! ## Left alone
//! Attributes (`x.long`), keyword names, and modules or functions that bind a name `long`
//! themselves. `isinstance(x, (int, long))` becomes `(int, int)`; the `isinstance`
//! codemod removes the duplicate.
//!
//! ## Fix safety
//! Safe.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::codemods::common;
use crate::prefilter::FileText;

pub struct Long;

impl Codemod for Long {
    fn id(&self) -> &str {
        "long"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Only the builtin, by bare name, is renamed.
        file.has_code_name("long")
    }

    fn identifier_texts(&self) -> Option<&[&'static str]> {
        Some(&["long"])
    }

    fn kinds(&self) -> &[&'static str] {
        &["identifier"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        common::rename_builtin(node, ctx, fixes, "long", "int");
    }
}
