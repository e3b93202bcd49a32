//! Migrate dictionary methods: `iteritems()` → `items()`, `keys()` → `list(keys())` where a list is needed, `has_key(k)` → `k in d`.
//!
//! ## What it does
//! - `d.iteritems()`, `d.iterkeys()`, `d.itervalues()` become `d.items()`, `d.keys()`,
//!   `d.values()` where they are only iterated (a `for` loop, a comprehension, the first
//!   argument of `list`, `sorted`, `sum`, ...). Anywhere else — assigned, passed to a
//!   function, `next()`-ed — the code relied on an iterator, so like 2to3 the result is
//!   `iter(d.items())`.
//! - `d.viewitems()`, `d.viewkeys()`, `d.viewvalues()` become `d.items()`, `d.keys()`,
//!   `d.values()`.
//! - `d.keys()`, `d.values()`, `d.items()` (no arguments) are wrapped in `list(...)` where
//!   a list is needed: assigned, returned, indexed, concatenated, passed to a function...
//!   They are left alone where a view does the same job: iteration, consuming builtins,
//!   `len()` and `in`, and set operations (`a.keys() & b.keys()`: lists have no `&`).
//!   A loop whose body changes the same dictionary (`del d[k]`, `d[k] = v`,
//!   `d.pop(...)`, `popitem`, `clear`, `update`, `setdefault`) gets `list(...)`, since
//!   changing a dictionary while iterating a view raises `RuntimeError`. "The same
//!   dictionary" means the same expression text.
//! - `d.has_key(k)` becomes `k in d`, and `not d.has_key(k)` becomes `k not in d`, with
//!   parentheses where precedence needs them: `d.has_key(a or b)` → `(a or b) in d`,
//!   `d.has_key(k) == flag` → `(k in d) == flag`.
//!
//! ## Why
//! Python 3 removed the `iter*`, `view*` and `has_key` methods, and `keys()`, `values()`,
//! `items()` return views: they cannot be indexed, sorted in place or concatenated with
//! `+`, and they change when the dictionary does.
//!
//! ## Example
//! ```python
//! for k, v in d.iteritems():
//!     pass
//! names = d.keys()
//! for k in d.keys():
//!     del d[k]
//! if not d.has_key(key):
//!     pass
//! ```
//! becomes
//! ```python
//! for k, v in d.items():
//!     pass
//! names = list(d.keys())
//! for k in list(d.keys()):
//!     del d[k]
//! if key not in d:
//!     pass
//! ```
//!
//! ## Left alone
//! - `d.keys().sort()` sorts a temporary list and throws it away; reported for review
//!   (`sorted(d)` is probably what was meant). `ks = d.keys(); ks.sort()` is fine: the
//!   assignment gets `list(...)`.
//! - `has_key` in a module that defines its own `has_key` method (a custom mapping whose
//!   `in` may behave differently), or a call with comments inside: reported for review.
//! - Calls with arguments (`d.keys(x)` is not a dictionary method call).
//! - `self.iteritems()` inside a method called `items` (and likewise for keys, values,
//!   and `self.has_key()` inside `__contains__`): the rewrite would call itself;
//!   reported for review.
//! - `v = d.viewvalues()` becomes `v = d.values()`, a live view as before, but reported:
//!   a later run cannot tell it from Python 2's `d.values()` list and would wrap it.
//!
//! ## Fix safety
//! Review. Any object's `.keys()`, `.iteritems()` or `.has_key()` is rewritten as if it
//! were a dictionary's.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::analysis::list_context::{self, Need};
use crate::codemod::{Codemod, Context, Fixes, Safety};
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::syntax;

pub struct DictViews;

/// The dictionary methods this codemod rewrites.
const METHODS: &[&str] = &[
    "has_key",
    "iteritems",
    "iterkeys",
    "itervalues",
    "viewitems",
    "viewkeys",
    "viewvalues",
    "keys",
    "values",
    "items",
];

impl Codemod for DictViews {
    fn id(&self) -> &str {
        "dict-views"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Only method calls are rewritten: `d.keys()`, never a bare `keys`.
        file.has_any_code_attribute(METHODS)
    }

    fn safety(&self) -> Safety {
        Safety::Review
    }

    fn kinds(&self) -> &[&'static str] {
        &["call"]
    }

    fn visit<'t>(&self, call: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some((function, args)) = syntax::call_parts(call) else {
            return;
        };
        if function.kind_name() != "attribute" || args.kind_name() != "argument_list" {
            return;
        }
        let Some((receiver, method)) = syntax::attribute_parts(function) else {
            return;
        };
        let name = ctx.text(method);
        if !METHODS.contains(&name) {
            return;
        }
        let arguments = syntax::arguments(args);
        match name {
            "has_key" => has_key(call, receiver, args, &arguments, ctx, fixes),
            _ if !arguments.is_empty() => {}
            "iteritems" | "iterkeys" | "itervalues" | "viewitems" | "viewkeys" | "viewvalues"
                if self_call_inside(receiver, &name[4..], ctx) =>
            {
                fixes.review(
                    call,
                    format!(
                        "self.{name}() inside the class's own {}() method: renaming it would recurse",
                        &name[4..]
                    ),
                );
            }
            "iteritems" | "iterkeys" | "itervalues" => {
                let view = &name[4..];
                let need = list_context::classify(call, ctx);
                if need.needs_list() || consumed_by_next(call, ctx) {
                    let why = if need.needs_list() {
                        need.reason()
                    } else {
                        "passed to next()"
                    };
                    fixes.add(
                        call,
                        format!("{name}() is {view}() in Python 3; iter() keeps the iterator the code relies on: {why}"),
                        vec![
                            Splice::new(call.start_byte(), call.start_byte(), "iter("),
                            Splice::new(method.start_byte(), method.end_byte(), view),
                            Splice::new(call.end_byte(), call.end_byte(), ")"),
                        ],
                    );
                } else {
                    let outer = syntax::outermost_parens(call);
                    let dict = ctx.text(receiver);
                    match list_context::mutated_in_loop(outer, dict, ctx) {
                        // Python 2 allowed re-assigning existing keys while iterating;
                        // a view would raise as soon as the size changes.
                        Some(mutation) => fixes.add(
                            call,
                            format!(
                                "{name}() is {view}() in Python 3; the loop changes {dict} ({mutation}): list() iterates a copy"
                            ),
                            vec![
                                Splice::new(call.start_byte(), call.start_byte(), "list("),
                                Splice::new(method.start_byte(), method.end_byte(), view),
                                Splice::new(call.end_byte(), call.end_byte(), ")"),
                            ],
                        ),
                        None => fixes.replace(
                            method,
                            view,
                            format!("{name}() is {view}() in Python 3 ({})", need.reason()),
                        ),
                    }
                }
            }
            "viewitems" | "viewkeys" | "viewvalues" => {
                let view = &name[4..];
                fixes.replace(method, view, format!("{name}() is {view}() in Python 3"));
                let kept = !set_operation(call, ctx)
                    && list_context::sized_container_use(call, ctx).is_none()
                    && list_context::classify(call, ctx).needs_list();
                if kept {
                    fixes.review(
                        call,
                        format!(
                            "the live {view}() view is kept here; a later run of dict-views cannot tell it \
                             from a Python 2 {view}() list and would wrap it in list()"
                        ),
                    );
                }
            }
            "keys" | "values" | "items" => keys_call(call, receiver, ctx, fixes),
            _ => {}
        }
    }
}

/// True when `receiver` is `self` and the code is inside a method called `method`
/// (`def items(self): return list(self.iteritems())`).
fn self_call_inside<'t>(receiver: Node<'t>, method: &str, ctx: &Context<'t>) -> bool {
    if !syntax::is_name(receiver, ctx.text, "self") {
        return false;
    }
    let mut node = receiver;
    while let Some(parent) = node.parent() {
        if parent.kind_name() == "function_definition" {
            return parent
                .child_by_field_id(crate::field!("name").get())
                .is_some_and(|n| ctx.text(n) == method);
        }
        node = parent;
    }
    false
}

/// True when `call` is the argument of the builtin `next()`, which needs an iterator.
fn consumed_by_next<'t>(call: Node<'t>, ctx: &Context<'t>) -> bool {
    let node = syntax::outermost_parens(call);
    node.parent()
        .filter(|p| p.kind_name() == "argument_list")
        .and_then(|p| p.parent())
        .and_then(|c| c.child_by_field_id(crate::field!("function").get()))
        .is_some_and(|f| syntax::is_name(f, ctx.text, "next"))
}

/// True when `call` is an operand of `&`, `|`, `^` or `-`: Python 2 lists have none of
/// them, so the code already expects a view (or a set).
fn set_operation<'t>(call: Node<'t>, ctx: &Context<'t>) -> bool {
    let node = syntax::outermost_parens(call);
    node.parent().is_some_and(|p| {
        p.kind_name() == "binary_operator"
            && p.child_by_field_id(crate::field!("operator").get())
                .is_some_and(|op| matches!(ctx.text(op), "&" | "|" | "^" | "-"))
    })
}

/// `d.keys()` / `d.values()` / `d.items()`.
fn keys_call<'t>(call: Node<'t>, receiver: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let outer = syntax::outermost_parens(call);
    if let Some(parent) = outer.parent() {
        let sorts_in_place = parent.kind_name() == "attribute"
            && parent
                .child_by_field_id(crate::field!("attribute").get())
                .is_some_and(|a| ctx.text(a) == "sort");
        if sorts_in_place {
            fixes.review(
                call,
                "`.sort()` on a fresh keys()/values()/items() list sorts a temporary and discards it; \
                 views have no .sort() in Python 3 (did you mean sorted(...)?)",
            );
            return;
        }
    }
    if let Some(reason) = list_context::sized_container_use(call, ctx) {
        fixes.note(call, format!("left alone: a dictionary view {reason}"));
        return;
    }
    if set_operation(call, ctx) {
        fixes.note(
            call,
            "left alone: a set operation, which only views support (not lists)",
        );
        return;
    }
    match list_context::classify(call, ctx) {
        Need::List(reason) => fixes.wrap(
            call,
            "list(",
            ")",
            format!("dictionary views are not lists in Python 3: {reason}"),
        ),
        Need::Iterator(reason) => {
            let dict = ctx.text(receiver);
            if let Some(mutation) = list_context::mutated_in_loop(outer, dict, ctx) {
                fixes.wrap(
                    call,
                    "list(",
                    ")",
                    format!("the loop changes {dict} ({mutation}) while iterating its view"),
                );
            } else {
                fixes.note(call, format!("left alone: {reason}"));
            }
        }
    }
}

/// `d.has_key(k)` → `k in d`; `not d.has_key(k)` → `k not in d`.
fn has_key<'t>(
    call: Node<'t>,
    receiver: Node<'t>,
    args: Node<'t>,
    arguments: &[Node<'t>],
    ctx: &Context<'t>,
    fixes: &mut Fixes,
) {
    let single_key = match arguments {
        [key]
            if !matches!(
                key.kind_name(),
                "keyword_argument" | "list_splat" | "dictionary_splat"
            ) =>
        {
            Some(key)
        }
        _ => None,
    };
    let Some(key) = single_key else {
        fixes.review(
            call,
            "has_key() without exactly one plain argument; rewrite as `key in d` by hand",
        );
        return;
    };
    let mut cursor = args.walk();
    let has_comment = args
        .named_children(&mut cursor)
        .any(|c| c.kind_name() == "comment");
    if has_comment {
        fixes.review(
            call,
            "has_key() call with comments inside; rewrite as `key in d` by hand",
        );
        return;
    }
    if self_call_inside(receiver, "__contains__", ctx) {
        fixes.review(
            call,
            "self.has_key() inside __contains__: `key in self` would recurse",
        );
        return;
    }
    if ctx.text.contains("def has_key") {
        fixes.review(
            call,
            "this module defines its own has_key(); `key in obj` calls __contains__ instead, rewrite by hand",
        );
        return;
    }
    let key_text = if ctx.text(*key).contains('\n') {
        format!("({})", ctx.text(*key))
    } else {
        syntax::parenthesized_if_needed(*key, ctx.text, syntax::level::COMPARISON_OPERAND)
    };
    let dict = ctx.text(receiver);
    // `not d.has_key(k)` (the `not` applied directly to the call).
    let negation = call
        .parent()
        .filter(|p| p.kind_name() == "not_operator")
        .filter(|p| {
            p.child_by_field_id(crate::field!("argument").get())
                .is_some_and(|a| a.id() == call.id())
        });
    let (target, operator) = match negation {
        Some(not) => (not, "not in"),
        None => (call, "in"),
    };
    let mut replacement = format!("{key_text} {operator} {dict}");
    // A comparison (precedence 6) where something tighter is required gets parentheses;
    // `(k in d) == flag` also avoids creating a chained comparison.
    if syntax::required_precedence(target, ctx.text) > 6 {
        replacement = format!("({replacement})");
    }
    fixes.replace(
        target,
        replacement,
        format!("dict.has_key() is gone in Python 3: `{operator}` instead"),
    );
}
