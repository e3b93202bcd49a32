//! Edits: what codemods propose, and how proposals from many codemods are merged.
//!
//! A [`Fix`] is one logical rewrite ("wrap this call in `list()`") made of one or more
//! [`Splice`]s (byte-range replacements). Splices are kept minimal — a wrap is two
//! insertions, not a replacement of the whole call — so nested rewrites by different
//! codemods compose instead of conflicting. A fix is applied all or nothing.

use serde::Serialize;

use crate::source::line_ending_at;

/// Replace `start..end` of the text with `text` (an insertion when the range is empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Splice {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Splice {
    pub fn new(start: usize, end: usize, text: impl Into<String>) -> Splice {
        Splice {
            start,
            end,
            text: text.into(),
        }
    }

    /// Two splices conflict when they touch the same bytes, or one inserts strictly inside
    /// the other's range. Insertions at the same point do not conflict: they are applied
    /// in the order they were accepted.
    fn conflicts_with(&self, other: &Splice) -> bool {
        let a_empty = self.start == self.end;
        let b_empty = other.start == other.end;
        match (a_empty, b_empty) {
            (true, true) => false,
            (true, false) => other.start < self.start && self.start < other.end,
            (false, true) => self.start < other.start && other.start < self.end,
            (false, false) => self.start.max(other.start) < self.end.min(other.end),
        }
    }
}

/// One logical rewrite proposed by a codemod.
#[derive(Debug, Clone, Serialize)]
pub struct Fix {
    pub codemod: String,
    /// 1-based line of the rewrite, for reports.
    pub line: usize,
    /// Why the rewrite is needed ("result is assigned").
    pub reason: String,
    pub splices: Vec<Splice>,
}

/// A deliberate non-edit or a warning: something a codemod looked at and left alone.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Note {
    pub codemod: String,
    pub line: usize,
    pub message: String,
    /// `true` when the user should look at it (a change we could not make safely);
    /// `false` for an informational "left alone because ..." record.
    pub needs_review: bool,
}

/// Fixes split into those that can be applied together and those deferred to a later pass.
#[derive(Debug, Default)]
pub struct Merged {
    pub accepted: Vec<Fix>,
    pub deferred: Vec<Fix>,
}

/// Accept fixes in order, deferring any that conflicts with one already accepted.
/// Exact duplicates (the same splices proposed twice) are dropped.
pub fn merge(fixes: Vec<Fix>) -> Merged {
    let mut merged = Merged::default();
    let mut taken: Vec<Splice> = Vec::new();
    for fix in fixes {
        if merged.accepted.iter().any(|f| f.splices == fix.splices) {
            continue;
        }
        let clashes = fix
            .splices
            .iter()
            .any(|s| taken.iter().any(|t| s.conflicts_with(t)));
        let self_clash = fix
            .splices
            .iter()
            .enumerate()
            .any(|(i, s)| fix.splices[i + 1..].iter().any(|t| s.conflicts_with(t)));
        if clashes || self_clash {
            merged.deferred.push(fix);
        } else {
            taken.extend(fix.splices.iter().cloned());
            merged.accepted.push(fix);
        }
    }
    merged
}

/// Apply non-conflicting fixes to `text`.
///
/// Inserted text is written with `\n`; here each bare `\n` becomes the line ending of
/// the line where the splice lands, so CRLF and mixed files keep their endings.
pub fn apply(text: &str, fixes: &[Fix]) -> String {
    let mut splices: Vec<(usize, &Splice)> = fixes
        .iter()
        .flat_map(|f| f.splices.iter())
        .enumerate()
        .collect();
    // Stable order: by position; at equal start, pure insertions first, then acceptance order.
    splices.sort_by_key(|(order, s)| (s.start, s.end != s.start, s.end, *order));
    let mut out = String::with_capacity(text.len() + 64);
    let mut cursor = 0;
    // Whole-line insertions already made at a point: an identical one from another fix
    // (two fixes adding the same `import six` line) is made once. In-line insertions
    // (wrapping parentheses) may legitimately repeat, so they are all kept.
    let mut inserted_here: (usize, Vec<&str>) = (0, Vec::new());
    for (_, splice) in splices {
        if splice.start == splice.end && splice.text.contains('\n') {
            if inserted_here.0 != splice.start {
                inserted_here = (splice.start, Vec::new());
            }
            let inserted_here = &mut inserted_here.1;
            if inserted_here.contains(&splice.text.as_str()) {
                continue;
            }
            inserted_here.push(&splice.text);
        }
        if splice.start < cursor || splice.end > text.len() {
            // Cannot happen after `merge`; refuse silently broken output instead of panicking.
            continue;
        }
        out.push_str(&text[cursor..splice.start]);
        push_with_line_endings(&mut out, &splice.text, line_ending_at(text, splice.start));
        cursor = splice.end;
    }
    out.push_str(&text[cursor..]);
    out
}

fn push_with_line_endings(out: &mut String, inserted: &str, ending: &str) {
    if ending == "\n" || !inserted.contains('\n') {
        out.push_str(inserted);
        return;
    }
    let mut prev = '\0';
    for ch in inserted.chars() {
        if ch == '\n' && prev != '\r' {
            out.push_str(ending);
        } else {
            out.push(ch);
        }
        prev = ch;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(splices: Vec<Splice>) -> Fix {
        Fix {
            codemod: "t".into(),
            line: 1,
            reason: String::new(),
            splices,
        }
    }

    #[test]
    fn nested_wraps_compose() {
        let text = "x = map(f, d.iteritems())";
        let outer = fix(vec![Splice::new(4, 4, "list("), Splice::new(25, 25, ")")]);
        let inner = fix(vec![Splice::new(13, 22, "items")]);
        let merged = merge(vec![outer, inner]);
        assert!(merged.deferred.is_empty());
        assert_eq!(apply(text, &merged.accepted), "x = list(map(f, d.items()))");
    }

    #[test]
    fn overlapping_replacements_are_deferred() {
        let a = fix(vec![Splice::new(0, 5, "A")]);
        let b = fix(vec![Splice::new(3, 8, "B")]);
        let merged = merge(vec![a, b]);
        assert_eq!(merged.accepted.len(), 1);
        assert_eq!(merged.deferred.len(), 1);
    }

    #[test]
    fn duplicates_are_dropped() {
        let a = fix(vec![Splice::new(0, 1, "A")]);
        let merged = merge(vec![a.clone(), a]);
        assert_eq!(merged.accepted.len(), 1);
        assert!(merged.deferred.is_empty());
    }

    #[test]
    fn identical_insertions_of_different_fixes_are_made_once() {
        let text = "import os\nx = f(a)\ny = f(b)\n";
        let import = Splice::new(10, 10, "import six\n");
        let first = fix(vec![
            Splice::new(16, 16, "g("),
            Splice::new(17, 17, ")"),
            import.clone(),
        ]);
        let second = fix(vec![
            Splice::new(25, 25, "g("),
            Splice::new(26, 26, ")"),
            import,
        ]);
        let merged = merge(vec![first, second]);
        assert_eq!(
            apply(text, &merged.accepted),
            "import os\nimport six\nx = f(g(a))\ny = f(g(b))\n"
        );
    }

    #[test]
    fn inserted_newlines_follow_the_line() {
        let text = "a = 1\r\nb = 2\n";
        let f1 = fix(vec![Splice::new(0, 0, "import x\n")]);
        let f2 = fix(vec![Splice::new(7, 7, "import y\n")]);
        assert_eq!(
            apply(text, &[f1, f2]),
            "import x\r\na = 1\r\nimport y\nb = 2\n"
        );
    }
}
