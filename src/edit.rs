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

impl Splice {
    /// This splice deletes every byte `other` changes, and with them whatever `other`
    /// writes: `other` replaces bytes inside the deleted range, or inserts strictly inside
    /// it (an insertion at either end would survive the deletion).
    fn deletes(&self, other: &Splice) -> bool {
        self.text.is_empty()
            && if other.start < other.end {
                self.start <= other.start && other.end <= self.end
            } else {
                self.start < other.start && other.start < self.end
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
    /// The fix rewrites a version guard or code inside one on purpose (collapsing a
    /// guard, dropping an alias only Python 3 used): the engine lets it into guarded
    /// branches, which it keeps every other fix out of.
    #[serde(skip)]
    pub edits_guards: bool,
    /// The fix takes code out of a version guard (collapsing it): that code is now
    /// migrated like any other, by the next pass.
    #[serde(skip)]
    pub unguards: bool,
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
///
/// Exact duplicates (the same splices proposed twice) are dropped, and a splice identical
/// to an accepted one (two codemods adding the same import) is shared, not a conflict:
/// [`apply`] writes a shared replacement or whole-line insertion once.
///
/// A fix that deletes text in which accepted fixes make all their changes takes their
/// place: their changes would vanish with the text (`isinstance(x, (int, long))` loses
/// `, long`, which `long` → `int` renames). Deferring the deletion instead would cost a
/// second pass that ends with the same text.
pub fn merge(fixes: Vec<Fix>) -> Merged {
    let mut merged = Merged::default();
    for fix in fixes {
        if merged.accepted.iter().any(|f| f.splices == fix.splices) {
            continue;
        }
        let clashes_with = |f: &Fix| {
            fix.splices
                .iter()
                .any(|s| f.splices.iter().any(|t| s != t && s.conflicts_with(t)))
        };
        let clashing: Vec<usize> = (0..merged.accepted.len())
            .filter(|&i| clashes_with(&merged.accepted[i]))
            .collect();
        let self_clash = fix
            .splices
            .iter()
            .enumerate()
            .any(|(i, s)| fix.splices[i + 1..].iter().any(|t| s.conflicts_with(t)));
        if clashing.is_empty() && !self_clash {
            merged.accepted.push(fix);
            continue;
        }
        // Every change of this fix is inside text an accepted fix deletes: it is moot.
        let deleted_anyway = fix.splices.iter().all(|s| {
            clashing
                .iter()
                .any(|&i| merged.accepted[i].splices.iter().any(|t| t.deletes(s)))
        });
        if deleted_anyway && !self_clash {
            continue;
        }
        let moot = !self_clash
            && clashing.iter().all(|&i| {
                merged.accepted[i]
                    .splices
                    .iter()
                    .all(|t| fix.splices.iter().any(|s| s.deletes(t)))
            });
        if moot {
            for &i in clashing.iter().rev() {
                merged.accepted.remove(i);
            }
            merged.accepted.push(fix);
        } else {
            merged.deferred.push(fix);
        }
    }
    merged
}

/// Apply non-conflicting fixes to `text`.
///
/// Inserted text is written with `\n`; here each bare `\n` becomes the line ending of
/// the line where the splice lands, so CRLF and mixed files keep their endings.
pub fn apply(text: &str, fixes: &[Fix]) -> String {
    apply_mapped(text, fixes).0
}

/// Where one applied splice sits in the old and in the new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    pub old_start: usize,
    pub old_end: usize,
    pub new_start: usize,
    pub new_end: usize,
}

/// The applied splices in order. Offsets between splices move by the last preceding one.
pub type OffsetMap = Vec<Applied>;

/// Map an offset of the old text to the new text (`pos` must not lie inside a splice).
pub fn map_offset(map: &[Applied], pos: usize) -> usize {
    let index = map.partition_point(|a| a.old_end <= pos);
    match index.checked_sub(1).and_then(|i| map.get(i)) {
        Some(a) => a.new_end + (pos - a.old_end),
        None => pos,
    }
}

/// Map a range of the old text to the range of the new text that holds what became of
/// it. Unlike [`map_offset`], either end may lie inside an applied splice: the range then
/// grows to cover that splice's new text.
pub fn map_range(map: &[Applied], start: usize, end: usize) -> (usize, usize) {
    let index = map.partition_point(|a| a.old_end <= start);
    let new_start = match map.get(index) {
        Some(a) if a.old_start <= start && start < a.old_end => a.new_start,
        _ => map_offset(map, start),
    };
    let index = map.partition_point(|a| a.old_end < end);
    let new_end = match map.get(index) {
        Some(a) if a.old_start < end && end <= a.old_end => a.new_end,
        _ => map_offset(map, end),
    };
    (new_start, new_end.max(new_start))
}

/// [`apply`], also returning how offsets moved.
///
/// Insertions at the same point are ordered so that nested rewrites compose: first the
/// closing insertions of fixes that end there (innermost first), then insertions in the
/// middle of a fix or of insertion-only fixes (acceptance order), then the opening
/// insertions of fixes that start there (outermost first). `wrap(x, "list(", ")")`
/// around `wrap(x, "sorted(", ")")` gives `list(sorted(x))`, whichever was accepted
/// first. A whole-line insertion proposed by several fixes is written once.
pub fn apply_mapped(text: &str, fixes: &[Fix]) -> (String, OffsetMap) {
    struct Placed<'a> {
        splice: &'a Splice,
        /// 0 closing, 1 middle/standalone, 2 opening (insertions only).
        class: u8,
        /// Closing: innermost (largest fix start) first; opening: outermost (largest fix end) first.
        nesting: usize,
        order: usize,
    }
    let mut placed: Vec<Placed<'_>> = Vec::new();
    for (fix_order, fix) in fixes.iter().enumerate() {
        let fix_start = fix.splices.iter().map(|s| s.start).min().unwrap_or(0);
        let fix_end = fix.splices.iter().map(|s| s.end).max().unwrap_or(0);
        for splice in &fix.splices {
            // A whole-line insertion proposed by several fixes (the same `import six`
            // line) is made once. In-line insertions may legitimately repeat (two wraps
            // of one node both close with `)`), so they are all kept.
            let whole_line = splice.start == splice.end && splice.text.contains('\n');
            if whole_line && placed.iter().any(|p| p.splice == splice) {
                continue;
            }
            let insertion = splice.start == splice.end;
            let (class, nesting, order) = if !insertion || fix_start == fix_end {
                (1, 0, fix_order)
            } else if splice.start == fix_end {
                (0, usize::MAX - fix_start, usize::MAX - fix_order)
            } else if splice.start == fix_start {
                (2, usize::MAX - fix_end, fix_order)
            } else {
                (1, 0, fix_order)
            };
            placed.push(Placed {
                splice,
                class,
                nesting,
                order,
            });
        }
    }
    // Stable order: by position; at equal start, pure insertions (nesting-ordered) first.
    placed.sort_by_key(|p| {
        let s = p.splice;
        (
            s.start,
            s.end != s.start,
            s.end,
            p.class,
            p.nesting,
            p.order,
        )
    });
    let mut out = String::with_capacity(text.len() + 64);
    let mut map = Vec::with_capacity(placed.len());
    let mut cursor = 0;
    for p in placed {
        let splice = p.splice;
        if splice.start < cursor || splice.end > text.len() {
            // Cannot happen after `merge`; refuse silently broken output instead of panicking.
            continue;
        }
        out.push_str(&text[cursor..splice.start]);
        let new_start = out.len();
        push_with_line_endings(&mut out, &splice.text, line_ending_at(text, splice.start));
        cursor = splice.end;
        map.push(Applied {
            old_start: splice.start,
            old_end: splice.end,
            new_start,
            new_end: out.len(),
        });
    }
    out.push_str(&text[cursor..]);
    (out, map)
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

/// A fix made of `splices`, for tests.
#[cfg(test)]
pub(crate) fn test_fix(splices: Vec<Splice>) -> Fix {
    Fix {
        codemod: "t".into(),
        line: 1,
        reason: String::new(),
        splices,
        edits_guards: false,
        unguards: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(splices: Vec<Splice>) -> Fix {
        test_fix(splices)
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
    fn a_deletion_replaces_fixes_that_only_change_what_it_deletes() {
        // `long` → `int` inside the `, long)` that the isinstance fix deletes.
        let text = "isinstance(n, (int, long))";
        let rename = fix(vec![Splice::new(20, 24, "int")]);
        let dedupe = fix(vec![Splice::new(14, 15, ""), Splice::new(18, 25, "")]);
        let merged = merge(vec![rename, dedupe.clone()]);
        assert!(merged.deferred.is_empty());
        assert_eq!(merged.accepted.len(), 1);
        assert_eq!(apply(text, &merged.accepted), "isinstance(n, int)");
        // A fix that also changes something the deletion keeps is not replaced.
        let wider = fix(vec![
            Splice::new(20, 24, "int"),
            Splice::new(0, 10, "issubclass"),
        ]);
        let merged = merge(vec![wider, dedupe.clone()]);
        assert_eq!((merged.accepted.len(), merged.deferred.len()), (1, 1));
        // Nor is an insertion at an end of the deleted range, which would survive it.
        let at_end = fix(vec![Splice::new(18, 18, " ")]);
        let inside = fix(vec![Splice::new(19, 19, "x")]);
        assert!(!Splice::new(18, 25, "").deletes(&at_end.splices[0]));
        assert!(Splice::new(18, 25, "").deletes(&inside.splices[0]));
        // Nor anything by a splice that writes text.
        let replace = fix(vec![Splice::new(18, 25, ")")]);
        let merged = merge(vec![fix(vec![Splice::new(20, 24, "int")]), replace]);
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

    #[test]
    fn shared_import_splice_is_written_once() {
        let text = "x = 1\n";
        let import = Splice::new(0, 0, "import six\n");
        let a = fix(vec![import.clone(), Splice::new(4, 5, "2")]);
        let b = fix(vec![import, Splice::new(5, 5, " + 0")]);
        let merged = merge(vec![a, b]);
        assert!(merged.deferred.is_empty());
        assert_eq!(apply(text, &merged.accepted), "import six\nx = 2 + 0\n");
    }

    #[test]
    fn same_point_wraps_nest_in_acceptance_order() {
        // Same extent: the fix accepted first is the outer one; the result is always
        // properly nested, never `list(d[x)]`.
        let text = "y = x\n";
        let list = fix(vec![Splice::new(4, 4, "list("), Splice::new(5, 5, ")")]);
        let index = fix(vec![Splice::new(4, 4, "d["), Splice::new(5, 5, "]")]);
        let merged = merge(vec![list.clone(), index.clone()]);
        assert!(merged.deferred.is_empty());
        assert_eq!(apply(text, &merged.accepted), "y = list(d[x])\n");
        let merged = merge(vec![index, list]);
        assert_eq!(apply(text, &merged.accepted), "y = d[list(x)]\n");
    }

    #[test]
    fn wrap_around_a_wider_wrap_nests_by_extent() {
        // `inner` wraps `x`, `outer` wraps `x + 1`: outer's `(` goes first at byte 4 and
        // inner's `)` goes first at byte 5, whatever the acceptance order.
        let text = "y = x + 1\n";
        let outer = fix(vec![Splice::new(4, 4, "f("), Splice::new(9, 9, ")")]);
        let inner = fix(vec![Splice::new(4, 4, "g("), Splice::new(5, 5, ")")]);
        let merged = merge(vec![inner, outer]);
        assert_eq!(apply(text, &merged.accepted), "y = f(g(x) + 1)\n");
    }

    #[test]
    fn repeated_closing_parens_of_same_extent_wraps_are_all_kept() {
        let text = "y = x\n";
        let list = fix(vec![Splice::new(4, 4, "list("), Splice::new(5, 5, ")")]);
        let sorted = fix(vec![Splice::new(4, 4, "sorted("), Splice::new(5, 5, ")")]);
        let merged = merge(vec![list, sorted]);
        assert_eq!(apply(text, &merged.accepted), "y = list(sorted(x))\n");
    }

    #[test]
    fn adjacent_wraps_close_before_opening() {
        let text = "ab";
        let left = fix(vec![Splice::new(0, 0, "("), Splice::new(1, 1, ")")]);
        let right = fix(vec![Splice::new(1, 1, "["), Splice::new(2, 2, "]")]);
        let merged = merge(vec![right, left]);
        assert_eq!(apply(text, &merged.accepted), "(a)[b]");
    }

    #[test]
    fn offsets_map_through_edits() {
        let text = "a\r\nb = 1\r\n";
        let (out, map) = apply_mapped(text, &[fix(vec![Splice::new(0, 0, "import x\n")])]);
        assert_eq!(out, "import x\r\na\r\nb = 1\r\n");
        assert_eq!(map_offset(&map, 3), 13);
        assert_eq!(&out[map_offset(&map, 3)..], "b = 1\r\n");
    }
}
