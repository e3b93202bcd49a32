//! Collects each codemod's module doc comment (`//!` lines at the top of
//! `src/codemods/**/<name>.rs`) so `pymig explain <name>` and `docs/` show the same text.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new("src/codemods");
    println!("cargo:rerun-if-changed=src/codemods");
    let mut files = Vec::new();
    collect(root, &mut files);
    files.sort();
    let mut out = String::from("pub static DOCS: &[(&str, &str)] = &[\n");
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        let Some(stem) = file.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if stem == "mod" {
            continue;
        }
        let Ok(source) = fs::read_to_string(&file) else {
            continue;
        };
        let doc: Vec<&str> = source
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| {
                let l = &l[3..];
                l.strip_prefix(' ').unwrap_or(l)
            })
            .collect();
        if doc.is_empty() {
            continue;
        }
        let id = stem.replace('_', "-");
        out.push_str(&format!("    ({:?}, {:?}),\n", id, doc.join("\n").trim()));
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(dest.join("codemod_docs.rs"), out).expect("write generated docs");
    embed_rule_files(&dest);
}

/// Embeds every `codemods/*.toml` rule file in the binary (the built-in rule codemods).
fn embed_rule_files(dest: &Path) {
    println!("cargo:rerun-if-changed=codemods");
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = fs::read_dir(manifest.join("codemods"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from("pub static RULE_FILES: &[(&str, &str)] = &[\n");
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        let Some(name) = file.file_name().and_then(|s| s.to_str()) else {
            continue;
        };
        out.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            format!("codemods/{name}"),
            file.display().to_string()
        ));
    }
    out.push_str("];\n");
    fs::write(dest.join("rule_files.rs"), out).expect("write embedded rule files");
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
