//! What a codemod may look at to decide, before any parsing, that a file is not for it.
//!
//! Most files of a large tree lack every name a given codemod rewrites. The engine asks
//! each codemod ([`crate::codemod::Codemod::applies_to`]) with a [`FileText`]: the text,
//! the run's options, and an index of the identifiers in the text, built once per file on
//! first use and shared by all codemods. A file no codemod applies to is not parsed.
//!
//! The index records where each word of code was seen (a name or an attribute), so
//! codemods asking about code skip a file whose only `file` or `/` is in a comment. The
//! words of strings and comments, which few codemods ask about (those reading docstrings
//! and comments), are skipped over at scanning speed and searched for when asked. What
//! the index calls code is a superset of what the parser will call code: the scanner
//! errs towards "code" wherever it is unsure (f-string contents, backticks, unterminated
//! strings), and can only make a codemod run when it has nothing to do, never skip a file
//! it would change.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::Path;

use foldhash::fast::FixedState;

use crate::analysis::tokens::Tokens;
use crate::codemod::Options;
use crate::syntax::is_identifier_byte;

/// One file's text as seen by prefilters.
pub struct FileText<'a> {
    text: &'a str,
    path: &'a Path,
    options: &'a Options,
    index: OnceCell<WordIndex<'a>>,
}

/// The identifiers of a text's code, each with where it was seen: right after a `.`
/// (attribute names) or not (names, keywords).
struct WordIndex<'a> {
    words: HashMap<&'a str, u8, FixedState>,
    /// ASCII punctuation seen in code, one bit per byte value.
    code_punctuation: u128,
    /// An integer literal in code that only Python 2 accepts: `10L`, `0777`.
    code_python2_integer: bool,
    /// A Bloom filter of the words (two bits each): most words asked about are absent,
    /// and ruling them out here is cheaper than a hash-table probe.
    bloom: [u64; BLOOM_WORDS],
    /// Byte ranges of comments and strings (but f-strings), in order.
    quiet: Vec<(usize, usize)>,
}

const BLOOM_WORDS: usize = 64;

/// The two filter bits of `word`, from its length and three of its bytes.
fn bloom_bits(word: &str) -> (usize, usize) {
    let b = word.as_bytes();
    let (first, last) = (b.first().copied(), b.last().copied());
    let key = b.len() as u64
        | u64::from(first.unwrap_or(0)) << 8
        | u64::from(last.unwrap_or(0)) << 16
        | u64::from(b.get(1).copied().unwrap_or(0)) << 24;
    let mixed = key.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let bits = (BLOOM_WORDS * 64) as u64;
    ((mixed >> 52) as usize, ((mixed >> 32) % bits) as usize)
}

/// Where a word was seen (bits of [`WordIndex::words`]).
const NAME: u8 = 1;
const ATTRIBUTE: u8 = 2;
const CODE_NAME: u8 = 4;
const CODE_ATTRIBUTE: u8 = 8;

impl<'a> FileText<'a> {
    pub fn new(text: &'a str, path: &'a Path, options: &'a Options) -> FileText<'a> {
        FileText {
            text,
            path,
            options,
            index: OnceCell::new(),
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The file's path (the directory holds the sibling modules).
    pub fn path(&self) -> &'a Path {
        self.path
    }

    pub fn options(&self) -> &'a Options {
        self.options
    }

    /// `word` occurs as a whole identifier (or keyword), anywhere: strings and comments
    /// included.
    pub fn has_word(&self, word: &str) -> bool {
        self.anywhere_flags(word) & (NAME | ATTRIBUTE) != 0
    }

    /// Any of `words` occurs as a whole identifier, anywhere.
    pub fn has_any_word(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.has_word(w))
    }

    /// `word` occurs somewhere not right after a `.`: a bare name, a keyword, an imported
    /// name (`xrange`, `print`), as opposed to only attribute uses (`objects.filter`).
    /// Strings and comments included.
    pub fn has_name(&self, word: &str) -> bool {
        self.anywhere_flags(word) & NAME != 0
    }

    /// Any of `words` occurs not right after a `.`, anywhere.
    pub fn has_any_name(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.has_name(w))
    }

    /// `word` occurs right after a `.`: an attribute or method name (`d.iteritems`).
    /// Strings and comments included (where any word counts as both a name and an
    /// attribute).
    pub fn has_attribute(&self, word: &str) -> bool {
        self.anywhere_flags(word) & ATTRIBUTE != 0
    }

    /// Any of `words` occurs right after a `.`, anywhere.
    pub fn has_any_attribute(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.has_attribute(w))
    }

    /// `word` occurs in code (not in a string or comment), in any position.
    pub fn has_code_word(&self, word: &str) -> bool {
        self.flags(word) & (CODE_NAME | CODE_ATTRIBUTE) != 0
    }

    /// Any of `words` occurs in code.
    pub fn has_any_code_word(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.has_code_word(w))
    }

    /// `word` occurs in code, not right after a `.`.
    pub fn has_code_name(&self, word: &str) -> bool {
        self.flags(word) & CODE_NAME != 0
    }

    /// Any of `words` occurs in code, not right after a `.`.
    pub fn has_any_code_name(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.has_code_name(w))
    }

    /// `word` occurs in code right after a `.`.
    pub fn has_code_attribute(&self, word: &str) -> bool {
        self.flags(word) & CODE_ATTRIBUTE != 0
    }

    /// Any of `words` occurs in code right after a `.`.
    pub fn has_any_code_attribute(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.has_code_attribute(w))
    }

    /// The ASCII punctuation byte `byte` (`/`, `` ` ``, `<`) occurs in code.
    pub fn has_code_punctuation(&self, byte: u8) -> bool {
        byte < 128 && self.index().code_punctuation & (1u128 << byte) != 0
    }

    /// An integer literal only Python 2 accepts (`10L`, `0777`) occurs in code.
    pub fn has_python2_integer(&self) -> bool {
        self.index().code_python2_integer
    }

    /// Whether, after some whole-word occurrence of `keyword` in code, `clause` accepts
    /// the tokens that follow (lazily tokenized, bracket depth counted from there). For
    /// prefilters that need a little syntax: `except E, e` has a comma before its colon.
    ///
    /// Occurrences in comments and strings are skipped (f-strings count as code).
    pub fn any_after(
        &self,
        keyword: &str,
        mut clause: impl FnMut(&mut Tokens<'a>) -> bool,
    ) -> bool {
        if !self.has_code_word(keyword) {
            return false;
        }
        self.occurrences(keyword)
            .any(|(at, quiet)| !quiet && clause(&mut Tokens::new(self.text, at + keyword.len())))
    }

    /// The whole-word occurrences of `word` in the text, in order: each offset, and
    /// whether it is in a comment or string.
    fn occurrences<'s>(&'s self, word: &'s str) -> impl Iterator<Item = (usize, bool)> + 's {
        let quiet = &self.index().quiet;
        crate::syntax::word_occurrences(self.text, word).map(move |at| {
            let range = quiet.partition_point(|&(_, stop)| stop <= at);
            (at, quiet.get(range).is_some_and(|&(start, _)| start <= at))
        })
    }

    /// Where `word` was seen in code ([`Self::flags`]), plus `NAME | ATTRIBUTE` if it
    /// occurs in a string or comment.
    fn anywhere_flags(&self, word: &str) -> u8 {
        let flags = self.flags(word);
        if flags & (NAME | ATTRIBUTE) == NAME | ATTRIBUTE || word.is_empty() {
            return flags;
        }
        // Rarely asked (most questions are about code): a search of the text.
        if self.occurrences(word).any(|(_, quiet)| quiet) {
            flags | NAME | ATTRIBUTE
        } else {
            flags
        }
    }

    /// Where `word` was seen in code.
    fn flags(&self, word: &str) -> u8 {
        let index = self.index();
        let (a, b) = bloom_bits(word);
        let set = |bit: usize| index.bloom[bit / 64] & (1 << (bit % 64)) != 0;
        if !(set(a) && set(b)) {
            return 0;
        }
        index.words.get(word).copied().unwrap_or(0)
    }

    fn index(&self) -> &WordIndex<'a> {
        self.index.get_or_init(|| WordIndex::of(self.text))
    }
}

fn is_word_start(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphabetic() || b >= 0x80
}

/// Where the last significant byte before a word leaves it.
#[derive(Clone, Copy, PartialEq)]
enum After {
    /// Anything but a dot.
    Other,
    /// A dot on the same line: certainly an attribute name.
    Dot,
    /// A dot, then a line break: an attribute inside brackets or after a backslash, or a
    /// bare name after a comment ending in a dot. Indexed as both.
    DotThenBreak,
}

/// Which part of the text the scanner is in.
#[derive(Clone, Copy, PartialEq)]
enum Region {
    Code,
    /// From `#` to the end of the line.
    Comment,
    /// A string literal opened by `quote` (three of them when `triple`). The contents of
    /// an f-string count as code: its `{...}` fields are expressions.
    Str {
        quote: u8,
        triple: bool,
        code_inside: bool,
    },
}

impl<'a> WordIndex<'a> {
    fn of(text: &'a str) -> WordIndex<'a> {
        let bytes = text.as_bytes();
        // Distinct words grow far slower than the text: sized to skip most rehashing.
        let capacity = (text.len() / 40).min(6144);
        let mut index = WordIndex {
            words: HashMap::with_capacity_and_hasher(capacity, FixedState::default()),
            code_punctuation: 0,
            code_python2_integer: false,
            bloom: [0; BLOOM_WORDS],
            quiet: Vec::new(),
        };
        // Where the current comment or string started.
        let mut quiet_start = 0;
        let mut after = After::Other;
        // A dot, then a comment on the same line: the next line may continue the attribute
        // (`(f.  # note` / `im_func)`), whatever the comment's words did to `after`.
        let mut dot_then_comment = false;
        let mut region = Region::Code;
        // Bytes before this offset are escaped by a backslash inside a string.
        let mut escaped_until = 0;
        // The last word and where it ended: a string prefix when a quote follows at once.
        let mut last_word: (&str, usize) = ("", usize::MAX);
        let mut i = 0;
        while i < bytes.len() {
            // Inside a comment or string (but an f-string), only its end matters: jump to
            // the next byte that may end it (an escape may hide a quote or line break).
            match region {
                Region::Comment => {
                    i = memchr::memchr2(b'\n', b'\r', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                }
                Region::Str {
                    quote,
                    triple,
                    code_inside: false,
                } => {
                    // An escaped byte is neither a closing quote nor a line end.
                    i = i.max(escaped_until.min(bytes.len()));
                    let rest = &bytes[i..];
                    // Line ends only end strings with single quotes; triple-quoted ones
                    // (docstrings: most string bytes) need just the two-byte search.
                    let stop = if triple {
                        memchr::memchr2(quote, b'\\', rest)
                    } else {
                        rest.iter()
                            .position(|&c| c == quote || c == b'\\' || c == b'\n' || c == b'\r')
                    };
                    i += stop.unwrap_or(rest.len());
                }
                _ => {}
            }
            if i >= bytes.len() {
                break;
            }
            let b = bytes[i];
            if b == b' ' && region == Region::Code {
                // A run of spaces (indentation, mostly) changes nothing but the bit.
                index.code_punctuation |= 1u128 << b' ';
                i += 1;
                while bytes.get(i) == Some(&b' ') {
                    i += 1;
                }
                continue;
            }
            let in_code = match region {
                Region::Code => true,
                Region::Comment => false,
                Region::Str { code_inside, .. } => code_inside,
            };
            if is_word_start(b) {
                let start = i;
                while i < bytes.len() && is_identifier_byte(bytes[i]) {
                    i += 1;
                }
                // Whole UTF-8 sequences only: a word ends at an ASCII byte or the end.
                let word = &text[start..i];
                // `from . import x`: the one keyword that follows a dot.
                let place = if word == "import" {
                    After::Other
                } else {
                    after
                };
                let mut flags = match place {
                    After::Other => NAME,
                    After::Dot => ATTRIBUTE,
                    After::DotThenBreak => NAME | ATTRIBUTE,
                };
                if in_code {
                    flags |= flags << 2;
                }
                let seen = index.words.entry(word).or_insert(0);
                if *seen == 0 {
                    let (a, b) = bloom_bits(word);
                    index.bloom[a / 64] |= 1 << (a % 64);
                    index.bloom[b / 64] |= 1 << (b % 64);
                }
                *seen |= flags;
                last_word = (word, i);
                after = After::Other;
                continue;
            }
            if b.is_ascii_digit() {
                // A number (with its suffix, exponent or fraction): not a word. A dot
                // belongs to the number only before a digit: `5.0.hex()` ends the number
                // at the second dot, which starts an attribute.
                let start = i;
                while i < bytes.len()
                    && (is_identifier_byte(bytes[i])
                        || (bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
                {
                    i += 1;
                }
                if in_code && !index.code_python2_integer {
                    index.code_python2_integer = is_python2_integer(bytes, start, i);
                }
                after = After::Other;
                continue;
            }
            if in_code && b < 128 {
                index.code_punctuation |= 1u128 << b;
            }
            let mut step = 1;
            match region {
                Region::Code => match b {
                    b'#' => {
                        region = Region::Comment;
                        quiet_start = i;
                    }
                    b'\'' | b'"' => {
                        let triple = bytes.get(i + 1) == Some(&b) && bytes.get(i + 2) == Some(&b);
                        let (prefix, end) = last_word;
                        let code_inside = end == i
                            && prefix.len() <= 3
                            && prefix.bytes().all(|c| b"rRbBuUfF".contains(&c))
                            && prefix.bytes().any(|c| c == b'f' || c == b'F');
                        region = Region::Str {
                            quote: b,
                            triple,
                            code_inside,
                        };
                        quiet_start = i;
                        if triple {
                            step = 3;
                        }
                    }
                    _ => {}
                },
                Region::Comment => {
                    if b == b'\n' || b == b'\r' {
                        region = Region::Code;
                        index.quiet.push((quiet_start, i));
                    }
                }
                Region::Str {
                    quote,
                    triple,
                    code_inside,
                } => {
                    if i < escaped_until {
                        // Not a closing quote nor an end of line.
                    } else if b == b'\\' {
                        // `\\r\n` is one escaped line break.
                        escaped_until = if bytes.get(i + 1) == Some(&b'\r')
                            && bytes.get(i + 2) == Some(&b'\n')
                        {
                            i + 3
                        } else {
                            i + 2
                        };
                    } else if b == quote {
                        if !triple {
                            region = Region::Code;
                        } else if bytes.get(i + 1) == Some(&b) && bytes.get(i + 2) == Some(&b) {
                            region = Region::Code;
                            step = 3;
                        }
                        if region == Region::Code && !code_inside {
                            index.quiet.push((quiet_start, i + step));
                        }
                    } else if !triple && (b == b'\n' || b == b'\r') {
                        if !code_inside {
                            index.quiet.push((quiet_start, i));
                        }
                        // An unterminated string ends at the line's end, as the parser
                        // recovers: what follows is code.
                        region = Region::Code;
                    }
                }
            }
            match b {
                b' ' | b'\t' | b'\x0c' => {}
                b'\n' | b'\r' | b'\\' => {
                    if after == After::Dot || (dot_then_comment && b != b'\\') {
                        after = After::DotThenBreak;
                    }
                    if b != b'\\' {
                        dot_then_comment = false;
                    }
                }
                b'#' => {
                    dot_then_comment |= after == After::Dot;
                    after = After::Other;
                }
                b'.' => after = After::Dot,
                _ => after = After::Other,
            }
            i += step;
        }
        let open_quiet = match region {
            Region::Code => false,
            Region::Comment => true,
            Region::Str { code_inside, .. } => !code_inside,
        };
        if open_quiet {
            index.quiet.push((quiet_start, bytes.len()));
        }
        index
    }
}

/// The number `bytes[start..end]` is one only Python 2 reads: a long (`10L`) or an octal
/// written with a bare leading zero (`0777`). Not a fraction's digits (`.05`).
fn is_python2_integer(bytes: &[u8], start: usize, end: usize) -> bool {
    let token = &bytes[start..end];
    let fraction = start > 0 && bytes[start - 1] == b'.';
    !fraction
        && (matches!(token.last(), Some(b'l' | b'L'))
            || token.len() > 1 && token[0] == b'0' && token[1].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> (String, Options) {
        (text.to_string(), Options::default())
    }

    #[test]
    fn tells_names_from_attributes() {
        let (text, options) = file("x = objects.filter(a)\nfor k in d . iteritems(): print k\n");
        let f = FileText::new(&text, Path::new("m.py"), &options);
        assert!(f.has_attribute("filter") && !f.has_name("filter"));
        assert!(f.has_attribute("iteritems") && !f.has_name("iteritems"));
        assert!(f.has_name("print") && f.has_name("objects") && f.has_name("for"));
        assert!(f.has_word("filter") && !f.has_word("filte") && !f.has_word("iter"));
        let (text, options) = file("from . import views\nfrom .. import models\n");
        let f = FileText::new(&text, Path::new("m.py"), &options);
        assert!(f.has_name("import") && !f.has_attribute("import"));
    }

    #[test]
    fn a_dot_before_a_line_break_counts_both_ways() {
        // An attribute continued on the next line inside brackets, and a comment that ends
        // with a full stop before a bare name: the index cannot tell them apart.
        let (text, options) = file("y = (d.\n     keys())\n# the end.\nmap(f, x)\n");
        let f = FileText::new(&text, Path::new("m.py"), &options);
        assert!(f.has_attribute("keys") && f.has_name("map"));
        let (text, options) = file("y = d. \\\n keys()\n");
        let f = FileText::new(&text, Path::new("m.py"), &options);
        assert!(f.has_attribute("keys"));
        let (text, options) = file("g = (f.  # the note.\n     im_func)\n");
        let f = FileText::new(&text, Path::new("m.py"), &options);
        assert!(f.has_attribute("im_func"));
    }

    #[test]
    fn numbers_and_prefixes() {
        let (text, options) =
            file("n = 10L + 0x1fL + 1.5e3 + 5.0.hex()\ns = u'text' + ur\"raw\"\n");
        let f = FileText::new(&text, Path::new("m.py"), &options);
        assert!(!f.has_word("L") && !f.has_word("x1fL") && !f.has_word("e3"));
        assert!(f.has_attribute("hex"));
        assert!(f.has_name("u") && f.has_name("ur") && f.has_word("text"));
    }

    #[test]
    fn non_ascii_identifiers() {
        let (text, options) = file("größe = naïve.größe\n");
        let f = FileText::new(&text, Path::new("m.py"), &options);
        assert!(f.has_name("größe") && f.has_attribute("größe") && f.has_name("naïve"));
    }
    #[test]
    fn python2_integers_in_code() {
        let options = Options::default();
        for text in ["x = 10L", "f(1,0755)", "m = 0xFFl", "n = 0L", "p = (0777)"] {
            let f = FileText::new(text, Path::new("m.py"), &options);
            assert!(f.has_python2_integer(), "{text}");
        }
        for text in [
            "x = 10",
            "y = 1.05 + .05 + 0.5",
            "z = x0777 + 0o777 + 0",
            "h = 0x0777",
            "s = '10L' # 0777",
        ] {
            let f = FileText::new(text, Path::new("m.py"), &options);
            assert!(!f.has_python2_integer(), "{text}");
        }
    }

    #[test]
    fn code_is_told_from_strings_and_comments() {
        let (text, options) = file(concat!(
            "# a file in a comment / slash\n",
            "s = 'open the file' + \"it's \\\" in\" # x / y\n",
            "d = \"\"\"doc: def\nlambda ' \"\" \\\"\"\" quoted\"\"\"\n",
            "r = ur'\\\\' + b'x'\n",
            "g = f'{value / 2}' + `bt`\n",
            "t = '''x''' + print.name\n",
        ));
        let f = FileText::new(&text, Path::new("m.py"), &options);
        for word in [
            "file", "open", "def", "lambda", "quoted", "doc", "in", "x", "y",
        ] {
            assert!(f.has_word(word), "{word} is in the text");
            // Not classified there: both a name and an attribute.
            assert!(f.has_name(word) && f.has_attribute(word), "{word}");
            assert!(
                !f.has_code_word(word),
                "{word} is only in strings and comments"
            );
        }
        for word in [
            "s", "d", "r", "ur", "b", "g", "f", "value", "bt", "t", "print",
        ] {
            assert!(f.has_code_name(word), "{word} is code");
        }
        assert!(f.has_code_attribute("name") && !f.has_code_name("name"));
        assert!(f.has_code_punctuation(b'/') && f.has_code_punctuation(b'`'));
        let (text, options) = file("s = 'a / b'  # c / d\n");
        let f = FileText::new(&text, Path::new("m.py"), &options);
        assert!(!f.has_code_punctuation(b'/'));
        // An unterminated string ends at the line's end; an escaped line break does not.
        let (text, options) = file("s = 'open\nfile = 1\nt = 'a\\\r\nlambda'\n");
        let f = FileText::new(&text, Path::new("m.py"), &options);
        assert!(f.has_code_name("file") && f.has_code_name("t"));
        assert!(!f.has_code_word("open") && !f.has_code_word("lambda"));
    }

    #[test]
    fn clauses_are_only_looked_for_in_code() {
        let (text, options) =
            file("# raise E, v\ns = 'raise X, y'\nraise E\n\"\"\"raise A, b\"\"\"\n");
        let f = FileText::new(&text, Path::new("m.py"), &options);
        let mut seen = Vec::new();
        f.any_after("raise", |tokens| {
            seen.push(tokens.offset());
            false
        });
        assert_eq!(seen, [text.find("raise E\n").unwrap() + "raise".len()]);
    }
}
