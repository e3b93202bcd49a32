//! The built-in codemods and presets. One file per codemod; its `//!` doc comment is the
//! user-facing documentation (`pymig explain`, `docs/codemods/`).

use std::sync::Arc;

use crate::codemod::Codemod;

pub mod annotate;
pub mod apply;
pub mod base64_encodestring;
pub mod basestring;
pub mod buffer;
pub mod cgi_escape;
pub mod cmp;
pub mod collections_abc;
pub mod commands_to_subprocess;
pub mod common;
pub mod decode_literal;
pub mod dict_views;
pub mod div;
pub mod eq_hash;
pub mod except;
pub mod exception_message;
pub mod exec;
pub mod execfile;
pub mod exitfunc;
pub mod file_builtin;
pub mod funcattrs;
pub mod future;
pub mod generator_stop;
pub mod getslice;
pub mod idioms;
pub mod imp_to_importlib;
pub mod import;
pub mod imports;
pub mod imports2;
pub mod input;
pub mod inspect_getargspec;
pub mod invalid_escape;
pub mod isinstance;
pub mod itertools;
pub mod json_sort_keys;
pub mod lazy_map;
pub mod long;
pub mod metaclass;
pub mod methodattrs;
pub mod ne;
pub mod next;
pub mod nonzero;
pub mod numliterals;
pub mod open_mode_u;
pub mod operator;
pub mod paren;
pub mod print;
pub mod protocol;
pub mod raise;
pub mod reduce;
pub mod reload;
pub mod repair_errors;
pub mod repr;
pub mod rfc822;
pub mod set_literal;
pub mod string_module;
pub mod sys_exc;
pub mod tab_indent;
pub mod throw;
pub mod transform_codecs;
pub mod translate_deletechars;
pub mod tuple_params;
pub mod types;
pub mod unicode;
pub mod unicode_method;
pub mod urllib;
pub mod userdict;
pub mod version_guards;
pub mod ws_comma;
pub mod xrange;
pub mod xreadlines;

/// Every built-in codemod, in the order fixes are preferred when two conflict.
pub fn builtin() -> Vec<Arc<dyn Codemod>> {
    vec![
        Arc::new(json_sort_keys::JsonSortKeys),
        Arc::new(lazy_map::LazyMap),
        Arc::new(itertools::Itertools),
        Arc::new(dict_views::DictViews),
        Arc::new(xrange::Xrange),
        Arc::new(annotate::Annotate),
        // Python 2 → 3: syntax and builtins, in the order recommended for the py3 preset
        // (opt-in ones last).
        Arc::new(repair_errors::RepairErrors),
        Arc::new(tab_indent::TabIndent),
        Arc::new(version_guards::VersionGuards),
        Arc::new(print::Print),
        Arc::new(exec::Exec),
        Arc::new(except::Except),
        Arc::new(raise::Raise),
        Arc::new(ne::Ne),
        Arc::new(numliterals::Numliterals),
        Arc::new(repr::Repr),
        Arc::new(paren::Paren),
        Arc::new(tuple_params::TupleParams),
        Arc::new(metaclass::Metaclass),
        Arc::new(future::Future),
        Arc::new(unicode_method::UnicodeMethod),
        Arc::new(unicode::Unicode),
        Arc::new(decode_literal::DecodeLiteral),
        Arc::new(long::Long),
        Arc::new(basestring::Basestring),
        Arc::new(types::Types),
        Arc::new(isinstance::Isinstance),
        Arc::new(reload::Reload),
        Arc::new(reduce::Reduce),
        Arc::new(apply::Apply),
        Arc::new(execfile::Execfile),
        Arc::new(exitfunc::Exitfunc),
        Arc::new(funcattrs::Funcattrs),
        Arc::new(methodattrs::Methodattrs),
        Arc::new(nonzero::Nonzero),
        Arc::new(next::Next),
        Arc::new(sys_exc::SysExc),
        Arc::new(exception_message::ExceptionMessage),
        Arc::new(throw::Throw),
        Arc::new(operator::Operator),
        Arc::new(cmp::Cmp),
        Arc::new(eq_hash::EqHash),
        Arc::new(getslice::Getslice),
        Arc::new(div::Div),
        Arc::new(generator_stop::GeneratorStop),
        Arc::new(input::Input),
        Arc::new(buffer::Buffer),
        Arc::new(idioms::Idioms),
        Arc::new(set_literal::SetLiteral),
        Arc::new(ws_comma::WsComma),
        Arc::new(import::Import),
        Arc::new(imports::Imports),
        Arc::new(imports2::Imports2),
        Arc::new(urllib::Urllib),
        Arc::new(xreadlines::Xreadlines),
        Arc::new(invalid_escape::InvalidEscape),
        Arc::new(file_builtin::FileBuiltin),
        Arc::new(string_module::StringModule),
        Arc::new(translate_deletechars::TranslateDeletechars),
        Arc::new(commands_to_subprocess::CommandsToSubprocess),
        Arc::new(base64_encodestring::Base64Encodestring),
        Arc::new(transform_codecs::TransformCodecs),
        Arc::new(collections_abc::CollectionsAbc),
        Arc::new(inspect_getargspec::InspectGetargspec),
        Arc::new(open_mode_u::OpenModeU),
        Arc::new(imp_to_importlib::ImpToImportlib),
        Arc::new(rfc822::Rfc822),
        Arc::new(userdict::Userdict),
        Arc::new(cgi_escape::CgiEscape),
    ]
}

/// A named, ordered set of codemods (`--preset py3`).
pub struct Preset {
    pub name: &'static str,
    pub summary: &'static str,
    /// Codemods run by the preset, in order.
    pub codemods: &'static [&'static str],
    /// Codemods that belong to the preset's group but must be asked for explicitly.
    pub optional: &'static [&'static str],
}

pub static PRESETS: &[Preset] = &[Preset {
    name: "py3",
    summary: "Python 2 to Python 3: every 2to3 fixer that is on by default, and what 2to3 misses",
    // Repairs first (they make unparsable regions parse); `future` runs in the same pass
    // as `print`, `unicode` and `div`, which read the original `__future__` imports;
    // iteration codemods last, on names the renames above have settled.
    codemods: &[
        "repair-errors",
        "tab-indent",
        "version-guards",
        "print",
        "exec",
        "except",
        "raise",
        "ne",
        "numliterals",
        "repr",
        "paren",
        "tuple-params",
        "metaclass",
        "future",
        "unicode-method",
        "unicode",
        "decode-literal",
        "long",
        "basestring",
        "types",
        "isinstance",
        "raw-input",
        "standarderror",
        "intern",
        "reload",
        "reduce",
        "apply",
        "execfile",
        "exitfunc",
        "funcattrs",
        "methodattrs",
        "nonzero",
        "next",
        "asserts",
        "sys-exc",
        "exception-message",
        "throw",
        "operator",
        "cmp",
        "eq-hash",
        "getslice",
        "div",
        "generator-stop",
        "import",
        // Before `imports`: these rewrite an import by what the file uses of it, and must
        // win when the two conflict (see `module_renames::replace_import_item`).
        "urllib",
        "rfc822",
        "userdict",
        "cgi-escape",
        "imports",
        "imports2",
        "commands-to-subprocess",
        "imp-to-importlib",
        "renames",
        "getcwdu",
        "xreadlines",
        "file-builtin",
        "open-mode-u",
        "string-module",
        "translate-deletechars",
        "base64-encodestring",
        "transform-codecs",
        "collections-abc",
        "inspect-getargspec",
        "dict-views",
        "lazy-map",
        "itertools",
        "xrange",
        "invalid-escape",
    ],
    optional: &["input", "buffer", "idioms", "set-literal", "ws-comma"],
}];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}
