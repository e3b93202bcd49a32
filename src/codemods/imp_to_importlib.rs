//! Replace `imp.reload` with `importlib.reload`, and report other uses of the removed `imp` module.
//!
//! ## What it does
//! - `imp.reload(m)` becomes `importlib.reload(m)`;
//! - when `reload` is the only `imp` function a file uses, `import imp` becomes `import
//!   importlib`; otherwise `import importlib` is added and `import imp` stays;
//! - `from imp import reload` becomes `from importlib import reload`;
//! - every other `imp` function (`load_source`, `find_module`, `load_module`,
//!   `new_module`, `get_suffixes`, ...) is reported: its `importlib` replacement is not
//!   mechanical.
//!
//! Version gate: `imp` was deprecated in Python 3.4 and removed in 3.12; the fix applies
//! when the target is 3.4 or later (every supported target).
//!
//! ## Why
//! `import imp` raises `ModuleNotFoundError` on Python 3.12+.
//!
//! ## Example
//! ```python
//! import imp
//! imp.reload(settings)
//! ```
//! becomes
//! ```python
//! import importlib
//! importlib.reload(settings)
//! ```
//!
//! ## Fix safety
//! Safe for `reload`; the rest is left for a human.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::imports;
use crate::prefilter::FileText;
use crate::syntax;

pub struct ImpToImportlib;

fn node_text<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    &text[node.start_byte()..node.end_byte()]
}

/// `(uses reload, other members used)` for `imp.member` attributes in the file.
fn members_used(ctx: &Context<'_>) -> (bool, Vec<String>) {
    let members = syntax::members_used(ctx.root(), ctx.text, "imp");
    let reload = members.contains(&"reload");
    let others = members
        .into_iter()
        .filter(|m| *m != "reload")
        .map(str::to_string)
        .collect();
    (reload, others)
}

impl Codemod for ImpToImportlib {
    fn id(&self) -> &str {
        "imp-to-importlib"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Every fix names the module by its bare name: `import imp`, `from imp import`, `imp.reload`.
        file.options().target_version >= (3, 4) && file.has_code_name("imp")
    }

    fn kinds(&self) -> &[&'static str] {
        &["import_statement", "import_from_statement", "attribute"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if ctx.options.target_version < (3, 4) {
            return;
        }
        let text = ctx.text;
        match node.kind_name() {
            "import_statement" => {
                let mut cursor = node.walk();
                for name in node.children_by_field_id(crate::field!("name"), &mut cursor) {
                    if name.kind_name() != "dotted_name" || node_text(name, text) != "imp" {
                        continue;
                    }
                    let (reload, others) = members_used(ctx);
                    if others.is_empty() && reload {
                        fixes.replace(
                            name,
                            "importlib",
                            "`imp` was removed in Python 3.12; reload is importlib.reload",
                        );
                    } else if reload {
                        let splice =
                            imports::add_import_splice(ctx.root(), text, "import importlib");
                        fixes.add(node, "importlib.reload replaces imp.reload", vec![splice]);
                    }
                    if !others.is_empty() {
                        fixes.review(node, format!("`imp` was removed in Python 3.12; replace imp.{} with importlib equivalents", others.join(", imp.")));
                    }
                }
            }
            "import_from_statement" => {
                let Some(module) = node.child_by_field_id(crate::field!("module_name").get())
                else {
                    return;
                };
                if node_text(module, text) != "imp" {
                    return;
                }
                let mut cursor = node.walk();
                let only_reload = node
                    .children_by_field_id(crate::field!("name"), &mut cursor)
                    .all(|n| {
                        let imported = match n.kind_name() {
                            "aliased_import" => n.child_by_field_id(crate::field!("name").get()),
                            _ => Some(n),
                        };
                        imported.is_some_and(|i| node_text(i, text) == "reload")
                    });
                if only_reload {
                    fixes.replace(
                        module,
                        "importlib",
                        "`imp` was removed in Python 3.12; reload is importlib.reload",
                    );
                } else {
                    fixes.review(node, "`imp` was removed in Python 3.12; replace these with importlib equivalents");
                }
            }
            "attribute" => {
                let Some((object, attr)) = syntax::attribute_parts(node) else {
                    return;
                };
                if object.kind_name() != "identifier"
                    || node_text(object, text) != "imp"
                    || node_text(attr, text) != "reload"
                {
                    return;
                }
                let plain = ctx
                    .imports()
                    .targets("imp")
                    .any(|b| !b.from_import && b.qualified == "imp");
                if !plain || !ctx.semantics().names_import(object, "imp") {
                    return;
                }
                fixes.replace(
                    object,
                    "importlib",
                    "`imp` was removed in Python 3.12; reload is importlib.reload",
                );
            }
            _ => {}
        }
    }
}
