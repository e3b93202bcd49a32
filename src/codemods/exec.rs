//! Turn the `exec` statement into a call of the `exec()` function.
//!
//! ## What it does
//! `exec code` → `exec(code)`, `exec code in g` → `exec(code, g)`, `exec code in g, l` →
//! `exec(code, g, l)`.
//!
//! ## Why
//! `exec` is a function in Python 3; the statement form is a syntax error.
//!
//! ## Example
//! ```python
//! exec source in namespace
//! ```
//! becomes
//! ```python
//! exec(source, namespace)
//! ```
//!
//! ## Left alone
//! `exec(...)` calls. `exec f.read() in ns` does not parse with our parser; the
//! `repair-errors` codemod handles it.
//!
//! ## Fix safety
//! Safe. In Python 3 `exec` cannot rebind the local variables of a function; code that
//! relies on it (no namespace given, inside a function) needs a manual change and is
//! reported for review.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;

pub struct Exec;

impl Codemod for Exec {
    fn id(&self) -> &str {
        "exec"
    }

    fn rewrites_syntax(&self) -> bool {
        true
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // The `exec` statement starts with its keyword.
        file.has_code_name("exec")
    }

    fn kinds(&self) -> &[&'static str] {
        &["exec_statement"]
    }

    fn visit<'t>(&self, stmt: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some(keyword) = stmt.child(0).filter(|k| k.kind_name() == "exec") else {
            return;
        };
        let Some(code) = stmt
            .child_by_field_id(crate::field!("code").get())
            .or_else(|| stmt.named_child(0))
        else {
            return;
        };
        let mut splices = vec![Splice::new(keyword.end_byte(), code.start_byte(), "(")];
        let mut cursor = stmt.walk();
        let in_keyword = stmt.children(&mut cursor).find(|c| c.kind_name() == "in");
        if let Some(in_kw) = in_keyword {
            let Some(namespace) = in_kw.next_named_sibling() else {
                return;
            };
            splices.push(Splice::new(code.end_byte(), namespace.start_byte(), ", "));
        } else if inside_function(stmt) {
            fixes.review(
                stmt,
                "exec without a namespace cannot change local variables in Python 3",
            );
        }
        let _ = ctx;
        splices.push(Splice::new(stmt.end_byte(), stmt.end_byte(), ")"));
        fixes.add(stmt, "exec statement → exec() call", splices);
    }
}

fn inside_function(node: Node<'_>) -> bool {
    let mut current = node.parent();
    while let Some(n) = current {
        if n.kind_name() == "function_definition" {
            return true;
        }
        if n.kind_name() == "class_definition" {
            return false;
        }
        current = n.parent();
    }
    false
}
