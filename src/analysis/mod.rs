//! Analyses shared by codemods (helpers that are not codemods themselves).

pub mod doc_types;
pub mod stubs;
pub mod type_expr;
