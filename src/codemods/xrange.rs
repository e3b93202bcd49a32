//! Rename `xrange` to `range`, and wrap Python 2 `range()` in `list()` where a list is needed.
//!
//! ## What it does
//! - Every use of the builtin `xrange` becomes `range`: calls, and bare references that
//!   2to3 misses (`{'range': xrange}`, `r = xrange`, `map(xrange, ns)`).
//! - A `range(...)` call whose result is used as a list (assigned, returned, sliced,
//!   concatenated, passed to a function, `.append()`-ed to...) becomes `list(range(...))`.
//!   Where a range object behaves like the Python 2 list it is left alone, with a note:
//!   iteration (`for i in range(n)`, comprehensions, `sorted(range(n))` and the other
//!   consuming builtins), `len(range(n))`, `x in range(n)`, `range(n)[i]`, and the
//!   iterables of `map`, `filter` and `zip` (`zip(range(n), xs)`).
//!
//! ## Why
//! Python 3 has no `xrange`; its `range` is the old `xrange`, a lazy sequence. Python 2
//! code that treated `range()` as a list (`r = range(3); r.append(3)`,
//! `range(3) + [9]`, `random.shuffle(range(n))`) breaks on it.
//!
//! ## Example
//! ```python
//! for i in xrange(10):
//!     pass
//! order = range(5)
//! order.reverse()
//! ```
//! becomes
//! ```python
//! for i in range(10):
//!     pass
//! order = list(range(5))
//! order.reverse()
//! ```
//!
//! ## Left alone
//! - `xrange` or `range` bound by an import (`from six.moves import xrange`,
//!   `from builtins import range`) or defined in the module (`xrange = range` in a
//!   compatibility block): they are not the builtins.
//! - `range(...)` in the contexts listed above.
//!
//! ## Settings
//! `wrap-range = false` (in `[tool.pymig.xrange]`) only renames `xrange`, for code
//! bases whose `range()` calls are already Python 3.
//!
//! ## Fix safety
//! Review. The codemod cannot tell Python 2 from Python 3 code: run on a file that is
//! already Python 3, `r = range(10)` (a real range object, on purpose) becomes
//! `r = list(range(10))`, which works but is eager. Running it twice is harmless:
//! `list(range(...))` is left alone. For the same reason an `xrange(...)` object that is
//! stored or passed on (`r = xrange(n)`) becomes `r = list(range(n))` — a bare
//! `range(n)` would read as a Python 2 list on a later run — and is reported, since a
//! very large range is better kept lazy by hand. Set `wrap-range = false` when running on code that is already
//! (partly) Python 3.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::analysis::list_context::{self, Need};
use crate::codemod::{Codemod, Context, Fixes, Safety};
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::semantics::references;
use crate::syntax;

pub struct Xrange;

impl Codemod for Xrange {
    fn id(&self) -> &str {
        "xrange"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // `xrange` by name, or a bare `range(...)` call to wrap.
        file.has_any_code_name(&["xrange", "range"])
    }

    fn safety(&self) -> Safety {
        Safety::Review
    }

    fn identifier_texts(&self) -> Option<&[&'static str]> {
        Some(&["xrange"])
    }

    fn kinds(&self) -> &[&'static str] {
        &["identifier", "call"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if node.kind_name() == "call" {
            visit_range_call(node, ctx, fixes);
            return;
        }
        if ctx.text(node) != "xrange" || !references::is_variable(node) {
            return;
        }
        if ctx.semantics().has_py3_definition(node, "xrange") {
            fixes.note(
                node,
                format!(
                    "left alone: the code already defines `{}` for Python 3",
                    "xrange"
                ),
            );
            return;
        }
        if let Some(why) = not_builtin("xrange", ctx) {
            fixes.note(node, format!("left alone: {why}"));
            return;
        }
        if ctx.semantics().module_binds_by_non_import("range") {
            fixes.review(
                node,
                "cannot rename xrange: `range` is redefined in this module",
            );
            return;
        }
        let call = node.parent().filter(|p| {
            p.kind_name() == "call"
                && p.child_by_field_id(crate::field!("function").get())
                    .is_some_and(|f| f.id() == node.id())
        });
        let stored = call.filter(|&call| {
            list_context::sized_container_use(call, ctx).is_none()
                && !indexed_not_sliced(call)
                && read_by_lazy_builtin(call, ctx).is_none()
                && list_context::classify(call, ctx).needs_list()
        });
        match stored {
            // A stored `range(...)` is exactly what this codemod wraps in Python 2 code,
            // so a bare rename would not survive a second run; a list supports
            // everything the xrange object did.
            Some(call) => {
                fixes.add(
                    call,
                    "xrange is range in Python 3; stored here, so it becomes a list as a \
                     Python 2 range() would",
                    vec![
                        Splice::new(call.start_byte(), call.start_byte(), "list("),
                        Splice::new(node.start_byte(), node.end_byte(), "range"),
                        Splice::new(call.end_byte(), call.end_byte(), ")"),
                    ],
                );
                fixes.review(
                    call,
                    "stored xrange() became list(range(...)); for a very large range keep \
                     range(...) and mark the line `# pymig: skip=xrange`",
                );
            }
            None => fixes.replace(node, "range", "xrange is range in Python 3"),
        }
    }
}

fn visit_range_call<'t>(call: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let Some((function, args)) = syntax::call_parts(call) else {
        return;
    };
    if args.kind_name() != "argument_list" || !syntax::is_name(function, ctx.text, "range") {
        return;
    }
    if let Some(why) = not_builtin("range", ctx) {
        fixes.note(call, format!("left alone: {why}"));
        return;
    }
    let wrap_range = ctx
        .options
        .setting("xrange", "wrap-range")
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    if !wrap_range {
        return;
    }
    if let Some(reason) = list_context::sized_container_use(call, ctx) {
        fixes.note(call, format!("left alone: range {reason}"));
        return;
    }
    if indexed_not_sliced(call) {
        fixes.note(call, "left alone: range supports indexing itself");
        return;
    }
    if let Some(builtin) = read_by_lazy_builtin(call, ctx) {
        fixes.note(call, format!("left alone: {builtin}() only iterates it"));
        return;
    }
    match list_context::classify(call, ctx) {
        Need::Iterator(reason) => fixes.note(call, format!("left alone: {reason}")),
        Need::List(reason) => fixes.wrap(
            call,
            "list(",
            ")",
            format!("range() is lazy in Python 3; a list is needed: {reason}"),
        ),
    }
}

/// `Some("zip")` when `call` is an iterable argument of the builtin `map`, `filter` or
/// `zip` (`zip(range(n), xs)`, `map(f, range(n))`): they only iterate it, and a range,
/// unlike a lazy `map`, has no side effects that Python 2 ran eagerly.
fn read_by_lazy_builtin<'t>(call: Node<'t>, ctx: &Context<'t>) -> Option<&'static str> {
    let node = syntax::outermost_parens(call);
    let args = node.parent().filter(|p| p.kind_name() == "argument_list")?;
    let function = args
        .parent()?
        .child_by_field_id(crate::field!("function").get())?;
    let builtin = ["map", "filter", "zip"]
        .into_iter()
        .find(|b| syntax::is_name(function, ctx.text, b))?;
    if ctx.semantics().module_binds(builtin) {
        return None;
    }
    let first = syntax::arguments(args).first().map(|a| a.id());
    // The first argument of map/filter is the function.
    (builtin == "zip" || first != Some(node.id())).then_some(builtin)
}

/// `range(n)[i]` (but not `range(n)[1:]`, which would be a range, not a list).
fn indexed_not_sliced(call: Node<'_>) -> bool {
    let node = syntax::outermost_parens(call);
    let Some(parent) = node.parent() else {
        return false;
    };
    let is_value = parent
        .child_by_field_id(crate::field!("value").get())
        .is_some_and(|v| v.id() == node.id());
    if parent.kind_name() != "subscript" || !is_value {
        return false;
    }
    let mut cursor = parent.walk();
    let mut subscripts = parent.children_by_field_id(crate::field!("subscript"), &mut cursor);
    let mut count = 0;
    let no_slice = subscripts.all(|s| {
        count += 1;
        s.kind_name() != "slice"
    });
    no_slice && count == 1
}

/// Why `name` is not the builtin here, if it is not.
fn not_builtin(name: &str, ctx: &Context<'_>) -> Option<String> {
    let imports = ctx.imports();
    if !ctx.semantics().module_binds(name) {
        return None;
    }
    match imports.targets(name).next() {
        Some(b) => Some(format!("`{name}` is {} here, not the builtin", b.qualified)),
        None => Some(format!(
            "`{name}` is defined in this module, not the builtin"
        )),
    }
}
