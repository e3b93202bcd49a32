//! Renaming a class protocol method (`__unicode__` → `__str__`, `__nonzero__` →
//! `__bool__`, `next` → `__next__`) together with everything in the file that refers to
//! it, so that no name is left dangling.
//!
//! The forms a class takes in the wild:
//! - the Python 2 method alone: it is renamed, with the bare names in the class body that
//!   refer to it (`__repr__ = __unicode__`) and the attribute references the caller
//!   passes (`self.__unicode__()`, `super(C, self).__unicode__()`, `Base.__unicode__`);
//! - the Python 2 method with a Python 3 alias (`__str__ = __unicode__`, also under a
//!   version guard): the method takes the Python 3 name and the alias goes (with its
//!   guard, when it was all the guard held);
//! - the Python 3 method with a Python 2 alias (`next = __next__`): the alias only served
//!   Python 2 and goes;
//! - an alias of another method (`__nonzero__ = __len__`): the alias is renamed.
//!
//! Anything else binding the Python 3 name already is reported, not guessed at; so are
//! `getattr(x, '__unicode__')`-style references, which a rename cannot see.

use tree_sitter::Node;

use crate::codemod::{Context, Fixes};
use crate::codemods::common::{delete_statement, is_only_statement};
use crate::edit::Splice;
use crate::semantics::classes::{Member, MemberRef};
use crate::semantics::scopes::BindingKind;
use crate::syntax::KindName;

/// A protocol rename.
pub struct Rename<'a> {
    pub old: &'a str,
    pub new: &'a str,
    /// Why, for the report ("Python 3 calls `__str__` for text").
    pub reason: &'a str,
}

/// What [`rename_method`] found.
pub enum Outcome<'t> {
    /// Nothing of the old name in the class (on Python 2).
    Absent,
    /// Fixes were proposed (or nothing was needed).
    Done,
    /// The class already binds the new name otherwise than as an alias of the old one:
    /// the caller decides (these are the bindings).
    Taken(Vec<Member<'t>>),
}

/// The caller's own part of the change: splices that join the rename's fix (so it all
/// lands or none of it does), and the bindings of the new name they take care of.
#[derive(Default)]
pub struct Extra<'t> {
    pub splices: Vec<Splice>,
    pub handled: Vec<Node<'t>>,
}

/// Rename `rename.old` to `rename.new` in `class`, with its references (see the module
/// documentation).
pub fn rename_method<'t>(
    class: Node<'t>,
    rename: &Rename<'_>,
    ctx: &Context<'t>,
    fixes: &mut Fixes,
    extra: Extra<'t>,
) -> Outcome<'t> {
    let members = ctx.semantics().members(class);
    let olds: Vec<Member<'t>> = members
        .get(rename.old)
        .into_iter()
        .filter(|m| !m.runs.py3_only())
        .collect();
    let news: Vec<Member<'t>> = members
        .get(rename.new)
        .into_iter()
        .filter(|m| !extra.handled.iter().any(|h| h.id() == m.statement.id()))
        .collect();
    let Some(old_def) = olds.iter().find(|m| m.kind == BindingKind::Def) else {
        return old_alias(class, rename, &olds, &news, ctx, fixes);
    };
    if olds
        .iter()
        .any(|m| m.statement.id() != old_def.statement.id())
    {
        fixes.review(
            old_def.statement,
            format!(
                "`{}` is bound more than once in the class; rename it by hand",
                rename.old
            ),
        );
        return Outcome::Done;
    }
    let (aliases, taken): (Vec<Member<'t>>, Vec<Member<'t>>) = news
        .into_iter()
        .partition(|m| m.value.is_some_and(|v| ctx.text(v) == rename.old));
    if !taken.is_empty() {
        return Outcome::Taken(taken);
    }
    let mut splices = extra.splices;
    splices.push(Splice::new(
        old_def.name.start_byte(),
        old_def.name.end_byte(),
        rename.new,
    ));
    let mut in_guard = false;
    for alias in &aliases {
        in_guard |= alias.runs.py3_only() || !alias.is_direct(class);
        splices.push(delete_alias(alias.statement, ctx));
    }
    let deleted: Vec<(usize, usize)> = splices
        .iter()
        .filter(|s| s.text.is_empty() || s.text == "pass")
        .map(|s| (s.start, s.end))
        .collect();
    let inside_deleted = |n: Node<'_>| {
        deleted
            .iter()
            .any(|&(s, e)| s <= n.start_byte() && n.end_byte() <= e)
    };
    for reference in ctx.semantics().member_references(class, rename.old) {
        match reference {
            MemberRef::Name(name) if !inside_deleted(name) => {
                in_guard |= ctx.runs_on(name).py3_only();
                splices.push(Splice::new(name.start_byte(), name.end_byte(), rename.new));
            }
            MemberRef::String(call) => fixes.review(
                call,
                format!(
                    "`{}` is named in a string; after the rename it is `{}`",
                    rename.old, rename.new
                ),
            ),
            // Attribute references are the caller's: a dunder's are renamed file-wide.
            _ => {}
        }
    }
    if in_guard {
        fixes.add_guard_edit(old_def.statement, rename.reason, splices);
    } else {
        fixes.add(old_def.statement, rename.reason, splices);
    }
    Outcome::Done
}

/// The class has no Python 2 method of the old name; maybe an alias of it.
fn old_alias<'t>(
    class: Node<'t>,
    rename: &Rename<'_>,
    olds: &[Member<'t>],
    news: &[Member<'t>],
    ctx: &Context<'t>,
    fixes: &mut Fixes,
) -> Outcome<'t> {
    let Some(alias) = olds.iter().find(|m| m.kind == BindingKind::Assignment) else {
        return Outcome::Absent;
    };
    if olds.len() > 1 {
        fixes.review(
            alias.statement,
            format!(
                "`{}` is bound more than once in the class; rename it by hand",
                rename.old
            ),
        );
        return Outcome::Done;
    }
    let value = alias.value.map(|v| ctx.text(v));
    if value == Some(rename.new) && news.iter().any(|m| m.kind == BindingKind::Def) {
        // `next = __next__`: it only served Python 2.
        let splice = delete_alias(alias.statement, ctx);
        fixes.add_guard_edit(
            alias.statement,
            format!("`{}` only served Python 2", rename.old),
            vec![splice],
        );
        return Outcome::Done;
    }
    if !news.is_empty() {
        fixes.review(
            alias.statement,
            format!(
                "the class binds both `{}` and `{}`; merge them by hand",
                rename.old, rename.new
            ),
        );
        return Outcome::Done;
    }
    // `__nonzero__ = __len__` → `__bool__ = __len__`.
    let _ = class;
    fixes.replace(alias.name, rename.new, rename.reason);
    Outcome::Done
}

/// Delete an alias statement; when it was all a guard held (`if PY3: __str__ =
/// __unicode__`), the whole guard goes.
fn delete_alias(stmt: Node<'_>, ctx: &Context<'_>) -> Splice {
    let guard = stmt
        .parent()
        .filter(|_| is_only_statement(stmt))
        .and_then(|block| block.parent())
        .filter(|g| {
            g.kind_name() == "if_statement"
                && g.child_by_field_id(crate::field!("alternative").get())
                    .is_none()
        });
    delete_statement(guard.unwrap_or(stmt), ctx.text)
}

/// Propose renaming every `x.old` attribute of the file to `x.new` (for dunder protocol
/// methods, whose name is unambiguous whatever `x` is): called per attribute node.
pub fn rename_dunder_attribute(
    attribute: Node<'_>,
    rename: &Rename<'_>,
    ctx: &Context<'_>,
    fixes: &mut Fixes,
) {
    let Some(attr) = attribute.child_by_field_id(crate::field!("attribute").get()) else {
        return;
    };
    if ctx.text(attr) == rename.old {
        fixes.replace(attr, rename.new, rename.reason);
    }
}
