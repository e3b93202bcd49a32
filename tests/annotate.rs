//! `annotate` beyond byte-exact fixtures: what it reports, that its outputs are well-formed
//! for mypy, and that its documentation file matches `pymig explain annotate`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use pymig::codemod::Options;
use pymig::engine::Engine;
use pymig::registry::Registry;

fn engine(options: Options) -> Engine {
    let codemods = Registry::builtin()
        .select(&["annotate".to_string()], &[])
        .expect("annotate is registered");
    Engine::new(codemods, options)
}

/// The review messages for `source`.
fn reviews(source: &str) -> Vec<String> {
    let report =
        engine(Options::default()).process_bytes(Path::new("case.py"), source.as_bytes().to_vec());
    report
        .notes
        .iter()
        .filter(|n| n.needs_review)
        .map(|n| format!("{}: {}", n.line, n.message))
        .collect()
}

#[test]
fn conflict_with_existing_annotation_names_both_values() {
    let found = reviews("class K(object):\n    def keep(self, v: int) -> int:\n        \"\"\":type v: str\"\"\"\n        return v\n");
    assert_eq!(
        found,
        ["2: keep() parameter `v`: kept the existing annotation `int`; the docstring says `str`"]
    );
}

#[test]
fn conflict_between_sources_keeps_the_type_comment() {
    let found = reviews("def f(a):\n    # type: (int) -> None\n    \"\"\":type a: str\"\"\"\n");
    assert_eq!(
        found,
        ["1: f() parameter `a`: used the type comment type `int`; the docstring says `str`"]
    );
}

#[test]
fn quoted_forward_references_are_reported() {
    let report = engine(Options::default()).process_bytes(
        Path::new("case.py"),
        b"def make():\n    \"\"\":rtype: Widget\"\"\"\n\nclass Widget(object):\n    pass\n"
            .to_vec(),
    );
    let notes: Vec<&str> = report.notes.iter().map(|n| n.message.as_str()).collect();
    assert_eq!(
        notes,
        ["make() return type: quoted, as it names a class not yet defined where the annotation is evaluated"]
    );
}

#[test]
fn equivalent_spellings_are_no_conflict() {
    let found =
        reviews("def f(a: Optional[List[int]] = None):\n    \"\"\":type a: list of int\"\"\"\n");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn unknown_and_unreadable_types_are_reported() {
    let found = reviews("def f(a, b):\n    \"\"\"\n    :type a: Frobnicator\n    :type b: some things\n    \"\"\"\n");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].contains("`Frobnicator` is not defined or imported"),
        "{found:?}"
    );
    assert!(
        found[1].contains("`some things` not used: cannot read type"),
        "{found:?}"
    );
}

#[test]
fn type_comment_count_mismatch_is_reported() {
    let found = reviews("def f(a, b):\n    # type: (int) -> None\n    pass\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("gives 1 argument types for 2 parameters"),
        "{found:?}"
    );
}

#[test]
fn docs_file_matches_explain() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let codemods = Registry::builtin()
        .select(&["annotate".to_string()], &[])
        .expect("registered");
    let explained = pymig::commands::list::explain_text(codemods[0].as_ref());
    let written = fs::read_to_string(root.join("docs/codemods/annotate.md"))
        .expect("docs/codemods/annotate.md exists");
    assert_eq!(
        written, explained,
        "regenerate with `pymig explain annotate > docs/codemods/annotate.md`"
    );
}

/// mypy must find no malformed annotation in the fixture outputs: syntax errors, invalid
/// types and undefined names (ordinary type errors of the sample code are not counted).
/// Skipped when mypy is not installed.
#[test]
fn mypy_accepts_fixture_outputs() {
    let has_mypy = Command::new("python3")
        .args(["-m", "mypy", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_mypy {
        eprintln!("mypy is not installed; skipped");
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/annotate");
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in fs::read_dir(&dir)
        .expect("fixtures/annotate exists")
        .flatten()
    {
        let path = entry.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let Some(stem) = name.strip_suffix(".expected.py") else {
            continue;
        };
        // Cases whose output is still Python 2 elsewhere are not checked.
        let config = fs::read_to_string(dir.join(format!("{stem}.toml"))).unwrap_or_default();
        if config.contains("compile = false") {
            continue;
        }
        files.push(path);
    }
    assert!(files.len() > 40, "expected outputs are missing");
    files.sort();
    let cache = tempfile::tempdir().expect("temp dir");
    // One run: every fixture has its own module name.
    let output = Command::new("python3")
        .args([
            "-m",
            "mypy",
            "--ignore-missing-imports",
            "--no-error-summary",
            "--follow-imports=skip",
        ])
        .arg("--cache-dir")
        .arg(cache.path())
        .args(&files)
        .output()
        .expect("mypy runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let problems: Vec<&str> = stdout
        .lines()
        .filter(|l| {
            l.contains("[syntax]")
                || l.contains("[valid-type]")
                || l.contains("[name-defined]")
                || l.contains("duplicate type signatures")
                || l.contains("Invalid type")
        })
        .collect();
    assert!(
        problems.is_empty(),
        "mypy rejects annotations:\n{}",
        problems.join("\n")
    );
}
