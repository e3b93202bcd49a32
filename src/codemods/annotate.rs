//! Turn types recorded in stubs, type comments and docstrings into annotations.
//!
//! ## What it does
//! Adds parameter, return and variable annotations from three sources, in priority order
//! (choose with `--annotate-from stubs,comments,docstrings`):
//!
//! 1. **Stubs** (`--stubs DIR`): `.pyi` files, e.g. MonkeyType's `stub` output. A module's
//!    stub is found by its module path: the file's path relative to the top of its package
//!    (the highest chain of directories holding an `__init__.py`). `pkg/sub/mod.py` reads
//!    `DIR/pkg/sub/mod.pyi`; `pkg/__init__.py` reads `DIR/pkg/__init__.pyi` (or
//!    `DIR/pkg.pyi`); a file outside any package, `tool.py`, reads `DIR/tool.pyi`. Functions,
//!    methods (`Class.method`, nested classes too) and annotated class attributes and module
//!    variables (`x: int`) are used; overloaded functions are not.
//! 2. **Type comments**: a signature comment `# type: (str, int) -> bool` (on the `def`
//!    line or the first line of the body; `(...) -> bool` gives only the return type), the
//!    per-argument form `a,  # type: str` on each parameter line, and
//!    `x = []  # type: List[int]` for variables. The comment is removed once everything it
//!    says is in place; other comment text stays (`# type: int  # noqa` keeps `# noqa`).
//!    `# type: ignore` is never touched.
//! 3. **Docstrings**, in every common style:
//!    - epydoc: `@param str name`, `@param name: ...` with `@type name: str`, `@rtype: str`;
//!    - Sphinx/reST: `:param str name: ...`, `:type name: str`, `:rtype: str`;
//!    - Google: `Args:` with `name (str): ...` / `name (str, optional): ...`, and `Returns:`
//!      with `str: ...`;
//!    - NumPy: `Parameters` / `----------` with `name : str` (also `a, b : int`), and
//!      `Returns` / `-------` with a single `str` or `name : str` entry.
//!
//!    `__init__` parameters may also be documented in the class docstring's NumPy
//!    `Parameters` or Google `Args:` section; the method's own docstring comes first.
//!    (epydoc/Sphinx fields in a class docstring describe attributes and are not used.)
//!
//! Documented types are read from prose and written for `--target-version`:
//!
//! | written                         | 3.8                     | 3.11 (default)        |
//! |---------------------------------|-------------------------|-----------------------|
//! | `str or None`, `str, optional`  | `Optional[str]`         | `str \| None`         |
//! | `int or str`                    | `Union[int, str]`       | `int \| str`          |
//! | `list of str`                   | `List[str]`             | `list[str]`           |
//! | `dict of str to int`            | `Dict[str, int]`        | `dict[str, int]`      |
//! | `tuple of (int, str)`           | `Tuple[int, str]`       | `tuple[int, str]`     |
//! | `tuple of int`                  | `Tuple[int, ...]`       | `tuple[int, ...]`     |
//! | `set of int`, `iterable of str` | `Set[int]`, `Iterable[str]` | `set[int]`, `Iterable[str]` |
//! | `callable`, `function`          | `Callable[..., Any]`    | `Callable[..., Any]`  |
//! | `int`, `long`                   | `int`                   | `int`                 |
//! | `unicode`, `basestring`         | `str`                   | `str`                 |
//! | `bool`, `boolean`, `float`, `object`, `None` | the same   | the same              |
//! | `pkg.Class`, `` :class:`~pkg.Class` ``, `L{Class}` | `pkg.Class` | `pkg.Class`   |
//!
//! Python type syntax (`List[int]`, `Optional[str]`, `Dict[str, Any]`, `Callable[[int],
//! str]`) is accepted everywhere and kept as written, except that lowercase builtin
//! generics (`list[int]`) become `List[int]` for 3.8 and `X | Y` becomes `Union`/`Optional`
//! before 3.10. A Python 2 `str` (in docstrings and type comments, not stubs) is `str`,
//! or `bytes` with `--py2-str=bytes`.
//!
//! Further rules:
//! - A parameter whose default is `None` gets `Optional[...]` / `... | None` (no implicit
//!   Optional, PEP 484). `, optional` makes a type optional only when the default is
//!   `None` or there is no default (otherwise it just means "has a default").
//! - `self` / `cls` (the first parameter of a method that is not a `@staticmethod`) are not
//!   annotated; `*args` / `**kwargs` are (with the type of one element). `__init__` gets
//!   `-> None` when any of its parameters is annotated.
//! - Parameters with defaults get PEP 8 spacing: `name=None` becomes
//!   `name: str | None = None`. Everything else in the signature (line breaks, comments,
//!   decorators, defaults) is kept.
//! - `typing` names used by an annotation are imported, merged into an existing
//!   module-level `from typing import ...` when there is one, else a new import is placed
//!   after the docstring, `__future__` imports and leading imports. In a file that gets
//!   new annotations, a `typing` name that an annotation already there uses without an
//!   import is imported too.
//! - Names must resolve where the annotation is evaluated: a class defined later in the
//!   module (or the class being defined) is quoted (`"Node"`); a dotted name whose head is
//!   imported is used as is; a bare name that is neither imported nor defined in the module
//!   is left out and reported.
//! - `--strip-docstring-types` removes the types that became annotations from docstrings,
//!   keeping the prose: `@param str x: the x` → `@param x: the x`, `:type x: str` and
//!   `:rtype: str` lines go, `x (str): the x` → `x: the x`, `Returns:` `str: the s` →
//!   `the s`, NumPy `x : str` → `x` (a bare NumPy return type line is kept).
//!
//! ## Why
//! Python 2 codebases often record types in docstrings and comments that no tool checks.
//! As annotations, a type checker can catch bad calls.
//!
//! ## Example
//! ```python
//! def compose_from_max_id(max_id):
//!     '''@param str max_id'''
//!     return max_id
//! def sphinx(count, name=None):
//!     """Do a thing.
//!
//!     :param int count: how many
//!     :type name: str
//!     :rtype: bool
//!     """
//! def google(items, flag):
//!     """Summarise.
//!
//!     Args:
//!         items (list of str): the items
//!         flag (bool): a flag
//!
//!     Returns:
//!         dict: the summary
//!     """
//! def commented(a, b):
//!     # type: (str, int) -> bool
//!     return True
//! x = []  # type: List[int]
//! ```
//! becomes
//! ```python
//! from typing import List
//! def compose_from_max_id(max_id: str):
//!     '''@param str max_id'''
//!     return max_id
//! def sphinx(count: int, name: str | None = None) -> bool:
//!     """Do a thing.
//!
//!     :param int count: how many
//!     :type name: str
//!     :rtype: bool
//!     """
//! def google(items: list[str], flag: bool) -> dict:
//!     """Summarise.
//!
//!     Args:
//!         items (list of str): the items
//!         flag (bool): a flag
//!
//!     Returns:
//!         dict: the summary
//!     """
//! def commented(a: str, b: int) -> bool:
//!     return True
//! x: List[int] = []
//! ```
//! NumPy style:
//! ```python
//! def scale(x, factor=None):
//!     """Scale.
//!
//!     Parameters
//!     ----------
//!     x : float
//!         The value.
//!     factor : float, optional
//!
//!     Returns
//!     -------
//!     float
//!     """
//! ```
//! becomes `def scale(x: float, factor: float | None = None) -> float:`. The per-argument
//! comment form
//! ```python
//! def send(host,  # type: str
//!          port,  # type: int
//!          ):
//!     # type: (...) -> bool
//! ```
//! becomes
//! ```python
//! def send(host: str,
//!          port: int,
//!          ) -> bool:
//! ```
//! and with `--stubs stubs`, `stubs/shapes.pyi` containing
//! `class Box: size: int; def area(self) -> float: ...` annotates `size = 0` in class
//! `Box` of `shapes.py` as `size: int = 0` and `def area(self)` as `def area(self) -> float`.
//!
//! ## Left alone
//! - Existing annotations are never changed. When a source disagrees with one, or sources
//!   disagree with each other, the highest-priority type is kept and the conflict is
//!   reported with both values.
//! - Types that cannot be read (`a list of things`, `dict of str` without a value type,
//!   a NumPy `Returns` section with several values, a type comment whose count of
//!   arguments does not match) are skipped and reported, never guessed.
//! - Instance attributes assigned in methods (`self.x = ...`), even when the stub
//!   declares `x` on the class.
//! - A function that keeps a type comment that could not be used (unreadable, unknown
//!   names, wrong number of types, or `--annotate-from` without `comments`): annotations
//!   beside a signature type comment are an error for type checkers.
//! - Lambdas; tuple parameters (`def f((a, b))`); type comments on `for` / `with`
//!   statements and on assignments to several targets; `# type: ignore`.
//! - A docstring that would be left empty by `--strip-docstring-types` is kept as is.
//!
//! ## Fix safety
//! Review. Annotations do not change what the code does (except that names in
//! annotations are evaluated when the `def` runs — this codemod only uses names that
//! resolve), but documented types are often wrong: read the diff and run a type checker.

use crate::syntax::KindName;
use std::collections::{BTreeSet, HashMap};

use tree_sitter::Node;

use crate::analysis::doc_types::{self, DocEntry};
use crate::analysis::stubs::{self, Stub};
use crate::analysis::type_expr::{self, Parsed, ReadOptions, TYPING_NAMES};
use crate::codemod::{Codemod, Context, Fixes, PyVersion, Safety};
use crate::edit::Splice;
use crate::prefilter::FileText;

pub struct Annotate;

impl Codemod for Annotate {
    fn id(&self) -> &str {
        "annotate"
    }

    fn safety(&self) -> Safety {
        Safety::Review
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // As `check_file` decides which sources to read: with stubs, anything may get an
        // annotation; type comments need their marker; docstrings are read only for a
        // `def` (and its class's docstring for `__init__`).
        let options = file.options();
        let wants = |s: &str| options.annotate_from.iter().any(|a| a == s);
        (options.stubs.is_some() && wants("stubs"))
            || (wants("comments") && file.has_word("type") && file.text().contains("type:"))
            || (wants("docstrings") && file.has_name("def"))
    }

    fn check_file(&self, ctx: &Context<'_>, fixes: &mut Fixes) {
        let options = ctx.options;
        let wants = |s: &str| options.annotate_from.iter().any(|a| a == s);
        let stub = match (&options.stubs, wants("stubs")) {
            (Some(dir), true) => stubs::load(dir, ctx.path).map(|(_, stub)| stub),
            _ => None,
        };
        let comments = wants("comments") && ctx.text.contains("type:");
        let docstrings = wants("docstrings");
        if stub.is_none() && !comments && !docstrings {
            return;
        }
        let root = ctx.root();
        let mut run = Run {
            ctx,
            stub: stub.as_ref(),
            comments,
            docstrings,
            target: options.target_version,
            py2_bytes: options.py2_str == "bytes",
            strip: options.strip_docstring_types,
            future_annotations: ctx.imports().has_future("annotations"),
            module_scope: scope_of(root, ctx.text),
            splices: Vec::new(),
            typing: BTreeSet::new(),
            units: Vec::new(),
            existing_typing: BTreeSet::new(),
            messages: Vec::new(),
            overridden: Vec::new(),
        };
        run.block(root, "", None, false);
        let Run {
            units,
            messages,
            existing_typing,
            ..
        } = run;
        for (node, message, review) in messages {
            if review {
                fixes.review(node, message);
            } else {
                fixes.note(node, message);
            }
        }
        // One fix per function (or variable), so a conflict or a `# pymig: skip` pragma
        // holds back only that one. The `typing` import is a fix of its own; it also covers
        // annotations already in the file (say, added by an earlier pass whose import fix
        // was deferred), so no annotation is left without its import.
        if units.is_empty() {
            return;
        }
        let semantics = ctx.semantics();
        let mut missing: BTreeSet<&str> = existing_typing
            .iter()
            .map(String::as_str)
            .filter(|name| !semantics.module_binds(name))
            .collect();
        for unit in &units {
            missing.extend(
                unit.typing
                    .iter()
                    .map(String::as_str)
                    .filter(|name| !semantics.module_binds(name)),
            );
        }
        let import = (!missing.is_empty()).then(|| {
            let names: Vec<&str> = missing.iter().copied().collect();
            crate::imports::add_from_import_splice(root, ctx.text, "typing", &names)
        });
        let import_blocked = import
            .as_ref()
            .is_some_and(|splice| skip_pragma(ctx.text, std::slice::from_ref(splice)));
        for unit in units {
            if import_blocked && !unit.typing.is_empty() {
                fixes.review(
                    unit.at,
                    "not annotated: the `typing` import it needs would go on a line with a `# pymig: skip` pragma",
                );
                continue;
            }
            fixes.add(unit.at, REASON, unit.splices);
        }
        if let (Some(splice), false) = (import, import_blocked) {
            fixes.add(
                root,
                "import the `typing` names the annotations use",
                vec![splice],
            );
        }
    }
}

const REASON: &str = "types from stubs, type comments and docstrings become annotations";

/// True when a `# pymig: skip` (or `skip=...annotate...`) pragma is on a line the splices
/// touch: the engine would drop the fix, and with it the import other fixes rely on.
fn skip_pragma(text: &str, splices: &[Splice]) -> bool {
    let (Some(start), Some(end)) = (
        splices.iter().map(|s| s.start).min(),
        splices.iter().map(|s| s.end).max(),
    ) else {
        return false;
    };
    let from = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let to = crate::imports::line_end(text, end);
    text[from..to].lines().any(|line| {
        let Some(at) = line.find("pymig:") else {
            return false;
        };
        let directive = line[at + "pymig:".len()..].trim_start();
        let word: String = directive
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '#')
            .collect();
        word == "skip"
            || word
                .strip_prefix("skip=")
                .is_some_and(|ids| ids.split(',').any(|id| id.trim() == "annotate"))
    })
}

/// The edits for one function or variable, and the `typing` names they use.
struct Unit<'t> {
    at: Node<'t>,
    splices: Vec<Splice>,
    typing: BTreeSet<String>,
}

/// Names a scope (module or class body) binds, with the byte range of the binding
/// statement.
type Scope = HashMap<String, (usize, usize)>;

fn scope_of(block: Node<'_>, text: &str) -> Scope {
    let mut scope = Scope::new();
    fn add(node: Node<'_>, text: &str, scope: &mut Scope) {
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            let def = if child.kind_name() == "decorated_definition" {
                child.child_by_field_id(crate::field!("definition").get())
            } else {
                Some(child)
            };
            let Some(def) = def else { continue };
            match def.kind_name() {
                "class_definition" | "function_definition" => {
                    if let Some(name) = def.child_by_field_id(crate::field!("name").get()) {
                        scope
                            .entry(text[name.byte_range()].to_string())
                            .or_insert((child.start_byte(), child.end_byte()));
                    }
                }
                "expression_statement" => {
                    if let Some(assign) =
                        def.named_child(0).filter(|a| a.kind_name() == "assignment")
                    {
                        if let Some(left) = assign
                            .child_by_field_id(crate::field!("left").get())
                            .filter(|l| l.kind_name() == "identifier")
                        {
                            scope
                                .entry(text[left.byte_range()].to_string())
                                .or_insert((child.start_byte(), child.end_byte()));
                        }
                    }
                }
                "if_statement" | "try_statement" | "block" | "else_clause" | "elif_clause"
                | "except_clause" | "finally_clause" | "with_statement" => add(def, text, scope),
                _ => {}
            }
        }
    }
    add(block, text, &mut scope);
    scope
}

/// Where a type came from, in priority order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Stub,
    Comment,
    Docstring,
}

impl Origin {
    fn label(self) -> &'static str {
        match self {
            Origin::Stub => "stub",
            Origin::Comment => "type comment",
            Origin::Docstring => "docstring",
        }
    }
}

/// The outcome of [`Run::choose`] for one slot.
enum Choice {
    /// Add this annotation; these sources agree with it.
    Add(String, Vec<usize>),
    /// Already annotated; these sources agree with the annotation.
    Existing(Vec<usize>),
    /// Nothing to add.
    Nothing,
}

/// One source's opinion about one type.
struct Candidate {
    origin: Origin,
    /// The type as written.
    raw: String,
    parsed: Result<Parsed, String>,
    /// Soft candidates (possibly prose) are dropped silently when unreadable.
    soft: bool,
    /// Which comment / docstring entry it came from (index into the function's lists).
    from: Provenance,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Provenance {
    None,
    Comment(usize),
    Doc(usize),
}

struct Param<'t> {
    name: String,
    /// The node after which `: T` goes (the identifier, or the splat pattern).
    name_end: usize,
    existing: Option<Node<'t>>,
    default: Option<Node<'t>>,
    star: &'static str,
    node: Node<'t>,
}

struct Run<'a, 's, 'c> {
    ctx: &'a Context<'c>,
    stub: Option<&'s Stub>,
    comments: bool,
    docstrings: bool,
    target: PyVersion,
    py2_bytes: bool,
    strip: bool,
    future_annotations: bool,
    module_scope: Scope,
    splices: Vec<Splice>,
    typing: BTreeSet<String>,
    /// Finished edits, one per function or variable.
    units: Vec<Unit<'a>>,
    /// `typing` names that annotations already in the file use.
    existing_typing: BTreeSet<String>,
    messages: Vec<(Node<'a>, String, bool)>,
    /// Candidates of the last [`Run::choose`] call that disagreed with the chosen type
    /// (reported as conflicts; their type comments may go).
    overridden: Vec<usize>,
}

const STATEMENT_CONTAINERS: &[&str] = &[
    "if_statement",
    "elif_clause",
    "else_clause",
    "try_statement",
    "except_clause",
    "finally_clause",
    "with_statement",
    "for_statement",
    "while_statement",
    "block",
];

impl<'a> Run<'a, '_, '_> {
    fn text(&self, node: Node<'_>) -> &'a str {
        &self.ctx.text[node.byte_range()]
    }

    fn review(&mut self, node: Node<'a>, message: String) {
        self.messages.push((node, message, true));
    }

    fn note(&mut self, node: Node<'a>, message: String) {
        self.messages.push((node, message, false));
    }

    fn push(&mut self, _at: Node<'a>, splice: Splice) {
        self.splices.push(splice);
    }

    /// Record the bare `typing` names (`List`, not `typing.List`) an annotation uses.
    fn scan_typing_uses(&mut self, annotation: Node<'a>) {
        let text = self.text(annotation);
        if !TYPING_NAMES.iter().any(|name| text.contains(name)) {
            return;
        }
        let mut stack = vec![annotation];
        while let Some(node) = stack.pop() {
            if node.kind_name() == "identifier" {
                let name = self.text(node);
                let qualified = node.parent().is_some_and(|p| p.kind_name() == "attribute");
                if !qualified && TYPING_NAMES.contains(&name) {
                    self.existing_typing.insert(name.to_string());
                }
                continue;
            }
            if node.kind_name() == "string" {
                continue;
            }
            let mut cursor = node.walk();
            stack.extend(node.named_children(&mut cursor));
        }
    }

    /// Close the current function's (or variable's) edits into a [`Unit`].
    fn finish_unit(&mut self, at: Node<'a>) {
        let typing = std::mem::take(&mut self.typing);
        if !self.splices.is_empty() {
            let splices = std::mem::take(&mut self.splices);
            self.units.push(Unit {
                at,
                splices,
                typing,
            });
        }
    }

    /// Visit the statements of a module, class body or other block. `prefix` is the
    /// qualified-name prefix for stubs (`None` inside functions); `class` the class scope.
    fn block(&mut self, block: Node<'a>, prefix: &str, class: Option<&Scope>, in_function: bool) {
        let mut cursor = block.walk();
        let children: Vec<Node<'a>> = block.named_children(&mut cursor).collect();
        for (index, child) in children.iter().enumerate() {
            let child = *child;
            let (def, decorators) = if child.kind_name() == "decorated_definition" {
                (
                    child.child_by_field_id(crate::field!("definition").get()),
                    Some(child),
                )
            } else {
                (Some(child), None)
            };
            let Some(def) = def else { continue };
            match def.kind_name() {
                "function_definition" => {
                    let qualified = (!in_function).then(|| {
                        let name = def
                            .child_by_field_id(crate::field!("name").get())
                            .map(|n| self.text(n))
                            .unwrap_or("");
                        format!("{prefix}{name}")
                    });
                    self.function(def, decorators.unwrap_or(def), qualified, class);
                    self.finish_unit(def);
                    if let Some(body) = def.child_by_field_id(crate::field!("body").get()) {
                        self.block(body, "", None, true);
                    }
                }
                "class_definition" => {
                    let (Some(name), Some(body)) = (
                        def.child_by_field_id(crate::field!("name").get()),
                        def.child_by_field_id(crate::field!("body").get()),
                    ) else {
                        continue;
                    };
                    let nested = format!("{prefix}{}.", self.text(name));
                    let scope = scope_of(body, self.ctx.text);
                    self.block(body, &nested, Some(&scope), in_function);
                }
                "expression_statement" => {
                    let comment = children.get(index + 1).copied().filter(|c| {
                        c.kind_name() == "comment"
                            && c.start_position().row == def.end_position().row
                    });
                    self.variable(def, comment, prefix, in_function, class);
                    self.finish_unit(def);
                }
                kind if STATEMENT_CONTAINERS.contains(&kind) => {
                    if matches!(kind, "for_statement" | "with_statement") && self.comments {
                        self.type_comment_on_compound(def);
                    }
                    self.block(def, prefix, class, in_function);
                }
                _ => {}
            }
        }
    }

    fn type_comment_on_compound(&mut self, statement: Node<'a>) {
        let mut cursor = statement.walk();
        let comment = statement.named_children(&mut cursor).find(|c| {
            c.kind_name() == "comment" && c.start_position().row == statement.start_position().row
        });
        if let Some(comment) = comment {
            if type_comment_body(self.text(comment)).is_some_and(|t| !t.starts_with("ignore")) {
                self.note(
                    comment,
                    "left alone: a type comment on a for/with statement has no annotation syntax"
                        .into(),
                );
            }
        }
    }

    /// `x = value  # type: T` or a stub attribute → `x: T = value`.
    fn variable(
        &mut self,
        statement: Node<'a>,
        comment: Option<Node<'a>>,
        prefix: &str,
        in_function: bool,
        class: Option<&Scope>,
    ) {
        let Some(assign) = statement
            .named_child(0)
            .filter(|a| a.kind_name() == "assignment")
        else {
            return;
        };
        if let Some(ty) = assign.child_by_field_id(crate::field!("type").get()) {
            self.scan_typing_uses(ty);
            return;
        }
        let comment_type = comment.filter(|_| self.comments).and_then(|c| {
            let body = type_comment_body(self.text(c))?;
            (!body.starts_with("ignore")).then_some((c, body))
        });
        let stub_type = match (self.stub, in_function) {
            (Some(stub), false) => assign
                .child_by_field_id(crate::field!("left").get())
                .filter(|l| l.kind_name() == "identifier")
                .and_then(|l| stub.attributes.get(&format!("{prefix}{}", self.text(l))))
                .cloned(),
            _ => None,
        };
        if comment_type.is_none() && stub_type.is_none() {
            return;
        }
        let (Some(left), Some(right)) = (
            assign.child_by_field_id(crate::field!("left").get()),
            assign.child_by_field_id(crate::field!("right").get()),
        ) else {
            return;
        };
        if left.kind_name() != "identifier"
            || right.kind_name() == "assignment"
            || assign
                .child_by_field_id(crate::field!("type").get())
                .is_some()
        {
            if let Some((c, _)) = comment_type {
                self.note(
                    c,
                    "left alone: type comment on an assignment that is not `name = value`".into(),
                );
            }
            return;
        }
        let mut candidates = Vec::new();
        if let Some(raw) = &stub_type {
            candidates.push(self.candidate(Origin::Stub, raw, false, Provenance::None));
        }
        if let Some((_, body)) = &comment_type {
            candidates.push(self.candidate(Origin::Comment, body, false, Provenance::Comment(0)));
        }
        let name = self.text(left).to_string();
        let Choice::Add(annotation, used) = self.choose(
            statement,
            &name,
            None,
            &candidates,
            None,
            class,
            statement.start_byte(),
        ) else {
            return;
        };
        let between = &self.ctx.text[left.end_byte()..right.start_byte()];
        let spacing = if between.trim() == "=" {
            " = ".to_string()
        } else {
            between.to_string()
        };
        self.push(
            statement,
            Splice::new(
                left.end_byte(),
                right.start_byte(),
                format!(": {annotation}{spacing}"),
            ),
        );
        if let Some((c, body)) = comment_type {
            let _ = body;
            let handled = used
                .iter()
                .chain(self.overridden.iter())
                .any(|i| candidates[*i].origin == Origin::Comment);
            if handled {
                let splice = remove_type_comment(self.ctx.text, c);
                self.push(statement, splice);
            }
        }
    }

    fn candidate(&self, origin: Origin, raw: &str, soft: bool, from: Provenance) -> Candidate {
        let options = ReadOptions {
            py2: origin != Origin::Stub,
            py2_str_bytes: self.py2_bytes,
            prose: origin == Origin::Docstring,
        };
        let parsed = if raw.trim().is_empty() {
            Err("several return values are documented".to_string())
        } else {
            type_expr::parse(raw, options)
        };
        Candidate {
            origin,
            raw: raw.trim().to_string(),
            parsed,
            soft,
            from,
        }
    }

    /// Pick the annotation for one slot from its candidates. Returns the annotation text
    /// and the origins that agree with it (their sources may be removed/stripped).
    #[allow(clippy::too_many_arguments)]
    fn choose(
        &mut self,
        at: Node<'a>,
        what: &str,
        existing: Option<Node<'a>>,
        candidates: &[Candidate],
        default: Option<Node<'a>>,
        class: Option<&Scope>,
        statement_start: usize,
    ) -> Choice {
        self.overridden.clear();
        let default_none = default.is_some_and(|d| d.kind_name() == "none");
        let mut rendered: Vec<(usize, String, type_expr::Needs)> = Vec::new();
        for (index, candidate) in candidates.iter().enumerate() {
            match &candidate.parsed {
                Ok(parsed) => {
                    let mut ty = parsed.ty.clone();
                    if default_none || (parsed.optional_marker && default.is_none()) {
                        ty = type_expr::optional(ty);
                    }
                    let (mut text, needs) = type_expr::render(&ty, self.target);
                    if let Ok((_, renames)) = self.resolve(&needs, class, statement_start) {
                        for (from, to) in renames {
                            text = replace_name(&text, &from, &to);
                        }
                    }
                    rendered.push((index, text, needs));
                }
                Err(reason) if !candidate.soft => {
                    let message = format!(
                        "{what}: {} type `{}` not used: {reason}",
                        candidate.origin.label(),
                        candidate.raw
                    );
                    self.review(at, message);
                }
                Err(_) => {}
            }
        }
        if let Some(existing) = existing {
            let current = self.text(existing);
            let mut agreeing = Vec::new();
            for (index, text, _) in &rendered {
                if type_expr::comparable(text) == type_expr::comparable(current) {
                    agreeing.push(*index);
                } else {
                    self.overridden.push(*index);
                    let message = format!(
                        "{what}: kept the existing annotation `{current}`; the {} says `{text}`",
                        candidates[*index].origin.label()
                    );
                    self.review(at, message);
                }
            }
            return Choice::Existing(agreeing);
        }
        let Some((best_index, best_text, best_needs)) = rendered.first().cloned() else {
            return Choice::Nothing;
        };
        let mut used = vec![best_index];
        for (index, text, _) in rendered.iter().skip(1) {
            if type_expr::comparable(text) == type_expr::comparable(&best_text) {
                used.push(*index);
            } else {
                self.overridden.push(*index);
                let message = format!(
                    "{what}: used the {} type `{best_text}`; the {} says `{text}`",
                    candidates[best_index].origin.label(),
                    candidates[*index].origin.label()
                );
                self.review(at, message);
            }
        }
        match self.resolve(&best_needs, class, statement_start) {
            Ok((quote, renames)) => {
                for name in &best_needs.typing {
                    self.typing.insert(name.clone());
                }
                let mut text = best_text;
                for (from, to) in renames {
                    text = replace_name(&text, &from, &to);
                }
                let text = if quote {
                    self.note(
                        at,
                        format!("{what}: quoted, as it names a class not yet defined where the annotation is evaluated"),
                    );
                    format!("\"{}\"", text.replace('"', ""))
                } else {
                    text
                };
                Choice::Add(text, used)
            }
            Err(problems) => {
                let message = format!("{what}: `{best_text}` not added: {}", problems.join("; "));
                self.review(at, message);
                Choice::Nothing
            }
        }
    }

    /// Can the names an annotation uses be evaluated where the `def` (or assignment) at
    /// `statement_start` runs? `Ok` says whether the annotation must be quoted and which
    /// fully qualified names to write through an import (`twisted.internet.defer.Deferred`
    /// → `defer.Deferred` with `from twisted.internet import defer`); `Err` lists the
    /// names that do not resolve.
    fn resolve(
        &self,
        needs: &type_expr::Needs,
        class: Option<&Scope>,
        statement_start: usize,
    ) -> Result<(bool, Renames), Vec<String>> {
        let mut quote = false;
        let mut unknown = Vec::new();
        let mut renames = Vec::new();
        let imports = self.ctx.imports();
        for name in &needs.names {
            let head = name.split('.').next().unwrap_or(name);
            if imports.targets(head).next().is_some() {
                continue;
            }
            let bound = class
                .and_then(|c| c.get(head))
                .or_else(|| self.module_scope.get(head));
            match bound {
                Some(&(_, end)) => {
                    if end > statement_start {
                        quote = true;
                    }
                }
                None if crate::analysis::type_expr::BUILTIN_NAMES.contains(&head) => {}
                None => match through_import(imports, name) {
                    Some(local) => renames.push((name.clone(), local)),
                    None => unknown.push(format!(
                        "`{name}` is not defined or imported in this module"
                    )),
                },
            }
        }
        // A builtin redefined where the annotation is evaluated would mean something else.
        for name in &needs.builtins {
            let class_binding = class.and_then(|c| c.get(name.as_str()));
            if class_binding.is_some_and(|&(start, _)| start < statement_start)
                || self.ctx.semantics().module_binds(name)
            {
                unknown.push(format!("`{name}` is redefined in this module or class"));
            }
        }
        if !unknown.is_empty() {
            return Err(unknown);
        }
        Ok((quote && !self.future_annotations, renames))
    }

    fn function(
        &mut self,
        def: Node<'a>,
        statement: Node<'a>,
        qualified: Option<String>,
        class: Option<&Scope>,
    ) {
        let Some(params_node) = def.child_by_field_id(crate::field!("parameters").get()) else {
            return;
        };
        let function_name = def
            .child_by_field_id(crate::field!("name").get())
            .map(|n| self.text(n))
            .unwrap_or("")
            .to_string();
        let is_static = statement.kind_name() == "decorated_definition" && {
            let mut cursor = statement.walk();
            let found = statement
                .named_children(&mut cursor)
                .any(|d| d.kind_name() == "decorator" && self.text(d).contains("staticmethod"));
            found
        };
        let method = class.is_some() && !is_static;

        // Parameters, and per-argument type comments (`a,  # type: str`).
        let mut params: Vec<Param<'a>> = Vec::new();
        let mut comments: Vec<Node<'a>> = Vec::new();
        let mut comment_parts: Vec<(usize, usize)> = Vec::new(); // (parts, parts done)
        let mut param_comment: HashMap<usize, usize> = HashMap::new();
        // A type comment that stays (comments not read, or not fully usable): mypy rejects
        // a function with both, so the function is then left alone.
        let mut unused_type_comment = false;
        let mut cursor = params_node.walk();
        for node in params_node.named_children(&mut cursor) {
            if node.kind_name() == "comment" {
                let Some(body) = type_comment_body(self.text(node)) else {
                    continue;
                };
                if body.starts_with("ignore") {
                    continue;
                }
                if !self.comments {
                    unused_type_comment = true;
                    continue;
                }
                if let Some(last) = params.len().checked_sub(1) {
                    if params[last].node.end_position().row == node.start_position().row
                        && !param_comment.contains_key(&last)
                    {
                        param_comment.insert(last, comments.len());
                        comments.push(node);
                        comment_parts.push((1, 0));
                    }
                }
                continue;
            }
            if let Some(param) = self.param(node) {
                params.push(param);
            }
        }
        for param in &params {
            if let Some(existing) = param.existing {
                self.scan_typing_uses(existing);
            }
        }
        if let Some(ret) = def.child_by_field_id(crate::field!("return_type").get()) {
            self.scan_typing_uses(ret);
        }
        let skip_first = method && !params.is_empty();

        // The signature type comment: `# type: (str, int) -> bool`.
        let mut signature_comment: Option<(usize, Vec<String>, Option<String>)> = None;
        let found = {
            let mut c = def.walk();
            let found = def.children(&mut c).find(|n| {
                n.kind_name() == "comment"
                    && n.start_byte() >= params_node.end_byte()
                    && type_comment_body(self.text(*n)).is_some()
            });
            found
        };
        if let Some(comment) = found {
            let body = type_comment_body(self.text(comment));
            if body.is_some_and(|b| !b.starts_with("ignore")) && !self.comments {
                unused_type_comment = true;
            }
        }
        if self.comments {
            if let Some(comment) = found {
                if let Some(body) = type_comment_body(self.text(comment)) {
                    match split_signature(body) {
                        Some((args, ret)) => {
                            let index = comments.len();
                            comments.push(comment);
                            let args = match args {
                                None => Vec::new(),
                                Some(args) => {
                                    let non_self = params.len() - usize::from(skip_first);
                                    if args.len() == params.len() {
                                        args
                                    } else if args.len() == non_self && skip_first {
                                        let mut padded = vec![String::new()];
                                        padded.extend(args);
                                        padded
                                    } else {
                                        self.review(comment, format!(
                                            "{function_name}(): the type comment gives {} argument types for {} parameters; not used",
                                            args.len(),
                                            non_self
                                        ));
                                        comments.pop();
                                        unused_type_comment = true;
                                        signature_comment = None;
                                        Vec::new()
                                    }
                                }
                            };
                            if comments.len() > index {
                                let parts = args.iter().filter(|a| !a.is_empty()).count() + 1;
                                comment_parts.push((parts, 0));
                                signature_comment = Some((index, args, Some(ret)));
                            }
                        }
                        None if !body.starts_with("ignore") => {
                            unused_type_comment = true;
                            self.review(comment, format!("{function_name}(): cannot read the signature type comment `{body}`"));
                        }
                        None => {}
                    }
                }
            }
        }

        // The docstring.
        let docstring = if self.docstrings {
            docstring_content(def)
        } else {
            None
        };
        let mut doc = docstring
            .map(|(start, end)| doc_types::read(&self.ctx.text[start..end], start))
            .unwrap_or_default();
        // Constructor parameters are often documented in the class docstring (NumPy and
        // Google style); the method's own docstring comes first.
        let class_docstring = if self.docstrings && function_name == "__init__" && class.is_some() {
            statement
                .parent()
                .and_then(|block| block.parent())
                .filter(|c| c.kind_name() == "class_definition")
                .and_then(docstring_content)
        } else {
            None
        };
        if let Some((start, end)) = class_docstring {
            let class_doc = doc_types::read(&self.ctx.text[start..end], start);
            // Only sections that document parameters: an epydoc/Sphinx `@type x:` in a
            // class docstring describes the attribute `x`, which may differ.
            doc.params.extend(
                class_doc
                    .params
                    .into_iter()
                    .filter(|e| matches!(e.style, "NumPy" | "Google")),
            );
        }
        let mut doc_done: Vec<bool> = vec![false; doc.params.len() + doc.returns.len()];

        let stub_function = match (&qualified, self.stub) {
            (Some(q), Some(stub)) => {
                if stub.overloaded.contains(q) {
                    self.note(
                        def,
                        format!("{function_name}(): overloaded in the stub; stub not used"),
                    );
                }
                stub.functions.get(q)
            }
            _ => None,
        };

        if let Some(stub) = stub_function {
            for (name, _) in &stub.params {
                if !params.iter().any(|p| p.name == *name) {
                    self.review(
                        def,
                        format!("{function_name}(): the stub has a parameter `{name}` that the function does not; check the stub"),
                    );
                }
            }
        }
        let mut added_param = false;
        for (index, param) in params.iter().enumerate() {
            if param.name.is_empty() || (index == 0 && skip_first) {
                continue;
            }
            let mut candidates = Vec::new();
            if let Some(raw) = stub_function
                .and_then(|f| f.params.iter().find(|(n, _)| *n == param.name))
                .and_then(|(_, t)| t.clone())
            {
                candidates.push(self.candidate(Origin::Stub, &raw, false, Provenance::None));
            }
            if let Some(&k) = param_comment.get(&index) {
                if let Some(body) = type_comment_body(self.text(comments[k])) {
                    candidates.push(self.candidate(
                        Origin::Comment,
                        body,
                        false,
                        Provenance::Comment(k),
                    ));
                }
            }
            if let Some((k, args, _)) = &signature_comment {
                if let Some(arg) = args.get(index).filter(|a| !a.is_empty()) {
                    let arg = arg.trim_start_matches('*').to_string();
                    candidates.push(self.candidate(
                        Origin::Comment,
                        &arg,
                        false,
                        Provenance::Comment(*k),
                    ));
                }
            }
            for (k, entry) in doc.params.iter().enumerate() {
                if entry.name.as_deref() == Some(param.name.as_str()) {
                    candidates.push(self.candidate(
                        Origin::Docstring,
                        &entry.ty,
                        false,
                        Provenance::Doc(k),
                    ));
                }
            }
            if candidates.is_empty() {
                continue;
            }
            let what = format!("{function_name}() parameter `{}{}`", param.star, param.name);
            let choice = self.choose(
                param.node,
                &what,
                param.existing,
                &candidates,
                param.default,
                class,
                statement.start_byte(),
            );
            let agreeing = match choice {
                Choice::Add(text, agreeing) => {
                    let splice = match param.default {
                        Some(default) => {
                            let between = &self.ctx.text[param.name_end..default.start_byte()];
                            let spacing = if between.trim() == "=" {
                                " = ".to_string()
                            } else {
                                between.to_string()
                            };
                            Splice::new(
                                param.name_end,
                                default.start_byte(),
                                format!(": {text}{spacing}"),
                            )
                        }
                        None => Splice::new(param.name_end, param.name_end, format!(": {text}")),
                    };
                    self.push(def, splice);
                    added_param = true;
                    agreeing
                }
                Choice::Existing(agreeing) => agreeing,
                Choice::Nothing => Vec::new(),
            };
            mark_done(
                &candidates,
                &agreeing,
                &self.overridden,
                &mut comment_parts,
                &mut doc_done,
                0,
            );
        }

        // The return type.
        let mut candidates = Vec::new();
        if let Some(raw) = stub_function.and_then(|f| f.returns.clone()) {
            candidates.push(self.candidate(Origin::Stub, &raw, false, Provenance::None));
        }
        if let Some((k, _, Some(ret))) = &signature_comment {
            candidates.push(self.candidate(Origin::Comment, ret, false, Provenance::Comment(*k)));
        }
        for (k, entry) in doc.returns.iter().enumerate() {
            candidates.push(self.candidate(
                Origin::Docstring,
                &entry.ty,
                entry.soft,
                Provenance::Doc(k),
            ));
        }
        let existing_return = def.child_by_field_id(crate::field!("return_type").get());
        if !candidates.is_empty() {
            let what = format!("{function_name}() return type");
            let choice = self.choose(
                def,
                &what,
                existing_return,
                &candidates,
                None,
                class,
                statement.start_byte(),
            );
            let agreeing = match choice {
                Choice::Add(text, agreeing) => {
                    self.push(
                        def,
                        Splice::new(
                            params_node.end_byte(),
                            params_node.end_byte(),
                            format!(" -> {text}"),
                        ),
                    );
                    agreeing
                }
                Choice::Existing(agreeing) => agreeing,
                Choice::Nothing => Vec::new(),
            };
            mark_done(
                &candidates,
                &agreeing,
                &self.overridden,
                &mut comment_parts,
                &mut doc_done,
                doc.params.len(),
            );
        } else if existing_return.is_none() && function_name == "__init__" && added_param {
            self.push(
                def,
                Splice::new(params_node.end_byte(), params_node.end_byte(), " -> None"),
            );
        }

        // Type comments whose every part is now an annotation go.
        for (k, comment) in comments.iter().enumerate() {
            let (parts, done) = comment_parts[k];
            if done >= parts {
                let splice = remove_type_comment(self.ctx.text, *comment);
                self.push(def, splice);
            } else {
                unused_type_comment = true;
            }
        }
        if unused_type_comment && !self.splices.is_empty() {
            self.splices.clear();
            self.typing.clear();
            self.review(
                def,
                format!("{function_name}(): not annotated: it keeps a type comment that could not be used, and annotations beside a type comment are an error"),
            );
            return;
        }

        if self.strip {
            for range in [docstring, class_docstring].into_iter().flatten() {
                self.strip_docstring(def, range, &doc, &doc_done);
            }
        }
    }

    fn strip_docstring(
        &mut self,
        def: Node<'a>,
        (start, end): (usize, usize),
        doc: &doc_types::DocTypes,
        done: &[bool],
    ) {
        let entries: Vec<&DocEntry> = doc.params.iter().chain(doc.returns.iter()).collect();
        let mut edits: Vec<(usize, usize, String)> = entries
            .iter()
            .zip(done)
            .filter(|(_, d)| **d)
            .flat_map(|(e, _)| e.strip.iter().cloned())
            .filter(|(s, e, _)| start <= *s && *e <= end)
            .collect();
        if edits.is_empty() {
            return;
        }
        edits.sort();
        // Whole-line deletions of neighbouring lines may overlap: join them.
        let mut merged: Vec<(usize, usize, String)> = Vec::new();
        for edit in edits {
            match merged.last_mut() {
                Some(last) if edit.0 < last.1 && last.2.is_empty() && edit.2.is_empty() => {
                    last.1 = last.1.max(edit.1)
                }
                Some(last) if edit.0 < last.1 => {}
                _ => merged.push(edit),
            }
        }
        let mut result = String::new();
        let mut cursor = start;
        for (s, e, text) in &merged {
            result.push_str(&self.ctx.text[cursor..*s]);
            result.push_str(text);
            cursor = *e;
        }
        result.push_str(&self.ctx.text[cursor..end]);
        if result.trim().is_empty() {
            self.note(
                def,
                "docstring kept: removing its types would leave it empty".to_string(),
            );
            return;
        }
        for (s, e, text) in merged {
            self.push(def, Splice::new(s, e, text));
        }
    }

    fn param(&self, node: Node<'a>) -> Option<Param<'a>> {
        let simple = |name: Node<'a>, end: usize, star: &'static str| Param {
            name: self.text(name).to_string(),
            name_end: end,
            existing: None,
            default: None,
            star,
            node,
        };
        let splat = |pattern: Node<'a>| -> Option<(Node<'a>, &'static str)> {
            let star = match pattern.kind_name() {
                "list_splat_pattern" => "*",
                "dictionary_splat_pattern" => "**",
                "identifier" => "",
                _ => return None,
            };
            let name = if star.is_empty() {
                pattern
            } else {
                pattern.named_child(0)?
            };
            (name.kind_name() == "identifier").then_some((name, star))
        };
        match node.kind_name() {
            "identifier" | "list_splat_pattern" | "dictionary_splat_pattern" => {
                let (name, star) = splat(node)?;
                Some(simple(name, node.end_byte(), star))
            }
            "typed_parameter" => {
                let pattern = node.named_child(0)?;
                let (name, star) = splat(pattern)?;
                let mut p = simple(name, pattern.end_byte(), star);
                p.existing = node.child_by_field_id(crate::field!("type").get());
                Some(p)
            }
            "default_parameter" | "typed_default_parameter" => {
                let name = node.child_by_field_id(crate::field!("name").get())?;
                if name.kind_name() != "identifier" {
                    return Some(Param {
                        name: String::new(),
                        name_end: node.end_byte(),
                        existing: None,
                        default: None,
                        star: "",
                        node,
                    });
                }
                let mut p = simple(name, name.end_byte(), "");
                p.existing = node.child_by_field_id(crate::field!("type").get());
                p.default = node.child_by_field_id(crate::field!("value").get());
                Some(p)
            }
            "keyword_separator" | "positional_separator" => None,
            // Tuple parameters (`def f((a, b))`): counted for type comments, never annotated.
            _ => Some(Param {
                name: String::new(),
                name_end: node.end_byte(),
                existing: None,
                default: None,
                star: "",
                node,
            }),
        }
    }
}

/// Record that the sources of `agreeing` candidates are now annotations. Type comments
/// that were `overridden` by a higher-priority source (a reported conflict) count as
/// handled too: mypy rejects a function with both annotations and a type comment.
fn mark_done(
    candidates: &[Candidate],
    agreeing: &[usize],
    overridden: &[usize],
    comment_parts: &mut [(usize, usize)],
    doc_done: &mut [bool],
    doc_offset: usize,
) {
    for &index in overridden {
        if let Provenance::Comment(k) = candidates[index].from {
            if let Some(parts) = comment_parts.get_mut(k) {
                parts.1 += 1;
            }
        }
    }
    for &index in agreeing {
        match candidates[index].from {
            Provenance::Comment(k) => {
                if let Some(parts) = comment_parts.get_mut(k) {
                    parts.1 += 1;
                }
            }
            Provenance::Doc(k) => {
                if let Some(done) = doc_done.get_mut(doc_offset + k) {
                    *done = true;
                }
            }
            Provenance::None => {}
        }
    }
}

/// Dotted names to write differently: (as documented, as importable here).
type Renames = Vec<(String, String)>;

/// A fully qualified dotted name written through a module-level import of one of its
/// prefixes: `a.b.C` with `from a import b` → `b.C`; with `from a.b import C` → `C`.
fn through_import(imports: &crate::imports::Imports, name: &str) -> Option<String> {
    imports
        .bindings
        .iter()
        .filter(|b| b.top_level)
        .filter_map(|b| {
            let rest = name.strip_prefix(b.qualified.as_str())?;
            (rest.is_empty() || rest.starts_with('.'))
                .then(|| (b.qualified.len(), format!("{}{rest}", b.local)))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, local)| local)
}

/// Replace the whole dotted name `from` in `text` by `to`.
fn replace_name(text: &str, from: &str, to: &str) -> String {
    let is_name_char = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(from) {
        let before_ok = !rest[..pos].chars().next_back().is_some_and(is_name_char);
        let after_ok = !rest[pos + from.len()..]
            .chars()
            .next()
            .is_some_and(is_name_char);
        out.push_str(&rest[..pos]);
        out.push_str(if before_ok && after_ok { to } else { from });
        rest = &rest[pos + from.len()..];
    }
    out.push_str(rest);
    out
}

/// The type text of a `# type: ...` comment (up to a further `#`), if it is one.
fn type_comment_body(comment: &str) -> Option<&str> {
    let body = comment.strip_prefix('#')?.trim_start();
    let body = body.strip_prefix("type:")?.trim_start();
    let body = match body.find('#') {
        Some(i) => &body[..i],
        None => body,
    };
    Some(body.trim())
}

/// `(str, int) -> bool` → (Some(["str", "int"]), "bool"); `(...) -> bool` → (None, "bool").
fn split_signature(body: &str) -> Option<(Option<Vec<String>>, String)> {
    let rest = body.strip_prefix('(')?;
    let mut depth = 0i32;
    let mut close = None;
    for (i, c) in rest.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ']' => depth -= 1,
            ')' if depth == 0 => {
                close = Some(i);
                break;
            }
            ')' => depth -= 1,
            _ => {}
        }
    }
    let close = close?;
    let args = rest[..close].trim();
    let ret = rest[close + 1..].trim().strip_prefix("->")?.trim();
    if ret.is_empty() {
        return None;
    }
    if args == "..." {
        return Some((None, ret.to_string()));
    }
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in args.chars() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 {
            out.push(current.trim().to_string());
            current.clear();
        } else {
            current.push(c);
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    Some((Some(out), ret.to_string()))
}

/// Byte range of a function's docstring text between its quotes.
fn docstring_content(def: Node<'_>) -> Option<(usize, usize)> {
    let body = def.child_by_field_id(crate::field!("body").get())?;
    let mut cursor = body.walk();
    let first = body
        .named_children(&mut cursor)
        .find(|n| n.kind_name() != "comment")?;
    if first.kind_name() != "expression_statement" {
        return None;
    }
    let string = first.named_child(0).filter(|s| s.kind_name() == "string")?;
    let mut c = string.walk();
    let children: Vec<Node<'_>> = string.children(&mut c).collect();
    let start = children
        .iter()
        .find(|n| n.kind_name() == "string_start")?
        .end_byte();
    let end = children
        .iter()
        .rev()
        .find(|n| n.kind_name() == "string_end")?
        .start_byte();
    (start <= end).then_some((start, end))
}

/// Remove a type comment: keep a further comment (`# type: int  # noqa` → `# noqa`), drop a
/// comment alone on its line with the line, else the comment and the spaces before it.
fn remove_type_comment(text: &str, comment: Node<'_>) -> Splice {
    // A comment node of a CRLF file may end with the `\r` of its line ending: keep it.
    let start = comment.start_byte();
    let end = start + text[start..comment.end_byte()].trim_end_matches('\r').len();
    let body = &text[start..end];
    if let Some(rest) = body.get(1..).and_then(|b| b.find('#')) {
        return Splice::new(start, end, &body[1 + rest..]);
    }
    let line_start = text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    if text[line_start..start].trim().is_empty() {
        let end = crate::imports::line_end(text, end);
        let next = match &text.as_bytes()[end..] {
            [b'\r', b'\n', ..] => end + 2,
            [b'\n', ..] | [b'\r', ..] => end + 1,
            _ => end,
        };
        return Splice::new(line_start, next, "");
    }
    let before = text[..start].trim_end_matches([' ', '\t']).len();
    Splice::new(before, end, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_comment_bodies() {
        assert_eq!(type_comment_body("# type: int  # noqa"), Some("int"));
        assert_eq!(type_comment_body("#type:List[int]"), Some("List[int]"));
        assert_eq!(type_comment_body("# a comment"), None);
    }

    #[test]
    fn signature_comments_split() {
        let (args, ret) = split_signature("(Dict[str, int], *str) -> Tuple[int, str]").unwrap();
        assert_eq!(args.unwrap(), ["Dict[str, int]", "*str"]);
        assert_eq!(ret, "Tuple[int, str]");
        let (args, ret) = split_signature("(...) -> None").unwrap();
        assert!(args.is_none());
        assert_eq!(ret, "None");
        assert!(split_signature("int").is_none());
        assert!(split_signature("(int) ->").is_none());
    }

    #[test]
    fn dotted_names_are_replaced_whole() {
        assert_eq!(
            replace_name("a.b.C | a.b.CD", "a.b.C", "b.C"),
            "b.C | a.b.CD"
        );
        assert_eq!(replace_name("list[x.a.b.C]", "a.b.C", "C"), "list[x.a.b.C]");
    }
}
