//! Reading and writing Python source files byte-exactly.
//!
//! A file is decoded once into UTF-8 text for parsing and editing, and encoded back on
//! write. Decoding is only accepted when encoding the decoded text reproduces the original
//! bytes exactly, so every byte outside an edit survives the round trip (coding cookies,
//! BOMs, CRLF, tabs, trailing whitespace, a missing final newline).

use std::fmt;

use encoding_rs::Encoding;

/// Why a file's bytes could not be turned into text we are willing to edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Contains NUL bytes: not Python source (CPython refuses such files too).
    Binary,
    /// The coding cookie names an encoding we do not know.
    UnknownEncoding(String),
    /// The bytes are not valid in the declared (or default UTF-8) encoding.
    Invalid { encoding: String, offset: usize },
    /// Decoding and re-encoding would not give back the same bytes.
    NoRoundTrip(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary => write!(f, "binary file (contains NUL bytes)"),
            DecodeError::UnknownEncoding(name) => {
                write!(f, "unknown encoding {name:?} in coding cookie")
            }
            DecodeError::Invalid { encoding, offset } => {
                write!(f, "not valid {encoding} (byte offset {offset})")
            }
            DecodeError::NoRoundTrip(name) => {
                write!(f, "encoding {name} does not round-trip byte-exactly")
            }
        }
    }
}

/// How the text is turned back into bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Codec {
    Utf8,
    /// ISO-8859-1: every byte is the code point of the same value.
    Latin1,
    Ascii,
    Other(&'static Encoding),
}

/// A decoded source file.
#[derive(Debug, Clone)]
pub struct Source {
    /// The text without any BOM.
    pub text: String,
    codec: Codec,
    /// The encoding name as reported to users (`utf-8`, `latin-1`, ...).
    pub encoding: String,
    bom: bool,
}

impl Source {
    /// Decode a file's bytes, honouring a UTF-8 BOM and a PEP 263 coding cookie.
    pub fn decode(bytes: &[u8]) -> Result<Source, DecodeError> {
        if bytes.contains(&0) {
            return Err(DecodeError::Binary);
        }
        let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => (true, rest),
            None => (false, bytes),
        };
        let declared = coding_cookie(body);
        let (codec, encoding) = match &declared {
            None => (Codec::Utf8, "utf-8".to_string()),
            Some(name) => codec_for(name)?,
        };
        if bom && codec != Codec::Utf8 {
            return Err(DecodeError::Invalid {
                encoding,
                offset: 0,
            });
        }
        let text = decode_with(codec, body, &encoding)?;
        let source = Source {
            text,
            codec,
            encoding,
            bom,
        };
        // Only accept a decoding we can undo exactly.
        match source.encode(&source.text) {
            Ok(back) if back == bytes => Ok(source),
            _ => Err(DecodeError::NoRoundTrip(source.encoding.clone())),
        }
    }

    /// Encode (edited) text back into the file's encoding, restoring any BOM.
    pub fn encode(&self, text: &str) -> Result<Vec<u8>, String> {
        let mut out = Vec::with_capacity(text.len() + 3);
        if self.bom {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        match self.codec {
            Codec::Utf8 => out.extend_from_slice(text.as_bytes()),
            Codec::Latin1 | Codec::Ascii => {
                let limit = if self.codec == Codec::Ascii {
                    0x80
                } else {
                    0x100
                };
                for ch in text.chars() {
                    let cp = ch as u32;
                    if cp >= limit {
                        return Err(format!("{ch:?} cannot be encoded as {}", self.encoding));
                    }
                    out.push(cp as u8);
                }
            }
            Codec::Other(enc) => {
                let (bytes, _, had_errors) = enc.encode(text);
                if had_errors {
                    return Err(format!("text cannot be encoded as {}", self.encoding));
                }
                out.extend_from_slice(&bytes);
            }
        }
        Ok(out)
    }
}

fn decode_with(codec: Codec, body: &[u8], encoding: &str) -> Result<String, DecodeError> {
    match codec {
        Codec::Utf8 => String::from_utf8(body.to_vec()).map_err(|e| DecodeError::Invalid {
            encoding: encoding.to_string(),
            offset: e.utf8_error().valid_up_to(),
        }),
        Codec::Latin1 => Ok(body.iter().map(|&b| b as char).collect()),
        Codec::Ascii => match body.iter().position(|b| !b.is_ascii()) {
            Some(offset) => Err(DecodeError::Invalid {
                encoding: encoding.to_string(),
                offset,
            }),
            None => Ok(body.iter().map(|&b| b as char).collect()),
        },
        Codec::Other(enc) => match enc.decode_without_bom_handling_and_without_replacement(body) {
            Some(text) => Ok(text.into_owned()),
            None => Err(DecodeError::Invalid {
                encoding: encoding.to_string(),
                offset: 0,
            }),
        },
    }
}

/// Map a Python codec name to how we decode it.
fn codec_for(name: &str) -> Result<(Codec, String), DecodeError> {
    let norm = name.to_ascii_lowercase().replace('_', "-");
    let codec = match norm.as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "utf8-ucs2" | "utf8-ucs4" | "cp65001" => Codec::Utf8,
        "latin-1" | "latin1" | "latin" | "l1" | "iso-8859-1" | "iso8859-1" | "8859" | "cp819"
        | "iso-ir-100" => Codec::Latin1,
        "ascii" | "us-ascii" | "646" => Codec::Ascii,
        other => match Encoding::for_label(other.as_bytes()) {
            // WHATWG treats these as windows-1252 / UTF-8 aliases; Python does not.
            Some(enc) if enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE => {
                if enc == encoding_rs::UTF_8 {
                    Codec::Utf8
                } else {
                    Codec::Other(enc)
                }
            }
            _ => return Err(DecodeError::UnknownEncoding(name.to_string())),
        },
    };
    let display = match codec {
        Codec::Utf8 => "utf-8".to_string(),
        Codec::Latin1 => "latin-1".to_string(),
        Codec::Ascii => "ascii".to_string(),
        Codec::Other(enc) => enc.name().to_ascii_lowercase(),
    };
    Ok((codec, display))
}

/// The PEP 263 coding cookie of the first two lines, if any.
pub fn coding_cookie(bytes: &[u8]) -> Option<String> {
    let mut lines = bytes.split(|&b| b == b'\n');
    for index in 0..2 {
        let line = lines.next()?;
        let trimmed: &[u8] = {
            let start = line
                .iter()
                .position(|b| !matches!(b, b' ' | b'\t' | b'\x0c'))
                .unwrap_or(line.len());
            &line[start..]
        };
        if trimmed.first() == Some(&b'#') {
            if let Some(name) = cookie_in_comment(trimmed) {
                return Some(name);
            }
        } else if index == 0 && !trimmed.iter().all(|b| b.is_ascii_whitespace()) {
            // The second line only counts when the first is blank or a comment.
            return None;
        }
    }
    None
}

fn cookie_in_comment(comment: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(comment);
    let at = text.find("coding")?;
    let rest = &text[at + "coding".len()..];
    let rest = rest.strip_prefix([':', '='])?;
    let rest = rest.trim_start_matches([' ', '\t']);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    (!name.is_empty()).then_some(name)
}

/// The line ending used by the line that contains byte `at` (`\r\n`, `\r` or `\n`).
///
/// Mixed files keep each line's own ending, so text inserted on a line uses that line's.
pub fn line_ending_at(text: &str, at: usize) -> &'static str {
    let bytes = text.as_bytes();
    let from = at.min(bytes.len());
    match bytes[from..].iter().position(|&b| b == b'\n' || b == b'\r') {
        Some(i) => {
            let i = from + i;
            if bytes[i] == b'\r' {
                if bytes.get(i + 1) == Some(&b'\n') {
                    "\r\n"
                } else {
                    "\r"
                }
            } else {
                "\n"
            }
        }
        // Last line without a newline: use the ending of the line before it, if any.
        None => match bytes[..from].iter().rposition(|&b| b == b'\n') {
            Some(i) if i > 0 && bytes[i - 1] == b'\r' => "\r\n",
            _ => "\n",
        },
    }
}

impl PartialEq for Source {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.codec == other.codec && self.bom == other.bom
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_cookie_round_trips() {
        let bytes = b"# -*- coding: latin-1 -*-\r\nname = \"caf\xe9\"\r\n";
        let src = Source::decode(bytes).expect("decodes");
        assert_eq!(src.encoding, "latin-1");
        assert!(src.text.contains("caf\u{e9}"));
        assert_eq!(src.encode(&src.text).unwrap(), bytes.to_vec());
    }

    #[test]
    fn bom_is_kept() {
        let bytes = b"\xEF\xBB\xBFx = 1\n";
        let src = Source::decode(bytes).unwrap();
        assert_eq!(src.text, "x = 1\n");
        assert_eq!(src.encode(&src.text).unwrap(), bytes.to_vec());
    }

    #[test]
    fn binary_and_bad_encodings_are_refused() {
        assert_eq!(Source::decode(b"\x00\x01"), Err(DecodeError::Binary));
        assert!(matches!(
            Source::decode(b"# coding: klingon\nx = 1\n"),
            Err(DecodeError::UnknownEncoding(_))
        ));
        assert!(matches!(
            Source::decode(b"x = '\xff'\n"),
            Err(DecodeError::Invalid { .. })
        ));
    }

    #[test]
    fn cookie_only_on_first_two_lines() {
        assert_eq!(
            coding_cookie(b"#!/usr/bin/python\n# coding=utf-8\n"),
            Some("utf-8".into())
        );
        assert_eq!(coding_cookie(b"x = 1\n# coding: latin-1\n"), None);
        assert_eq!(coding_cookie(b"\n\n# coding: latin-1\n"), None);
    }

    #[test]
    fn line_endings_per_line() {
        let text = "a\r\nb\nc";
        assert_eq!(line_ending_at(text, 0), "\r\n");
        assert_eq!(line_ending_at(text, 3), "\n");
        assert_eq!(line_ending_at(text, 5), "\n");
        assert_eq!(line_ending_at("a\r\nb", 3), "\r\n");
    }
}
