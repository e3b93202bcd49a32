//! Turn Python 2 `print` statements into calls of the `print()` function.
//!
//! ## What it does
//! - `print x, y` → `print(x, y)`
//! - `print x,` (trailing comma) → `print(x, end=" ")`
//! - `print >>f, x` → `print(x, file=f)`; `print >>f` → `print(file=f)`
//! - a bare `print` statement → `print()`
//! - `print (a, b)` in a Python 2 module prints a tuple → `print((a, b))`
//!
//! ## Why
//! `print` is a function in Python 3; the statement form is a syntax error.
//!
//! ## Example
//! ```python
//! print "total:", total,
//! print >>sys.stderr, "error"
//! print
//! ```
//! becomes
//! ```python
//! print("total:", total, end=" ")
//! print("error", file=sys.stderr)
//! print()
//! ```
//!
//! ## Left alone
//! - Modules with `from __future__ import print_function`: their prints already are calls.
//! - `print(...)` calls with one argument (the same in both versions) and calls with
//!   keyword arguments (Python 3 only).
//! - `print(a, b)` with several arguments counts as Python 2's tuple print only in a module
//!   that also has `print` statements (it is then wrapped: `print((a, b))`, as 2to3
//!   does). In a module without print statements it is taken to be Python 3 already, so
//!   running the codemod on its own output changes nothing.
//!
//! ## Fix safety
//! Safe. Python 2's "soft space" rules (no space after a printed string ending in `\n`
//! when the previous print ended with a comma) are not reproduced, like 2to3.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;

pub struct Print;

impl Codemod for Print {
    fn id(&self) -> &str {
        "print"
    }

    fn rewrites_syntax(&self) -> bool {
        true
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Every form (statement, bare `print`, `print (a, b)`) starts with the name.
        file.has_code_name("print")
    }

    fn kinds(&self) -> &[&'static str] {
        &["print_statement", "expression_statement", "call"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        match node.kind_name() {
            "print_statement" => {
                if !ctx.imports().has_future("print_function") {
                    statement(node, ctx, fixes);
                }
            }
            "expression_statement" => {
                // A bare `print` is an identifier statement to the parser.
                let Some(only) = node.named_child(0) else {
                    return;
                };
                if node.named_child_count() > 1 {
                    print_then_more(node, ctx, fixes);
                    return;
                }
                if node.named_child_count() == 1
                    && only.kind_name() == "identifier"
                    && ctx.text(only) == "print"
                    && !ctx.imports().has_future("print_function")
                {
                    fixes.add(
                        only,
                        "print statement → print() call",
                        vec![Splice::new(only.end_byte(), only.end_byte(), "()")],
                    );
                }
            }
            _ => tuple_print(node, ctx, fixes),
        }
    }
}

fn statement<'t>(node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let Some(keyword) = node.child(0).filter(|k| k.kind_name() == "print") else {
        return;
    };
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.children(&mut cursor).skip(1).collect();
    let mut chevron: Option<Node<'_>> = None;
    let mut args: Vec<Node<'_>> = Vec::new();
    let mut trailing_comma: Option<Node<'_>> = None;
    for child in &children {
        match child.kind_name() {
            "chevron" => chevron = Some(*child),
            "," => trailing_comma = Some(*child),
            "comment" => {}
            _ if child.is_named() => {
                args.push(*child);
                trailing_comma = None;
            }
            _ => {}
        }
    }
    let file = chevron.and_then(|c| c.named_child(0)).map(|f| ctx.text(f));
    let mut keywords: Vec<String> = Vec::new();
    if trailing_comma.is_some() && !args.is_empty() {
        // Follow the statement's quote style.
        let single = ctx
            .text(node)
            .trim_start_matches("print")
            .trim_start()
            .starts_with('\'')
            || !ctx.text(node).contains('"') && ctx.text(node).contains('\'');
        keywords.push(if single { "end=' '" } else { "end=\" \"" }.to_string());
    }
    if let Some(f) = file {
        keywords.push(format!("file={f}"));
    }
    let mut splices = Vec::new();
    match args.first() {
        Some(first) => {
            // `print >>f, x` / `print x`: everything before the first argument becomes `(`.
            splices.push(Splice::new(keyword.end_byte(), first.start_byte(), "("));
            let last = args[args.len() - 1];
            let suffix = keywords
                .iter()
                .map(|k| format!(", {k}"))
                .collect::<String>();
            splices.push(Splice::new(
                last.end_byte(),
                node.end_byte(),
                format!("{suffix})"),
            ));
        }
        None => {
            splices.push(Splice::new(
                keyword.end_byte(),
                node.end_byte(),
                format!("({})", keywords.join(", ")),
            ));
        }
    }
    fixes.add(node, "print statement → print() call", splices);
}

/// `print (a, b)` in a Python 2 module prints a tuple.
fn tuple_print<'t>(call: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let (Some(function), Some(args)) = (
        call.child_by_field_id(crate::field!("function").get()),
        call.child_by_field_id(crate::field!("arguments").get()),
    ) else {
        return;
    };
    if function.kind_name() != "identifier"
        || ctx.text(function) != "print"
        || args.kind_name() != "argument_list"
    {
        return;
    }
    let Some(parent) = call.parent() else { return };
    if parent.kind_name() != "expression_statement" || ctx.imports().has_future("print_function") {
        return;
    }
    let arguments = crate::syntax::arguments(args);
    let positional = arguments.iter().all(|a| {
        !matches!(
            a.kind_name(),
            "keyword_argument" | "list_splat" | "dictionary_splat" | "parenthesized_list_splat"
        )
    });
    let trailing_comma = args
        .child(args.child_count().saturating_sub(2))
        .is_some_and(|c| c.kind_name() == ",");
    if !positional || (arguments.len() < 2 && !(arguments.len() == 1 && trailing_comma)) {
        return;
    }
    if !has_print_statement(ctx) {
        fixes.note(
            call,
            "left alone: print(a, b) in a module without print statements is taken as Python 3",
        );
        return;
    }
    let open = args.start_byte() + 1;
    let close = args.end_byte() - 1;
    fixes.add(
        call,
        "Python 2 `print (a, b)` prints a tuple",
        vec![Splice::new(open, open, "("), Splice::new(close, close, ")")],
    );
}

/// `print (x), y` (a print statement to Python 2) is read as a tuple whose first item
/// is a call: in a Python 2 module it becomes `print((x), y)`.
fn print_then_more<'t>(list: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let Some(call) = list.named_child(0).filter(|c| c.kind_name() == "call") else {
        return;
    };
    let mut cursor = list.walk();
    if !list.children(&mut cursor).any(|c| c.kind_name() == ",") {
        return;
    };
    let (Some(function), Some(args)) = (
        call.child_by_field_id(crate::field!("function").get()),
        call.child_by_field_id(crate::field!("arguments").get()),
    ) else {
        return;
    };
    if !crate::syntax::is_name(function, ctx.text, "print")
        || ctx.imports().has_future("print_function")
        || !has_print_statement(ctx)
    {
        return;
    }
    let trailing_comma = list
        .child(list.child_count().saturating_sub(1))
        .is_some_and(|c| c.kind_name() == ",");
    let mut splices = vec![Splice::new(function.end_byte(), args.start_byte(), "(")];
    if trailing_comma {
        let last = list
            .child(list.child_count().saturating_sub(2))
            .map(|n| n.end_byte())
            .unwrap_or(list.end_byte());
        splices.push(Splice::new(last, list.end_byte(), ", end=\" \")"));
    } else {
        splices.push(Splice::new(list.end_byte(), list.end_byte(), ")"));
    }
    fixes.add(list, "print statement → print() call", splices);
}

/// True when the module contains a print statement (a Python 2 module).
fn has_print_statement(ctx: &Context<'_>) -> bool {
    fn walk(node: Node<'_>) -> bool {
        if node.kind_name() == "print_statement" {
            return true;
        }
        if node.kind_name() == "expression_statement" {
            // A bare `print` statement.
            return node.named_child_count() == 1
                && node.named_child(0).is_some_and(|c| {
                    c.kind_name() == "identifier" && c.end_byte() - c.start_byte() == 5
                });
        }
        if node.kind_name() == "string" {
            return false;
        }
        let mut cursor = node.walk();
        let found = node.named_children(&mut cursor).any(walk);
        found
    }
    ctx.remember("has print statement", 0, "", || walk(ctx.root()))
}
