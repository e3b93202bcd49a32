//! Scopes and the names each one binds.
//!
//! A scope's bindings are collected from its statements (descending into `if`, `for`,
//! `try`, `with` and other compound statements, not into nested functions, classes,
//! lambdas or comprehensions, whose own names are theirs). The collection is statement
//! level: an assignment expression (`:=`, Python 3.8) and the Python 2 leak of a list
//! comprehension's loop variable into its scope are not bindings here.

use std::collections::HashMap;

use tree_sitter::Node;

use super::text::node_text;
use crate::syntax::KindName;

/// The kinds of Python scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension,
}

impl ScopeKind {
    /// The scope a node opens, if it opens one.
    pub fn of(node: Node<'_>) -> Option<ScopeKind> {
        match node.kind_name() {
            "module" => Some(ScopeKind::Module),
            "class_definition" => Some(ScopeKind::Class),
            "function_definition" => Some(ScopeKind::Function),
            "lambda" => Some(ScopeKind::Lambda),
            "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression" => Some(ScopeKind::Comprehension),
            _ => None,
        }
    }

    /// Functions, lambdas and comprehensions: scopes whose names nested functions see.
    pub fn is_function_like(self) -> bool {
        matches!(
            self,
            ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension
        )
    }
}

/// How a name gets bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingKind {
    Parameter,
    Assignment,
    AugmentedAssignment,
    For,
    With,
    Except,
    Import,
    FromImport,
    Def,
    Class,
    Delete,
    ComprehensionTarget,
}

/// One place where a name is bound.
#[derive(Debug, Clone, Copy)]
pub struct Binding<'t> {
    pub kind: BindingKind,
    /// The identifier that is bound (for an import: the alias, or the name imported).
    pub name: Node<'t>,
    /// The statement (or parameter, or clause) that binds it.
    pub statement: Node<'t>,
}

/// The names bound directly in one scope.
#[derive(Debug)]
pub struct ScopeBindings<'t> {
    pub kind: ScopeKind,
    pub node: Node<'t>,
    names: HashMap<&'t str, Vec<Binding<'t>>>,
    /// Names declared `global` in this scope.
    pub globals: Vec<&'t str>,
    /// Names declared `nonlocal` in this scope.
    pub nonlocals: Vec<&'t str>,
    /// Modules this scope star-imports (`from m import *`).
    pub star_imports: Vec<&'t str>,
}

impl<'t> ScopeBindings<'t> {
    /// The bindings of `name` in this scope, in document order.
    pub fn get(&self, name: &str) -> &[Binding<'t>] {
        self.names.get(name).map_or(&[], |v| v.as_slice())
    }

    /// Every bound name with its bindings.
    pub fn iter(&self) -> impl Iterator<Item = (&&'t str, &Vec<Binding<'t>>)> {
        self.names.iter()
    }

    /// Collect the bindings of the scope opened by `node` (see [`ScopeKind::of`]).
    pub fn collect(node: Node<'t>, text: &'t str) -> Option<ScopeBindings<'t>> {
        let kind = ScopeKind::of(node)?;
        let mut scope = ScopeBindings {
            kind,
            node,
            names: HashMap::new(),
            globals: Vec::new(),
            nonlocals: Vec::new(),
            star_imports: Vec::new(),
        };
        let mut collector = Collector {
            text,
            scope: &mut scope,
        };
        match kind {
            ScopeKind::Module => collector.statements(node),
            ScopeKind::Class => {
                if let Some(body) = node.child_by_field_id(crate::field!("body").get()) {
                    collector.statements(body);
                }
            }
            ScopeKind::Function | ScopeKind::Lambda => {
                if let Some(params) = node.child_by_field_id(crate::field!("parameters").get()) {
                    collector.parameters(params);
                }
                if let Some(body) = node.child_by_field_id(crate::field!("body").get()) {
                    if body.kind_name() == "block" {
                        collector.statements(body);
                    }
                }
            }
            ScopeKind::Comprehension => {
                let mut cursor = node.walk();
                for clause in node.named_children(&mut cursor) {
                    if clause.kind_name() == "for_in_clause" {
                        if let Some(left) = clause.child_by_field_id(crate::field!("left").get()) {
                            collector.targets(left, clause, BindingKind::ComprehensionTarget);
                        }
                    }
                }
            }
        }
        Some(scope)
    }
}

struct Collector<'s, 't> {
    text: &'t str,
    scope: &'s mut ScopeBindings<'t>,
}

impl<'t> Collector<'_, 't> {
    fn bind(&mut self, name: Node<'t>, statement: Node<'t>, kind: BindingKind) {
        let text = node_text(name, self.text);
        self.scope.names.entry(text).or_default().push(Binding {
            kind,
            name,
            statement,
        });
    }

    /// The statements of a block (or module), descending into compound statements.
    fn statements(&mut self, block: Node<'t>) {
        let mut cursor = block.walk();
        for stmt in block.named_children(&mut cursor) {
            self.statement(stmt);
        }
    }

    fn statement(&mut self, stmt: Node<'t>) {
        match stmt.kind_name() {
            "function_definition" | "class_definition" => {
                let kind = if stmt.kind_name() == "class_definition" {
                    BindingKind::Class
                } else {
                    BindingKind::Def
                };
                let statement = stmt
                    .parent()
                    .filter(|p| p.kind_name() == "decorated_definition")
                    .unwrap_or(stmt);
                if let Some(name) = stmt.child_by_field_id(crate::field!("name").get()) {
                    self.bind(name, statement, kind);
                }
            }
            "decorated_definition" => {
                if let Some(def) = stmt.child_by_field_id(crate::field!("definition").get()) {
                    self.statement(def);
                }
            }
            "expression_statement" => {
                let mut cursor = stmt.walk();
                for expr in stmt.named_children(&mut cursor) {
                    self.assignment(expr, stmt);
                }
            }
            "for_statement" => {
                if let Some(left) = stmt.child_by_field_id(crate::field!("left").get()) {
                    self.targets(left, stmt, BindingKind::For);
                }
                self.clauses(stmt);
            }
            "with_statement" => {
                self.with_items(stmt);
                self.clauses(stmt);
            }
            "try_statement" => self.clauses(stmt),
            "except_clause" => {
                self.except_target(stmt);
                self.clauses(stmt);
            }
            "import_statement" => self.import(stmt),
            "import_from_statement" => self.import_from(stmt),
            "delete_statement" => {
                let mut cursor = stmt.walk();
                for target in stmt.named_children(&mut cursor) {
                    self.targets(target, stmt, BindingKind::Delete);
                }
            }
            "global_statement" | "nonlocal_statement" => {
                let mut cursor = stmt.walk();
                let names: Vec<&'t str> = stmt
                    .named_children(&mut cursor)
                    .filter(|n| n.kind_name() == "identifier")
                    .map(|n| node_text(n, self.text))
                    .collect();
                if stmt.kind_name() == "global_statement" {
                    self.scope.globals.extend(names);
                } else {
                    self.scope.nonlocals.extend(names);
                }
            }
            "if_statement" | "while_statement" | "elif_clause" | "else_clause"
            | "finally_clause" | "block" | "match_statement" | "case_clause" => self.clauses(stmt),
            _ => {}
        }
    }

    /// The blocks and clauses of a compound statement.
    fn clauses(&mut self, stmt: Node<'t>) {
        let mut cursor = stmt.walk();
        for part in stmt.named_children(&mut cursor) {
            match part.kind_name() {
                "block" => self.statements(part),
                "elif_clause"
                | "else_clause"
                | "except_clause"
                | "except_group_clause"
                | "finally_clause"
                | "case_clause" => self.statement(part),
                // A one-line compound statement: `if x: y = 1`.
                _ if part.kind_name().ends_with("_statement") => self.statement(part),
                _ => {}
            }
        }
    }

    /// `a = b = c`, `a += 1`, `a: int = 1`.
    fn assignment(&mut self, expr: Node<'t>, stmt: Node<'t>) {
        match expr.kind_name() {
            "assignment" => {
                if let Some(left) = expr.child_by_field_id(crate::field!("left").get()) {
                    self.targets(left, stmt, BindingKind::Assignment);
                }
                if let Some(right) = expr.child_by_field_id(crate::field!("right").get()) {
                    self.assignment(right, stmt);
                }
            }
            "augmented_assignment" => {
                if let Some(left) = expr.child_by_field_id(crate::field!("left").get()) {
                    self.targets(left, stmt, BindingKind::AugmentedAssignment);
                }
            }
            _ => {}
        }
    }

    /// The names an assignment target binds: `a`, `a, (b, *c)`, `[a, b]`; not `a.b` or
    /// `a[0]`.
    fn targets(&mut self, target: Node<'t>, stmt: Node<'t>, kind: BindingKind) {
        match target.kind_name() {
            "identifier" => self.bind(target, stmt, kind),
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "tuple"
            | "list"
            | "expression_list"
            | "parenthesized_expression"
            | "list_splat_pattern"
            | "list_splat"
            | "as_pattern_target" => {
                let mut cursor = target.walk();
                for part in target.named_children(&mut cursor) {
                    self.targets(part, stmt, kind);
                }
            }
            _ => {}
        }
    }

    fn parameters(&mut self, params: Node<'t>) {
        let mut cursor = params.walk();
        for param in params.named_children(&mut cursor) {
            let name = match param.kind_name() {
                "identifier" => Some(param),
                "default_parameter" | "typed_default_parameter" => {
                    param.child_by_field_id(crate::field!("name").get())
                }
                "typed_parameter" => param.named_child(0),
                "list_splat_pattern" | "dictionary_splat_pattern" => param.named_child(0),
                "tuple_pattern" => {
                    // Python 2 tuple parameters: `def f(a, (b, c)):`.
                    self.targets(param, param, BindingKind::Parameter);
                    None
                }
                _ => None,
            };
            match name {
                Some(n) if n.kind_name() == "identifier" => {
                    self.bind(n, param, BindingKind::Parameter)
                }
                // `*args: int` nests the splat pattern in the typed parameter.
                Some(n) if n.kind_name().ends_with("splat_pattern") => {
                    if let Some(inner) = n.named_child(0) {
                        self.bind(inner, param, BindingKind::Parameter);
                    }
                }
                _ => {}
            }
        }
    }

    fn with_items(&mut self, stmt: Node<'t>) {
        let mut stack = vec![stmt];
        while let Some(node) = stack.pop() {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                match child.kind_name() {
                    "with_clause" | "with_item" => stack.push(child),
                    "as_pattern" => {
                        if let Some(alias) = child.child_by_field_id(crate::field!("alias").get()) {
                            self.targets(alias, stmt, BindingKind::With);
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// `except E as e:` and Python 2's `except E, e:`.
    fn except_target(&mut self, clause: Node<'t>) {
        let mut cursor = clause.walk();
        let values: Vec<Node<'t>> = clause
            .children_by_field_id(crate::field!("value"), &mut cursor)
            .collect();
        match values.as_slice() {
            [first] if first.kind_name() == "as_pattern" => {
                if let Some(alias) = first.child_by_field_id(crate::field!("alias").get()) {
                    self.targets(alias, clause, BindingKind::Except);
                }
            }
            [_, target] => self.targets(*target, clause, BindingKind::Except),
            _ => {}
        }
    }

    fn import(&mut self, stmt: Node<'t>) {
        let mut cursor = stmt.walk();
        for name in stmt.children_by_field_id(crate::field!("name"), &mut cursor) {
            let bound = match name.kind_name() {
                "aliased_import" => name.child_by_field_id(crate::field!("alias").get()),
                // `import os.path` binds `os`.
                "dotted_name" => name.named_child(0),
                _ => Some(name),
            };
            if let Some(bound) = bound {
                self.bind(bound, stmt, BindingKind::Import);
            }
        }
    }

    fn import_from(&mut self, stmt: Node<'t>) {
        let mut cursor = stmt.walk();
        for child in stmt.named_children(&mut cursor) {
            if child.kind_name() == "wildcard_import" {
                let module = stmt
                    .child_by_field_id(crate::field!("module_name").get())
                    .map_or("", |m| node_text(m, self.text));
                self.scope.star_imports.push(module);
            }
        }
        let mut cursor = stmt.walk();
        for name in stmt.children_by_field_id(crate::field!("name"), &mut cursor) {
            let bound = match name.kind_name() {
                "aliased_import" => name.child_by_field_id(crate::field!("alias").get()),
                "dotted_name" => name.named_child(0),
                _ => Some(name),
            };
            if let Some(bound) = bound {
                self.bind(bound, stmt, BindingKind::FromImport);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn names_of(src: &str) -> Vec<String> {
        let tree = parse(src).expect("parses");
        let scope = ScopeBindings::collect(tree.root_node(), src).expect("a module");
        let mut names: Vec<String> = scope.iter().map(|(n, _)| n.to_string()).collect();
        names.sort();
        names
    }

    #[test]
    fn module_bindings() {
        let src = "import os.path, json as j\nfrom a import b, c as d\nx = y = 1\nfor (p, q) in r: pass\nwith f() as (g, h): pass\ntry:\n    pass\nexcept E, e:\n    pass\nexcept (A, B) as e2:\n    del k\nif z:\n    def fn(arg): inner = 1\n    class K: attr = 1\nn += 1\n";
        assert_eq!(
            names_of(src),
            vec!["K", "d", "e", "e2", "fn", "g", "h", "j", "k", "n", "os", "p", "q", "x", "y", "b"]
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>()
                .tap_sorted()
        );
    }

    trait TapSorted {
        fn tap_sorted(self) -> Self;
    }

    impl TapSorted for Vec<String> {
        fn tap_sorted(mut self) -> Self {
            self.sort();
            self
        }
    }

    #[test]
    fn parameters_and_declarations() {
        let src = "def f(a, b=1, *c, **d):\n    global g\n    e = 2\n";
        let tree = parse(src).expect("parses");
        let def = tree.root_node().named_child(0).expect("a def");
        let scope = ScopeBindings::collect(def, src).expect("a function");
        for name in ["a", "b", "c", "d", "e"] {
            assert!(!scope.get(name).is_empty(), "{name}");
        }
        assert_eq!(scope.globals, vec!["g"]);
        let src2 = "from m import *\n";
        let tree2 = parse(src2).expect("parses");
        let module = ScopeBindings::collect(tree2.root_node(), src2).expect("a module");
        assert_eq!(module.star_imports, vec!["m"]);
    }
}
