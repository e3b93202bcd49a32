//! Replace `cmp`-based comparisons: `cmp=` sort arguments, the `cmp()` builtin, `__cmp__`.
//!
//! ## What it does
//! - `sorted(x, cmp=f)` and `x.sort(cmp=f)` → `key=functools.cmp_to_key(f)`, adding
//!   `import functools`; `cmp=cmp` (the builtin, i.e. the default order) is dropped.
//! - `cmp(a, b)` → `(a > b) - (a < b)`, operands parenthesized as needed, when the
//!   operands are cheap and free of side effects (names, attributes, literals, displays,
//!   subscripts, `len(x)`); otherwise `_cmp(a, b)`, with that helper (the same
//!   expression, each operand evaluated once) defined once after the module's imports.
//! - `x.sort(f)` and `sorted(x, f)`, where the positional argument is Python 2's
//!   comparison function (a two-parameter `lambda` or function) →
//!   `key=functools.cmp_to_key(f)`.
//! - A class that defines `__cmp__` and none of `__eq__`/`__lt__`/`__le__`/`__gt__`/`__ge__`
//!   gets `@functools.total_ordering` and `__eq__`/`__lt__` methods that call `__cmp__`.
//!   Unless it defines `__hash__`, it also gets `__hash__ = object.__hash__`: Python 2
//!   kept instances hashable by identity, Python 3 makes a class with `__eq__` unhashable.
//!
//! ## Why
//! Python 3 removed the `cmp` builtin, the `cmp=` argument of sorting, and `__cmp__`.
//! 2to3 does not handle any of them.
//!
//! ## Example
//! ```python
//! names.sort(cmp=compare_names)
//! order = cmp(a.rank, b.rank)
//! ```
//! becomes
//! ```python
//! import functools
//! names.sort(key=functools.cmp_to_key(compare_names))
//! order = (a.rank > b.rank) - (a.rank < b.rank)
//! ```
//!
//! ## Left alone
//! - Sort calls that pass both `cmp=` and `key=`, and positional sort arguments that
//!   are not visibly a comparison function: reported for review.
//! - Modules that bind `cmp` themselves.
//!
//! ## Fix safety
//! Review. Right for totally ordered values. `(a > b) - (a < b)` needs `>` and `<` to be defined
//! between the operands (Python 2's `cmp` also compared unrelated types).

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes, Safety};
use crate::codemods::common;
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::semantics::text::line_indent;
use crate::syntax::{self, level};

pub struct Cmp;

impl Codemod for Cmp {
    fn id(&self) -> &str {
        "cmp"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // `cmp=` keywords and `cmp(...)` calls use the bare word; classes define `__cmp__`.
        file.has_any_code_name(&["cmp", "__cmp__"])
    }

    fn safety(&self) -> Safety {
        Safety::Review
    }

    fn kinds(&self) -> &[&'static str] {
        &["call", "class_definition"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if node.kind_name() == "class_definition" {
            class(node, ctx, fixes);
            return;
        }
        let Some((function, args)) = syntax::call_parts(node) else {
            return;
        };
        if args.kind_name() != "argument_list" {
            return;
        }
        // Cheap test first: only `sorted(...)`, `x.sort(...)` and `cmp(...)` matter.
        let callee = match function.kind_name() {
            "identifier" => ctx.text(function),
            "attribute" => function
                .child_by_field_id(crate::field!("attribute").get())
                .map(|a| ctx.text(a))
                .unwrap_or(""),
            _ => "",
        };
        if !matches!(callee, "sorted" | "sort" | "cmp") {
            return;
        }
        if let Some(value) = syntax::keyword_argument(args, ctx.text, "cmp") {
            sort_call(node, function, args, value, ctx, fixes);
            return;
        }
        if callee != "cmp" {
            positional_sort(node, function, args, ctx, fixes);
            return;
        }
        if ctx.text(function) == "cmp" && common::is_builtin(function, ctx, "cmp") {
            builtin_call(node, function, args, ctx, fixes);
        }
    }
}

fn sort_call<'t>(
    call: Node<'t>,
    function: Node<'t>,
    args: Node<'t>,
    value: Node<'t>,
    ctx: &Context<'t>,
    fixes: &mut Fixes,
) {
    let is_sort = match function.kind_name() {
        "identifier" => ctx.text(function) == "sorted",
        "attribute" => function
            .child_by_field_id(crate::field!("attribute").get())
            .is_some_and(|a| ctx.text(a) == "sort"),
        _ => false,
    };
    if !is_sort {
        return;
    }
    if syntax::keyword_argument(args, ctx.text, "key").is_some() {
        fixes.review(
            call,
            "sorting with both cmp= and key=; combine them by hand",
        );
        return;
    }
    let Some(keyword) = value.parent() else {
        return;
    };
    let Some(name) = keyword.child_by_field_id(crate::field!("name").get()) else {
        return;
    };
    let value_text = ctx.text(value);
    if value_text == "cmp" && common::is_builtin(value, ctx, "cmp") {
        // Sorting with the builtin `cmp` is the default order: drop the argument.
        let previous = keyword.prev_sibling().filter(|p| p.kind_name() == ",");
        let next = keyword.next_sibling().filter(|n| n.kind_name() == ",");
        let (start, end) = match (previous, next) {
            (Some(p), _) => (p.start_byte(), keyword.end_byte()),
            (None, Some(n)) => (
                keyword.start_byte(),
                n.next_sibling()
                    .map(|s| s.start_byte())
                    .unwrap_or(n.end_byte()),
            ),
            (None, None) => (keyword.start_byte(), keyword.end_byte()),
        };
        fixes.add(
            call,
            "sorting with the builtin cmp is the default order",
            vec![Splice::new(start, end, "")],
        );
        return;
    }
    // `cmp=None` means "no comparison function".
    let new_value = if value_text == "None" {
        "None".to_string()
    } else {
        format!("functools.cmp_to_key({value_text})")
    };
    fixes.add(
        call,
        "sorting has no cmp= in Python 3",
        vec![
            Splice::new(name.start_byte(), name.end_byte(), "key"),
            Splice::new(value.start_byte(), value.end_byte(), new_value),
        ],
    );
    if value_text != "None" {
        common::add_import(ctx, fixes, call, "import functools");
    }
}

/// `x.sort(f)` and `sorted(x, f)`: in Python 2 the positional argument is the
/// comparison function; Python 3 takes keyword arguments only.
fn positional_sort<'t>(
    call: Node<'t>,
    function: Node<'t>,
    args: Node<'t>,
    ctx: &Context<'t>,
    fixes: &mut Fixes,
) {
    let positional: Vec<Node<'t>> = syntax::arguments(args)
        .into_iter()
        .filter(|a| !matches!(a.kind_name(), "keyword_argument" | "dictionary_splat"))
        .collect();
    let comparison = match function.kind_name() {
        "attribute" => match positional.as_slice() {
            [f] => *f,
            _ => return,
        },
        _ if ctx.semantics().is_builtin_reference(function, "sorted") => {
            match positional.as_slice() {
                [_, f] => *f,
                [_] | [] => return,
                _ => {
                    fixes.review(call, "sorted() with more than one positional argument after the iterable (cmp, key, reverse in Python 2); pass them as keywords");
                    return;
                }
            }
        }
        _ => return,
    };
    if comparison.kind_name() == "list_splat" {
        return;
    }
    if !is_comparison_function(comparison, ctx) {
        fixes.review(
            call,
            "a positional sort argument was the cmp function in Python 2; Python 3 takes key= only",
        );
        return;
    }
    fixes.add(
        call,
        "sorting has no cmp function in Python 3",
        vec![
            Splice::new(
                comparison.start_byte(),
                comparison.start_byte(),
                "key=functools.cmp_to_key(",
            ),
            Splice::new(comparison.end_byte(), comparison.end_byte(), ")"),
        ],
    );
    common::add_import(ctx, fixes, call, "import functools");
}

/// A function of two arguments: a two-parameter `lambda`, a `def` of this file with two
/// parameters, or a comparison function of the standard library (`locale.strcoll`).
fn is_comparison_function<'t>(node: Node<'t>, ctx: &Context<'t>) -> bool {
    let two_parameters = |params: Option<Node<'t>>| {
        params.is_some_and(|p| {
            let mut cursor = p.walk();
            let all: Vec<Node<'t>> = p.named_children(&mut cursor).collect();
            all.len() == 2 && all.iter().all(|a| a.kind_name() == "identifier")
        })
    };
    match node.kind_name() {
        "lambda" => two_parameters(node.child_by_field_id(crate::field!("parameters").get())),
        "identifier" => match ctx.semantics().resolve(node) {
            crate::semantics::Meaning::Bound { bindings, .. } => {
                bindings.len() == 1
                    && bindings[0].kind == crate::semantics::BindingKind::Def
                    && two_parameters(
                        def_of(bindings[0].statement)
                            .and_then(|d| d.child_by_field_id(crate::field!("parameters").get())),
                    )
            }
            crate::semantics::Meaning::Builtin => ctx.text(node) == "cmp",
            _ => false,
        },
        "attribute" => ctx.imports().refers_to(node, ctx.text, &["locale.strcoll"]),
        _ => false,
    }
}

fn def_of(statement: Node<'_>) -> Option<Node<'_>> {
    match statement.kind_name() {
        "function_definition" => Some(statement),
        "decorated_definition" => statement.child_by_field_id(crate::field!("definition").get()),
        _ => None,
    }
}

/// The helper that stands in for `cmp()` where an operand must not be evaluated twice.
const CMP_HELPER: &str = "_cmp";
const CMP_HELPER_SOURCE: &str = "def _cmp(a, b):\n    return (a > b) - (a < b)";

fn builtin_call<'t>(
    call: Node<'t>,
    function: Node<'t>,
    args: Node<'t>,
    ctx: &Context<'t>,
    fixes: &mut Fixes,
) {
    let arguments = syntax::arguments(args);
    if arguments.len() != 2
        || arguments.iter().any(|a| {
            matches!(
                a.kind_name(),
                "keyword_argument" | "list_splat" | "dictionary_splat"
            )
        })
    {
        return;
    }
    if !arguments.iter().all(|a| is_simple(*a, ctx)) {
        // Each operand must be evaluated once: a helper with Python 2's `cmp` meaning.
        if common::add_helper(ctx, fixes, call, CMP_HELPER, CMP_HELPER_SOURCE) {
            fixes.replace(
                function,
                CMP_HELPER,
                "the cmp() builtin was removed in Python 3 (its operands are evaluated once)",
            );
        } else {
            fixes.review(call, format!("cmp() was removed in Python 3, and this module binds `{CMP_HELPER}`; rewrite by hand"));
        }
        return;
    }
    let a = syntax::parenthesized_if_needed(arguments[0], ctx.text, level::COMPARISON_OPERAND);
    let b = syntax::parenthesized_if_needed(arguments[1], ctx.text, level::COMPARISON_OPERAND);
    let expression = format!("({a} > {b}) - ({a} < {b})");
    // A subtraction: parenthesize unless the context binds more loosely than `-`.
    let context = syntax::outermost_parens(call).parent();
    let loose = context.is_some_and(|p| {
        matches!(
            p.kind_name(),
            "argument_list"
                | "return_statement"
                | "assignment"
                | "expression_statement"
                | "comparison_operator"
                | "keyword_argument"
                | "parenthesized_expression"
                | "list"
                | "tuple"
                | "expression_list"
                | "pair"
                | "lambda"
        ) || p.kind_name() == "binary_operator"
            && p.child_by_field_id(crate::field!("left").get())
                .is_some_and(|l| l.id() == call.id())
            && p.child_by_field_id(crate::field!("operator").get())
                .is_some_and(|o| matches!(ctx.text(o), "+" | "-"))
    });
    let new = if loose {
        expression
    } else {
        format!("({expression})")
    };
    fixes.replace(call, new, "the cmp() builtin was removed in Python 3");
}

/// Names, attributes, literals, displays, subscripts of those, and calls of builtins
/// without side effects on them (`len(a)`): cheap and side-effect free, so evaluating
/// them twice changes nothing.
fn is_simple<'t>(node: Node<'t>, ctx: &Context<'t>) -> bool {
    let simple = |n: Node<'t>| is_simple(n, ctx);
    match node.kind_name() {
        "identifier" | "integer" | "float" | "string" | "true" | "false" | "none" => true,
        "attribute" => node
            .child_by_field_id(crate::field!("object").get())
            .is_some_and(simple),
        "subscript" => {
            node.child_by_field_id(crate::field!("value").get())
                .is_some_and(simple)
                && node
                    .child_by_field_id(crate::field!("subscript").get())
                    .is_some_and(simple)
        }
        "unary_operator" => node
            .child_by_field_id(crate::field!("argument").get())
            .is_some_and(simple),
        "parenthesized_expression" | "tuple" | "list" | "set" | "dictionary" | "pair" => {
            let mut cursor = node.walk();
            let all = node.named_children(&mut cursor).all(simple);
            all
        }
        "call" => {
            const PURE: &[&str] = &[
                "len", "abs", "int", "float", "str", "tuple", "ord", "chr", "type", "id", "hash",
                "bool", "min", "max", "round", "repr", "unicode", "long",
            ];
            let Some((function, args)) = syntax::call_parts(node) else {
                return false;
            };
            function.kind_name() == "identifier"
                && PURE.contains(&ctx.text(function))
                && ctx.semantics().resolve(function).is_builtin()
                && args.kind_name() == "argument_list"
                && syntax::arguments(args).iter().all(|a| simple(*a))
        }
        _ => false,
    }
}

fn class<'t>(class: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let Some(cmp_def) = ctx.semantics().members(class).method("__cmp__") else {
        return;
    };
    if ["__eq__", "__lt__", "__le__", "__gt__", "__ge__"]
        .iter()
        .any(|m| ctx.semantics().members(class).binds(m))
    {
        fixes.note(
            class,
            "left alone: the class already defines rich comparisons",
        );
        return;
    }
    let indent = line_indent(ctx.text, cmp_def.start_byte());
    let class_indent = line_indent(ctx.text, class.start_byte());
    let inner = match indent.strip_prefix(class_indent) {
        Some(step) if !step.is_empty() => step,
        _ => "    ",
    };
    let mut methods = format!(
        "\n\n{indent}def __eq__(self, other):\n{indent}{inner}return self.__cmp__(other) == 0\n\n{indent}def __lt__(self, other):\n{indent}{inner}return self.__cmp__(other) < 0"
    );
    if !ctx.semantics().members(class).binds("__hash__") {
        if let Some(hash) = crate::codemods::eq_hash::inherited_hash(class, ctx) {
            methods.push_str(&format!("\n\n{indent}__hash__ = {hash}"));
        }
    }
    let at = crate::imports::line_end(ctx.text, cmp_def.end_byte());
    let start = class.start_byte();
    // The import first: at the top of a file it must land before the decorator.
    common::add_import(ctx, fixes, class, "import functools");
    fixes.add(
        class,
        "Python 3 ignores __cmp__: derive rich comparisons from it",
        vec![
            Splice::new(
                start,
                start,
                format!("@functools.total_ordering\n{class_indent}"),
            ),
            Splice::new(at, at, methods),
        ],
    );
}
