//! Replace a byte string literal that is decoded on the spot with the text it decodes to (`'caf\xc3\xa9'.decode('utf-8')` → `'café'`).
//!
//! ## What it does
//! In Python 2, an unprefixed literal is a byte string, and `'...'.decode(codec)` made
//! text of it. In Python 3 that literal is already text (see `unicode`), which has no
//! `decode`. When the codec is UTF-8, ASCII or Latin-1 (in any spelling Python 2
//! accepted, and `.decode()` with none: ASCII), the call is replaced by the text
//! literal it produced, computed here:
//!
//! - the literal's bytes are read as Python 2 did: escapes (`\xc3`, `\351`, `\n`, ...),
//!   and non-ASCII characters written in the source as the file's encoding (its coding
//!   cookie) makes them;
//! - the decoded text keeps the literal's quotes, prefix and ASCII part as written;
//!   decoded non-ASCII characters are written as they are in a file declared UTF-8, as
//!   `\xNN` escapes elsewhere (up to U+00FF; as they are in a Latin-1 file when the
//!   literal wrote them so), and as they are above U+00FF in a file without a coding
//!   cookie (Python 3 reads it as UTF-8). Invisible characters (controls, non-ASCII
//!   spaces, format characters, combining marks) are always `\xNN` escapes; one that
//!   would need a `\u` escape is not written (reported instead);
//! - `\u`, `\U` and `\N` were not escapes in a Python 2 byte string: their backslash
//!   is doubled.
//!
//! `u'abc'.decode('ascii')` (and unprefixed literals under `from __future__ import
//! unicode_literals`) was text encoded as ASCII then decoded: for ASCII text the
//! `.decode(...)` is simply dropped. 2to3 has no fixer for this.
//!
//! ## Why
//! Python 3's `str` has no `decode` method: the call raises `AttributeError`.
//!
//! ## Example
//! ```python
//! name = 'Jos\xc3\xa9'.decode('utf-8')
//! word = 'plain'.decode('ascii')
//! ```
//! becomes
//! ```python
//! name = 'José'
//! word = 'plain'
//! ```
//!
//! ## Left alone
//! - `b'...'.decode(...)`: valid Python 3 (bytes still decode).
//! - Transform codecs (`'hex'`, `'base64'`, ...): see `transform-codecs`.
//! - Reported for review: other codecs (`'cp1252'`, `'utf-16'`, ...), an `errors`
//!   argument other than `'strict'`, bytes that are not valid in the codec (Python 2
//!   raised `UnicodeDecodeError`), non-ASCII unicode text (Python 2 raised
//!   `UnicodeEncodeError` encoding it as ASCII first), non-ASCII source characters in a
//!   file whose coding cookie is missing or names another encoding than UTF-8 or
//!   Latin-1, and characters that could only be written as `\u` escapes.
//!
//! ## Fix safety
//! Safe: the literal is the value the call returned.

use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes};
use crate::codemods::transform_codecs;
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::semantics::text::string_prefix;
use crate::syntax::{self, KindName};

pub struct DecodeLiteral;

/// The text codecs whose result is computed here.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

/// A codec name as Python 2 normalized it, if it is one of [`Codec`]'s.
fn codec(normalized: &str) -> Option<Codec> {
    match normalized {
        "utf_8" | "utf8" | "u8" | "utf" | "utf8_ucs2" | "utf8_ucs4" => Some(Codec::Utf8),
        "ascii" | "us_ascii" | "646" | "us" | "ansi_x3.4_1968" | "ansi_x3_4_1968"
        | "ansi_x3.4_1986" | "cp367" | "csascii" | "ibm367" | "iso646_us" | "iso_646.irv_1991"
        | "iso_ir_6" => Some(Codec::Ascii),
        "latin_1" | "latin1" | "l1" | "latin" | "iso8859_1" | "iso_8859_1" | "8859" | "cp819"
        | "iso8859" | "iso_8859_1_1987" | "iso_ir_100" | "ibm819" | "csisolatin1" => {
            Some(Codec::Latin1)
        }
        _ => None,
    }
}

impl Codec {
    fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "UTF-8",
            Codec::Ascii => "ASCII",
            Codec::Latin1 => "Latin-1",
        }
    }

    /// Decode non-ASCII bytes (a run between ASCII bytes), `None` when invalid.
    fn decode(self, bytes: &[u8]) -> Option<String> {
        match self {
            Codec::Utf8 => std::str::from_utf8(bytes).ok().map(str::to_string),
            Codec::Ascii => bytes
                .is_ascii()
                .then(|| String::from_utf8_lossy(bytes).into()),
            Codec::Latin1 => Some(bytes.iter().map(|&b| b as char).collect()),
        }
    }
}

/// The encoding of the file's source, from its coding cookie: only UTF-8 and Latin-1
/// are known (`None` when there is no cookie: Python 2 then read ASCII only).
fn source_codec(ctx: &Context<'_>) -> Option<Codec> {
    let name = crate::source::coding_cookie(ctx.text.as_bytes())?;
    codec(&transform_codecs::normalize(&name)).filter(|c| *c != Codec::Ascii)
}

/// One piece of a literal's body: the source text and the byte it stands for (none for
/// a line continuation).
struct Unit {
    start: usize,
    end: usize,
    byte: Option<u8>,
    /// The source means the same character in a Python 3 text literal.
    same_in_py3: bool,
    /// Written as an escape (not as the character itself).
    escape: bool,
}

/// The units of a Python 2 byte string body (`raw`: no escapes). Non-ASCII source
/// characters become one unit per byte of `source` (their encoding); `None` when there is
/// one and no known source encoding, or an escape Python 2 refused (`\x4`).
fn units(body: &str, raw: bool, source: Option<Codec>) -> Option<Vec<Unit>> {
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let plain = |start: usize, end: usize, byte: u8| Unit {
        start,
        end,
        byte: Some(byte),
        same_in_py3: true,
        escape: false,
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b >= 0x80 {
            let ch = body[i..].chars().next()?;
            let len = ch.len_utf8();
            let encoded: Vec<u8> = match source? {
                Codec::Utf8 => body.as_bytes()[i..i + len].to_vec(),
                Codec::Latin1 => vec![u8::try_from(u32::from(ch)).ok()?],
                Codec::Ascii => return None,
            };
            for byte in encoded {
                out.push(plain(i, i + len, byte));
            }
            i += len;
            continue;
        }
        if b != b'\\' || raw {
            if raw && b == b'\\' && i + 1 < bytes.len() {
                // `\'` in a raw literal: both characters, the quote not ending it.
                out.push(plain(i, i + 1, b'\\'));
                out.push(plain(i + 1, i + 2, bytes[i + 1]));
                i += 2;
                continue;
            }
            out.push(plain(i, i + 1, b));
            i += 1;
            continue;
        }
        let next = *bytes.get(i + 1)?;
        let simple = match next {
            b'\\' => Some(b'\\'),
            b'\'' => Some(b'\''),
            b'"' => Some(b'"'),
            b'a' => Some(7),
            b'b' => Some(8),
            b'f' => Some(12),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'v' => Some(11),
            _ => None,
        };
        if let Some(value) = simple {
            out.push(Unit {
                escape: true,
                ..plain(i, i + 2, value)
            });
            i += 2;
            continue;
        }
        match next {
            b'\n' => {
                out.push(Unit {
                    start: i,
                    end: i + 2,
                    byte: None,
                    same_in_py3: true,
                    escape: true,
                });
                i += 2;
            }
            b'\r' => {
                let end = if bytes.get(i + 2) == Some(&b'\n') {
                    i + 3
                } else {
                    i + 2
                };
                out.push(Unit {
                    start: i,
                    end,
                    byte: None,
                    same_in_py3: true,
                    escape: true,
                });
                i = end;
            }
            b'0'..=b'7' => {
                let mut end = i + 1;
                let mut value: u32 = 0;
                while end < bytes.len() && end < i + 4 && (b'0'..=b'7').contains(&bytes[end]) {
                    value = value * 8 + u32::from(bytes[end] - b'0');
                    end += 1;
                }
                out.push(Unit {
                    start: i,
                    end,
                    byte: Some((value & 0xFF) as u8),
                    // Python 3 text takes `\400` as U+0100, Python 2 bytes as 0x00.
                    same_in_py3: value < 0x100,
                    escape: true,
                });
                i = end;
            }
            b'x' => {
                let hex = body.get(i + 2..i + 4)?;
                let value = u8::from_str_radix(hex, 16).ok()?;
                if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(Unit {
                    escape: true,
                    ..plain(i, i + 4, value)
                });
                i += 4;
            }
            _ => {
                // Not an escape: the backslash stays. `\u`, `\U` and `\N` are escapes in
                // Python 3 text.
                out.push(Unit {
                    same_in_py3: !matches!(next, b'u' | b'U' | b'N'),
                    ..plain(i, i + 1, b'\\')
                });
                i += 1;
            }
        }
    }
    Some(out)
}

/// Characters written as escapes even when the literal wrote them as they are: controls,
/// spaces other than the ASCII space, format characters, combining marks, private use.
fn invisible(c: char) -> bool {
    let code = u32::from(c);
    c.is_control()
        || c.is_whitespace()
        || matches!(code,
            0xAD | 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200B..=0x200F
            | 0x2028..=0x202E | 0x2060..=0x206F | 0x20D0..=0x20FF | 0xE000..=0xF8FF
            | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0xFEFF | 0xFFF0..=0xFFFF)
}

/// How a decoded non-ASCII character is written: as it is in a file declared UTF-8; as
/// a `\xNN` escape below U+0100 elsewhere (as it is when the literal wrote it so, in a
/// Latin-1 file); as it is above U+00FF in a file without a coding cookie (Python 3 reads
/// it as UTF-8). Invisible characters are always escapes. `\u` escapes are never
/// written: `unicode` would take one in an unprefixed literal for a Python 2 byte
/// string's backslash and `u`.
fn written(c: char, escaped: bool, raw: bool, source: Option<Codec>) -> Result<String, String> {
    let small = u32::from(c) <= 0xFF;
    let escape = || {
        if small && !raw {
            Ok(format!("\\x{:02x}", u32::from(c)))
        } else {
            Err(format!(
                "the text has {c:?}, which this literal could only write as a `\\u` escape: write the text by hand"
            ))
        }
    };
    if invisible(c) {
        return escape();
    }
    match source {
        Some(Codec::Utf8) => Ok(c.to_string()),
        Some(Codec::Latin1) if small && !escaped => Ok(c.to_string()),
        None if !small => Ok(c.to_string()),
        _ => escape(),
    }
}

/// What became of a literal.
enum Outcome {
    /// Its Python 3 text is the decoded value as written.
    Unchanged,
    /// The new body.
    Body(String),
}

/// The Python 3 body of a byte string literal decoded with `codec`, or why not.
fn decoded_body(
    body: &str,
    raw: bool,
    codec: Codec,
    source: Option<Codec>,
) -> Result<Outcome, String> {
    let units = units(body, raw, source).ok_or_else(|| {
        "the bytes of this literal are not clear here (non-ASCII characters in it need a UTF-8 or Latin-1 coding cookie): write the text by hand".to_string()
    })?;
    if units
        .iter()
        .all(|u| u.byte.is_none_or(|b| b < 0x80) && u.same_in_py3)
    {
        return Ok(Outcome::Unchanged);
    }
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    while i < units.len() {
        let unit = &units[i];
        match unit.byte {
            Some(byte) if byte >= 0x80 => {
                let start = i;
                while i < units.len() && units[i].byte.is_some_and(|b| b >= 0x80) {
                    i += 1;
                }
                let run: Vec<u8> = units[start..i].iter().filter_map(|u| u.byte).collect();
                let text = codec.decode(&run).ok_or_else(|| {
                    format!(
                        "these bytes are not valid {}: Python 2 raised UnicodeDecodeError here",
                        codec.name()
                    )
                })?;
                let escaped = units[start..i].iter().any(|u| u.escape);
                for c in text.chars() {
                    out.push_str(&written(c, escaped, raw, source)?);
                }
                continue;
            }
            Some(byte) if !unit.same_in_py3 => {
                if byte == b'\\' {
                    // `\u` was a backslash and a `u`.
                    out.push_str("\\\\");
                } else {
                    out.push_str(&format!("\\x{byte:02x}"));
                }
            }
            _ => out.push_str(&body[unit.start..unit.end]),
        }
        i += 1;
    }
    if out == body {
        return Ok(Outcome::Unchanged);
    }
    Ok(Outcome::Body(out))
}

/// A string literal split into its prefix, quotes and body.
struct Literal<'t> {
    node: Node<'t>,
    prefix: String,
    body_start: usize,
    body_end: usize,
}

fn literal<'t>(node: Node<'t>, ctx: &Context<'t>) -> Option<Literal<'t>> {
    if node.kind_name() != "string" {
        return None;
    }
    let source = ctx.text(node);
    let prefix = string_prefix(source);
    let rest = &source[prefix.len()..];
    let quote = if rest.starts_with("'''") || rest.starts_with("\"\"\"") {
        3
    } else {
        1
    };
    let body_start = node.start_byte() + prefix.len() + quote;
    let body_end = node.end_byte().checked_sub(quote)?;
    (body_start <= body_end).then_some(Literal {
        node,
        prefix,
        body_start,
        body_end,
    })
}

/// The codec and errors arguments of a `.decode(...)` call, if given as literals.
fn arguments<'t>(args: Node<'t>, ctx: &Context<'t>) -> Option<(String, Option<String>)> {
    let text_of = |node: Node<'t>| {
        let lit = literal(node, ctx)?;
        let body = &ctx.text[lit.body_start..lit.body_end];
        (!body.contains('\\') && !lit.prefix.contains('f')).then(|| body.to_string())
    };
    let mut codec = None;
    let mut errors = None;
    for (index, arg) in syntax::arguments(args).into_iter().enumerate() {
        match arg.kind_name() {
            "keyword_argument" => {
                let name = arg.child_by_field_id(crate::field!("name").get())?;
                let value = text_of(arg.child_by_field_id(crate::field!("value").get())?)?;
                match ctx.text(name) {
                    "encoding" => codec = Some(value),
                    "errors" => errors = Some(value),
                    _ => return None,
                }
            }
            "list_splat" | "dictionary_splat" => return None,
            _ => match index {
                0 => codec = Some(text_of(arg)?),
                1 => errors = Some(text_of(arg)?),
                _ => return None,
            },
        }
    }
    // `.decode()` used the default encoding, ASCII.
    Some((codec.unwrap_or_else(|| "ascii".to_string()), errors))
}

impl Codemod for DecodeLiteral {
    fn id(&self) -> &str {
        "decode-literal"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        file.has_code_attribute("decode")
    }

    fn kinds(&self) -> &[&'static str] {
        &["call"]
    }

    fn visit<'t>(&self, call: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let Some((callee, args)) = syntax::call_parts(call) else {
            return;
        };
        let Some((receiver, method)) = syntax::attribute_parts(callee) else {
            return;
        };
        if ctx.text(method) != "decode" || args.kind_name() != "argument_list" {
            return;
        }
        let inner = match receiver.kind_name() {
            "parenthesized_expression" if receiver.named_child_count() == 1 => {
                receiver.named_child(0).unwrap_or(receiver)
            }
            _ => receiver,
        };
        let parts: Vec<Node<'t>> = match inner.kind_name() {
            "string" => vec![inner],
            "concatenated_string" => {
                let mut cursor = inner.walk();
                let parts: Vec<Node<'t>> = inner
                    .named_children(&mut cursor)
                    .filter(|c| c.kind_name() != "comment")
                    .collect();
                parts
            }
            _ => return,
        };
        let Some(literals) = parts
            .iter()
            .map(|p| literal(*p, ctx))
            .collect::<Option<Vec<Literal<'t>>>>()
        else {
            return;
        };
        // Bytes still decode in Python 3; f-strings never were byte strings.
        if literals
            .iter()
            .any(|l| l.prefix.contains('b') || l.prefix.contains('f'))
        {
            return;
        }
        let Some((codec_name, errors)) = arguments(args, ctx) else {
            return;
        };
        let normalized = transform_codecs::normalize(&codec_name);
        if transform_codecs::is_transform(&normalized) {
            return;
        }
        let drop_call = Splice::new(receiver.end_byte(), call.end_byte(), "");
        let reason = "a decoded literal is the text it decodes to; Python 3 text has no `decode`";
        let Some(codec) = codec(&normalized) else {
            fixes.review(
                call,
                format!("Python 3 text has no `decode`: write the text this literal decodes to with {codec_name:?} by hand"),
            );
            return;
        };
        if errors.as_deref().is_some_and(|e| e != "strict") {
            fixes.review(
                call,
                "Python 3 text has no `decode`: with this `errors` argument, write the text it gives by hand",
            );
            return;
        }
        let unicode = literals.iter().any(|l| l.prefix.contains('u'))
            || ctx.imports().has_future("unicode_literals");
        if unicode {
            // Text, encoded as ASCII and decoded again: only ASCII text survives.
            let ascii = literals.iter().all(|l| {
                let body = &ctx.text[l.body_start..l.body_end];
                body.is_ascii() && !has_non_ascii_escape(body, l.prefix.contains('r'))
            });
            if literals.len() > 1
                && literals.iter().any(|l| !l.prefix.contains('u'))
                && !ctx.imports().has_future("unicode_literals")
            {
                fixes.review(
                    call,
                    "Python 3 text has no `decode`: this literal mixes text and bytes; write the text by hand",
                );
            } else if ascii {
                fixes.add(call, reason, vec![drop_call]);
            } else {
                fixes.review(
                    call,
                    "Python 3 text has no `decode`: Python 2 encoded this non-ASCII text as ASCII first and raised UnicodeEncodeError; write what is meant by hand",
                );
            }
            return;
        }
        let source = source_codec(ctx);
        let mut splices = Vec::new();
        for lit in &literals {
            let body = &ctx.text[lit.body_start..lit.body_end];
            let raw = lit.prefix.contains('r');
            match decoded_body(body, raw, codec, source) {
                Ok(Outcome::Unchanged) => {}
                Ok(Outcome::Body(new_body)) => {
                    // The whole literal: a rewrite of its body by another codemod must
                    // conflict with this one.
                    let open = &ctx.text[lit.node.start_byte()..lit.body_start];
                    let close = &ctx.text[lit.body_end..lit.node.end_byte()];
                    splices.push(Splice::new(
                        lit.node.start_byte(),
                        lit.node.end_byte(),
                        format!("{open}{new_body}{close}"),
                    ));
                }
                Err(message) => {
                    fixes.review(
                        call,
                        format!("Python 3 text has no `decode`, and {message}"),
                    );
                    return;
                }
            }
        }
        splices.push(drop_call);
        fixes.add(call, reason, splices);
    }
}

/// A unicode literal escape that makes a non-ASCII character (`\xe9`, `\u00e9`, `\351`,
/// `\N{...}`).
fn has_non_ascii_escape(body: &str, raw: bool) -> bool {
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let next = bytes.get(i + 1).copied();
        match next {
            Some(b'u' | b'U' | b'N') => return true,
            Some(b'x')
                if !raw
                    && body
                        .get(i + 2..i + 4)
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                        .is_none_or(|v| v >= 0x80) =>
            {
                return true;
            }
            Some(b'0'..=b'7') if !raw => {
                let digits: String = body[i + 1..]
                    .chars()
                    .take(3)
                    .take_while(|c| ('0'..='7').contains(c))
                    .collect();
                if u32::from_str_radix(&digits, 8).is_ok_and(|v| v >= 0x80) {
                    return true;
                }
            }
            _ => {}
        }
        i += 2;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(body: &str, codec: Codec, source: Option<Codec>) -> Result<String, String> {
        decoded_body(body, false, codec, source).map(|o| match o {
            Outcome::Unchanged => body.to_string(),
            Outcome::Body(b) => b,
        })
    }

    #[test]
    fn bodies() {
        let utf8 = Some(Codec::Utf8);
        assert_eq!(decode(r"caf\xc3\xa9", Codec::Utf8, utf8).unwrap(), "café");
        assert_eq!(decode(r"caf\351", Codec::Latin1, None).unwrap(), r"caf\xe9");
        assert_eq!(decode("café", Codec::Utf8, utf8).unwrap(), "café");
        assert_eq!(decode("café", Codec::Latin1, utf8).unwrap(), "cafÃ©");
        assert_eq!(
            decode(r"a\u00e9 \n", Codec::Ascii, None).unwrap(),
            r"a\\u00e9 \n"
        );
        assert_eq!(decode(r"\xe2\x82\xac", Codec::Utf8, utf8).unwrap(), "€");
        assert!(decode(r"\xe2\x80\x8b", Codec::Utf8, utf8)
            .unwrap_err()
            .contains("\\u"));
        assert!(decode(r"\xff", Codec::Utf8, utf8).is_err());
        assert!(decode("é", Codec::Utf8, None).is_err());
        assert_eq!(decode(r"\400", Codec::Ascii, None).unwrap(), r"\x00");
    }
}
