//! The built-in codemods and presets. One file per codemod; its `//!` doc comment is the
//! user-facing documentation (`pymig explain`, `docs/codemods/`).

use std::sync::Arc;

use crate::codemod::Codemod;

pub mod annotate;
pub mod dict_views;
pub mod itertools;
pub mod json_sort_keys;
pub mod lazy_map;
pub mod xrange;

/// Every built-in codemod, in the order fixes are preferred when two conflict.
pub fn builtin() -> Vec<Arc<dyn Codemod>> {
    vec![
        Arc::new(json_sort_keys::JsonSortKeys),
        Arc::new(lazy_map::LazyMap),
        Arc::new(itertools::Itertools),
        Arc::new(dict_views::DictViews),
        Arc::new(xrange::Xrange),
        Arc::new(annotate::Annotate),
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
