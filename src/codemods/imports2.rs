//! Rename `anydbm` and `whichdb` to `dbm` (2to3's fix_imports2).
//!
//! ## What it does
//! `import anydbm` / `import whichdb` become `import dbm`, `from anydbm import open`
//! becomes `from dbm import open`, and attribute uses (`anydbm.open(p)`,
//! `whichdb.whichdb(p)`) of a module bound by a plain import follow. `as` aliases are kept.
//! The other `dbm` renames (`dbhash`, `dumbdbm`, `gdbm`) are in `imports`.
//!
//! ## Why
//! Python 3 merged the dbm modules into the `dbm` package: `dbm.open` chooses a backend
//! like `anydbm.open` did, and `dbm.whichdb` replaces `whichdb.whichdb`.
//!
//! ## Example
//! ```python
//! import anydbm
//! db = anydbm.open('cache', 'c')
//! ```
//! becomes
//! ```python
//! import dbm
//! db = dbm.open('cache', 'c')
//! ```
//!
//! ## Left alone
//! Python 2's own `dbm` module (the ndbm interface, now `dbm.ndbm`): `import dbm` is also
//! valid Python 3, so it is not renamed.
//!
//! ## Fix safety
//! Safe.

use tree_sitter::Node;

use crate::analysis::module_renames::{self, Mapping};
use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;

pub struct Imports2;

pub static MAPPING: &Mapping = &[("whichdb", "dbm"), ("anydbm", "dbm")];

impl Codemod for Imports2 {
    fn id(&self) -> &str {
        "imports2"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        module_renames::applies_to(file, MAPPING)
    }

    fn kinds(&self) -> &[&'static str] {
        module_renames::KINDS
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        module_renames::visit(node, ctx, fixes, MAPPING, |_| None);
    }
}
