//! Rewrite Python 2's two-argument `s.translate(table, deletechars)` for text (`s.translate(None, ' -')` → `s.translate(str.maketrans('', '', ' -'))`).
//!
//! ## What it does
//! Python 2's `str.translate` took the characters to delete as a second argument;
//! Python 3's `str.translate` takes one table, in which deletions are entries mapping to
//! `None` (`str.maketrans('', '', chars)` makes one).
//!
//! - `s.translate(None, chars)` becomes `s.translate(str.maketrans('', '', chars))`;
//! - `s.translate(table, chars)`, where `table` is made by `maketrans(...)` (in the call,
//!   or a name assigned one), becomes `s.translate(str.maketrans('', '',
//!   chars)).translate(table)`: Python 2 deleted first, then translated.
//!
//! Only when `chars` is text in Python 3: a string literal (not `b''`) or a constant of
//! the `string` module (`string.punctuation`, `string.digits`, ...). For bytes, Python
//! 3's `bytes.translate(table, delete)` still takes both arguments. 2to3 has no fixer for
//! this.
//!
//! ## Why
//! `str.translate` takes exactly one argument in Python 3: the two-argument call raises
//! `TypeError`.
//!
//! ## Example
//! ```python
//! slug = title.translate(None, string.punctuation)
//! ```
//! becomes
//! ```python
//! slug = title.translate(str.maketrans('', '', string.punctuation))
//! ```
//!
//! ## Left alone
//! - `b''` literals, or deletions given as `b''`: valid Python 3 for bytes.
//! - Reported for review: deletions of unknown type (`s.translate(None, chars)`: fine
//!   as it is if `s` and `chars` are bytes in Python 3, to be rewritten as above if they
//!   are text), and a table argument that is not made by a simple `maketrans(...)` call
//!   or name.
//! - Two-argument `translate` calls whose first argument is not `None` nor a
//!   `maketrans` table (other APIs, such as Qt's `translate(context, text)`).
//!
//! ## Fix safety
//! Safe. With deletions that are text, the call failed on Python 3 whatever the string
//! was (`bytes.translate` refuses text deletions, `str.translate` a second argument);
//! the rewrite makes it do on text what it did in Python 2. In the composed form the
//! table is evaluated after the deletions: it is only written so for a name or a
//! `maketrans` call of plain arguments, whose value does not depend on that.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::semantics::text::string_prefix;
use crate::semantics::{BindingKind, Meaning};
use crate::syntax::{self, KindName};

pub struct TranslateDeletechars;

/// Constants of the `string` module (all text in Python 3, with `string-module`'s
/// renames of the Python 2 ones).
const STRING_CONSTANTS: &[&str] = &[
    "string.ascii_letters",
    "string.ascii_lowercase",
    "string.ascii_uppercase",
    "string.digits",
    "string.hexdigits",
    "string.octdigits",
    "string.punctuation",
    "string.printable",
    "string.whitespace",
    "string.letters",
    "string.lowercase",
    "string.uppercase",
];

/// What an argument is in Python 3.
#[derive(PartialEq, Eq)]
enum Kind {
    Text,
    Bytes,
    Unknown,
}

fn kind_of(node: Node<'_>, ctx: &Context<'_>) -> Kind {
    let node = syntax::outermost_parens(node);
    match node.kind_name() {
        "string" => {
            if string_prefix(ctx.text(node)).contains('b') {
                Kind::Bytes
            } else {
                Kind::Text
            }
        }
        "concatenated_string" => {
            let mut cursor = node.walk();
            let kinds: Vec<Kind> = node
                .named_children(&mut cursor)
                .filter(|c| c.kind_name() == "string")
                .map(|c| kind_of(c, ctx))
                .collect();
            if kinds.iter().all(|k| *k == Kind::Text) {
                Kind::Text
            } else {
                Kind::Bytes
            }
        }
        "attribute" if ctx.imports().refers_to(node, ctx.text, STRING_CONSTANTS) => Kind::Text,
        "binary_operator" => {
            let text_operand = |field| {
                node.child_by_field_id(field)
                    .is_some_and(|operand| kind_of(operand, ctx) == Kind::Text)
            };
            let plus = node
                .child_by_field_id(crate::field!("operator").get())
                .is_some_and(|op| ctx.text(op) == "+");
            if plus
                && text_operand(crate::field!("left").get())
                && text_operand(crate::field!("right").get())
            {
                Kind::Text
            } else {
                Kind::Unknown
            }
        }
        _ => Kind::Unknown,
    }
}

/// True for an expression that can be evaluated later without changing anything: a
/// name, an attribute of names, a literal.
fn is_plain(node: Node<'_>) -> bool {
    match node.kind_name() {
        "identifier" | "string" | "concatenated_string" | "integer" | "none" | "true" | "false" => {
            true
        }
        "attribute" => syntax::attribute_parts(node).is_some_and(|(object, _)| is_plain(object)),
        "parenthesized_expression" => node.named_child(0).is_some_and(is_plain),
        _ => false,
    }
}

/// A `maketrans(...)` call (`string.maketrans`, `str.maketrans`, a from-import).
fn is_maketrans_call(node: Node<'_>, ctx: &Context<'_>) -> bool {
    syntax::call_parts(node).is_some_and(|(callee, _)| match callee.kind_name() {
        "identifier" => ctx.text(callee) == "maketrans",
        "attribute" => {
            syntax::attribute_parts(callee).is_some_and(|(_, attr)| ctx.text(attr) == "maketrans")
        }
        _ => false,
    })
}

/// How the table argument is known to be a translation table: `Some(true)` when it can
/// also be moved after the deletions (a name, or a `maketrans` call of plain
/// arguments), `Some(false)` when it is one but cannot, `None` when it is not known to
/// be one.
fn table<'t>(node: Node<'t>, ctx: &Context<'t>) -> Option<bool> {
    let node = syntax::outermost_parens(node);
    if is_maketrans_call(node, ctx) {
        let (_, args) = syntax::call_parts(node)?;
        let plain = args.kind_name() == "argument_list"
            && syntax::arguments(args).iter().all(|a| is_plain(*a));
        return Some(plain);
    }
    if node.kind_name() != "identifier" {
        return None;
    }
    let Meaning::Bound { bindings, .. } = ctx.semantics().resolve(node) else {
        return None;
    };
    let assigned_tables = bindings.iter().all(|b| {
        b.kind == BindingKind::Assignment
            && b.statement.named_child(0).is_some_and(|assignment| {
                assignment.kind_name() == "assignment"
                    && assignment
                        .child_by_field_id(crate::field!("left").get())
                        .is_some_and(|left| left.id() == b.name.id())
                    && assignment
                        .child_by_field_id(crate::field!("right").get())
                        .is_some_and(|right| is_maketrans_call(right, ctx))
            })
    });
    assigned_tables.then_some(true)
}

impl Codemod for TranslateDeletechars {
    fn id(&self) -> &str {
        "translate-deletechars"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        file.has_code_attribute("translate")
    }

    fn kinds(&self) -> &[&'static str] {
        &["call"]
    }

    fn visit<'t>(&self, call: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some((callee, args)) = syntax::call_parts(call) else {
            return;
        };
        let Some((receiver, method)) = syntax::attribute_parts(callee) else {
            return;
        };
        if ctx.text(method) != "translate" || args.kind_name() != "argument_list" {
            return;
        }
        let [table_arg, chars] = syntax::arguments(args)[..] else {
            return;
        };
        if [table_arg, chars].iter().any(|a| {
            matches!(
                a.kind_name(),
                "keyword_argument" | "list_splat" | "dictionary_splat"
            )
        }) {
            return;
        }
        let none_table = syntax::outermost_parens(table_arg).kind_name() == "none";
        let known_table = if none_table {
            Some(true)
        } else {
            table(table_arg, ctx)
        };
        // Not `str.translate`'s two arguments (`QCoreApplication.translate(ctx, text)`).
        let Some(movable) = known_table else {
            return;
        };
        // `b''.translate(...)` is valid Python 3; `u''.translate` never took two arguments.
        let receiver_prefix = string_prefix(ctx.text(receiver));
        if receiver.kind_name() == "string"
            && (receiver_prefix.contains('b') || receiver_prefix.contains('u'))
        {
            return;
        }
        match kind_of(chars, ctx) {
            Kind::Bytes => return,
            Kind::Unknown => {
                fixes.review(
                    call,
                    "two-argument `translate`: valid Python 3 if the string and the deletions are bytes; if they are text, write `s.translate(str.maketrans('', '', deletions))` (then `.translate(table)` for a table)",
                );
                return;
            }
            Kind::Text => {}
        }
        if !movable {
            fixes.review(
                call,
                "two-argument `translate`: Python 3's `str.translate` takes one table; write `s.translate(str.maketrans('', '', deletions)).translate(table)` (the table is made by a call that cannot be moved after the deletions safely)",
            );
            return;
        }
        let mut splices = vec![
            Splice::new(
                table_arg.start_byte(),
                chars.start_byte(),
                "str.maketrans('', '', ",
            ),
            Splice::new(chars.end_byte(), chars.end_byte(), ")"),
        ];
        if !none_table {
            splices.push(Splice::new(
                args.end_byte(),
                args.end_byte(),
                format!(".translate({})", ctx.text(table_arg)),
            ));
        }
        fixes.add(
            call,
            "`str.translate` takes no deletions argument in Python 3: they go into the table",
            splices,
        );
    }
}
