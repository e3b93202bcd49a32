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

/// Tokenize `text`. Never fails: an unterminated string runs to the end of the text.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
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
                    tokens.push(Token {
                        kind: Kind::Newline,
                        start,
                        end: i,
                        depth,
                    });
                }
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
                tokens.push(Token {
                    kind: Kind::Comment,
                    start,
                    end: i,
                    depth,
                });
            }
            b'\'' | b'"' => {
                i = string_end(bytes, i);
                tokens.push(Token {
                    kind: Kind::Str,
                    start,
                    end: i,
                    depth,
                });
            }
            _ if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 => {
                while i < bytes.len()
                    && (bytes[i] == b'_' || bytes[i].is_ascii_alphanumeric() || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                // A string prefix (`u'`, `br"`).
                if i < bytes.len() && (bytes[i] == b'\'' || bytes[i] == b'"') && i - start <= 2 {
                    let prefix = text[start..i].to_ascii_lowercase();
                    if ["u", "b", "r", "ur", "br", "rb", "f", "rf", "fr"].contains(&prefix.as_str())
                    {
                        i = string_end(bytes, i);
                        tokens.push(Token {
                            kind: Kind::Str,
                            start,
                            end: i,
                            depth,
                        });
                        continue;
                    }
                }
                tokens.push(Token {
                    kind: Kind::Name,
                    start,
                    end: i,
                    depth,
                });
            }
            _ if c.is_ascii_digit() => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.' || bytes[i] == b'_')
                {
                    i += 1;
                }
                tokens.push(Token {
                    kind: Kind::Number,
                    start,
                    end: i,
                    depth,
                });
            }
            _ => {
                i += 1;
                let two = text.get(start..(start + 2).min(text.len())).unwrap_or("");
                if [
                    "==", "!=", "<>", "<=", ">=", "**", "//", ">>", "<<", "->", "+=", "-=", "*=",
                    "/=",
                ]
                .contains(&two)
                {
                    i = start + 2;
                }
                let token = Token {
                    kind: Kind::Op,
                    start,
                    end: i,
                    depth,
                };
                match c {
                    b'(' | b'[' | b'{' => depth += 1,
                    b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                tokens.push(token);
            }
        }
        // Keep `i` on a char boundary after multi-byte names.
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    tokens
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
