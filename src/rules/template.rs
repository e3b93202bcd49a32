//! Rewrite templates: text with `$CAPTURE` placeholders, substituted with Python's
//! precedence in mind.
//!
//! A template is parsed once, at load time, with every placeholder stood in by an
//! identifier, so the syntactic context of each placeholder is known: substituting
//! `a or b` for `$X` in `$X in d` gives `(a or b) in d`, while `f($X)` needs no parentheses.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::parse;
use crate::syntax;

/// What a `${...}` / `$NAME` placeholder stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// The text of a capture (`$X`), parenthesised if its context needs it.
    Capture { name: String, min_level: u8 },
    /// An option's value (`${option.protocol}`).
    Option(String),
    /// A reference to a qualified name, imported as needed (`${ref:sys.intern}`,
    /// `${ref:option.helper}`).
    Ref(RefName),
    /// The `map` table's entry for a capture's text (`${map:NAME}`).
    Map(String),
    /// A named group of a `where` regex (`${quote}`).
    Group(String),
    /// The text inside a captured node's brackets (`${inner:args}` of `(a, b)` is `a, b`).
    Inner(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefName {
    Literal(String),
    Option(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Slot(Slot),
}

/// Where a template's expansion goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Replaces an expression (or statement).
    Expression,
    /// Becomes an argument of a call.
    Argument,
    /// Free text (review / note messages): no parsing, no parentheses.
    Message,
}

#[derive(Debug, Clone)]
pub struct Template {
    pub pieces: Vec<Piece>,
    /// Precedence of the template's outermost expression; `None` when the template is a
    /// single capture (its precedence is the captured node's).
    pub root_precedence: Option<u8>,
}

/// What the loader knows when parsing a template, to reject unknown names.
pub struct Names<'a> {
    pub captures: &'a [&'a str],
    pub options: &'a [String],
    pub groups: &'a [String],
    pub has_map: bool,
}

impl Template {
    /// Parse `source`; errors say what is wrong (the caller adds file and line).
    pub fn parse(source: &str, mode: Mode, names: &Names<'_>) -> Result<Template, String> {
        let mut pieces = tokenize(source, names)?;
        if mode == Mode::Message {
            return Ok(Template {
                pieces,
                root_precedence: None,
            });
        }
        // Stand every slot in by an identifier and parse, to learn each slot's context.
        let mut probe = String::new();
        let mut stand_ins = Vec::new();
        if mode == Mode::Argument {
            probe.push_str("f(");
        }
        for (index, piece) in pieces.iter().enumerate() {
            match piece {
                Piece::Text(text) => probe.push_str(text),
                Piece::Slot(_) => {
                    let name = format!("__pymig_slot{index}__");
                    stand_ins.push((probe.len(), index));
                    probe.push_str(&name);
                }
            }
        }
        if mode == Mode::Argument {
            probe.push(')');
        }
        probe.push('\n');
        let tree = parse::parse(&probe).ok_or("the template cannot be parsed")?;
        if tree.root_node().has_error() {
            return Err(format!(
                "the template is not valid Python{}: {source:?}",
                if mode == Mode::Argument {
                    " as an argument"
                } else {
                    ""
                }
            ));
        }
        for (offset, index) in stand_ins {
            // Only captures need their context; other slots are plain text.
            if !matches!(pieces[index], Piece::Slot(Slot::Capture { .. })) {
                continue;
            }
            let Some(node) = tree
                .root_node()
                .descendant_for_byte_range(offset, offset + 1)
                .filter(|n| n.kind_name() == "identifier" && n.start_byte() == offset)
            else {
                return Err(format!(
                    "a placeholder in {source:?} is not in an expression position"
                ));
            };
            if let Piece::Slot(Slot::Capture { min_level, .. }) = &mut pieces[index] {
                *min_level = required_level(node, &probe);
            }
        }
        let root_precedence = match mode {
            Mode::Expression => {
                let single_capture =
                    matches!(pieces.as_slice(), [Piece::Slot(Slot::Capture { .. })]);
                if single_capture {
                    None
                } else {
                    Some(template_root_precedence(tree.root_node(), &probe))
                }
            }
            _ => Some(syntax::level::PRIMARY),
        };
        Ok(Template {
            pieces,
            root_precedence,
        })
    }

    /// The capture names used by this template.
    pub fn captures(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Slot(Slot::Capture { name, .. })
            | Piece::Slot(Slot::Map(name))
            | Piece::Slot(Slot::Inner(name)) => Some(name.as_str()),
            _ => None,
        })
    }

    /// `Some((prefix, suffix))` when the template is `prefix $target suffix` with
    /// `$target` appearing once, unparenthesised: the rewrite is then two insertions
    /// around the target, which compose with rewrites inside it.
    pub fn wrap_parts(&self, target: &str) -> Option<(&[Piece], &[Piece], u8)> {
        let positions: Vec<usize> = self
            .pieces
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p, Piece::Slot(Slot::Capture { name, .. }) if name == target))
            .map(|(i, _)| i)
            .collect();
        let [at] = positions.as_slice() else {
            return None;
        };
        let Piece::Slot(Slot::Capture { min_level, .. }) = &self.pieces[*at] else {
            return None;
        };
        Some((&self.pieces[..*at], &self.pieces[*at + 1..], *min_level))
    }
}

fn tokenize(source: &str, names: &Names<'_>) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = source;
    while let Some(at) = rest.find('$') {
        text.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            text.push('$');
            rest = after;
            continue;
        }
        let (body, after) = if let Some(inner) = rest.strip_prefix('{') {
            let close = inner
                .find('}')
                .ok_or_else(|| format!("unclosed `${{` in template {source:?}"))?;
            (&inner[..close], &inner[close + 1..])
        } else {
            let len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if len == 0 {
                return Err(format!(
                    "`$` must start a placeholder (`$NAME`, `${{...}}`) or be written `$$` in {source:?}"
                ));
            }
            (&rest[..len], &rest[len..])
        };
        rest = after;
        if !text.is_empty() {
            pieces.push(Piece::Text(std::mem::take(&mut text)));
        }
        pieces.push(Piece::Slot(slot(body.trim(), names)?));
    }
    text.push_str(rest);
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

fn slot(body: &str, names: &Names<'_>) -> Result<Slot, String> {
    let known_option = |name: &str| -> Result<String, String> {
        if names.options.iter().any(|o| o == name) {
            Ok(name.to_string())
        } else {
            Err(format!(
                "unknown option {name:?} (declare it in the codemod's [options] table)"
            ))
        }
    };
    if let Some(option) = body.strip_prefix("option.") {
        return Ok(Slot::Option(known_option(option)?));
    }
    if let Some(name) = body.strip_prefix("ref:") {
        let name = name.trim();
        return Ok(Slot::Ref(match name.strip_prefix("option.") {
            Some(option) => RefName::Option(known_option(option)?),
            None => {
                if !is_qualified_name(name) {
                    return Err(format!(
                        "`${{ref:{name}}}` needs a dotted name like `sys.intern`"
                    ));
                }
                RefName::Literal(name.to_string())
            }
        }));
    }
    if let Some(capture) = body.strip_prefix("map:") {
        if !names.has_map {
            return Err(format!(
                "`${{map:{capture}}}` needs a `map` table in the pattern"
            ));
        }
        if !names.captures.contains(&capture) {
            return Err(unknown_capture(capture, names));
        }
        return Ok(Slot::Map(capture.to_string()));
    }
    if let Some(capture) = body.strip_prefix("inner:") {
        if !names.captures.contains(&capture) {
            return Err(unknown_capture(capture, names));
        }
        return Ok(Slot::Inner(capture.to_string()));
    }
    if names.captures.contains(&body) {
        return Ok(Slot::Capture {
            name: body.to_string(),
            min_level: 0,
        });
    }
    if names.groups.iter().any(|g| g == body) {
        return Ok(Slot::Group(body.to_string()));
    }
    Err(unknown_capture(body, names))
}

fn unknown_capture(name: &str, names: &Names<'_>) -> String {
    let mut known: Vec<String> = names.captures.iter().map(|c| format!("${c}")).collect();
    known.extend(names.groups.iter().map(|g| format!("${{{g}}}")));
    format!(
        "unknown capture ${name} in template (the query captures: {})",
        if known.is_empty() {
            "nothing".to_string()
        } else {
            known.join(", ")
        }
    )
}

/// `a.b.c` or `a.b:c` (module `a.b`, name `c`).
pub fn is_qualified_name(name: &str) -> bool {
    let (module, last) = match name.split_once(':') {
        Some((m, n)) => (m, Some(n)),
        None => (name, None),
    };
    let ident = |s: &str| {
        !s.is_empty()
            && !s.starts_with(|c: char| c.is_ascii_digit())
            && s.chars().all(|c| c.is_alphanumeric() || c == '_')
    };
    module.split('.').all(ident)
        && last.is_none_or(ident)
        && (last.is_some() || module.contains('.'))
}

/// Precedence of an expression node, counting bare tuples and `yield` as loosest.
pub fn precedence(node: Node<'_>, text: &str) -> u8 {
    match node.kind_name() {
        "expression_list" | "yield" | "pattern_list" => 0,
        _ => syntax::precedence(node, text),
    }
}

/// The least precedence an expression needs to stand where `node` stands without
/// parentheses, judged from its parent.
pub fn required_level(node: Node<'_>, text: &str) -> u8 {
    let Some(parent) = node.parent() else {
        return 0;
    };
    let is_field = |field: &str| {
        parent
            .child_by_field_name(field)
            .is_some_and(|c| c.id() == node.id())
    };
    match parent.kind_name() {
        "attribute" => {
            if is_field("object") {
                syntax::level::PRIMARY
            } else {
                0
            }
        }
        "call" => {
            if is_field("function") {
                syntax::level::PRIMARY
            } else {
                0
            }
        }
        "subscript" => {
            if is_field("value") {
                syntax::level::PRIMARY
            } else {
                0
            }
        }
        "await" => 15,
        "unary_operator" => 13,
        "binary_operator" => {
            let own = precedence(parent, text);
            let left = is_field("left");
            if own == 14 {
                // `**` binds right to left, and its left operand must be a primary.
                if left {
                    15
                } else {
                    13
                }
            } else if left {
                own
            } else {
                own + 1
            }
        }
        "comparison_operator" => syntax::level::COMPARISON_OPERAND,
        "not_operator" => 5,
        "boolean_operator" => {
            let own = precedence(parent, text);
            if is_field("left") {
                own
            } else {
                own + 1
            }
        }
        "conditional_expression" => {
            // body `if` condition `else` alternative: only the alternative may be another
            // conditional expression or a lambda.
            let mut cursor = parent.walk();
            let index = parent
                .named_children(&mut cursor)
                .position(|c| c.id() == node.id());
            if index == Some(2) {
                2
            } else {
                3
            }
        }
        "for_in_clause" | "if_clause" => 3,
        "module"
        | "block"
        | "expression_statement"
        | "parenthesized_expression"
        | "assignment"
        | "augmented_assignment"
        | "return_statement"
        | "print_statement" => 0,
        kind if kind.ends_with("_statement") || kind.ends_with("_clause") => 0,
        _ => syntax::level::ARGUMENT,
    }
}

/// Precedence of a parsed template's outermost expression (0 for statements).
fn template_root_precedence(module: Node<'_>, text: &str) -> u8 {
    let mut cursor = module.walk();
    let statements: Vec<Node<'_>> = module.named_children(&mut cursor).collect();
    match statements.as_slice() {
        [statement]
            if statement.kind_name() == "expression_statement"
                && statement.named_child_count() == 1 =>
        {
            statement
                .named_child(0)
                .map(|e| precedence(e, text))
                .unwrap_or(0)
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names<'a>(captures: &'a [&'a str]) -> Names<'a> {
        Names {
            captures,
            options: &[],
            groups: &[],
            has_map: false,
        }
    }

    #[test]
    fn placeholders_learn_their_context() {
        let t = Template::parse("$X in d", Mode::Expression, &names(&["X"])).unwrap();
        assert_eq!(
            t.pieces[0],
            Piece::Slot(Slot::Capture {
                name: "X".into(),
                min_level: syntax::level::COMPARISON_OPERAND
            })
        );
        let t = Template::parse("f(${X})", Mode::Expression, &names(&["X"])).unwrap();
        assert_eq!(
            t.pieces[1],
            Piece::Slot(Slot::Capture {
                name: "X".into(),
                min_level: syntax::level::ARGUMENT
            })
        );
        assert_eq!(t.root_precedence, Some(16));
    }

    #[test]
    fn unknown_capture_is_an_error() {
        let err = Template::parse("f($Y)", Mode::Expression, &names(&["X"])).unwrap_err();
        assert!(err.contains("unknown capture $Y"), "{err}");
    }

    #[test]
    fn dollar_dollar_is_a_dollar() {
        let t = Template::parse("'$$'", Mode::Expression, &names(&[])).unwrap();
        assert_eq!(t.pieces, vec![Piece::Text("'$'".into())]);
    }

    #[test]
    fn qualified_names() {
        assert!(is_qualified_name("sys.intern"));
        assert!(is_qualified_name("myproj.compat:ensure_binary"));
        assert!(!is_qualified_name("intern"));
        assert!(!is_qualified_name("a..b"));
    }
}
