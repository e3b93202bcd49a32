//! The built-in codemods and presets. One file per codemod; its `//!` doc comment is the
//! user-facing documentation (`pymig explain`, `docs/codemods/`).

use std::sync::Arc;

use crate::codemod::Codemod;

pub mod annotate;
pub mod base64_encodestring;
pub mod collections_abc;
pub mod commands_to_subprocess;
pub mod dict_views;
pub mod file_builtin;
pub mod getcwdu;
pub mod imp_to_importlib;
pub mod import;
pub mod imports;
pub mod imports2;
pub mod inspect_getargspec;
pub mod itertools;
pub mod json_sort_keys;
pub mod lazy_map;
pub mod open_mode_u;
pub mod renames;
pub mod string_module;
pub mod urllib;
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
        Arc::new(import::Import),
        Arc::new(imports::Imports),
        Arc::new(imports2::Imports2),
        Arc::new(urllib::Urllib),
        Arc::new(renames::Renames),
        Arc::new(getcwdu::Getcwdu),
        Arc::new(xreadlines::Xreadlines),
        Arc::new(file_builtin::FileBuiltin),
        Arc::new(string_module::StringModule),
        Arc::new(commands_to_subprocess::CommandsToSubprocess),
        Arc::new(base64_encodestring::Base64Encodestring),
        Arc::new(collections_abc::CollectionsAbc),
        Arc::new(inspect_getargspec::InspectGetargspec),
        Arc::new(open_mode_u::OpenModeU),
        Arc::new(imp_to_importlib::ImpToImportlib),
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

pub static PRESETS: &[Preset] = &[];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}
