//! Keep slicing working: `__getslice__`, `__setslice__`, `__delslice__` are reached
//! through `__getitem__`, `__setitem__`, `__delitem__`.
//!
//! ## What it does
//! For a class that defines `__getslice__` (resp. `__setslice__`, `__delslice__`), the
//! item method dispatches simple slices to it, with the bounds Python 2 passed: at the top
//! of an existing `__getitem__(self, key)`,
//! ```python
//! if isinstance(key, slice) and key.step is None:
//!     return self.__getslice__(*_py2_slice_bounds(self, key))
//! ```
//! or in a new `__getitem__` that raises `TypeError` for anything else (as Python 2 did
//! without one). `_py2_slice_bounds` is added once to the module: a missing start is 0, a
//! missing stop `sys.maxsize`, and a negative bound gets `len(self)` added, as Python 2
//! did before calling the slice method. The slice methods keep their names: code calling
//! them directly still works, and so does Python 2, which calls them first.
//!
//! ## Why
//! Python 3 never calls the slice methods: `row[1:3]` goes to `__getitem__` with a
//! `slice`, which a Python 2 `__getitem__` often passes on to a list — returning a list
//! instead of the class's own type — or rejects; `row[1:3] = x` and `del row[0:2]`
//! raise `TypeError` without `__setitem__`/`__delitem__`. 2to3 does nothing here.
//!
//! ## Example
//! ```python
//! class Row(object):
//!     def __getitem__(self, index):
//!         return self._items[index]
//!
//!     def __getslice__(self, i, j):
//!         return Row(self._items[i:j])
//! ```
//! becomes
//! ```python
//! class Row(object):
//!     def __getitem__(self, index):
//!         if isinstance(index, slice) and index.step is None:
//!             return self.__getslice__(*_py2_slice_bounds(self, index))
//!         return self._items[index]
//!
//!     def __getslice__(self, i, j):
//!         return Row(self._items[i:j])
//! ```
//!
//! ## Left alone
//! Item methods whose key parameter is not a plain name, and modules that bind
//! `_py2_slice_bounds` themselves: reported.
//!
//! ## Fix safety
//! Safe: slicing reaches the same method with the same bounds as on Python 2.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::codemods::common;
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::semantics::text::line_indent;
use crate::syntax::KindName;

pub struct Getslice;

/// (slice method, item method, its parameters after `self`, the extra argument, the
/// error for other keys — Python 3's own message for a class without the item method).
const METHODS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "__getslice__",
        "__getitem__",
        "key",
        "",
        "object is not subscriptable",
    ),
    (
        "__setslice__",
        "__setitem__",
        "key, value",
        "value",
        "object does not support item assignment",
    ),
    (
        "__delslice__",
        "__delitem__",
        "key",
        "",
        "object does not support item deletion",
    ),
];

/// `return self.__getslice__(*_py2_slice_bounds(self, key))`, with the value appended
/// for `__setslice__`.
fn slice_call(slice_method: &str, key: &str, value: Option<&str>) -> String {
    match value {
        None => format!("return self.{slice_method}(*{HELPER}(self, {key}))"),
        Some(value) => {
            format!("return self.{slice_method}(*({HELPER}(self, {key}) + ({value},)))")
        }
    }
}

const HELPER: &str = "_py2_slice_bounds";
const HELPER_SOURCE: &str = "def _py2_slice_bounds(seq, key):
    # The bounds Python 2 passed to __getslice__ & co. for seq[key.start:key.stop].
    start = 0 if key.start is None else key.start
    stop = sys.maxsize if key.stop is None else key.stop
    if start < 0 or stop < 0:
        length = len(seq)
        start = start + length if start < 0 else start
        stop = stop + length if stop < 0 else stop
    return start, stop";

impl Codemod for Getslice {
    fn id(&self) -> &str {
        "getslice"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        METHODS.iter().any(|(old, ..)| file.has_code_name(old))
    }

    fn kinds(&self) -> &[&'static str] {
        &["class_definition"]
    }

    fn visit<'t>(&self, class: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if ctx.runs_on(class).py3_only() {
            return;
        }
        let members = ctx.semantics().members(class);
        for &(slice_method, item_method, params, value, error) in METHODS {
            let Some(slice_def) = members.method(slice_method) else {
                continue;
            };
            let splice = match members.method(item_method) {
                Some(item_def) => {
                    if ctx.text(item_def).contains(&format!(".{slice_method}(")) {
                        continue; // it already dispatches to the slice method
                    }
                    let Some(key) = key_parameter(item_def, ctx) else {
                        fixes.review(item_def, format!("{item_method} takes its key in an unusual way; dispatch slices to {slice_method} by hand"));
                        continue;
                    };
                    let value = (!value.is_empty())
                        .then(|| value_parameter(item_def, ctx).unwrap_or("value"));
                    let call = slice_call(slice_method, key, value);
                    dispatch_at_top(item_def, key, &call, ctx)
                }
                None => {
                    let indent = line_indent(ctx.text, slice_def.start_byte());
                    let step = inner_indent(slice_def, ctx);
                    let call =
                        slice_call(slice_method, "key", (!value.is_empty()).then_some(value));
                    let body = format!(
                        "\n\n{indent}def {item_method}(self, {params}):\n{indent}{step}if isinstance(key, slice) and key.step is None:\n{indent}{step}{step}{call}\n{indent}{step}raise TypeError(\"'%s' {error}\" % type(self).__name__)"
                    );
                    let statement = slice_def
                        .parent()
                        .filter(|p| p.kind_name() == "decorated_definition")
                        .unwrap_or(slice_def);
                    let at = crate::imports::line_end(ctx.text, statement.end_byte());
                    Some(Splice::new(at, at, body))
                }
            };
            let Some(splice) = splice else {
                fixes.review(
                    slice_def,
                    format!("cannot place the slice dispatch in {item_method}; add it by hand"),
                );
                continue;
            };
            if !common::add_helper(ctx, fixes, slice_def, HELPER, HELPER_SOURCE)
                && !helper_present(ctx)
            {
                fixes.review(
                    slice_def,
                    format!("Python 3 never calls {slice_method}, and the module binds `{HELPER}`; dispatch slices by hand"),
                );
                continue;
            }
            common::add_import(ctx, fixes, slice_def, "import sys");
            fixes.add(
                slice_def,
                format!("Python 3 never calls {slice_method}: slices go to {item_method}"),
                vec![splice],
            );
        }
    }
}

/// The module already has the helper this codemod adds (from another class).
fn helper_present(ctx: &Context<'_>) -> bool {
    ctx.text.contains(HELPER_SOURCE)
}

/// The name of an item method's key parameter (`def __getitem__(self, key)`).
fn key_parameter<'t>(def: Node<'t>, ctx: &Context<'t>) -> Option<&'t str> {
    let params = def.child_by_field_id(crate::field!("parameters").get())?;
    let second = params.named_child(1)?;
    (second.kind_name() == "identifier").then(|| ctx.text(second))
}

/// The name of `__setitem__`'s value parameter.
fn value_parameter<'t>(def: Node<'t>, ctx: &Context<'t>) -> Option<&'t str> {
    let params = def.child_by_field_id(crate::field!("parameters").get())?;
    let third = params.named_child(2)?;
    (third.kind_name() == "identifier").then(|| ctx.text(third))
}

/// One indentation step of a function's body.
fn inner_indent<'t>(def: Node<'t>, ctx: &Context<'t>) -> String {
    let outer = line_indent(ctx.text, def.start_byte());
    def.child_by_field_id(crate::field!("body").get())
        .map(|b| line_indent(ctx.text, b.start_byte()))
        .and_then(|inner| inner.strip_prefix(outer))
        .filter(|step| !step.is_empty())
        .unwrap_or("    ")
        .to_string()
}

/// The dispatch inserted as the first statement of the item method's body (after its
/// docstring).
fn dispatch_at_top<'t>(def: Node<'t>, key: &str, call: &str, ctx: &Context<'t>) -> Option<Splice> {
    let body = def.child_by_field_id(crate::field!("body").get())?;
    let first = body.named_child(0)?;
    let indent = line_indent(ctx.text, first.start_byte());
    if crate::semantics::text::line_start(ctx.text, first.start_byte()) + indent.len()
        != first.start_byte()
    {
        return None; // `def __getitem__(self, k): return ...` on one line
    }
    let step = inner_indent(def, ctx);
    let docstring = first.kind_name() == "expression_statement"
        && first
            .named_child(0)
            .is_some_and(|s| s.kind_name() == "string");
    let dispatch = format!(
        "if isinstance({key}, slice) and {key}.step is None:\n{indent}{step}{call}\n{indent}"
    );
    if docstring {
        let next = body.named_child(1)?;
        Some(Splice::new(next.start_byte(), next.start_byte(), dispatch))
    } else {
        Some(Splice::new(
            first.start_byte(),
            first.start_byte(),
            dispatch,
        ))
    }
}
