//! Add `sort_keys=True` to `json.dumps()` / `json.dump()` calls so their output is byte-stable.
//!
//! ## What it does
//! Adds `sort_keys=True` to every call of `json.dumps` and `json.dump` (also through
//! `simplejson`, `django.utils.simplejson`, `import json as j` and `from json import
//! dumps`) that has no `sort_keys` argument. The call's layout is kept: a call written
//! one argument per line gets a new line, a hanging-indent call gets a new aligned line,
//! a trailing comma stays a trailing comma.
//!
//! ## Why
//! Python 2 and Python 3 order dictionaries differently (Python 3.7+ keeps insertion
//! order, Python 2 and 3.5 use hash order, which string hash randomisation varies per
//! process). Serialised JSON that is cached, hashed, compared in tests or shown in diffs
//! changes between interpreters unless keys are sorted.
//!
//! ## Example
//! ```python
//! payload = json.dumps({'b': 1, 'a': 2})
//! json.dump(
//!     data,
//!     fp,
//! )
//! ```
//! becomes
//! ```python
//! payload = json.dumps({'b': 1, 'a': 2}, sort_keys=True)
//! json.dump(
//!     data,
//!     fp,
//!     sort_keys=True,
//! )
//! ```
//!
//! ## Left alone
//! - Calls that already pass `sort_keys` (by keyword, or positionally as Python 2 allowed).
//! - Calls with `**kwargs` or `*args`: `sort_keys` may be inside; reported for review.
//! - `dumps` names that do not resolve to a JSON module through the file's imports
//!   (`pickle.dumps`, `self.dumps`), or whose module name a function parameter rebinds
//!   (`def render(json): json.dumps(x)`).
//! - Calls without arguments (`json.dumps()` fails anyway) and references that are not
//!   calls (`encoder = json.dumps`).
//!
//! ## Fix safety
//! Review. Sorting changes the output's key order — that is the point — and in Python 3
//! sorting fails with `TypeError` when one dictionary mixes key types (`{1: x, 'a': y}`),
//! which Python 2 allowed.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes, Safety};
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::semantics::text::line_indent;
use crate::syntax;

pub struct JsonSortKeys;

/// Module suffixes whose `dump`/`dumps` are JSON serialisers.
const JSON_MODULES: &[&str] = &["json", "simplejson"];

impl Codemod for JsonSortKeys {
    fn id(&self) -> &str {
        "json-sort-keys"
    }

    fn safety(&self) -> Safety {
        Safety::Review
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Every call it looks at names `dump`/`dumps`, or an alias imported from one.
        file.has_any_code_word(&["dump", "dumps"])
    }

    fn kinds(&self) -> &[&'static str] {
        &["call"]
    }

    fn visit<'t>(&self, call: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some((function, args)) = syntax::call_parts(call) else {
            return;
        };
        if args.kind_name() != "argument_list" {
            return;
        }
        let Some(which) = json_function(function, ctx) else {
            return;
        };
        if let Some(name) = shadowed_locally(function, ctx) {
            fixes.note(
                call,
                format!("left alone: `{name}` is a local name here, not the imported module"),
            );
            return;
        }
        let arguments = syntax::arguments(args);
        if arguments.is_empty() {
            return;
        }
        if syntax::keyword_argument(args, ctx.text, "sort_keys").is_some() {
            fixes.note(call, "left alone: already passes sort_keys");
            return;
        }
        if arguments
            .iter()
            .any(|a| matches!(a.kind_name(), "dictionary_splat" | "list_splat"))
        {
            fixes.review(
                call,
                format!("{which}() passes *args/**kwargs; cannot tell whether sort_keys is set"),
            );
            return;
        }
        // Python 2's signatures allowed sort_keys positionally (11th of dumps, 12th of dump).
        let positional = arguments
            .iter()
            .filter(|a| a.kind_name() != "keyword_argument")
            .count();
        let sort_keys_position = if which == "dumps" { 11 } else { 12 };
        if positional >= sort_keys_position {
            fixes.note(call, "left alone: sort_keys is passed positionally");
            return;
        }
        let splices = insert_keyword(ctx.text, args, &arguments, "sort_keys=True");
        fixes.add(
            call,
            format!("json.{which}() output must be byte-stable: keys sorted"),
            splices,
        );
    }
}

/// `Some("dumps")` / `Some("dump")` when `function` resolves to a JSON module's serialiser.
fn json_function<'t>(function: Node<'t>, ctx: &Context<'t>) -> Option<&'static str> {
    let names = ctx.imports().qualified_names(function, ctx.text);
    names.iter().find_map(|q| {
        let (module, name) = q.rsplit_once('.')?;
        let module_last = module.rsplit('.').next().unwrap_or(module);
        if !JSON_MODULES.contains(&module_last) {
            return None;
        }
        match name {
            "dumps" => Some("dumps"),
            "dump" => Some("dump"),
            _ => None,
        }
    })
}

/// The callee's first name when a parameter of an enclosing function or lambda rebinds
/// it (`def f(json): json.dumps(x)`): then imports say nothing about it.
fn shadowed_locally<'t>(function: Node<'_>, ctx: &Context<'t>) -> Option<&'t str> {
    let mut head = function;
    while head.kind_name() == "attribute" {
        head = head.child_by_field_name("object")?;
    }
    if head.kind_name() != "identifier" {
        return None;
    }
    let name = ctx.text(head);
    let mut scope = function.parent();
    while let Some(node) = scope {
        if matches!(node.kind_name(), "function_definition" | "lambda") {
            if let Some(params) = node.child_by_field_name("parameters") {
                if binds_parameter(params, ctx.text, name) {
                    return Some(name);
                }
            }
        }
        scope = node.parent();
    }
    None
}

fn binds_parameter(params: Node<'_>, text: &str, name: &str) -> bool {
    let mut cursor = params.walk();
    let found = params.named_children(&mut cursor).any(|param| {
        let target = match param.kind_name() {
            "identifier" => Some(param),
            "default_parameter" | "typed_default_parameter" => param.child_by_field_name("name"),
            "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => {
                param.named_child(0)
            }
            _ => None,
        };
        target.is_some_and(|t| &text[t.start_byte()..t.end_byte()] == name)
    });
    found
}

/// Splices that add `keyword` as the last argument, following the call's layout.
pub fn insert_keyword(
    text: &str,
    args: Node<'_>,
    arguments: &[Node<'_>],
    keyword: &str,
) -> Vec<Splice> {
    let Some(last) = arguments.last() else {
        return Vec::new();
    };
    // The `)`.
    let close = args.end_byte().saturating_sub(1);
    // A comma between the last argument and `)` (skipping comments).
    let trailing_comma = {
        let mut cursor = args.walk();
        let comma = args
            .children(&mut cursor)
            .find(|c| c.start_byte() >= last.end_byte() && c.kind_name() == ",")
            .map(|c| c.end_byte());
        comma
    };
    let last_line_end = text[last.end_byte()..close].contains('\n');
    if last_line_end && closing_paren_alone(text, close) {
        // One argument per line: a new line before the `)` line, indented like the last
        // argument's line.
        let indent = line_indent(text, last.start_byte());
        let line_start = text[..close].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let mut splices = Vec::new();
        if trailing_comma.is_none() {
            splices.push(Splice::new(last.end_byte(), last.end_byte(), ","));
        }
        splices.push(Splice::new(
            line_start,
            line_start,
            format!("{indent}{keyword},\n"),
        ));
        return splices;
    }
    if trailing_comma.is_none() && !last_line_end {
        if let Some(column) = hanging_indent(text, arguments) {
            // Hanging indent (each argument on its own line, `)` after the last one): a
            // new line aligned with the other arguments.
            return vec![Splice::new(
                last.end_byte(),
                last.end_byte(),
                format!(",\n{column}{keyword}"),
            )];
        }
    }
    match trailing_comma {
        Some(after_comma) => vec![Splice::new(
            after_comma,
            after_comma,
            format!(" {keyword},"),
        )],
        None => vec![Splice::new(
            last.end_byte(),
            last.end_byte(),
            format!(", {keyword}"),
        )],
    }
}

/// The whitespace before the last argument when it starts its own line, below an earlier
/// argument on another line (`f(a,\n  b)`).
fn hanging_indent<'a>(text: &'a str, arguments: &[Node<'_>]) -> Option<&'a str> {
    let [.., previous, last] = arguments else {
        return None;
    };
    if previous.end_position().row == last.start_position().row {
        return None;
    }
    let line_start = text[..last.start_byte()]
        .rfind('\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let before = &text[line_start..last.start_byte()];
    before
        .chars()
        .all(|c| c == ' ' || c == '\t')
        .then_some(before)
}

fn closing_paren_alone(text: &str, close: usize) -> bool {
    let line_start = text[..close].rfind('\n').map(|i| i + 1).unwrap_or(0);
    text[line_start..close]
        .chars()
        .all(|c| c == ' ' || c == '\t')
}
