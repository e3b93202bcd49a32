//! Replace `set([1, 2])` with the set literal `{1, 2}` (opt-in).
//!
//! ## What it does
//! `set([a, b])` and `set((a, b))` → `{a, b}`; `set([x for x in y])` → `{x for x in y}`.
//!
//! ## Why
//! Literals are shorter and faster. This is a modernisation, not a Python 3 requirement,
//! so it is opt-in (like 2to3's `set_literal`, which is explicit-only).
//!
//! ## Example
//! ```python
//! allowed = set(['GET', 'HEAD'])
//! ```
//! becomes
//! ```python
//! allowed = {'GET', 'HEAD'}
//! ```
//!
//! ## Left alone
//! Empty sets (`set([])`: `{}` is a dict), calls with other arguments, and modules that
//! rebind `set`.
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

pub struct SetLiteral;

impl Codemod for SetLiteral {
    fn id(&self) -> &str {
        "set-literal"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // A bare call of the builtin.
        file.has_code_name("set")
    }

    fn kinds(&self) -> &[&'static str] {
        &["call"]
    }

    fn visit<'t>(&self, call: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some((function, args)) = syntax::call_parts(call) else {
            return;
        };
        if ctx.text(function) != "set" || !common::is_builtin(function, ctx, "set") {
            return;
        }
        let arguments = syntax::arguments(args);
        let [only] = arguments.as_slice() else { return };
        if !matches!(only.kind_name(), "list" | "tuple" | "list_comprehension") {
            return;
        }
        let items = syntax::arguments(*only);
        if items.is_empty()
            || items.iter().any(|i| i.kind_name() == "list_splat")
                && only.kind_name() != "list_comprehension"
        {
            return;
        }
        // `set((a,))`: keep the items' text, drop the brackets (and a lone trailing comma).
        let open = only.start_byte();
        let close = only.end_byte() - 1;
        let mut splices = vec![
            Splice::new(call.start_byte(), open + 1, "{"),
            Splice::new(close, call.end_byte(), "}"),
        ];
        if only.kind_name() == "tuple" && items.len() == 1 {
            if let Some(comma) = ctx.text[items[0].end_byte()..close].find(',') {
                let at = items[0].end_byte() + comma;
                splices.insert(1, Splice::new(at, at + 1, ""));
            }
        }
        fixes.add(call, "a set literal reads better", splices);
    }
}
