//! The hooks of `.pre-commit-hooks.yaml`, and running one as pre-commit would: on files
//! that are staged in a git repository, with the hook environment's `bin/` first on PATH.
//! Shared by `tests/distribution.rs` (the binary cargo built) and `tests/packaging.rs`
//! (the binary a wheel installed).

#![allow(dead_code)] // each test file uses its own part

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// One hook: its keys and their values as written (`types: [python]` stays a string).
pub type Hook = BTreeMap<String, String>;

/// The hooks of the project's `.pre-commit-hooks.yaml`, by id. The file is a YAML list of
/// flat mappings (`- id: ...` then indented `key: value` lines), which is all this reads.
pub fn hooks() -> BTreeMap<String, Hook> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml");
    let text = fs::read_to_string(&path).expect("read .pre-commit-hooks.yaml");
    let mut hooks = BTreeMap::new();
    let mut current: Option<Hook> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (starts_hook, pair) = match trimmed.strip_prefix("- ") {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        if starts_hook {
            if let Some(hook) = current.take() {
                hooks.insert(hook["id"].clone(), hook);
            }
            current = Some(Hook::new());
        }
        let (key, value) = pair
            .split_once(':')
            .unwrap_or_else(|| panic!("not `key: value`: {line:?}"));
        current
            .as_mut()
            .unwrap_or_else(|| panic!("a key before the first `- id:`: {line:?}"))
            .insert(key.trim().to_string(), value.trim().to_string());
    }
    if let Some(hook) = current {
        hooks.insert(hook["id"].clone(), hook);
    }
    hooks
}

/// The `entry` of hook `id`.
pub fn entry(id: &str) -> String {
    hooks()
        .get(id)
        .and_then(|h| h.get("entry"))
        .unwrap_or_else(|| panic!("no hook {id:?} with an entry in .pre-commit-hooks.yaml"))
        .clone()
}

/// Python 2 code the py3 preset rewrites, and what it becomes.
pub const PY2: &str =
    "import sys\n\ntry:\n    x = 1\nexcept ValueError, e:\n    print \"bad\", e\n";
pub const PY3: &str =
    "import sys\n\ntry:\n    x = 1\nexcept ValueError as e:\n    print(\"bad\", e)\n";

/// A git repository (in a temp dir) with `legacy.py` committed, then changed and staged,
/// as the files pre-commit passes to a hook are.
pub fn staged_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let git = |args: &[&str]| {
        let out = git_command(dir.path())
            .args(args)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["config", "user.name", "Test User"]);
    git(&["config", "user.email", "test@example.com"]);
    git(&["config", "commit.gpgsign", "false"]);
    fs::write(dir.path().join("legacy.py"), "import sys\n").expect("write");
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "initial"]);
    fs::write(dir.path().join("legacy.py"), PY2).expect("write");
    git(&["add", "legacy.py"]);
    dir
}

fn git_command(dir: &Path) -> Command {
    command("git", dir)
}

/// `program` in `dir`, with no GIT_* variable of the test's own environment.
fn command(program: &str, dir: &Path) -> Command {
    let mut command = Command::new(program);
    command.current_dir(dir);
    for (key, _) in std::env::vars() {
        if key.starts_with("GIT_") {
            command.env_remove(key);
        }
    }
    command.env("GIT_CONFIG_NOSYSTEM", "1");
    command
}

/// Runs hook `id` as pre-commit does: its entry split into words, the file names after
/// them, `bin_dir` first on PATH (where pre-commit puts the hook's virtualenv), in `repo`.
/// (On Unix a PATH given to the child is the one its program is looked up on.)
pub fn run_hook(id: &str, bin_dir: &Path, repo: &Path, files: &[&str]) -> Output {
    let entry = entry(id);
    let mut words = entry.split_whitespace();
    let program = words.next().expect("an entry names a program");
    let mut dirs = vec![bin_dir.to_path_buf()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let path = std::env::join_paths(dirs).expect("PATH");
    command(program, repo)
        .env("PATH", &path)
        .args(words)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("hook {id} ({entry}) cannot start: {e}"))
}

pub fn text(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
