//! Split `urllib` / `urllib2` uses across `urllib.request`, `urllib.parse`, `urllib.error` and `urllib.response`.
//!
//! ## What it does
//! Follows 2to3's fix_urllib table:
//! - `from urllib import urlencode, urlopen` becomes one statement per new module
//!   (`from urllib.parse import urlencode` / `from urllib.request import urlopen`),
//!   keeping `as` aliases and the statement's indentation;
//! - attribute uses `urllib.urlencode(x)` / `urllib2.urlopen(r)` become
//!   `urllib.parse.urlencode(x)` / `urllib.request.urlopen(r)` when the name was bound by
//!   a plain `import urllib` / `import urllib2`;
//! - `import urllib` / `import urllib2` become imports of the new modules, leaving out
//!   those the statement or the surrounding imports already import (`import urllib,
//!   urllib2` with both in use becomes `import urllib.parse, urllib.request`); a plain
//!   `import urllib` next to `import urllib.parse` in the same statement goes, since the
//!   latter binds `urllib` too.
//!
//! Better than 2to3, on purpose: `import urllib` imports only the submodules the file
//! uses (2to3 always imports all three); a few names 2to3's table lacks are known
//! (`urllib2.HTTPErrorProcessor`, `AbstractHTTPHandler`, `parse_http_list`,
//! `parse_keqv_list`, `addinfourl` → `urllib.response`, `urllib.proxy_bypass`,
//! `urllib.unwrap`, ...); already-Python-3 uses (`import urllib` with `urllib.parse.quote`,
//! `from urllib import parse`) are recognised and left alone.
//!
//! ## Why
//! Python 3 reorganised `urllib`, `urllib2` and `urlparse` into the `urllib` package;
//! `urllib.urlencode` raises `AttributeError` and `import urllib2` fails.
//!
//! ## Example
//! ```python
//! import urllib
//! from urllib2 import urlopen, HTTPError
//! data = urllib.urlencode(params)
//! ```
//! becomes
//! ```python
//! import urllib.parse
//! from urllib.request import urlopen
//! from urllib.error import HTTPError
//! data = urllib.parse.urlencode(params)
//! ```
//!
//! ## Left alone (reported for review)
//! - `from urllib import *` and `import urllib2 as u` (one name cannot become several modules).
//! - Names with no known Python 3 home (`urllib.basejoin`), and `from` imports whose
//!   split would drop a comment or does not start its own line.
//!
//! ## Fix safety
//! Safe. Python 3's functions take and return `str` where Python 2's took byte strings;
//! that is a separate review concern.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::analysis::{from_import, module_renames};
use crate::codemod::{Codemod, Context, Fixes};
use crate::prefilter::FileText;
use crate::syntax;

pub struct Urllib;

type Table = &'static [(&'static str, &'static [&'static str])];

const PARSE: &[&str] = &[
    "quote",
    "quote_plus",
    "unquote",
    "unquote_plus",
    "urlencode",
    "splitattr",
    "splithost",
    "splitnport",
    "splitpasswd",
    "splitport",
    "splitquery",
    "splittag",
    "splittype",
    "splituser",
    "splitvalue",
    "unwrap",
];

static URLLIB: Table = &[
    (
        "urllib.request",
        &[
            "URLopener",
            "FancyURLopener",
            "urlretrieve",
            "_urlopener",
            "urlopen",
            "urlcleanup",
            "pathname2url",
            "url2pathname",
            "getproxies",
            "proxy_bypass",
            "ftpwrapper",
            "thishost",
            "localhost",
        ],
    ),
    ("urllib.parse", PARSE),
    ("urllib.error", &["ContentTooShortError"]),
    (
        "urllib.response",
        &["addinfourl", "addbase", "addclosehook", "addinfo"],
    ),
];

static URLLIB2: Table = &[
    (
        "urllib.request",
        &[
            "urlopen",
            "install_opener",
            "build_opener",
            "Request",
            "OpenerDirector",
            "BaseHandler",
            "HTTPDefaultErrorHandler",
            "HTTPRedirectHandler",
            "HTTPCookieProcessor",
            "ProxyHandler",
            "HTTPPasswordMgr",
            "HTTPPasswordMgrWithDefaultRealm",
            "AbstractBasicAuthHandler",
            "HTTPBasicAuthHandler",
            "ProxyBasicAuthHandler",
            "AbstractDigestAuthHandler",
            "HTTPDigestAuthHandler",
            "ProxyDigestAuthHandler",
            "HTTPHandler",
            "HTTPSHandler",
            "FileHandler",
            "FTPHandler",
            "CacheFTPHandler",
            "UnknownHandler",
            "HTTPErrorProcessor",
            "AbstractHTTPHandler",
            "parse_http_list",
            "parse_keqv_list",
        ],
    ),
    ("urllib.error", &["URLError", "HTTPError"]),
    ("urllib.parse", PARSE),
    ("urllib.response", &["addinfourl"]),
];

/// Submodules of Python 3's `urllib`: uses of them mean the code is already migrated.
const PY3_SUBMODULES: &[&str] = &["request", "parse", "error", "response", "robotparser"];

fn table(module: &str) -> Option<Table> {
    match module {
        "urllib" => Some(URLLIB),
        "urllib2" => Some(URLLIB2),
        _ => None,
    }
}

/// The Python 3 module that now holds `old.member`.
fn new_module(old: &str, member: &str) -> Option<&'static str> {
    table(old)?
        .iter()
        .find(|(_, members)| members.contains(&member))
        .map(|(module, _)| *module)
}

fn node_text<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    &text[node.start_byte()..node.end_byte()]
}

impl Codemod for Urllib {
    fn id(&self) -> &str {
        "urllib"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // `import urllib2`, `from urllib import x`, `urllib.quote`: the module by bare name
        // (`import urllib as u` still names it).
        file.has_any_code_name(&["urllib", "urllib2"])
    }

    fn kinds(&self) -> &[&'static str] {
        &["import_statement", "import_from_statement", "attribute"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        match node.kind_name() {
            "import_statement" => import_statement(node, ctx, fixes),
            "import_from_statement" => from_import(node, ctx, fixes),
            "attribute" => attribute(node, ctx, fixes),
            _ => {}
        }
    }
}

/// True when `name` at `at` denotes the module bound by a plain `import name`.
fn is_module_name<'t>(at: Node<'t>, ctx: &Context<'t>, name: &str) -> bool {
    ctx.imports()
        .targets(name)
        .any(|b| !b.from_import && b.qualified == name)
        && ctx.semantics().names_import(at, name)
}

fn attribute<'t>(node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let Some((object, attr)) = syntax::attribute_parts(node) else {
        return;
    };
    if object.kind_name() != "identifier" {
        return;
    }
    let old = node_text(object, ctx.text);
    if table(old).is_none() {
        return;
    }
    let member = node_text(attr, ctx.text);
    if old == "urllib" && PY3_SUBMODULES.contains(&member) {
        return;
    }
    if !is_module_name(object, ctx, old) {
        return;
    }
    match new_module(old, member) {
        Some(new) => fixes.replace(
            object,
            new,
            format!("`{old}.{member}` is `{new}.{member}` in Python 3"),
        ),
        None => fixes.review(
            node,
            format!("`{old}.{member}` has no known place in Python 3's urllib"),
        ),
    }
}

/// The new modules the file's `old.member` uses need, in table order.
fn modules_used(ctx: &Context<'_>, old: &str) -> Vec<&'static str> {
    let mut used: Vec<&'static str> = Vec::new();
    for member in syntax::members_used(ctx.root(), ctx.text, old) {
        if let Some(new) = new_module(old, member) {
            if !used.contains(&new) {
                used.push(new);
            }
        }
    }
    let order = table(old).unwrap_or(&[]);
    used.sort_by_key(|m| order.iter().position(|(n, _)| n == m));
    used
}

fn import_statement<'t>(node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let items = from_import::imported_names(node);
    for item in &items {
        let old = node_text(item.name, ctx.text);
        if table(old).is_none() {
            continue;
        }
        if let Some(alias) = item.alias {
            if old == "urllib2" || !modules_used(ctx, old).is_empty() {
                fixes.review(item.item, format!("`import {old} as {}`: the module is now several modules; import the ones used (urllib.request, urllib.parse, urllib.error)", node_text(alias, ctx.text)));
            }
            continue;
        }
        let Some(used) = new_modules(ctx, old).filter(|used| !used.is_empty()) else {
            // Valid Python 3 (`urllib.parse.quote`), or unused. Next to `import
            // urllib.parse` in the same statement (as a rewrite by another codemod that
            // won over this one leaves it), it adds nothing: that binds `urllib` too.
            let submodule = items.iter().find(|other| {
                other.alias.is_none() && node_text(other.name, ctx.text).starts_with("urllib.")
            });
            if let (Some(submodule), "urllib") = (submodule, old) {
                let index = items.iter().position(|i| i.item.id() == item.item.id());
                fixes.add(
                    item.item,
                    format!(
                        "`import {}` binds `urllib` already",
                        node_text(submodule.name, ctx.text)
                    ),
                    from_import::remove_names(node, ctx.text, &Vec::from_iter(index)),
                );
            }
            continue;
        };
        let reason = format!("`{old}` is split into {} in Python 3", used.join(", "));
        module_renames::replace_import_item(
            ctx,
            fixes,
            node,
            item.item,
            &used,
            &|other| new_modules(ctx, other),
            &reason,
        );
    }
}

/// What this codemod turns `import old` into: the new modules the file's uses need
/// (nothing for an `import urllib` the file uses the Python 3 way), `None` for other
/// modules.
pub fn new_modules(ctx: &Context<'_>, old: &str) -> Option<Vec<&'static str>> {
    table(old)?;
    let used = modules_used(ctx, old);
    if used.is_empty() && old == "urllib2" {
        return Some(vec!["urllib.request", "urllib.error"]);
    }
    Some(used)
}

fn from_import<'t>(node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
    let Some(module) = node.child_by_field_id(crate::field!("module_name").get()) else {
        return;
    };
    if module.kind_name() != "dotted_name" {
        return;
    }
    let old = node_text(module, ctx.text);
    if table(old).is_none() {
        return;
    }
    let mut cursor = node.walk();
    if node
        .named_children(&mut cursor)
        .any(|c| c.kind_name() == "wildcard_import")
    {
        fixes.review(node, format!("`from {old} import *`: import the names used from urllib.request / urllib.parse / urllib.error"));
        return;
    }
    let mut cursor = node.walk();
    let names: Vec<Node<'_>> = node
        .children_by_field_id(crate::field!("name"), &mut cursor)
        .collect();
    // (new module, member texts) in order of first appearance.
    let mut groups: Vec<(&'static str, Vec<&str>)> = Vec::new();
    let mut py3_style = 0;
    for name in &names {
        let imported = match name.kind_name() {
            "aliased_import" => name.child_by_field_id(crate::field!("name").get()),
            _ => Some(*name),
        };
        let Some(imported) = imported else { return };
        let member = node_text(imported, ctx.text);
        if old == "urllib" && PY3_SUBMODULES.contains(&member) {
            py3_style += 1;
            continue;
        }
        let Some(new) = new_module(old, member) else {
            fixes.review(node, format!("`{old}.{member}` has no known place in Python 3's urllib; import left unchanged"));
            return;
        };
        let text = node_text(*name, ctx.text);
        match groups.iter_mut().find(|(m, _)| *m == new) {
            Some((_, members)) => members.push(text),
            None => groups.push((new, vec![text])),
        }
    }
    if groups.is_empty() {
        return;
    }
    if py3_style > 0 {
        fixes.review(
            node,
            "mixes Python 3 submodule imports with Python 2 names; split it by hand",
        );
        return;
    }
    let reason = format!(
        "`{old}` is split into {} in Python 3",
        groups.iter().map(|g| g.0).collect::<Vec<_>>().join(", ")
    );
    if groups.len() == 1 {
        fixes.replace(module, groups[0].0, reason);
        return;
    }
    let line_start = ctx.text[..node.start_byte()]
        .rfind('\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let indent = &ctx.text[line_start..node.start_byte()];
    let statement = node_text(node, ctx.text);
    if !indent.chars().all(|c| c == ' ' || c == '\t') || statement.contains('#') {
        fixes.review(node, "this import must be split into one statement per module; do it by hand (it shares its line or holds comments)");
        return;
    }
    let lines: Vec<String> = groups
        .iter()
        .map(|(module, members)| format!("from {module} import {}", members.join(", ")))
        .collect();
    fixes.replace(node, lines.join(&format!("\n{indent}")), reason);
}
