//! The TOML shape of rule files (deserialised as-is; [`super::load`] checks and compiles it).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// A file holding several codemods as `[[codemod]]` entries.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MultiSpec {
    pub codemod: Vec<Spanned<CodemodSpec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CodemodSpec {
    pub id: Spanned<String>,
    pub summary: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub safety: SafetySpec,
    /// Options users may set in `[tool.pymig.<id>]`, with their defaults.
    #[serde(default)]
    pub options: BTreeMap<String, toml::Value>,
    #[serde(default)]
    pub pattern: Vec<Spanned<PatternSpec>>,
    #[serde(default)]
    pub test: Vec<Spanned<TestSpec>>,
}

#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SafetySpec {
    #[default]
    Safe,
    Review,
}

/// One query and what to do with its matches.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PatternSpec {
    pub query: Spanned<String>,
    #[serde(default, rename = "where")]
    pub constraints: Vec<Spanned<WhereSpec>>,
    /// The capture the action applies to (default: the query's first capture).
    pub target: Option<Spanned<String>>,
    /// Replace the target with this template.
    pub replace: Option<Spanned<String>>,
    /// Add this template as the last argument of the target `argument_list`.
    pub append_argument: Option<Spanned<String>>,
    /// Leave the code alone and ask for review with this message.
    pub review: Option<Spanned<String>>,
    /// Leave the code alone and record this informational message.
    pub note: Option<Spanned<String>>,
    /// Why the rewrite is needed (shown in reports); default: the codemod's summary.
    pub reason: Option<Spanned<String>>,
    /// Import statements the rewrite needs (`import six`, `from os import path`).
    #[serde(default)]
    pub add_import: Vec<Spanned<String>>,
    /// A lookup table for `${map:CAPTURE}`: captured text → replacement text.
    #[serde(default)]
    pub map: BTreeMap<String, String>,
}

/// A list of strings, or `"${option.NAME}"` naming an option that holds the list.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ListSpec {
    List(Vec<String>),
    Option(String),
}

/// A condition on one capture; every given field must hold.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WhereSpec {
    pub capture: String,
    /// The captured text is one of these.
    pub equals: Option<ListSpec>,
    pub not_equals: Option<ListSpec>,
    /// The captured text matches this regex (named groups become `${NAME}` in templates).
    pub regex: Option<String>,
    pub not_regex: Option<String>,
    /// The node's kind is one of these.
    pub kind: Option<Vec<String>>,
    pub not_kind: Option<Vec<String>>,
    /// A query pattern that must (not) match at the node itself.
    pub is: Option<String>,
    pub is_not: Option<String>,
    /// Node kinds or query patterns (starting with `(` or `[`) an ancestor must (not) be.
    pub inside: Option<Vec<String>>,
    pub not_inside: Option<Vec<String>>,
    /// The expression names one of these through the file's imports (`json.dumps`,
    /// `binascii.*`).
    pub callee: Option<ListSpec>,
    /// The expression (or the callee of a call) does not name one of these.
    pub not_callee: Option<ListSpec>,
    /// The value comes from one of these sources: `name()` a call, `name[]` a subscript,
    /// directly or through a variable assigned in the same scope.
    pub value_from: Option<ListSpec>,
    /// Calls passing one of these keywords are not sources (`text=True`).
    #[serde(default)]
    pub value_from_unless_keyword: Vec<String>,
    /// The identifier is a reference to the builtin of that name (not shadowed).
    pub builtin: Option<bool>,
    /// The identifier is (not) a reference: not an attribute name, keyword, parameter,
    /// definition name or import name.
    pub reference: Option<bool>,
    /// For an `argument_list`: none of these keywords is passed.
    pub lacks_keyword: Option<Vec<String>>,
    /// For an `argument_list`: at most this many positional arguments.
    pub max_positional: Option<usize>,
    /// For an `argument_list`: whether it has `*args` / `**kwargs`.
    pub splat: Option<bool>,
}

/// An example that doubles as a test: `before` becomes `after` (or stays unchanged).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TestSpec {
    pub name: Option<String>,
    pub before: String,
    pub after: Option<String>,
    /// Must stay unchanged (the same as giving no `after`).
    #[serde(default)]
    pub unchanged: bool,
    /// Option values for this example (`{ protocol = 4 }`).
    #[serde(default)]
    pub options: BTreeMap<String, toml::Value>,
    /// Show this example in `pymig explain`.
    #[serde(default)]
    pub example: bool,
    /// The expected output is valid Python 3 (checked with python3 when available).
    pub compile: Option<bool>,
}
