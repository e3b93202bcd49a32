//! Remove duplicate types from `isinstance(x, (...))` tuples (left by `long` → `int` etc.).
//!
//! ## What it does
//! `isinstance(x, (int, long))` → `isinstance(x, int)`; `isinstance(x, (str, unicode,
//! bytes))` → `isinstance(x, (str, bytes))`. Names are compared as they will read in
//! Python 3 (`long` counts as `int`, `unicode` and `basestring` as `str`), so this works
//! in the same run as those renames.
//!
//! ## Why
//! After the builtin renames, the tuples contain the same type twice.
//!
//! ## Example
//! ```python
//! if isinstance(n, (int, long)):
//!     pass
//! ```
//! becomes
//! ```python
//! if isinstance(n, int):
//!     pass
//! ```
//!
//! `types.X` aliases count as their builtin (`types.ClassType` as `type`).
//!
//! ## Left alone
//! Names the module rebinds.
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

pub struct Isinstance;

impl Codemod for Isinstance {
    fn id(&self) -> &str {
        "isinstance"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Only calls of `isinstance` / `issubclass` by bare name are looked at.
        file.has_any_code_name(&["isinstance", "issubclass"])
    }

    fn kinds(&self) -> &[&'static str] {
        &["call"]
    }

    fn visit<'t>(&self, call: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if !syntax::may_call(call, ctx.text, &["isinstance", "issubclass"]) {
            return;
        }
        let Some((function, args)) = syntax::call_parts(call) else {
            return;
        };
        if !matches!(ctx.text(function), "isinstance" | "issubclass") {
            return;
        }
        let arguments = syntax::arguments(args);
        let Some(types) = arguments.get(1).filter(|t| t.kind_name() == "tuple") else {
            return;
        };
        if arguments.len() != 2 {
            return;
        }
        let items = syntax::arguments(*types);
        let effective = |n: Node<'t>| -> String {
            let text = ctx.text(n);
            if n.kind_name() == "attribute" {
                return types_builtin(n, ctx).unwrap_or(text).to_string();
            }
            let renamed = match text {
                "long" => "int",
                "unicode" | "basestring" => "str",
                _ => return text.to_string(),
            };
            if common::is_builtin(n, ctx, text) {
                renamed.to_string()
            } else {
                text.to_string()
            }
        };
        let mut seen: Vec<String> = Vec::new();
        let mut keep: Vec<Node<'_>> = Vec::new();
        for item in &items {
            let name = effective(*item);
            if !seen.contains(&name) {
                seen.push(name);
                keep.push(*item);
            }
        }
        if keep.len() == items.len() {
            return;
        }
        let mut splices = Vec::new();
        if keep.len() == 1 {
            // `(int, long)` → `int` (the rename of the kept name, if any, is another fix).
            let only = keep[0];
            splices.push(Splice::new(types.start_byte(), only.start_byte(), ""));
            splices.push(Splice::new(only.end_byte(), types.end_byte(), ""));
        } else {
            // Remove each dropped item with the comma before it.
            for (index, item) in items.iter().enumerate() {
                if keep.iter().any(|k| k.id() == item.id()) || index == 0 {
                    continue;
                }
                splices.push(Splice::new(
                    items[index - 1].end_byte(),
                    item.end_byte(),
                    "",
                ));
            }
        }
        fixes.add(call, "duplicate types in isinstance()", splices);
    }
}

/// The builtin a `types.X` attribute becomes (`types.LongType` → `int`).
fn types_builtin<'t>(node: Node<'_>, ctx: &Context<'t>) -> Option<&'t str> {
    let object = node.child_by_field_id(crate::field!("object").get())?;
    let attr = node.child_by_field_id(crate::field!("attribute").get())?;
    if !ctx.imports().refers_to(object, ctx.text, &["types"]) {
        return None;
    }
    crate::codemods::types::builtin_for(ctx.text(attr), ctx.options)
}
