//! Renaming a module everywhere a file names it: `import old` / `import old as x` /
//! `from old import y` statements, and `old.attr` uses when `old` was bound by a plain
//! `import old`. Shared by the `imports` and `imports2` codemods (2to3's fix_imports and
//! fix_imports2), which differ only in their tables.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::analysis::siblings;
use crate::codemod::{Context, Fixes};
use crate::prefilter::FileText;

/// Old module name → new module name.
pub type Mapping = [(&'static str, &'static str)];

pub fn lookup(mapping: &Mapping, old: &str) -> Option<&'static str> {
    mapping.iter().find(|(o, _)| *o == old).map(|(_, n)| *n)
}

/// The prefilter of a codemod renaming `mapping`'s modules: every rename starts from the
/// old name written bare (`import old`, `from old import`, `old.attr`; an alias still
/// imports the old name), and no old name is dotted.
pub fn applies_to(file: &FileText<'_>, mapping: &Mapping) -> bool {
    mapping.iter().any(|(old, _)| file.has_code_name(old))
}

/// The node kinds [`visit`] handles.
pub const KINDS: &[&str] = &["import_statement", "import_from_statement", "attribute"];

fn node_text<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    &text[node.start_byte()..node.end_byte()]
}

/// A Python 2 implicit relative import of a sibling named like the old module
/// (`Queue.py` next to the file) is not the standard library module.
fn is_local_module(ctx: &Context<'_>, name: &str) -> bool {
    !ctx.imports().has_future("absolute_import") && siblings::is_sibling(ctx.path, name)
}

/// Propose renames for one node (a kind from [`KINDS`]).
pub fn visit<'t>(
    node: Node<'t>,
    ctx: &Context<'t>,
    fixes: &mut Fixes,
    mapping: &Mapping,
    note_for: impl Fn(&str) -> Option<&'static str>,
) {
    match node.kind_name() {
        "import_statement" => {
            let mut cursor = node.walk();
            let names: Vec<Node<'_>> = node
                .children_by_field_id(crate::field!("name"), &mut cursor)
                .collect();
            for name in names {
                let (module, alias) = match name.kind_name() {
                    "aliased_import" => (
                        name.child_by_field_id(crate::field!("name").get()),
                        name.child_by_field_id(crate::field!("alias").get()),
                    ),
                    _ => (Some(name), None),
                };
                let Some(module) = module else { continue };
                let old = node_text(module, ctx.text);
                let Some(new) = lookup(mapping, old) else {
                    continue;
                };
                if is_local_module(ctx, old) {
                    continue;
                }
                if let Some(message) = note_for(old) {
                    fixes.review(module, message);
                }
                let reason = format!("module `{old}` is `{new}` in Python 3");
                match alias {
                    // `import cPickle as pickle` → `import pickle`, not `import pickle as pickle`.
                    Some(alias) if node_text(alias, ctx.text) == new => {
                        fixes.replace(name, new, reason)
                    }
                    _ => fixes.replace(module, new, reason),
                }
            }
        }
        "import_from_statement" => {
            let Some(module) = node.child_by_field_id(crate::field!("module_name").get()) else {
                return;
            };
            if module.kind_name() != "dotted_name" {
                return;
            }
            let old = node_text(module, ctx.text);
            let Some(new) = lookup(mapping, old) else {
                return;
            };
            if is_local_module(ctx, old) {
                return;
            }
            if let Some(message) = note_for(old) {
                fixes.review(module, message);
            }
            fixes.replace(
                module,
                new,
                format!("module `{old}` is `{new}` in Python 3"),
            );
        }
        "attribute" => {
            let Some(object) = node.child_by_field_id(crate::field!("object").get()) else {
                return;
            };
            if object.kind_name() != "identifier" {
                return;
            }
            let old = node_text(object, ctx.text);
            let Some(new) = lookup(mapping, old) else {
                return;
            };
            // Only a name bound by a plain `import old` denotes the module.
            let imported = ctx
                .imports()
                .targets(old)
                .any(|b| !b.from_import && b.qualified == old);
            if !imported || !ctx.semantics().names_import(object, old) || is_local_module(ctx, old)
            {
                return;
            }
            // `queue = Queue.Queue()` must not become `queue = queue.Queue()`.
            let head = new.split('.').next().unwrap_or(new);
            if ctx.semantics().bound_by_non_import(object, head) {
                fixes.review(
                    node,
                    format!("`{old}` is `{new}` in Python 3, but `{head}` is also a variable here; rename the variable, then the module"),
                );
                return;
            }
            fixes.replace(
                object,
                new,
                format!("module `{old}` is `{new}` in Python 3"),
            );
        }
        _ => {}
    }
}
