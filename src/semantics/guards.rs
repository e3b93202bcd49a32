//! Version guards: code that already straddles Python 2 and 3.
//!
//! A guard is a branch taken on one Python only: `if sys.version_info[0] >= 3:`,
//! `if sys.version_info < (3,):`, `if six.PY2:`, `if PY3:` (a module flag defined by such
//! a test, or imported under a conventional name), `x if PY3 else y`, and the `try`
//! forms `try: unicode / except NameError:` and `try: import cPickle / except
//! ImportError:`. [`Semantics::runs_on`] says on which Pythons a node can run; code that
//! only runs on Python 3 is never rewritten, and what it binds or references still
//! counts for renames.

use std::cmp::Ordering;
use std::collections::HashMap;

use tree_sitter::Node;

use super::python;
use super::Semantics;
use crate::syntax::KindName;

/// On which Pythons a piece of code may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Runs {
    pub py2: bool,
    pub py3: bool,
}

impl Runs {
    pub const BOTH: Runs = Runs {
        py2: true,
        py3: true,
    };
    pub const PY2_ONLY: Runs = Runs {
        py2: true,
        py3: false,
    };
    pub const PY3_ONLY: Runs = Runs {
        py2: false,
        py3: true,
    };

    pub fn and(self, other: Runs) -> Runs {
        Runs {
            py2: self.py2 && other.py2,
            py3: self.py3 && other.py3,
        }
    }

    /// Only Python 3 can run it: a Python-3 branch of a guard.
    pub fn py3_only(self) -> bool {
        self.py3 && !self.py2
    }

    /// Only Python 2 can run it.
    pub fn py2_only(self) -> bool {
        self.py2 && !self.py3
    }
}

/// What a condition evaluates to on each Python (`None`: not known, or it depends on
/// the minor version or on more than the version).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Truth {
    pub py2: Option<bool>,
    pub py3: Option<bool>,
}

impl Truth {
    const UNKNOWN: Truth = Truth {
        py2: None,
        py3: None,
    };

    /// True when the value is known on at least one Python: a version test.
    pub fn is_version_test(self) -> bool {
        self.py2.is_some() || self.py3.is_some()
    }

    fn not(self) -> Truth {
        Truth {
            py2: self.py2.map(|b| !b),
            py3: self.py3.map(|b| !b),
        }
    }

    fn and(self, other: Truth) -> Truth {
        let f = |a: Option<bool>, b: Option<bool>| match (a, b) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        };
        Truth {
            py2: f(self.py2, other.py2),
            py3: f(self.py3, other.py3),
        }
    }

    fn or(self, other: Truth) -> Truth {
        self.not().and(other.not()).not()
    }

    /// Where a branch taken when this condition holds can run.
    fn runs(self) -> Runs {
        Runs {
            py2: self.py2 != Some(false),
            py3: self.py3 != Some(false),
        }
    }
}

/// A Python version as the guards see it.
#[derive(Debug, Clone, Copy)]
struct Version {
    major: i64,
    minor: i64,
}

/// An expression whose value is a function of the running Python's version.
#[derive(Debug, Clone, Copy)]
enum VersionExpr {
    /// `sys.version_info`, or a slice `[:n]` of it.
    Info(Option<usize>),
    /// `sys.version_info[0]` / `.major`.
    Major,
    /// `sys.version_info[1]` / `.minor`.
    Minor,
    /// `sys.version`.
    VersionString,
    /// `sys.version[0]`.
    VersionChar,
    /// `sys.hexversion`.
    HexVersion,
}

/// A literal a version expression is compared with.
#[derive(Debug, Clone)]
enum Literal {
    Int(i64),
    Tuple(Vec<i64>),
    Str(String),
}

/// Names conventionally used for "running on Python 2 / 3" flags.
fn flag_name_truth(name: &str) -> Option<Truth> {
    let upper = name.trim_start_matches('_').to_ascii_uppercase();
    let py3 = Truth {
        py2: Some(false),
        py3: Some(true),
    };
    match upper.as_str() {
        "PY3" | "PY3K" | "IS_PY3" | "IS_PY3K" | "PYTHON3" | "IS_PYTHON3" | "PY3_OR_LATER" => {
            Some(py3)
        }
        "PY2" | "PY2K" | "IS_PY2" | "PYTHON2" | "IS_PYTHON2" => Some(py3.not()),
        _ => None,
    }
}

/// Exception names a guard's handler may catch.
fn catches(clause: Node<'_>, text: &str, wanted: &str) -> bool {
    let mut cursor = clause.walk();
    let values: Vec<Node<'_>> = clause
        .children_by_field_id(crate::field!("value"), &mut cursor)
        .collect();
    let Some(&first) = values.first() else {
        return true; // a bare `except:`
    };
    let caught = if first.kind_name() == "as_pattern" {
        first.named_child(0).unwrap_or(first)
    } else {
        first
    };
    let names = match caught.kind_name() {
        "tuple" | "parenthesized_expression" => {
            let mut c = caught.walk();
            caught
                .named_children(&mut c)
                .map(|n| super::text::node_text(n, text))
                .collect::<Vec<_>>()
        }
        _ => vec![super::text::node_text(caught, text)],
    };
    names.iter().any(|n| {
        let n = n.rsplit('.').next().unwrap_or(n);
        n == wanted
            || n == "Exception"
            || n == "BaseException"
            || (wanted == "ImportError" && n == "ModuleNotFoundError")
    })
}

impl<'t> Semantics<'t> {
    /// On which Pythons `node` can run, from the guards around it.
    pub fn runs_on(&self, node: Node<'t>) -> Runs {
        let mut runs = Runs::BOTH;
        let mut child = node;
        while let Some(parent) = child.parent() {
            let branch = match parent.kind_name() {
                "if_statement" | "elif_clause" | "else_clause" | "try_statement"
                | "except_clause" => self.branch_runs(parent, child),
                "conditional_expression" => self.conditional_runs(parent, child),
                _ => Runs::BOTH,
            };
            runs = runs.and(branch);
            child = parent;
        }
        runs
    }

    /// The branches of the file's version guards: byte ranges of the code only Python 3
    /// runs and of the code only Python 2 runs (outermost ones).
    pub fn guarded_regions(&self) -> &GuardedRegions {
        self.guarded.get_or_init(|| {
            let mut regions = GuardedRegions::default();
            if may_have_guards(self.text) {
                self.collect_guarded(self.root, Runs::BOTH, &mut regions);
            }
            regions
        })
    }

    fn collect_guarded(&self, node: Node<'t>, outer: Runs, regions: &mut GuardedRegions) {
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            let runs = match child.kind_name() {
                "block" | "elif_clause" | "else_clause" | "except_clause" => {
                    outer.and(self.branch_runs(node, child))
                }
                _ if node.kind_name() == "conditional_expression" => {
                    outer.and(self.conditional_runs(node, child))
                }
                _ => outer,
            };
            if runs != outer {
                let range = (child.start_byte(), child.end_byte());
                if runs.py3_only() {
                    regions.py3_only.push(range);
                    continue;
                }
                if runs.py2_only() {
                    regions.py2_only.push(range);
                }
            }
            if child.named_child_count() > 0 && may_hold_guard(child) {
                self.collect_guarded(child, runs, regions);
            }
        }
    }

    /// Where the part `child` of the compound statement or clause `parent` runs,
    /// relative to `parent`.
    fn branch_runs(&self, parent: Node<'t>, child: Node<'t>) -> Runs {
        let key = child.id();
        if let Some(&runs) = self.branches.borrow().get(&key) {
            return runs;
        }
        let runs = match parent.kind_name() {
            "if_statement" => {
                let in_consequence = parent
                    .child_by_field_id(crate::field!("consequence").get())
                    .is_some_and(|c| c.id() == child.id());
                if in_consequence {
                    self.condition_of(parent).runs()
                } else {
                    Runs::BOTH // clauses are handled at their own level
                }
            }
            "elif_clause" => {
                let in_consequence = parent
                    .child_by_field_id(crate::field!("consequence").get())
                    .is_some_and(|c| c.id() == child.id());
                if in_consequence {
                    self.previous_conditions(parent)
                        .not()
                        .and(self.condition_of(parent))
                        .runs()
                } else {
                    Runs::BOTH
                }
            }
            "else_clause" => match parent.parent() {
                Some(stmt) if stmt.kind_name() == "if_statement" => {
                    self.previous_conditions(parent).not().runs()
                }
                Some(stmt) if stmt.kind_name() == "try_statement" => {
                    self.try_guard(stmt).map_or(Runs::BOTH, |g| g.body)
                }
                _ => Runs::BOTH,
            },
            "try_statement" => {
                let in_body = parent
                    .child_by_field_id(crate::field!("body").get())
                    .is_some_and(|b| b.id() == child.id());
                if in_body {
                    self.try_guard(parent).map_or(Runs::BOTH, |g| g.body)
                } else {
                    Runs::BOTH
                }
            }
            "except_clause" => match parent.parent() {
                Some(stmt) if child.kind_name() == "block" => self
                    .try_guard(stmt)
                    .filter(|g| catches(parent, self.text, g.exception))
                    .map_or(Runs::BOTH, |g| g.handler),
                _ => Runs::BOTH,
            },
            _ => Runs::BOTH,
        };
        self.branches.borrow_mut().insert(key, runs);
        runs
    }

    /// `a if C else b`: `a` runs where C holds, `b` where it does not.
    fn conditional_runs(&self, expr: Node<'t>, child: Node<'t>) -> Runs {
        let mut cursor = expr.walk();
        let parts: Vec<Node<'t>> = expr.named_children(&mut cursor).collect();
        let [yes, condition, no] = parts.as_slice() else {
            return Runs::BOTH;
        };
        let truth = self.truth(*condition);
        if child.id() == yes.id() {
            truth.runs()
        } else if child.id() == no.id() {
            truth.not().runs()
        } else {
            Runs::BOTH
        }
    }

    fn condition_of(&self, clause: Node<'t>) -> Truth {
        clause
            .child_by_field_id(crate::field!("condition").get())
            .map_or(Truth::UNKNOWN, |c| self.truth(c))
    }

    /// The disjunction of the conditions of the `if` and `elif`s before `clause`.
    fn previous_conditions(&self, clause: Node<'t>) -> Truth {
        let Some(stmt) = clause.parent() else {
            return Truth::UNKNOWN;
        };
        let mut any = self.condition_of(stmt);
        let mut cursor = stmt.walk();
        for alternative in stmt.children_by_field_id(crate::field!("alternative"), &mut cursor) {
            if alternative.id() == clause.id() {
                break;
            }
            if alternative.kind_name() == "elif_clause" {
                any = any.or(self.condition_of(alternative));
            }
        }
        any
    }

    /// What `condition` evaluates to on each Python.
    pub fn truth(&self, condition: Node<'t>) -> Truth {
        match condition.kind_name() {
            "parenthesized_expression" => condition
                .named_child(0)
                .map_or(Truth::UNKNOWN, |c| self.truth(c)),
            "not_operator" => condition
                .child_by_field_id(crate::field!("argument").get())
                .map_or(Truth::UNKNOWN, |c| self.truth(c).not()),
            "boolean_operator" => {
                let (Some(left), Some(right), Some(op)) = (
                    condition.child_by_field_id(crate::field!("left").get()),
                    condition.child_by_field_id(crate::field!("right").get()),
                    condition.child_by_field_id(crate::field!("operator").get()),
                ) else {
                    return Truth::UNKNOWN;
                };
                let (l, r) = (self.truth(left), self.truth(right));
                if self.node_text(op) == "and" {
                    l.and(r)
                } else {
                    l.or(r)
                }
            }
            "comparison_operator" => self.comparison_truth(condition),
            "identifier" => self.flag_truth(condition),
            "attribute" => self.attribute_flag_truth(condition),
            "call" => self.startswith_truth(condition),
            _ => Truth::UNKNOWN,
        }
    }

    /// `six.PY2`, `six.PY3`, `six.PY34`, `utils.PY3` (a flag of a compat module).
    fn attribute_flag_truth(&self, node: Node<'t>) -> Truth {
        let Some(attr) = node.child_by_field_id(crate::field!("attribute").get()) else {
            return Truth::UNKNOWN;
        };
        let attr = self.node_text(attr);
        let Some(object) = node.child_by_field_id(crate::field!("object").get()) else {
            return Truth::UNKNOWN;
        };
        let object_text = self.node_text(object);
        let is_six = object_text == "six"
            || object_text.ends_with(".six")
            || self
                .imports()
                .qualified_names(object, self.text)
                .iter()
                .any(|q| q == "six" || q.ends_with(".six") || q.ends_with("future.utils"));
        if let Some(digits) = attr.strip_prefix("PY").filter(|_| is_six) {
            // six.PY34: Python 3.4 or later.
            if let Some(minor) = digits.strip_prefix('3').and_then(|m| m.parse::<u8>().ok()) {
                return self.evaluate(|v| v.major == 3 && v.minor >= i64::from(minor));
            }
        }
        flag_name_truth(attr)
            .filter(|_| is_six || object.kind_name() == "identifier")
            .unwrap_or(Truth::UNKNOWN)
    }

    /// A bare flag: defined at module level by a version test, or imported under a
    /// conventional name (`from six import PY3`, `from .compat import is_py3`).
    fn flag_truth(&self, name: Node<'t>) -> Truth {
        let name = self.node_text(name);
        if let Some(&truth) = self.module_flags().get(name) {
            return truth;
        }
        if self.imports().targets(name).next().is_some() {
            return flag_name_truth(name).unwrap_or(Truth::UNKNOWN);
        }
        Truth::UNKNOWN
    }

    /// Module-level `NAME = <version test>` assignments.
    fn module_flags(&self) -> &HashMap<String, Truth> {
        self.flags.get_or_init(|| {
            let mut flags = HashMap::new();
            let mut cursor = self.root.walk();
            for stmt in self.root.named_children(&mut cursor) {
                if stmt.kind_name() != "expression_statement" {
                    continue;
                }
                let Some(assign) = stmt
                    .named_child(0)
                    .filter(|a| a.kind_name() == "assignment")
                else {
                    continue;
                };
                let (Some(left), Some(right)) = (
                    assign.child_by_field_id(crate::field!("left").get()),
                    assign.child_by_field_id(crate::field!("right").get()),
                ) else {
                    continue;
                };
                if left.kind_name() != "identifier" {
                    continue;
                }
                // Flags defined from earlier flags (`PY2 = not PY3`) see those.
                let truth = self.truth_with(right, &flags);
                if truth.is_version_test() {
                    flags.insert(self.node_text(left).to_string(), truth);
                }
            }
            flags
        })
    }

    /// [`Semantics::truth`] while the module flags are being collected.
    fn truth_with(&self, node: Node<'t>, flags: &HashMap<String, Truth>) -> Truth {
        match node.kind_name() {
            "identifier" => flags
                .get(self.node_text(node))
                .copied()
                .unwrap_or(Truth::UNKNOWN),
            "not_operator" => node
                .child_by_field_id(crate::field!("argument").get())
                .map_or(Truth::UNKNOWN, |c| self.truth_with(c, flags).not()),
            "parenthesized_expression" => node
                .named_child(0)
                .map_or(Truth::UNKNOWN, |c| self.truth_with(c, flags)),
            "comparison_operator" => self.comparison_truth(node),
            "attribute" => self.attribute_flag_truth(node),
            "call" => self.startswith_truth(node),
            _ => Truth::UNKNOWN,
        }
    }

    /// `sys.version.startswith('3')`.
    fn startswith_truth(&self, call: Node<'t>) -> Truth {
        let (Some(function), Some(args)) = (
            call.child_by_field_id(crate::field!("function").get()),
            call.child_by_field_id(crate::field!("arguments").get()),
        ) else {
            return Truth::UNKNOWN;
        };
        if function.kind_name() != "attribute" {
            return Truth::UNKNOWN;
        }
        let (Some(object), Some(method)) = (
            function.child_by_field_id(crate::field!("object").get()),
            function.child_by_field_id(crate::field!("attribute").get()),
        ) else {
            return Truth::UNKNOWN;
        };
        if self.node_text(method) != "startswith"
            || !matches!(self.version_expr(object), Some(VersionExpr::VersionString))
            || args.named_child_count() != 1
        {
            return Truth::UNKNOWN;
        }
        let Some(Literal::Str(prefix)) = args.named_child(0).and_then(|a| self.literal(a)) else {
            return Truth::UNKNOWN;
        };
        self.evaluate(|v| version_string(v).starts_with(&prefix))
    }

    /// `sys.version_info >= (3,)` and the like, either way round.
    fn comparison_truth(&self, node: Node<'t>) -> Truth {
        if node.named_child_count() != 2 {
            return Truth::UNKNOWN; // chained comparisons
        }
        let (Some(left), Some(right)) = (node.named_child(0), node.named_child(1)) else {
            return Truth::UNKNOWN;
        };
        let Some(op) = node.child_by_field_id(crate::field!("operators").get()) else {
            return Truth::UNKNOWN;
        };
        let op = self.node_text(op);
        let (expr, literal, flipped) = match (self.version_expr(left), self.version_expr(right)) {
            (Some(e), None) => (e, self.literal(right), false),
            (None, Some(e)) => (e, self.literal(left), true),
            _ => return Truth::UNKNOWN,
        };
        let Some(literal) = literal else {
            return Truth::UNKNOWN;
        };
        let compare = |v: Version| -> Option<bool> {
            let ordering = compare_version(expr, v, &literal)?;
            let ordering = if flipped {
                ordering.reverse()
            } else {
                ordering
            };
            Some(match op {
                "<" => ordering == Ordering::Less,
                "<=" => ordering != Ordering::Greater,
                ">" => ordering == Ordering::Greater,
                ">=" => ordering != Ordering::Less,
                "==" => ordering == Ordering::Equal,
                "!=" | "<>" => ordering != Ordering::Equal,
                _ => return None,
            })
        };
        self.evaluate_partial(compare)
    }

    /// A condition's truth on 2.7 and on every Python 3 of the target range.
    fn evaluate(&self, f: impl Fn(Version) -> bool) -> Truth {
        self.evaluate_partial(|v| Some(f(v)))
    }

    fn evaluate_partial(&self, f: impl Fn(Version) -> Option<bool>) -> Truth {
        let py2 = f(Version { major: 2, minor: 7 });
        let mut py3: Option<Option<bool>> = None;
        for minor in self.py3.oldest_minor..=self.py3.newest_minor {
            let value = f(Version {
                major: 3,
                minor: i64::from(minor),
            });
            match py3 {
                None => py3 = Some(value),
                Some(seen) if seen != value => {
                    py3 = Some(None);
                    break;
                }
                _ => {}
            }
        }
        Truth {
            py2,
            py3: py3.flatten(),
        }
    }

    /// What a version-dependent expression is, if it is one.
    fn version_expr(&self, node: Node<'t>) -> Option<VersionExpr> {
        match node.kind_name() {
            "attribute" => {
                let object = node.child_by_field_id(crate::field!("object").get())?;
                let attr =
                    self.node_text(node.child_by_field_id(crate::field!("attribute").get())?);
                if self.is_sys(object) {
                    return match attr {
                        "version_info" => Some(VersionExpr::Info(None)),
                        "version" => Some(VersionExpr::VersionString),
                        "hexversion" => Some(VersionExpr::HexVersion),
                        _ => None,
                    };
                }
                match (self.version_expr(object)?, attr) {
                    (VersionExpr::Info(None), "major") => Some(VersionExpr::Major),
                    (VersionExpr::Info(None), "minor") => Some(VersionExpr::Minor),
                    _ => None,
                }
            }
            "identifier" => {
                // `from sys import version_info`
                let name = self.node_text(node);
                let imported = |q: &str| self.imports().targets(name).any(|b| b.qualified == q);
                if imported("sys.version_info") {
                    Some(VersionExpr::Info(None))
                } else if imported("sys.version") {
                    Some(VersionExpr::VersionString)
                } else {
                    None
                }
            }
            "subscript" => {
                let value =
                    self.version_expr(node.child_by_field_id(crate::field!("value").get())?)?;
                let index = node.child_by_field_id(crate::field!("subscript").get())?;
                match (value, index.kind_name()) {
                    (VersionExpr::Info(None), "integer") => match self.node_text(index) {
                        "0" => Some(VersionExpr::Major),
                        "1" => Some(VersionExpr::Minor),
                        _ => None,
                    },
                    (VersionExpr::Info(None), "slice") => {
                        let text = self.node_text(index).replace(' ', "");
                        let end = text.strip_prefix(':')?.parse::<usize>().ok()?;
                        Some(VersionExpr::Info(Some(end)))
                    }
                    (VersionExpr::VersionString, "integer") if self.node_text(index) == "0" => {
                        Some(VersionExpr::VersionChar)
                    }
                    _ => None,
                }
            }
            "parenthesized_expression" => self.version_expr(node.named_child(0)?),
            _ => None,
        }
    }

    /// `sys`, the module (also under an alias).
    fn is_sys(&self, node: Node<'t>) -> bool {
        if node.kind_name() != "identifier" {
            return false;
        }
        let qualified = self.imports().qualified_names(node, self.text);
        if qualified.is_empty() {
            self.node_text(node) == "sys"
        } else {
            qualified.iter().any(|q| q == "sys")
        }
    }

    fn literal(&self, node: Node<'t>) -> Option<Literal> {
        match node.kind_name() {
            "integer" => parse_int(self.node_text(node)).map(Literal::Int),
            "tuple" => {
                let mut cursor = node.walk();
                let items: Option<Vec<i64>> = node
                    .named_children(&mut cursor)
                    .map(|n| {
                        (n.kind_name() == "integer")
                            .then(|| parse_int(self.node_text(n)))
                            .flatten()
                    })
                    .collect();
                items.filter(|i| !i.is_empty()).map(Literal::Tuple)
            }
            "string" => {
                let text = self.node_text(node);
                let prefix = super::text::string_prefix(text);
                if prefix.contains('f') || prefix.contains('b') {
                    return None;
                }
                let body = &text[prefix.len()..];
                let quote = body.chars().next()?;
                let inner = body.trim_start_matches(quote).trim_end_matches(quote);
                (!inner.contains('\\')).then(|| Literal::Str(inner.to_string()))
            }
            "parenthesized_expression" => self.literal(node.named_child(0)?),
            _ => None,
        }
    }

    /// Whether the guards of a `try` statement make its body and its handlers run on one
    /// Python only (see [`TryGuard`]).
    pub fn try_guard(&self, try_stmt: Node<'t>) -> Option<TryGuard> {
        let body = try_stmt.child_by_field_id(crate::field!("body").get())?;
        let first = body.named_child(0)?;
        let fails_on = self.fails_on(first)?;
        let exception = match first.kind_name() {
            "import_statement" | "import_from_statement" => "ImportError",
            _ => "NameError",
        };
        // The guard only counts when a handler catches what the first statement raises.
        let mut cursor = try_stmt.walk();
        let handlers: Vec<Node<'t>> = try_stmt
            .named_children(&mut cursor)
            .filter(|c| c.kind_name() == "except_clause" && catches(*c, self.text, exception))
            .collect();
        if handlers.is_empty() {
            return None;
        }
        // `try: from cStringIO import StringIO / except ImportError: from StringIO import
        // StringIO`: the fallback fails on the same Python, so it is no other Python's code.
        let fallback_fails_too = handlers.iter().any(|h| {
            let mut c = h.walk();
            let block = h.named_children(&mut c).find(|n| n.kind_name() == "block");
            block
                .and_then(|b| b.named_child(0))
                .is_some_and(|first| self.fails_on(first) == Some(fails_on))
        });
        if fallback_fails_too {
            return None;
        }
        Some(match fails_on {
            python::Major::Three => TryGuard {
                body: Runs::PY2_ONLY,
                handler: Runs::PY3_ONLY,
                exception,
            },
            python::Major::Two => TryGuard {
                body: Runs::PY3_ONLY,
                handler: Runs::PY2_ONLY,
                exception,
            },
        })
    }

    /// The Python on which a statement certainly raises (and the other where it
    /// certainly does not): an import of a module only one Python has, or a use of a
    /// builtin only one Python has.
    fn fails_on(&self, stmt: Node<'t>) -> Option<python::Major> {
        match stmt.kind_name() {
            "import_statement" => {
                let mut cursor = stmt.walk();
                let modules: Vec<&str> = stmt
                    .children_by_field_id(crate::field!("name"), &mut cursor)
                    .filter_map(|n| match n.kind_name() {
                        "aliased_import" => n.child_by_field_id(crate::field!("name").get()),
                        _ => Some(n),
                    })
                    .map(|n| self.node_text(n))
                    .collect();
                if modules.iter().any(|m| python::is_py2_only_module(m)) {
                    Some(python::Major::Three)
                } else if modules.iter().any(|m| python::is_py3_only_module(m)) {
                    Some(python::Major::Two)
                } else {
                    None
                }
            }
            "import_from_statement" => {
                let module =
                    self.node_text(stmt.child_by_field_id(crate::field!("module_name").get())?);
                if python::is_py2_only_module(module) {
                    return Some(python::Major::Three);
                }
                if python::is_py3_only_module(module) {
                    return Some(python::Major::Two);
                }
                let mut cursor = stmt.walk();
                let py2_member = stmt
                    .children_by_field_id(crate::field!("name"), &mut cursor)
                    .filter_map(|n| match n.kind_name() {
                        "aliased_import" => n.child_by_field_id(crate::field!("name").get()),
                        _ => Some(n),
                    })
                    .any(|n| python::is_py2_only_member(module, self.node_text(n)));
                py2_member.then_some(python::Major::Three)
            }
            "expression_statement" => {
                // `unicode`, `text_type = unicode`, `str = unicode`
                let expr = stmt.named_child(0)?;
                let value = match expr.kind_name() {
                    "assignment" => expr.child_by_field_id(crate::field!("right").get())?,
                    _ => expr,
                };
                if value.kind_name() != "identifier" {
                    return None;
                }
                let name = self.node_text(value);
                // Bindings inside this `try` are what the guard defines (`unicode = str`
                // in the handler): they do not make the name less of a builtin here.
                if self.bound_outside(value, name, stmt.parent()) {
                    return None;
                }
                if python::is_py2_only_builtin(name) {
                    Some(python::Major::Three)
                } else if python::PY3_ONLY_BUILTINS.contains(&name) {
                    Some(python::Major::Two)
                } else {
                    None
                }
            }
            _ => None,
        }
    }
}

impl<'t> Semantics<'t> {
    /// True when `name`, used at `at`, is bound somewhere outside `outside` (whatever
    /// the guards: this answers the guards' own questions).
    fn bound_outside(&self, at: Node<'t>, name: &str, outside: Option<Node<'t>>) -> bool {
        let try_stmt = outside.and_then(|block| block.parent());
        let inside = |n: Node<'_>| {
            try_stmt
                .is_some_and(|t| t.start_byte() <= n.start_byte() && n.end_byte() <= t.end_byte())
        };
        self.scope_chain(at).into_iter().any(|scope_node| {
            self.scope(scope_node)
                .is_some_and(|scope| scope.get(name).iter().any(|b| !inside(b.statement)))
        })
    }
}

/// The byte ranges of a file's version-guarded branches.
#[derive(Debug, Default, Clone)]
pub struct GuardedRegions {
    /// Code only Python 3 runs: never rewritten (its names still count as references).
    pub py3_only: Vec<(usize, usize)>,
    /// Code only Python 2 runs: rewritten only where Python 3 could not parse it.
    pub py2_only: Vec<(usize, usize)>,
}

impl GuardedRegions {
    /// True when the byte range `start..end` overlaps a region of `regions` (an
    /// insertion strictly inside one counts).
    pub fn overlaps(regions: &[(usize, usize)], start: usize, end: usize) -> bool {
        regions
            .iter()
            .any(|&(s, e)| start < e && end > s && !(start == end && (start == s || start == e)))
    }
}

/// A cheap test on the text: without any of these words a file has no version guard.
fn may_have_guards(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "version",
        "PY2",
        "PY3",
        "py2",
        "py3",
        "Error",
        "Exception",
        "except:",
    ];
    WORDS
        .iter()
        .any(|w| memchr::memmem::find(text.as_bytes(), w.as_bytes()).is_some())
}

/// Nodes worth searching for a nested guard.
fn may_hold_guard(node: Node<'_>) -> bool {
    !matches!(
        node.kind_name(),
        "string" | "comment" | "identifier" | "integer" | "float" | "attribute"
    )
}

/// A `try` whose first statement fails on one Python only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TryGuard {
    /// Where the body (and the `else` clause) runs to its end.
    pub body: Runs,
    /// Where the handlers of the guard's exception run.
    pub handler: Runs,
    /// `ImportError` or `NameError`.
    pub exception: &'static str,
}

fn parse_int(text: &str) -> Option<i64> {
    let t = text.trim_end_matches(['l', 'L']).replace('_', "");
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        i64::from_str_radix(hex, 16).ok()
    } else {
        t.parse().ok()
    }
}

fn version_string(v: Version) -> String {
    format!("{}.{}.0", v.major, v.minor)
}

/// Compare the value of `expr` on version `v` with `literal`; `None` when the answer
/// depends on more than the major and minor version.
fn compare_version(expr: VersionExpr, v: Version, literal: &Literal) -> Option<Ordering> {
    match (expr, literal) {
        (VersionExpr::Info(slice), Literal::Tuple(items)) => {
            // `sys.version_info` has five items: major, minor, micro, level, serial.
            let our_len = slice.unwrap_or(5).min(5);
            let ours = [v.major, v.minor];
            for (i, &item) in items.iter().enumerate() {
                if i >= our_len {
                    // The slice ended first: a shorter tuple compares less.
                    return Some(Ordering::Less);
                }
                let mine = *ours.get(i)?; // past the minor, the micro version decides
                match mine.cmp(&item) {
                    Ordering::Equal => continue,
                    other => return Some(other),
                }
            }
            Some(our_len.cmp(&items.len()))
        }
        (VersionExpr::Major, Literal::Int(n)) => Some(v.major.cmp(n)),
        (VersionExpr::Minor, Literal::Int(n)) => Some(v.minor.cmp(n)),
        (VersionExpr::HexVersion, Literal::Int(n)) => {
            let low = (v.major << 24) | (v.minor << 16);
            let high = low | 0xffff;
            if high < *n {
                Some(Ordering::Less)
            } else if low > *n {
                Some(Ordering::Greater)
            } else {
                None
            }
        }
        (VersionExpr::VersionString, Literal::Str(s)) => {
            let ours = version_string(v);
            // Only a comparison decided by the major/minor part is certain.
            let decided = s.len() <= 1 || s.starts_with(&format!("{}.", v.major));
            decided.then(|| ours.as_str().cmp(s.as_str()))
        }
        (VersionExpr::VersionChar, Literal::Str(s)) => {
            Some(v.major.to_string().as_str().cmp(s.as_str()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    use crate::semantics::Py3Range;

    /// Where the statement on `line` (1-based) runs.
    fn runs_at(src: &str, line: usize) -> Runs {
        let tree = parse(src).expect("parses");
        let sem = Semantics::new(src, tree.root_node(), Py3Range::for_target((2, 7)));
        let mut found = None;
        crate::syntax::preorder(tree.root_node(), |n| {
            if found.is_none()
                && n.start_position().row + 1 == line
                && n.kind_name() == "expression_statement"
            {
                found = Some(n);
            }
            crate::syntax::Visit::Descend
        });
        sem.runs_on(found.expect("a statement on that line"))
    }

    #[test]
    fn if_guards() {
        let src = "import sys\nif sys.version_info[0] >= 3:\n    a = 1\nelse:\n    b = 2\nif sys.version_info < (3,):\n    c = 3\nelif x:\n    d = 4\nif sys.version_info > (3,):\n    e = 5\nif sys.version_info >= (3, 6):\n    f = 6\n";
        assert_eq!(runs_at(src, 3), Runs::PY3_ONLY);
        assert_eq!(runs_at(src, 5), Runs::PY2_ONLY);
        assert_eq!(runs_at(src, 7), Runs::PY2_ONLY);
        assert_eq!(runs_at(src, 9), Runs::PY3_ONLY);
        assert_eq!(runs_at(src, 11), Runs::PY3_ONLY);
        assert_eq!(runs_at(src, 13), Runs::PY3_ONLY);
    }

    #[test]
    fn flags_and_six() {
        let src = "import six\nimport sys\nPY3 = sys.version_info[0] == 3\nPY2 = not PY3\nif PY2:\n    a = 1\nif six.PY3:\n    b = 1\nif not six.PY2 and x:\n    c = 1\nif PY3 or x:\n    d = 1\n";
        assert_eq!(runs_at(src, 6), Runs::PY2_ONLY);
        assert_eq!(runs_at(src, 8), Runs::PY3_ONLY);
        assert_eq!(runs_at(src, 10), Runs::PY3_ONLY);
        assert_eq!(runs_at(src, 12), Runs::BOTH);
        // Both sides are Python 2 imports: not a version guard.
        let imports = "try:\n    from cStringIO import StringIO\nexcept ImportError:\n    from StringIO import StringIO\n";
        let tree = parse(imports).expect("parses");
        let sem = Semantics::new(imports, tree.root_node(), Py3Range::for_target((2, 7)));
        let try_stmt = tree.root_node().named_child(0).expect("a try");
        assert!(sem.try_guard(try_stmt).is_none());
    }

    #[test]
    fn try_guards() {
        let src = "try:\n    unicode\nexcept NameError:\n    unicode = str\ntry:\n    import cPickle as pickle\nexcept ImportError:\n    pickle = None\ntry:\n    x = 1\nexcept NameError:\n    y = 2\ntry:\n    from cStringIO import StringIO\nexcept ImportError:\n    from StringIO import StringIO\n";
        assert_eq!(runs_at(src, 2), Runs::PY2_ONLY);
        assert_eq!(runs_at(src, 4), Runs::PY3_ONLY);
        assert_eq!(runs_at(src, 8), Runs::PY3_ONLY);
        assert_eq!(runs_at(src, 12), Runs::BOTH);
    }

    #[test]
    fn conditional_expressions_and_regions() {
        let src = "import sys\ntext = unicode if sys.version_info[0] == 2 else str\nif sys.version_info[0] >= 3:\n    a = 1\n";
        let tree = parse(src).expect("parses");
        let sem = Semantics::new(src, tree.root_node(), Py3Range::for_target((3, 11)));
        let regions: Vec<&str> = sem
            .guarded_regions()
            .py3_only
            .iter()
            .map(|&(s, e)| &src[s..e])
            .collect();
        assert_eq!(regions, vec!["str", "a = 1"]);
    }
}
