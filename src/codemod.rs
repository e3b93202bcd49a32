//! The interface between the engine and codemods.
//!
//! The engine walks each syntax tree once and hands every node to the codemods that asked
//! for its kind ([`Codemod::kinds`]); whole-file codemods use [`Codemod::check_file`].
//! Codemods only *propose* fixes through [`Fixes`]: they never touch files, git or the
//! terminal.

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;
use tree_sitter::{Node, Tree};

use crate::edit::{Fix, Note, Splice};
use crate::imports::Imports;
use crate::prefilter::FileText;
use crate::semantics::{Py3Range, Runs, Semantics};

/// How much review a codemod's output needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    /// Behaviour-preserving on Python 3.
    Safe,
    /// Usually right, but a reviewer should read the diff.
    Review,
}

impl Safety {
    pub fn as_str(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Review => "review",
        }
    }
}

/// A Python version as (major, minor).
pub type PyVersion = (u8, u8);

/// Options that influence what codemods do. Built by the CLI/config layer.
#[derive(Debug, Clone)]
pub struct Options {
    /// The Python 3 version the output must run on (decides removed-API fixes).
    pub target_version: PyVersion,
    /// Also migrate Python code inside docstring examples (doctests).
    pub doctests: bool,
    /// How a Python 2 `str` in documented types is read: `"str"` or `"bytes"`.
    pub py2_str: String,
    /// Directory of `.pyi` stubs for `annotate`.
    pub stubs: Option<std::path::PathBuf>,
    /// Which sources `annotate` reads (`stubs`, `comments`, `docstrings`).
    pub annotate_from: Vec<String>,
    /// `annotate`: remove type information from docstrings once annotated.
    pub strip_docstring_types: bool,
    /// Per-codemod options from configuration: codemod id → option name → value.
    pub settings: BTreeMap<String, BTreeMap<String, toml::Value>>,
    /// Skip codemods (and parsing) for files whose text rules them out
    /// ([`Codemod::applies_to`]). Off only to check that skipping changes nothing.
    pub prefilter: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            target_version: (3, 11),
            doctests: false,
            py2_str: "str".to_string(),
            stubs: None,
            annotate_from: vec![
                "stubs".to_string(),
                "comments".to_string(),
                "docstrings".to_string(),
            ],
            strip_docstring_types: false,
            settings: BTreeMap::new(),
            prefilter: true,
        }
    }
}

impl Options {
    /// A per-codemod option from configuration, if set.
    pub fn setting(&self, codemod: &str, key: &str) -> Option<&toml::Value> {
        self.settings.get(codemod)?.get(key)
    }
}

/// Everything a codemod may look at while visiting one file.
pub struct Context<'a> {
    pub text: &'a str,
    pub tree: &'a Tree,
    pub path: &'a Path,
    pub options: &'a Options,
    semantics: OnceCell<Semantics<'a>>,
    /// Answers computed once per file (see [`Context::remember`]).
    remembered: RefCell<Remembered>,
}

/// (question, node id) → (name, answer) pairs.
type Remembered = HashMap<(&'static str, usize), Vec<(Box<str>, bool)>>;

impl<'a> Context<'a> {
    pub fn new(text: &'a str, tree: &'a Tree, path: &'a Path, options: &'a Options) -> Self {
        Context {
            text,
            tree,
            path,
            options,
            semantics: OnceCell::new(),
            remembered: RefCell::new(HashMap::new()),
        }
    }

    pub fn root(&self) -> Node<'a> {
        self.tree.root_node()
    }

    /// The source text of a node.
    pub fn text(&self, node: Node<'_>) -> &'a str {
        &self.text[node.start_byte()..node.end_byte()]
    }

    /// The answer to `question` about the node `node_id` and `name` (e.g. "does this
    /// function body bind `name`?"), computed once per file: codemods ask the same thing
    /// for every reference, and the answers walk whole subtrees.
    pub fn remember(
        &self,
        question: &'static str,
        node_id: usize,
        name: &str,
        compute: impl FnOnce() -> bool,
    ) -> bool {
        let known = self
            .remembered
            .borrow()
            .get(&(question, node_id))
            .and_then(|answers| answers.iter().find(|(n, _)| &**n == name).map(|a| a.1));
        if let Some(answer) = known {
            return answer;
        }
        let answer = compute();
        self.remembered
            .borrow_mut()
            .entry((question, node_id))
            .or_default()
            .push((name.into(), answer));
        answer
    }

    /// The module's imports, computed on first use.
    pub fn imports(&self) -> &Imports {
        self.semantics().imports()
    }

    /// What the file's names mean (scopes, bindings, guards, classes), computed piece by
    /// piece as codemods ask.
    pub fn semantics(&self) -> &Semantics<'a> {
        self.semantics.get_or_init(|| {
            Semantics::new(
                self.text,
                self.tree.root_node(),
                Py3Range::for_target(self.options.target_version),
            )
        })
    }

    /// On which Pythons `node` can run (see [`crate::semantics::guards`]).
    pub fn runs_on(&self, node: Node<'a>) -> Runs {
        self.semantics().runs_on(node)
    }
}

/// Collects the fixes and notes one codemod proposes for one file.
pub struct Fixes {
    codemod: String,
    pub(crate) fixes: Vec<Fix>,
    pub(crate) notes: Vec<Note>,
}

impl Fixes {
    pub fn new(codemod: &str) -> Fixes {
        Fixes {
            codemod: codemod.to_string(),
            fixes: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Propose a fix made of several splices, reported at `at`'s line.
    pub fn add(&mut self, at: Node<'_>, reason: impl Into<String>, splices: Vec<Splice>) {
        if splices.is_empty() {
            return;
        }
        self.fixes.push(Fix {
            codemod: self.codemod.clone(),
            line: at.start_position().row + 1,
            reason: reason.into(),
            splices,
            edits_guards: false,
            unguards: false,
        });
    }

    /// Propose a fix that deliberately rewrites a version guard or the code in one (see
    /// [`Fix::edits_guards`]).
    pub fn add_guard_edit(
        &mut self,
        at: Node<'_>,
        reason: impl Into<String>,
        splices: Vec<Splice>,
    ) {
        if splices.is_empty() {
            return;
        }
        self.fixes.push(Fix {
            codemod: self.codemod.clone(),
            line: at.start_position().row + 1,
            reason: reason.into(),
            splices,
            edits_guards: true,
            unguards: false,
        });
    }

    /// Propose a fix that collapses a version guard: what it keeps is Python 3 code no
    /// longer guarded, which the next pass migrates (see [`Fix::unguards`]).
    pub fn add_unguarding(
        &mut self,
        at: Node<'_>,
        reason: impl Into<String>,
        splices: Vec<Splice>,
    ) {
        if splices.is_empty() {
            return;
        }
        self.fixes.push(Fix {
            codemod: self.codemod.clone(),
            line: at.start_position().row + 1,
            reason: reason.into(),
            splices,
            edits_guards: true,
            unguards: true,
        });
    }

    /// Replace a node's text.
    pub fn replace(&mut self, node: Node<'_>, text: impl Into<String>, reason: impl Into<String>) {
        let splice = Splice::new(node.start_byte(), node.end_byte(), text);
        self.add(node, reason, vec![splice]);
    }

    /// Put `before` and `after` around a node without touching its text.
    pub fn wrap(&mut self, node: Node<'_>, before: &str, after: &str, reason: impl Into<String>) {
        let splices = vec![
            Splice::new(node.start_byte(), node.start_byte(), before),
            Splice::new(node.end_byte(), node.end_byte(), after),
        ];
        self.add(node, reason, splices);
    }

    /// Record a deliberate non-edit ("left alone: consumed by sorted()").
    pub fn note(&mut self, at: Node<'_>, message: impl Into<String>) {
        self.push_note(at, message.into(), false);
    }

    /// Record something the user must look at: a change we could not make safely.
    pub fn review(&mut self, at: Node<'_>, message: impl Into<String>) {
        self.push_note(at, message.into(), true);
    }

    fn push_note(&mut self, at: Node<'_>, message: String, needs_review: bool) {
        self.notes.push(Note {
            codemod: self.codemod.clone(),
            line: at.start_position().row + 1,
            message,
            needs_review,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.fixes.is_empty() && self.notes.is_empty()
    }
}

/// A codemod: one rewrite, with its documentation.
pub trait Codemod: Send + Sync {
    /// The kebab-case name users type (`lazy-map`).
    fn id(&self) -> &str;

    /// One line for `pymig list`.
    fn summary(&self) -> String {
        crate::docs::summary(self.id()).to_string()
    }

    /// The full Markdown documentation for `pymig explain`.
    fn docs(&self) -> String {
        crate::docs::docs(self.id()).to_string()
    }

    fn safety(&self) -> Safety {
        Safety::Safe
    }

    /// A cheap test on the whole file, run before parsing: `false` when the codemod
    /// certainly has nothing to do here (json-sort-keys: no `dump` or `dumps` word). The
    /// engine then skips the codemod for this file, and skips parsing entirely when no
    /// codemod is left. Must never say `false` for a file the codemod would change or
    /// note: the fixture test and `scripts/prefilter-check.sh` run every case both ways.
    /// Default: always run.
    fn applies_to(&self, _file: &FileText<'_>) -> bool {
        true
    }

    /// Do now the work the codemod would do on first use (compiling a rule's queries), if
    /// not done yet: [`Engine::prepare`] calls it ahead of the first file.
    ///
    /// [`Engine::prepare`]: crate::engine::Engine::prepare
    fn prepare(&self) {}

    /// The node kinds `visit` wants to see (named kinds of tree-sitter-python).
    fn kinds(&self) -> &[&'static str] {
        &[]
    }

    /// For a codemod whose `kinds` include `identifier`: the only identifier texts it acts
    /// on (`["unicode", "unichr"]`), so the engine need not call it for every name in the
    /// file. `None` (the default): every identifier. Like `applies_to`, this is skipped
    /// with `--no-prefilter`, and the fixture test compares both ways.
    fn identifier_texts(&self) -> Option<&[&'static str]> {
        None
    }

    /// Called for every node of a kind listed in `kinds`, in document order.
    fn visit<'t>(&self, _node: Node<'t>, _ctx: &Context<'t>, _fixes: &mut Fixes) {}

    /// True for codemods whose fixes may touch regions that do not parse (ERROR nodes).
    /// The engine drops every other codemod's fixes there; a repairing codemod's rewrite is
    /// still verified to leave no more parse errors than before.
    fn repairs_errors(&self) -> bool {
        false
    }

    /// True for codemods that rewrite Python 2 *syntax* (print statements, `except E, e`,
    /// backticks, `0777`): a branch of a version guard that only Python 2 runs must still
    /// parse on Python 3, so these rewrite it too. The engine drops other codemods' fixes
    /// there: Python 3 never runs that code, and it is right for Python 2 as it is.
    fn rewrites_syntax(&self) -> bool {
        false
    }

    /// Called once per file, after the walk, for whole-file rewrites.
    fn check_file(&self, _ctx: &Context<'_>, _fixes: &mut Fixes) {}

    /// The options this codemod declares, with their defaults (for `pymig config` and
    /// documentation). Empty when it declares none.
    fn option_defaults(&self) -> Vec<(String, toml::Value)> {
        Vec::new()
    }

    /// Check a configured option (`[tool.pymig.<id>] key = value`); the error says what
    /// is wrong. Codemods that declare no options accept anything.
    fn check_setting(&self, _key: &str, _value: &toml::Value) -> Result<(), String> {
        Ok(())
    }
}
