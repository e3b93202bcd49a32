//! Keep instances hashable where Python 2 hashed them: `__eq__` without `__hash__`.
//!
//! ## What it does
//! A class that defines `__eq__` but no `__hash__`, whose instances this module hashes
//! — as a dict key (`{p: ...}`, `d[p] = ...`, `d.get(p)`), a set element (`{p}`,
//! `set([p])`, `s.add(p)`), or `hash(p)`, where `p` is `C(...)`, a name bound to one,
//! or `self` in one of its methods — gets the hash Python 2 gave it, right after
//! `__eq__`: `__hash__ = object.__hash__` (identity), or the first base class's
//! `__hash__` when it has bases. Other such classes are reported for review.
//!
//! ## Why
//! Python 2 kept the inherited `__hash__` of a class that defined `__eq__`; Python 3 sets
//! it to `None`, so `{point: name}` raises `TypeError: unhashable type` at run time —
//! for a module-level table, at import. 2to3 does not look at this.
//!
//! ## Example
//! ```python
//! class Point(object):
//!     def __eq__(self, other):
//!         return (self.x, self.y) == (other.x, other.y)
//!
//! ORIGIN = Point(0, 0)
//! NAMES = {ORIGIN: 'origin'}
//! ```
//! becomes
//! ```python
//! class Point(object):
//!     def __eq__(self, other):
//!         return (self.x, self.y) == (other.x, other.y)
//!     __hash__ = object.__hash__
//!
//! ORIGIN = Point(0, 0)
//! NAMES = {ORIGIN: 'origin'}
//! ```
//!
//! ## Left alone
//! Classes that define `__hash__` (or set it), classes deriving from an unhashable
//! builtin (`dict`, `list`, `set`), and classes defining `__cmp__` (the `cmp` codemod
//! gives those their hash). Where no hashing shows in the module, the class is reported:
//! instances hashed elsewhere (another module, a parameter) are not visible here.
//!
//! ## Fix safety
//! Safe: the hash is the one Python 2 used. It is not consistent with `__eq__` (it was
//! not on Python 2 either); equal instances still hash apart.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::semantics::classes::first_parameter;
use crate::semantics::scopes::BindingKind;
use crate::semantics::text::line_indent;
use crate::semantics::Meaning;
use crate::syntax::{self, KindName, Visit};

pub struct EqHash;

impl Codemod for EqHash {
    fn id(&self) -> &str {
        "eq-hash"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        file.has_code_name("__eq__")
    }

    fn kinds(&self) -> &[&'static str] {
        &["class_definition"]
    }

    fn visit<'t>(&self, class: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if ctx.runs_on(class).py3_only() {
            return;
        }
        let members = ctx.semantics().members(class);
        let Some(eq) = members.method("__eq__") else {
            return;
        };
        if members.binds("__hash__") || members.binds("__cmp__") {
            return;
        }
        let Some(hash) = inherited_hash(class, ctx) else {
            return;
        };
        if !hashed_in_module(class, ctx) {
            fixes.review(
                eq,
                "defines __eq__ without __hash__: Python 3 makes its instances unhashable; if they are dict keys or set members elsewhere, add `__hash__ = object.__hash__` (Python 2's hash) or a hash consistent with __eq__",
            );
            return;
        }
        let statement = eq
            .parent()
            .filter(|p| p.kind_name() == "decorated_definition")
            .unwrap_or(eq);
        let indent = line_indent(ctx.text, statement.start_byte());
        let at = crate::imports::line_end(ctx.text, statement.end_byte());
        fixes.add(
            eq,
            "Python 3 makes a class with __eq__ and no __hash__ unhashable; this module hashes its instances",
            vec![Splice::new(at, at, format!("\n{indent}__hash__ = {hash}"))],
        );
    }
}

/// The hash the class had on Python 2: `object.__hash__`, or its first base's. `None`
/// when instances were not hashable then either (a `dict`, `list` or `set` subclass).
pub fn inherited_hash<'t>(class: Node<'t>, ctx: &Context<'t>) -> Option<String> {
    let bases = class.child_by_field_id(crate::field!("superclasses").get());
    let first = bases.and_then(|b| {
        syntax::arguments(b)
            .into_iter()
            .find(|a| a.kind_name() != "keyword_argument")
    });
    let Some(first) = first else {
        return Some("object.__hash__".to_string());
    };
    let name = ctx.text(first);
    match name {
        "object" => Some("object.__hash__".to_string()),
        "dict" | "list" | "set" | "bytearray" => None,
        _ if first.kind_name() == "identifier" || first.kind_name() == "attribute" => {
            Some(format!("{name}.__hash__"))
        }
        _ => None,
    }
}

/// True when the module hashes instances of `class` (see the module documentation).
fn hashed_in_module<'t>(class: Node<'t>, ctx: &Context<'t>) -> bool {
    let mut hashed = false;
    syntax::preorder(ctx.root(), |node| {
        if hashed {
            return Visit::Stop;
        }
        if matches!(node.kind_name(), "string" | "comment") {
            return Visit::SkipChildren;
        }
        if is_instance(node, class, ctx, 0) && in_hash_position(node, ctx) {
            hashed = true;
            return Visit::Stop;
        }
        Visit::Descend
    });
    hashed
}

/// `C(...)`, a name bound only to `C(...)`, or `self` in a method of `C`.
fn is_instance<'t>(node: Node<'t>, class: Node<'t>, ctx: &Context<'t>, depth: u8) -> bool {
    if depth > 4 {
        return false;
    }
    let semantics = ctx.semantics();
    match node.kind_name() {
        "call" => node
            .child_by_field_id(crate::field!("function").get())
            .is_some_and(|f| names_class(f, class, ctx)),
        "identifier" => match semantics.resolve(node) {
            Meaning::Bound { bindings, .. } => {
                if bindings.iter().all(|b| {
                    b.kind == BindingKind::Assignment
                        && assigned_value(b.statement, b.name)
                            .is_some_and(|v| is_instance(v, class, ctx, depth + 1))
                }) {
                    return true;
                }
                // `self` in a method of the class.
                bindings.iter().any(|b| {
                    b.kind == BindingKind::Parameter
                        && b.statement
                            .parent()
                            .and_then(|p| p.parent())
                            .is_some_and(|def| {
                                first_parameter(def).is_some_and(|p| p.id() == b.name.id())
                                    && semantics
                                        .method_class(def)
                                        .is_some_and(|c| c.id() == class.id())
                            })
                })
            }
            _ => false,
        },
        _ => false,
    }
}

fn names_class<'t>(node: Node<'t>, class: Node<'t>, ctx: &Context<'t>) -> bool {
    node.kind_name() == "identifier"
        && matches!(ctx.semantics().resolve(node), Meaning::Bound { bindings, .. }
            if bindings.iter().any(|b| b.kind == BindingKind::Class
                && (b.statement.id() == class.id()
                    || b.statement.child_by_field_id(crate::field!("definition").get())
                        .is_some_and(|d| d.id() == class.id()))))
}

/// The value a simple assignment statement gives `target` (`ORIGIN = Point(0, 0)`).
fn assigned_value<'t>(statement: Node<'t>, target: Node<'t>) -> Option<Node<'t>> {
    let assignment = statement.named_child(0)?;
    if assignment.kind_name() != "assignment" {
        return None;
    }
    let left = assignment.child_by_field_id(crate::field!("left").get())?;
    (left.id() == target.id())
        .then(|| assignment.child_by_field_id(crate::field!("right").get()))
        .flatten()
}

/// Where a value gets hashed: a dict display key, a set display element, `hash(x)`, a
/// subscript index, `set([x])`, and the key arguments of `add`, `get`, `setdefault`,
/// `discard`, `has_key`, `fromkeys`.
fn in_hash_position(node: Node<'_>, ctx: &Context<'_>) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    let is_field = |field: std::num::NonZeroU16| {
        parent
            .child_by_field_id(field.get())
            .is_some_and(|c| c.id() == node.id())
    };
    match parent.kind_name() {
        "pair" => is_field(crate::field!("key")),
        "set" => true,
        "subscript" => is_field(crate::field!("subscript")),
        "list" | "tuple" => parent
            .parent()
            .and_then(|args| args.parent())
            .is_some_and(|call| {
                call.kind_name() == "call"
                    && call
                        .child_by_field_id(crate::field!("function").get())
                        .is_some_and(|f| matches!(ctx.text(f), "set" | "frozenset"))
            }),
        "argument_list" => {
            let first = syntax::arguments(parent).first().map(|a| a.id()) == Some(node.id());
            let Some(function) = parent
                .parent()
                .and_then(|c| c.child_by_field_id(crate::field!("function").get()))
            else {
                return false;
            };
            let method = function
                .child_by_field_id(crate::field!("attribute").get())
                .map(|a| ctx.text(a));
            first
                && (ctx.text(function) == "hash"
                    || matches!(
                        method,
                        Some("add" | "get" | "setdefault" | "discard" | "has_key" | "fromkeys")
                    ))
        }
        _ => false,
    }
}
