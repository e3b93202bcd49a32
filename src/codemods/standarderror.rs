//! Replace `StandardError` with `Exception`.
//!
//! ## What it does
//! Every reference to the builtin `StandardError` becomes `Exception`.
//!
//! ## Why
//! `StandardError` does not exist in Python 3; `Exception` is the closest base class.
//!
//! ## Example
//! ```python
//! class ParseError(StandardError):
//!     pass
//! ```
//! becomes
//! ```python
//! class ParseError(Exception):
//!     pass
//! ```
//!
//! ## Fix safety
//! Safe. `except Exception:` also catches `StopIteration`, `GeneratorExit` (no longer, it
//! derives from `BaseException`) and warnings, which `except StandardError:` did not, like
//! 2to3.

use tree_sitter::Node;

use crate::analysis::names;
use crate::codemod::{Codemod, Context, Fixes};

pub struct Standarderror;

impl Codemod for Standarderror {
    fn id(&self) -> &str {
        "standarderror"
    }

    fn kinds(&self) -> &[&'static str] {
        &["identifier"]
    }

    fn visit(&self, node: Node<'_>, ctx: &Context<'_>, fixes: &mut Fixes) {
        names::rename_builtin(node, ctx, fixes, "StandardError", "Exception");
    }
}
