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
            problems.push(format!("docs/codemods/{file} differs from `pymig explain {}`", codemod.id()));
        }
    }
    for entry in fs::read_dir(&dir).expect("docs/codemods exists").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && !known.contains(&name) {
            if bless {
                fs::remove_file(entry.path()).expect("remove stale page");
            } else {
                problems.push(format!("docs/codemods/{name} documents no registered codemod"));
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
