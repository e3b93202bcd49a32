//! A small Python tokenizer for text the parser cannot read (ERROR regions): names,
//! strings, comments, operators and logical line ends, with bracket depth.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Name,
    Number,
    Str,
    Comment,
    Op,
    /// The end of a logical line (a newline outside brackets and continuations).
    Newline,
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Bracket depth before the token.
    pub depth: usize,
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// Tokenize `text`. Never fails: an unterminated string runs to the end of its line (a
/// triple-quoted one to the end of the text).
pub fn tokenize(text: &str) -> Vec<Token> {
    Tokens::new(text, 0).collect()
}

/// The tokens of `text` from a byte offset on, lazily: prefilters look at a few tokens
/// after a keyword without tokenizing the whole file. Depth counts from the start offset.
pub struct Tokens<'t> {
    text: &'t str,
    i: usize,
    depth: usize,
}

impl<'t> Tokens<'t> {
    /// Tokens from `offset`, which must be a char boundary outside any string or comment
    /// for the result to be meaningful.
    pub fn new(text: &'t str, offset: usize) -> Tokens<'t> {
        Tokens {
            text,
            i: offset.min(text.len()),
            depth: 0,
        }
    }

    /// The byte offset of the next token (or the whitespace before it).
    pub fn offset(&self) -> usize {
        self.i
    }

    /// The first of `ops` found outside brackets before the logical line ends.
    pub fn first_top_level_op(&mut self, ops: &[&str]) -> Option<&'t str> {
        let text = self.text;
        self.take_while(|t| t.kind != Kind::Newline)
            .filter(|t| t.kind == Kind::Op && t.depth == 0)
            .map(|t| t.text(text))
            .find(|op| ops.contains(op))
    }

    /// Bracket depth before the next token.
    pub fn depth(&self) -> usize {
        self.depth
    }

    pub fn text(&self) -> &'t str {
        self.text
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.i;
        let depth = self.depth;
        let mut token = None;
        while token.is_none() && i < bytes.len() {
            let c = bytes[i];
            let start = i;
            let make = |kind, end| {
                Some(Token {
                    kind,
                    start,
                    end,
                    depth,
                })
            };
            match c {
                b' ' | b'\t' | b'\x0c' => i += 1,
                b'\\' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
                b'\\' if bytes.get(i + 1) == Some(&b'\r') => {
                    i += if bytes.get(i + 2) == Some(&b'\n') {
                        3
                    } else {
                        2
                    };
                }
                b'\r' | b'\n' => {
                    i += 1;
                    if c == b'\r' && bytes.get(i) == Some(&b'\n') {
                        i += 1;
                    }
                    if depth == 0 {
                        token = make(Kind::Newline, i);
                    }
                }
                b'#' => {
                    while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                        i += 1;
                    }
                    token = make(Kind::Comment, i);
                }
                b'\'' | b'"' => {
                    i = string_end(bytes, i);
                    token = make(Kind::Str, i);
                }
                _ if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 => {
                    while i < bytes.len()
                        && (bytes[i] == b'_'
                            || bytes[i].is_ascii_alphanumeric()
                            || bytes[i] >= 0x80)
                    {
                        i += 1;
                    }
                    // A string prefix (`u'`, `br"`).
                    if i < bytes.len()
                        && (bytes[i] == b'\'' || bytes[i] == b'"')
                        && is_string_prefix(&bytes[start..i])
                    {
                        i = string_end(bytes, i);
                        token = make(Kind::Str, i);
                    } else {
                        token = make(Kind::Name, i);
                    }
                }
                _ if c.is_ascii_digit() => {
                    while i < bytes.len()
                        && (bytes[i].is_ascii_alphanumeric()
                            || bytes[i] == b'.'
                            || bytes[i] == b'_')
                    {
                        i += 1;
                    }
                    token = make(Kind::Number, i);
                }
                _ => {
                    i += 1;
                    let two = text.get(start..(start + 2).min(text.len())).unwrap_or("");
                    if [
                        "==", "!=", "<>", "<=", ">=", "**", "//", ">>", "<<", "->", "+=", "-=",
                        "*=", "/=",
                    ]
                    .contains(&two)
                    {
                        i = start + 2;
                    }
                    token = make(Kind::Op, i);
                    match c {
                        b'(' | b'[' | b'{' => self.depth += 1,
                        b')' | b']' | b'}' => self.depth = self.depth.saturating_sub(1),
                        _ => {}
                    }
                }
            }
            // Keep `i` on a char boundary after multi-byte names.
            while i < bytes.len() && !text.is_char_boundary(i) {
                i += 1;
            }
        }
        self.i = i;
        token
    }
}

/// Nothing but indentation between the start of the line (or a `;` or `:`) and `at`.
pub fn starts_statement(bytes: &[u8], at: usize) -> bool {
    let before = bytes[..at]
        .iter()
        .rev()
        .find(|&&b| b != b' ' && b != b'\t' && b != b'\x0c');
    before.is_none_or(|b| matches!(b, b'\n' | b'\r' | b';' | b':'))
}

/// `u`, `b`, `r`, `ur`, `br`, `rb`, `f`, `rf`, `fr`, in any case.
fn is_string_prefix(word: &[u8]) -> bool {
    let lower = |b: &u8| b.to_ascii_lowercase();
    match word {
        [a] => matches!(lower(a), b'u' | b'b' | b'r' | b'f'),
        [a, b] => matches!(
            (lower(a), lower(b)),
            (b'u', b'r') | (b'b', b'r') | (b'r', b'b') | (b'r', b'f') | (b'f', b'r')
        ),
        _ => false,
    }
}

/// The end (exclusive) of the string literal whose opening quote is at `at`.
fn string_end(bytes: &[u8], at: usize) -> usize {
    let quote = bytes[at];
    let triple = bytes.get(at + 1) == Some(&quote) && bytes.get(at + 2) == Some(&quote);
    let mut i = at + if triple { 3 } else { 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' if !triple => return i,
            c if c == quote => {
                if !triple {
                    return i + 1;
                }
                if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                    return i + 3;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_comments_and_depth() {
        let text = "exec f(a,\n  'x in y') in ns # in\n";
        let tokens = tokenize(text);
        let names: Vec<&str> = tokens
            .iter()
            .filter(|t| t.kind == Kind::Name)
            .map(|t| t.text(text))
            .collect();
        assert_eq!(names, ["exec", "f", "a", "in", "ns"]);
        assert_eq!(tokens.iter().filter(|t| t.kind == Kind::Newline).count(), 1);
    }
}
