//! Shared analyses used by several codemods (not codemods themselves).

pub mod names;
pub mod tokens;
