//! What a codemod may look at to decide, before any parsing, that a file is not for it.
//!
//! Most files of a large tree lack every name a given codemod rewrites. The engine asks
//! each codemod ([`crate::codemod::Codemod::applies_to`]) with a [`FileText`]: the text,
//! the run's options, and an index of the identifiers in the text, built once per file on
//! first use and shared by all codemods. A file no codemod applies to is not parsed.
//!
//! The index is a superset on purpose: it tokenises the raw text, so words inside strings
//! and comments count too. That can only make a codemod run when it has nothing to do,
//! never skip a file it would change.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::path::Path;

use foldhash::fast::FixedState;

use crate::codemod::Options;

/// One file's text as seen by prefilters.
pub struct FileText<'a> {
    text: &'a str,
    path: &'a Path,
    options: &'a Options,
    index: OnceCell<WordIndex<'a>>,
}

/// The identifiers of a text: those written right after a `.` (attribute names) and all
/// others (names, keywords).
#[derive(Default)]
struct WordIndex<'a> {
    names: HashSet<&'a str, FixedState>,
    attributes: HashSet<&'a str, FixedState>,
}

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

    /// `word` occurs as a whole identifier (or keyword).
    pub fn has_word(&self, word: &str) -> bool {
        let index = self.index();
        index.names.contains(word) || index.attributes.contains(word)
    }

    /// Any of `words` occurs as a whole identifier.
    pub fn has_any_word(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.has_word(w))
    }

    /// `word` occurs somewhere not right after a `.`: a bare name, a keyword, an imported
    /// name (`xrange`, `print`), as opposed to only attribute uses (`objects.filter`).
    pub fn has_name(&self, word: &str) -> bool {
        self.index().names.contains(word)
    }

    /// Any of `words` occurs not right after a `.`.
    pub fn has_any_name(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.has_name(w))
    }

    /// `word` occurs right after a `.`: an attribute or method name (`d.iteritems`).
    pub fn has_attribute(&self, word: &str) -> bool {
        self.index().attributes.contains(word)
    }

    /// Any of `words` occurs right after a `.`.
    pub fn has_any_attribute(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.has_attribute(w))
    }

    fn index(&self) -> &WordIndex<'a> {
        self.index.get_or_init(|| WordIndex::of(self.text))
    }
}

fn is_word_start(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphabetic() || b >= 0x80
}

fn is_word_byte(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80
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

impl<'a> WordIndex<'a> {
    fn of(text: &'a str) -> WordIndex<'a> {
        let bytes = text.as_bytes();
        // Distinct words grow far slower than the text: sized to skip most rehashing.
        let capacity = (text.len() / 48).min(4096);
        let mut index = WordIndex {
            names: HashSet::with_capacity_and_hasher(capacity, FixedState::default()),
            attributes: HashSet::with_capacity_and_hasher(capacity / 2, FixedState::default()),
        };
        let mut after = After::Other;
        // A dot, then a comment on the same line: the next line may continue the attribute
        // (`(f.  # note` / `im_func)`), whatever the comment's words did to `after`.
        let mut dot_then_comment = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if is_word_start(b) {
                let start = i;
                while i < bytes.len() && is_word_byte(bytes[i]) {
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
                match place {
                    After::Other => {
                        index.names.insert(word);
                    }
                    After::Dot => {
                        index.attributes.insert(word);
                    }
                    After::DotThenBreak => {
                        index.names.insert(word);
                        index.attributes.insert(word);
                    }
                }
                after = After::Other;
                continue;
            }
            match b {
                // A number (with its suffix, exponent or fraction): not a word.
                b'0'..=b'9' => {
                    // A dot belongs to the number only before a digit: `5.0.hex()` ends
                    // the number at the second dot, which starts an attribute.
                    while i < bytes.len()
                        && (is_word_byte(bytes[i])
                            || (bytes[i] == b'.'
                                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
                    {
                        i += 1;
                    }
                    after = After::Other;
                    continue;
                }
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
            i += 1;
        }
        index
    }
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
}
