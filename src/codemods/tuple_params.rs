//! Unpack tuple parameters in the body: `def f((a, b)):` and `lambda (x, y): ...`.
//!
//! ## What it does
//! - `def f((a, b), c):` → `def f(a_b, c):` with `(a, b) = a_b` as the first statement
//!   of the body (after the docstring). 2to3 names the parameter `xxx_todo_changeme`; we
//!   join the unpacked names, which reads better in tracebacks and signatures.
//! - `lambda (x, y): x + y` → `lambda x_y: x_y[0] + x_y[1]` (nested tuples index
//!   twice: `x_y_z[1][0]`).
//! - A parenthesized single name (`lambda (x): x`, not a tuple in Python 2) loses its
//!   parentheses.
//!
//! ## Why
//! Tuple parameters were removed in Python 3 (PEP 3113).
//!
//! ## Example
//! ```python
//! def distance((x1, y1), (x2, y2)):
//!     return hypot(x2 - x1, y2 - y1)
//!
//! by_value = sorted(items, key=lambda (k, v): v)
//! ```
//! becomes
//! ```python
//! def distance(x1_y1, x2_y2):
//!     (x1, y1) = x1_y1
//!     (x2, y2) = x2_y2
//!     return hypot(x2 - x1, y2 - y1)
//!
//! by_value = sorted(items, key=lambda k_v: k_v[1])
//! ```
//!
//! ## Left alone
//! A lambda whose body rebinds one of the names (a nested lambda or comprehension using
//! the same name): reported for review.
//!
//! ## Fix safety
//! Safe for positional callers. The parameter's name changes, so a caller passing it by
//! keyword (impossible for a tuple parameter in Python 2) is not a concern. A tuple with
//! a default value (`def f((a, b)=(1, 2))`) keeps it.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::analysis::tokens::Kind;
use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::semantics::text::line_indent;

pub struct TupleParams;

impl Codemod for TupleParams {
    fn id(&self) -> &str {
        "tuple-params"
    }

    fn rewrites_syntax(&self) -> bool {
        true
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // A tuple parameter is a `(` inside a `def`'s parameter list, or between a `lambda`
        // and its colon (defaults that call something pass too).
        let def = file.any_after("def", |tokens| {
            let text = tokens.text();
            let mut tokens = tokens.filter(|t| t.kind != Kind::Comment);
            if !(tokens.next().is_some_and(|t| t.kind == Kind::Name)
                && tokens.next().is_some_and(|t| t.text(text) == "("))
            {
                return false;
            }
            for t in tokens {
                match (t.text(text), t.depth) {
                    ("(", 1) => return true,
                    (")", 1) => return false,
                    _ => {}
                }
            }
            false
        });
        def || file.any_after("lambda", |tokens| {
            let text = tokens.text();
            for t in tokens {
                match (t.kind, t.text(text), t.depth) {
                    (Kind::Op, "(", 0) | (Kind::Name, "lambda", _) => return true,
                    (Kind::Op, ":", 0) => return false,
                    _ => {}
                }
            }
            false
        })
    }

    fn kinds(&self) -> &[&'static str] {
        &["function_definition", "lambda"]
    }

    fn visit<'t>(&self, def: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some(params) = def.child_by_field_id(crate::field!("parameters").get()) else {
            return;
        };
        let mut cursor = params.walk();
        let tuples: Vec<Node<'_>> = params
            .named_children(&mut cursor)
            .filter_map(|p| match p.kind_name() {
                "tuple_pattern" | "list_pattern" => Some(p),
                "default_parameter" => p
                    .child_by_field_id(crate::field!("name").get())
                    .filter(|n| matches!(n.kind_name(), "tuple_pattern" | "list_pattern")),
                _ => None,
            })
            .collect();
        if tuples.is_empty() {
            return;
        }
        // `lambda (a): a` is a parenthesized plain parameter, not a tuple.
        let (plain, tuples): (Vec<Node<'_>>, Vec<Node<'_>>) =
            tuples.into_iter().partition(|t| is_parenthesized_name(*t));
        for p in &plain {
            if let Some(name) = p.named_child(0) {
                fixes.replace(
                    *p,
                    ctx.text(name),
                    "a parenthesized parameter is a syntax error in Python 3",
                );
            }
        }
        if tuples.is_empty() {
            return;
        }
        let Some(body) = def.child_by_field_id(crate::field!("body").get()) else {
            return;
        };
        let used = words(ctx.text(def));
        let mut taken: Vec<String> = Vec::new();
        let mut new_names = Vec::new();
        for tuple in &tuples {
            let mut leaves = Vec::new();
            collect_names(*tuple, ctx, &mut leaves);
            let mut name = leaves
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join("_");
            if leaves.len() < 2 {
                name.push_str("_args");
            }
            while used.contains(&name) || taken.contains(&name) {
                name.push('_');
            }
            taken.push(name.clone());
            new_names.push((name, leaves));
        }
        if def.kind_name() == "lambda" {
            lambda(def, body, &tuples, &new_names, ctx, fixes);
            return;
        }
        let mut splices: Vec<Splice> = tuples
            .iter()
            .zip(&new_names)
            .map(|(t, (name, _))| Splice::new(t.start_byte(), t.end_byte(), name.clone()))
            .collect();
        // Insert the unpacking after a docstring, before the first statement.
        let mut cursor = body.walk();
        let statements: Vec<Node<'_>> = body
            .named_children(&mut cursor)
            .filter(|s| s.kind_name() != "comment")
            .collect();
        let Some(first) = statements.first() else {
            return;
        };
        let docstring = first.kind_name() == "expression_statement"
            && first
                .named_child(0)
                .is_some_and(|s| s.kind_name() == "string");
        let same_line = !ctx.text[def.start_byte()..first.start_byte()].contains('\n');
        let unpack: Vec<String> = tuples
            .iter()
            .zip(&new_names)
            .map(|(t, (name, _))| format!("{} = {name}", ctx.text(*t)))
            .collect();
        if same_line {
            let at = first.start_byte();
            splices.push(Splice::new(at, at, format!("{}; ", unpack.join("; "))));
        } else if docstring && statements.len() > 1 {
            let next = statements[1];
            let indent = line_indent(ctx.text, next.start_byte());
            let lines: String = unpack.iter().map(|u| format!("{u}\n{indent}")).collect();
            splices.push(Splice::new(next.start_byte(), next.start_byte(), lines));
        } else if docstring {
            let indent = line_indent(ctx.text, first.start_byte());
            let lines: String = unpack.iter().map(|u| format!("\n{indent}{u}")).collect();
            splices.push(Splice::new(first.end_byte(), first.end_byte(), lines));
        } else {
            let indent = line_indent(ctx.text, first.start_byte());
            let lines: String = unpack.iter().map(|u| format!("{u}\n{indent}")).collect();
            splices.push(Splice::new(first.start_byte(), first.start_byte(), lines));
        }
        fixes.add(def, "tuple parameters were removed in Python 3", splices);
    }
}

/// The names of a tuple pattern with their index paths (`(a, (b, c))` → a [0], b [1][0]…).
fn collect_names<'t>(pattern: Node<'t>, ctx: &Context<'t>, out: &mut Vec<(String, String)>) {
    fn go<'t>(node: Node<'t>, ctx: &Context<'t>, path: String, out: &mut Vec<(String, String)>) {
        match node.kind_name() {
            "identifier" => out.push((ctx.text(node).to_string(), path)),
            "tuple_pattern" | "list_pattern" | "parenthesized_expression" | "tuple" => {
                let mut cursor = node.walk();
                let items: Vec<Node<'_>> = node
                    .named_children(&mut cursor)
                    .filter(|n| n.kind_name() != "comment")
                    .collect();
                for (i, item) in items.into_iter().enumerate() {
                    go(item, ctx, format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }
    go(pattern, ctx, String::new(), out);
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn lambda<'t>(
    def: Node<'t>,
    body: Node<'t>,
    tuples: &[Node<'t>],
    new_names: &[(String, Vec<(String, String)>)],
    ctx: &Context<'t>,
    fixes: &mut Fixes,
) {
    let mut splices: Vec<Splice> = tuples
        .iter()
        .zip(new_names)
        .map(|(t, (name, _))| Splice::new(t.start_byte(), t.end_byte(), name.clone()))
        .collect();
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if matches!(
            node.kind_name(),
            "lambda"
                | "list_comprehension"
                | "generator_expression"
                | "set_comprehension"
                | "dictionary_comprehension"
        ) {
            let inner = ctx.text(node);
            let rebinds = new_names
                .iter()
                .flat_map(|(_, leaves)| leaves)
                .any(|(n, _)| words(inner).contains(n));
            if rebinds {
                fixes.review(
                    def,
                    "a nested scope in the lambda uses a tuple parameter's name; rewrite by hand",
                );
                return;
            }
        }
        if node.kind_name() == "identifier" && crate::semantics::references::is_variable(node) {
            let text = ctx.text(node);
            if let Some((name, path)) = new_names.iter().find_map(|(name, leaves)| {
                leaves
                    .iter()
                    .find(|(n, _)| n == text)
                    .map(|(_, p)| (name, p))
            }) {
                splices.push(Splice::new(
                    node.start_byte(),
                    node.end_byte(),
                    format!("{name}{path}"),
                ));
            }
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    fixes.add(def, "tuple parameters were removed in Python 3", splices);
}

/// `(a)`: one name in parentheses, without a comma.
fn is_parenthesized_name(pattern: Node<'_>) -> bool {
    let mut cursor = pattern.walk();
    let has_comma = pattern.children(&mut cursor).any(|c| c.kind_name() == ",");
    !has_comma
        && pattern.named_child_count() == 1
        && pattern
            .named_child(0)
            .is_some_and(|n| n.kind_name() == "identifier")
}
