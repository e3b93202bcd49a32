//! Rename `__nonzero__` methods to `__bool__`.
//!
//! ## What it does
//! A method `def __nonzero__(self)` defined in a class body becomes `def __bool__(self)`,
//! with the references to it: names in the class body, `x.__nonzero__` attributes. A
//! class-level alias `__nonzero__ = __len__` becomes `__bool__ = __len__`. A Python 3
//! alias `__bool__ = __nonzero__` (also under a version guard) goes, and `__nonzero__`
//! becomes `__bool__`; a Python 2 alias `__nonzero__ = __bool__` goes.
//!
//! ## Why
//! Python 3 calls `__bool__` for truth testing and ignores `__nonzero__`: without the
//! rename, every instance is silently true.
//!
//! ## Example
//! ```python
//! class Empty(object):
//!     def __nonzero__(self):
//!         return False
//! ```
//! becomes
//! ```python
//! class Empty(object):
//!     def __bool__(self):
//!         return False
//! ```
//!
//! ## Left alone
//! Classes that define `__bool__` and `__nonzero__` as two methods: reported.
//!
//! ## Fix safety
//! Safe.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::codemods::protocol::{self, Extra, Outcome, Rename};
use crate::prefilter::FileText;
use crate::syntax::KindName;

pub struct Nonzero;

const RENAME: Rename<'static> = Rename {
    old: "__nonzero__",
    new: "__bool__",
    reason: "`__nonzero__` is `__bool__` in Python 3",
};

impl Codemod for Nonzero {
    fn id(&self) -> &str {
        "nonzero"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // A `def __nonzero__`, a class-level `__nonzero__ = ...` or an `x.__nonzero__` use.
        file.has_code_word("__nonzero__")
    }

    fn kinds(&self) -> &[&'static str] {
        &["class_definition", "attribute"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if ctx.runs_on(node).py3_only() {
            return;
        }
        if node.kind_name() == "attribute" {
            protocol::rename_dunder_attribute(node, &RENAME, ctx, fixes);
            return;
        }
        if let Outcome::Taken(bools) =
            protocol::rename_method(node, &RENAME, ctx, fixes, Extra::default())
        {
            if let Some(first) = bools.first() {
                fixes.review(
                    first.statement,
                    "the class defines both `__bool__` and `__nonzero__`; merge them by hand",
                );
            }
        }
    }
}
