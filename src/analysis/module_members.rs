//! Moving the members of a standard-library module that Python 3 removed or trimmed to
//! where Python 3 keeps them (`rfc822.formatdate` → `email.utils.formatdate`,
//! `cgi.escape` → `html.escape`): attribute uses of the module, the names of `from
//! module import ...` statements with their uses, and the import statements themselves.
//!
//! Each member has a [`Plan`]. A use is rewritten only when its new home means the same
//! thing there; the import of the old module is replaced only when every use of the
//! name it binds was rewritten, and kept (with the new module imported as well)
//! otherwise.

use tree_sitter::Node;

use crate::analysis::{from_import, module_renames, siblings};
use crate::codemod::{Context, Fixes};
use crate::codemods::common;
use crate::edit::Splice;
use crate::semantics::{references, BindingKind, Major, Meaning};
use crate::syntax::{self, KindName, Visit};

/// Rewrites the arguments of a call whose callee moves, or says why the call cannot be
/// rewritten. The splices never touch the callee, which the caller replaces.
pub type CallRewrite = for<'t> fn(Node<'t>, &Context<'t>) -> Result<Vec<Splice>, String>;

/// What becomes of one member of the old module.
pub enum Plan {
    /// The same function or class is `module.name`: every use keeps its meaning.
    Moved {
        module: &'static str,
        name: &'static str,
    },
    /// `module.name` does the same once each call's arguments are rewritten; a use
    /// other than a call is left alone with a review note.
    Call {
        module: &'static str,
        name: &'static str,
        rewrite: CallRewrite,
    },
    /// Still in the old module on Python 3.
    Stays,
    /// No faithful equivalent: left alone, with this review note.
    Review(String),
}

/// A module whose members move.
pub struct OldModule<'p> {
    /// The module's name (`rfc822`).
    pub name: &'static str,
    /// False for a module Python 3 still has (`cgi`): its other members stay there.
    pub removed: bool,
    pub plan: &'p dyn Fn(&str) -> Plan,
}

/// Propose the rewrites for every import of `old` in the file, and for the uses of the
/// names they bind.
pub fn migrate<'t>(ctx: &Context<'t>, fixes: &mut Fixes, old: &OldModule<'_>) {
    // A module next to the file with the old name is what Python 2 imported.
    if !ctx.imports().has_future("absolute_import") && siblings::is_sibling(ctx.path, old.name) {
        return;
    }
    let mut statements = Vec::new();
    syntax::preorder(ctx.root(), |node| {
        if uncertain(node) {
            return Visit::SkipChildren;
        }
        match node.kind_name() {
            "import_statement" | "import_from_statement" => {
                statements.push(node);
                Visit::SkipChildren
            }
            _ => Visit::Descend,
        }
    });
    for stmt in statements {
        if stmt.kind_name() == "import_statement" {
            for item in from_import::imported_names(stmt) {
                if ctx.text(item.name) == old.name {
                    plain_import(ctx, fixes, old, stmt, item);
                }
            }
        } else if from_import::module(stmt, ctx.text) == Some(old.name) {
            from_import(ctx, fixes, old, stmt);
        }
    }
}

/// A node whose meaning is not known because of a parse error in it, as the engine
/// judges it for the codemods it walks: an error, or a node containing one that does
/// not only group statements (a block, a function, a compound statement).
fn uncertain(node: Node<'_>) -> bool {
    node.is_error()
        || node.is_missing()
        || (node.has_error()
            && !matches!(
                node.kind_name(),
                "module"
                    | "block"
                    | "function_definition"
                    | "class_definition"
                    | "decorated_definition"
                    | "if_statement"
                    | "elif_clause"
                    | "else_clause"
                    | "for_statement"
                    | "while_statement"
                    | "try_statement"
                    | "except_clause"
                    | "except_group_clause"
                    | "finally_clause"
                    | "with_statement"
                    | "match_statement"
                    | "case_clause"
            ))
}

/// One rewritten use: where it is reported, why, and its splices.
struct Edit<'t> {
    at: Node<'t>,
    reason: String,
    splices: Vec<Splice>,
}

/// `import old` / `import old as alias` and the attribute uses of the name it binds.
fn plain_import<'t>(
    ctx: &Context<'t>,
    fixes: &mut Fixes,
    old: &OldModule<'_>,
    stmt: Node<'t>,
    item: from_import::ImportedName<'t>,
) {
    let local = ctx.text(item.alias.unwrap_or(item.name));
    // Uses in a region that does not parse: nothing is known (the engine proposes again
    // once `repair-errors` made it parse).
    let Some(refs) = references(ctx, stmt, local) else {
        return;
    };
    if refs.is_empty() {
        if old.removed {
            fixes.review(
                item.item,
                format!(
                    "nothing here uses `{local}`, and Python 3 has no `{}` module: remove the import",
                    old.name
                ),
            );
        }
        return;
    }
    let mut edits: Vec<Edit<'t>> = Vec::new();
    let mut failures: Vec<(Node<'t>, String)> = Vec::new();
    let mut needed: Vec<&'static str> = Vec::new();
    let mut stays = false;
    for r in refs {
        let attribute = r.parent().filter(|p| {
            p.kind_name() == "attribute"
                && syntax::attribute_parts(*p).is_some_and(|(object, _)| object.id() == r.id())
        });
        let Some(attribute) = attribute.filter(|_| !references::is_store(r)) else {
            if !old.removed {
                // `m = cgi`: the module is still needed, and still there.
                stays = true;
                continue;
            }
            failures.push((
                r,
                format!(
                    "`{local}` is used here as the module itself; Python 3 has no `{}` module to stand for it",
                    old.name
                ),
            ));
            continue;
        };
        let Some((_, attr)) = syntax::attribute_parts(attribute) else {
            continue;
        };
        let member = ctx.text(attr);
        let qualified = format!("{}.{member}", old.name);
        match (old.plan)(member) {
            Plan::Stays => stays = true,
            Plan::Review(message) => failures.push((attribute, message)),
            Plan::Moved { module, name } => {
                if let Err(message) = head_available(ctx, r, module) {
                    failures.push((attribute, message));
                    continue;
                }
                needed.push(module);
                edits.push(Edit {
                    at: attribute,
                    reason: format!("`{qualified}` is `{module}.{name}` in Python 3"),
                    splices: vec![Splice::new(
                        attribute.start_byte(),
                        attribute.end_byte(),
                        format!("{module}.{name}"),
                    )],
                });
            }
            Plan::Call {
                module,
                name,
                rewrite,
            } => {
                let Some(call) = references::called(attribute) else {
                    failures.push((
                        attribute,
                        format!("`{qualified}` is used without being called: Python 3's `{module}.{name}` needs other arguments; rewrite the calls by hand"),
                    ));
                    continue;
                };
                if !bound_only_by(ctx, r, stmt) {
                    // A fallback (`try: import email.utils as m / except ImportError:
                    // import rfc822 as m`): the other binding takes the old arguments.
                    fixes.note(attribute, format!("left alone: `{local}` is also bound otherwise here (a fallback import?)"));
                    stays = true;
                    continue;
                }
                if let Err(message) = head_available(ctx, r, module) {
                    failures.push((attribute, message));
                    continue;
                }
                match rewrite(call, ctx) {
                    Ok(mut splices) => {
                        needed.push(module);
                        splices.push(Splice::new(
                            attribute.start_byte(),
                            attribute.end_byte(),
                            format!("{module}.{name}"),
                        ));
                        edits.push(Edit {
                            at: attribute,
                            reason: format!("`{qualified}` is `{module}.{name}` in Python 3"),
                            splices,
                        });
                    }
                    Err(message) => failures.push((attribute, message)),
                }
            }
        }
    }
    let mut modules: Vec<&'static str> = Vec::new();
    for module in needed {
        if !modules.contains(&module) {
            modules.push(module);
        }
    }
    // Inner calls first: a wrap closing where an outer call's new argument goes.
    edits.reverse();
    if failures.is_empty() && !stays {
        // One fix with the import: if another rewrite of the statement is preferred, all
        // of it is proposed again on the new text, uses included.
        let (import_splices, _) =
            module_renames::import_item_splices(ctx, stmt, item.item, &modules, &|_| None);
        let mut splices: Vec<Splice> = edits.into_iter().flat_map(|e| e.splices).collect();
        splices.extend(import_splices);
        fixes.add(
            stmt,
            format!(
                "what this file uses of `{}` is elsewhere in Python 3",
                old.name
            ),
            splices,
        );
        return;
    }
    for edit in edits {
        fixes.add(edit.at, edit.reason, edit.splices);
    }
    for (at, message) in failures {
        fixes.review(at, message);
    }
    for module in modules {
        common::add_import(ctx, fixes, item.item, &format!("import {module}"));
    }
}

/// `from old import a, b as c`: names that move go to a `from new import ...` statement
/// (calls of them rewritten as needed), the others stay.
fn from_import<'t>(ctx: &Context<'t>, fixes: &mut Fixes, old: &OldModule<'_>, stmt: Node<'t>) {
    let names = from_import::imported_names(stmt);
    if names.is_empty() {
        // `from old import *`.
        if old.removed {
            fixes.review(
                stmt,
                format!(
                    "`from {} import *`: Python 3 has no such module; import the names used from their new modules",
                    old.name
                ),
            );
        }
        return;
    }
    // (new module, item text) of the names that move, in order; the items that stay.
    let mut moved: Vec<(&'static str, String, from_import::ImportedName<'t>)> = Vec::new();
    let mut stay: Vec<&str> = Vec::new();
    let mut edits: Vec<Edit<'t>> = Vec::new();
    let mut notes: Vec<(Node<'t>, String)> = Vec::new();
    for item in &names {
        let member = ctx.text(item.name);
        let local = ctx.text(item.alias.unwrap_or(item.name));
        let qualified = format!("{}.{member}", old.name);
        let as_local = |name: &str| {
            if name == local {
                name.to_string()
            } else {
                format!("{name} as {local}")
            }
        };
        match (old.plan)(member) {
            Plan::Stays => stay.push(ctx.text(item.item)),
            Plan::Review(message) => {
                stay.push(ctx.text(item.item));
                notes.push((item.item, message));
            }
            Plan::Moved { module, name } => moved.push((module, as_local(name), *item)),
            Plan::Call {
                module,
                name,
                rewrite,
            } => {
                // Uses in a region that does not parse: the name stays, for now.
                let Some(refs) = references(ctx, stmt, local) else {
                    stay.push(ctx.text(item.item));
                    continue;
                };
                if refs.iter().any(|r| !bound_only_by(ctx, *r, stmt)) {
                    // A fallback (`try: from email.utils import formatdate / except
                    // ImportError: from rfc822 import formatdate`): calls serve both.
                    fixes.note(item.item, format!("left alone: `{local}` is also bound otherwise here (a fallback import?)"));
                    stay.push(ctx.text(item.item));
                    continue;
                }
                let mut item_edits = Vec::new();
                let mut failure = None;
                if exported(ctx, local) {
                    failure = Some((item.item, format!("`{local}` (`{qualified}`) is exported in `__all__`: other modules would call Python 3's `{module}.{name}` with the old arguments; rewrite by hand")));
                }
                for r in refs.into_iter().filter(|_| failure.is_none()) {
                    let Some(call) = references::called(r) else {
                        failure = Some((r, format!("`{local}` (`{qualified}`) is used without being called: Python 3's `{module}.{name}` needs other arguments; rewrite the uses by hand")));
                        break;
                    };

                    match rewrite(call, ctx) {
                        Ok(splices) => item_edits.push(Edit {
                            at: call,
                            reason: format!("`{qualified}` is `{module}.{name}` in Python 3"),
                            splices,
                        }),
                        Err(message) => {
                            failure = Some((call, message));
                            break;
                        }
                    }
                }
                match failure {
                    Some(note) => {
                        stay.push(ctx.text(item.item));
                        notes.push(note);
                    }
                    None => {
                        edits.extend(item_edits);
                        moved.push((module, as_local(name), *item));
                    }
                }
            }
        }
    }
    let emit_notes = |fixes: &mut Fixes, notes: Vec<(Node<'t>, String)>| {
        for (at, message) in notes {
            fixes.review(at, message);
        }
    };
    if moved.is_empty() {
        emit_notes(fixes, notes);
        return;
    }
    let mut groups: Vec<(&'static str, Vec<String>)> = Vec::new();
    for (module, text, _) in &moved {
        match groups.iter_mut().find(|(m, _)| m == module) {
            Some((_, items)) => items.push(text.clone()),
            None => groups.push((module, vec![text.clone()])),
        }
    }
    let reason = format!(
        "{} moved to {} in Python 3",
        moved
            .iter()
            .map(|(_, _, item)| format!("`{}.{}`", old.name, ctx.text(item.name)))
            .collect::<Vec<_>>()
            .join(", "),
        groups
            .iter()
            .map(|(m, _)| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let Some(module_node) = stmt.child_by_field_id(crate::field!("module_name").get()) else {
        return;
    };
    let splices = if stay.is_empty() && groups.len() == 1 {
        // Only the module, and the names that change, are replaced: the layout stays.
        let mut splices = vec![Splice::new(
            module_node.start_byte(),
            module_node.end_byte(),
            groups[0].0,
        )];
        for (_, text, item) in &moved {
            if ctx.text(item.item) != text {
                splices.push(Splice::new(
                    item.item.start_byte(),
                    item.item.end_byte(),
                    text.clone(),
                ));
            }
        }
        splices
    } else {
        let indent = crate::semantics::text::line_indent(ctx.text, stmt.start_byte());
        let line_start = crate::semantics::text::line_start(ctx.text, stmt.start_byte());
        if line_start + indent.len() != stmt.start_byte() || ctx.text(stmt).contains('#') {
            notes.push((
                stmt,
                format!(
                    "split this import by hand: {} (it shares its line or holds comments)",
                    reason
                ),
            ));
            emit_notes(fixes, notes);
            return;
        }
        let mut lines = Vec::new();
        if !stay.is_empty() {
            lines.push(format!("from {} import {}", old.name, stay.join(", ")));
        }
        for (module, items) in &groups {
            lines.push(format!("from {module} import {}", items.join(", ")));
        }
        vec![Splice::new(
            stmt.start_byte(),
            stmt.end_byte(),
            lines.join(&format!("\n{indent}")),
        )]
    };
    fixes.add(stmt, reason, splices);
    for edit in edits.into_iter().rev() {
        fixes.add(edit.at, edit.reason, edit.splices);
    }
    emit_notes(fixes, notes);
}

/// True when a module-level `__all__` lists `name`.
fn exported(ctx: &Context<'_>, name: &str) -> bool {
    let root = ctx.root();
    let mut cursor = root.walk();
    let quoted = [format!("'{name}'"), format!("\"{name}\"")];
    let found = root.named_children(&mut cursor).any(|stmt| {
        let text = ctx.text(stmt);
        stmt.kind_name() == "expression_statement"
            && text.starts_with("__all__")
            && quoted.iter().any(|q| text.contains(q.as_str()))
    });
    found
}

/// The identifiers of the file that read the name `local` as bound by the import
/// statement `stmt` (also where another binding may apply too); `None` when the name
/// occurs in a region that does not parse, whose uses are not known.
pub fn references<'t>(ctx: &Context<'t>, stmt: Node<'t>, local: &str) -> Option<Vec<Node<'t>>> {
    let mut found = Vec::new();
    let mut unknown = false;
    syntax::preorder(ctx.root(), |node| {
        if uncertain(node) {
            if syntax::contains_word(ctx.text(node), local) {
                unknown = true;
                return Visit::Stop;
            }
            return Visit::SkipChildren;
        }
        if node.kind_name() == "identifier"
            && ctx.text(node) == local
            && references::is_variable(node)
        {
            if let Meaning::Bound { bindings, .. } = ctx.semantics().resolve(node) {
                if bindings.iter().any(|b| b.statement.id() == stmt.id()) {
                    found.push(node);
                }
            }
        }
        Visit::Descend
    });
    (!unknown).then_some(found)
}

/// True when every binding the name `identifier` may refer to is made by `stmt`.
fn bound_only_by<'t>(ctx: &Context<'t>, identifier: Node<'t>, stmt: Node<'t>) -> bool {
    matches!(ctx.semantics().resolve(identifier), Meaning::Bound { bindings, .. }
        if bindings.iter().all(|b| b.statement.id() == stmt.id()))
}

/// `Ok` when `module`'s first name (`email` of `email.utils`), written at `at`, would
/// denote the module: nothing in scope binds it, or only imports of that package do. A
/// star import (`from helpers import *`) is taken not to bind it: a module that exports
/// a name like a standard module's almost always exports that module.
pub fn head_available<'t>(ctx: &Context<'t>, at: Node<'t>, module: &str) -> Result<(), String> {
    let head = module.split('.').next().unwrap_or(module);
    match ctx.semantics().lookup(at, head, Major::Two) {
        Meaning::Undefined | Meaning::StarImport(_) => Ok(()),
        Meaning::Bound { bindings, .. }
            if bindings.iter().all(|b| {
                b.kind == BindingKind::Import
                    && ctx.imports().bindings.iter().any(|i| {
                        !i.from_import
                            && i.statement == (b.statement.start_byte(), b.statement.end_byte())
                            && i.local == head
                            && i.qualified == head
                    })
            }) =>
        {
            Ok(())
        }
        _ => Err(format!(
            "`{head}` is a name of this code here, so the `{module}` module cannot be named; rename it first"
        )),
    }
}

/// A splice that adds the argument `argument` (`usegmt=True`) at the end of a call's
/// argument list (after a trailing comma, if there is one).
pub fn append_argument(args: Node<'_>, text: &str, argument: &str) -> Splice {
    let mut cursor = args.walk();
    let children: Vec<Node<'_>> = args
        .children(&mut cursor)
        .filter(|c| c.kind_name() != "comment")
        .collect();
    let last_named = children.iter().rev().find(|c| c.is_named());
    match last_named {
        None => {
            let at = args.start_byte() + 1;
            Splice::new(at, at, argument)
        }
        Some(last) => {
            let comma = children
                .iter()
                .find(|c| c.start_byte() >= last.end_byte() && &text[c.byte_range()] == ",");
            match comma {
                Some(comma) => {
                    Splice::new(comma.end_byte(), comma.end_byte(), format!(" {argument}"))
                }
                None => Splice::new(last.end_byte(), last.end_byte(), format!(", {argument}")),
            }
        }
    }
}

/// The call's arguments when they are all plain positional ones (no keywords, no `*`),
/// `None` otherwise.
pub fn positional_arguments<'t>(call: Node<'t>) -> Option<Vec<Node<'t>>> {
    let (_, args) = syntax::call_parts(call)?;
    if args.kind_name() != "argument_list" {
        return None;
    }
    let arguments = syntax::arguments(args);
    arguments
        .iter()
        .all(|a| {
            !matches!(
                a.kind_name(),
                "keyword_argument" | "list_splat" | "dictionary_splat"
            )
        })
        .then_some(arguments)
}
