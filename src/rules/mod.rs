//! Declarative codemods: TOML rule files holding a tree-sitter query, constraints on its
//! captures, and a rewrite template — with their own examples, run by
//! `pymig test-codemods`.
//!
//! Built-in rule files (`codemods/*.toml`) are embedded in the binary; users add their own
//! with `--codemods-dir DIR` or `codemods-dir` in the configuration. The format is
//! documented in `docs/rules.md`.

mod matcher;
pub mod spec;
pub mod template;
pub mod testing;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use regex::Regex;
use tree_sitter::Query;

use crate::codemod::{Codemod, Safety};
use crate::parse;
use crate::registry::Registry;
use spec::{CodemodSpec, ListSpec, MultiSpec, PatternSpec, SafetySpec, TestSpec, WhereSpec};
use template::{Mode, Names, Template};

include!(concat!(env!("OUT_DIR"), "/rule_files.rs"));

/// A problem in a rule file, located at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for RuleError {}

/// A codemod defined by a rule file.
pub struct RuleCodemod {
    id: String,
    summary: String,
    description: String,
    safety: Safety,
    /// Declared options with their defaults.
    pub options: BTreeMap<String, toml::Value>,
    patterns: Vec<matcher::Pattern>,
    /// The queries of all patterns compiled as one: compiling costs about the same
    /// whatever the number of patterns (tree-sitter analyses the grammar's whole parse
    /// table each time), and one pass over a tree finds the matches of all of them.
    query: Query,
    /// Index of the query's pattern → index into `patterns` (a `[[pattern]]`'s query
    /// may hold several tree-sitter patterns).
    pattern_of: Vec<usize>,
    /// The examples, runnable as tests.
    pub tests: Vec<RuleTest>,
    /// A file must contain one of these words for any pattern to match (a fast skip).
    needles: Option<Vec<String>>,
    /// The needles can only be met in code (see [`matcher::Pattern::needles`]).
    needles_in_code: bool,
    /// Where the rule was defined.
    pub file: String,
    pub line: usize,
}

/// One `[[test]]` example of a rule.
#[derive(Debug, Clone)]
pub struct RuleTest {
    pub name: Option<String>,
    pub line: usize,
    pub before: String,
    /// `None`: must stay unchanged.
    pub after: Option<String>,
    pub options: BTreeMap<String, toml::Value>,
    pub example: bool,
    pub compile: bool,
}

impl Codemod for RuleCodemod {
    fn id(&self) -> &str {
        &self.id
    }

    fn summary(&self) -> String {
        self.summary.clone()
    }

    fn docs(&self) -> String {
        let mut docs = format!("{}\n\n{}", self.summary, self.description.trim());
        let shown: Vec<&RuleTest> = self.tests.iter().filter(|t| t.example).collect();
        if !shown.is_empty() {
            docs.push_str(if shown.len() == 1 {
                "\n\n## Example\n"
            } else {
                "\n\n## Examples\n"
            });
            for test in shown {
                let before = test.before.trim_end();
                match &test.after {
                    Some(after) => docs.push_str(&format!(
                        "\n```python\n{before}\n```\nbecomes\n```python\n{}\n```\n",
                        after.trim_end()
                    )),
                    None => {
                        docs.push_str(&format!("\nLeft unchanged:\n```python\n{before}\n```\n"))
                    }
                }
            }
        }
        let options = self.options_doc();
        if !options.is_empty() {
            docs.truncate(docs.trim_end().len());
            docs.push_str(&options);
        }
        docs.trim_end().to_string()
    }

    fn safety(&self) -> Safety {
        self.safety
    }

    fn option_defaults(&self) -> Vec<(String, toml::Value)> {
        self.options
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    fn check_setting(&self, key: &str, value: &toml::Value) -> Result<(), String> {
        self.check_option(key, value)
    }

    fn applies_to(&self, file: &crate::prefilter::FileText<'_>) -> bool {
        let Some(needles) = &self.needles else {
            return true;
        };
        // The needles assume default options.
        let configured = file
            .options()
            .settings
            .get(&self.id)
            .is_some_and(|s| !s.is_empty());
        configured
            || needles.iter().any(|needle| {
                if needle
                    .bytes()
                    .all(|b| b == b'_' || b.is_ascii_alphanumeric())
                {
                    if self.needles_in_code {
                        file.has_code_word(needle)
                    } else {
                        file.has_word(needle)
                    }
                } else {
                    file.text().contains(needle.as_str())
                }
            })
    }

    fn check_file(&self, ctx: &crate::codemod::Context<'_>, fixes: &mut crate::codemod::Fixes) {
        matcher::check_file(self, ctx, fixes);
    }
}

impl RuleCodemod {
    /// The value of an option for a run: configuration first, then the rule's default.
    fn option<'a>(
        &'a self,
        options: &'a crate::codemod::Options,
        name: &str,
    ) -> Option<&'a toml::Value> {
        let default = self.options.get(name)?;
        match options.setting(&self.id, name) {
            Some(value) if same_type(value, default) => Some(value),
            _ => Some(default),
        }
    }

    fn options_doc(&self) -> String {
        if self.options.is_empty() {
            return String::new();
        }
        let mut out = format!("\n\n## Options\nSet in `[tool.pymig.{}]`:\n", self.id);
        for (name, value) in &self.options {
            out.push_str(&format!("- `{name}` (default `{}`)\n", render_value(value)));
        }
        out
    }

    /// Check a configured option value against the declared default's type.
    pub fn check_option(&self, name: &str, value: &toml::Value) -> Result<(), String> {
        match self.options.get(name) {
            None => {
                let known: Vec<&str> = self.options.keys().map(String::as_str).collect();
                Err(format!(
                    "codemod {} has no option {name:?} (options: {})",
                    self.id,
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ))
            }
            Some(default) if !same_type(value, default) => Err(format!(
                "must be of type {} (like the default, {}), not {}",
                default.type_str(),
                render_value(default),
                render_value(value)
            )),
            Some(_) => Ok(()),
        }
    }
}

fn same_type(a: &toml::Value, b: &toml::Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

fn render_value(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

/// The built-in rule codemods, embedded from `codemods/*.toml`, each compiled on first use.
pub fn builtin() -> Vec<Arc<dyn Codemod>> {
    let mut out: Vec<Arc<dyn Codemod>> = Vec::new();
    for (file, text) in RULE_FILES {
        for id in codemod_ids(text) {
            out.push(Arc::new(LazyRule {
                id,
                file,
                text,
                rule: OnceLock::new(),
            }));
        }
    }
    out
}

/// The ids a rule file defines, read without compiling anything.
fn codemod_ids(text: &str) -> Vec<String> {
    let Ok(table) = toml::from_str::<toml::Table>(text) else {
        return Vec::new();
    };
    let id = |t: &toml::Table| t.get("id").and_then(|v| v.as_str()).map(str::to_string);
    match table.get("codemod").and_then(|c| c.as_array()) {
        Some(codemods) => codemods
            .iter()
            .filter_map(|c| c.as_table().and_then(id))
            .collect(),
        None => id(&table).into_iter().collect(),
    }
}

/// A built-in rule whose queries are compiled the first time it is used. Compiling
/// tree-sitter queries was most of the start-up time, and most runs use few rules.
struct LazyRule {
    id: String,
    file: &'static str,
    text: &'static str,
    rule: OnceLock<Option<RuleCodemod>>,
}

impl LazyRule {
    /// The compiled rule. The project's tests compile every built-in file, so `None` (a
    /// build defect) only makes the rule do nothing rather than take the tool down.
    fn rule(&self) -> Option<&RuleCodemod> {
        self.rule
            .get_or_init(|| {
                load_str(self.file, self.text)
                    .ok()?
                    .into_iter()
                    .find(|r| r.id == self.id)
            })
            .as_ref()
    }
}

impl Codemod for LazyRule {
    fn id(&self) -> &str {
        &self.id
    }

    fn summary(&self) -> String {
        self.rule().map(|r| r.summary()).unwrap_or_default()
    }

    fn docs(&self) -> String {
        self.rule().map(|r| r.docs()).unwrap_or_default()
    }

    fn safety(&self) -> Safety {
        self.rule().map_or(Safety::Review, |r| r.safety())
    }

    fn applies_to(&self, file: &crate::prefilter::FileText<'_>) -> bool {
        self.rule().is_some_and(|r| r.applies_to(file))
    }

    fn prepare(&self) {
        let _ = self.rule();
    }

    fn check_file(&self, ctx: &crate::codemod::Context<'_>, fixes: &mut crate::codemod::Fixes) {
        if let Some(rule) = self.rule() {
            rule.check_file(ctx, fixes);
        }
    }

    fn option_defaults(&self) -> Vec<(String, toml::Value)> {
        self.rule().map(|r| r.option_defaults()).unwrap_or_default()
    }

    fn check_setting(&self, key: &str, value: &toml::Value) -> Result<(), String> {
        match self.rule() {
            Some(rule) => rule.check_setting(key, value),
            None => Err(format!("codemod {} failed to load", self.id)),
        }
    }
}

/// The built-in rule files, parsed (errors included), for `pymig test-codemods`.
pub fn builtin_rules() -> Result<Vec<RuleCodemod>, RuleError> {
    let mut out = Vec::new();
    for (file, text) in RULE_FILES {
        out.extend(load_str(file, text)?);
    }
    Ok(out)
}

/// Every `*.toml` rule file in `dir` (not recursive), or a single file.
pub fn load_path(path: &Path) -> Result<Vec<RuleCodemod>, RuleError> {
    let at = |message: String| RuleError {
        file: path.display().to_string(),
        line: 0,
        message,
    };
    if path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|e| at(format!("cannot read: {e}")))?;
        return load_str(&path.display().to_string(), &text);
    }
    let entries =
        std::fs::read_dir(path).map_err(|e| at(format!("cannot read rule directory: {e}")))?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        out.extend(load_path(&file)?);
    }
    Ok(out)
}

/// Built-in codemods plus the rule codemods of `dirs`; a rule with a built-in's id
/// replaces it. Any broken rule file is an error.
pub fn registry_with(dirs: &[PathBuf]) -> Result<Registry, RuleError> {
    let mut registry = Registry::builtin();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for dir in dirs {
        let rules = load_path(dir)?;
        let mut more: Vec<Arc<dyn Codemod>> = Vec::new();
        for rule in rules {
            if let Some(first) = seen.get(&rule.id) {
                return Err(RuleError {
                    file: rule.file.clone(),
                    line: rule.line,
                    message: format!("codemod {:?} is already defined in {first}", rule.id),
                });
            }
            seen.insert(rule.id.clone(), format!("{}:{}", rule.file, rule.line));
            more.push(Arc::new(rule));
        }
        registry.extend(more);
    }
    Ok(registry)
}

/// Parse and compile the codemods of one rule file.
pub fn load_str(file: &str, text: &str) -> Result<Vec<RuleCodemod>, RuleError> {
    let lines = LineIndex::new(text);
    let toml_error = |e: toml::de::Error| RuleError {
        file: file.to_string(),
        line: e.span().map(|s| lines.line(s.start)).unwrap_or(1),
        message: e.message().trim().to_string(),
    };
    let table: toml::Table = toml::from_str(text).map_err(toml_error)?;
    let specs: Vec<(CodemodSpec, usize)> = if table.contains_key("codemod") {
        let multi: MultiSpec = toml::from_str(text).map_err(toml_error)?;
        multi
            .codemod
            .into_iter()
            .map(|c| {
                let line = lines.line(c.span().start);
                (c.into_inner(), line)
            })
            .collect()
    } else {
        vec![(toml::from_str::<CodemodSpec>(text).map_err(toml_error)?, 1)]
    };
    let loader = Loader {
        file,
        text,
        lines: &lines,
    };
    let mut out: Vec<RuleCodemod> = Vec::new();
    for (spec, line) in specs {
        let rule = loader.codemod(spec, line)?;
        if out.iter().any(|r| r.id == rule.id) {
            return Err(loader.error(
                rule.line,
                format!("codemod {:?} is defined twice in this file", rule.id),
            ));
        }
        out.push(rule);
    }
    Ok(out)
}

/// Byte offset → 1-based line.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

struct Loader<'a> {
    file: &'a str,
    text: &'a str,
    lines: &'a LineIndex,
}

impl Loader<'_> {
    fn error(&self, line: usize, message: impl Into<String>) -> RuleError {
        RuleError {
            file: self.file.to_string(),
            line,
            message: message.into(),
        }
    }

    fn line_of(&self, span: std::ops::Range<usize>) -> usize {
        self.lines.line(span.start)
    }

    /// The line where the content of a string value starts (TOML drops the newline that
    /// follows an opening `'''` / `"""`).
    fn content_line(&self, span: std::ops::Range<usize>) -> usize {
        let raw = self.text.get(span.clone()).unwrap_or("");
        let line = self.lines.line(span.start);
        let triple = raw.starts_with("'''") || raw.starts_with("\"\"\"");
        if triple && (raw[3..].starts_with('\n') || raw[3..].starts_with("\r\n")) {
            line + 1
        } else {
            line
        }
    }

    fn codemod(&self, spec: CodemodSpec, line: usize) -> Result<RuleCodemod, RuleError> {
        let id_line = self.line_of(spec.id.span());
        let id = spec.id.into_inner();
        static ID: std::sync::LazyLock<Option<Regex>> =
            std::sync::LazyLock::new(|| Regex::new("^[a-z][a-z0-9]*(-[a-z0-9]+)*$").ok());
        if !ID.as_ref().is_some_and(|re| re.is_match(&id)) {
            return Err(self.error(
                id_line,
                format!("codemod id {id:?} must be kebab-case (`pickle-protocol`)"),
            ));
        }
        if spec.summary.trim().is_empty() || spec.summary.contains('\n') {
            return Err(self.error(
                line,
                format!("codemod {id}: `summary` must be one non-empty line"),
            ));
        }
        if spec.pattern.is_empty() {
            return Err(self.error(line, format!("codemod {id} has no [[pattern]]")));
        }
        for (name, value) in &spec.options {
            if matches!(value, toml::Value::Table(_) | toml::Value::Datetime(_)) {
                return Err(self.error(
                    line,
                    format!(
                        "option {name:?}: only strings, numbers, booleans and lists are supported"
                    ),
                ));
            }
        }
        let option_names: Vec<String> = spec.options.keys().cloned().collect();
        let (query, pattern_of) = self.shared_query(&spec.pattern)?;
        let capture_names: Arc<[String]> = query
            .capture_names()
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut patterns = Vec::new();
        for (index, pattern) in spec.pattern.into_iter().enumerate() {
            let pattern_line = self.line_of(pattern.span());
            let own: Vec<usize> = (0..pattern_of.len())
                .filter(|&p| pattern_of[p] == index)
                .collect();
            patterns.push(self.pattern(
                pattern.into_inner(),
                pattern_line,
                &option_names,
                &spec.options,
                (&query, &own, &capture_names),
            )?);
        }
        let tests = spec
            .test
            .into_iter()
            .map(|t| self.test(t))
            .collect::<Result<Vec<_>, _>>()?;
        for test in &tests {
            for (name, value) in &test.options {
                match spec.options.get(name) {
                    Some(default) if same_type(default, value) => {}
                    Some(_) => {
                        return Err(self.error(
                            test.line,
                            format!("test option {name:?} has the wrong type"),
                        ))
                    }
                    None => {
                        return Err(
                            self.error(test.line, format!("test sets unknown option {name:?}"))
                        )
                    }
                }
            }
        }
        let (needles, needles_in_code) = match needles(&patterns, &spec.options) {
            Some((words, code)) => (Some(words), code),
            None => (None, false),
        };
        Ok(RuleCodemod {
            id,
            summary: spec.summary.trim().to_string(),
            description: spec.description,
            safety: match spec.safety {
                SafetySpec::Safe => Safety::Safe,
                SafetySpec::Review => Safety::Review,
            },
            options: spec.options,
            patterns,
            query,
            pattern_of,
            tests,
            needles,
            needles_in_code,
            file: self.file.to_string(),
            line,
        })
    }

    fn test(&self, spec: toml::Spanned<TestSpec>) -> Result<RuleTest, RuleError> {
        let line = self.line_of(spec.span());
        let spec = spec.into_inner();
        if spec.unchanged && spec.after.is_some() {
            return Err(self.error(line, "a test has both `after` and `unchanged = true`"));
        }
        Ok(RuleTest {
            name: spec.name,
            line,
            before: spec.before,
            after: spec.after,
            options: spec.options,
            example: spec.example,
            compile: spec.compile.unwrap_or(true),
        })
    }

    /// The queries of `patterns` compiled as one, and for each of its tree-sitter patterns
    /// the index of the `[[pattern]]` it comes from.
    fn shared_query(
        &self,
        patterns: &[toml::Spanned<PatternSpec>],
    ) -> Result<(Query, Vec<usize>), RuleError> {
        let mut source = String::new();
        let mut starts = Vec::new();
        for pattern in patterns {
            starts.push(source.len());
            source.push_str(pattern.get_ref().query.get_ref());
            source.push('\n');
        }
        let query = match Query::new(&parse::language(), &source) {
            Ok(query) => query,
            Err(combined) => {
                // Compiled alone, the faulty pattern gives the error with its own line.
                for pattern in patterns {
                    let query = &pattern.get_ref().query;
                    if let Err(e) = Query::new(&parse::language(), query.get_ref()) {
                        return Err(self.error(
                            self.content_line(query.span()) + e.row,
                            format!("bad query ({:?} error): {}", e.kind, e.message.trim()),
                        ));
                    }
                }
                let line = patterns.first().map_or(1, |p| self.line_of(p.span()));
                return Err(self.error(
                    line,
                    format!(
                        "bad queries ({:?} error): {}",
                        combined.kind,
                        combined.message.trim()
                    ),
                ));
            }
        };
        let pattern_of = (0..query.pattern_count())
            .map(|p| {
                let at = query.start_byte_for_pattern(p);
                starts
                    .partition_point(|&start| start <= at)
                    .saturating_sub(1)
            })
            .collect();
        Ok((query, pattern_of))
    }

    /// `shared` is the rule's query, the indexes of this pattern's tree-sitter patterns in
    /// it, and the query's capture names.
    fn pattern(
        &self,
        spec: PatternSpec,
        line: usize,
        option_names: &[String],
        option_defaults: &BTreeMap<String, toml::Value>,
        shared: (&Query, &[usize], &Arc<[String]>),
    ) -> Result<matcher::Pattern, RuleError> {
        let (query, own, capture_names) = shared;
        let query_source = spec.query.into_inner();
        // Capture indexes are shared by all patterns of the query; this pattern may only
        // name its own.
        let is_own = |capture: usize| {
            own.iter().any(|&p| {
                query
                    .capture_quantifiers(p)
                    .get(capture)
                    .is_some_and(|&q| q != tree_sitter::CaptureQuantifier::Zero)
            })
        };
        let captures: Vec<&str> = query
            .capture_names()
            .iter()
            .enumerate()
            .filter(|&(index, _)| is_own(index))
            .map(|(_, &name)| name)
            .collect();
        if captures.is_empty() {
            return Err(self.error(line, "the query captures nothing (name nodes with @NAME)"));
        }
        let capture_index = |name: &str, at: usize| -> Result<u32, RuleError> {
            let own_index = query
                .capture_index_for_name(name)
                .filter(|&index| is_own(index as usize));
            own_index.ok_or_else(|| {
                self.error(
                    at,
                    format!(
                        "unknown capture @{name} (the query captures: @{})",
                        captures.join(", @")
                    ),
                )
            })
        };
        // Constraints.
        let mut constraints = Vec::new();
        let mut groups: Vec<String> = Vec::new();
        for constraint in spec.constraints {
            let at = self.line_of(constraint.span());
            let constraint = constraint.into_inner();
            let capture = capture_index(&constraint.capture, at)?;
            let checks = self.checks(constraint, at, option_names, option_defaults, &mut groups)?;
            constraints.push(matcher::Constraint { capture, checks });
        }
        // Target and action.
        let target_name = match &spec.target {
            Some(t) => t.get_ref().clone(),
            None => captures[0].to_string(),
        };
        let target_line = spec
            .target
            .as_ref()
            .map(|t| self.line_of(t.span()))
            .unwrap_or(line);
        let target = capture_index(&target_name, target_line)?;
        let names = Names {
            captures: &captures,
            options: option_names,
            groups: &groups,
            has_map: !spec.map.is_empty(),
        };
        let template = |source: toml::Spanned<String>, mode: Mode| -> Result<Template, RuleError> {
            let at = self.line_of(source.span());
            Template::parse(source.get_ref(), mode, &names).map_err(|e| self.error(at, e))
        };
        let mut actions = Vec::new();
        if let Some(t) = spec.replace {
            actions.push(matcher::Action::Replace(template(t, Mode::Expression)?));
        }
        if let Some(t) = spec.append_argument {
            actions.push(matcher::Action::AppendArgument(template(
                t,
                Mode::Argument,
            )?));
        }
        if let Some(t) = spec.review {
            actions.push(matcher::Action::Review(template(t, Mode::Message)?));
        }
        if let Some(t) = spec.note {
            actions.push(matcher::Action::Note(template(t, Mode::Message)?));
        }
        if actions.len() != 1 {
            return Err(self.error(
                line,
                "a pattern needs exactly one of `replace`, `append-argument`, `review`, `note`",
            ));
        }
        let action = actions.remove(0);
        let reason = spec
            .reason
            .map(|r| template(r, Mode::Message))
            .transpose()?;
        let mut imports = Vec::new();
        for statement in spec.add_import {
            let at = self.line_of(statement.span());
            imports.push(
                matcher::ImportSpec::parse(statement.get_ref()).ok_or_else(|| {
                    self.error(
                        at,
                        format!(
                            "add-import takes `import mod` or `from mod import name`, not {:?}",
                            statement.get_ref()
                        ),
                    )
                })?,
            );
        }
        let quantified: Vec<bool> = (0..query.capture_names().len())
            .map(|i| {
                own.iter().any(|&p| {
                    matches!(
                        query.capture_quantifiers(p).get(i),
                        Some(
                            tree_sitter::CaptureQuantifier::ZeroOrMore
                                | tree_sitter::CaptureQuantifier::OneOrMore
                        )
                    )
                })
            })
            .collect();
        let predicate_needles = if own.len() == 1 {
            predicate_literals(&query_source).and_then(|(capture, words)| {
                let index = query.capture_index_for_name(&capture)?;
                Some((index, words))
            })
        } else {
            None
        };
        let identifier_captures = query
            .capture_names()
            .iter()
            .map(|name| only_identifier(&query_source, name))
            .collect();
        Ok(matcher::Pattern {
            capture_names: Arc::clone(capture_names),
            quantified,
            constraints,
            target,
            action,
            reason,
            imports,
            map: spec.map,
            predicate_needles,
            identifier_captures,
        })
    }

    fn checks(
        &self,
        spec: WhereSpec,
        at: usize,
        option_names: &[String],
        option_defaults: &BTreeMap<String, toml::Value>,
        groups: &mut Vec<String>,
    ) -> Result<Vec<matcher::Check>, RuleError> {
        use matcher::Check;
        let list = |spec: ListSpec, field: &str| -> Result<matcher::List, RuleError> {
            match spec {
                ListSpec::List(items) => Ok(matcher::List::Literal(items)),
                ListSpec::Option(reference) => {
                    let name = reference
                        .strip_prefix("${option.")
                        .and_then(|r| r.strip_suffix('}'))
                        .ok_or_else(|| self.error(at, format!("`{field}` takes a list of strings or \"${{option.NAME}}\", not {reference:?}")))?;
                    if !option_names.iter().any(|o| o == name) {
                        return Err(
                            self.error(at, format!("`{field}` names unknown option {name:?}"))
                        );
                    }
                    let is_list = match option_defaults.get(name) {
                        Some(toml::Value::Array(items)) => items.iter().all(|i| i.is_str()),
                        Some(toml::Value::String(_)) => true,
                        _ => false,
                    };
                    if !is_list {
                        return Err(self.error(at, format!("option {name:?} used by `{field}` must default to a string or a list of strings")));
                    }
                    Ok(matcher::List::Option(name.to_string()))
                }
            }
        };
        let regex = |source: &str| -> Result<Regex, RuleError> {
            Regex::new(source).map_err(|e| self.error(at, format!("bad regex {source:?}: {e}")))
        };
        let pattern = |source: &str| -> Result<Query, RuleError> {
            Query::new(&parse::language(), source).map_err(|e| {
                self.error(at, format!("bad pattern {source:?}: {}", e.message.trim()))
            })
        };
        let ancestors = |items: Vec<String>| -> Result<Vec<matcher::Ancestor>, RuleError> {
            items
                .into_iter()
                .map(|item| {
                    if item.starts_with('(') || item.starts_with('[') {
                        pattern(&item).map(matcher::Ancestor::Pattern)
                    } else {
                        self.kind(&item, at)?;
                        Ok(matcher::Ancestor::Kind(item))
                    }
                })
                .collect()
        };
        let mut checks = Vec::new();
        if let Some(kinds) = spec.kind {
            for k in &kinds {
                self.kind(k, at)?;
            }
            checks.push(Check::Kind(kinds, true));
        }
        if let Some(kinds) = spec.not_kind {
            for k in &kinds {
                self.kind(k, at)?;
            }
            checks.push(Check::Kind(kinds, false));
        }
        if let Some(max) = spec.max_positional {
            checks.push(Check::MaxPositional(max));
        }
        if let Some(want) = spec.splat {
            checks.push(Check::Splat(want));
        }
        if let Some(names) = spec.lacks_keyword {
            checks.push(Check::LacksKeyword(names));
        }
        if let Some(values) = spec.equals {
            checks.push(Check::Equals(list(values, "equals")?, true));
        }
        if let Some(values) = spec.not_equals {
            checks.push(Check::Equals(list(values, "not-equals")?, false));
        }
        if let Some(source) = spec.regex {
            let re = regex(&source)?;
            groups.extend(re.capture_names().flatten().map(str::to_string));
            checks.push(Check::Regex(re, true));
        }
        if let Some(source) = spec.not_regex {
            checks.push(Check::Regex(regex(&source)?, false));
        }
        if let Some(source) = spec.is {
            checks.push(Check::Is(pattern(&source)?, true));
        }
        if let Some(source) = spec.is_not {
            checks.push(Check::Is(pattern(&source)?, false));
        }
        if let Some(items) = spec.inside {
            checks.push(Check::Inside(ancestors(items)?, true));
        }
        if let Some(items) = spec.not_inside {
            checks.push(Check::Inside(ancestors(items)?, false));
        }
        if let Some(want) = spec.builtin {
            checks.push(Check::Builtin(want));
        }
        if let Some(want) = spec.reference {
            checks.push(Check::Reference(want));
        }
        if let Some(names) = spec.callee {
            checks.push(Check::Callee(list(names, "callee")?, true));
        }
        if let Some(names) = spec.not_callee {
            checks.push(Check::Callee(list(names, "not-callee")?, false));
        }
        if let Some(sources) = spec.value_from {
            if let matcher::List::Literal(items) = list(sources.clone(), "value-from")? {
                for item in &items {
                    if !(item.ends_with("()") || item.ends_with("[]")) {
                        return Err(self.error(at, format!("value-from source {item:?} must end in `()` (a call) or `[]` (a subscript)")));
                    }
                }
            }
            checks.push(Check::ValueFrom(
                list(sources, "value-from")?,
                spec.value_from_unless_keyword,
            ));
        } else if !spec.value_from_unless_keyword.is_empty() {
            return Err(self.error(at, "`value-from-unless-keyword` needs `value-from`"));
        }
        if checks.is_empty() {
            return Err(self.error(
                at,
                format!("the `where` entry for @{} checks nothing", spec.capture),
            ));
        }
        Ok(checks)
    }

    fn kind(&self, kind: &str, at: usize) -> Result<(), RuleError> {
        if parse::language().id_for_node_kind(kind, true) == 0 {
            return Err(self.error(at, format!("unknown node kind {kind:?}")));
        }
        Ok(())
    }
}

/// String literals of the first `#eq?` / `#any-of?` predicate of a one-pattern query: a
/// file can only match if it contains one of them.
fn predicate_literals(query: &str) -> Option<(String, Vec<String>)> {
    static PREDICATE: std::sync::LazyLock<Option<Regex>> = std::sync::LazyLock::new(|| {
        // ASCII classes: a Unicode `\w` makes this regex take milliseconds to build.
        Regex::new(r#"\(#(?:eq|any-of)\?[ \t\r\n]+@([A-Za-z0-9_.-]+)((?:[ \t\r\n]+"(?:[^"\\]|\\.)*")+)[ \t\r\n]*\)"#).ok()
    });
    static LITERAL: std::sync::LazyLock<Option<Regex>> =
        std::sync::LazyLock::new(|| Regex::new(r#""((?:[^"\\]|\\.)*)""#).ok());
    let predicate = PREDICATE.as_ref()?.captures(query)?;
    let literals: Vec<String> = LITERAL
        .as_ref()?
        .captures_iter(predicate.get(2)?.as_str())
        .filter_map(|c| c.get(1).map(|m| m.as_str().to_string()))
        .filter(|s| !s.contains('\\'))
        .collect();
    let capture = predicate.get(1)?.as_str().to_string();
    (!literals.is_empty()).then_some((capture, literals))
}

/// Every node the query captures as `@name` is written `(identifier) @name` (so its text
/// is a word of code).
fn only_identifier(query: &str, name: &str) -> bool {
    let mut seen = false;
    let mut rest = query;
    while let Some(at) = rest.find('@') {
        let after = &rest[at + 1..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
            .unwrap_or(after.len());
        let before = rest[..at].trim_end();
        // Predicates (`(#eq? @name ...)`) refer to a capture; they do not capture.
        let in_predicate = before
            .rfind('(')
            .is_some_and(|open| before[open + 1..].starts_with('#'));
        if &after[..end] == name && !in_predicate {
            if !before.ends_with("(identifier)") {
                return false;
            }
            seen = true;
        }
        rest = &after[end..];
    }
    seen
}

/// Words one of which every match needs; `None` when some pattern can match anything.
fn needles(
    patterns: &[matcher::Pattern],
    defaults: &BTreeMap<String, toml::Value>,
) -> Option<(Vec<String>, bool)> {
    let mut words: Vec<String> = Vec::new();
    let mut in_code = true;
    for pattern in patterns {
        let (more, code) = pattern.needles(defaults)?;
        words.extend(more);
        in_code &= code;
    }
    words.sort();
    words.dedup();
    if words.is_empty() || words.iter().any(|w| w.is_empty()) {
        return None;
    }
    Some((words, in_code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_rule_file_loads() {
        let rules = builtin_rules().unwrap_or_else(|e| panic!("{e}"));
        assert!(!rules.is_empty());
    }

    #[test]
    fn bad_toml_names_file_and_line() {
        let err = load_str("broken.toml", "id = \"x\"\nsummary = \n")
            .err()
            .unwrap();
        assert_eq!(err.file, "broken.toml");
        assert_eq!(err.line, 2);
    }

    #[test]
    fn unknown_field_is_an_error() {
        let text = "id = \"x\"\nsummary = \"s\"\nsafty = \"safe\"\n";
        let err = load_str("r.toml", text).err().unwrap();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("safty"), "{}", err.message);
    }

    #[test]
    fn bad_query_points_at_its_line() {
        let text = "id = \"x\"\nsummary = \"s\"\n[[pattern]]\nquery = '''\n(call\n  function: (identifer) @f)\n'''\nreplace = \"g\"\n";
        let err = load_str("r.toml", text).err().unwrap();
        assert_eq!(err.line, 6, "{err}");
        assert!(err.message.contains("bad query"), "{err}");
    }

    #[test]
    fn a_bad_query_in_a_later_pattern_points_at_its_line() {
        let text = "id = \"x\"\nsummary = \"s\"\n[[pattern]]\nquery = '(identifier) @a'\nreplace = \"b\"\n[[pattern]]\nquery = '''\n(call\n  function: (identifer) @f)\n'''\nreplace = \"g\"\n";
        let err = load_str("r.toml", text).err().unwrap();
        assert_eq!(err.line, 9, "{err}");
        assert!(err.message.contains("bad query"), "{err}");
    }

    #[test]
    fn a_pattern_cannot_use_another_patterns_capture() {
        // The patterns share one compiled query, and so its capture names.
        let text = "id = \"x\"\nsummary = \"s\"\n[[pattern]]\nquery = '(identifier) @a'\nreplace = \"b\"\n[[pattern]]\nquery = '(integer) @n'\ntarget = \"a\"\nreplace = \"0\"\n";
        let err = load_str("r.toml", text).err().unwrap();
        assert_eq!(err.line, 8, "{err}");
        assert!(
            err.message
                .contains("unknown capture @a (the query captures: @n)"),
            "{err}"
        );
    }

    #[test]
    fn each_pattern_of_a_rule_acts_on_its_own_matches() {
        let text = "id = \"x\"\nsummary = \"s\"\n[[pattern]]\nquery = '((identifier) @a (#eq? @a \"foo\"))'\nreplace = \"bar\"\n[[pattern]]\nquery = '(integer) @n'\nreplace = \"0\"\n";
        let rules = load_str("r.toml", text).unwrap();
        let codemods: Vec<Arc<dyn Codemod>> = rules
            .into_iter()
            .map(|r| Arc::new(r) as Arc<dyn Codemod>)
            .collect();
        let engine = crate::engine::Engine::new(codemods, crate::codemod::Options::default());
        let outcome = engine
            .transform(Path::new("t.py"), "foo = 7\nbaz = foo + 1\n")
            .unwrap();
        assert_eq!(outcome.text, "bar = 0\nbaz = bar + 0\n");
    }

    #[test]
    fn unknown_capture_in_template() {
        let text = "id = \"x\"\nsummary = \"s\"\n[[pattern]]\nquery = '(identifier) @name'\nreplace = \"f($NAME)\"\n";
        let err = load_str("r.toml", text).err().unwrap();
        assert_eq!(err.line, 5);
        assert!(err.message.contains("unknown capture $NAME"), "{err}");
    }

    #[test]
    fn every_builtin_rule_file_compiles_and_lists_its_ids() {
        for (file, text) in RULE_FILES {
            let rules = load_str(file, text).unwrap_or_else(|e| panic!("{e}"));
            let ids: Vec<String> = rules.iter().map(|r| r.id.clone()).collect();
            assert_eq!(ids, codemod_ids(text), "{file}");
        }
        for codemod in builtin() {
            assert!(!codemod.summary().is_empty(), "{}", codemod.id());
        }
    }

    #[test]
    fn needles_prefer_selective_module_names() {
        let find = |id: &str| {
            builtin_rules()
                .unwrap()
                .into_iter()
                .find(|r| r.id == id)
                .unwrap()
        };
        let needles = |id: &str| find(id).needles.unwrap_or_default();
        let has = |id: &str, word: &str| needles(id).iter().any(|w| w == word);
        assert!(has("ensure-binary", "hashlib"));
        assert!(!has("ensure-binary", "new"));
        assert!(has("getcwdu", "getcwdu"));
        assert!(!has("getcwdu", "os"));
        assert!(has("asserts", "assertEquals"));
        // Names of identifiers and callees are only looked for in code.
        for id in [
            "asserts",
            "getcwdu",
            "intern",
            "ensure-binary",
            "standarderror",
        ] {
            assert!(find(id).needles_in_code, "{id}");
        }
    }

    #[test]
    fn needles_of_string_captures_are_looked_for_everywhere() {
        let rule = |query: &str| {
            let text = format!(
                "id = \"x\"\nsummary = \"s\"\n[[pattern]]\nquery = '{query}'\nreplace = \"b\"\nwhere = [{{ capture = \"s\", equals = [\"utf8\"] }}]\n"
            );
            load_str("r.toml", &text).unwrap().remove(0)
        };
        let in_string = rule("(string (string_content) @s)");
        assert_eq!(
            in_string.needles.as_deref(),
            Some(&["utf8".to_string()][..])
        );
        assert!(!in_string.needles_in_code);
        assert!(rule("(keyword_argument value: (identifier) @s)").needles_in_code);
        assert!(!rule("[(identifier) (string)] @s").needles_in_code);
    }

    #[test]
    fn captures_written_as_identifiers() {
        let query = r#"(call function: (identifier) @f (#eq? @f "open") arguments: (_) @args)"#;
        assert!(only_identifier(query, "f"));
        assert!(!only_identifier(query, "args"));
        assert!(!only_identifier(query, "missing"));
        assert!(!only_identifier("[(identifier) @a (string) @a]", "a"));
    }

    #[test]
    fn literals_of_predicates() {
        assert_eq!(
            predicate_literals(r#"((identifier) @n (#any-of? @n "a" "b"))"#),
            Some(("n".to_string(), vec!["a".to_string(), "b".to_string()]))
        );
        assert_eq!(
            predicate_literals(r#"((identifier) @n (#not-eq? @n "a"))"#),
            None
        );
    }
}
