//! The engine's fidelity and safety contract, checked with small test-only codemods:
//! bytes outside edits, line endings, encodings, re-parse verification, overlapping
//! edits from different codemods, parse-error regions and pragmas.

use std::path::Path;
use std::sync::Arc;

use pymig::codemod::{Codemod, Context, Fixes, Options};
use pymig::edit::Splice;
use pymig::engine::{Engine, FileReport, Status};
use pymig::prefilter::FileText;
use tree_sitter::Node;

/// Renames every identifier `from` to `to`.
struct Rename {
    id: &'static str,
    from: &'static str,
    to: &'static str,
}

impl Codemod for Rename {
    fn id(&self) -> &str {
        self.id
    }
    fn kinds(&self) -> &[&'static str] {
        &["identifier"]
    }
    fn visit(&self, node: Node<'_>, ctx: &Context<'_>, fixes: &mut Fixes) {
        if ctx.text(node) == self.from {
            fixes.replace(node, self.to, "test rename");
        }
    }
}

/// Wraps every call of `callee` in `wrapper(...)`, unless already wrapped.
struct WrapCall {
    id: &'static str,
    callee: &'static str,
    wrapper: &'static str,
}

impl Codemod for WrapCall {
    fn id(&self) -> &str {
        self.id
    }
    fn kinds(&self) -> &[&'static str] {
        &["call"]
    }
    fn visit(&self, node: Node<'_>, ctx: &Context<'_>, fixes: &mut Fixes) {
        let Some(function) = node.child_by_field_name("function") else {
            return;
        };
        if ctx.text(function) != self.callee {
            return;
        }
        let wrapped = node
            .parent()
            .and_then(|p| p.parent())
            .and_then(|c| c.child_by_field_name("function"))
            .is_some_and(|f| ctx.text(f) == self.wrapper);
        if !wrapped {
            fixes.wrap(node, &format!("{}(", self.wrapper), ")", "test wrap");
        }
    }
}

/// Replaces `d.iteritems()` (the whole call) with `d.items()`.
struct ReplaceCall;

impl Codemod for ReplaceCall {
    fn id(&self) -> &str {
        "replace-call"
    }
    fn kinds(&self) -> &[&'static str] {
        &["call"]
    }
    fn visit(&self, node: Node<'_>, ctx: &Context<'_>, fixes: &mut Fixes) {
        if ctx.text(node) == "d.iteritems()" {
            fixes.replace(node, "d.items()", "test replace");
        }
    }
}

/// Adds `import six` on a line of its own at the top, once per file.
struct AddImport;

impl Codemod for AddImport {
    fn id(&self) -> &str {
        "add-import"
    }
    fn check_file(&self, ctx: &Context<'_>, fixes: &mut Fixes) {
        if !ctx.text.contains("import six") {
            let splice = pymig::imports::add_import_splice(ctx.root(), ctx.text, "import six");
            fixes.add(ctx.root(), "test import", vec![splice]);
        }
    }
}

/// Deliberately broken: turns `x = 1` into `x = (`.
struct Breaker;

impl Codemod for Breaker {
    fn id(&self) -> &str {
        "breaker"
    }
    fn kinds(&self) -> &[&'static str] {
        &["integer"]
    }
    fn visit(&self, node: Node<'_>, _ctx: &Context<'_>, fixes: &mut Fixes) {
        fixes.replace(node, "(", "test breakage");
    }
}

/// Always replaces the first byte of the file with `letter`: two of these conflict forever.
struct FirstByte {
    id: &'static str,
    letter: &'static str,
}

impl Codemod for FirstByte {
    fn id(&self) -> &str {
        self.id
    }
    fn check_file(&self, ctx: &Context<'_>, fixes: &mut Fixes) {
        fixes.add(
            ctx.root(),
            "test first byte",
            vec![Splice::new(
                0,
                1,
                format!("{}{}", self.letter, &ctx.text[..1]),
            )],
        );
    }
}

fn engine(codemods: Vec<Arc<dyn Codemod>>) -> Engine {
    Engine::new(codemods, Options::default())
}

fn rename(from: &'static str, to: &'static str) -> Arc<dyn Codemod> {
    Arc::new(Rename {
        id: "rename",
        from,
        to,
    })
}

fn run(engine: &Engine, bytes: &[u8]) -> FileReport {
    engine.process_bytes(Path::new("t.py"), bytes.to_vec())
}

fn updated(report: &FileReport) -> Vec<u8> {
    match &report.change {
        Some(change) => change.updated.clone(),
        None => panic!("expected a change, got {:?}", report.status),
    }
}

#[test]
fn bytes_outside_edits_are_identical() {
    let input = "# comment  \n\nx = 'single'  # foo here\n\tif foo:\t\n\t\ty = \"double\" + foo  \n\n\nz = r'''raw'''";
    let report = run(&engine(vec![rename("foo", "bar")]), input.as_bytes());
    let expected = input.replace("if foo", "if bar").replace("+ foo", "+ bar");
    assert_eq!(String::from_utf8(updated(&report)).unwrap(), expected);
    assert_eq!(report.fixes.len(), 2);
}

#[test]
fn crlf_and_mixed_line_endings_are_kept_and_used_for_inserted_lines() {
    let crlf = "\"\"\"Doc.\"\"\"\r\nimport os\r\nx = foo\r\n";
    let report = run(
        &engine(vec![Arc::new(AddImport), rename("foo", "bar")]),
        crlf.as_bytes(),
    );
    assert_eq!(
        String::from_utf8(updated(&report)).unwrap(),
        "\"\"\"Doc.\"\"\"\r\nimport os\r\nimport six\r\nx = bar\r\n"
    );
    // Mixed: each inserted line takes the ending of the line it lands on.
    let mixed = "import os\nimport re\r\nx = 1\n";
    let report = run(&engine(vec![Arc::new(AddImport)]), mixed.as_bytes());
    assert_eq!(
        String::from_utf8(updated(&report)).unwrap(),
        "import os\nimport re\r\nimport six\nx = 1\n"
    );
}

#[test]
fn no_final_newline_is_kept() {
    let report = run(&engine(vec![Arc::new(AddImport)]), b"import os");
    assert_eq!(updated(&report), b"import os\nimport six");
}

#[test]
fn latin1_cookie_is_honoured_both_ways() {
    let input = b"# -*- coding: latin-1 -*-\nname = foo + '\xe9t\xe9'\n";
    let report = run(&engine(vec![rename("foo", "bar")]), input);
    assert_eq!(
        updated(&report),
        b"# -*- coding: latin-1 -*-\nname = bar + '\xe9t\xe9'\n".to_vec()
    );
}

#[test]
fn bom_is_kept_with_or_without_cookie() {
    for input in [
        &b"\xEF\xBB\xBFx = foo  # \xc3\xa9\n"[..],
        &b"\xEF\xBB\xBF# coding: utf-8\nx = foo  # \xc3\xa9\n"[..],
    ] {
        let report = run(&engine(vec![rename("foo", "bar")]), input);
        let out = updated(&report);
        assert!(out.starts_with(b"\xEF\xBB\xBF"));
        assert_eq!(out.len(), input.len());
        assert!(out.ends_with(b"x = bar  # \xc3\xa9\n"));
    }
}

#[test]
fn undecodable_files_fail_with_a_reason_and_are_not_changed() {
    let cases: [(&[u8], &str); 4] = [
        (b"x = foo\n\x00\x01\x02", "binary"),
        (b"# coding: klingon\nx = foo\n", "unknown encoding"),
        (b"x = foo  # \xff\xfe not utf-8\n", "not valid utf-8"),
        (
            b"\xEF\xBB\xBF# coding: latin-1\nx = foo\n",
            "byte order mark",
        ),
    ];
    for (input, reason) in cases {
        let report = run(&engine(vec![rename("foo", "bar")]), input);
        match &report.status {
            Status::Failed(message) => assert!(message.contains(reason), "{message}"),
            other => panic!("{reason}: expected failure, got {other:?}"),
        }
        assert!(report.change.is_none());
    }
}

#[test]
fn a_rewrite_that_does_not_parse_is_refused() {
    let report = run(&engine(vec![Arc::new(Breaker)]), b"x = 1\ny = foo\n");
    match &report.status {
        Status::Failed(message) => {
            assert!(message.contains("would not parse"), "{message}");
            assert!(message.contains("breaker"), "{message}");
        }
        other => panic!("expected failure, got {other:?}"),
    }
    assert!(report.change.is_none());
    assert!(report.fixes.is_empty());
}

#[test]
fn nested_wraps_from_two_codemods_compose_in_one_pass() {
    let codemods: Vec<Arc<dyn Codemod>> = vec![
        Arc::new(WrapCall {
            id: "wrap-list",
            callee: "f",
            wrapper: "list",
        }),
        Arc::new(WrapCall {
            id: "wrap-sorted",
            callee: "g",
            wrapper: "sorted",
        }),
    ];
    let report = run(&engine(codemods), b"y = f(g(x))\n");
    assert_eq!(updated(&report), b"y = list(f(sorted(g(x))))\n");
    assert_eq!(report.fixes.len(), 2);
}

#[test]
fn overlapping_edits_are_resolved_in_a_later_pass_deterministically() {
    // replace-call rewrites the whole call, rename touches a name inside it: the first
    // registered wins this pass, the other is proposed again on the result.
    for _ in 0..3 {
        let codemods: Vec<Arc<dyn Codemod>> = vec![Arc::new(ReplaceCall), rename("d", "data")];
        let report = run(&engine(codemods), b"for k in d.iteritems(): pass\n");
        assert_eq!(updated(&report), b"for k in data.items(): pass\n");
        let order: Vec<&str> = report.fixes.iter().map(|f| f.codemod.as_str()).collect();
        assert_eq!(order, ["replace-call", "rename"]);
    }
}

#[test]
fn a_deferred_fix_is_proposed_again_only_by_its_own_codemod() {
    // Both rewrite the first byte: first-a wins the first pass; the second pass runs only
    // first-b there (first-a's work is done and must not be redone on its own output).
    let codemods: Vec<Arc<dyn Codemod>> = vec![
        Arc::new(FirstByte {
            id: "first-a",
            letter: "a",
        }),
        Arc::new(FirstByte {
            id: "first-b",
            letter: "b",
        }),
    ];
    let report = run(&engine(codemods), b"x = 1\n");
    assert_eq!(updated(&report), b"bax = 1\n");
    let order: Vec<&str> = report.fixes.iter().map(|f| f.codemod.as_str()).collect();
    assert_eq!(order, ["first-a", "first-b"]);
}

#[test]
fn conflicts_that_never_settle_are_reported() {
    // Eight codemods on one byte: one lands per pass, and the passes run out.
    const IDS: [&str; 8] = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"];
    const LETTERS: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let codemods: Vec<Arc<dyn Codemod>> = IDS
        .iter()
        .zip(LETTERS)
        .map(|(&id, letter)| Arc::new(FirstByte { id, letter }) as Arc<dyn Codemod>)
        .collect();
    let report = run(&engine(codemods), b"x = 1\n");
    assert!(report.fixes.len() < IDS.len(), "{:?}", report.fixes);
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.codemod == "c7" && n.needs_review && n.message.contains("did not settle")),
        "{:?}",
        report.notes
    );
}

#[test]
fn error_regions_are_left_alone_and_reported_clean_regions_rewritten() {
    let input = "a = foo\nb = foo $ foo\nc = foo\n";
    let report = run(&engine(vec![rename("foo", "bar")]), input.as_bytes());
    let out = String::from_utf8(updated(&report)).unwrap();
    assert!(out.starts_with("a = bar\n"), "{out}");
    assert!(out.ends_with("c = bar\n"), "{out}");
    assert!(out.contains("foo $ foo"), "{out}");
    assert!(report
        .notes
        .iter()
        .any(|n| n.codemod == "parser" && n.line == 2 && n.needs_review));
}

#[test]
fn pragmas_suppress_fixes() {
    let input = "a = foo  # pymig: skip\nb = foo  # pymig: skip=other\nc = foo  # pymig: skip=rename\nd = foo(  # pymig: skip\n    1)\n";
    let report = run(&engine(vec![rename("foo", "bar")]), input.as_bytes());
    assert_eq!(
        String::from_utf8(updated(&report)).unwrap(),
        input.replace("b = foo", "b = bar")
    );
    let skipped = run(
        &engine(vec![rename("foo", "bar")]),
        b"# pymig: skip-file\nx = foo\n",
    );
    assert!(matches!(skipped.status, Status::Skipped(_)));
    assert!(skipped.change.is_none());
}

#[test]
fn pragmas_follow_lines_moved_by_an_earlier_pass() {
    // Pass 1 adds an import line (and replace-call wins over rename); in pass 2 the
    // pragma must still protect its own line, now one lower.
    let codemods: Vec<Arc<dyn Codemod>> = vec![
        Arc::new(AddImport),
        Arc::new(ReplaceCall),
        rename("d", "data"),
    ];
    let input = "x = d.iteritems()\ny = d  # pymig: skip\n";
    let report = run(&engine(codemods), input.as_bytes());
    assert_eq!(
        String::from_utf8(updated(&report)).unwrap(),
        "import six\nx = data.items()\ny = d  # pymig: skip\n"
    );
}

#[test]
fn output_of_a_run_is_stable_on_a_second_run() {
    let codemods = || -> Vec<Arc<dyn Codemod>> {
        vec![
            Arc::new(AddImport),
            Arc::new(WrapCall {
                id: "wrap-list",
                callee: "f",
                wrapper: "list",
            }),
        ]
    };
    let first = updated(&run(&engine(codemods()), b"y = f(x)\r\n"));
    let second = run(&engine(codemods()), &first);
    assert_eq!(second.status, Status::Unchanged);
    assert_eq!(first, b"import six\r\ny = list(f(x))\r\n");
}

/// Renames `foo` to `bar`, but only claims files that mention `bar_wanted`.
struct GatedRename;

impl Codemod for GatedRename {
    fn id(&self) -> &str {
        "gated"
    }
    fn applies_to(&self, file: &FileText<'_>) -> bool {
        file.has_word("bar_wanted")
    }
    fn kinds(&self) -> &[&'static str] {
        &["identifier"]
    }
    fn visit(&self, node: Node<'_>, ctx: &Context<'_>, fixes: &mut Fixes) {
        if ctx.text(node) == "foo" {
            fixes.replace(node, "bar", "gated rename");
        }
    }
}

#[test]
fn codemods_ruled_out_by_their_text_prefilter_are_not_run() {
    let gated = || engine(vec![Arc::new(GatedRename)]);
    assert_eq!(run(&gated(), b"x = foo\n").status, Status::Unchanged);
    let report = run(&gated(), b"x = foo  # bar_wanted\n");
    assert_eq!(updated(&report), b"x = bar  # bar_wanted\n");
}
