//! Analyses shared by several codemods (not codemods themselves).

pub mod from_import;
pub mod list_context;
pub mod references;
