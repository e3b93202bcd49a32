//! Move `__metaclass__ = M` from the class body into the class header: `class C(metaclass=M)`.
//!
//! ## What it does
//! - `class C(Base):` with `__metaclass__ = M` in its body → `class C(Base, metaclass=M):`,
//!   and the assignment line is removed (replaced by `pass` when it was the only
//!   statement of the body, a docstring aside).
//! - `class C:` / `class C():` → `class C(metaclass=M):`.
//!
//! ## Why
//! Python 3 ignores a `__metaclass__` attribute: the class silently gets `type` as its
//! metaclass.
//!
//! ## Example
//! ```python
//! class Model(object):
//!     __metaclass__ = ModelBase
//!     name = None
//! ```
//! becomes
//! ```python
//! class Model(object, metaclass=ModelBase):
//!     name = None
//! ```
//!
//! ## Left alone
//! - Classes that already pass `metaclass=`, or assign `__metaclass__` more than once or
//!   conditionally (reported for review).
//! - A module-level `__metaclass__ = type` (it made classes new-style in Python 2, which
//!   all classes are in Python 3): not touched (harmless).
//! - An assignment sharing its line with another statement (reported for review).
//!
//! ## Fix safety
//! Safe. The metaclass expression is evaluated before the class body instead of inside
//! it; it can no longer refer to names defined earlier in the body (reported for review
//! when it does).

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::imports::line_end;
use crate::prefilter::FileText;

pub struct Metaclass;

impl Codemod for Metaclass {
    fn id(&self) -> &str {
        "metaclass"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // The class-body assignment `__metaclass__ = M`.
        file.has_code_name("__metaclass__")
    }

    fn kinds(&self) -> &[&'static str] {
        &["class_definition"]
    }

    fn visit<'t>(&self, class: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let statements: Vec<Node<'_>> = crate::semantics::classes::body_statements(class)
            .into_iter()
            .filter(|s| s.kind_name() != "comment")
            .collect();
        let assignments: Vec<(usize, Node<'_>, Node<'_>)> = statements
            .iter()
            .enumerate()
            .filter_map(|(i, stmt)| {
                let assign = stmt
                    .named_child(0)
                    .filter(|a| a.kind_name() == "assignment")?;
                let left = assign.child_by_field_id(crate::field!("left").get())?;
                (stmt.kind_name() == "expression_statement" && ctx.text(left) == "__metaclass__")
                    .then(|| {
                        Some((
                            i,
                            *stmt,
                            assign.child_by_field_id(crate::field!("right").get())?,
                        ))
                    })
                    .flatten()
            })
            .collect();
        let Some(&(index, stmt, value)) = assignments.first() else {
            return;
        };
        if assignments.len() > 1 {
            fixes.review(
                stmt,
                "__metaclass__ is assigned more than once; move it by hand",
            );
            return;
        }
        let superclasses = class.child_by_field_id(crate::field!("superclasses").get());
        if let Some(bases) = superclasses {
            if crate::syntax::keyword_argument(bases, ctx.text, "metaclass").is_some() {
                fixes.note(stmt, "left alone: the class already passes metaclass=");
                return;
            }
        }
        let metaclass = ctx.text(value);
        // The metaclass may not use names bound earlier in the class body.
        let earlier_names: Vec<&str> = statements[..index]
            .iter()
            .filter_map(|s| {
                let def = match s.kind_name() {
                    "function_definition" | "class_definition" => Some(*s),
                    "expression_statement" => s
                        .named_child(0)
                        .filter(|a| a.kind_name() == "assignment")
                        .and_then(|a| a.child_by_field_id(crate::field!("left").get())),
                    _ => None,
                }?;
                let name = if def.kind_name() == "identifier" {
                    def
                } else {
                    def.child_by_field_id(crate::field!("name").get())?
                };
                Some(ctx.text(name))
            })
            .collect();
        if metaclass
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|w| earlier_names.contains(&w))
        {
            fixes.review(
                stmt,
                "the metaclass refers to a name defined in the class body",
            );
            return;
        }
        let text = ctx.text;
        let line_start = text[..stmt.start_byte()]
            .rfind('\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        let end = line_end(text, stmt.end_byte());
        let after = text[stmt.end_byte()..end].trim_start();
        if !text[line_start..stmt.start_byte()].trim().is_empty()
            || !(after.is_empty() || after.starts_with('#'))
        {
            fixes.review(
                stmt,
                "__metaclass__ shares its line with other code; move it by hand",
            );
            return;
        }
        let next = match &text.as_bytes()[end..] {
            [b'\r', b'\n', ..] => end + 2,
            [b'\r', ..] | [b'\n', ..] => end + 1,
            _ => end,
        };
        let mut splices = Vec::new();
        // Remove the line; keep the body non-empty.
        let only_statement = statements.len() == 1
            || statements.len() == 2 && index == 1 && is_docstring(statements[0]);
        if only_statement {
            splices.push(Splice::new(stmt.start_byte(), stmt.end_byte(), "pass"));
        } else {
            splices.push(Splice::new(line_start, next, ""));
        }
        match superclasses {
            Some(bases) => {
                let args = crate::syntax::arguments(bases);
                let close = bases.end_byte() - 1;
                match args.last() {
                    Some(last) => {
                        let comma_after =
                            text[last.end_byte()..close].trim_start().starts_with(',');
                        let insert = if comma_after {
                            format!(" metaclass={metaclass}")
                        } else {
                            format!(", metaclass={metaclass}")
                        };
                        let at = if comma_after {
                            last.end_byte()
                                + text[last.end_byte()..close].find(',').unwrap_or(0)
                                + 1
                        } else {
                            last.end_byte()
                        };
                        splices.push(Splice::new(at, at, insert));
                    }
                    None => {
                        splices.push(Splice::new(close, close, format!("metaclass={metaclass}")))
                    }
                }
            }
            None => {
                let Some(name) = class.child_by_field_id(crate::field!("name").get()) else {
                    return;
                };
                splices.push(Splice::new(
                    name.end_byte(),
                    name.end_byte(),
                    format!("(metaclass={metaclass})"),
                ));
            }
        }
        fixes.add(class, "Python 3 ignores a __metaclass__ attribute", splices);
    }
}

fn is_docstring(stmt: Node<'_>) -> bool {
    stmt.kind_name() == "expression_statement"
        && stmt
            .named_child(0)
            .is_some_and(|s| s.kind_name() == "string")
}
