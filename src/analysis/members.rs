//! Renaming members of a module (`base64.encodestring` → `base64.encodebytes`), in
//! attribute uses and in `from module import name` statements.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Context, Fixes};

/// Replace `module.old` attribute uses and `from module import old` names.
pub fn rename_members<'t>(
    node: Node<'t>,
    ctx: &Context<'t>,
    fixes: &mut Fixes,
    renames: &[(&str, &str, &str)],
) {
    let text = ctx.text;
    match node.kind_name() {
        "attribute" => {
            let (Some(object), Some(attr)) = (
                node.child_by_field_id(crate::field!("object").get()),
                node.child_by_field_id(crate::field!("attribute").get()),
            ) else {
                return;
            };
            let name = &text[attr.byte_range()];
            let Some(&(module, old, new)) = renames.iter().find(|r| r.1 == name) else {
                return;
            };
            if !denotes_module(object, ctx, module) {
                return;
            }
            fixes.replace(
                attr,
                new,
                format!("`{module}.{old}` is `{module}.{new}` in Python 3"),
            );
        }
        "import_from_statement" => {
            let Some(from) = node.child_by_field_id(crate::field!("module_name").get()) else {
                return;
            };
            let from = &text[from.byte_range()];
            let mut cursor = node.walk();
            for name in node.children_by_field_id(crate::field!("name"), &mut cursor) {
                let (imported, aliased) = match name.kind_name() {
                    "aliased_import" => (name.child_by_field_id(crate::field!("name").get()), true),
                    _ => (Some(name), false),
                };
                let Some(imported) = imported else { continue };
                let member = &text[imported.byte_range()];
                let Some(&(module, old, new)) =
                    renames.iter().find(|r| r.0 == from && r.1 == member)
                else {
                    continue;
                };
                let replacement = if aliased {
                    new.to_string()
                } else {
                    format!("{new} as {old}")
                };
                fixes.replace(
                    imported,
                    replacement,
                    format!("`{module}.{old}` is `{module}.{new}` in Python 3"),
                );
            }
        }
        _ => {}
    }
}

/// True when `object` names `module`: through an import, or the bare module name that
/// no import rebinds (as in doctest snippets, which import nothing).
pub fn denotes_module<'t>(object: Node<'t>, ctx: &Context<'t>, module: &str) -> bool {
    let imports = ctx.imports();
    let names = imports.qualified_names(object, ctx.text);
    if names.iter().any(|q| q == module) {
        return true;
    }
    object.kind_name() == "identifier"
        && &ctx.text[object.byte_range()] == module
        && names.is_empty()
        && !ctx.semantics().module_binds(module)
}
