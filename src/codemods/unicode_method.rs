//! Make a class's text form `__str__`: `__unicode__` → `__str__`, with its references.
//!
//! ## What it does
//! - A class that defines `__unicode__`: the method becomes `__str__`, and so does every
//!   reference to it — names in the class body (`__repr__ = __unicode__`), attributes
//!   (`self.__unicode__()`, `super(C, self).__unicode__()`, `Base.__unicode__(self)`,
//!   any `x.__unicode__`: the name says what it is).
//! - The Python 2 pair where `__str__` only encodes the text form —
//!   `return unicode(self).encode('utf-8')`, `return self.__unicode__().encode(...)`,
//!   `six.text_type(self).encode(...)` — becomes one text `__str__`: the encoding
//!   `__str__` goes, `__unicode__` takes its name. Where `__str__` returns other bytes
//!   (every `return` is an `.encode(...)` of something else), bytes were really meant:
//!   it becomes `__bytes__`.
//! - A Python 3 alias `__str__ = __unicode__` (also under a version guard such as
//!   `if sys.version_info > (3,):`) goes, and `__unicode__` becomes `__str__`; a Python
//!   2 alias `__unicode__ = __str__` goes.
//!
//! ## Why
//! Python 3 calls `__str__` for text and ignores `__unicode__`: without the rename
//! `str(obj)` falls back to the byte-returning method (`b"..."` in messages) or to
//! `object.__str__`. Renaming the method but not its references leaves a name that no
//! longer exists (`NameError` at import for an alias in the class body). 2to3 does none
//! of this.
//!
//! ## Example
//! ```python
//! class Tag(object):
//!     def __unicode__(self):
//!         return self.name
//!
//!     def __str__(self):
//!         return unicode(self).encode('utf-8')
//! ```
//! becomes
//! ```python
//! class Tag(object):
//!     def __str__(self):
//!         return self.name
//! ```
//!
//! ## Left alone
//! Classes with both methods where `__str__` neither encodes the text form nor clearly
//! returns bytes, classes that also define `__bytes__`, and `__unicode__` bound twice:
//! all reported for review. `getattr(x, '__unicode__')` is reported (a string a rename
//! cannot follow).
//!
//! ## Fix safety
//! Safe: on Python 3, `str(obj)`, `'%s' % obj` and `format(obj)` give the text
//! `__unicode__` gave on Python 2.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::codemods::common::delete_statement;
use crate::codemods::protocol::{self, Extra, Outcome, Rename};
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::semantics::classes::Member;
use crate::syntax::KindName;

pub struct UnicodeMethod;

const RENAME: Rename<'static> = Rename {
    old: "__unicode__",
    new: "__str__",
    reason: "Python 3 calls `__str__` for text, never `__unicode__`",
};

impl Codemod for UnicodeMethod {
    fn id(&self) -> &str {
        "unicode-method"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // A `def __unicode__`, a class-level `__unicode__ = ...` or an `x.__unicode__` use.
        file.has_code_word("__unicode__")
    }

    fn kinds(&self) -> &[&'static str] {
        &["class_definition", "attribute"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if node.kind_name() == "attribute" {
            if !ctx.runs_on(node).py3_only() {
                protocol::rename_dunder_attribute(node, &RENAME, ctx, fixes);
            }
            return;
        }
        if ctx.runs_on(node).py3_only() {
            return;
        }
        match protocol::rename_method(node, &RENAME, ctx, fixes, Extra::default()) {
            Outcome::Absent | Outcome::Done => {}
            Outcome::Taken(strs) => text_pair(node, &strs, ctx, fixes),
        }
    }
}

/// The class defines both `__unicode__` and `__str__`.
fn text_pair<'t>(class: Node<'t>, strs: &[Member<'t>], ctx: &Context<'t>, fixes: &mut Fixes) {
    let [str_member] = strs else {
        fixes.review(
            class,
            "`__str__` is bound more than once in the class; merge it with `__unicode__` by hand",
        );
        return;
    };
    let Some(str_def) = str_member.function() else {
        fixes.review(
            str_member.statement,
            "the class binds `__str__` by assignment and defines `__unicode__`; merge them by hand",
        );
        return;
    };
    if encodes_text_form(str_def, ctx) {
        let extra = Extra {
            splices: vec![delete_statement(str_member.statement, ctx.text)],
            handled: vec![str_member.statement],
        };
        protocol::rename_method(class, &RENAME, ctx, fixes, extra);
        return;
    }
    if ctx.semantics().members(class).binds("__bytes__") {
        fixes.review(
            class,
            "the class defines __unicode__, __str__ and __bytes__; merge them by hand",
        );
        return;
    }
    if !returns_encoded(str_def, ctx) {
        fixes.review(
            str_def,
            "the class defines __unicode__ and a __str__ that does not clearly return bytes; merge them by hand",
        );
        return;
    }
    let bytes = Splice::new(
        str_member.name.start_byte(),
        str_member.name.end_byte(),
        "__bytes__",
    );
    let extra = Extra {
        splices: vec![bytes],
        handled: vec![str_member.statement],
    };
    protocol::rename_method(class, &RENAME, ctx, fixes, extra);
}

/// The `return` statements of a function (not of nested functions).
fn returns<'t>(def: Node<'t>) -> Vec<Node<'t>> {
    let mut found = Vec::new();
    let Some(body) = def.child_by_field_id(crate::field!("body").get()) else {
        return found;
    };
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        match n.kind_name() {
            "return_statement" => found.push(n),
            "function_definition" | "class_definition" | "lambda" => continue,
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    found
}

/// The object of an `.encode(...)` call returned by a `return` statement.
fn encoded<'t>(ret: Node<'t>, ctx: &Context<'t>) -> Option<Node<'t>> {
    let value = ret.named_child(0)?;
    if value.kind_name() != "call" {
        return None;
    }
    let function = value.child_by_field_id(crate::field!("function").get())?;
    let (object, attr) = crate::syntax::attribute_parts(function)?;
    (ctx.text(attr) == "encode").then_some(object)
}

/// Every `return` returns an `.encode(...)` call (and there is one).
fn returns_encoded<'t>(def: Node<'t>, ctx: &Context<'t>) -> bool {
    let found = returns(def);
    !found.is_empty() && found.iter().all(|r| encoded(*r, ctx).is_some())
}

/// `__str__` only encodes the text form of `self`: its body is one `return` of
/// `unicode(self).encode(...)`, `self.__unicode__().encode(...)`, or the same through
/// `six.text_type` / `force_unicode` / `smart_unicode` / `str`.
fn encodes_text_form<'t>(def: Node<'t>, ctx: &Context<'t>) -> bool {
    let Some(body) = def.child_by_field_id(crate::field!("body").get()) else {
        return false;
    };
    let mut cursor = body.walk();
    let statements: Vec<Node<'t>> = body
        .named_children(&mut cursor)
        .filter(|s| s.kind_name() != "comment" && !is_docstring(*s))
        .collect();
    let [ret] = statements.as_slice() else {
        return false;
    };
    if ret.kind_name() != "return_statement" {
        return false;
    }
    let self_name = crate::semantics::classes::first_parameter(def).map(|p| ctx.text(p));
    let Some(object) = encoded(*ret, ctx) else {
        return false;
    };
    if object.kind_name() != "call" {
        return false;
    }
    let (Some(function), Some(args)) = (
        object.child_by_field_id(crate::field!("function").get()),
        object.child_by_field_id(crate::field!("arguments").get()),
    ) else {
        return false;
    };
    let arguments = crate::syntax::arguments(args);
    let function_text = ctx.text(function);
    let converter = matches!(
        function_text.rsplit('.').next().unwrap_or(""),
        "unicode" | "text_type" | "force_unicode" | "smart_unicode" | "force_text" | "str"
    );
    let self_arg = arguments.len() == 1 && self_name == Some(ctx.text(arguments[0]));
    // `self.__unicode__()`
    let own_method = arguments.is_empty()
        && self_name.is_some_and(|s| function_text == format!("{s}.__unicode__"));
    (converter && self_arg) || own_method
}

fn is_docstring(stmt: Node<'_>) -> bool {
    stmt.kind_name() == "expression_statement"
        && stmt
            .named_child(0)
            .is_some_and(|s| s.kind_name() == "string")
}
