//! Does an expression's context need a real list, or is a one-shot iterator enough?
//!
//! Python 2's `map()`, `filter()`, `zip()`, `range()` and `dict.keys()` returned lists;
//! Python 3's return iterators, views or ranges. Codemods that migrate them ask
//! [`classify`] whether the place the value is used only iterates it once (leave it
//! alone) or needs a list (wrap it in `list(...)`). When in doubt the answer is
//! [`Need::List`]: wrapping is always behaviour-preserving, leaving a lazy iterator
//! where a list was expected is not.
//!
//! Rules (enclosing parentheses are skipped first):
//! - Iterator is fine as the iterable of a `for` loop or of a comprehension's `for`
//!   clause; as the first argument of a consumer builtin ([`CONSUMERS`], only when the
//!   name is not shadowed in the module); as the iterable of `str.join` (`"sep".join(x)`,
//!   `b"".join(x)`, `str.join(sep, x)`, and like 2to3 any `.join(x)` with one argument
//!   except `os.path.join`); after `yield from`; unpacked with `*` (`f(*x)`, `[*x]`) or
//!   by an assignment (`a, b = map(int, pair)`).
//! - `min(a, b)` / `max(a, b)` with several positional arguments compare the arguments
//!   themselves (Python 2 compared lists), so each argument needs a list.
//! - A membership test (`x in map(f, y)`) needs a list: on an iterator it stops at the
//!   first match, so the remaining function calls (and their side effects) would not run.
//! - A branch of `a if c else b` and the right operand of `or`/`and` are classified by
//!   where the whole expression is used.
//! - Everywhere else a list is needed: assigned, returned, yielded, indexed, sliced,
//!   passed to any other function or as a keyword argument, compared, truth-tested (an
//!   iterator is always true), an attribute of it used (`.sort()`), an operand of an
//!   operator (`+`), a statement on its own (a lazy `map(f, xs)` does nothing at all).

use crate::syntax::KindName;
use std::borrow::Cow;

use tree_sitter::Node;

use crate::codemod::Context;
use crate::syntax;

/// What a context requires of a value, with a short human reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// A one-shot iterator is fine here ("consumed by sorted()").
    Iterator(Cow<'static, str>),
    /// A list is needed here ("result is assigned").
    List(Cow<'static, str>),
}

impl Need {
    pub fn reason(&self) -> &str {
        match self {
            Need::Iterator(r) | Need::List(r) => r,
        }
    }

    pub fn needs_list(&self) -> bool {
        matches!(self, Need::List(_))
    }
}

/// Builtins that accept any iterable as their first argument and consume it.
pub const CONSUMERS: &[&str] = &[
    "list",
    "tuple",
    "set",
    "frozenset",
    "sorted",
    "sum",
    "any",
    "all",
    "min",
    "max",
    "enumerate",
    "iter",
    "next",
    "dict",
];

fn list(reason: &'static str) -> Need {
    Need::List(Cow::Borrowed(reason))
}

fn iterator(reason: &'static str) -> Need {
    Need::Iterator(Cow::Borrowed(reason))
}

/// Classify the context `node` (an expression) is used in.
pub fn classify<'t>(node: Node<'t>, ctx: &Context<'t>) -> Need {
    let node = syntax::outermost_parens(node);
    let Some(parent) = node.parent() else {
        return list("not inside an expression");
    };
    let is_field = |field: &str| {
        parent
            .child_by_field_name(field)
            .is_some_and(|c| c.id() == node.id())
    };
    match parent.kind_name() {
        "for_statement" if is_field("right") => iterator("iterated by a for loop"),
        "for_in_clause" if is_field("right") => iterator("iterated by a comprehension"),
        "argument_list" => call_argument(node, parent, ctx),
        "list_splat" => iterator("unpacked with *"),
        "yield" => {
            let mut cursor = parent.walk();
            let delegated = parent
                .children(&mut cursor)
                .any(|c| c.kind_name() == "from");
            if delegated {
                iterator("delegated to by yield from")
            } else {
                list("yielded")
            }
        }
        "assignment" if is_field("right") && unpacking_target(parent) => {
            iterator("unpacked by the assignment")
        }
        "assignment" | "augmented_assignment" => list("result is assigned"),
        "return_statement" => list("returned"),
        "expression_statement" => list("a statement on its own (a lazy iterator would never run)"),
        "subscript" if is_field("value") => {
            let sliced = {
                let mut cursor = parent.walk();
                let mut subs = parent.children_by_field_id(crate::field!("subscript"), &mut cursor);
                subs.any(|s| s.kind_name() == "slice")
            };
            if sliced {
                list("sliced")
            } else {
                list("indexed")
            }
        }
        "attribute" if is_field("object") => {
            match parent.child_by_field_id(crate::field!("attribute").get()) {
                Some(attr) => Need::List(Cow::Owned(format!(
                    "its .{}{} is used",
                    ctx.text(attr),
                    if called(parent) { "()" } else { "" }
                ))),
                None => list("an attribute of it is used"),
            }
        }
        "comparison_operator" => {
            let operator = node.prev_sibling().map(|p| p.kind_name());
            if matches!(operator, Some("in") | Some("not in")) {
                list("used in an `in` test")
            } else {
                list("compared")
            }
        }
        "binary_operator" => match parent.child_by_field_id(crate::field!("operator").get()) {
            Some(op) => Need::List(Cow::Owned(format!("used with `{}`", ctx.text(op)))),
            None => list("an operand"),
        },
        "unary_operator" => list("an operand"),
        "keyword_argument" => match parent.child_by_field_id(crate::field!("name").get()) {
            Some(name) => Need::List(Cow::Owned(format!(
                "passed as keyword argument {}=",
                ctx.text(name)
            ))),
            None => list("passed as a keyword argument"),
        },
        "print_statement" => list("printed"),
        "lambda" => list("returned by a lambda"),
        "default_parameter" | "typed_default_parameter" => list("a default argument value"),
        // `a or b`: the right operand is used wherever the whole expression is (the left
        // one is also truth-tested).
        "boolean_operator" if is_field("right") => classify(parent, ctx),
        "not_operator" | "boolean_operator" | "if_statement" | "while_statement"
        | "elif_clause" | "assert_statement" => list("truth-tested (an iterator is always true)"),
        // `a if c else b`: a branch is used wherever the whole expression is; the test
        // is truth-tested.
        "conditional_expression" => {
            let is_test = parent.named_child(1).is_some_and(|c| c.id() == node.id());
            if is_test {
                list("truth-tested (an iterator is always true)")
            } else {
                classify(parent, ctx)
            }
        }
        "list" | "tuple" | "set" | "expression_list" | "pair" | "dictionary" => {
            list("stored in a container")
        }
        "decorator" => list("used as a decorator"),
        _ => list("used as a value"),
    }
}

/// `a, b = ...` / `[a, b] = ...`: the right-hand side is only iterated.
fn unpacking_target(assignment: Node<'_>) -> bool {
    assignment
        .child_by_field_id(crate::field!("left").get())
        .is_some_and(|l| {
            matches!(
                l.kind_name(),
                "pattern_list" | "tuple_pattern" | "list_pattern"
            )
        })
}

/// True when the attribute node is the callee of a call (`x.sort()`).
fn called(attribute: Node<'_>) -> bool {
    attribute.parent().is_some_and(|p| {
        p.kind_name() == "call"
            && p.child_by_field_id(crate::field!("function").get())
                .is_some_and(|f| f.id() == attribute.id())
    })
}

/// `node` is an argument in `args` (an `argument_list`).
fn call_argument<'t>(node: Node<'t>, args: Node<'t>, ctx: &Context<'t>) -> Need {
    let Some(call) = args.parent().filter(|c| c.kind_name() == "call") else {
        return list("an argument");
    };
    let Some(function) = call.child_by_field_id(crate::field!("function").get()) else {
        return list("an argument");
    };
    let arguments = syntax::arguments(args);
    let positional = arguments
        .iter()
        .filter(|a| !matches!(a.kind_name(), "keyword_argument" | "dictionary_splat"))
        .count();
    let index = arguments
        .iter()
        .position(|a| a.id() == node.id())
        .unwrap_or(0);
    match function.kind_name() {
        "identifier" => {
            let name = ctx.text(function);
            if let Some(&consumer) = CONSUMERS.iter().find(|&&c| c == name) {
                if !ctx.semantics().acts_as_builtin(function, name) {
                    return Need::List(Cow::Owned(format!(
                        "passed to {name}(), which is not the builtin here"
                    )));
                }
                if index != 0 {
                    return Need::List(Cow::Owned(format!(
                        "passed to {consumer}() as a later argument"
                    )));
                }
                if matches!(consumer, "min" | "max") && positional > 1 {
                    return Need::List(Cow::Owned(format!(
                        "compared with the other arguments of {consumer}()"
                    )));
                }
                return Need::Iterator(Cow::Owned(format!("consumed by {consumer}()")));
            }
            Need::List(Cow::Owned(format!("passed to {name}()")))
        }
        "attribute" => {
            let Some(attr) = function.child_by_field_id(crate::field!("attribute").get()) else {
                return list("an argument");
            };
            let method = ctx.text(attr);
            if method == "join" {
                if let Some(need) = join_argument(function, index, positional, ctx) {
                    return need;
                }
            }
            Need::List(Cow::Owned(format!("passed to .{method}()")))
        }
        _ => list("passed to a function"),
    }
}

/// `Some(Iterator)` when `node` (argument `index`) is the iterable of a string join.
fn join_argument<'t>(
    function: Node<'t>,
    index: usize,
    positional: usize,
    ctx: &Context<'t>,
) -> Option<Need> {
    let receiver =
        syntax::outermost_parens(function.child_by_field_id(crate::field!("object").get())?);
    let receiver = unparenthesize(receiver);
    match receiver.kind_name() {
        "string" | "concatenated_string" if index == 0 && positional == 1 => {
            Some(iterator("consumed by str.join()"))
        }
        // `str.join(sep, iterable)`.
        "identifier"
            if matches!(ctx.text(receiver), "str" | "unicode" | "bytes")
                && index == 1
                && positional == 2 =>
        {
            Some(iterator("consumed by str.join()"))
        }
        // Like 2to3: any other `.join(x)` with one argument is a string join, except
        // `os.path.join`, which joins its arguments.
        _ if index == 0 && positional == 1 && !ctx.text(receiver).ends_with("path") => {
            Some(iterator("consumed by .join()"))
        }
        _ => None,
    }
}

/// The expression inside any number of parentheses.
fn unparenthesize(mut node: Node<'_>) -> Node<'_> {
    while node.kind_name() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) if inner.kind_name() != "comment" => node = inner,
            _ => break,
        }
    }
    node
}

/// For containers that support `len()` and `in` themselves (ranges, dictionary views):
/// `Some(reason)` when `node` is only measured or membership-tested, so no list is needed.
pub fn sized_container_use<'t>(node: Node<'t>, ctx: &Context<'t>) -> Option<&'static str> {
    let node = syntax::outermost_parens(node);
    let parent = node.parent()?;
    match parent.kind_name() {
        "comparison_operator" => {
            let operator = node.prev_sibling()?;
            matches!(operator.kind_name(), "in" | "not in").then_some("supports `in` itself")
        }
        "argument_list" => {
            let call = parent.parent()?;
            let function = call.child_by_field_id(crate::field!("function").get())?;
            let only = syntax::arguments(parent).len() == 1;
            (only
                && syntax::is_name(function, ctx.text, "len")
                && ctx.semantics().acts_as_builtin(function, "len"))
            .then_some("supports len() itself")
        }
        _ => None,
    }
}

/// Methods that change a list, dict or set in place.
const MUTATING_METHODS: &[&str] = &[
    "pop",
    "popitem",
    "clear",
    "update",
    "setdefault",
    "append",
    "extend",
    "insert",
    "remove",
    "sort",
    "reverse",
    "add",
    "discard",
];

/// When `iterable` (a loop's or comprehension's iterable) is iterated while the body
/// changes the collection written `collection` (same expression text), a description
/// of the first change: `del d[k]`, `d[k] = v`, `d.pop(k)`, `xs.remove(x)`, ...
/// Python 3's lazy iterators and views see such changes (or raise `RuntimeError`)
/// where Python 2's list copies did not.
pub fn mutated_in_loop<'t>(
    iterable: Node<'t>,
    collection: &str,
    ctx: &Context<'t>,
) -> Option<String> {
    let parent = iterable.parent()?;
    let body = match parent.kind_name() {
        "for_statement" => parent.child_by_field_id(crate::field!("body").get())?,
        // The comprehension containing the `for` clause.
        "for_in_clause" => parent.parent()?,
        _ => return None,
    };
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        match node.kind_name() {
            "subscript" => {
                let changed = node
                    .child_by_field_id(crate::field!("value").get())
                    .is_some_and(|v| ctx.text(v) == collection)
                    && is_target(node);
                if changed {
                    return Some(ctx.text(node).lines().next().unwrap_or("").to_string());
                }
            }
            "call" => {
                if let Some(function) = node.child_by_field_id(crate::field!("function").get()) {
                    if function.kind_name() == "attribute" {
                        let object = function.child_by_field_id(crate::field!("object").get());
                        let attr = function.child_by_field_id(crate::field!("attribute").get());
                        if let (Some(o), Some(a)) = (object, attr) {
                            let method = ctx.text(a);
                            if ctx.text(o) == collection && MUTATING_METHODS.contains(&method) {
                                return Some(format!("{collection}.{method}()"));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    None
}

/// True when a subscript is assigned to or deleted (`d[k] = v`, `d[k] += 1`, `del d[k]`).
fn is_target(subscript: Node<'_>) -> bool {
    let mut node = subscript;
    while let Some(parent) = node.parent() {
        match parent.kind_name() {
            "expression_list"
            | "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "tuple"
            | "list"
            | "parenthesized_expression" => node = parent,
            "delete_statement" => return true,
            "assignment" | "augmented_assignment" => {
                return parent
                    .child_by_field_id(crate::field!("left").get())
                    .is_some_and(|l| l.id() == node.id())
            }
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::codemod::Options;
    use crate::parse::parse;

    /// Classify the first call of `name` in `src`.
    fn need(src: &str, name: &str) -> Need {
        let tree = parse(src).expect("parses");
        let options = Options::default();
        let ctx = Context::new(src, &tree, Path::new("t.py"), &options);
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            if node.kind_name() == "call"
                && node
                    .child_by_field_id(crate::field!("function").get())
                    .is_some_and(|f| ctx.text(f) == name)
            {
                return classify(node, &ctx);
            }
            let mut cursor = node.walk();
            let children: Vec<_> = node.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
        panic!("no call of {name} in {src:?}");
    }

    fn iter_ok(src: &str) -> bool {
        !need(src, "map").needs_list()
    }

    #[test]
    fn loops_and_comprehensions_iterate() {
        assert!(iter_ok("for x in map(f, y):\n    pass\n"));
        assert!(iter_ok("for x in (map(f, y)):\n    pass\n"));
        assert!(iter_ok("[a for a in map(f, y)]\n"));
        assert!(iter_ok("sum(a for a in map(f, y))\n"));
        assert!(!iter_ok("for x in y, map(f, y):\n    pass\n"));
        assert!(iter_ok("a, b = map(int, pair)\n"));
        assert!(iter_ok("[a, b] = map(int, pair)\n"));
        assert!(!iter_ok("a = b = map(int, pair)\n"));
        assert!(iter_ok("for x in (map(f, y) if c else []):\n    pass\n"));
        assert!(iter_ok("for x in y or map(f, z):\n    pass\n"));
        assert!(!iter_ok("for x in map(f, z) or y:\n    pass\n"));
        assert!(!iter_ok("x = map(f, y) if c else []\n"));
    }

    #[test]
    fn consumers_take_their_first_argument() {
        assert_eq!(
            need("sorted(map(f, x), key=k)\n", "map"),
            Need::Iterator("consumed by sorted()".into())
        );
        assert!(iter_ok("dict(map(f, x))\n"));
        assert!(iter_ok("min(map(f, x))\n"));
        assert!(!iter_ok("min(map(f, x), map(g, x))\n"));
        assert!(!iter_ok("zip(a, map(f, b))\n"));
        assert!(!iter_ok("next(it, map(f, b))\n"));
        assert!(!iter_ok("sorted = 1\nsorted(map(f, x))\n"));
    }

    #[test]
    fn joins_splats_and_yield_from() {
        assert!(iter_ok("', '.join(map(str, x))\n"));
        assert!(iter_ok("b''.join(map(f, x))\n"));
        assert!(iter_ok("str.join(', ', map(str, x))\n"));
        assert!(iter_ok("sep.join(map(str, x))\n"));
        assert!(!iter_ok("os.path.join(map(str, x))\n"));
        assert!(iter_ok("f(*map(g, x))\n"));
        assert!(iter_ok("def g():\n    yield from map(f, x)\n"));
    }

    #[test]
    fn everything_else_needs_a_list() {
        assert_eq!(
            need("x = map(f, y)\n", "map").reason(),
            "result is assigned"
        );
        assert_eq!(need("map(f, y)[0]\n", "map").reason(), "indexed");
        assert_eq!(need("map(f, y)[1:]\n", "map").reason(), "sliced");
        assert_eq!(need("len(map(f, y))\n", "map").reason(), "passed to len()");
        assert_eq!(
            need("def g():\n    return map(f, y)\n", "map").reason(),
            "returned"
        );
        assert_eq!(
            need("a in map(f, y)\n", "map").reason(),
            "used in an `in` test"
        );
        assert_eq!(
            need("map(f, y).sort()\n", "map").reason(),
            "its .sort() is used"
        );
        assert_eq!(need("map(f, y) + z\n", "map").reason(), "used with `+`");
        assert_eq!(
            need("g(x=map(f, y))\n", "map").reason(),
            "passed as keyword argument x="
        );
        assert_eq!(
            need("def g():\n    yield map(f, y)\n", "map").reason(),
            "yielded"
        );
        assert!(need("map(f, y)\n", "map").needs_list());
        assert!(need("if map(f, y):\n    pass\n", "map").needs_list());
    }

    #[test]
    fn len_and_in_are_fine_for_sized_containers() {
        let src = "len(range(3))\n";
        let tree = parse(src).expect("parses");
        let options = Options::default();
        let ctx = Context::new(src, &tree, Path::new("t.py"), &options);
        let call = tree
            .root_node()
            .named_child(0)
            .and_then(|s| s.named_child(0))
            .and_then(|c| c.child_by_field_id(crate::field!("arguments").get()))
            .and_then(|a| a.named_child(0))
            .expect("range call");
        assert_eq!(
            sized_container_use(call, &ctx),
            Some("supports len() itself")
        );
    }
}
