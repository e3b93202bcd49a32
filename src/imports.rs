//! What a module imports, so codemods can resolve callees (`j.dumps` with `import json as
//! j` is `json.dumps`) and add imports in the conventional place.
//!
//! Resolution is flow-insensitive: every import in the file counts, wherever it is. A name
//! bound by several imports (`try: import json / except: import simplejson as json`)
//! resolves to each of them.

use crate::syntax::KindName;
use std::collections::HashMap;

use tree_sitter::Node;

use crate::edit::Splice;

/// One name an import statement binds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The name bound in the module (`j` for `import json as j`).
    pub local: String,
    /// What it refers to (`json`, or `json.dumps` for `from json import dumps`).
    pub qualified: String,
    /// Byte range of the whole import statement.
    pub statement: (usize, usize),
    /// True for `from m import x`, false for `import m`.
    pub from_import: bool,
    /// True when the statement is at module level (not inside a def/class).
    pub top_level: bool,
}

#[derive(Debug, Default, Clone)]
pub struct Imports {
    pub bindings: Vec<Binding>,
    by_local: HashMap<String, Vec<usize>>,
    /// Names imported from `__future__`.
    pub future: Vec<String>,
    /// Names bound at module level by `def`, `class` or assignment (they shadow builtins).
    pub module_defs: Vec<String>,
}

impl Imports {
    pub fn collect(root: Node<'_>, text: &str) -> Imports {
        let mut imports = Imports::default();
        imports.walk(root, text, true);
        for (i, b) in imports.bindings.iter().enumerate() {
            imports.by_local.entry(b.local.clone()).or_default().push(i);
        }
        imports
    }

    fn walk(&mut self, node: Node<'_>, text: &str, top_level: bool) {
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match child.kind_name() {
                "import_statement" => self.import_statement(child, text, top_level),
                "import_from_statement" => self.import_from_statement(child, text, top_level),
                "future_import_statement" => {
                    let mut c = child.walk();
                    for name in child.children_by_field_id(crate::field!("name"), &mut c) {
                        let target = match name.kind_name() {
                            "aliased_import" => name.child_by_field_id(crate::field!("name").get()),
                            _ => Some(name),
                        };
                        if let Some(t) = target {
                            self.future.push(node_text(t, text).to_string());
                        }
                    }
                }
                "function_definition" | "class_definition" => {
                    if top_level {
                        if let Some(name) = child.child_by_field_id(crate::field!("name").get()) {
                            self.module_defs.push(node_text(name, text).to_string());
                        }
                    }
                    if let Some(body) = child.child_by_field_id(crate::field!("body").get()) {
                        // Below the top level only imports are collected: a body without
                        // the word is not walked (most function bodies).
                        let body_text = text.as_bytes().get(body.start_byte()..body.end_byte());
                        if body_text.is_some_and(|t| memchr::memmem::find(t, b"import").is_some()) {
                            self.walk(body, text, false);
                        }
                    }
                }
                "decorated_definition" => self.walk(child, text, top_level),
                "expression_statement" if top_level => {
                    if let Some(assign) = child.named_child(0) {
                        if assign.kind_name() == "assignment" {
                            if let Some(left) =
                                assign.child_by_field_id(crate::field!("left").get())
                            {
                                if left.kind_name() == "identifier" {
                                    self.module_defs.push(node_text(left, text).to_string());
                                }
                            }
                        }
                    }
                }
                // Blocks of compound statements keep the current level.
                "if_statement" | "try_statement" | "with_statement" | "for_statement"
                | "while_statement" | "block" | "else_clause" | "elif_clause" | "except_clause"
                | "finally_clause" => self.walk(child, text, top_level),
                _ => {}
            }
        }
    }

    fn import_statement(&mut self, stmt: Node<'_>, text: &str, top_level: bool) {
        let mut c = stmt.walk();
        for name in stmt.children_by_field_id(crate::field!("name"), &mut c) {
            let (module, local) = match name.kind_name() {
                "aliased_import" => {
                    let (Some(n), Some(a)) = (
                        name.child_by_field_id(crate::field!("name").get()),
                        name.child_by_field_id(crate::field!("alias").get()),
                    ) else {
                        continue;
                    };
                    let module = node_text(n, text).to_string();
                    (module.clone(), node_text(a, text).to_string())
                }
                _ => {
                    let module = node_text(name, text).to_string();
                    // `import os.path` binds `os`, which refers to the package `os`.
                    let head = module.split('.').next().unwrap_or(&module).to_string();
                    (head.clone(), head)
                }
            };
            self.bindings.push(Binding {
                local,
                qualified: module,
                statement: (stmt.start_byte(), stmt.end_byte()),
                from_import: false,
                top_level,
            });
        }
    }

    fn import_from_statement(&mut self, stmt: Node<'_>, text: &str, top_level: bool) {
        let Some(module) = stmt.child_by_field_id(crate::field!("module_name").get()) else {
            return;
        };
        let module = node_text(module, text).to_string();
        let mut c = stmt.walk();
        for name in stmt.children_by_field_id(crate::field!("name"), &mut c) {
            let (imported, local) = match name.kind_name() {
                "aliased_import" => {
                    let (Some(n), Some(a)) = (
                        name.child_by_field_id(crate::field!("name").get()),
                        name.child_by_field_id(crate::field!("alias").get()),
                    ) else {
                        continue;
                    };
                    (
                        node_text(n, text).to_string(),
                        node_text(a, text).to_string(),
                    )
                }
                _ => {
                    let n = node_text(name, text).to_string();
                    (n.clone(), n)
                }
            };
            self.bindings.push(Binding {
                local,
                qualified: format!("{module}.{imported}"),
                statement: (stmt.start_byte(), stmt.end_byte()),
                from_import: true,
                top_level,
            });
        }
    }

    /// Everything a local name may refer to through imports.
    pub fn targets(&self, local: &str) -> impl Iterator<Item = &Binding> {
        self.by_local
            .get(local)
            .into_iter()
            .flatten()
            .map(|&i| &self.bindings[i])
    }

    /// True when `name` is bound by an import, a module-level def/class or assignment,
    /// i.e. a bare use of it is not (necessarily) the builtin.
    pub fn shadows_builtin(&self, name: &str) -> bool {
        self.by_local.contains_key(name) || self.module_defs.iter().any(|d| d == name)
    }

    pub fn has_future(&self, feature: &str) -> bool {
        self.future.iter().any(|f| f == feature)
    }

    /// The qualified names an expression (`identifier` or `attribute` chain) may denote
    /// through imports: `j.dumps` → `json.dumps`. Unimported names resolve to nothing.
    pub fn qualified_names(&self, node: Node<'_>, text: &str) -> Vec<String> {
        match node.kind_name() {
            "identifier" => self
                .targets(node_text(node, text))
                .map(|b| b.qualified.clone())
                .collect(),
            "attribute" => {
                let (Some(object), Some(attr)) = (
                    node.child_by_field_id(crate::field!("object").get()),
                    node.child_by_field_id(crate::field!("attribute").get()),
                ) else {
                    return Vec::new();
                };
                let attr = node_text(attr, text);
                self.qualified_names(object, text)
                    .into_iter()
                    .map(|q| format!("{q}.{attr}"))
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// True when `node` refers to one of `names` (fully qualified, e.g. `json.dumps`).
    pub fn refers_to(&self, node: Node<'_>, text: &str, names: &[&str]) -> bool {
        self.qualified_names(node, text)
            .iter()
            .any(|q| names.contains(&q.as_str()))
    }

    /// The local name under which `module` is imported with a plain `import module`
    /// (`import itertools`, `import itertools as it` → `it`), if any.
    pub fn module_alias(&self, module: &str) -> Option<&str> {
        self.bindings
            .iter()
            .find(|b| !b.from_import && b.top_level && b.qualified == module)
            .map(|b| b.local.as_str())
    }
}

fn node_text<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    &text[node.start_byte()..node.end_byte()]
}

/// A splice that adds `statement` (e.g. `import itertools`) on a line of its own, after
/// the module docstring, `__future__` imports and the leading block of imports; in a
/// file with none of those, below its shebang, coding line and header comment block.
///
/// Codemods that add the same statement produce identical splices, which the merge step
/// keeps once. `statement` has no trailing newline.
pub fn add_import_splice(root: Node<'_>, text: &str, statement: &str) -> Splice {
    let mut after: Option<Node<'_>> = None;
    let mut cursor = root.walk();
    let statements = root
        .named_children(&mut cursor)
        .filter(|c| c.kind_name() != "comment");
    for (index, child) in statements.enumerate() {
        let is_docstring = index == 0
            && child.kind_name() == "expression_statement"
            && child
                .named_child(0)
                .is_some_and(|s| s.kind_name() == "string");
        match child.kind_name() {
            "import_statement" | "import_from_statement" | "future_import_statement" => {
                after = Some(child)
            }
            _ if is_docstring => after = Some(child),
            _ => break,
        }
    }
    match after {
        Some(node) => {
            // Insert after the end of that statement's line (keeping a trailing comment).
            let end = line_end(text, node.end_byte());
            if end == text.len() && !text.ends_with('\n') {
                Splice::new(end, end, format!("\n{statement}"))
            } else {
                let next = next_line_start(text, end);
                Splice::new(next, next, format!("{statement}\n"))
            }
        }
        None => {
            // Top of the file, but below a shebang / coding cookie comment block.
            let mut pos = 0;
            for line in text.split_inclusive('\n').take(2) {
                let is_header = line.starts_with("#!")
                    || crate::source::coding_cookie(line.as_bytes()).is_some();
                if !is_header {
                    break;
                }
                pos += line.len();
            }
            let pos = below_header_comments(text, pos);
            Splice::new(pos, pos, format!("{statement}\n"))
        }
    }
}

/// Where a new first statement goes when the file starts (from `from`) with comment
/// lines: below the last blank line among them, so that a licence or header block stays
/// on top while comments written right above the code stay with it. `from` itself when
/// no blank line follows a comment there.
fn below_header_comments(text: &str, from: usize) -> usize {
    let mut pos = from;
    let mut insert_at = from;
    let mut seen_comment = false;
    for line in text[from..].split_inclusive('\n') {
        let content = line.trim_matches([' ', '\t', '\x0c', '\r', '\n']);
        if content.starts_with('#') {
            seen_comment = true;
        } else if content.is_empty() {
            if seen_comment && line.ends_with('\n') {
                insert_at = pos + line.len();
            }
        } else {
            break;
        }
        pos += line.len();
    }
    insert_at
}

/// A splice that makes `names` importable from `module`: appended to an existing
/// module-level `from module import ...` (plain or parenthesised, not `*`) when there is
/// one, else a new `from module import a, b` placed like [`add_import_splice`].
pub fn add_from_import_splice(root: Node<'_>, text: &str, module: &str, names: &[&str]) -> Splice {
    let mut cursor = root.walk();
    for child in root.named_children(&mut cursor) {
        if child.kind_name() != "import_from_statement" {
            continue;
        }
        let same_module = child
            .child_by_field_id(crate::field!("module_name").get())
            .is_some_and(|m| node_text(m, text) == module);
        if !same_module {
            continue;
        }
        let mut c = child.walk();
        let last = child
            .children_by_field_id(crate::field!("name"), &mut c)
            .last();
        if let Some(last) = last {
            let joined: String = names.iter().map(|n| format!(", {n}")).collect();
            return Splice::new(last.end_byte(), last.end_byte(), joined);
        }
    }
    add_import_splice(
        root,
        text,
        &format!("from {module} import {}", names.join(", ")),
    )
}

/// Byte offset of the end of the line containing `at` (before its newline).
pub fn line_end(text: &str, at: usize) -> usize {
    text[at..]
        .find(['\n', '\r'])
        .map(|i| at + i)
        .unwrap_or(text.len())
}

/// Byte offset of the start of the line after the one ending at `end`.
fn next_line_start(text: &str, end: usize) -> usize {
    let rest = &text.as_bytes()[end..];
    match rest {
        [b'\r', b'\n', ..] => end + 2,
        [b'\r', ..] | [b'\n', ..] => end + 1,
        _ => end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn imports(src: &str) -> Imports {
        let tree = parse(src).unwrap();
        Imports::collect(tree.root_node(), src)
    }

    #[test]
    fn aliases_and_from_imports_resolve() {
        let src = "import json as j\nfrom json import dumps\nimport os.path\ndef f():\n    import simplejson\n";
        let imp = imports(src);
        assert_eq!(imp.targets("j").next().unwrap().qualified, "json");
        assert_eq!(imp.targets("dumps").next().unwrap().qualified, "json.dumps");
        assert_eq!(imp.targets("os").next().unwrap().qualified, "os");
        assert!(!imp.targets("simplejson").next().unwrap().top_level);
    }

    #[test]
    fn import_goes_after_docstring_and_imports() {
        let src = "#!/usr/bin/env python\n\"\"\"Doc.\"\"\"\nfrom __future__ import division\nimport os  # why\n\nx = 1\n";
        let tree = parse(src).unwrap();
        let s = add_import_splice(tree.root_node(), src, "import itertools");
        let mut out = src.to_string();
        out.insert_str(s.start, &s.text);
        assert_eq!(out, "#!/usr/bin/env python\n\"\"\"Doc.\"\"\"\nfrom __future__ import division\nimport os  # why\nimport itertools\n\nx = 1\n");
    }

    #[test]
    fn from_import_merges_into_existing() {
        let src = "from typing import List\nx = 1\n";
        let tree = parse(src).unwrap();
        let s = add_from_import_splice(tree.root_node(), src, "typing", &["Any", "Optional"]);
        let mut out = src.to_string();
        out.insert_str(s.start, &s.text);
        assert_eq!(out, "from typing import List, Any, Optional\nx = 1\n");
    }

    #[test]
    fn import_goes_below_a_header_comment_block() {
        let at = |src: &str| {
            let tree = parse(src).unwrap();
            add_import_splice(tree.root_node(), src, "import itertools").start
        };
        // Below the licence block; the comment written above the code stays with it.
        let src = "# Copyright\n# Licence\n\n# About x.\nx = 1\n";
        assert_eq!(at(src), src.find("# About x.").unwrap());
        let src = "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# Header\n\r\n\nx = 1\n";
        assert_eq!(at(src), src.find("x = 1").unwrap());
        // A comment right above the code, with no blank line: the top, as before.
        let src = "# About x.\nx = 1\n";
        assert_eq!(at(src), 0);
        // Blank lines before any comment are not a header's end.
        let src = "\n# About x.\nx = 1\n";
        assert_eq!(at(src), 0);
    }

    #[test]
    fn import_goes_below_shebang_when_no_imports() {
        let src = "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nx = 1\n";
        let tree = parse(src).unwrap();
        let s = add_import_splice(tree.root_node(), src, "import itertools");
        assert_eq!(s.start, src.find("x = 1").unwrap());
    }
}
