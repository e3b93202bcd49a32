//! Documentation of built-in codemods, taken at build time from each codemod file's
//! module doc comment (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/codemod_docs.rs"));

/// The full Markdown documentation of a built-in codemod ("" if it has none).
pub fn docs(id: &str) -> &'static str {
    DOCS.iter()
        .find(|(name, _)| *name == id)
        .map(|(_, doc)| *doc)
        .unwrap_or("")
}

/// The first line of a codemod's documentation.
pub fn summary(id: &str) -> &'static str {
    docs(id).lines().next().unwrap_or("").trim()
}
