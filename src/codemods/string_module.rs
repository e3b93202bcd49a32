//! Replace the Python 2 `string` module's removed functions and constants with `str` methods and their Python 3 names.
//!
//! ## What it does
//! For `string` bound by `import string` (or an alias):
//! - `string.letters` / `lowercase` / `uppercase` → `string.ascii_letters` /
//!   `ascii_lowercase` / `ascii_uppercase`;
//! - `string.join(words, sep)` / `joinfields` → `sep.join(words)` (`' '.join(words)` without
//!   a separator);
//! - `string.split(s, sep)` / `splitfields`, `upper`, `lower`, `strip`, `lstrip`, `rstrip`,
//!   `replace`, `find`, `rfind`, `index`, `rindex`, `count`, `capitalize`, `swapcase`,
//!   `expandtabs`, `ljust`, `rjust`, `center`, `translate` → the `str` method on the first
//!   argument: `string.upper(s)` → `s.upper()`, `string.replace(s, a, b)` → `s.replace(a, b)`;
//! - `string.atoi(s[, base])` / `atol` → `int(s[, base])`, `string.atof(s)` → `float(s)`;
//! - `string.maketrans(a, b)` → `bytes.maketrans(a, b)` when both are bytes literals,
//!   otherwise `str.maketrans(a, b)` with a review note.
//!
//! - references without a call (`map(string.strip, lines)`) → `str.strip`, `int`, `float`.
//!
//! The receiver is parenthesised when needed (`string.upper(a + b)` → `(a + b).upper()`).
//! These functions were removed in Python 3.0, so this runs for every target version.
//! 2to3 has no fixer for them.
//!
//! ## Why
//! Python 3's `string` module keeps only constants, `capwords`, `Formatter` and
//! `Template`: `string.join(...)` raises `AttributeError`.
//!
//! ## Example
//! ```python
//! line = string.join(fields, ',')
//! name = string.upper(first + last)
//! port = string.atoi(text)
//! ```
//! becomes
//! ```python
//! line = ','.join(fields)
//! name = (first + last).upper()
//! port = int(text)
//! ```
//!
//! ## Left alone (reported for review)
//! - Calls with keyword or `*` / `**` arguments, or a wrong argument count.
//! - `string.zfill` (Python 2 accepted numbers there), `string.translate` with a
//!   `deletions` argument (Python 3's `str.translate` has none).
//! - Functions imported by name (`from string import join`): reported.
//!
//! ## Fix safety
//! Safe: `string.f(s, ...)` called `s.f(...)` in Python 2. `str.maketrans` makes a table
//! for text; if the table translates bytes, use `bytes.maketrans` (flagged for review).

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;
use crate::syntax::{self, level};

pub struct StringModule;

const CONSTANTS: &[(&str, &str)] = &[
    ("letters", "ascii_letters"),
    ("lowercase", "ascii_lowercase"),
    ("uppercase", "ascii_uppercase"),
];

/// `string.f(s, *rest)` → `s.method(*rest)`, with the allowed argument counts (including `s`).
const METHODS: &[(&str, &str, usize, usize)] = &[
    ("split", "split", 1, 3),
    ("splitfields", "split", 1, 3),
    ("rsplit", "rsplit", 1, 3),
    ("upper", "upper", 1, 1),
    ("lower", "lower", 1, 1),
    ("strip", "strip", 1, 2),
    ("lstrip", "lstrip", 1, 2),
    ("rstrip", "rstrip", 1, 2),
    ("replace", "replace", 3, 4),
    ("find", "find", 2, 4),
    ("rfind", "rfind", 2, 4),
    ("index", "index", 2, 4),
    ("rindex", "rindex", 2, 4),
    ("count", "count", 2, 4),
    ("capitalize", "capitalize", 1, 1),
    ("swapcase", "swapcase", 1, 1),
    ("expandtabs", "expandtabs", 1, 2),
    ("ljust", "ljust", 2, 3),
    ("rjust", "rjust", 2, 3),
    ("center", "center", 2, 3),
    ("translate", "translate", 2, 2),
];

fn node_text<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    &text[node.start_byte()..node.end_byte()]
}

impl Codemod for StringModule {
    fn id(&self) -> &str {
        "string-module"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // `string.f` needs `import string` (or `import string as s`), and
        // `from string import f` names the module too: a bare name either way.
        file.has_code_name("string")
    }

    fn kinds(&self) -> &[&'static str] {
        &["attribute", "import_from_statement"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if node.kind_name() == "import_from_statement" {
            review_from_import(node, ctx, fixes);
            return;
        }
        let Some((object, attr)) = syntax::attribute_parts(node) else {
            return;
        };
        if object.kind_name() != "identifier" {
            return;
        }
        let member = node_text(attr, ctx.text);
        let interesting = CONSTANTS.iter().any(|c| c.0 == member)
            || METHODS.iter().any(|m| m.0 == member)
            || matches!(
                member,
                "join" | "joinfields" | "atoi" | "atol" | "atof" | "maketrans" | "zfill"
            );
        if !interesting {
            return;
        }
        let names = ctx.imports().qualified_names(object, ctx.text);
        if !names.iter().any(|q| q == "string") {
            return;
        }
        if let Some((_, new)) = CONSTANTS.iter().find(|c| c.0 == member) {
            fixes.replace(
                attr,
                *new,
                format!("`string.{member}` is `string.{new}` in Python 3"),
            );
            return;
        }
        let Some(call) = node.parent().filter(|p| {
            p.kind_name() == "call"
                && p.child_by_field_id(crate::field!("function").get()) == Some(node)
        }) else {
            // A reference (`map(string.strip, lines)`): the unbound `str` method.
            let function = match member {
                "atoi" | "atol" => Some("int".to_string()),
                "atof" => Some("float".to_string()),
                _ => METHODS
                    .iter()
                    .find(|m| m.0 == member)
                    .map(|m| format!("str.{}", m.1)),
            };
            match function {
                Some(function) => fixes.replace(
                    node,
                    function,
                    format!("`string.{member}` was removed in Python 3"),
                ),
                None => fixes.review(node, format!("`string.{member}` was removed in Python 3")),
            }
            return;
        };
        let Some((_, args)) = syntax::call_parts(call) else {
            return;
        };
        if args.kind_name() != "argument_list" {
            fixes.review(call, format!("`string.{member}` was removed in Python 3"));
            return;
        }
        let arguments = syntax::arguments(args);
        if arguments.iter().any(|a| {
            matches!(
                a.kind_name(),
                "keyword_argument" | "list_splat" | "dictionary_splat"
            )
        }) {
            fixes.review(
                call,
                format!("`string.{member}` was removed in Python 3; rewrite this call by hand"),
            );
            return;
        }
        let text = ctx.text;
        let arg = |i: usize, min: u8| syntax::parenthesized_if_needed(arguments[i], text, min);
        let rest = |from: usize| {
            arguments[from..]
                .iter()
                .map(|a| node_text(*a, text))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let n = arguments.len();
        let replacement = match member {
            "join" | "joinfields" if n == 1 => {
                format!("' '.join({})", node_text(arguments[0], text))
            }
            "join" | "joinfields" if n == 2 => {
                format!(
                    "{}.join({})",
                    arg(1, level::PRIMARY),
                    node_text(arguments[0], text)
                )
            }
            "atoi" | "atol" if (1..=2).contains(&n) => format!("int({})", rest(0)),
            "atof" if n == 1 => format!("float({})", rest(0)),
            "maketrans" if n == 2 => {
                let bytes = arguments.iter().all(|a| is_bytes_literal(*a, text));
                if !bytes {
                    fixes.review(call, "str.maketrans makes a table for text; if it translates bytes, use bytes.maketrans");
                }
                let class = if bytes { "bytes" } else { "str" };
                format!("{class}.maketrans({})", rest(0))
            }
            _ => {
                match METHODS.iter().find(|m| m.0 == member) {
                    Some(&(_, method, min, max)) if (min..=max).contains(&n) => {
                        format!("{}.{method}({})", arg(0, level::PRIMARY), rest(1))
                    }
                    _ => {
                        fixes.review(call, format!("`string.{member}` was removed in Python 3; rewrite this call by hand"));
                        return;
                    }
                }
            }
        };
        if replacement.starts_with('(') || !receiver_needs_care(&arguments, text) {
            fixes.replace(
                call,
                replacement,
                format!("`string.{member}()` was removed in Python 3"),
            );
        } else {
            fixes.review(
                call,
                format!("`string.{member}` was removed in Python 3; rewrite this call by hand"),
            );
        }
    }
}

/// `from string import join`: the function is gone, and bare calls are not rewritten.
fn review_from_import<'t>(node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let Some(module) = node.child_by_field_id(crate::field!("module_name").get()) else {
        return;
    };
    if node_text(module, ctx.text) != "string" {
        return;
    }
    let mut cursor = node.walk();
    let removed: Vec<&str> = node
        .children_by_field_id(crate::field!("name"), &mut cursor)
        .filter_map(|n| match n.kind_name() {
            "aliased_import" => n.child_by_field_id(crate::field!("name").get()),
            _ => Some(n),
        })
        .map(|n| node_text(n, ctx.text))
        .filter(|name| {
            METHODS.iter().any(|m| m.0 == *name)
                || CONSTANTS.iter().any(|c| c.0 == *name)
                || matches!(
                    *name,
                    "join" | "joinfields" | "atoi" | "atol" | "atof" | "maketrans" | "zfill"
                )
        })
        .collect();
    if !removed.is_empty() {
        fixes.review(
            node,
            format!(
                "string.{} removed in Python 3; use str methods / int() / float()",
                removed.join(", string.")
            ),
        );
    }
}

/// A receiver that is a bare integer literal (`1.upper()` does not parse) needs a human.
fn receiver_needs_care(arguments: &[Node<'_>], _text: &str) -> bool {
    arguments
        .first()
        .is_some_and(|a| matches!(a.kind_name(), "integer" | "float"))
}

fn is_bytes_literal(node: Node<'_>, text: &str) -> bool {
    if node.kind_name() != "string" {
        return false;
    }
    let t = node_text(node, text);
    let prefix: String = t.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    prefix.to_ascii_lowercase().contains('b')
}
