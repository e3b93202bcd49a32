//! Wrap `map()`, `filter()` and `zip()` in `list()` where Python 2 code needs a list; turn `itertools.imap/ifilter/izip` into the builtins.
//!
//! ## What it does
//! - `map(...)`, `filter(...)` and `zip(...)` calls whose result is used as a list
//!   (assigned, returned, indexed, passed to `len()` or any other function, compared,
//!   concatenated, or a statement on its own) are wrapped in `list(...)`. Calls that are
//!   only iterated once — a `for` loop or comprehension, the first argument of `list`,
//!   `tuple`, `set`, `frozenset`, `sorted`, `sum`, `any`, `all`, `min`, `max`,
//!   `enumerate`, `iter`, `next`, `dict`, a string `join`, `yield from`, `*` unpacking —
//!   are left alone, with a note saying why — unless the loop body changes a list the
//!   call reads (`for x in filter(f, xs): xs.remove(x)`): Python 2 iterated a copy, so
//!   the call gets `list(...)`.
//! - `map(None, a, b)` (Python 2 pads the shorter iterable with `None`) becomes
//!   `list(itertools.zip_longest(a, b))`, reusing an existing `import itertools [as it]`
//!   or adding `import itertools`; `map(None, a)` becomes `list(a)`.
//! - `itertools.imap`, `itertools.ifilter`, `itertools.izip` (also through
//!   `import itertools as it` and `from itertools import imap`) become the builtins
//!   `map`, `filter`, `zip`. They were already lazy, so in a loop or consuming call only
//!   the name changes. A result assigned to a variable that is only iterated
//!   (`pairs = izip(a, b)`) becomes `list(zip(a, b))`, which a second run leaves
//!   alone; where the code needs the iterator itself — it is advanced with `next()`,
//!   returned, passed on, or an argument is infinite (`count()`) — it becomes
//!   `iter(zip(a, b))`, the same object, visibly deliberate. The names
//!   are removed from `from itertools import ...`; an import left empty is deleted (or
//!   becomes `pass` where a statement is required).
//!
//! ## Why
//! In Python 3 these builtins return one-shot iterators: `len(map(f, x))` raises
//! `TypeError`, `zip(a, b)[0]` fails, a second loop over the same result sees nothing,
//! and `map(log, items)` on its own line never calls `log`. The `itertools` variants no
//! longer exist.
//!
//! ## Example
//! ```python
//! from itertools import izip, chain
//! names = map(str.strip, lines)
//! for n in filter(None, names):
//!     pass
//! for pair in izip(a, b):
//!     pass
//! ```
//! becomes
//! ```python
//! from itertools import chain
//! names = list(map(str.strip, lines))
//! for n in filter(None, names):
//!     pass
//! for pair in zip(a, b):
//!     pass
//! ```
//!
//! ## Left alone
//! - Calls already in an iterating context (see above), including `list(map(...))`.
//! - `map`/`filter`/`zip` bound by an import (`from future_builtins import map`) or
//!   defined in the module: they are not the builtins.
//! - `min(a, b)`-style calls with several positional arguments compare their arguments,
//!   so `min(map(f, x), y)` gets the list.
//! - `filter(f, "text")`: Python 2 returned a string for a string argument; reported for
//!   review.
//! - `from itertools import imap as m`: reported; rename the alias's uses by hand.
//!
//! ## Fix safety
//! Safe: `list(...)` restores the Python 2 value exactly. Code that is already Python 3
//! and keeps a `map` object in a variable on purpose gets an (equivalent, eager) list.

use crate::syntax::KindName;
use std::borrow::Cow;

use tree_sitter::Node;

use crate::analysis::from_import;
use crate::analysis::list_context::{self, Need};
use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::imports;
use crate::prefilter::FileText;
use crate::semantics::references;
use crate::syntax;

pub struct LazyMap;

/// `itertools` functions that are the Python 3 builtins, with the builtin's name.
/// The names of [`ITERTOOLS_BUILTINS`], for the engine's identifier filter.
const ITERTOOLS_NAMES: &[&str] = &["imap", "ifilter", "izip"];

const ITERTOOLS_BUILTINS: &[(&str, &str)] =
    &[("imap", "map"), ("ifilter", "filter"), ("izip", "zip")];

impl Codemod for LazyMap {
    fn id(&self) -> &str {
        "lazy-map"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // The builtins are called by bare name (`objects.filter(...)` is not one); the
        // itertools functions appear in an import or as `itertools.imap`.
        file.has_any_code_name(&["map", "filter", "zip"])
            || ITERTOOLS_BUILTINS
                .iter()
                .any(|(name, _)| file.has_code_word(name))
    }

    fn identifier_texts(&self) -> Option<&[&'static str]> {
        Some(ITERTOOLS_NAMES)
    }

    fn kinds(&self) -> &[&'static str] {
        &["call", "identifier", "attribute", "import_from_statement"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        match node.kind_name() {
            "call" => visit_call(node, ctx, fixes),
            "identifier" => visit_identifier(node, ctx, fixes),
            "attribute" => visit_attribute(node, ctx, fixes),
            _ => visit_import(node, ctx, fixes),
        }
    }
}

fn visit_call<'t>(call: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    if !syntax::may_call(call, ctx.text, &["map", "filter", "zip"]) {
        return;
    }
    let Some((function, args)) = syntax::call_parts(call) else {
        return;
    };
    if function.kind_name() != "identifier" || args.kind_name() != "argument_list" {
        return;
    }
    let name = ctx.text(function);
    if !matches!(name, "map" | "filter" | "zip") {
        return;
    }
    if let Some(why) = shadowed(name, ctx) {
        fixes.note(call, format!("left alone: {why}"));
        return;
    }
    let arguments = syntax::arguments(args);
    if name == "map" && arguments.first().is_some_and(|a| a.kind_name() == "none") {
        map_none(call, function, &arguments, ctx, fixes);
        return;
    }
    if name == "filter" && arguments.get(1).is_some_and(|a| is_string_literal(*a)) {
        fixes.review(
            call,
            "filter() over a string returned a string in Python 2 and an iterator in Python 3; \
             decide between ''.join(filter(...)) and list(filter(...))",
        );
        return;
    }
    match list_context::classify(call, ctx) {
        Need::Iterator(reason) => match changed_while_iterated(call, name, &arguments, ctx) {
            Some(change) => fixes.wrap(
                call,
                "list(",
                ")",
                format!("the loop changes what the lazy {name}() reads ({change}); list() takes the Python 2 copy"),
            ),
            None => fixes.note(call, format!("{name}() left alone: {reason}")),
        },
        Need::List(reason) => fixes.wrap(
            call,
            "list(",
            ")",
            format!("{name}() returns an iterator in Python 3; a list is needed: {reason}"),
        ),
    }
}

/// When a loop iterates `call` and its body changes one of the iterables `call` reads
/// (`for x in filter(f, xs): xs.remove(x)`), a description of the change.
fn changed_while_iterated<'t>(
    call: Node<'t>,
    name: &str,
    arguments: &[Node<'t>],
    ctx: &Context<'t>,
) -> Option<String> {
    // `map(f, a, b)` and `filter(f, a)` read all but their first argument; `zip` reads all.
    let iterables = if name == "zip" {
        arguments
    } else {
        arguments.get(1..)?
    };
    let outer = syntax::outermost_parens(call);
    iterables
        .iter()
        .filter(|a| matches!(a.kind_name(), "identifier" | "attribute"))
        .find_map(|a| list_context::mutated_in_loop(outer, ctx.text(*a), ctx))
}

/// `map(None, a)` → `list(a)`; `map(None, a, b)` → `list(itertools.zip_longest(a, b))`.
fn map_none<'t>(
    call: Node<'t>,
    function: Node<'t>,
    arguments: &[Node<'t>],
    ctx: &Context<'t>,
    fixes: &mut Fixes,
) {
    let (none, rest) = match arguments {
        [none, rest @ ..] if !rest.is_empty() => (*none, rest),
        _ => return,
    };
    let unknown_count = rest.iter().any(|a| {
        matches!(
            a.kind_name(),
            "list_splat" | "dictionary_splat" | "keyword_argument"
        )
    });
    if unknown_count {
        fixes.review(
            call,
            "map(None, *args) pads with None like itertools.zip_longest only for several iterables; \
             rewrite by hand",
        );
        return;
    }
    let drop_none = Splice::new(none.start_byte(), rest[0].start_byte(), "");
    if rest.len() == 1 {
        fixes.add(
            call,
            "map(None, x) copied x into a list",
            vec![
                Splice::new(function.start_byte(), function.end_byte(), "list"),
                drop_none,
            ],
        );
        return;
    }
    let need = list_context::classify(call, ctx);
    let (module, import) = match ctx.imports().module_alias("itertools") {
        Some(alias) => (alias.to_string(), None),
        None => (
            "itertools".to_string(),
            Some(imports::add_import_splice(
                ctx.root(),
                ctx.text,
                "import itertools",
            )),
        ),
    };
    let wrap = need.needs_list();
    let callee = if wrap {
        format!("list({module}.zip_longest")
    } else {
        format!("{module}.zip_longest")
    };
    let mut splices = vec![
        Splice::new(function.start_byte(), function.end_byte(), callee),
        drop_none,
    ];
    if wrap {
        splices.push(Splice::new(call.end_byte(), call.end_byte(), ")"));
    }
    if let Some(import) = import {
        // A fix of its own, so that identical imports from several fixes merge into one.
        fixes.add(
            call,
            "itertools.zip_longest needs `import itertools`",
            vec![import],
        );
    }
    fixes.add(
        call,
        format!(
            "map(None, a, b) pads with None: itertools.zip_longest ({})",
            if wrap {
                Cow::Owned(format!("list needed: {}", need.reason()))
            } else {
                Cow::Borrowed(need.reason())
            }
        ),
        splices,
    );
}

fn is_string_literal(node: Node<'_>) -> bool {
    matches!(node.kind_name(), "string" | "concatenated_string")
}

/// Why a bare `name` is not the builtin here, if it is not.
fn shadowed(name: &str, ctx: &Context<'_>) -> Option<String> {
    let imports = ctx.imports();
    if !ctx.semantics().module_binds(name) {
        return None;
    }
    match imports.targets(name).next() {
        Some(b)
            if b.qualified.starts_with("future_builtins.")
                || b.qualified.starts_with("itertools.") =>
        {
            Some(format!(
                "`{name}` is {} here, already lazy in Python 2",
                b.qualified
            ))
        }
        Some(b) => Some(format!("`{name}` is {} here, not the builtin", b.qualified)),
        None => Some(format!(
            "`{name}` is defined in this module, not the builtin"
        )),
    }
}

/// The builtin replacing `itertools.<name>`, when it can be used in this module.
fn builtin_for(itertools_name: &str, ctx: &Context<'_>) -> Result<&'static str, String> {
    let Some(&(_, builtin)) = ITERTOOLS_BUILTINS
        .iter()
        .find(|(n, _)| *n == itertools_name)
    else {
        return Err(String::new());
    };
    let imports = ctx.imports();
    let rebinds_builtin = ctx.semantics().module_binds(builtin)
        && !imports
            .targets(builtin)
            .all(|b| b.qualified == format!("future_builtins.{builtin}"));
    if rebinds_builtin || ctx.semantics().module_binds_by_non_import(builtin) {
        return Err(format!("`{builtin}` is rebound in this module"));
    }
    Ok(builtin)
}

/// `imap(f, x)` after `from itertools import imap` → `map(f, x)`.
fn visit_identifier<'t>(identifier: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let name = ctx.text(identifier);
    if !ITERTOOLS_BUILTINS.iter().any(|(n, _)| *n == name) || !references::is_variable(identifier) {
        return;
    }
    if ctx.semantics().has_py3_definition(identifier, name) {
        fixes.note(
            identifier,
            format!(
                "left alone: the code already defines `{}` for Python 3",
                name
            ),
        );
        return;
    }
    let imports = ctx.imports();
    let from_itertools = format!("itertools.{name}");
    let mut targets = imports.targets(name).peekable();
    if targets.peek().is_none() || !targets.all(|b| b.qualified == from_itertools) {
        return;
    }
    if ctx.semantics().module_binds_by_non_import(name) {
        fixes.review(
            identifier,
            format!("`{name}` is both imported from itertools and assigned here; migrate by hand"),
        );
        return;
    }
    match builtin_for(name, ctx) {
        Ok(builtin) => rename_to_builtin(identifier, name, builtin, ctx, fixes),
        Err(why) => fixes.review(identifier, format!("cannot rename {name}: {why}")),
    }
}

/// Replace `node` (the name `imap` or the attribute `itertools.imap`) with the builtin.
/// Where the call's result is stored or passed on, the iterator is kept explicit with
/// `iter(...)`: a bare `x = map(...)` would read as Python 2 code needing `list()`, and
/// a second run would make it eager (endless for an infinite iterable).
fn rename_to_builtin<'t>(
    node: Node<'t>,
    name: &str,
    builtin: &str,
    ctx: &Context<'t>,
    fixes: &mut Fixes,
) {
    let reason = format!(
        "itertools.{name} is the builtin {builtin}() in Python 3 (already lazy: no list())"
    );
    let call = node.parent().filter(|p| {
        p.kind_name() == "call"
            && p.child_by_field_id(crate::field!("function").get())
                .is_some_and(|f| f.id() == node.id())
    });
    let rename = Splice::new(node.start_byte(), node.end_byte(), builtin);
    match call.map(|c| (c, list_context::classify(c, ctx))) {
        Some((call, Need::List(context))) => {
            // Stored where a list reads naturally: `list()` gives a stable result that
            // a second run leaves alone. Where the code relies on the iterator itself
            // (`next()`, an infinite input, handed to code we cannot see), `iter()`
            // keeps it lazy and visibly deliberate.
            let (wrapper, why) = match needs_real_iterator(call, ctx) {
                Some(why) => ("iter(", format!("iter() keeps it lazy: {why}")),
                None => ("list(", format!("{context}; its uses only iterate")),
            };
            fixes.add(
                call,
                format!("{reason}; {why}"),
                vec![
                    Splice::new(call.start_byte(), call.start_byte(), wrapper),
                    rename,
                    Splice::new(call.end_byte(), call.end_byte(), ")"),
                ],
            )
        }
        _ => fixes.add(node, reason, vec![rename]),
    }
}

/// Why a stored `imap`/`izip`/`ifilter` result must stay an iterator, if it must: an
/// infinite argument (`count()`, `cycle()`, `repeat(x)`), a result that is returned or
/// passed on, or a variable that is advanced with `next()` in the same scope.
fn needs_real_iterator<'t>(call: Node<'t>, ctx: &Context<'t>) -> Option<&'static str> {
    let args = call.child_by_field_id(crate::field!("arguments").get())?;
    let infinite = syntax::arguments(args).into_iter().any(|a| {
        a.kind_name() == "call"
            && a.child_by_field_id(crate::field!("function").get())
                .is_some_and(|f| {
                    let name = ctx.text(f).rsplit('.').next().unwrap_or("");
                    matches!(name, "count" | "cycle")
                        || (name == "repeat"
                            && a.child_by_field_id(crate::field!("arguments").get())
                                .is_some_and(|r| syntax::arguments(r).len() < 2))
                })
    });
    if infinite {
        return Some("an argument is an infinite iterator");
    }
    let site = syntax::outermost_parens(call);
    let parent = site.parent()?;
    let target = match parent.kind_name() {
        "assignment"
            if parent
                .child_by_field_id(crate::field!("right").get())
                .is_some_and(|r| r.id() == site.id()) =>
        {
            parent.child_by_field_id(crate::field!("left").get())?
        }
        "return_statement" => return Some("the iterator is returned"),
        "argument_list" | "keyword_argument" => return Some("the iterator is passed on"),
        _ => return None,
    };
    if target.kind_name() != "identifier" {
        return Some("the iterator is stored in an attribute or container");
    }
    let name = ctx.text(target);
    let mut scope = parent;
    while let Some(up) = scope.parent() {
        scope = up;
        if matches!(scope.kind_name(), "function_definition" | "lambda") {
            break;
        }
    }
    let text = ctx.text(scope);
    let advanced = text.contains(&format!("next({name}"))
        || text.contains(&format!("{name}.next("))
        || text.contains(&format!("{name}.__next__("));
    advanced.then_some("the variable is advanced with next()")
}

/// `itertools.izip(a, b)` / `it.izip` → `zip(a, b)`.
fn visit_attribute<'t>(attribute: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let Some(attr) = attribute.child_by_field_id(crate::field!("attribute").get()) else {
        return;
    };
    let name = ctx.text(attr);
    if !ITERTOOLS_BUILTINS.iter().any(|(n, _)| *n == name) {
        return;
    }
    let from_itertools = format!("itertools.{name}");
    if !ctx
        .imports()
        .qualified_names(attribute, ctx.text)
        .contains(&from_itertools)
    {
        return;
    }
    match builtin_for(name, ctx) {
        Ok(builtin) => rename_to_builtin(attribute, name, builtin, ctx, fixes),
        Err(why) => fixes.review(attribute, format!("cannot rename {name}: {why}")),
    }
}

/// `from itertools import imap, chain` → `from itertools import chain`.
fn visit_import<'t>(stmt: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    if from_import::module(stmt, ctx.text) != Some("itertools") {
        return;
    }
    let names = from_import::imported_names(stmt);
    let mut remove = Vec::new();
    let mut removed = Vec::new();
    for (index, item) in names.iter().enumerate() {
        let name = ctx.text(item.name);
        if !ITERTOOLS_BUILTINS.iter().any(|(n, _)| *n == name) {
            continue;
        }
        if let Some(alias) = item.alias {
            fixes.review(
                item.item,
                format!(
                    "itertools.{name} is imported as `{}`; replace its uses with the builtin by hand",
                    ctx.text(alias)
                ),
            );
            continue;
        }
        if ctx.semantics().module_binds_by_non_import(name) {
            continue; // reported at the uses
        }
        if builtin_for(name, ctx).is_err() {
            continue;
        }
        remove.push(index);
        removed.push(name);
    }
    if remove.is_empty() {
        return;
    }
    let splices = from_import::remove_names(stmt, ctx.text, &remove);
    fixes.add(
        stmt,
        format!(
            "itertools.{} no longer exist{}: the builtins replace them",
            removed.join(", itertools."),
            if removed.len() == 1 { "s" } else { "" }
        ),
        splices,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_filter_lists_every_itertools_name() {
        let names: Vec<&str> = ITERTOOLS_BUILTINS.iter().map(|(old, _)| *old).collect();
        assert_eq!(names, ITERTOOLS_NAMES);
    }
}
