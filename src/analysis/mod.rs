//! Analyses shared by several codemods (kept out of `src/codemods/`, which holds only codemods).

pub mod module_renames;
pub mod scope;
pub mod siblings;
