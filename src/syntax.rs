//! Small, shared facts about Python syntax trees: operator precedence, call shapes.

use tree_sitter::Node;

/// A node's kind name, looked up by kind id in a table made once.
///
/// tree-sitter's `Node::kind` measures and validates the kind's C string on every call,
/// and the analyses ask it of nearly every node they pass: over a large tree that was 1%
/// of a run.
pub trait KindName {
    fn kind_name(&self) -> &'static str;
}

impl KindName for Node<'_> {
    fn kind_name(&self) -> &'static str {
        static NAMES: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
            let language = crate::parse::language();
            (0..language.node_kind_count())
                .map(|id| {
                    u16::try_from(id)
                        .ok()
                        .and_then(|id| language.node_kind_for_id(id))
                        .unwrap_or("")
                })
                .collect()
        });
        match NAMES.get(usize::from(self.kind_id())) {
            Some(name) if !name.is_empty() => name,
            _ => self.kind(),
        }
    }
}

/// Binding strength of an expression node, higher binds tighter (Python's table).
pub fn precedence(node: Node<'_>, text: &str) -> u8 {
    match node.kind_name() {
        "lambda" => 1,
        "named_expression" | "yield" => 0,
        "conditional_expression" => 2,
        "boolean_operator" => {
            match node
                .child_by_field_id(crate::field!("operator").get())
                .map(|o| &text[o.start_byte()..o.end_byte()])
            {
                Some("or") => 3,
                _ => 4,
            }
        }
        "not_operator" => 5,
        "comparison_operator" => 6,
        "binary_operator" => {
            let op = node
                .child_by_field_id(crate::field!("operator").get())
                .map(|o| &text[o.start_byte()..o.end_byte()])
                .unwrap_or("");
            match op {
                "|" => 7,
                "^" => 8,
                "&" => 9,
                "<<" | ">>" => 10,
                "+" | "-" => 11,
                "*" | "/" | "//" | "%" | "@" => 12,
                "**" => 14,
                _ => 12,
            }
        }
        "unary_operator" => 13,
        "await" => 15,
        "list_splat" | "dictionary_splat" => 0,
        _ => 16,
    }
}

/// Precedence levels to compare against with [`precedence`].
pub mod level {
    /// Operand of `in` / `not in` / `==` (comparison): needs more than a comparison.
    pub const COMPARISON_OPERAND: u8 = 7;
    /// Operand of `not`.
    pub const NOT_OPERAND: u8 = 6;
    /// The object of an attribute access, call or subscript.
    pub const PRIMARY: u8 = 16;
    /// An argument or list element: anything but a bare tuple / yield / walrus.
    pub const ARGUMENT: u8 = 1;
}

/// The text of `node`, in parentheses if it binds more loosely than `min_level`.
pub fn parenthesized_if_needed(node: Node<'_>, text: &str, min_level: u8) -> String {
    let own = &text[node.start_byte()..node.end_byte()];
    if precedence(node, text) < min_level {
        format!("({own})")
    } else {
        own.to_string()
    }
}

/// The least precedence an expression must have to stand at `node`'s position without
/// parentheses (0 when any expression fits, e.g. inside brackets or as a statement).
/// Compare with [`precedence`] of the replacement.
pub fn required_precedence(node: Node<'_>, text: &str) -> u8 {
    let Some(parent) = node.parent() else {
        return 0;
    };
    let is_field = |field: &str| {
        parent
            .child_by_field_name(field)
            .is_some_and(|c| c.id() == node.id())
    };
    match parent.kind_name() {
        "comparison_operator" => level::COMPARISON_OPERAND,
        // Operands of `+`, `*`, ... bind tighter than the operator (right side of a
        // left-associative operator: one more).
        "binary_operator" => {
            let own = precedence(parent, text);
            if is_field("right") {
                own + 1
            } else {
                own
            }
        }
        "unary_operator" => precedence(parent, text),
        "not_operator" => level::NOT_OPERAND - 1,
        "boolean_operator" => precedence(parent, text) + u8::from(is_field("right")),
        "attribute" if is_field("object") => level::PRIMARY,
        "subscript" if is_field("value") => level::PRIMARY,
        "call" if is_field("function") => level::PRIMARY,
        "await" => level::PRIMARY,
        "list_splat" | "dictionary_splat" => level::COMPARISON_OPERAND,
        "conditional_expression" => 3,
        _ => 0,
    }
}

/// For a `call` node: its callee (`function` field) and `argument_list`, if it has one
/// (`f(x for x in y)` has a `generator_expression` instead).
pub fn call_parts<'t>(call: Node<'t>) -> Option<(Node<'t>, Node<'t>)> {
    if call.kind_name() != "call" {
        return None;
    }
    let function = call.child_by_field_id(crate::field!("function").get())?;
    let args = call.child_by_field_id(crate::field!("arguments").get())?;
    Some((function, args))
}

/// Whether `call` may call a function named by one of `names` (a bare identifier): its
/// text starts with the name followed by a non-identifier byte. A cheap test before
/// [`call_parts`]; the callee still has to be checked.
pub fn may_call(call: Node<'_>, text: &str, names: &[&str]) -> bool {
    let rest = text.as_bytes().get(call.start_byte()..).unwrap_or_default();
    names.iter().any(|name| {
        rest.starts_with(name.as_bytes())
            && !rest
                .get(name.len())
                .copied()
                .is_some_and(is_identifier_byte)
    })
}

/// For an `attribute` node (`obj.name`): its object and attribute name.
pub fn attribute_parts<'t>(attribute: Node<'t>) -> Option<(Node<'t>, Node<'t>)> {
    let object = attribute.child_by_field_id(crate::field!("object").get())?;
    let name = attribute.child_by_field_id(crate::field!("attribute").get())?;
    Some((object, name))
}

/// The arguments of an `argument_list`, without comments.
pub fn arguments<'t>(args: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = args.walk();
    args.named_children(&mut cursor)
        .filter(|n| n.kind_name() != "comment")
        .collect()
}

/// The value of keyword argument `name` in an `argument_list`, if present.
pub fn keyword_argument<'t>(args: Node<'t>, text: &str, name: &str) -> Option<Node<'t>> {
    arguments(args).into_iter().find_map(|a| {
        if a.kind_name() != "keyword_argument" {
            return None;
        }
        let key = a.child_by_field_id(crate::field!("name").get())?;
        (&text[key.start_byte()..key.end_byte()] == name)
            .then(|| a.child_by_field_id(crate::field!("value").get()))
            .flatten()
    })
}

/// Skip enclosing `parenthesized_expression`s upward: the node whose parent gives the
/// real syntactic context of `node`.
pub fn outermost_parens(node: Node<'_>) -> Node<'_> {
    let mut current = node;
    while let Some(parent) = current.parent() {
        if parent.kind_name() == "parenthesized_expression" {
            current = parent;
        } else {
            break;
        }
    }
    current
}

/// True when `node` is the identifier `name`.
pub fn is_name(node: Node<'_>, text: &str, name: &str) -> bool {
    node.kind_name() == "identifier" && &text[node.start_byte()..node.end_byte()] == name
}

/// What [`preorder`] does after visiting a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visit {
    /// Go on into the node's children.
    Descend,
    /// Go on, but not into this node's children.
    SkipChildren,
    /// Stop the walk.
    Stop,
}

/// Visit `root` and every node below it in document order (one tree cursor, no
/// recursion). Returns false when `visit` stopped the walk.
pub fn preorder<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>) -> Visit) -> bool {
    let mut walk = Preorder::new(root);
    loop {
        let node = walk.node();
        let moved = match visit(node) {
            Visit::Stop => return false,
            Visit::Descend => walk.descend(node) || walk.skip_children(),
            Visit::SkipChildren => walk.skip_children(),
        };
        if !moved {
            return true;
        }
    }
}

/// A walk over a subtree in document order with tree-sitter's cursor, which never asks
/// the cursor for a child or sibling that does not exist.
///
/// A failing `goto_next_sibling` costs as much as one that succeeds (the cursor re-reads
/// the parent's children to find where it was), and in a pre-order walk a third of all
/// calls fail: every last child asks. The walk knows instead how many siblings follow,
/// from the parent's child count (which counts exactly the children the cursor visits).
pub struct Preorder<'t> {
    cursor: tree_sitter::TreeCursor<'t>,
    /// For each level below the walk's root: the siblings still to come after the
    /// current node at that level.
    following: Vec<u32>,
}

impl<'t> Preorder<'t> {
    pub fn new(root: Node<'t>) -> Self {
        Preorder {
            cursor: root.walk(),
            following: Vec::new(),
        }
    }

    /// The current node.
    pub fn node(&self) -> Node<'t> {
        self.cursor.node()
    }

    /// How far below the walk's root the current node is.
    pub fn depth(&self) -> u32 {
        self.following.len() as u32
    }

    /// Move to the first child of `current` (which must be [`Preorder::node`]); false,
    /// without moving, when it has none.
    pub fn descend(&mut self, current: Node<'t>) -> bool {
        let count = current.child_count() as u32;
        if count == 0 || !self.cursor.goto_first_child() {
            return false;
        }
        self.following.push(count - 1);
        true
    }

    /// Move to the next node in document order that is not below the current one; false
    /// at the end of the walk.
    pub fn skip_children(&mut self) -> bool {
        loop {
            let Some(following) = self.following.last_mut() else {
                return false;
            };
            if *following > 0 {
                *following -= 1;
                if self.cursor.goto_next_sibling() {
                    return true;
                }
                debug_assert!(false, "a child count above the cursor's children");
            }
            self.following.pop();
            if !self.cursor.goto_parent() {
                return false;
            }
        }
    }
}

/// The distinct member names used as `object.member` below `root`, where `object` is
/// the plain name `object` (`imp.reload` → `reload`), in order of first use.
pub fn members_used<'a>(root: Node<'_>, text: &'a str, object: &str) -> Vec<&'a str> {
    let mut members: Vec<&'a str> = Vec::new();
    preorder(root, |node| {
        if node.kind_name() == "attribute" {
            if let (Some(obj), Some(attr)) = (
                node.child_by_field_id(crate::field!("object").get()),
                node.child_by_field_id(crate::field!("attribute").get()),
            ) {
                let member = &text[attr.byte_range()];
                if obj.kind_name() == "identifier"
                    && &text[obj.byte_range()] == object
                    && !members.contains(&member)
                {
                    members.push(member);
                }
            }
        }
        Visit::Descend
    });
    members
}

/// The id of a tree-sitter-python field, looked up once per name. Looking fields up by
/// name on every call compares strings against every field of the grammar.
#[macro_export]
macro_rules! field {
    ($name:literal) => {{
        static ID: std::sync::LazyLock<std::num::NonZeroU16> = std::sync::LazyLock::new(|| {
            $crate::parse::language()
                .field_id_for_name($name)
                .expect(concat!("tree-sitter-python has no field ", $name))
        });
        *ID
    }};
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    /// Every node of the tree, in document order, by asking the cursor for children and
    /// siblings until it says there are none.
    fn nodes_by_cursor(root: Node<'_>) -> Vec<(usize, u32)> {
        let mut cursor = root.walk();
        let mut out = Vec::new();
        let mut depth = 0;
        'walk: loop {
            out.push((cursor.node().id(), depth));
            if cursor.goto_first_child() {
                depth += 1;
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    continue 'walk;
                }
                if !cursor.goto_parent() {
                    return out;
                }
                depth -= 1;
            }
        }
    }

    fn nodes_by_preorder(root: Node<'_>) -> Vec<(usize, u32)> {
        let mut walk = Preorder::new(root);
        let mut out = Vec::new();
        loop {
            let node = walk.node();
            out.push((node.id(), walk.depth()));
            if !(walk.descend(node) || walk.skip_children()) {
                return out;
            }
        }
    }

    /// The walk that trusts child counts visits exactly the nodes, at the depths, that
    /// the cursor does: on every fixture (Python 2 and 3, comments, continuations,
    /// strings) and on text that does not parse.
    #[test]
    fn preorder_visits_what_the_cursor_visits() {
        let mut sources = vec![
            "def f(:\n  x = [1,\n".to_string(),
            "print >>f, `x`, u'a' 'b'\nexec code in ns\nclass C:\n\tpass # c\n".to_string(),
            "x = f'{a!r:>{w}}' \\\n  + 1\r\nif x:\n    pass\nelse:\n  y = (yield)\n".to_string(),
        ];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "py") {
                    sources.push(String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into());
                }
            }
        }
        assert!(sources.len() > 100, "the fixtures were found");
        for source in &sources {
            let tree = parse(source).unwrap();
            let root = tree.root_node();
            assert_eq!(nodes_by_preorder(root), nodes_by_cursor(root), "{source}");
            // And from a node inside the tree, which the walk must not leave.
            if let Some(child) = root.named_child(0) {
                assert_eq!(nodes_by_preorder(child), nodes_by_cursor(child), "{source}");
            }
        }
    }

    #[test]
    fn may_call_reads_the_callee_name_from_the_text() {
        let src = "map(f, x)\nmapping(x)\nzip (a)\nself.map(f)\n";
        let tree = parse(src).unwrap();
        let mut calls = Vec::new();
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            if node.kind_name() == "call" {
                calls.push(may_call(node, src, &["map", "zip"]));
            }
            let mut cursor = node.walk();
            stack.extend(node.children(&mut cursor));
        }
        calls.reverse();
        assert_eq!(calls, [true, false, true, false]);
    }

    #[test]
    fn kind_names_are_the_kinds() {
        // Aliased nodes (`as_pattern_target`), errors, keywords and punctuation included.
        let src = "print x, `y`\nwith a as (b, c): pass\nx = (\nu'a' <> 0777L\n";
        let tree = parse(src).unwrap();
        let mut cursor = tree.walk();
        let mut seen = 0;
        loop {
            let node = cursor.node();
            assert_eq!(node.kind_name(), node.kind());
            seen += 1;
            if cursor.goto_first_child() || cursor.goto_next_sibling() {
                continue;
            }
            while cursor.goto_parent() && !cursor.goto_next_sibling() {}
            if cursor.node() == tree.root_node() {
                break;
            }
        }
        assert!(seen > 30, "{seen}");
        assert!(tree.root_node().has_error());
    }

    fn first_expr(src: &str) -> (tree_sitter::Tree, String) {
        (parse(src).unwrap(), src.to_string())
    }

    /// `required_precedence` of the first call in `src`.
    fn required_at_call(src: &str) -> u8 {
        let tree = parse(src).unwrap();
        let mut stack = vec![tree.root_node()];
        while let Some(node) = stack.pop() {
            if node.kind_name() == "call" {
                return required_precedence(node, src);
            }
            let mut cursor = node.walk();
            stack.extend(node.named_children(&mut cursor));
        }
        panic!("no call in {src:?}");
    }

    #[test]
    fn required_precedence_follows_the_parent() {
        // A comparison (6) fits where at most 6 is required.
        assert_eq!(required_at_call("f(x) == 1\n"), level::COMPARISON_OPERAND);
        assert_eq!(required_at_call("a and f(x)\n"), 5);
        assert_eq!(required_at_call("not f(x)\n"), 5);
        assert_eq!(required_at_call("y = f(x)\n"), 0);
        assert_eq!(required_at_call("(f(x)) == 1\n"), 0);
        assert_eq!(required_at_call("f(x).real\n"), level::PRIMARY);
        assert_eq!(required_at_call("1 - f(x)\n"), 12);
        assert_eq!(required_at_call("-f(x)\n"), 13);
    }

    #[test]
    fn every_field_used_by_name_exists() {
        // Keep in step with the `field!` uses in the crate: a missing name would panic.
        for name in [
            "alias",
            "argument",
            "arguments",
            "attribute",
            "body",
            "code",
            "condition",
            "definition",
            "function",
            "left",
            "module_name",
            "name",
            "object",
            "operator",
            "parameters",
            "return_type",
            "right",
            "subscript",
            "superclasses",
            "type",
            "value",
        ] {
            assert!(
                crate::parse::language().field_id_for_name(name).is_some(),
                "{name}"
            );
        }
    }

    #[test]
    fn or_needs_parens_in_comparison() {
        let (tree, src) = first_expr("a or b\n");
        let expr = tree
            .root_node()
            .named_child(0)
            .unwrap()
            .named_child(0)
            .unwrap();
        assert_eq!(
            parenthesized_if_needed(expr, &src, level::COMPARISON_OPERAND),
            "(a or b)"
        );
        let (tree, src) = first_expr("a + b\n");
        let expr = tree
            .root_node()
            .named_child(0)
            .unwrap()
            .named_child(0)
            .unwrap();
        assert_eq!(
            parenthesized_if_needed(expr, &src, level::COMPARISON_OPERAND),
            "a + b"
        );
    }
}

/// A byte that may continue an identifier: an ASCII letter, digit or `_`, or any byte of
/// a non-ASCII character.
pub fn is_identifier_byte(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80
}

/// The offsets at which `word` occurs in `text` as a whole identifier (no identifier byte
/// right before or after it), in order.
pub fn word_occurrences<'t>(text: &'t str, word: &'t str) -> impl Iterator<Item = usize> + 't {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, word.as_bytes()).filter(move |&at| {
        let end = at + word.len();
        (at == 0 || !is_identifier_byte(bytes[at - 1]))
            && !bytes.get(end).copied().is_some_and(is_identifier_byte)
    })
}

/// True when `word` occurs in `text` as a whole identifier: a cheap test before walking a
/// tree for a name.
pub fn contains_word(text: &str, word: &str) -> bool {
    word_occurrences(text, word).next().is_some()
}

#[cfg(test)]
mod word_tests {
    use super::contains_word;

    #[test]
    fn matches_whole_identifiers_only() {
        assert!(contains_word("f = file(p)", "file"));
        assert!(contains_word("file", "file"));
        assert!(!contains_word("filename = files", "file"));
        assert!(!contains_word("my_file = 1", "file"));
        assert!(contains_word("x, filex, (file)", "file"));
    }
}
