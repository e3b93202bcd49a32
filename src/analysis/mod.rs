//! Analyses shared by several codemods (not codemods themselves).

pub mod doc_types;
pub mod from_import;
pub mod list_context;
pub mod members;
pub mod module_members;
pub mod module_renames;
pub mod siblings;
pub mod stubs;
pub mod tokens;
pub mod type_expr;
