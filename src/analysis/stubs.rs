//! `.pyi` stub files: finding the stub of a module and reading its signatures.
//!
//! A module's stub is found by its module path: the file's path relative to the top of
//! its package (the highest chain of directories that hold an `__init__.py`). For
//! `src/pkg/sub/mod.py` (with `src/pkg/__init__.py` and `src/pkg/sub/__init__.py`) the
//! stub is `DIR/pkg/sub/mod.pyi`; a package's `__init__.py` maps to
//! `DIR/pkg/sub/__init__.pyi` or `DIR/pkg/sub.pyi`; a file outside any package, `x.py`, to
//! `DIR/x.pyi`.

use crate::syntax::KindName;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tree_sitter::Node;

/// A function or method signature from a stub.
#[derive(Debug, Clone, Default)]
pub struct StubFunction {
    /// Parameter name (without `*`) → annotation text, in order; `None` when not annotated.
    pub params: Vec<(String, Option<String>)>,
    pub returns: Option<String>,
}

/// The contents of one stub file, by qualified name within the module (`f`, `C.m`,
/// `Outer.Inner.m`, `C.attr`, `VAR`).
#[derive(Debug, Clone, Default)]
pub struct Stub {
    pub functions: HashMap<String, StubFunction>,
    /// Overloaded functions: several signatures, not usable as one annotation.
    pub overloaded: Vec<String>,
    pub attributes: HashMap<String, String>,
}

/// The candidate stub files for the module at `file`, most specific first.
pub fn stub_candidates(stubs_dir: &Path, file: &Path) -> Vec<PathBuf> {
    let absolute = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let Some(stem) = absolute.file_stem().and_then(|s| s.to_str()) else {
        return Vec::new();
    };
    let mut packages: Vec<String> = Vec::new();
    let mut dir = absolute.parent();
    while let Some(d) = dir {
        if !d.join("__init__.py").is_file() {
            break;
        }
        match d.file_name().and_then(|n| n.to_str()) {
            Some(name) => packages.push(name.to_string()),
            None => break,
        }
        dir = d.parent();
    }
    packages.reverse();
    let mut base = stubs_dir.to_path_buf();
    for p in &packages {
        base.push(p);
    }
    if stem == "__init__" {
        let mut out = vec![base.join("__init__.pyi")];
        if !packages.is_empty() {
            out.push(base.with_extension("pyi"));
        }
        out
    } else {
        vec![base.join(format!("{stem}.pyi"))]
    }
}

/// Load the stub of the module at `file`, if there is one.
pub fn load(stubs_dir: &Path, file: &Path) -> Option<(PathBuf, Stub)> {
    for candidate in stub_candidates(stubs_dir, file) {
        if let Ok(text) = std::fs::read_to_string(&candidate) {
            return Some((candidate, parse_stub(&text)));
        }
    }
    None
}

/// Read the signatures and attributes of stub text.
pub fn parse_stub(text: &str) -> Stub {
    let mut stub = Stub::default();
    if let Some(tree) = crate::parse::parse(text) {
        collect(tree.root_node(), text, "", &mut stub);
    }
    stub
}

fn node_text<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    &text[node.start_byte()..node.end_byte()]
}

fn collect(block: Node<'_>, text: &str, prefix: &str, stub: &mut Stub) {
    let mut cursor = block.walk();
    for child in block.named_children(&mut cursor) {
        let definition = if child.kind_name() == "decorated_definition" {
            child.child_by_field_id(crate::field!("definition").get())
        } else {
            Some(child)
        };
        let Some(def) = definition else { continue };
        match def.kind_name() {
            "function_definition" => {
                let Some(name) = def.child_by_field_id(crate::field!("name").get()) else {
                    continue;
                };
                let qualified = format!("{prefix}{}", node_text(name, text));
                if stub.functions.contains_key(&qualified) || stub.overloaded.contains(&qualified) {
                    stub.functions.remove(&qualified);
                    if !stub.overloaded.contains(&qualified) {
                        stub.overloaded.push(qualified);
                    }
                    continue;
                }
                stub.functions.insert(qualified, signature(def, text));
            }
            "class_definition" => {
                let (Some(name), Some(body)) = (
                    def.child_by_field_id(crate::field!("name").get()),
                    def.child_by_field_id(crate::field!("body").get()),
                ) else {
                    continue;
                };
                let nested = format!("{prefix}{}.", node_text(name, text));
                collect(body, text, &nested, stub);
            }
            "expression_statement" => {
                let Some(assign) = def.named_child(0) else {
                    continue;
                };
                if assign.kind_name() != "assignment" {
                    continue;
                }
                let (Some(left), Some(ty)) = (
                    assign.child_by_field_id(crate::field!("left").get()),
                    assign.child_by_field_id(crate::field!("type").get()),
                ) else {
                    continue;
                };
                if left.kind_name() == "identifier" {
                    stub.attributes.insert(
                        format!("{prefix}{}", node_text(left, text)),
                        node_text(ty, text).to_string(),
                    );
                }
            }
            _ => {}
        }
    }
}

fn signature(def: Node<'_>, text: &str) -> StubFunction {
    let mut function = StubFunction {
        returns: def
            .child_by_field_id(crate::field!("return_type").get())
            .map(|r| node_text(r, text).to_string()),
        ..StubFunction::default()
    };
    let Some(params) = def.child_by_field_id(crate::field!("parameters").get()) else {
        return function;
    };
    let mut cursor = params.walk();
    for param in params.named_children(&mut cursor) {
        let (name, ty) = match param.kind_name() {
            "identifier" => (Some(param), None),
            "typed_parameter" => {
                let name = param.named_child(0).map(|n| {
                    if matches!(
                        n.kind_name(),
                        "list_splat_pattern" | "dictionary_splat_pattern"
                    ) {
                        n.named_child(0).unwrap_or(n)
                    } else {
                        n
                    }
                });
                (name, param.child_by_field_id(crate::field!("type").get()))
            }
            "default_parameter" => (param.child_by_field_id(crate::field!("name").get()), None),
            "typed_default_parameter" => (
                param.child_by_field_id(crate::field!("name").get()),
                param.child_by_field_id(crate::field!("type").get()),
            ),
            "list_splat_pattern" | "dictionary_splat_pattern" => (param.named_child(0), None),
            _ => (None, None),
        };
        if let Some(name) = name {
            function.params.push((
                node_text(name, text).to_string(),
                ty.map(|t| node_text(t, text).to_string()),
            ));
        }
    }
    function
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_functions_methods_attributes() {
        let stub = parse_stub(
            "from typing import List\ndef f(a: int, *args: str, b: str = ..., **kw: int) -> List[int]: ...\nclass C:\n    x: int\n    def m(self, v: bytes) -> None: ...\n    class D:\n        def n(self) -> str: ...\n",
        );
        let f = &stub.functions["f"];
        assert_eq!(f.returns.as_deref(), Some("List[int]"));
        let names: Vec<&str> = f.params.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a", "args", "b", "kw"]);
        assert_eq!(f.params[1].1.as_deref(), Some("str"));
        assert_eq!(stub.functions["C.m"].params[1].1.as_deref(), Some("bytes"));
        assert_eq!(stub.functions["C.D.n"].returns.as_deref(), Some("str"));
        assert_eq!(stub.attributes["C.x"], "int");
    }

    #[test]
    fn module_path_follows_packages() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("pkg");
        std::fs::create_dir(&pkg).unwrap();
        std::fs::write(pkg.join("__init__.py"), "").unwrap();
        std::fs::write(pkg.join("mod.py"), "").unwrap();
        let found = stub_candidates(Path::new("/stubs"), &pkg.join("mod.py"));
        assert_eq!(found, vec![PathBuf::from("/stubs/pkg/mod.pyi")]);
    }
}
