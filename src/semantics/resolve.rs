//! What a name used at a place refers to.
//!
//! Python's rules: a name bound anywhere in a function is local to all of it (unless
//! declared `global`/`nonlocal`); a class body's names are visible in the class body
//! only, not in its methods; parameter defaults, annotations, decorators and base
//! classes are evaluated in the enclosing scope, and so is the first iterable of a
//! comprehension. Bindings that only exist on the other Python (a Python-3 branch of a
//! guard, seen from Python 2) do not count.

use std::rc::Rc;

use tree_sitter::Node;

use super::python::{self, Major};
use super::scopes::{Binding, BindingKind, ScopeBindings, ScopeKind};
use super::Semantics;
use crate::syntax::KindName;

/// What a name refers to.
#[derive(Debug, Clone)]
pub enum Meaning<'t> {
    /// The builtin of that name.
    Builtin,
    /// A name bound in this file, in the scope `scope`, by `bindings` (those that can run
    /// on the Python asked about).
    Bound {
        scope: ScopeKind,
        scope_node: Node<'t>,
        bindings: Vec<Binding<'t>>,
    },
    /// Possibly bound by `from module import *` (a module known to export such names).
    StarImport(&'t str),
    /// Neither bound in the file nor a builtin: a `NameError`, or set at run time.
    Undefined,
}

impl Meaning<'_> {
    pub fn is_builtin(&self) -> bool {
        matches!(self, Meaning::Builtin)
    }
}

/// Star-imported modules known to export names that are also builtins.
const SHADOWING_STAR_MODULES: &[&str] = &[
    "builtins",
    "__builtin__",
    "future.builtins",
    "past.builtins",
    "six.moves",
    "numpy",
    "pylab",
    "scipy",
    "sympy",
];

impl<'t> Semantics<'t> {
    /// The bindings of the scope opened by `scope_node`, collected on first use.
    pub fn scope(&self, scope_node: Node<'t>) -> Option<Rc<ScopeBindings<'t>>> {
        if let Some(scope) = self.scopes.borrow().get(&scope_node.id()) {
            return Some(Rc::clone(scope));
        }
        let scope = Rc::new(ScopeBindings::collect(scope_node, self.text)?);
        self.scopes
            .borrow_mut()
            .insert(scope_node.id(), Rc::clone(&scope));
        Some(scope)
    }

    /// The module's bindings.
    pub fn module_scope(&self) -> Rc<ScopeBindings<'t>> {
        self.scope(self.root).unwrap_or_else(|| {
            // The root is always a module; an empty table keeps callers simple.
            Rc::new(ScopeBindings::collect(self.root, self.text).expect("module scope"))
        })
    }

    /// The scopes a name used at `node` is looked up in, innermost first.
    pub fn scope_chain(&self, node: Node<'t>) -> Vec<Node<'t>> {
        let mut chain = Vec::new();
        let mut inside_function = false;
        let mut child = node;
        while let Some(parent) = child.parent() {
            if let Some(kind) = ScopeKind::of(parent) {
                let evaluated_inside = match kind {
                    ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Class => parent
                        .child_by_field_id(crate::field!("body").get())
                        .is_some_and(|b| b.id() == child.id()),
                    ScopeKind::Comprehension => !is_first_iterable(parent, child),
                    ScopeKind::Module => true,
                };
                if evaluated_inside {
                    // A class body is seen only by code directly in it.
                    if kind != ScopeKind::Class || !inside_function {
                        chain.push(parent);
                    }
                    if kind.is_function_like() {
                        inside_function = true;
                    }
                }
            }
            child = parent;
        }
        if chain.last().is_none_or(|m| m.id() != self.root.id()) {
            chain.push(self.root);
        }
        chain
    }

    /// What the name `identifier` means where it stands, on Python 2 (the meaning a
    /// migration must keep).
    pub fn resolve(&self, identifier: Node<'t>) -> Meaning<'t> {
        self.resolve_on(identifier, Major::Two)
    }

    /// What the name `identifier` means on the given Python.
    pub fn resolve_on(&self, identifier: Node<'t>, major: Major) -> Meaning<'t> {
        let name = self.node_text(identifier);
        self.lookup(identifier, name, major)
    }

    /// What `name` would mean if used at `at` (which need not be that name).
    pub fn lookup(&self, at: Node<'t>, name: &str, major: Major) -> Meaning<'t> {
        let chain = self.scope_chain(at);
        let mut skip_to_module = false;
        let mut skip_this = false;
        for (index, &scope_node) in chain.iter().enumerate() {
            let Some(scope) = self.scope(scope_node) else {
                continue;
            };
            let is_module = index + 1 == chain.len();
            if skip_to_module && !is_module {
                continue;
            }
            if skip_this {
                skip_this = false;
                if !scope.kind.is_function_like() {
                    continue;
                }
            }
            if !is_module && scope.globals.contains(&name) {
                // `global x` then `x = ...`: this function binds the module's `x`.
                let bindings: Vec<Binding<'t>> = scope
                    .get(name)
                    .iter()
                    .filter(|b| self.binding_exists_on(b, major))
                    .copied()
                    .collect();
                if !bindings.is_empty() {
                    return Meaning::Bound {
                        scope: ScopeKind::Module,
                        scope_node: self.root,
                        bindings,
                    };
                }
                skip_to_module = true;
                continue;
            }
            if scope.nonlocals.contains(&name) {
                skip_this = true;
                continue;
            }
            let bindings: Vec<Binding<'t>> = scope
                .get(name)
                .iter()
                .filter(|b| self.binding_exists_on(b, major))
                .copied()
                .collect();
            if !bindings.is_empty() {
                return Meaning::Bound {
                    scope: scope.kind,
                    scope_node,
                    bindings,
                };
            }
            if is_module {
                if let Some(module) = self.star_import_for(&scope, name, major) {
                    return Meaning::StarImport(module);
                }
            }
        }
        if python::is_builtin(name, major) {
            Meaning::Builtin
        } else {
            Meaning::Undefined
        }
    }

    /// The star-imported module that may bind `name`, if any.
    fn star_import_for(
        &self,
        scope: &ScopeBindings<'t>,
        name: &str,
        major: Major,
    ) -> Option<&'t str> {
        let builtin = python::is_builtin(name, major);
        scope
            .star_imports
            .iter()
            .find(|m| !builtin || SHADOWING_STAR_MODULES.contains(m))
            .copied()
    }

    /// Whether a binding can take place on that Python (it is not in a branch for the
    /// other one only).
    pub fn binding_exists_on(&self, binding: &Binding<'t>, major: Major) -> bool {
        let runs = self.runs_on(binding.statement);
        match major {
            Major::Two => runs.py2,
            Major::Three => runs.py3,
        }
    }

    /// True when `identifier` is a variable use of the builtin `name` (on Python 2): not
    /// an attribute or keyword, not shadowed by any binding of the file, and not given a
    /// Python 3 meaning of its own by the file (see [`Semantics::has_py3_definition`]).
    pub fn is_builtin_reference(&self, identifier: Node<'t>, name: &str) -> bool {
        self.node_text(identifier) == name
            && super::references::is_variable(identifier)
            && self.resolve(identifier).is_builtin()
            && !self.has_py3_definition(identifier, name)
    }

    /// Like [`Semantics::is_builtin_reference`], but also true in a function that binds
    /// the name to the builtin by a parameter default (`def f(x, len=len):`, a speed
    /// idiom): for what the code does, not for renaming it (a caller may still pass
    /// another value).
    pub fn acts_as_builtin(&self, identifier: Node<'t>, name: &str) -> bool {
        self.node_text(identifier) == name
            && super::references::is_variable(identifier)
            && (self.resolve(identifier).is_builtin()
                || self.is_builtin_alias_parameter(identifier))
    }

    /// The speed idiom `def f(x, len=len):` binds a parameter to the builtin of the same
    /// name: its uses in the body mean the builtin.
    fn is_builtin_alias_parameter(&self, identifier: Node<'t>) -> bool {
        let name = self.node_text(identifier);
        let Meaning::Bound { bindings, .. } = self.resolve(identifier) else {
            return false;
        };
        let [binding] = bindings.as_slice() else {
            return false;
        };
        binding.kind == BindingKind::Parameter
            && binding.statement.kind_name() == "default_parameter"
            && binding
                .statement
                .child_by_field_id(crate::field!("value").get())
                .is_some_and(|v| {
                    v.kind_name() == "identifier"
                        && self.node_text(v) == name
                        && self.resolve(v).is_builtin()
                })
    }

    /// True when the file already defines what `name`, used at `at`, means on Python 3
    /// by a binding that only Python 3 runs (`try: unicode / except NameError: unicode =
    /// str`, `if PY3: izip = zip`): the code straddles for that name, and its uses are
    /// left as they are.
    pub fn has_py3_definition(&self, at: Node<'t>, name: &str) -> bool {
        matches!(self.lookup(at, name, Major::Three), Meaning::Bound { bindings, .. }
            if bindings.iter().any(|b| self.runs_on(b.statement).py3_only()))
    }

    /// True when `name`, used at `at`, denotes what an import statement bound (`imp` in
    /// `imp.reload` after `import imp`), not a variable of the same name.
    pub fn names_import(&self, at: Node<'t>, name: &str) -> bool {
        matches!(self.lookup(at, name, Major::Two), Meaning::Bound { bindings, .. }
            if bindings.iter().all(|b| matches!(b.kind, BindingKind::Import | BindingKind::FromImport)))
    }

    /// True when `name`, used at `at`, may denote a variable bound otherwise than by an
    /// import (an assignment, a parameter, a `def`).
    pub fn bound_by_non_import(&self, at: Node<'t>, name: &str) -> bool {
        matches!(self.lookup(at, name, Major::Two), Meaning::Bound { bindings, .. }
            if bindings.iter().any(|b| !matches!(b.kind, BindingKind::Import | BindingKind::FromImport)))
    }

    /// True when `name` is bound somewhere in the module's own scope (on Python 2).
    pub fn module_binds(&self, name: &str) -> bool {
        let scope = self.module_scope();
        scope
            .get(name)
            .iter()
            .any(|b| self.binding_exists_on(b, Major::Two))
    }

    /// True when the module's own scope binds `name` otherwise than by an import.
    pub fn module_binds_by_non_import(&self, name: &str) -> bool {
        let scope = self.module_scope();
        scope.get(name).iter().any(|b| {
            !matches!(b.kind, BindingKind::Import | BindingKind::FromImport)
                && self.binding_exists_on(b, Major::Two)
        })
    }

    /// The innermost function, lambda, class or module whose code `node` is part of.
    pub fn enclosing_scope(&self, node: Node<'t>) -> Node<'t> {
        self.scope_chain(node).first().copied().unwrap_or(self.root)
    }
}

/// True when `child` is the iterable of a comprehension's first `for`, which is
/// evaluated in the enclosing scope.
fn is_first_iterable(comprehension: Node<'_>, child: Node<'_>) -> bool {
    if child.kind_name() != "for_in_clause" {
        return false;
    }
    let mut cursor = comprehension.walk();
    let first_for = comprehension
        .named_children(&mut cursor)
        .find(|c| c.kind_name() == "for_in_clause");
    // The walk up reached the clause from inside it; only its `right` part is outside.
    first_for.is_some_and(|f| f.id() == child.id())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    use crate::semantics::Py3Range;

    /// The meaning of the `nth` (0-based) occurrence of identifier `name` in `src`.
    fn meaning(src: &str, name: &str, nth: usize) -> String {
        let tree = parse(src).expect("parses");
        let sem = Semantics::new(src, tree.root_node(), Py3Range::for_target((3, 11)));
        let mut found = Vec::new();
        crate::syntax::preorder(tree.root_node(), |n| {
            if n.kind_name() == "identifier" && &src[n.byte_range()] == name {
                found.push(n);
            }
            crate::syntax::Visit::Descend
        });
        match sem.resolve(found[nth]) {
            Meaning::Builtin => "builtin".into(),
            Meaning::Bound { scope, .. } => format!("{scope:?}"),
            Meaning::StarImport(m) => format!("star {m}"),
            Meaning::Undefined => "undefined".into(),
        }
    }

    #[test]
    fn functions_classes_and_defaults() {
        let src = "def f(file=file):\n    return file\ndef g():\n    return file\nclass C:\n    file = 1\n    x = file\n    def m(self):\n        return file\n";
        assert_eq!(meaning(src, "file", 1), "builtin"); // the default value
        assert_eq!(meaning(src, "file", 2), "Function");
        assert_eq!(meaning(src, "file", 3), "builtin");
        assert_eq!(meaning(src, "file", 5), "Class");
        assert_eq!(meaning(src, "file", 6), "builtin"); // methods do not see the class
    }

    #[test]
    fn globals_guards_and_star_imports() {
        let src = "def f():\n    global unicode\n    unicode = str\n    return unicode\ntry:\n    unicode\nexcept NameError:\n    unicode = str\nx = unicode\n";
        assert_eq!(meaning(src, "unicode", 2), "Module"); // bound through `global`
        assert_eq!(meaning(src, "unicode", 3), "builtin");
        assert_eq!(meaning(src, "unicode", 5), "builtin"); // the other binding is Python 3 only
        let star = "from numpy import *\nfrom mod import *\nx = long(1)\ny = thing\n";
        assert_eq!(meaning(star, "long", 0), "star numpy");
        assert_eq!(meaning(star, "thing", 0), "star numpy");
        let enclosing = "def outer(long):\n    def inner():\n        return long\n    return [long for long in x]\n";
        assert_eq!(meaning(enclosing, "long", 1), "Function");
        assert_eq!(meaning(enclosing, "long", 2), "Comprehension");
    }
}
