//! Rename `itertools.izip_longest` and `itertools.ifilterfalse` to their Python 3 names.
//!
//! ## What it does
//! `izip_longest` becomes `zip_longest` and `ifilterfalse` becomes `filterfalse`: in
//! attribute uses (`itertools.izip_longest`, `it.ifilterfalse` after `import itertools as
//! it`), in `from itertools import ...` (an alias is kept: `from itertools import
//! izip_longest as zl` → `from itertools import zip_longest as zl`), and in the uses of a
//! name imported without alias.
//!
//! `imap`, `ifilter` and `izip` are the builtins in Python 3: `lazy-map` handles them.
//! Both codemods can edit one import statement; together
//! `from itertools import imap, izip_longest` becomes `from itertools import zip_longest`.
//!
//! ## Why
//! Python 3 renamed these functions; the old names raise `ImportError` / `AttributeError`.
//!
//! ## Example
//! ```python
//! from itertools import izip_longest
//! import itertools
//! pairs = izip_longest(a, b, fillvalue=0)
//! odd = itertools.ifilterfalse(is_even, xs)
//! ```
//! becomes
//! ```python
//! from itertools import zip_longest
//! import itertools
//! pairs = zip_longest(a, b, fillvalue=0)
//! odd = itertools.filterfalse(is_even, xs)
//! ```
//!
//! ## Left alone
//! - A name that is both imported from `itertools` and assigned in the module
//!   (`except ImportError: izip_longest = ...`): reported for review.
//! - Attributes of other objects that happen to be called `izip_longest`.
//!
//! ## Fix safety
//! Safe: the functions behave the same under their new names.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::analysis::from_import;
use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;
use crate::semantics::references;

pub struct Itertools;

const RENAMES: &[(&str, &str)] = &[
    ("izip_longest", "zip_longest"),
    ("ifilterfalse", "filterfalse"),
];

/// The old names of [`RENAMES`], for the engine's identifier filter.
const IDENTIFIER_TEXTS: &[&str] = &["izip_longest", "ifilterfalse"];

fn renamed(name: &str) -> Option<&'static str> {
    RENAMES
        .iter()
        .find(|(old, _)| *old == name)
        .map(|(_, new)| *new)
}

impl Codemod for Itertools {
    fn id(&self) -> &str {
        "itertools"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        RENAMES.iter().any(|(old, _)| file.has_code_word(old))
    }

    fn identifier_texts(&self) -> Option<&[&'static str]> {
        Some(IDENTIFIER_TEXTS)
    }

    fn kinds(&self) -> &[&'static str] {
        &["identifier", "import_from_statement"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if node.kind_name() == "import_from_statement" {
            visit_import(node, ctx, fixes);
            return;
        }
        let name = ctx.text(node);
        let Some(new) = renamed(name) else {
            return;
        };
        let reason = format!("itertools.{name} is itertools.{new} in Python 3");
        let Some(parent) = node.parent() else {
            return;
        };
        let is_attribute_name = parent.kind_name() == "attribute"
            && parent
                .child_by_field_id(crate::field!("attribute").get())
                .is_some_and(|a| a.id() == node.id());
        if is_attribute_name {
            let qualified = format!("itertools.{name}");
            if ctx
                .imports()
                .qualified_names(parent, ctx.text)
                .contains(&qualified)
            {
                fixes.replace(node, new, reason);
            }
            return;
        }
        if !references::is_variable(node) {
            return;
        }
        if ctx.semantics().has_py3_definition(node, name) {
            fixes.note(
                node,
                format!(
                    "left alone: the code already defines `{}` for Python 3",
                    name
                ),
            );
            return;
        }
        let imports = ctx.imports();
        let qualified = format!("itertools.{name}");
        let mut targets = imports.targets(name).peekable();
        if targets.peek().is_none() || !targets.all(|b| b.qualified == qualified) {
            return;
        }
        if ctx.semantics().module_binds_by_non_import(name) {
            fixes.review(
                node,
                format!(
                    "`{name}` is both imported from itertools and assigned here; migrate by hand"
                ),
            );
            return;
        }
        if ctx.semantics().module_binds(new) {
            fixes.review(
                node,
                format!("cannot rename {name}: `{new}` is already bound in this module"),
            );
            return;
        }
        fixes.replace(node, new, reason);
    }
}

/// `from itertools import izip_longest as zl` → `from itertools import zip_longest as zl`.
fn visit_import<'t>(stmt: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    if from_import::module(stmt, ctx.text) != Some("itertools") {
        return;
    }
    for item in from_import::imported_names(stmt) {
        let name = ctx.text(item.name);
        let Some(new) = renamed(name) else {
            continue;
        };
        if item.alias.is_none()
            && (ctx.semantics().module_binds_by_non_import(name)
                || ctx.semantics().module_binds(new))
        {
            continue; // the uses are reported
        }
        fixes.replace(
            item.name,
            new,
            format!("itertools.{name} is itertools.{new} in Python 3"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_filter_lists_every_renamed_name() {
        let names: Vec<&str> = RENAMES.iter().map(|(old, _)| *old).collect();
        assert_eq!(names, IDENTIFIER_TEXTS);
    }
}
