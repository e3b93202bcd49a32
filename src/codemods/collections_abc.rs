//! Move the abstract base classes from `collections` to `collections.abc` (`collections.Mapping` → `collections.abc.Mapping`).
//!
//! ## What it does
//! - `collections.Mapping` (any ABC: `Callable`, `Iterable`, `Mapping`, `MutableMapping`,
//!   `Sequence`, `Set`, `Hashable`, ...) becomes `collections.abc.Mapping`, adding
//!   `import collections.abc`;
//! - `from collections import Mapping, OrderedDict` is split into
//!   `from collections import OrderedDict` and `from collections.abc import Mapping`
//!   (or just renamed when every name is an ABC).
//!
//! Version gate: the aliases were deprecated in Python 3.3 and removed in 3.10; the fix
//! applies when the target version is 3.3 or later (every supported target).
//!
//! ## Why
//! `collections.Mapping` raises `AttributeError` on Python 3.10+. 2to3 predates the
//! removal and has no fixer for it.
//!
//! ## Example
//! ```python
//! import collections
//! from collections import Mapping, OrderedDict
//! ok = isinstance(x, collections.Iterable)
//! ```
//! becomes
//! ```python
//! import collections
//! import collections.abc
//! from collections import OrderedDict
//! from collections.abc import Mapping
//! ok = isinstance(x, collections.abc.Iterable)
//! ```
//!
//! ## Left alone (reported for review)
//! `from collections import ...` statements that share their line or hold comments,
//! when they would need splitting.
//!
//! ## Fix safety
//! Safe: the same classes.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::imports;
use crate::prefilter::FileText;

pub struct CollectionsAbc;

const ABCS: &[&str] = &[
    "Awaitable",
    "Coroutine",
    "AsyncIterable",
    "AsyncIterator",
    "AsyncGenerator",
    "Hashable",
    "Iterable",
    "Iterator",
    "Generator",
    "Reversible",
    "Sized",
    "Container",
    "Callable",
    "Collection",
    "Set",
    "MutableSet",
    "Mapping",
    "MutableMapping",
    "MappingView",
    "KeysView",
    "ItemsView",
    "ValuesView",
    "Sequence",
    "MutableSequence",
    "ByteString",
];

fn node_text<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    &text[node.start_byte()..node.end_byte()]
}

impl Codemod for CollectionsAbc {
    fn id(&self) -> &str {
        "collections-abc"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Needs the module's name (in the import, even with an alias) and an ABC's name
        // (as `collections.X` or in `from collections import X`).
        file.options().target_version >= (3, 3)
            && file.has_code_word("collections")
            && file.has_any_code_word(ABCS)
    }

    fn kinds(&self) -> &[&'static str] {
        &["attribute", "import_from_statement"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if ctx.options.target_version < (3, 3) {
            return;
        }
        let text = ctx.text;
        match node.kind_name() {
            "attribute" => {
                let Some((object, attr)) = crate::syntax::attribute_parts(node) else {
                    return;
                };
                let member = node_text(attr, text);
                if object.kind_name() != "identifier" || !ABCS.contains(&member) {
                    return;
                }
                let imports = ctx.imports();
                let Some(binding) = imports
                    .targets(node_text(object, text))
                    .find(|b| !b.from_import && b.qualified == "collections")
                else {
                    return;
                };
                let reason = format!("`collections.{member}` is `collections.abc.{member}` (removed from collections in Python 3.10)");
                if binding.local == "collections" {
                    fixes.replace(object, "collections.abc", reason);
                    if !imports.bindings.iter().any(|b| {
                        b.local == "collections"
                            && !b.from_import
                            && text[b.statement.0..b.statement.1].contains("collections.abc")
                    }) {
                        let splice =
                            imports::add_import_splice(ctx.root(), text, "import collections.abc");
                        fixes.add(node, "collections.abc must be imported", vec![splice]);
                    }
                } else {
                    // `import collections as c`: `c.abc` needs the submodule loaded.
                    fixes.add(
                        node,
                        reason,
                        vec![crate::edit::Splice::new(
                            object.end_byte(),
                            object.end_byte(),
                            ".abc",
                        )],
                    );
                    let splice =
                        imports::add_import_splice(ctx.root(), text, "import collections.abc");
                    fixes.add(node, "collections.abc must be imported", vec![splice]);
                }
            }
            "import_from_statement" => {
                let Some(module) = node.child_by_field_id(crate::field!("module_name").get())
                else {
                    return;
                };
                if node_text(module, text) != "collections" {
                    return;
                }
                let mut cursor = node.walk();
                let names: Vec<Node<'_>> = node
                    .children_by_field_id(crate::field!("name"), &mut cursor)
                    .collect();
                let mut abcs = Vec::new();
                let mut others = Vec::new();
                for name in &names {
                    let imported = match name.kind_name() {
                        "aliased_import" => name.child_by_field_id(crate::field!("name").get()),
                        _ => Some(*name),
                    };
                    let Some(imported) = imported else { return };
                    if ABCS.contains(&node_text(imported, text)) {
                        abcs.push(node_text(*name, text));
                    } else {
                        others.push(node_text(*name, text));
                    }
                }
                if abcs.is_empty() {
                    return;
                }
                let reason = format!(
                    "{} moved to collections.abc (removed from collections in Python 3.10)",
                    abcs.join(", ")
                );
                if others.is_empty() {
                    fixes.replace(module, "collections.abc", reason);
                    return;
                }
                let line_start = text[..node.start_byte()]
                    .rfind('\n')
                    .map(|i| i + 1)
                    .unwrap_or(0);
                let indent = &text[line_start..node.start_byte()];
                if !indent.chars().all(|c| c == ' ' || c == '\t')
                    || node_text(node, text).contains('#')
                {
                    fixes.review(
                        node,
                        "split this import: the abstract base classes are in collections.abc",
                    );
                    return;
                }
                let replacement = format!(
                    "from collections import {}\n{indent}from collections.abc import {}",
                    others.join(", "),
                    abcs.join(", ")
                );
                fixes.replace(node, replacement, reason);
            }
            _ => {}
        }
    }
}
