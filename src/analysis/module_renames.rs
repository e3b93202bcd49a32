//! Renaming a module everywhere a file names it: `import old` / `import old as x` /
//! `from old import y` statements, and `old.attr` uses when `old` was bound by a plain
//! `import old`. Shared by the `imports` and `imports2` codemods (2to3's fix_imports and
//! fix_imports2), which differ only in their tables.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::analysis::{from_import, siblings};
use crate::codemod::{Context, Fixes};
use crate::edit::Splice;
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
            // What this codemod turns an item of an import statement into.
            let own = |old: &str| {
                lookup(mapping, old)
                    .filter(|_| !is_local_module(ctx, old))
                    .map(|new| vec![new])
            };
            for item in from_import::imported_names(node) {
                let old = node_text(item.name, ctx.text);
                let Some(new) = lookup(mapping, old) else {
                    continue;
                };
                if is_local_module(ctx, old) {
                    continue;
                }
                if let Some(message) = note_for(old) {
                    fixes.review(item.name, message);
                }
                let reason = format!("module `{old}` is `{new}` in Python 3");
                match item.alias {
                    // `import cPickle as pickle` → `import pickle`, not `import pickle as pickle`.
                    Some(alias) if node_text(alias, ctx.text) != new => {
                        fixes.replace(item.name, new, reason)
                    }
                    _ => replace_import_item(ctx, fixes, node, item.item, &[new], &own, &reason),
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

/// The modules some codemod of the `py3` preset may turn `import old` into, given what
/// the file uses of it.
pub fn may_become(ctx: &Context<'_>, old: &str) -> Vec<&'static str> {
    let mut modules: Vec<&'static str> = [
        crate::codemods::imports::MAPPING,
        crate::codemods::imports2::MAPPING,
    ]
    .iter()
    .filter_map(|mapping| lookup(mapping, old))
    .collect();
    match old {
        "urllib" | "urllib2" => {
            modules.extend(crate::codemods::urllib::new_modules(ctx, old).unwrap_or_default())
        }
        "cgi" => {
            for member in crate::syntax::members_used(ctx.root(), ctx.text, old) {
                match member {
                    "escape" => modules.push("html"),
                    "parse_qs" | "parse_qsl" => modules.push("urllib.parse"),
                    _ => {}
                }
            }
        }
        "rfc822" => modules.push("email.utils"),
        "UserDict" => modules.push("collections"),
        _ => {}
    }
    modules
}

/// The module an item of an `import` statement binds under its own name (`urllib.parse`
/// for `import urllib.parse`), `None` for `import x as y`.
fn plain_module<'s>(item: &from_import::ImportedName<'_>, text: &'s str) -> Option<&'s str> {
    item.alias.is_none().then(|| node_text(item.name, text))
}

/// Propose replacing the item `item` of the `import` statement `stmt` by imports of
/// `modules`, in order, without naming a module twice. A module is left out when it is
/// imported already: by another item of the statement, by a module-level `import`
/// statement with only imports between the two, or by what an
/// earlier item becomes through the caller's own rewrites (`own`: what the caller turns
/// `import old` into, `None` for modules it does not rewrite). When nothing is left, the
/// item goes (the statement too, when it was its only item).
///
/// When an earlier item (of the statement, or of such a module-level statement) is
/// one that another codemod may turn into one of the modules kept (see [`may_become`]),
/// the fix also spans that item, unchanged: the two rewrites then conflict, and the
/// engine proposes this one again on the rewritten text, where the duplicate shows.
pub fn replace_import_item<'t>(
    ctx: &Context<'t>,
    fixes: &mut Fixes,
    stmt: Node<'t>,
    item: Node<'t>,
    modules: &[&str],
    own: &dyn Fn(&str) -> Option<Vec<&'static str>>,
    reason: &str,
) {
    let (splices, removed) = import_item_splices(ctx, stmt, item, modules, own);
    let reason = if removed {
        format!("{reason}, which is imported already")
    } else {
        reason.to_string()
    };
    fixes.add(item, reason, splices);
}

/// The splices of [`replace_import_item`], and whether they remove the item.
pub fn import_item_splices<'t>(
    ctx: &Context<'t>,
    stmt: Node<'t>,
    item: Node<'t>,
    modules: &[&str],
    own: &dyn Fn(&str) -> Option<Vec<&'static str>>,
) -> (Vec<Splice>, bool) {
    let text = ctx.text;
    let items = from_import::imported_names(stmt);
    let Some(index) = items.iter().position(|i| i.item.id() == item.id()) else {
        return (Vec::new(), false);
    };
    let root = ctx.root();
    let module_level = stmt.parent().is_some_and(|p| p.id() == root.id());
    // The items of the module-level import statements in the run of imports around this
    // one (code between imports may use what the first one imported).
    let mut before: Vec<from_import::ImportedName<'t>> = Vec::new();
    let mut after: Vec<from_import::ImportedName<'t>> = Vec::new();
    if module_level {
        let mut cursor = root.walk();
        for sibling in root.named_children(&mut cursor) {
            let kind = sibling.kind_name();
            if sibling.start_byte() < stmt.start_byte() {
                match kind {
                    "import_statement" => before.extend(from_import::imported_names(sibling)),
                    "import_from_statement" | "future_import_statement" | "comment" => {}
                    _ => before.clear(),
                }
            } else if sibling.id() != stmt.id() {
                match kind {
                    "import_statement" => after.extend(from_import::imported_names(sibling)),
                    "import_from_statement" | "future_import_statement" | "comment" => {}
                    _ => break,
                }
            }
        }
    }
    let earlier: Vec<&from_import::ImportedName<'t>> =
        before.iter().chain(items[..index].iter()).collect();
    let mut kept: Vec<&str> = Vec::new();
    let mut span_from: Option<usize> = None;
    for &module in modules {
        let literal =
            |other: &&from_import::ImportedName<'t>| plain_module(other, text) == Some(module);
        let imported = kept.contains(&module)
            || items
                .iter()
                .enumerate()
                .any(|(i, other)| i != index && literal(&other))
            || before
                .iter()
                .chain(after.iter())
                .any(|other| literal(&other))
            || earlier.iter().any(|other| {
                plain_module(other, text)
                    .and_then(own)
                    .is_some_and(|news| news.contains(&module))
            });
        if imported {
            continue;
        }
        kept.push(module);
        let may_duplicate = earlier
            .iter()
            .filter(|other| {
                plain_module(other, text)
                    .is_some_and(|old| own(old).is_none() && may_become(ctx, old).contains(&module))
            })
            .map(|other| other.item.start_byte())
            .min();
        if let Some(start) = may_duplicate {
            span_from = Some(span_from.map_or(start, |s: usize| s.min(start)));
        }
    }
    if kept.is_empty() {
        return (from_import::remove_names(stmt, text, &[index]), true);
    }
    let replacement = kept.join(", ");
    let splice = match span_from {
        Some(start) => Splice::new(
            start,
            item.end_byte(),
            format!("{}{replacement}", &text[start..item.start_byte()]),
        ),
        None => Splice::new(item.start_byte(), item.end_byte(), replacement),
    };
    (vec![splice], false)
}
