//! Rewrite the iterator protocol: `it.next()` → `next(it)`, `def next(self)` → `def __next__(self)`.
//!
//! ## What it does
//! - A call `x.next()` with no arguments becomes `next(x)`.
//! - A method `def next(self)` defined in a class body becomes `def __next__(self)`, with
//!   the names in the class body that refer to it; a Python 3 alias `__next__ = next`
//!   (also under a version guard) goes, and so does a Python 2 alias `next = __next__`.
//! - A bound method taken without a call, `step = it.next` or `map(f, it.next)`,
//!   becomes `it.__next__`: Python 3 iterators and generators have no `next`.
//! - When the module binds the name `next` itself (a module-level `def next`, assignment,
//!   import or `global next`) — or an enclosing function does — the builtin is shadowed
//!   and calls become `x.__next__()` instead, as in 2to3.
//!
//! ## Why
//! Python 3 renamed the iterator method to `__next__` (PEP 3114).
//!
//! ## Example
//! ```python
//! class Countdown(object):
//!     def next(self):
//!         return self.step()
//!
//! first = lines.next()
//! ```
//! becomes
//! ```python
//! class Countdown(object):
//!     def __next__(self):
//!         return self.step()
//!
//! first = next(lines)
//! ```
//!
//! ## Left alone
//! - `x.next` without a call in a module that assigns `.next` attributes anywhere
//!   (`node.next = other`: a linked list's data attribute, which 2to3 breaks by renaming
//!   every `.next`): noted, not renamed. `six.next` and other module attributes.
//! - `x.next(arg)` calls (not the iterator protocol), and classes that already define
//!   `__next__`.
//!
//! ## Fix safety
//! Safe for iterators. A class whose `next(self)` method is not an iterator method
//! (e.g. a pager's "next page") is renamed too, like 2to3; its callers' `x.next()` calls
//! become `next(x)`, which works once the method is `__next__`.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::codemods::protocol::{self, Extra, Outcome, Rename};
use crate::prefilter::FileText;
use crate::syntax::{self, level};

pub struct Next;

impl Codemod for Next {
    fn id(&self) -> &str {
        "next"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // `it.next()`, `it.next` and `def next(self)`: a name or an attribute.
        file.has_code_word("next")
    }

    fn kinds(&self) -> &[&'static str] {
        &["call", "class_definition", "attribute"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if ctx.runs_on(node).py3_only() {
            return;
        }
        if node.kind_name() == "class_definition" {
            class(node, ctx, fixes);
            return;
        }
        if node.kind_name() == "attribute" {
            bound_method(node, ctx, fixes);
            return;
        }
        let Some((function, args)) = syntax::call_parts(node) else {
            return;
        };
        if function.kind_name() != "attribute" || args.kind_name() != "argument_list" {
            return;
        }
        let Some((object, attr)) = syntax::attribute_parts(function) else {
            return;
        };
        if ctx.text(attr) != "next"
            || !syntax::arguments(args).is_empty()
            || args.named_child_count() > 0
        {
            return;
        }
        if shadowed(node, ctx) {
            fixes.replace(
                attr,
                "__next__",
                "the iterator method is `__next__` in Python 3 (`next` is shadowed here)",
            );
            return;
        }
        // `(a or b).next()` → `next(a or b)`: the call's parentheses suffice.
        let inner = Some(object)
            .filter(|o| o.kind_name() == "parenthesized_expression" && o.named_child_count() == 1)
            .and_then(|o| o.named_child(0))
            .filter(|i| syntax::precedence(*i, ctx.text) > level::ARGUMENT)
            .unwrap_or(object);
        let object_text = syntax::parenthesized_if_needed(inner, ctx.text, level::ARGUMENT);
        fixes.replace(
            node,
            format!("next({object_text})"),
            "`it.next()` is `next(it)` in Python 3",
        );
    }
}

/// `it.next` without a call: a bound iterator method (`count().next`, `f(it.next)`) or a
/// plain attribute (`node.next` of a linked list).
fn bound_method<'t>(attribute: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let Some((object, attr)) = syntax::attribute_parts(attribute) else {
        return;
    };
    if ctx.text(attr) != "next" {
        return;
    }
    let Some(parent) = attribute.parent() else {
        return;
    };
    let is_callee = parent.kind_name() == "call"
        && parent
            .child_by_field_id(crate::field!("function").get())
            .is_some_and(|f| f.id() == attribute.id());
    if is_callee || !ctx.imports().qualified_names(object, ctx.text).is_empty() {
        return;
    }
    if matches!(parent.kind_name(), "assignment" | "augmented_assignment")
        && parent
            .child_by_field_id(crate::field!("left").get())
            .is_some_and(|l| l.id() == attribute.id())
    {
        return; // `node.next = other`: a data attribute
    }
    if module_assigns_next(ctx) {
        fixes.note(
            attribute,
            "left alone: the module assigns `.next` attributes, so `.next` may be data here",
        );
        return;
    }
    fixes.replace(
        attr,
        "__next__",
        "the iterator method is `__next__` in Python 3 (a bound `next` method)",
    );
}

/// The module assigns a `.next` attribute somewhere (`node.next = other`): `.next` is
/// then a data attribute there, not the iterator method.
fn module_assigns_next(ctx: &Context<'_>) -> bool {
    ctx.text.contains(".next =") || ctx.text.contains(".next=")
}

fn shadowed<'t>(node: Node<'t>, ctx: &Context<'t>) -> bool {
    !ctx.semantics()
        .lookup(node, "next", crate::semantics::Major::Two)
        .is_builtin()
        || module_declares_global_next(ctx)
}

fn module_declares_global_next(ctx: &Context<'_>) -> bool {
    ctx.text.contains("global") && {
        ctx.text.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("global ")
                && l["global ".len()..]
                    .split(',')
                    .any(|n| n.split('#').next().unwrap_or("").trim() == "next")
        })
    }
}

const RENAME: Rename<'static> = Rename {
    old: "next",
    new: "__next__",
    reason: "the iterator method is `__next__` in Python 3",
};

/// A class's `def next(self)` (the iterator protocol: no other parameter), with its
/// aliases and the names in the class body that refer to it.
fn class<'t>(class: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let members = ctx.semantics().members(class);
    if let Some(def) = members.method("next") {
        let only_self = def
            .child_by_field_id(crate::field!("parameters").get())
            .is_some_and(|p| {
                p.named_child_count() == 1
                    && p.named_child(0)
                        .is_some_and(|s| s.kind_name() == "identifier")
            });
        if !only_self {
            return;
        }
    }
    if let Outcome::Taken(taken) =
        protocol::rename_method(class, &RENAME, ctx, fixes, Extra::default())
    {
        if let Some(first) = taken.first() {
            fixes.note(
                first.statement,
                "left alone: the class also defines __next__",
            );
        }
    }
}
