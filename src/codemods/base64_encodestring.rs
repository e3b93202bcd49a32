//! Rename `base64.encodestring` / `decodestring` to `encodebytes` / `decodebytes`.
//!
//! ## What it does
//! `base64.encodestring(data)` → `base64.encodebytes(data)`, `base64.decodestring(data)` →
//! `base64.decodebytes(data)`; `from base64 import encodestring` → `from base64 import
//! encodebytes as encodestring` (bare uses keep working). 2to3 has no fixer for this.
//!
//! ## Why
//! The old names were deprecated in Python 3.1 and removed in 3.9; the new ones exist
//! since 3.1, so the rewrite applies for every target version.
//!
//! ## Example
//! ```python
//! token = base64.encodestring(raw)
//! ```
//! becomes
//! ```python
//! token = base64.encodebytes(raw)
//! ```
//!
//! ## Fix safety
//! Safe: same functions. Both take and return bytes in Python 3, as the Python 2 versions
//! took and returned (byte) strings.

use tree_sitter::Node;

use crate::analysis::members::rename_members;
use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;

pub struct Base64Encodestring;

/// (module, old member, new member).
const RENAMES: &[(&str, &str, &str)] = &[
    ("base64", "encodestring", "encodebytes"),
    ("base64", "decodestring", "decodebytes"),
];

impl Codemod for Base64Encodestring {
    fn id(&self) -> &str {
        "base64-encodestring"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // `base64.encodestring` or `from base64 import encodestring` (same for decode).
        RENAMES.iter().any(|(_, old, _)| file.has_code_word(old))
    }

    fn kinds(&self) -> &[&'static str] {
        &["attribute", "import_from_statement"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        rename_members(node, ctx, fixes, RENAMES);
    }
}
