//! Replace `s.encode('hex')`, `s.decode('base64')` and the other transform codecs with the functions that do the same (`binascii.hexlify(s)`, `base64.b64decode(s)`, ...).
//!
//! ## What it does
//! Python 2's `str.encode` and `str.decode` also ran codecs that are not text encodings.
//! A call of `.encode(...)` or `.decode(...)` whose codec is one of them, given as a
//! string literal (in any spelling Python 2 accepted: `'hex'`, `'hex_codec'`,
//! `'Base-64'`, ...), becomes:
//!
//! | Python 2 | Python 3 |
//! |---|---|
//! | `s.encode('hex')` / `s.decode('hex')` | `binascii.hexlify(s)` / `binascii.unhexlify(s)` |
//! | `s.encode('base64')` / `s.decode('base64')` | `base64.encodebytes(s)` / `base64.b64decode(s)` |
//! | `s.encode('zlib')` / `s.decode('zlib')` (also `'zip'`) | `zlib.compress(s)` / `zlib.decompress(s)` |
//! | `s.encode('bz2')` / `s.decode('bz2')` | `bz2.compress(s)` / `bz2.decompress(s)` |
//! | `s.encode('uu')`, `'quopri'` (and decode) | `codecs.encode(s, 'uu')`, `codecs.encode(s, 'quopri')` (and `codecs.decode`) |
//! | `s.encode('rot13')` / `s.decode('rot13')` | `codecs.encode(s, 'rot13')` / `codecs.decode(s, 'rot13')` |
//!
//! and the module is imported. These binary transforms take bytes in Python 3, as the
//! Python 2 ones took (byte) strings: a string literal in front of them gets a `b`
//! prefix (`'abc'.encode('hex')` → `binascii.hexlify(b'abc')`), which `unicode` would
//! otherwise turn into text. `rot13` maps text to text, as it did.
//!
//! ## Why
//! In Python 3, `str.decode` does not exist and `bytes.decode('hex')` raises
//! `LookupError` ("'hex' is not a text encoding"): only text encodings are methods.
//! 2to3 has no fixer for this.
//!
//! ## Example
//! ```python
//! key = digest.encode('hex')
//! raw = payload.decode('base64')
//! ```
//! becomes
//! ```python
//! import base64
//! import binascii
//! key = binascii.hexlify(digest)
//! raw = base64.b64decode(payload)
//! ```
//!
//! ## Left alone (reported for review)
//! - `'string_escape'`: Python 3 has no such codec (`unicode_escape` works on text and
//!   treats non-ASCII characters differently).
//! - Calls with an `errors` argument other than `'strict'`, with keywords or `*args`.
//! - A literal in front that is not plain ASCII source (its bytes are not clear), or a
//!   `b''` literal before `rot13`.
//! - `s.decode('hex')` inside a `try` that catches `TypeError` but not `ValueError`:
//!   Python 2 raised `TypeError` for bad hex digits, Python 3 raises `binascii.Error`
//!   (a `ValueError`).
//! - Uses where the module's name (`base64`, ...) is a local name.
//!
//! Codecs named by a variable are not seen, nor are text encodings (`utf-8`), which
//! Python 3 still has as methods.
//!
//! ## Fix safety
//! Safe: the same functions Python 2's codecs called (checked byte for byte on both
//! Pythons); `base64.encodebytes` keeps `encodestring`'s newline every 76 characters and
//! at the end. In Python 3 `binascii.hexlify` returns bytes (`b'6162'`), as Python 2
//! returned a byte string: where text is wanted, `.hex()` on the bytes gives it. A
//! receiver that is a method of your own class named `encode` or `decode` (taking a
//! codec name) would be rewritten too.

use tree_sitter::Node;

use crate::analysis::module_members::head_available;
use crate::codemod::{Codemod, Context, Fixes};
use crate::codemods::common;
use crate::edit::Splice;
use crate::prefilter::FileText;
use crate::semantics::text::string_prefix;
use crate::syntax::{self, KindName};

pub struct TransformCodecs;

/// A transform codec: what `.encode` and `.decode` with it become.
#[derive(Clone, Copy)]
enum Transform {
    /// A function of `module` for each direction: (module, encode, decode).
    Functions(&'static str, &'static str, &'static str),
    /// `codecs.encode(s, name)` / `codecs.decode(s, name)`; `true` when it works on bytes.
    Codecs(&'static str, bool),
    /// No Python 3 counterpart: the review note.
    Review(&'static str),
}

/// Python 2's name for a codec, normalized as its codec lookup did: lower case, runs of
/// other characters than letters, digits and `.` collapsed to `_`.
pub fn normalize(name: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// True for a (normalized) codec name that is a transform, not a text encoding.
pub fn is_transform(normalized: &str) -> bool {
    transform(normalized).is_some()
}

fn transform(codec: &str) -> Option<Transform> {
    Some(match normalize(codec).as_str() {
        "hex" | "hex_codec" => Transform::Functions("binascii", "hexlify", "unhexlify"),
        "base64" | "base_64" | "base64_codec" => {
            Transform::Functions("base64", "encodebytes", "b64decode")
        }
        "zlib" | "zip" | "zlib_codec" => Transform::Functions("zlib", "compress", "decompress"),
        "bz2" | "bz2_codec" => Transform::Functions("bz2", "compress", "decompress"),
        "uu" | "uu_codec" => Transform::Codecs("uu", true),
        "quopri" | "quoted_printable" | "quotedprintable" | "quopri_codec" => {
            Transform::Codecs("quopri", true)
        }
        "rot13" | "rot_13" => Transform::Codecs("rot13", false),
        "string_escape" => Transform::Review(
            "Python 3 has no `string_escape` codec: for bytes, rewrite by hand (`codecs.escape_decode(s)[0]` is the undocumented equivalent of `.decode('string_escape')`); `unicode_escape` works on text and treats non-ASCII characters differently",
        ),
        _ => return None,
    })
}

/// The text of a plain string literal (no escapes, no concatenation).
fn literal_text<'t>(node: Node<'_>, text: &'t str) -> Option<&'t str> {
    if node.kind_name() != "string" {
        return None;
    }
    let source = &text[node.byte_range()];
    let prefix = string_prefix(source);
    if prefix.contains('f') || source.contains('\\') {
        return None;
    }
    let body = &source[prefix.len()..];
    let quote = if body.starts_with("'''") || body.starts_with("\"\"\"") {
        3
    } else {
        1
    };
    body.get(quote..body.len().checked_sub(quote)?)
}

impl Codemod for TransformCodecs {
    fn id(&self) -> &str {
        "transform-codecs"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // The codec names are in strings, in any case: only the methods are searched.
        file.has_any_code_attribute(&["encode", "decode"])
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
        let encode = match ctx.text(method) {
            "encode" => true,
            "decode" => false,
            _ => return,
        };
        if args.kind_name() != "argument_list" {
            return;
        }
        let arguments = syntax::arguments(args);
        let Some(codec) = arguments.first().and_then(|a| literal_text(*a, ctx.text)) else {
            return;
        };
        let Some(transform) = transform(codec) else {
            return;
        };
        let method_name = if encode { "encode" } else { "decode" };
        let written = format!(".{method_name}('{codec}')");
        if let Transform::Review(message) = transform {
            fixes.review(call, message);
            return;
        }
        let strict = match arguments.as_slice() {
            [_] => true,
            [_, errors] => literal_text(*errors, ctx.text) == Some("strict"),
            _ => false,
        };
        if !strict {
            fixes.review(
                call,
                format!("`{written}` with more arguments than the codec: rewrite it by hand"),
            );
            return;
        }
        let (module, call_text, bytes) = match transform {
            Transform::Functions(module, to, from) => (
                module,
                format!("{module}.{}(", if encode { to } else { from }),
                true,
            ),
            Transform::Codecs(_, bytes) => ("codecs", format!("codecs.{method_name}("), bytes),
            Transform::Review(_) => return,
        };
        let codec_argument = match transform {
            Transform::Codecs(name, _) => format!(", '{name}'"),
            _ => String::new(),
        };
        if let Err(message) = head_available(ctx, call, module) {
            fixes.review(call, message);
            return;
        }
        if !encode && module == "binascii" && catches_type_error_only(call, ctx) {
            fixes.review(call, "Python 2 raised TypeError for bad hex digits, Python 3's `binascii.unhexlify` raises `binascii.Error` (a ValueError), which the `except` here does not catch: rewrite it by hand");
            return;
        }
        // The receiver, without parentheses of its own (`(a + b).encode('hex')`).
        let inner = match receiver.kind_name() {
            "parenthesized_expression" => receiver
                .named_child(0)
                .filter(|n| n.kind_name() != "yield" && receiver.named_child_count() == 1)
                .unwrap_or(receiver),
            _ => receiver,
        };
        let mut splices = vec![
            Splice::new(receiver.start_byte(), inner.start_byte(), call_text),
            Splice::new(
                inner.end_byte(),
                call.end_byte(),
                format!("{codec_argument})"),
            ),
        ];
        match literal_prefix_fix(inner, ctx, bytes) {
            Ok(Some(splice)) => splices.push(splice),
            Ok(None) => {}
            Err(message) => {
                fixes.review(call, message);
                return;
            }
        }
        fixes.add(
            call,
            format!("`{written}` is not a method in Python 3"),
            splices,
        );
        common::add_import(ctx, fixes, call, &format!("import {module}"));
    }
}

/// For a string literal receiver of a binary transform: the splice that makes it a
/// bytes literal (it was a byte string in Python 2; `unicode` makes plain literals
/// text). `Err` when its bytes are not clear from the source.
fn literal_prefix_fix(
    receiver: Node<'_>,
    ctx: &Context<'_>,
    bytes: bool,
) -> Result<Option<Splice>, String> {
    if !matches!(receiver.kind_name(), "string" | "concatenated_string") {
        return Ok(None);
    }
    let source = ctx.text(receiver);
    let prefix = string_prefix(source);
    if receiver.kind_name() == "concatenated_string" || !source.is_ascii() {
        return Err("the string here is not one literal of ASCII source, so its bytes are not clear: rewrite it by hand as a bytes literal".into());
    }
    let unicode = prefix.contains('u') || ctx.imports().has_future("unicode_literals");
    match (bytes, prefix.as_str()) {
        (false, p) if p.contains('b') => Err(
            "`rot13` works on text in Python 3, and this literal is bytes: rewrite it by hand"
                .into(),
        ),
        (false, _) => Ok(None),
        (true, p) if p.contains('b') => Ok(None),
        // A unicode literal was encoded with ASCII first: only plain ASCII text is sure.
        (true, _) if unicode && source.contains('\\') => Err(
            "a unicode literal with escapes here: Python 2 encoded it as ASCII first; rewrite it by hand as a bytes literal".into(),
        ),
        (true, "u") => Ok(Some(Splice::new(
            receiver.start_byte(),
            receiver.start_byte() + 1,
            "b",
        ))),
        (true, "" | "r") => Ok(Some(Splice::new(
            receiver.start_byte(),
            receiver.start_byte(),
            "b",
        ))),
        (true, _) => Err(
            "a raw unicode literal here: rewrite it by hand as a bytes literal".into(),
        ),
    }
}

/// True when `call` is in the body of a `try` whose handlers catch `TypeError` and
/// nothing a `ValueError` would also reach.
fn catches_type_error_only(call: Node<'_>, ctx: &Context<'_>) -> bool {
    let mut child = call;
    while let Some(parent) = child.parent() {
        if matches!(
            parent.kind_name(),
            "function_definition" | "class_definition" | "lambda"
        ) {
            return false;
        }
        if parent.kind_name() == "try_statement"
            && parent
                .child_by_field_id(crate::field!("body").get())
                .is_some_and(|b| b.id() == child.id())
        {
            let mut cursor = parent.walk();
            let handlers: Vec<String> = parent
                .named_children(&mut cursor)
                .filter(|c| c.kind_name() == "except_clause")
                .map(|c| {
                    let text = ctx.text(c);
                    let head = text.split(':').next().unwrap_or(text);
                    head.to_string()
                })
                .collect();
            let catches = |name: &str| handlers.iter().any(|h| syntax::contains_word(h, name));
            let bare = handlers
                .iter()
                .any(|h| h.trim() == "except" || h.trim_start().starts_with("except:"));
            if catches("TypeError") {
                return !(bare
                    || catches("ValueError")
                    || catches("Error")
                    || catches("Exception")
                    || catches("BaseException"));
            }
        }
        child = parent;
    }
    false
}
