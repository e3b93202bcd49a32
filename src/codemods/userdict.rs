//! Replace the removed `UserDict` module with `collections.UserDict` (`UserDict.IterableUserDict` → `collections.UserDict`).
//!
//! ## What it does
//! - `UserDict.UserDict` and `UserDict.IterableUserDict` become `collections.UserDict`;
//!   `import UserDict` becomes `import collections` once every use is rewritten;
//! - `from UserDict import UserDict` becomes `from collections import UserDict`, and
//!   `from UserDict import IterableUserDict` becomes `from collections import UserDict
//!   as IterableUserDict` (its uses keep their name).
//!
//! `UserList` and `UserString` are renamed by `imports` (2to3's table), because their
//! classes keep their names in `collections`. `UserDict` is not in that table, in 2to3 or
//! here: a plain module rename would turn `UserDict.IterableUserDict` and
//! `UserDict.DictMixin` into names `collections` does not have.
//!
//! ## Why
//! Python 3 removed the `UserDict` module; `import UserDict` raises `ImportError`.
//!
//! ## Example
//! ```python
//! import UserDict
//! class Headers(UserDict.IterableUserDict):
//!     pass
//! ```
//! becomes
//! ```python
//! import collections
//! class Headers(collections.UserDict):
//!     pass
//! ```
//!
//! ## Left alone (reported for review)
//! - `DictMixin`: no drop-in replacement. Subclass `collections.abc.MutableMapping`
//!   instead; it needs `__getitem__`, `__setitem__`, `__delitem__`, `__iter__` and
//!   `__len__`, where `DictMixin` built everything on the first three and `keys()`.
//! - `UserDict` used as a value, `from UserDict import *`, uses where `collections` is a
//!   local name, an `import UserDict` nothing uses, and a module `UserDict.py` next to
//!   the file.
//!
//! ## Fix safety
//! Safe. Python 2's `UserDict.UserDict` was an old-style class without `__iter__`
//! (`IterableUserDict` added it); `collections.UserDict` is a `MutableMapping`, so
//! iterating over one works and `isinstance(d, collections.abc.Mapping)` is true.

use crate::analysis::module_members::{self, OldModule, Plan};
use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;

pub struct Userdict;

fn plan(member: &str) -> Plan {
    match member {
        "UserDict" | "IterableUserDict" => Plan::Moved {
            module: "collections",
            name: "UserDict",
        },
        "DictMixin" => Plan::Review(
            "`UserDict.DictMixin` has no drop-in replacement: subclass `collections.abc.MutableMapping`, and define `__iter__` and `__len__` as well as `__getitem__`, `__setitem__` and `__delitem__` (DictMixin derived them from `keys()`)".into(),
        ),
        _ => Plan::Review(format!(
            "`UserDict.{member}` has no counterpart in Python 3's `collections`"
        )),
    }
}

impl Codemod for Userdict {
    fn id(&self) -> &str {
        "userdict"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Every import names the module, an alias too.
        file.has_code_name("UserDict")
    }

    fn check_file(&self, ctx: &Context<'_>, fixes: &mut Fixes) {
        module_members::migrate(
            ctx,
            fixes,
            &OldModule {
                name: "UserDict",
                removed: true,
                plan: &plan,
            },
        );
    }
}
