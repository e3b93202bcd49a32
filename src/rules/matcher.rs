//! Running a rule's queries over a file: constraints, template expansion, fixes.

use crate::syntax::KindName;
use std::collections::{BTreeMap, HashMap, HashSet};

use regex::Regex;
use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, Query, QueryCursor};

use super::template::{self, Piece, RefName, Slot, Template};
use super::RuleCodemod;
use crate::codemod::{Context, Fixes};
use crate::codemods::json_sort_keys::insert_keyword;
use crate::edit::Splice;
use crate::imports::{self, Imports};
use crate::semantics::Semantics;
use crate::syntax;

pub struct Pattern {
    /// The names of the rule query's captures, by index (one list for all its patterns).
    pub capture_names: std::sync::Arc<[String]>,
    /// Captures that may hold several nodes (`(_)* @ARGS`): they expand to the text
    /// spanning all of them.
    pub quantified: Vec<bool>,
    pub constraints: Vec<Constraint>,
    pub target: u32,
    pub action: Action,
    pub reason: Option<Template>,
    pub imports: Vec<ImportSpec>,
    pub map: BTreeMap<String, String>,
    /// The literals of the query's `#eq?`/`#any-of?` predicate, and its capture's index.
    pub predicate_needles: Option<(u32, Vec<String>)>,
    /// By capture index: the capture is only ever an `(identifier)`, so its text is a
    /// word of code, never of a string or comment.
    pub identifier_captures: Vec<bool>,
}

pub enum Action {
    Replace(Template),
    AppendArgument(Template),
    Review(Template),
    Note(Template),
}

pub struct Constraint {
    pub capture: u32,
    pub checks: Vec<Check>,
}

pub enum List {
    Literal(Vec<String>),
    Option(String),
}

pub enum Ancestor {
    Kind(String),
    Pattern(Query),
}

pub enum Check {
    Equals(List, bool),
    Regex(Regex, bool),
    Kind(Vec<String>, bool),
    Is(Query, bool),
    Inside(Vec<Ancestor>, bool),
    Callee(List, bool),
    ValueFrom(List, Vec<String>),
    Builtin(bool),
    Reference(bool),
    LacksKeyword(Vec<String>),
    MaxPositional(usize),
    Splat(bool),
}

/// An import a rewrite needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportSpec {
    Module(String),
    From(String, String),
}

impl ImportSpec {
    pub fn parse(statement: &str) -> Option<ImportSpec> {
        let words: Vec<&str> = statement.split_whitespace().collect();
        let dotted = |s: &str| template::is_qualified_name(s) || is_identifier(s);
        match words.as_slice() {
            ["import", module] if dotted(module) => Some(ImportSpec::Module(module.to_string())),
            ["from", module, "import", name] if dotted(module) && is_identifier(name) => {
                Some(ImportSpec::From(module.to_string(), name.to_string()))
            }
            _ => None,
        }
    }

    fn statement(&self) -> String {
        match self {
            ImportSpec::Module(m) => format!("import {m}"),
            ImportSpec::From(m, n) => format!("from {m} import {n}"),
        }
    }

    fn present(&self, imports: &Imports) -> bool {
        match self {
            ImportSpec::Module(m) => imports.bindings.iter().any(|b| {
                !b.from_import
                    && b.top_level
                    && b.local == b.qualified
                    && (b.qualified == *m || m.starts_with(&format!("{}.", b.qualified)))
            }),
            ImportSpec::From(m, n) => {
                let full = format!("{m}.{n}");
                imports
                    .bindings
                    .iter()
                    .any(|b| b.from_import && b.top_level && b.local == *n && b.qualified == full)
            }
        }
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

impl Pattern {
    /// Words a file must contain for this pattern to match, if known (option lists are
    /// taken at their defaults: the caller skips the check when options are configured).
    ///
    /// A qualified name (`hashlib.md5`) can only be reached through an import, so its
    /// module (`hashlib`) must appear; that is preferred to its last part (`new` of
    /// `hmac.new` is in many files) unless the module names are too short to be selective.
    ///
    /// The flag is true when the words can only be met in code (names in calls, the text
    /// of identifier captures): the file's strings and comments need not be searched.
    pub fn needles(&self, defaults: &BTreeMap<String, toml::Value>) -> Option<(Vec<String>, bool)> {
        let code = |capture: u32| {
            self.identifier_captures
                .get(capture as usize)
                .copied()
                .unwrap_or(false)
        };
        let items = |list: &List| -> Vec<String> {
            match list {
                List::Literal(items) => items.clone(),
                List::Option(name) => match defaults.get(name) {
                    Some(toml::Value::Array(items)) => items
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect(),
                    Some(toml::Value::String(item)) => vec![item.clone()],
                    _ => Vec::new(),
                },
            }
        };
        let strip = |name: &str| -> String {
            name.trim_end_matches("()")
                .trim_end_matches("[]")
                .trim_end_matches(".*")
                .to_string()
        };
        let first_word = |name: &str| -> String {
            let name = strip(name);
            name.split(['.', ':']).next().unwrap_or(&name).to_string()
        };
        let last_word = |name: &str| -> String {
            let name = strip(name);
            name.rsplit(['.', ':']).next().unwrap_or(&name).to_string()
        };
        let selective = |words: &[String]| !words.is_empty() && words.iter().all(|w| w.len() >= 4);
        let mut modules: Option<Vec<String>> = None;
        let mut fallback: Option<(Vec<String>, bool)> = None;
        for constraint in &self.constraints {
            for check in &constraint.checks {
                match check {
                    Check::Callee(names, true) | Check::ValueFrom(names, _) => {
                        let names = items(names);
                        let firsts: Vec<String> = names.iter().map(|n| first_word(n)).collect();
                        if modules.is_none() && selective(&firsts) {
                            modules = Some(firsts);
                        }
                        if fallback.is_none() {
                            fallback = Some((names.iter().map(|n| last_word(n)).collect(), true));
                        }
                    }
                    Check::Equals(values, true) if fallback.is_none() => {
                        fallback = Some((items(values), code(constraint.capture)))
                    }
                    _ => {}
                }
            }
        }
        if let Some(modules) = modules {
            return Some((modules, true));
        }
        let uses_map = |t: &Template| {
            t.pieces
                .iter()
                .any(|p| matches!(p, Piece::Slot(Slot::Map(_))))
        };
        let (Action::Replace(t) | Action::AppendArgument(t) | Action::Review(t) | Action::Note(t)) =
            &self.action;
        if uses_map(t) && !self.map.is_empty() {
            return Some((self.map.keys().cloned().collect(), code(self.target)));
        }
        let predicate = self
            .predicate_needles
            .as_ref()
            .map(|(capture, words)| (words.clone(), code(*capture)));
        match predicate {
            Some((words, code)) if selective(&words) || fallback.is_none() => Some((words, code)),
            _ => fallback.or(predicate),
        }
    }
}

/// The nodes of one match, by capture index.
struct Captured<'t> {
    nodes: Vec<Vec<Node<'t>>>,
    groups: HashMap<String, String>,
}

impl<'t> Captured<'t> {
    fn span(&self, index: u32) -> Option<(usize, usize)> {
        let nodes = self.nodes.get(index as usize)?;
        Some((nodes.first()?.start_byte(), nodes.last()?.end_byte()))
    }
}

pub fn check_file<'t>(rule: &RuleCodemod, ctx: &Context<'t>, fixes: &mut Fixes) {
    let text = ctx.text;
    let mut done: HashSet<(usize, usize)> = HashSet::new();
    // One pass over the tree for all patterns; each pattern's matches are then handled in
    // the pattern's order, as if it had run alone.
    let mut found_by_pattern: Vec<Vec<((usize, usize), Captured<'_>)>> =
        rule.patterns.iter().map(|_| Vec::new()).collect();
    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(&rule.query, ctx.root(), text.as_bytes());
    while let Some(m) = matches.next() {
        let Some(&index) = rule.pattern_of.get(m.pattern_index) else {
            continue;
        };
        let (Some(pattern), Some(found)) =
            (rule.patterns.get(index), found_by_pattern.get_mut(index))
        else {
            continue;
        };
        let mut captured = Captured {
            nodes: vec![Vec::new(); pattern.capture_names.len()],
            groups: HashMap::new(),
        };
        for capture in m.captures {
            if let Some(slot) = captured.nodes.get_mut(capture.index as usize) {
                slot.push(capture.node);
            }
        }
        let Some(target) = captured.span(pattern.target) else {
            continue;
        };
        found.push((target, captured));
    }
    for (pattern, mut found) in rule.patterns.iter().zip(found_by_pattern) {
        if pattern.quantified.iter().any(|&q| q) {
            // A quantified capture (`(_)* @ARGS`) is reported once per way it can match;
            // keep the fullest match of each target.
            let size = |c: &Captured<'_>| c.nodes.iter().map(Vec::len).sum::<usize>();
            let mut best: HashMap<(usize, usize), usize> = HashMap::new();
            for (index, (target, captured)) in found.iter().enumerate() {
                let keep = best
                    .get(target)
                    .is_none_or(|&b| size(&found[b].1) < size(captured));
                if keep {
                    best.insert(*target, index);
                }
            }
            let keep: HashSet<usize> = best.into_values().collect();
            found = found
                .into_iter()
                .enumerate()
                .filter(|(index, _)| keep.contains(index))
                .map(|(_, f)| f)
                .collect();
        }
        for (target, mut captured) in found {
            if done.contains(&target) {
                continue;
            }
            if !pattern
                .constraints
                .iter()
                .all(|c| satisfied(rule, c, &mut captured, ctx))
            {
                continue;
            }
            if act(rule, pattern, &captured, ctx, fixes) {
                done.insert(target);
            }
        }
    }
}

fn satisfied<'t>(
    rule: &RuleCodemod,
    constraint: &Constraint,
    captured: &mut Captured<'t>,
    ctx: &Context<'t>,
) -> bool {
    let Some(nodes) = captured.nodes.get(constraint.capture as usize) else {
        return false;
    };
    let Some(&node) = nodes.first() else {
        // An optional capture that is absent satisfies nothing but negative checks.
        return constraint.checks.iter().all(|c| {
            matches!(
                c,
                Check::Equals(_, false)
                    | Check::Regex(_, false)
                    | Check::Kind(_, false)
                    | Check::Is(_, false)
                    | Check::Inside(_, false)
            )
        });
    };
    let Some((start, end)) = captured.span(constraint.capture) else {
        return false;
    };
    let text = &ctx.text[start..end];
    for check in &constraint.checks {
        let ok = match check {
            Check::Equals(list, want) => list_contains(rule, ctx, list, text) == *want,
            Check::Regex(re, true) => match re.captures(text) {
                Some(found) => {
                    for name in re.capture_names().flatten() {
                        if let Some(group) = found.name(name) {
                            captured
                                .groups
                                .insert(name.to_string(), group.as_str().to_string());
                        }
                    }
                    true
                }
                None => false,
            },
            Check::Regex(re, false) => !re.is_match(text),
            Check::Kind(kinds, want) => kinds.iter().any(|k| k == node.kind_name()) == *want,
            Check::Is(query, want) => matches_at(query, node, ctx.text) == *want,
            Check::Inside(ancestors, want) => inside(node, ancestors, ctx.text) == *want,
            Check::Callee(list, want) => {
                let expression = if node.kind_name() == "call" {
                    node.child_by_field_id(crate::field!("function").get())
                        .unwrap_or(node)
                } else {
                    node
                };
                ctx.imports()
                    .qualified_names(expression, ctx.text)
                    .iter()
                    .any(|q| list_matches_name(rule, ctx, list, q, ""))
                    == *want
            }
            Check::Reference(want) => crate::semantics::references::is_variable(node) == *want,
            Check::ValueFrom(list, unless) => value_from(rule, ctx, node, list, unless),
            Check::Builtin(want) => is_builtin_reference(node, ctx) == *want,
            Check::LacksKeyword(names) => {
                node.kind_name() == "argument_list"
                    && names
                        .iter()
                        .all(|n| syntax::keyword_argument(node, ctx.text, n).is_none())
            }
            Check::MaxPositional(max) => {
                node.kind_name() == "argument_list"
                    && syntax::arguments(node)
                        .iter()
                        .filter(|a| {
                            !matches!(a.kind_name(), "keyword_argument" | "dictionary_splat")
                        })
                        .count()
                        <= *max
            }
            Check::Splat(want) => {
                node.kind_name() == "argument_list"
                    && syntax::arguments(node)
                        .iter()
                        .any(|a| matches!(a.kind_name(), "list_splat" | "dictionary_splat"))
                        == *want
            }
        };
        if !ok {
            return false;
        }
    }
    true
}

fn list_items<'a>(rule: &'a RuleCodemod, ctx: &'a Context<'_>, list: &'a List) -> Vec<&'a str> {
    match list {
        List::Literal(items) => items.iter().map(String::as_str).collect(),
        List::Option(name) => match rule.option(ctx.options, name) {
            Some(toml::Value::Array(items)) => items.iter().filter_map(|i| i.as_str()).collect(),
            Some(toml::Value::String(item)) => vec![item.as_str()],
            _ => Vec::new(),
        },
    }
}

fn list_contains(rule: &RuleCodemod, ctx: &Context<'_>, list: &List, text: &str) -> bool {
    list_items(rule, ctx, list).contains(&text)
}

/// Whether qualified `name` + `suffix` is in the list (`binascii.*` covers
/// `binascii.hexlify`).
fn list_matches_name(
    rule: &RuleCodemod,
    ctx: &Context<'_>,
    list: &List,
    name: &str,
    suffix: &str,
) -> bool {
    list_items(rule, ctx, list).iter().any(|item| {
        let Some(item) = item.strip_suffix(suffix) else {
            return false;
        };
        // `module:name` (an import style for helpers) names `module.name`.
        let item = &item.replace(':', ".");
        match item.strip_suffix(".*") {
            Some(module) => name
                .strip_prefix(module)
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|rest| !rest.is_empty() && !rest.contains('.')),
            None => item == name,
        }
    })
}

/// Whether `query` matches with `node` as the root of the match.
fn matches_at(query: &Query, node: Node<'_>, text: &str) -> bool {
    let mut cursor = QueryCursor::new();
    cursor.set_max_start_depth(Some(0));
    let mut matches = cursor.matches(query, node, text.as_bytes());
    matches.next().is_some()
}

fn inside(node: Node<'_>, ancestors: &[Ancestor], text: &str) -> bool {
    let mut current = node.parent();
    while let Some(parent) = current {
        for ancestor in ancestors {
            let hit = match ancestor {
                Ancestor::Kind(kind) => parent.kind_name() == kind,
                Ancestor::Pattern(query) => matches_at(query, parent, text),
            };
            if hit {
                return true;
            }
        }
        current = parent.parent();
    }
    false
}

fn unparenthesized(mut node: Node<'_>) -> Node<'_> {
    while node.kind_name() == "parenthesized_expression" && node.named_child_count() == 1 {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// Whether `node`'s value comes from one of the listed sources, directly or through the
/// nearest preceding assignment to the same name in the same scope.
fn value_from<'t>(
    rule: &RuleCodemod,
    ctx: &Context<'t>,
    node: Node<'t>,
    list: &List,
    unless: &[String],
) -> bool {
    let node = unparenthesized(node);
    match node.kind_name() {
        "call" | "subscript" => is_source(rule, ctx, node, list, unless),
        "identifier" | "attribute" => {
            let name = ctx.text(node);
            let scope = enclosing_scope(node);
            let mut best: Option<Node<'_>> = None;
            find_assignments(scope, ctx.text, name, node.start_byte(), &mut best);
            best.and_then(|assignment| assignment.child_by_field_id(crate::field!("right").get()))
                .is_some_and(|value| is_source(rule, ctx, unparenthesized(value), list, unless))
        }
        _ => false,
    }
}

fn is_source<'t>(
    rule: &RuleCodemod,
    ctx: &Context<'t>,
    node: Node<'t>,
    list: &List,
    unless: &[String],
) -> bool {
    let (expression, suffix) = match node.kind_name() {
        "call" => (
            node.child_by_field_id(crate::field!("function").get()),
            "()",
        ),
        "subscript" => (node.child_by_field_id(crate::field!("value").get()), "[]"),
        _ => return false,
    };
    let Some(expression) = expression else {
        return false;
    };
    if node.kind_name() == "call" {
        if let Some(args) = node.child_by_field_id(crate::field!("arguments").get()) {
            if unless
                .iter()
                .any(|k| syntax::keyword_argument(args, ctx.text, k).is_some())
            {
                return false;
            }
        }
    }
    ctx.imports()
        .qualified_names(expression, ctx.text)
        .iter()
        .any(|q| list_matches_name(rule, ctx, list, q, suffix))
}

fn enclosing_scope(node: Node<'_>) -> Node<'_> {
    let mut current = node.parent();
    let mut last = node;
    while let Some(parent) = current {
        if parent.kind_name() == "function_definition" {
            return parent
                .child_by_field_id(crate::field!("body").get())
                .unwrap_or(parent);
        }
        last = parent;
        current = parent.parent();
    }
    last
}

/// The last `name = ...` assignment in `scope` (not in nested functions or classes)
/// that starts before `before`.
fn find_assignments<'t>(
    scope: Node<'t>,
    text: &str,
    name: &str,
    before: usize,
    best: &mut Option<Node<'t>>,
) {
    let mut cursor = scope.walk();
    for child in scope.named_children(&mut cursor) {
        if child.start_byte() >= before {
            break;
        }
        match child.kind_name() {
            "function_definition" | "class_definition" | "lambda" => continue,
            "assignment" => {
                let left = child.child_by_field_id(crate::field!("left").get());
                if left.is_some_and(|l| &text[l.start_byte()..l.end_byte()] == name) {
                    *best = Some(child);
                }
            }
            _ => {}
        }
        find_assignments(child, text, name, before, best);
    }
}

/// Whether an identifier is a use of the builtin of that name, by the file's semantics.
fn is_builtin_reference<'t>(node: Node<'t>, ctx: &Context<'t>) -> bool {
    node.kind_name() == "identifier" && ctx.semantics().is_builtin_reference(node, ctx.text(node))
}

fn in_error_region(node: Node<'_>) -> bool {
    let mut current = Some(node);
    while let Some(n) = current {
        if n.is_error() || n.is_missing() {
            return true;
        }
        current = n.parent();
    }
    false
}

/// Produce the fix / note for a match. Returns whether the match was acted on.
fn act(
    rule: &RuleCodemod,
    pattern: &Pattern,
    captured: &Captured<'_>,
    ctx: &Context<'_>,
    fixes: &mut Fixes,
) -> bool {
    let Some(target_nodes) = captured.nodes.get(pattern.target as usize) else {
        return false;
    };
    let (Some(&first), Some(&last)) = (target_nodes.first(), target_nodes.last()) else {
        return false;
    };
    // Code the parser could not read is left alone, without notes (the engine reports it).
    if ctx.root().has_error() && in_error_region(first) {
        return false;
    }
    let mut expander = Expander {
        rule,
        pattern,
        captured,
        ctx,
        imports: Vec::new(),
    };
    let target_name = &pattern.capture_names[pattern.target as usize];
    let (reason, splices) = match &pattern.action {
        Action::Review(message) | Action::Note(message) => {
            let Ok(message) = expander.expand(message) else {
                return false;
            };
            if matches!(pattern.action, Action::Review(_)) {
                fixes.review(first, message);
            } else {
                fixes.note(first, message);
            }
            return true;
        }
        Action::Replace(template) => {
            let single = target_nodes.len() == 1 && !pattern.quantified[pattern.target as usize];
            let required = if single {
                template::required_level(first, ctx.text)
            } else {
                0
            };
            let splices =
                match expander.replacement(template, target_name, first, last, single, required) {
                    Ok(splices) => splices,
                    Err(Some(message)) => {
                        fixes.review(first, message);
                        return true;
                    }
                    Err(None) => return false,
                };
            (expander.reason(), splices)
        }
        Action::AppendArgument(template) => {
            if first.kind_name() != "argument_list" {
                return false;
            }
            let argument = match expander.expand(template) {
                Ok(argument) => argument,
                Err(Some(message)) => {
                    fixes.review(first, message);
                    return true;
                }
                Err(None) => return false,
            };
            let arguments = syntax::arguments(first);
            let splices = if arguments.is_empty() {
                let at = first.start_byte() + 1;
                vec![Splice::new(at, at, argument)]
            } else {
                insert_keyword(ctx.text, first, &arguments, &argument)
            };
            (expander.reason(), splices)
        }
    };
    if splices.is_empty() {
        return false;
    }
    let mut splices = splices;
    let mut needed = expander.imports.clone();
    needed.extend(pattern.imports.iter().cloned());
    let mut added: Vec<String> = Vec::new();
    for import in needed {
        if import.present(ctx.imports()) {
            continue;
        }
        let statement = import.statement();
        if added.contains(&statement) {
            continue;
        }
        splices.push(imports::add_import_splice(ctx.root(), ctx.text, &statement));
        added.push(statement);
    }
    fixes.add(first, reason, splices);
    true
}

struct Expander<'a, 't, 'c> {
    rule: &'a RuleCodemod,
    pattern: &'a Pattern,
    captured: &'a Captured<'t>,
    ctx: &'a Context<'c>,
    /// Imports that `${ref:...}` slots need.
    imports: Vec<ImportSpec>,
}

/// `Err(None)`: skip the match silently (e.g. a `map` miss); `Err(Some(msg))`: report.
type Expansion<T> = Result<T, Option<String>>;

impl Expander<'_, '_, '_> {
    fn reason(&mut self) -> String {
        match &self.pattern.reason {
            Some(reason) => self
                .expand(reason)
                .unwrap_or_else(|_| self.rule.summary.clone()),
            None => self.rule.summary.clone(),
        }
    }

    fn expand(&mut self, template: &Template) -> Expansion<String> {
        self.pieces(&template.pieces)
    }

    fn pieces(&mut self, pieces: &[Piece]) -> Expansion<String> {
        let mut out = String::new();
        for piece in pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Slot(slot) => out.push_str(&self.slot(slot)?),
            }
        }
        Ok(out)
    }

    fn capture_index(&self, name: &str) -> Option<usize> {
        self.pattern.capture_names.iter().position(|n| n == name)
    }

    fn slot(&mut self, slot: &Slot) -> Expansion<String> {
        let text = self.ctx.text;
        match slot {
            Slot::Capture { name, min_level } => {
                let index = self.capture_index(name).ok_or(None)?;
                let nodes = &self.captured.nodes[index];
                match nodes.as_slice() {
                    [] => Ok(String::new()),
                    [node] if !self.pattern.quantified[index] => {
                        let own = &text[node.start_byte()..node.end_byte()];
                        if template::precedence(*node, text) < *min_level {
                            Ok(format!("({own})"))
                        } else {
                            Ok(own.to_string())
                        }
                    }
                    [first, .., last] => Ok(text[first.start_byte()..last.end_byte()].to_string()),
                    [only] => Ok(text[only.start_byte()..only.end_byte()].to_string()),
                }
            }
            Slot::Map(name) => {
                let index = self.capture_index(name).ok_or(None)?;
                let (start, end) = self.captured.span(index as u32).ok_or(None)?;
                self.pattern.map.get(&text[start..end]).cloned().ok_or(None)
            }
            Slot::Group(name) => Ok(self.captured.groups.get(name).cloned().unwrap_or_default()),
            Slot::Inner(name) => {
                let index = self.capture_index(name).ok_or(None)?;
                let node = *self.captured.nodes[index].first().ok_or(None)?;
                let count = node.child_count();
                match (
                    node.child(0),
                    count.checked_sub(1).and_then(|last| node.child(last)),
                ) {
                    (Some(open), Some(close)) if count >= 2 => {
                        Ok(text[open.end_byte()..close.start_byte()].to_string())
                    }
                    _ => Ok(text[node.start_byte()..node.end_byte()].to_string()),
                }
            }
            Slot::Option(name) => match self.rule.option(self.ctx.options, name) {
                Some(toml::Value::String(s)) => Ok(s.clone()),
                Some(toml::Value::Boolean(b)) => Ok(if *b { "True" } else { "False" }.to_string()),
                Some(toml::Value::Array(_)) | None => {
                    Err(Some(format!("option {name:?} cannot be written into code")))
                }
                Some(other) => Ok(other.to_string()),
            },
            Slot::Ref(reference) => {
                let qualified = match reference {
                    RefName::Literal(name) => name.clone(),
                    RefName::Option(option) => match self.rule.option(self.ctx.options, option) {
                        Some(toml::Value::String(s)) if template::is_qualified_name(s) => s.clone(),
                        _ => {
                            return Err(Some(format!(
                                "option {option:?} must be a dotted name like `six.ensure_binary`"
                            )))
                        }
                    },
                };
                let (expression, import) = resolve_ref(&qualified, self.ctx.semantics())?;
                if let Some(import) = import {
                    if !self.imports.contains(&import) {
                        self.imports.push(import);
                    }
                }
                Ok(expression)
            }
        }
    }

    /// Splices replacing the target span with the template: two insertions when the
    /// template wraps the target, otherwise one replacement.
    fn replacement(
        &mut self,
        template: &Template,
        target_name: &str,
        first: Node<'_>,
        last: Node<'_>,
        single: bool,
        required: u8,
    ) -> Expansion<Vec<Splice>> {
        let text = self.ctx.text;
        let root_precedence = template.root_precedence.unwrap_or_else(|| {
            if single {
                template::precedence(first, text)
            } else {
                syntax::level::PRIMARY
            }
        });
        let outer_parens = root_precedence < required;
        if single {
            if let Some((prefix, suffix, min_level)) = template.wrap_parts(target_name) {
                if template::precedence(first, text) >= min_level
                    && !(prefix.is_empty() && suffix.is_empty())
                {
                    let mut before = self.pieces(prefix)?;
                    let mut after = self.pieces(suffix)?;
                    if outer_parens {
                        before.insert(0, '(');
                        after.push(')');
                    }
                    let mut splices = Vec::new();
                    if !before.is_empty() {
                        splices.push(Splice::new(first.start_byte(), first.start_byte(), before));
                    }
                    if !after.is_empty() {
                        splices.push(Splice::new(first.end_byte(), first.end_byte(), after));
                    }
                    return Ok(splices);
                }
            }
        }
        let mut new = self.expand(template)?;
        if outer_parens {
            new = format!("({new})");
        }
        let (start, end) = (first.start_byte(), last.end_byte());
        if text[start..end] == new {
            return Ok(Vec::new());
        }
        Ok(vec![Splice::new(start, end, new)])
    }
}

/// How to write a reference to `qualified` (`six.ensure_binary`, `myproj.compat:ensure_binary`)
/// in this file, and the import to add if it is not imported yet. `a.b` is used as `a.b`
/// after `import a`; deeper names (`a.b.c`) and `a.b:c` are imported with `from a.b import c`.
fn resolve_ref(
    qualified: &str,
    semantics: &Semantics<'_>,
) -> Expansion<(String, Option<ImportSpec>)> {
    let imports = semantics.imports();
    let (module, name, from_style) = match qualified.split_once(':') {
        Some((module, name)) => (module, name, true),
        None => {
            let (module, name) = qualified.rsplit_once('.').ok_or(None)?;
            (module, name, module.contains('.'))
        }
    };
    let full = format!("{module}.{name}");
    if let Some(binding) = imports
        .bindings
        .iter()
        .find(|b| b.from_import && b.top_level && b.qualified == full)
    {
        return Ok((binding.local.clone(), None));
    }
    if let Some(alias) = imports.module_alias(module) {
        return Ok((format!("{alias}.{name}"), None));
    }
    // A name is taken when something other than what we import binds it (an import of the
    // same thing inside a function does not count).
    let taken = |local: &str, same: &str| {
        imports.targets(local).any(|b| b.qualified != same)
            || semantics.module_binds_by_non_import(local)
    };
    if from_style {
        if taken(name, &full) {
            return Err(Some(format!(
                "cannot import `{name}` from {module}: the name is already used in this module"
            )));
        }
        Ok((
            name.to_string(),
            Some(ImportSpec::From(module.to_string(), name.to_string())),
        ))
    } else {
        if taken(module, module) {
            return Err(Some(format!(
                "cannot `import {module}`: the name is already used in this module"
            )));
        }
        Ok((full, Some(ImportSpec::Module(module.to_string()))))
    }
}
