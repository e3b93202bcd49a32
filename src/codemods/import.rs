//! Make implicit relative imports explicit: `import sibling` → `from . import sibling`.
//!
//! ## What it does
//! In a package (a directory with `__init__.py`), an import of a module that exists next
//! to the file — `name.py`, `name/__init__.py`, or a compiled `name.pyc` / `name.so` /
//! `name.sl` / `name.pyd` — is a Python 2 implicit relative import. It becomes explicit:
//! `import sibling` → `from . import sibling`, `import sibling as s` → `from . import
//! sibling as s`, `from sibling import x` → `from .sibling import x`, `from sibling.sub
//! import x` → `from .sibling.sub import x`. Like 2to3, nothing changes in a file that
//! has `from __future__ import absolute_import` (its imports are already absolute).
//!
//! Differences from 2to3, on purpose: a sibling directory counts only when it has an
//! `__init__.py` (Python 2 could not import it otherwise), and `import sibling.sub`,
//! which 2to3 turns into the invalid `from . import sibling.sub`, is reported instead.
//!
//! ## Why
//! Python 3 imports are absolute: `import sibling` looks for a top-level module and
//! fails (or, worse, finds a different top-level module of the same name).
//!
//! ## Example
//! ```python
//! import models
//! from utils import helper
//! ```
//! becomes (with `models.py` and `utils.py` next to the file)
//! ```python
//! from . import models
//! from .utils import helper
//! ```
//!
//! ## Left alone
//! - `import os, sibling` (absolute and relative names in one statement): reported.
//! - `import sibling.sub`: reported (`from .sibling import sub` binds another name).
//! - Files outside a package, and names with no sibling on disk.
//! - Names of the Python 3 standard library modules that `imports` / `urllib` /
//!   `commands-to-subprocess` / `imp-to-importlib` produce (`io`, `html`, `http`, `queue`,
//!   `urllib.parse`, ...), even with a sibling of that name: after those rewrites they
//!   mean the standard library, so the codemods stay idempotent (noted).
//! - `import a.b` / `from a.b import x` when `a` is a module, not a package.
//!
//! ## Fix safety
//! Safe when the tree on disk is the tree that runs. A sibling shadowing a standard
//! library module (`email.py` next to the file) is made relative, which is what Python 2
//! did.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::analysis::siblings::{any_sibling, is_sibling};
use crate::analysis::tokens::{starts_statement, Kind};
use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;

pub struct Import;

fn node_text<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    &text[node.start_byte()..node.end_byte()]
}

/// Standard-library names that the module renames (`imports`, `urllib`, ...) produce.
/// A sibling with such a name next to Python 3 output (`from html.entities import x`
/// beside `html.py`) does not make the import relative: these are left alone, so that
/// running the codemods again changes nothing.
const RENAME_TARGETS: &[&str] = &[
    "io",
    "pickle",
    "builtins",
    "copyreg",
    "queue",
    "socketserver",
    "configparser",
    "reprlib",
    "tkinter",
    "_markupbase",
    "winreg",
    "_thread",
    "_dummy_thread",
    "dbm",
    "xmlrpc",
    "http",
    "html",
    "collections",
    "subprocess",
    "importlib",
];

fn is_rename_target(name: &str) -> bool {
    let head = name.split('.').next().unwrap_or(name);
    RENAME_TARGETS.contains(&head)
        || name.strip_prefix("urllib.").is_some_and(|sub| {
            ["request", "parse", "error", "response", "robotparser"].contains(&sub)
        })
}

fn is_relative_candidate<'t>(
    ctx: &Context<'t>,
    at: Node<'t>,
    name: &str,
    fixes: &mut Fixes,
) -> bool {
    if !is_sibling(ctx.path, name) {
        return false;
    }
    if is_rename_target(name) {
        fixes.note(at, format!("`{name}` is left absolute: it names a Python 3 standard library module, though a sibling has that name"));
        return false;
    }
    true
}

impl Codemod for Import {
    fn id(&self) -> &str {
        "import"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // Every fix and note is for an imported name whose first component is a sibling
        // (`is_sibling`): the first name after `from`, or after `import` or one of its
        // commas. Listing the directory is shared by all its files.
        if !file.has_code_word("import") {
            return false;
        }
        let mut heads: Vec<&str> = Vec::new();
        file.any_after("from", |tokens| {
            let text = tokens.text();
            if let Some(t) = tokens.find(|t| t.kind != Kind::Op || t.text(text) != ".") {
                if t.kind == Kind::Name {
                    heads.push(t.text(text));
                }
            }
            false
        });
        let bytes = file.text().as_bytes();
        file.any_after("import", |tokens| {
            let text = tokens.text();
            // `from m import x`: only `m` is a head, and the `from` scan has it.
            if !starts_statement(bytes, tokens.offset() - "import".len()) {
                return false;
            }
            let mut item_start = true;
            for t in tokens {
                match (t.kind, t.text(text)) {
                    (Kind::Name, name) if item_start => {
                        heads.push(name);
                        item_start = false;
                    }
                    (Kind::Op, ",") => item_start = true,
                    (Kind::Op, "(") => {}
                    (Kind::Newline | Kind::Comment, _) | (Kind::Op, ";" | ")") => break,
                    _ => {}
                }
            }
            false
        });
        !heads.is_empty() && any_sibling(file.path(), |name| heads.contains(&name))
    }

    fn kinds(&self) -> &[&'static str] {
        &["import_statement", "import_from_statement"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        if ctx.imports().has_future("absolute_import") {
            return;
        }
        match node.kind_name() {
            "import_from_statement" => {
                let Some(module) = node.child_by_field_id(crate::field!("module_name").get())
                else {
                    return;
                };
                if module.kind_name() != "dotted_name" {
                    return; // already relative
                }
                let name = node_text(module, ctx.text);
                if is_relative_candidate(ctx, node, name, fixes) {
                    fixes.add(
                        node,
                        format!("`{name}` is a sibling module: implicit relative import"),
                        vec![crate::edit::Splice::new(
                            module.start_byte(),
                            module.start_byte(),
                            ".",
                        )],
                    );
                }
            }
            "import_statement" => {
                let mut cursor = node.walk();
                let names: Vec<Node<'_>> = node
                    .children_by_field_id(crate::field!("name"), &mut cursor)
                    .collect();
                let mut local = Vec::new();
                let mut absolute = false;
                for n in &names {
                    let module = match n.kind_name() {
                        "aliased_import" => n.child_by_field_id(crate::field!("name").get()),
                        _ => Some(*n),
                    };
                    let Some(module) = module else { return };
                    let name = node_text(module, ctx.text);
                    if is_relative_candidate(ctx, node, name, fixes) {
                        local.push(name);
                    } else {
                        absolute = true;
                    }
                }
                if local.is_empty() {
                    return;
                }
                if absolute {
                    fixes.review(node, format!("sibling module(s) {} imported together with absolute ones; split the statement and use `from . import`", local.join(", ")));
                    return;
                }
                if let Some(dotted) = local.iter().find(|n| n.contains('.')) {
                    fixes.review(node, format!("`import {dotted}` is an implicit relative import; rewrite it by hand (`from . import` cannot name a submodule)"));
                    return;
                }
                let Some(first) = node.child(0) else { return };
                fixes.add(
                    node,
                    format!(
                        "{} is a sibling module: implicit relative import",
                        local.join(", ")
                    ),
                    vec![crate::edit::Splice::new(
                        first.start_byte(),
                        first.end_byte(),
                        "from . import",
                    )],
                );
            }
            _ => {}
        }
    }
}
