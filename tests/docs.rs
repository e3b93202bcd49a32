//! `docs/codemods/<id>.md` must be exactly what `pymig explain <id>` prints, for every
//! registered codemod, and no page may exist for a codemod that does not.
//! `PYMIG_BLESS=1 cargo test --test docs` regenerates the pages.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use pymig::commands::list::explain_text;
use pymig::registry::Registry;

#[test]
fn codemod_pages_match_explain_output() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/codemods");
    let bless = std::env::var_os("PYMIG_BLESS").is_some();
    if bless {
        fs::create_dir_all(&dir).expect("create docs/codemods");
    }
    let registry = Registry::builtin();
    let mut problems = Vec::new();
    let mut known = BTreeSet::new();
    for codemod in registry.all() {
        let file = format!("{}.md", codemod.id());
        known.insert(file.clone());
        let path = dir.join(&file);
        let expected = explain_text(codemod.as_ref());
        if fs::read_to_string(&path).ok().as_deref() == Some(expected.as_str()) {
            continue;
        }
        if bless {
            fs::write(&path, &expected).expect("write docs page");
        } else {
            problems.push(format!(
                "docs/codemods/{file} differs from `pymig explain {}`",
                codemod.id()
            ));
        }
    }
    for entry in fs::read_dir(&dir).expect("docs/codemods exists").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && !known.contains(&name) {
            if bless {
                fs::remove_file(entry.path()).expect("remove stale page");
            } else {
                problems.push(format!(
                    "docs/codemods/{name} documents no registered codemod"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n(run `PYMIG_BLESS=1 cargo test --test docs` to regenerate)",
        problems.join("\n")
    );
    assert!(!known.is_empty(), "no codemods registered");
}

fn normalise(text: &str) -> String {
    text.replace('`', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn readme_exit_codes_match_help() {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    // `--help` text: "  N  meaning" lines with wrapped continuations.
    let mut help: Vec<(String, String)> = Vec::new();
    for line in pymig::cli::EXIT_CODES.lines().skip(1) {
        let trimmed = line.trim();
        match trimmed.split_once("  ") {
            Some((code, meaning)) if code.parse::<u8>().is_ok() => {
                help.push((code.to_string(), meaning.to_string()))
            }
            _ => {
                if let Some(last) = help.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(trimmed);
                }
            }
        }
    }
    let table: Vec<(String, String)> = readme
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l
                .trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            (cells.len() == 2 && cells[0].parse::<u8>().is_ok())
                .then(|| (cells[0].to_string(), cells[1].to_string()))
        })
        .collect();
    assert!(help.len() >= 3, "{help:?}");
    assert_eq!(table.len(), help.len(), "README exit code table: {table:?}");
    for ((hc, hm), (tc, tm)) in help.iter().zip(&table) {
        assert_eq!(hc, tc);
        assert_eq!(normalise(hm), normalise(tm), "exit code {hc}");
    }
}

#[test]
fn ci_runs_the_readme_test_command() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md")).expect("README.md");
    let ci = fs::read_to_string(root.join(".ci/run")).expect(".ci/run");
    let commands: Vec<&str> = readme
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("cargo "))
        .collect();
    // The quick start's build-and-run line (tests/distribution.rs runs it as written).
    assert!(
        commands
            .first()
            .is_some_and(|c| c.starts_with("cargo run --release -- apply ")),
        "{commands:?}"
    );
    assert_eq!(commands.get(1).copied(), Some("cargo test --release"));
    assert_eq!(
        ci.lines().last().map(str::trim),
        Some("cargo test --release")
    );
}
