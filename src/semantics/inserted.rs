//! Names a rewrite writes: do they mean, where they land, what the rewrite means?
//!
//! A codemod that writes `list(...)`, `next(it)` or `str` assumes the builtin. In a
//! function with a local `def list():` or a parameter named `next`, the same text calls
//! something else: a valid rewrite that changes meaning. [`Semantics::rebound_builtins`]
//! finds, in the text a splice inserts, the builtin names that the code around the
//! splice binds otherwise.

use tree_sitter::Node;

use super::python::{self, Major};
use super::Semantics;

/// The identifiers of `code` that stand as variables: not attributes (`.x`), keyword
/// argument names (`x=`), or inside string literals and comments.
fn variable_names(code: &str) -> Vec<&str> {
    let bytes = code.as_bytes();
    let mut names = Vec::new();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == b'\\' {
                i += 2;
                continue;
            }
            if b == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match b {
            b'\'' | b'"' => {
                quote = Some(b);
                i += 1;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            _ if b.is_ascii_alphabetic() || b == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                // A string prefix: `u'x'`, `b"x"`.
                if i < bytes.len() && matches!(bytes[i], b'\'' | b'"') {
                    continue;
                }
                let before = code[..start].trim_end();
                let after = code[i..].trim_start();
                let attribute = before.ends_with('.');
                let keyword = after.starts_with('=') && !after.starts_with("==");
                if !attribute && !keyword {
                    names.push(&code[start..i]);
                }
            }
            _ if b.is_ascii_digit() => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    names
}

impl<'t> Semantics<'t> {
    /// The builtin names that a rewrite newly uses but that mean something else where
    /// they land on Python 3 (a local, a parameter, an import). The rewrite is given as
    /// its splices: (where, the code written there, the text it replaces). A name the
    /// replaced text used as often is carried over, not new; the speed idiom
    /// `def f(len=len)` counts as the builtin.
    pub fn rebound_builtins<'c>(
        &self,
        splices: impl Iterator<Item = (usize, &'c str, &'c str)>,
    ) -> Vec<&'c str> {
        let mut written: Vec<(usize, &'c str)> = Vec::new();
        let mut replaced: Vec<&'c str> = Vec::new();
        for (at, code, old) in splices {
            written.extend(variable_names(code).into_iter().map(|n| (at, n)));
            replaced.extend(variable_names(old));
        }
        for old in replaced {
            if let Some(i) = written.iter().position(|(_, n)| *n == old) {
                written.remove(i);
            }
        }
        let mut rebound: Vec<&'c str> = Vec::new();
        for (at, name) in written {
            if matches!(name, "True" | "False" | "None")
                || !python::is_builtin(name, Major::Three)
                || rebound.contains(&name)
            {
                continue;
            }
            let Some(place) = self.root.descendant_for_byte_range(at, at) else {
                continue;
            };
            if !self.means_builtin_at(place, name) {
                rebound.push(name);
            }
        }
        rebound
    }

    /// Whether `name` used at `place` means the builtin on Python 3.
    fn means_builtin_at(&self, place: Node<'t>, name: &str) -> bool {
        match self.lookup(place, name, Major::Three) {
            super::Meaning::Builtin => true,
            // A star import from a module that exports this builtin's name: unknown.
            super::Meaning::StarImport(_) | super::Meaning::Undefined => false,
            super::Meaning::Bound { bindings, .. } => bindings.iter().all(|b| {
                b.kind == super::BindingKind::Parameter
                    && b.statement.kind_name() == "default_parameter"
                    && b.statement
                        .child_by_field_id(crate::field!("value").get())
                        .is_some_and(|v| self.node_text(v) == name)
            }),
        }
    }
}

use crate::syntax::KindName;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    use crate::semantics::Py3Range;

    #[test]
    fn names_in_code() {
        assert_eq!(
            variable_names("list(map(f, x.items(), key=len)) + 'str' # iter"),
            vec!["list", "map", "f", "x", "len"]
        );
    }

    #[test]
    fn rebound_where_written() {
        let src = "def f(items):\n    def list(x):\n        return x\n    return items\n\ndef g(items, len=len):\n    return items\n";
        let tree = parse(src).expect("parses");
        let sem = Semantics::new(src, tree.root_node(), Py3Range::for_target((3, 11)));
        let in_f = src.find("return items").expect("f's return");
        let in_g = src.rfind("return items").expect("g's return");
        let one = |at, code, old| sem.rebound_builtins([(at, code, old)].into_iter());
        assert_eq!(one(in_f, "list(items)", "items"), vec!["list"]);
        assert!(one(in_f, "list(items)", "list(x)").is_empty());
        assert!(one(in_g, "list(items) + len(items)", "").is_empty());
    }
}
