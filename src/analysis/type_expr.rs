//! Type expressions as written in docstrings, type comments and stubs, read into a small
//! tree and written back as a Python 3 annotation for a given target version.
//!
//! Two inputs are accepted:
//! - Python type syntax (`List[int]`, `Optional[str]`, `str | None`, `Callable[[int], str]`),
//!   as found in type comments and stubs;
//! - documentation prose (`str or None`, `list of str`, `dict of str to int`,
//!   `tuple of (int, str)`, `callable`, `str, optional`).
//!
//! Python 2 names are mapped (`unicode`/`basestring` → `str`, `long` → `int`, `str` → the
//! `--py2-str` choice) when the source is Python 2 code. Anything else is an error with a
//! reason: a type that cannot be read is never guessed.

use std::collections::BTreeSet;

use crate::codemod::PyVersion;

/// A parsed type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// A bare or dotted name (`int`, `datetime.date`, `Foo`), or a builtin generic without
    /// arguments (`list`).
    Name(String),
    /// A subscripted generic. `base` is as written (`List`, `list`, `Iterable`).
    Generic(String, Vec<Ty>),
    /// `None`.
    NoneType,
    /// A union; `style` says how it was written (kept for Python-syntax sources).
    Union(Vec<Ty>, UnionStyle),
    /// `Callable[..., Any]` (prose `callable`) or `Callable[[args], ret]`.
    Callable(Option<(Vec<Ty>, Box<Ty>)>),
    /// `...` (inside `Tuple[int, ...]` or `Callable[..., T]`).
    Ellipsis,
    /// A string forward reference (`"Foo"`), stored unquoted.
    Forward(Box<Ty>),
    /// A literal argument kept verbatim (`Literal['a']`).
    Verbatim(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnionStyle {
    /// `Optional[X]`
    Optional,
    /// `Union[X, Y]`
    Union,
    /// `X | Y`, or prose `X or Y`: written in the target's preferred form.
    Preferred,
}

/// How to read a type.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// The text comes from Python 2 code: map `unicode`, `long`, `basestring`, `str`.
    pub py2: bool,
    /// `--py2-str=bytes`: a Python 2 `str` is `bytes`.
    pub py2_str_bytes: bool,
    /// Accept documentation prose (`list of str`), not only Python syntax.
    pub prose: bool,
}

/// A type read from text, and whether the text said it is optional (`str, optional`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub ty: Ty,
    pub optional_marker: bool,
}

/// Builtin generics: lowercase since 3.9, `typing` capitalised names before.
const BUILTIN_GENERICS: &[(&str, &str)] = &[
    ("list", "List"),
    ("dict", "Dict"),
    ("tuple", "Tuple"),
    ("set", "Set"),
    ("frozenset", "FrozenSet"),
    ("type", "Type"),
];

/// Names that need `from typing import ...` when used bare.
pub const TYPING_NAMES: &[&str] = &[
    "Any",
    "AnyStr",
    "Callable",
    "ClassVar",
    "Dict",
    "DefaultDict",
    "FrozenSet",
    "Generator",
    "IO",
    "Iterable",
    "Iterator",
    "List",
    "Literal",
    "Mapping",
    "MutableMapping",
    "MutableSequence",
    "MutableSet",
    "NoReturn",
    "Optional",
    "Sequence",
    "Set",
    "Text",
    "Tuple",
    "Type",
    "Union",
    "Hashable",
    "Sized",
    "Container",
    "Collection",
    "Awaitable",
    "Coroutine",
    "AsyncIterator",
    "AsyncIterable",
    "ContextManager",
    "Pattern",
    "Match",
    "BinaryIO",
    "TextIO",
];

/// Builtin names that need no import.
pub const BUILTIN_NAMES: &[&str] = &[
    "int",
    "float",
    "complex",
    "bool",
    "str",
    "bytes",
    "bytearray",
    "object",
    "list",
    "dict",
    "tuple",
    "set",
    "frozenset",
    "type",
    "memoryview",
    "range",
    "slice",
    "property",
    "Exception",
    "BaseException",
    "ValueError",
    "TypeError",
    "KeyError",
    "IndexError",
    "OSError",
    "IOError",
    "RuntimeError",
    "NotImplementedError",
];

/// Read a type from text.
pub fn parse(text: &str, options: ReadOptions) -> Result<Parsed, String> {
    let result = parse_exact(text, options);
    if result.is_err() && options.prose {
        // Prose often starts with an article: `A C{list} of C{str}`.
        let trimmed = text.trim_start();
        for article in ["a ", "an ", "A ", "An "] {
            if let Some(rest) = trimmed.strip_prefix(article) {
                if let Ok(parsed) = parse_exact(rest, options) {
                    return Ok(parsed);
                }
            }
        }
    }
    result
}

fn parse_exact(text: &str, options: ReadOptions) -> Result<Parsed, String> {
    let cleaned = clean_markup(text);
    let mut body = cleaned.trim().trim_end_matches('.').trim().to_string();
    let mut optional_marker = false;
    if options.prose {
        // NumPy/Google: `str, optional`, `int, default 5`, `str, default: None`.
        loop {
            let lower = body.to_ascii_lowercase();
            if let Some(cut) = lower.strip_suffix(", optional").map(|s| s.len()) {
                body.truncate(cut);
                optional_marker = true;
                continue;
            }
            if let Some(pos) = top_level_comma_tail(&body) {
                let tail = body[pos + 1..].trim().to_ascii_lowercase();
                if tail.starts_with("default") {
                    body.truncate(pos);
                    continue;
                }
                if tail == "optional" {
                    body.truncate(pos);
                    optional_marker = true;
                    continue;
                }
            }
            break;
        }
        if let Some(rest) = body.strip_prefix("optional ") {
            body = rest.to_string();
            optional_marker = true;
        }
    }
    if body.is_empty() {
        return Err("the type is empty".to_string());
    }
    let tokens = tokenize(&body)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        options,
    };
    let ty = parser.union()?;
    if parser.pos != parser.tokens.len() {
        return Err(format!("cannot read type `{}`", body.trim()));
    }
    Ok(Parsed {
        ty,
        optional_marker,
    })
}

/// Position of the last top-level comma, if any.
fn top_level_comma_tail(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut last = None;
    for (i, c) in text.char_indices() {
        match c {
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => depth -= 1,
            ',' if depth == 0 => last = Some(i),
            _ => {}
        }
    }
    last
}

/// Remove documentation markup around names: `:class:\`Foo\``, `` `Foo` ``, `~pkg.Foo`,
/// epydoc `L{Foo}` / `C{Foo}`.
fn clean_markup(text: &str) -> String {
    let mut s = text.to_string();
    for role in [
        ":py:class:",
        ":py:obj:",
        ":class:",
        ":obj:",
        ":data:",
        ":exc:",
    ] {
        s = s.replace(role, "");
    }
    for markup in ["L{", "C{", "I{"] {
        while let Some(start) = s.find(markup) {
            let Some(close) = s[start..].find('}') else {
                break;
            };
            let mut inner = s[start + 2..start + close].to_string();
            // `L{text<target>}`: the link target is the name.
            if let (Some(open), true) = (inner.find('<'), inner.ends_with('>')) {
                inner = inner[open + 1..inner.len() - 1].to_string();
            }
            s.replace_range(start..start + close + 1, &inner);
        }
    }
    s = s.replace('`', "");
    s.replace("~", "")
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Name(String),
    Str(String),
    Punct(char),
    Arrow,
    Ellipsis,
}

fn tokenize(text: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || chars[i] == '_'
                    || (chars[i] == '.'
                        && i + 1 < chars.len()
                        && (chars[i + 1].is_alphabetic() || chars[i + 1] == '_')))
            {
                i += 1;
            }
            out.push(Tok::Name(chars[start..i].iter().collect()));
        } else if c == '.' && chars.get(i + 1) == Some(&'.') && chars.get(i + 2) == Some(&'.') {
            out.push(Tok::Ellipsis);
            i += 3;
        } else if c == '-' && chars.get(i + 1) == Some(&'>') {
            out.push(Tok::Arrow);
            i += 2;
        } else if c == '\'' || c == '"' {
            let start = i + 1;
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += 1;
            }
            if i >= chars.len() {
                return Err(format!("unterminated string in type `{text}`"));
            }
            out.push(Tok::Str(chars[start..i].iter().collect()));
            i += 1;
        } else if "[](),|:{}".contains(c) {
            out.push(Tok::Punct(c));
            i += 1;
        } else if c.is_ascii_digit() || c == '-' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i].is_ascii_alphanumeric() {
                i += 1;
            }
            out.push(Tok::Str(format!(
                "\u{0}{}",
                chars[start..i].iter().collect::<String>()
            )));
        } else {
            return Err(format!("cannot read type `{text}` (unexpected `{c}`)"));
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Tok>,
    pos: usize,
    options: ReadOptions,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }

    fn peek_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Name(n)) if n == word)
    }

    fn eat_punct(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Punct(c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect_punct(&mut self, c: char) -> Result<(), String> {
        if self.eat_punct(c) {
            Ok(())
        } else {
            Err(format!("expected `{c}` in type"))
        }
    }

    /// `a | b`, prose `a or b`.
    fn union(&mut self) -> Result<Ty, String> {
        let first = self.term()?;
        let mut members = vec![first];
        loop {
            if self.eat_punct('|') {
                members.push(self.term()?);
            } else if self.options.prose && self.peek_word("or") {
                self.pos += 1;
                members.push(self.term()?);
            } else if self.options.prose
                && self.peek() == Some(&Tok::Punct(','))
                && matches!(self.tokens.get(self.pos + 1), Some(Tok::Name(n)) if n == "or")
            {
                self.pos += 2;
                members.push(self.term()?);
            } else {
                break;
            }
        }
        if members.len() == 1 {
            return Ok(members.remove(0));
        }
        Ok(Ty::Union(flatten_union(members), UnionStyle::Preferred))
    }

    fn term(&mut self) -> Result<Ty, String> {
        match self.peek().cloned() {
            Some(Tok::Name(name)) => {
                self.pos += 1;
                self.named(&name)
            }
            Some(Tok::Str(s)) if !s.starts_with('\u{0}') => {
                self.pos += 1;
                let inner = parse(
                    &s,
                    ReadOptions {
                        prose: false,
                        ..self.options
                    },
                )?;
                Ok(Ty::Forward(Box::new(inner.ty)))
            }
            Some(Tok::Ellipsis) => {
                self.pos += 1;
                Ok(Ty::Ellipsis)
            }
            Some(Tok::Punct('[')) => {
                // The parameter list of `Callable[[int, str], bool]`.
                self.pos += 1;
                let items = self.list_until(']')?;
                Ok(Ty::Generic(String::new(), items))
            }
            Some(Tok::Punct('(')) if self.options.prose => {
                // `(int, str)` → a tuple.
                self.pos += 1;
                let items = self.list_until(')')?;
                Ok(Ty::Generic("tuple".to_string(), items))
            }
            _ => Err("cannot read type".to_string()),
        }
    }

    fn list_until(&mut self, close: char) -> Result<Vec<Ty>, String> {
        let mut items = Vec::new();
        if self.eat_punct(close) {
            return Ok(items);
        }
        loop {
            items.push(self.union()?);
            if self.eat_punct(close) {
                return Ok(items);
            }
            self.expect_punct(',')?;
            if self.eat_punct(close) {
                return Ok(items);
            }
        }
    }

    fn named(&mut self, raw: &str) -> Result<Ty, String> {
        let prose = self.options.prose;
        if prose {
            let lower = raw.to_ascii_lowercase();
            // `list of str`, `dict of str to int`, `tuple of (int, str)`, `set of int`.
            if self.peek_word("of") {
                let base = match lower.as_str() {
                    "list" | "sequence" | "iterable" | "iterator" | "set" | "frozenset"
                    | "tuple" | "dict" | "mapping" => lower.clone(),
                    _ => return Err(format!("cannot read `{raw} of ...`")),
                };
                self.pos += 1;
                return self.prose_generic(&base);
            }
            if matches!(lower.as_str(), "callable" | "function") && raw != "Callable" {
                return Ok(Ty::Callable(None));
            }
            if lower == "none" {
                return Ok(Ty::NoneType);
            }
            if raw == "boolean" {
                return Ok(Ty::Name("bool".to_string()));
            }
            if raw == "any" {
                return Ok(Ty::Name("Any".to_string()));
            }
        }
        let mapped = self.map_name(raw);
        if mapped == "None" || mapped == "NoneType" {
            return Ok(Ty::NoneType);
        }
        if self.eat_punct('[') {
            let args = self.list_until(']')?;
            return Ok(build_generic(&mapped, args));
        }
        if mapped == "Callable" {
            return Ok(Ty::Callable(None));
        }
        Ok(Ty::Name(mapped))
    }

    fn prose_generic(&mut self, base: &str) -> Result<Ty, String> {
        let canonical = match base {
            "sequence" => "Sequence",
            "iterable" => "Iterable",
            "iterator" => "Iterator",
            "mapping" => "Mapping",
            other => other,
        };
        match base {
            "dict" | "mapping" => {
                let key = self.term()?;
                if !(self.peek_word("to") || self.eat_punct(':')) {
                    // `dict of str` alone does not say the value type.
                    return Err("`dict of K` needs `to V`".to_string());
                }
                if self.peek_word("to") {
                    self.pos += 1;
                }
                let value = self.term()?;
                Ok(Ty::Generic(canonical.to_string(), vec![key, value]))
            }
            "tuple" => {
                if self.eat_punct('(') {
                    let items = self.list_until(')')?;
                    Ok(Ty::Generic("tuple".to_string(), items))
                } else {
                    let item = self.term()?;
                    Ok(Ty::Generic("tuple".to_string(), vec![item, Ty::Ellipsis]))
                }
            }
            _ => {
                let item = self.term()?;
                Ok(Ty::Generic(canonical.to_string(), vec![item]))
            }
        }
    }

    fn map_name(&self, raw: &str) -> String {
        if self.options.py2 {
            match raw {
                "unicode" | "basestring" => return "str".to_string(),
                "long" => return "int".to_string(),
                "str" if self.options.py2_str_bytes => return "bytes".to_string(),
                _ => {}
            }
        }
        if raw == "typing.Any" {
            return "Any".to_string();
        }
        raw.to_string()
    }
}

fn flatten_union(members: Vec<Ty>) -> Vec<Ty> {
    let mut out: Vec<Ty> = Vec::new();
    for m in members {
        match m {
            Ty::Union(inner, _) => {
                for i in inner {
                    if !out.contains(&i) {
                        out.push(i);
                    }
                }
            }
            other => {
                if !out.contains(&other) {
                    out.push(other);
                }
            }
        }
    }
    out
}

fn build_generic(base: &str, args: Vec<Ty>) -> Ty {
    let short = base.strip_prefix("typing.").unwrap_or(base);
    match short {
        "Optional" if args.len() == 1 => {
            let mut members = args;
            members.push(Ty::NoneType);
            Ty::Union(flatten_union(members), UnionStyle::Optional)
        }
        "Union" => Ty::Union(flatten_union(args), UnionStyle::Union),
        "Callable" => {
            let mut args = args;
            if args.len() == 2 {
                let ret = args.pop().map(Box::new);
                let params = args.pop();
                if let (Some(ret), Some(params)) = (ret, params) {
                    let params = match params {
                        Ty::Ellipsis => {
                            return Ty::Generic("Callable".into(), vec![Ty::Ellipsis, *ret])
                        }
                        Ty::Generic(b, items) if b.is_empty() => items,
                        other => vec![other],
                    };
                    return Ty::Callable(Some((params, ret)));
                }
            }
            Ty::Callable(None)
        }
        "Literal" => Ty::Generic(
            base.to_string(),
            args.into_iter()
                .map(|a| match a {
                    Ty::Forward(inner) => Ty::Verbatim(format!("'{}'", render_plain(&inner))),
                    other => other,
                })
                .collect(),
        ),
        _ => Ty::Generic(base.to_string(), args),
    }
}

fn render_plain(ty: &Ty) -> String {
    let mut needs = Needs::default();
    render_into(ty, (3, 11), &mut needs)
}

/// What a rendered annotation needs to be importable.
#[derive(Debug, Default, Clone)]
pub struct Needs {
    /// Names to import from `typing`.
    pub typing: BTreeSet<String>,
    /// Other names the annotation uses (bare or dotted), to be resolved in the module.
    pub names: BTreeSet<String>,
    /// Builtins the annotation uses (a module or class may redefine them).
    pub builtins: BTreeSet<String>,
}

/// Write `ty` as an annotation for `target`, recording the names it needs.
pub fn render(ty: &Ty, target: PyVersion) -> (String, Needs) {
    let mut needs = Needs::default();
    let text = render_into(ty, target, &mut needs);
    (text, needs)
}

fn render_into(ty: &Ty, target: PyVersion, needs: &mut Needs) -> String {
    match ty {
        Ty::Name(name) => {
            name_use(name, needs);
            name.clone()
        }
        Ty::NoneType => "None".to_string(),
        Ty::Ellipsis => "...".to_string(),
        Ty::Verbatim(s) => s.clone(),
        Ty::Forward(inner) => {
            let text = render_into(inner, target, needs);
            format!("\"{text}\"")
        }
        Ty::Callable(None) => {
            needs.typing.insert("Callable".into());
            needs.typing.insert("Any".into());
            "Callable[..., Any]".to_string()
        }
        Ty::Callable(Some((params, ret))) => {
            needs.typing.insert("Callable".into());
            let params: Vec<String> = params
                .iter()
                .map(|p| render_into(p, target, needs))
                .collect();
            let ret = render_into(ret, target, needs);
            format!("Callable[[{}], {ret}]", params.join(", "))
        }
        Ty::Generic(base, args) => {
            let base_text = generic_base(base, target, needs);
            let args: Vec<String> = args.iter().map(|a| render_into(a, target, needs)).collect();
            format!("{base_text}[{}]", args.join(", "))
        }
        Ty::Union(members, style) => {
            let has_none = members.contains(&Ty::NoneType);
            let others: Vec<&Ty> = members.iter().filter(|m| **m != Ty::NoneType).collect();
            let pipe = target >= (3, 10) && *style == UnionStyle::Preferred;
            if pipe {
                let parts: Vec<String> = members
                    .iter()
                    .map(|m| render_into(m, target, needs))
                    .collect();
                return parts.join(" | ");
            }
            if has_none && others.len() == 1 && *style != UnionStyle::Union {
                needs.typing.insert("Optional".into());
                return format!("Optional[{}]", render_into(others[0], target, needs));
            }
            needs.typing.insert("Union".into());
            let parts: Vec<String> = members
                .iter()
                .map(|m| render_into(m, target, needs))
                .collect();
            format!("Union[{}]", parts.join(", "))
        }
    }
}

fn generic_base(base: &str, target: PyVersion, needs: &mut Needs) -> String {
    if let Some((lower, upper)) = BUILTIN_GENERICS.iter().find(|(l, _)| *l == base) {
        if target >= (3, 9) {
            needs.builtins.insert(lower.to_string());
            return lower.to_string();
        }
        needs.typing.insert(upper.to_string());
        return upper.to_string();
    }
    name_use(base, needs);
    base.to_string()
}

fn name_use(name: &str, needs: &mut Needs) {
    if name.is_empty() {
        return;
    }
    if BUILTIN_NAMES.contains(&name) {
        needs.builtins.insert(name.to_string());
        return;
    }
    if TYPING_NAMES.contains(&name) {
        needs.typing.insert(name.to_string());
        return;
    }
    needs.names.insert(name.to_string());
}

/// `ty` made optional (for a parameter defaulting to `None`), unless it already admits None.
pub fn optional(ty: Ty) -> Ty {
    match ty {
        Ty::Union(ref members, _) if members.contains(&Ty::NoneType) => ty,
        Ty::NoneType => ty,
        Ty::Name(ref n) if n == "Any" || n == "object" => ty,
        Ty::Union(mut members, style) => {
            members.push(Ty::NoneType);
            Ty::Union(members, style)
        }
        other => Ty::Union(vec![other, Ty::NoneType], UnionStyle::Preferred),
    }
}

/// Text of an annotation normalised for comparison: `Optional[str]`, `str | None` and
/// `"str | None"` compare equal, as do `List[str]` and `list[str]`, and union members in
/// any order. Text that cannot be read is compared with spaces and quotes removed.
pub fn comparable(text: &str) -> String {
    let options = ReadOptions {
        py2: false,
        py2_str_bytes: false,
        prose: false,
    };
    match parse(text, options) {
        Ok(parsed) => render_plain(&canonical(parsed.ty)),
        Err(_) => text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '"' && *c != '\'')
            .collect(),
    }
}

fn canonical(ty: Ty) -> Ty {
    match ty {
        Ty::Forward(inner) => canonical(*inner),
        Ty::Union(members, _) => {
            let mut members: Vec<Ty> = members.into_iter().map(canonical).collect();
            members.sort_by_key(render_plain);
            Ty::Union(members, UnionStyle::Preferred)
        }
        Ty::Generic(base, args) => {
            let short = base.strip_prefix("typing.").unwrap_or(&base);
            let base = BUILTIN_GENERICS
                .iter()
                .find(|(_, upper)| *upper == short)
                .map_or(base.clone(), |(lower, _)| lower.to_string());
            Ty::Generic(base, args.into_iter().map(canonical).collect())
        }
        Ty::Callable(Some((params, ret))) => Ty::Callable(Some((
            params.into_iter().map(canonical).collect(),
            Box::new(canonical(*ret)),
        ))),
        Ty::Name(name) => {
            let short = name.strip_prefix("typing.").unwrap_or(&name).to_string();
            Ty::Name(
                BUILTIN_GENERICS
                    .iter()
                    .find(|(_, upper)| *upper == short)
                    .map_or(short.clone(), |(lower, _)| lower.to_string()),
            )
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: ReadOptions = ReadOptions {
        py2: true,
        py2_str_bytes: false,
        prose: true,
    };

    fn show(text: &str, target: PyVersion) -> String {
        let parsed = parse(text, PROSE).unwrap();
        let ty = if parsed.optional_marker {
            optional(parsed.ty)
        } else {
            parsed.ty
        };
        render(&ty, target).0
    }

    #[test]
    fn prose_forms() {
        assert_eq!(show("str or None", (3, 11)), "str | None");
        assert_eq!(show("str or None", (3, 8)), "Optional[str]");
        assert_eq!(show("str, optional", (3, 9)), "Optional[str]");
        assert_eq!(show("list of str", (3, 8)), "List[str]");
        assert_eq!(show("list of str", (3, 9)), "list[str]");
        assert_eq!(show("dict of str to int", (3, 11)), "dict[str, int]");
        assert_eq!(show("tuple of (int, str)", (3, 11)), "tuple[int, str]");
        assert_eq!(show("callable", (3, 11)), "Callable[..., Any]");
        assert_eq!(show("unicode", (3, 11)), "str");
        assert_eq!(show("long", (3, 11)), "int");
        assert_eq!(show(":class:`foo.Bar`", (3, 11)), "foo.Bar");
        assert_eq!(show("int or str or None", (3, 8)), "Union[int, str, None]");
        assert_eq!(show("A C{list} of C{str}", (3, 11)), "list[str]");
        assert_eq!(
            show("L{Deferred<twisted.internet.defer.Deferred>}", (3, 11)),
            "twisted.internet.defer.Deferred"
        );
    }

    #[test]
    fn python_syntax_is_kept() {
        let opts = ReadOptions {
            prose: false,
            ..PROSE
        };
        let p = parse("Optional[List[int]]", opts).unwrap();
        assert_eq!(render(&p.ty, (3, 11)).0, "Optional[List[int]]");
        let p = parse("Callable[[int, str], bool]", opts).unwrap();
        assert_eq!(render(&p.ty, (3, 11)).0, "Callable[[int, str], bool]");
        assert!(parse("list of str", opts).is_err());
    }

    #[test]
    fn equivalent_spellings_compare_equal() {
        assert_eq!(comparable("Optional[str]"), comparable("str | None"));
        assert_eq!(comparable("None | str"), comparable("\"str | None\""));
        assert_eq!(comparable("List[int]"), comparable("list[int]"));
        assert_ne!(comparable("List[int]"), comparable("list[str]"));
    }

    #[test]
    fn unreadable_prose_is_an_error() {
        assert!(parse("some things", PROSE).is_err());
        assert!(parse("dict of str", PROSE).is_err());
    }
}
