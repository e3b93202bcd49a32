//! Replace `types.StringType` and friends with the builtin types.
//!
//! ## What it does
//! `types.IntType` → `int`, `types.LongType` → `int`, `types.FloatType` → `float`,
//! `types.BooleanType` → `bool`, `types.ComplexType` → `complex`, `types.DictType` /
//! `types.DictionaryType` → `dict`, `types.ListType` → `list`, `types.TupleType` →
//! `tuple`, `types.UnicodeType` → `str`, `types.StringType` → `str` (or `bytes`, see
//! below), `types.StringTypes` → `(str,)`, `types.TypeType` / `types.ClassType` → `type`,
//! `types.ObjectType` → `object`, `types.SliceType` → `slice`, `types.BufferType` →
//! `memoryview`, `types.XRangeType` → `range`, `types.NoneType` → `type(None)`,
//! `types.EllipsisType` → `type(Ellipsis)`, `types.NotImplementedType` →
//! `type(NotImplemented)`. Also through `import types as t`.
//!
//! ## Why
//! Python 3 removed these aliases from the `types` module.
//!
//! ## Example
//! ```python
//! if type(value) is types.IntType:
//!     pass
//! ```
//! becomes
//! ```python
//! if type(value) is int:
//!     pass
//! ```
//!
//! ## Left alone
//! `from types import IntType` (reported for review), and the names that still exist in
//! Python 3 (`types.FunctionType`, `types.ModuleType`, …).
//!
//! ## Fix safety
//! Safe, except `StringType`: Python 2's `str` was bytes. 2to3 writes `bytes`; we follow
//! the `--py2-str` option (default `str`, for code where `str` held text).

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;

pub struct Types;

const MAPPING: &[(&str, &str)] = &[
    ("BooleanType", "bool"),
    ("BufferType", "memoryview"),
    ("ClassType", "type"),
    ("ComplexType", "complex"),
    ("DictType", "dict"),
    ("DictionaryType", "dict"),
    ("EllipsisType", "type(Ellipsis)"),
    ("FloatType", "float"),
    ("IntType", "int"),
    ("ListType", "list"),
    ("LongType", "int"),
    ("ObjectType", "object"),
    ("NoneType", "type(None)"),
    ("NotImplementedType", "type(NotImplemented)"),
    ("SliceType", "slice"),
    ("StringTypes", "(str,)"),
    ("TupleType", "tuple"),
    ("TypeType", "type"),
    ("UnicodeType", "str"),
    ("XRangeType", "range"),
];

impl Codemod for Types {
    fn id(&self) -> &str {
        "types"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // `types.XType` needs `import types` (or `import types as t`): a bare name.
        file.has_code_name("types")
    }

    fn kinds(&self) -> &[&'static str] {
        &["attribute"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some((object, attr)) = crate::syntax::attribute_parts(node) else {
            return;
        };
        let name = ctx.text(attr);
        if !name.ends_with("Type") && name != "StringTypes" {
            return;
        }
        let new = if name == "StringType" {
            if ctx.options.py2_str == "bytes" {
                "bytes"
            } else {
                "str"
            }
        } else {
            match MAPPING.iter().find(|(old, _)| *old == name) {
                Some((_, new)) => *new,
                None => return,
            }
        };
        if !ctx.imports().refers_to(object, ctx.text, &["types"]) {
            return;
        }
        fixes.replace(node, new, format!("types.{name} was removed in Python 3"));
    }
}

/// The Python 3 spelling of the `types` alias `name`, if it was removed.
pub fn builtin_for(name: &str, options: &crate::codemod::Options) -> Option<&'static str> {
    if name == "StringType" {
        return Some(if options.py2_str == "bytes" {
            "bytes"
        } else {
            "str"
        });
    }
    MAPPING
        .iter()
        .find(|(old, _)| *old == name)
        .map(|(_, new)| *new)
}
