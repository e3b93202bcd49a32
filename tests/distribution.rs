//! What ships besides the engine, through the built binary: shell completions, man pages,
//! `pymig list`'s opt-in marks, the pre-commit hooks, the Python packaging metadata and
//! the README's quick start. (Building and installing the wheel: tests/packaging.rs.)

mod hooks;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const PYMIG: &str = env!("CARGO_BIN_EXE_pymig");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn pymig(args: &[&str]) -> Output {
    Command::new(PYMIG)
        .current_dir(root())
        .args(args)
        .output()
        .expect("pymig runs")
}

/// stdout of a run that must succeed.
fn ok(args: &[&str]) -> String {
    let out = pymig(args);
    assert!(
        out.status.success(),
        "pymig {args:?}: {}",
        hooks::text(&out)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The visible subcommands, from `pymig --help`.
fn subcommands() -> Vec<String> {
    let help = ok(&["--help"]);
    let mut names = Vec::new();
    let mut in_commands = false;
    for line in help.lines() {
        if line.starts_with("Commands:") {
            in_commands = true;
        } else if in_commands && line.starts_with("  ") {
            let name = line.split_whitespace().next().unwrap_or("");
            if name != "help" {
                names.push(name.to_string());
            }
        } else if in_commands && !line.starts_with(' ') {
            break;
        }
    }
    assert!(names.len() >= 5, "commands from --help: {names:?}");
    names
}

#[test]
fn bash_completion_completes_commands_and_flags() {
    let script = ok(&["completions", "bash"]);
    for word in [
        "complete",
        "apply",
        "completions",
        "man",
        "--dry-run",
        "--preset",
    ] {
        assert!(script.contains(word), "bash script lacks {word:?}");
    }
    if Command::new("bash").arg("--version").output().is_err() {
        eprintln!("bash not found: the script was not run");
        return;
    }
    // Load the script in bash and complete `pymig ap` and `pymig apply --dry`.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("pymig.bash");
    fs::write(&file, &script).expect("write");
    let probe = r#"
source "$1"
COMP_WORDS=(pymig ap); COMP_CWORD=1; COMP_LINE="pymig ap"; COMP_POINT=${#COMP_LINE}
_pymig pymig ap pymig; echo "1: ${COMPREPLY[*]}"
COMP_WORDS=(pymig apply --dry); COMP_CWORD=2; COMP_LINE="pymig apply --dry"; COMP_POINT=${#COMP_LINE}
_pymig pymig --dry apply; echo "2: ${COMPREPLY[*]}"
COMP_WORDS=(pymig completions ""); COMP_CWORD=2; COMP_LINE="pymig completions "; COMP_POINT=${#COMP_LINE}
_pymig pymig "" completions; echo "3: ${COMPREPLY[*]}"
"#;
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", probe, "probe"])
        .arg(&file)
        .output()
        .expect("bash runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "bash: {}", hooks::text(&out));
    assert!(text.contains("1: apply"), "`pymig ap<TAB>`: {text}");
    assert!(
        text.contains("--dry-run"),
        "`pymig apply --dry<TAB>`: {text}"
    );
    let shells = text.lines().find(|l| l.starts_with("3:")).unwrap_or("");
    for shell in ["bash", "zsh", "fish"] {
        assert!(shells.contains(shell), "`pymig completions <TAB>`: {text}");
    }
}

#[test]
fn zsh_and_fish_completions_name_every_command() {
    let zsh = ok(&["completions", "zsh"]);
    let fish = ok(&["completions", "fish"]);
    assert!(
        zsh.starts_with("#compdef pymig"),
        "zsh: {}",
        &zsh[..80.min(zsh.len())]
    );
    assert!(fish.contains("complete -c pymig"), "fish script");
    for command in subcommands() {
        assert!(zsh.contains(&command), "zsh script lacks {command}");
        assert!(fish.contains(&command), "fish script lacks {command}");
    }
    let bad = pymig(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2), "{}", hooks::text(&bad));
}

#[test]
fn man_page_lists_every_command() {
    let page = ok(&["man"]);
    assert!(page.contains(".TH pymig 1"), "no .TH header");
    assert!(page.contains(".SH SYNOPSIS") && page.contains(".SH SUBCOMMANDS"));
    assert!(page.contains(env!("CARGO_PKG_VERSION")), "no version");
    // roff escapes the hyphen: pymig\-apply(1)
    for command in subcommands() {
        let reference = format!("pymig\\-{}(1)", command.replace('-', "\\-"));
        assert!(page.contains(&reference), "man page lacks {reference}");
    }
    assert!(
        !page.contains("pymig\\-parse"),
        "a hidden command has a page"
    );
}

#[test]
fn man_page_of_one_command_has_its_options() {
    let page = ok(&["man", "apply"]);
    assert!(
        page.contains(".TH pymig-apply 1"),
        "header: {}",
        &page[..200.min(page.len())]
    );
    assert!(page.contains(&format!("pymig {}", env!("CARGO_PKG_VERSION"))));
    for flag in ["\\-\\-dry\\-run", "\\-\\-preset", "\\-\\-allow\\-dirty"] {
        assert!(page.contains(flag), "pymig-apply(1) lacks {flag}");
    }
    let unknown = pymig(&["man", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("apply"));
}

#[test]
fn man_dir_writes_one_page_per_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("man1");
    let out = pymig(&["man", "--dir", target.to_str().expect("UTF-8 path")]);
    assert!(out.status.success(), "{}", hooks::text(&out));
    let mut expected: Vec<String> = subcommands()
        .iter()
        .map(|c| format!("pymig-{c}.1"))
        .collect();
    expected.push("pymig.1".to_string());
    expected.sort();
    let mut written: Vec<String> = fs::read_dir(&target)
        .expect("the directory exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, expected);
    let apply = fs::read_to_string(target.join("pymig-apply.1")).expect("read");
    assert_eq!(apply, ok(&["man", "apply"]), "--dir and stdout differ");
}

#[test]
fn list_marks_each_opt_in_codemod_once() {
    // `pymig explain py3` names the preset's opt-in codemods.
    let preset = ok(&["explain", "py3"]);
    let opt_in: Vec<&str> = preset
        .lines()
        .find_map(|l| l.strip_prefix("Opt-in (add with --codemod): "))
        .expect("the py3 preset has opt-in codemods")
        .split(", ")
        .collect();
    assert!(opt_in.len() >= 2, "{opt_in:?}");
    let list = ok(&["list"]);
    let mut marked = Vec::new();
    for line in list.lines() {
        let marks = line.matches("(opt-in)").count();
        assert!(marks <= 1, "marked {marks} times: {line}");
        if marks == 1 {
            marked.push(line.split_whitespace().next().unwrap_or(""));
        }
    }
    marked.sort();
    let mut expected = opt_in.clone();
    expected.sort();
    assert_eq!(marked, expected, "{list}");
}

#[test]
fn pre_commit_hooks_are_declared_for_python_files() {
    let all = hooks::hooks();
    for id in ["pymig-check", "pymig-apply"] {
        let hook = all.get(id).unwrap_or_else(|| panic!("no hook {id}"));
        assert_eq!(
            hook.get("language").map(String::as_str),
            Some("python"),
            "{id}"
        );
        assert_eq!(
            hook.get("types").map(String::as_str),
            Some("[python]"),
            "{id}"
        );
        assert!(
            hook.get("name").is_some_and(|n| !n.is_empty()),
            "{id} has no name"
        );
        assert!(
            hook["entry"].starts_with("pymig "),
            "{id}: {}",
            hook["entry"]
        );
    }
    assert!(hooks::entry("pymig-check").contains("check --baseline .pymig/baseline.json"));
}

#[test]
fn pre_commit_apply_hook_rewrites_staged_files() {
    let repo = hooks::staged_repo();
    let bin_dir = Path::new(PYMIG).parent().expect("the binary's directory");
    let out = hooks::run_hook("pymig-apply", bin_dir, repo.path(), &["legacy.py"]);
    assert!(out.status.success(), "{}", hooks::text(&out));
    let text = fs::read_to_string(repo.path().join("legacy.py")).expect("read");
    assert_eq!(text, hooks::PY3, "{}", hooks::text(&out));
    // Run again on the result: nothing left to change, still success.
    let again = hooks::run_hook("pymig-apply", bin_dir, repo.path(), &["legacy.py"]);
    assert!(again.status.success(), "{}", hooks::text(&again));
    assert_eq!(
        fs::read_to_string(repo.path().join("legacy.py")).expect("read"),
        hooks::PY3
    );
}

#[test]
fn pyproject_builds_the_binary_with_maturin() {
    let text = fs::read_to_string(root().join("pyproject.toml")).expect("read pyproject.toml");
    let doc: toml::Table = text.parse().expect("pyproject.toml parses");
    let get = |path: &[&str]| -> Option<&toml::Value> {
        let mut value = doc.get(path[0])?;
        for key in &path[1..] {
            value = value.get(key)?;
        }
        Some(value)
    };
    assert_eq!(
        get(&["tool", "maturin", "bindings"]).and_then(|v| v.as_str()),
        Some("bin")
    );
    assert_eq!(
        get(&["build-system", "build-backend"]).and_then(|v| v.as_str()),
        Some("maturin")
    );
    let requires = get(&["build-system", "requires"])
        .and_then(|v| v.as_array())
        .expect("requires");
    assert!(requires
        .iter()
        .any(|r| r.as_str().is_some_and(|r| r.starts_with("maturin>=1"))));
    assert_eq!(
        get(&["project", "name"]).and_then(|v| v.as_str()),
        Some("pymig")
    );
    let dynamic = get(&["project", "dynamic"])
        .and_then(|v| v.as_array())
        .expect("dynamic");
    assert!(
        dynamic.iter().any(|d| d.as_str() == Some("version")),
        "version from Cargo.toml"
    );
    assert!(
        get(&["project", "version"]).is_none(),
        "a second version to keep in step"
    );
    assert!(get(&["project", "requires-python"]).is_some());
}

/// The README's quick start runs pymig on a real directory of the repository, which holds
/// Python 2 code that the py3 preset migrates into code Python 3 runs.
#[test]
fn readme_quick_start_runs_as_written() {
    let readme = fs::read_to_string(root().join("README.md")).expect("read README.md");
    let line = readme
        .lines()
        .find(|l| l.starts_with("cargo run --release -- apply "))
        .expect("the quick start's `cargo run --release -- apply ...` line");
    let args: Vec<&str> = line["cargo run --release -- ".len()..]
        .split('#')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let path = *args.last().expect("a path");
    assert!(
        root().join(path).is_dir(),
        "the quick start's path {path:?} is not a directory of the repository"
    );
    let out = pymig(&args);
    assert!(out.status.success(), "{}", hooks::text(&out));
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("+    print("),
        "no print rewrite in the quick start's diff:\n{diff}"
    );

    // The migrated copy runs on Python 3 (when python3 is here) and prints the report.
    let Ok(version) = Command::new("python3").arg("--version").output() else {
        eprintln!("python3 not found: the migrated example was not run");
        return;
    };
    assert!(version.status.success());
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in fs::read_dir(root().join(path)).expect("read the example") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy");
    }
    let dir_arg = dir.path().to_str().expect("UTF-8 path");
    let applied = pymig(&["apply", "--quiet", "--preset", "py3", dir_arg]);
    assert!(applied.status.success(), "{}", hooks::text(&applied));
    let run = Command::new("python3")
        .args(["-W", "error", "stock.py"])
        .current_dir(dir.path())
        .output()
        .expect("python3 runs");
    assert!(run.status.success(), "{}", hooks::text(&run));
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        "gadget     2\nwidget     3\ntotal: 5\n"
    );
}
