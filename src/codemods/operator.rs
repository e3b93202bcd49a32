//! Replace `operator` functions removed in Python 3 (`isCallable`, `sequenceIncludes`, …).
//!
//! ## What it does
//! - `operator.isCallable(x)` → `callable(x)`
//! - `operator.sequenceIncludes(a, b)` → `operator.contains(a, b)`
//! - `operator.isSequenceType(x)` → `isinstance(x, collections.abc.Sequence)`
//! - `operator.isMappingType(x)` → `isinstance(x, collections.abc.Mapping)`
//! - `operator.isNumberType(x)` → `isinstance(x, numbers.Number)`
//! - `operator.repeat(a, n)` → `operator.mul(a, n)`, `operator.irepeat` → `operator.imul`
//!
//! `import collections.abc` / `import numbers` are added when needed.
//!
//! ## Why
//! These functions were removed in Python 3.
//!
//! ## Example
//! ```python
//! if operator.isCallable(handler):
//!     handler()
//! ```
//! becomes
//! ```python
//! if callable(handler):
//!     handler()
//! ```
//!
//! ## Left alone
//! `from operator import isCallable` style uses (reported for review).
//!
//! ## Fix safety
//! Safe.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::codemods::common;
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::syntax;

pub struct Operator;

/// The `operator` functions removed in Python 3.
const REMOVED: &[&str] = &[
    "isCallable",
    "sequenceIncludes",
    "isSequenceType",
    "isMappingType",
    "isNumberType",
    "repeat",
    "irepeat",
];

impl Codemod for Operator {
    fn id(&self) -> &str {
        "operator"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // `operator.isCallable(...)` & co.: the attribute, on a name bound by an import of
        // `operator` (an alias still imports the word).
        file.has_any_code_attribute(REMOVED) && file.has_code_word("operator")
    }

    fn kinds(&self) -> &[&'static str] {
        &["call"]
    }

    fn visit<'t>(&self, call: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some((function, args)) = syntax::call_parts(call) else {
            return;
        };
        let Some((object, attr)) = syntax::attribute_parts(function) else {
            return;
        };
        let name = ctx.text(attr);
        if !REMOVED.contains(&name) || !ctx.imports().refers_to(object, ctx.text, &["operator"]) {
            return;
        }
        let arguments = syntax::arguments(args);
        let reason = format!("operator.{name} was removed in Python 3");
        match name {
            "sequenceIncludes" => fixes.replace(attr, "contains", reason),
            "repeat" => fixes.replace(attr, "mul", reason),
            "irepeat" => fixes.replace(attr, "imul", reason),
            _ => {
                if arguments.len() != 1 || arguments[0].kind_name() == "list_splat" {
                    return;
                }
                let arg = ctx.text(arguments[0]);
                let (new, import) = match name {
                    "isCallable" => (format!("callable({arg})"), None),
                    "isSequenceType" => (
                        format!("isinstance({arg}, collections.abc.Sequence)"),
                        Some("import collections.abc"),
                    ),
                    "isMappingType" => (
                        format!("isinstance({arg}, collections.abc.Mapping)"),
                        Some("import collections.abc"),
                    ),
                    _ => (
                        format!("isinstance({arg}, numbers.Number)"),
                        Some("import numbers"),
                    ),
                };
                fixes.add(
                    call,
                    reason,
                    vec![Splice::new(call.start_byte(), call.end_byte(), new)],
                );
                if let Some(import) = import {
                    common::add_import(ctx, fixes, call, import);
                }
            }
        }
    }
}
