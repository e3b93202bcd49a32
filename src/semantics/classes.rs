//! Classes: their members and the references to a member.
//!
//! A member is a name bound in the class body: a method, a class attribute, an alias
//! (`__str__ = __unicode__`), also when bound under a guard (`if PY3: __bool__ =
//! __nonzero__`). A reference to a member is a bare name in the class body that
//! resolves to it, or an attribute `x.name` where `x` is the method's `self`/`cls`,
//! `super(...)`, or the class itself (or a subclass in the same file). `getattr(obj,
//! 'name')` and its siblings name a member in a string: they are reported as
//! references that cannot be resolved.

use std::rc::Rc;

use tree_sitter::Node;

use super::resolve::Meaning;
use super::scopes::{BindingKind, ScopeKind};
use super::{Runs, Semantics};
use crate::syntax::{self, KindName, Visit};

/// One binding of a member name in a class body.
#[derive(Debug, Clone, Copy)]
pub struct Member<'t> {
    pub kind: BindingKind,
    /// The identifier bound.
    pub name: Node<'t>,
    /// The statement binding it: the `def` (or its decorated definition), the assignment
    /// statement, ...
    pub statement: Node<'t>,
    /// For an assignment `name = value`: the value.
    pub value: Option<Node<'t>>,
    /// Where the binding runs (guards inside and around the class).
    pub runs: Runs,
}

impl<'t> Member<'t> {
    /// The `def` of a method member.
    pub fn function(&self) -> Option<Node<'t>> {
        if self.kind != BindingKind::Def {
            return None;
        }
        match self.statement.kind_name() {
            "decorated_definition" => self
                .statement
                .child_by_field_id(crate::field!("definition").get()),
            _ => Some(self.statement),
        }
    }

    /// True when the member is bound directly in the class body, not under a guard or
    /// other compound statement.
    pub fn is_direct(&self, class: Node<'_>) -> bool {
        self.statement
            .parent()
            .and_then(|block| block.parent())
            .is_some_and(|c| c.id() == class.id())
    }
}

/// The members of one class.
#[derive(Debug)]
pub struct Members<'t> {
    pub class: Node<'t>,
    members: Vec<(&'t str, Member<'t>)>,
}

impl<'t> Members<'t> {
    /// Every binding of `name` in the class body, in document order.
    pub fn get(&self, name: &str) -> Vec<Member<'t>> {
        self.members
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, m)| *m)
            .collect()
    }

    /// True when the class body binds `name` (on some Python).
    pub fn binds(&self, name: &str) -> bool {
        self.members.iter().any(|(n, _)| *n == name)
    }

    /// The first method `def name` of the class (on Python 2).
    pub fn method(&self, name: &str) -> Option<Node<'t>> {
        self.get(name)
            .into_iter()
            .filter(|m| m.runs.py2)
            .find_map(|m| m.function())
    }
}

/// A reference to a class member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberRef<'t> {
    /// A bare name in the class body: `__str__ = __unicode__`.
    Name(Node<'t>),
    /// The attribute identifier of `self.name`, `cls.name`, `super(C, self).name`,
    /// `C.name`.
    Attribute(Node<'t>),
    /// `getattr(obj, 'name')`, `hasattr`, `setattr`, `delattr`: the call.
    String(Node<'t>),
}

impl<'t> MemberRef<'t> {
    pub fn node(self) -> Node<'t> {
        match self {
            MemberRef::Name(n) | MemberRef::Attribute(n) | MemberRef::String(n) => n,
        }
    }
}

impl<'t> Semantics<'t> {
    /// The members of `class` (a `class_definition`).
    pub fn members(&self, class: Node<'t>) -> Rc<Members<'t>> {
        if let Some(members) = self.classes.borrow().get(&class.id()) {
            return Rc::clone(members);
        }
        let mut members = Vec::new();
        if let Some(scope) = self.scope(class).filter(|s| s.kind == ScopeKind::Class) {
            for (name, bindings) in scope.iter() {
                for b in bindings {
                    let value = (b.kind == BindingKind::Assignment)
                        .then(|| assignment_value(b.statement, b.name))
                        .flatten();
                    members.push((
                        *name,
                        Member {
                            kind: b.kind,
                            name: b.name,
                            statement: b.statement,
                            value,
                            runs: self.runs_on(b.statement),
                        },
                    ));
                }
            }
        }
        members.sort_by_key(|(_, m)| m.statement.start_byte());
        let members = Rc::new(Members { class, members });
        self.classes
            .borrow_mut()
            .insert(class.id(), Rc::clone(&members));
        members
    }

    /// The class whose body directly holds `node` (a statement, or a `def`).
    pub fn class_of_statement(&self, node: Node<'t>) -> Option<Node<'t>> {
        let mut current = node;
        // Through decorators and guards: `if PY3:` blocks stay in the class body.
        while let Some(parent) = current.parent() {
            match parent.kind_name() {
                "class_definition" => return Some(parent),
                "block"
                | "decorated_definition"
                | "if_statement"
                | "elif_clause"
                | "else_clause"
                | "try_statement"
                | "except_clause"
                | "finally_clause"
                | "with_statement"
                | "expression_statement" => current = parent,
                _ => return None,
            }
        }
        None
    }

    /// The class a method belongs to, when `def` is a method (directly in a class body,
    /// possibly under decorators or a guard).
    pub fn method_class(&self, def: Node<'t>) -> Option<Node<'t>> {
        (def.kind_name() == "function_definition")
            .then(|| self.class_of_statement(def))
            .flatten()
    }

    /// Every reference in the file to the member `name` of `class`: see [`MemberRef`].
    pub fn member_references(&self, class: Node<'t>, name: &str) -> Vec<MemberRef<'t>> {
        let mut refs = Vec::new();
        syntax::preorder(self.root, |node| {
            match node.kind_name() {
                "identifier"
                    if self.node_text(node) == name
                        && super::references::is_variable(node)
                        && self.resolves_to_member(node, class) =>
                {
                    refs.push(MemberRef::Name(node));
                }
                "attribute" => {
                    if let Some((object, attr)) = syntax::attribute_parts(node) {
                        if self.node_text(attr) == name && self.object_is_class(object, class) {
                            refs.push(MemberRef::Attribute(attr));
                        }
                    }
                }
                "call" if self.names_member_in_string(node, name) => {
                    refs.push(MemberRef::String(node));
                }
                "string" | "comment" => return Visit::SkipChildren,
                _ => {}
            }
            Visit::Descend
        });
        refs
    }

    /// Every `x.name` attribute of the file, whatever `x` is (for protocol methods such
    /// as `__unicode__`, whose name says what they are).
    pub fn attribute_uses(&self, name: &str) -> Vec<Node<'t>> {
        let mut uses = Vec::new();
        syntax::preorder(self.root, |node| {
            match node.kind_name() {
                "attribute" => {
                    if let Some((_, attr)) = syntax::attribute_parts(node) {
                        if self.node_text(attr) == name {
                            uses.push(attr);
                        }
                    }
                }
                "string" | "comment" => return Visit::SkipChildren,
                _ => {}
            }
            Visit::Descend
        });
        uses
    }

    /// `getattr(x, 'name')`-style calls naming `name` in a string, anywhere in the file.
    pub fn string_member_uses(&self, name: &str) -> Vec<Node<'t>> {
        let mut uses = Vec::new();
        syntax::preorder(self.root, |node| {
            if node.kind_name() == "call" && self.names_member_in_string(node, name) {
                uses.push(node);
            }
            Visit::Descend
        });
        uses
    }

    fn resolves_to_member(&self, identifier: Node<'t>, class: Node<'t>) -> bool {
        matches!(
            self.resolve(identifier),
            Meaning::Bound { scope: ScopeKind::Class, scope_node, .. } if scope_node.id() == class.id()
        ) || matches!(
            // A Python-3-only alias (`if PY3: __str__ = __unicode__`) resolves on 3.
            self.resolve_on(identifier, super::Major::Three),
            Meaning::Bound { scope: ScopeKind::Class, scope_node, .. } if scope_node.id() == class.id()
        )
    }

    /// True when `object` denotes the class, an instance of it, or its parent through
    /// `super()`: the first parameter of one of its methods, `super(...)`, the class's
    /// own name or that of a subclass defined in this file.
    fn object_is_class(&self, object: Node<'t>, class: Node<'t>) -> bool {
        match object.kind_name() {
            "identifier" => {
                if let Some(method) = self.enclosing_method_of(object) {
                    let first = first_parameter(method).map(|p| self.node_text(p));
                    let owner = self.method_class(method);
                    if first == Some(self.node_text(object))
                        && owner.is_some_and(|o| self.is_same_or_subclass(o, class))
                    {
                        return true;
                    }
                }
                self.names_class_or_subclass(object, class)
            }
            "call" => {
                let callee = object.child_by_field_id(crate::field!("function").get());
                callee.is_some_and(|c| self.node_text(c) == "super")
                    && self
                        .enclosing_method_of(object)
                        .and_then(|m| self.method_class(m))
                        .is_some_and(|owner| {
                            owner.id() != class.id() && self.is_same_or_subclass(owner, class)
                        })
            }
            _ => false,
        }
    }

    /// The method whose body holds `node` (the innermost function, if it is a method).
    fn enclosing_method_of(&self, node: Node<'t>) -> Option<Node<'t>> {
        let scope = self.enclosing_scope(node);
        (scope.kind_name() == "function_definition")
            .then(|| self.method_class(scope).map(|_| scope))
            .flatten()
    }

    fn names_class_or_subclass(&self, identifier: Node<'t>, class: Node<'t>) -> bool {
        match self.resolve(identifier) {
            Meaning::Bound { bindings, .. } => bindings.iter().any(|b| {
                b.kind == BindingKind::Class
                    && class_node_of(b.statement)
                        .is_some_and(|c| self.is_same_or_subclass(c, class))
            }),
            _ => false,
        }
    }

    /// True when `class` is `ancestor` or derives from it through classes of this file.
    pub fn is_same_or_subclass(&self, class: Node<'t>, ancestor: Node<'t>) -> bool {
        let mut seen = 0;
        let mut stack = vec![class];
        while let Some(c) = stack.pop() {
            if c.id() == ancestor.id() {
                return true;
            }
            seen += 1;
            if seen > 64 {
                return false;
            }
            stack.extend(self.base_classes_in_file(c));
        }
        false
    }

    /// The bases of `class` that are classes defined in this file.
    pub fn base_classes_in_file(&self, class: Node<'t>) -> Vec<Node<'t>> {
        let Some(bases) = class.child_by_field_id(crate::field!("superclasses").get()) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let mut cursor = bases.walk();
        for base in bases.named_children(&mut cursor) {
            if base.kind_name() != "identifier" {
                continue;
            }
            if let Meaning::Bound { bindings, .. } = self.resolve(base) {
                found.extend(
                    bindings
                        .iter()
                        .filter(|b| b.kind == BindingKind::Class)
                        .filter_map(|b| class_node_of(b.statement))
                        .filter(|c| c.id() != class.id()),
                );
            }
        }
        found
    }

    /// `getattr(x, 'name')`, `hasattr(x, 'name')`, `setattr(x, 'name', v)`,
    /// `delattr(x, 'name')`.
    fn names_member_in_string(&self, call: Node<'_>, name: &str) -> bool {
        let Some((function, args)) = syntax::call_parts(call) else {
            return false;
        };
        if !matches!(
            self.node_text(function),
            "getattr" | "hasattr" | "setattr" | "delattr"
        ) {
            return false;
        }
        syntax::arguments(args).get(1).is_some_and(|a| {
            a.kind_name() == "string" && {
                let t = self.node_text(*a);
                let inner = t.trim_start_matches(|c: char| c.is_ascii_alphabetic());
                inner.len() >= 2 && &inner[1..inner.len() - 1] == name
            }
        })
    }
}

/// The `class_definition` of a class binding's statement (through decorators).
fn class_node_of(statement: Node<'_>) -> Option<Node<'_>> {
    match statement.kind_name() {
        "class_definition" => Some(statement),
        "decorated_definition" => statement
            .child_by_field_id(crate::field!("definition").get())
            .filter(|d| d.kind_name() == "class_definition"),
        _ => None,
    }
}

/// The value assigned to `target` by the assignment statement `statement`.
fn assignment_value<'t>(statement: Node<'t>, target: Node<'t>) -> Option<Node<'t>> {
    let mut assignment = statement.named_child(0)?;
    while assignment.kind_name() == "assignment" {
        let left = assignment.child_by_field_id(crate::field!("left").get())?;
        let right = assignment.child_by_field_id(crate::field!("right").get())?;
        if left.id() == target.id() {
            // `a = b = value`: the value is at the end of the chain.
            let mut value = right;
            while value.kind_name() == "assignment" {
                value = value.child_by_field_id(crate::field!("right").get())?;
            }
            return Some(value);
        }
        assignment = right;
    }
    None
}

/// The statements directly in a class body (comments included).
pub fn body_statements(class: Node<'_>) -> Vec<Node<'_>> {
    let Some(body) = class.child_by_field_id(crate::field!("body").get()) else {
        return Vec::new();
    };
    let mut cursor = body.walk();
    body.named_children(&mut cursor).collect()
}

/// The first parameter of a function (`self`, `cls`).
pub fn first_parameter(def: Node<'_>) -> Option<Node<'_>> {
    let params = def.child_by_field_id(crate::field!("parameters").get())?;
    let first = params.named_child(0)?;
    match first.kind_name() {
        "identifier" => Some(first),
        "typed_parameter" => first
            .named_child(0)
            .filter(|n| n.kind_name() == "identifier"),
        "default_parameter" | "typed_default_parameter" => {
            first.child_by_field_id(crate::field!("name").get())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    use crate::semantics::Py3Range;

    #[test]
    fn members_and_references() {
        let src = "import sys\nclass Node(object):\n    def __unicode__(self):\n        return self.name\n    if sys.version_info > (3,):\n        __str__ = __unicode__\n    def show(self):\n        return self.__unicode__()\nclass Loud(Node):\n    def __unicode__(self):\n        return super(Loud, self).__unicode__() + Node.__unicode__(self)\ndef f(x):\n    return x.__unicode__(), getattr(x, '__unicode__')\n";
        let tree = parse(src).expect("parses");
        let sem = Semantics::new(src, tree.root_node(), Py3Range::for_target((3, 11)));
        let node_class = tree.root_node().named_child(1).expect("class Node");
        let members = sem.members(node_class);
        assert!(members.method("__unicode__").is_some());
        let alias = members.get("__str__");
        assert_eq!(alias.len(), 1);
        assert!(alias[0].runs.py3_only() && !alias[0].is_direct(node_class));
        let refs = sem.member_references(node_class, "__unicode__");
        let lines: Vec<(usize, &str)> = refs
            .iter()
            .map(|r| {
                let kind = match r {
                    MemberRef::Name(_) => "name",
                    MemberRef::Attribute(_) => "attribute",
                    MemberRef::String(_) => "string",
                };
                (r.node().start_position().row + 1, kind)
            })
            .collect();
        assert_eq!(
            lines,
            vec![
                (6, "name"),
                (8, "attribute"),
                (11, "attribute"),
                (11, "attribute"),
                (13, "string")
            ]
        );
    }
}
