//! The command line, through the built binary: exit codes, output modes, reports, file
//! discovery and the file-level safety guarantees. Uses the json-sort-keys codemod.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const NEEDS_FIX: &str = "import json\nprint(json.dumps({'b': 1, 'a': 2}))\n";
const FIXED: &str = "import json\nprint(json.dumps({'b': 1, 'a': 2}, sort_keys=True))\n";
const CLEAN: &str = "import json\nprint(json.dumps({}, sort_keys=True))\n";

fn pymig(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pymig"))
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .expect("pymig runs")
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A temp dir with `files` (path, bytes) written into it.
fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, bytes) in files {
        let full = dir.path().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, bytes).unwrap();
    }
    dir
}

fn read(dir: &Path, path: &str) -> Vec<u8> {
    fs::read(dir.join(path)).unwrap()
}

fn json_report(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", stdout(out)))
}

/// The `path`s of the files a `--json` run scanned, sorted.
fn scanned(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut full = vec!["apply", "--check", "--json", "-c", "json-sort-keys"];
    full.extend_from_slice(args);
    let report = json_report(&pymig(dir, &full));
    let mut paths: Vec<String> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().replace('\\', "/"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn check_exits_1_when_something_would_change_and_writes_nothing() {
    let dir = project(&[("a.py", NEEDS_FIX.as_bytes()), ("b.py", CLEAN.as_bytes())]);
    let out = pymig(
        dir.path(),
        &["apply", "--check", "-c", "json-sort-keys", "."],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("would change: ./a.py"),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("b.py"));
    assert_eq!(read(dir.path(), "a.py"), NEEDS_FIX.as_bytes());

    let clean = project(&[("b.py", CLEAN.as_bytes())]);
    let out = pymig(
        clean.path(),
        &["apply", "--check", "-c", "json-sort-keys", "."],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn write_mode_rewrites_and_exits_0() {
    let dir = project(&[("a.py", NEEDS_FIX.as_bytes())]);
    let out = pymig(dir.path(), &["apply", "-c", "json-sort-keys", "a.py"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(read(dir.path(), "a.py"), FIXED.as_bytes());
    assert!(stdout(&out).is_empty());
}

#[test]
fn a_bad_file_gives_exit_2_and_the_others_are_still_processed() {
    let dir = project(&[
        ("a.py", NEEDS_FIX.as_bytes()),
        ("bad.py", b"import json\n\x00\x00\x01binary"),
        ("z.py", NEEDS_FIX.as_bytes()),
    ]);
    let out = pymig(dir.path(), &["apply", "-c", "json-sort-keys", "."]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(read(dir.path(), "a.py"), FIXED.as_bytes());
    assert_eq!(read(dir.path(), "z.py"), FIXED.as_bytes());
    assert_eq!(
        read(dir.path(), "bad.py"),
        b"import json\n\x00\x00\x01binary"
    );
    let err = stderr(&out);
    assert!(err.contains("error: ./bad.py: binary file"), "{err}");
    assert!(err.contains("1 could not be processed"), "{err}");
}

#[test]
fn dry_run_prints_a_plain_unified_diff_when_piped_and_writes_nothing() {
    let dir = project(&[("pkg/a.py", NEEDS_FIX.as_bytes())]);
    let out = pymig(
        dir.path(),
        &["apply", "--dry-run", "-c", "json-sort-keys", "pkg"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let diff = stdout(&out);
    assert!(
        diff.starts_with("--- a/pkg/a.py\n+++ b/pkg/a.py\n@@ -1,2 +1,2 @@\n"),
        "{diff}"
    );
    assert!(
        diff.contains("-print(json.dumps({'b': 1, 'a': 2}))\n"),
        "{diff}"
    );
    assert!(
        diff.contains("+print(json.dumps({'b': 1, 'a': 2}, sort_keys=True))\n"),
        "{diff}"
    );
    assert!(!diff.contains('\x1b'), "no colour when piped");
    assert_eq!(read(dir.path(), "pkg/a.py"), NEEDS_FIX.as_bytes());
    // `--diff` is the same thing.
    let alias = pymig(
        dir.path(),
        &["apply", "--diff", "-c", "json-sort-keys", "pkg"],
    );
    assert_eq!(stdout(&alias), diff);
    assert_eq!(read(dir.path(), "pkg/a.py"), NEEDS_FIX.as_bytes());
}

#[test]
fn color_always_colours_the_diff() {
    let dir = project(&[("a.py", NEEDS_FIX.as_bytes())]);
    let args = [
        "apply",
        "--dry-run",
        "--color",
        "always",
        "-c",
        "json-sort-keys",
        "a.py",
    ];
    let diff = stdout(&pymig(dir.path(), &args));
    assert!(
        diff.contains("\x1b[31m-print(json.dumps({'b': 1, 'a': 2}))\x1b[0m"),
        "{diff}"
    );
    assert!(diff.contains("\x1b[32m+print("), "{diff}");
    let never = [
        "apply",
        "--dry-run",
        "--color",
        "never",
        "-c",
        "json-sort-keys",
        "a.py",
    ];
    assert!(!stdout(&pymig(dir.path(), &never)).contains('\x1b'));
}

#[test]
fn closing_summary_on_stderr() {
    let dir = project(&[
        ("a.py", NEEDS_FIX.as_bytes()),
        ("b.py", b"import json\njson.dump(x, f)\njson.dumps(y)\n"),
        ("c.py", CLEAN.as_bytes()),
        (
            "skip.py",
            b"# pymig: skip-file\nimport json\njson.dumps(x)\n",
        ),
        ("enc.py", b"# coding: klingon\nx = 1\n"),
        ("kw.py", b"import json\njson.dumps(x, **options)\n"),
    ]);
    let out = pymig(
        dir.path(),
        &["apply", "--dry-run", "-c", "json-sort-keys", "."],
    );
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("pymig: 6 files scanned, 2 would change (3 fixes), 1 could not be processed, 1 skipped, 1 need review"),
        "{err}"
    );
    assert!(err.contains("  json-sort-keys  3 fixes"), "{err}");
    assert!(
        err.contains("skipped: ./skip.py: `# pymig: skip-file`"),
        "{err}"
    );
    assert!(
        err.contains("error: ./enc.py: unknown encoding \"klingon\""),
        "{err}"
    );
    assert!(err.contains("./kw.py:2: review: [json-sort-keys]"), "{err}");
}

#[test]
fn json_report_structure() {
    let dir = project(&[
        ("a.py", NEEDS_FIX.as_bytes()),
        ("bin.py", b"\x00\x01"),
        (
            "kw.py",
            b"import json\njson.dumps(x, **options)\njson.dumps(y, sort_keys=False)\n",
        ),
        ("skip.py", b"# pymig: skip-file\n"),
    ]);
    let out = pymig(
        dir.path(),
        &[
            "apply",
            "--dry-run",
            "--json",
            "-c",
            "json-sort-keys",
            ".",
            "missing.py",
        ],
    );
    assert_eq!(code(&out), 2);
    assert!(!stdout(&out).contains("---"), "no diff in JSON mode");
    let report = json_report(&out);
    assert_eq!(report["version"], 1);
    let summary = &report["summary"];
    assert_eq!(summary["files_scanned"], 4);
    assert_eq!(summary["files_changed"], 1);
    assert_eq!(summary["files_failed"], 2);
    assert_eq!(summary["files_skipped"], 1);
    assert_eq!(summary["fixes"]["json-sort-keys"], 1);
    let files = report["files"].as_array().unwrap();
    let file = |name: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} in report"))
    };
    let a = file("a.py");
    assert_eq!(a["status"], "changed");
    assert_eq!(a["codemods"]["json-sort-keys"], 1);
    assert_eq!(a["edits"], 1);
    assert_eq!(a["fixes"][0]["line"], 2);
    assert!(a["fixes"][0]["reason"].as_str().unwrap().contains("sorted"));
    let bin = file("bin.py");
    assert_eq!(bin["status"], "failed");
    assert!(bin["reason"].as_str().unwrap().contains("binary"));
    assert_eq!(file("skip.py")["status"], "skipped");
    let kw = file("kw.py");
    assert_eq!(kw["status"], "unchanged");
    let notes = kw["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["line"], 2);
    assert_eq!(notes[0]["needs_review"], true);
    assert!(notes[0]["message"].as_str().unwrap().contains("**kwargs"));
    assert_eq!(notes[1]["needs_review"], false);
    assert!(notes[1]["message"]
        .as_str()
        .unwrap()
        .contains("already passes sort_keys"));
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors[0]["path"], "missing.py");
    assert_eq!(errors[0]["reason"], "no such file or directory");
}

#[test]
fn missing_path_is_an_error_but_other_paths_run() {
    let dir = project(&[("a.py", NEEDS_FIX.as_bytes())]);
    let out = pymig(
        dir.path(),
        &["apply", "-c", "json-sort-keys", "nope.py", "a.py"],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("error: nope.py: no such file or directory"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(dir.path(), "a.py"), FIXED.as_bytes());
}

#[test]
fn unknown_or_missing_codemod_is_a_clear_error() {
    let dir = project(&[("a.py", NEEDS_FIX.as_bytes())]);
    let out = pymig(dir.path(), &["apply", "-c", "json-sort-key", "a.py"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("unknown codemod \"json-sort-key\""), "{err}");
    assert!(err.contains("did you mean \"json-sort-keys\""), "{err}");
    let out = pymig(dir.path(), &["apply", "a.py"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no codemods chosen"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(dir.path(), "a.py"), NEEDS_FIX.as_bytes());
}

#[test]
fn latin1_and_crlf_files_keep_their_bytes() {
    let latin1 = b"# -*- coding: latin-1 -*-\nimport json\nx = json.dumps({'caf\xe9': 1})\n";
    let crlf = b"import json\r\njson.dump(\r\n    data,\r\n    fp\r\n)\r\n";
    let dir = project(&[("l.py", latin1), ("c.py", crlf)]);
    let out = pymig(dir.path(), &["apply", "-c", "json-sort-keys", "."]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        read(dir.path(), "l.py"),
        b"# -*- coding: latin-1 -*-\nimport json\nx = json.dumps({'caf\xe9': 1}, sort_keys=True)\n"
    );
    assert_eq!(
        read(dir.path(), "c.py"),
        b"import json\r\njson.dump(\r\n    data,\r\n    fp,\r\n    sort_keys=True,\r\n)\r\n"
    );
}

#[test]
fn binary_and_unknown_encoding_files_are_skipped_with_a_reason() {
    let binary: &[u8] = b"\x7fELF\x02\x01\x01\x00\x00";
    let klingon: &[u8] = b"# -*- coding: klingon -*-\nimport json\njson.dumps(x)\n";
    let dir = project(&[("b.py", binary), ("k.py", klingon)]);
    let out = pymig(dir.path(), &["apply", "-c", "json-sort-keys", "."]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("./b.py: binary file (contains NUL bytes)"),
        "{err}"
    );
    assert!(
        err.contains("./k.py: unknown encoding \"klingon\" in coding cookie"),
        "{err}"
    );
    assert_eq!(read(dir.path(), "b.py"), binary);
    assert_eq!(read(dir.path(), "k.py"), klingon);
}

#[test]
fn walking_respects_ignore_files_and_hidden_files_but_explicit_paths_are_taken() {
    let dir = project(&[
        (".gitignore", b"build/\ngenerated.py\n"),
        (".ignore", b"vendored.py\n"),
        ("keep.py", b"x = 1\n"),
        ("generated.py", b"x = 1\n"),
        ("vendored.py", b"x = 1\n"),
        ("build/out.py", b"x = 1\n"),
        (".hidden/h.py", b"x = 1\n"),
        (".dot.py", b"x = 1\n"),
        ("notes.txt", b"x = 1\n"),
    ]);
    assert_eq!(scanned(dir.path(), &["."]), ["./keep.py"]);
    assert_eq!(
        scanned(dir.path(), &["generated.py", ".dot.py", "notes.txt"]),
        [".dot.py", "generated.py", "notes.txt"]
    );
}

#[test]
fn extensionless_files_with_a_python_shebang_are_picked_up() {
    let dir = project(&[
        (
            "bin/tool",
            b"#!/usr/bin/env python\nimport json\njson.dumps(x)\n",
        ),
        ("bin/shell", b"#!/bin/sh\necho json.dumps\n"),
    ]);
    assert_eq!(scanned(dir.path(), &["bin"]), ["bin/tool"]);
}

#[test]
fn exclude_globs_are_repeatable() {
    let dir = project(&[
        ("a.py", b"x = 1\n"),
        ("tests/t.py", b"x = 1\n"),
        ("migrations/m.py", b"x = 1\n"),
        ("pkg/gen_x.py", b"x = 1\n"),
        ("pkg/real.py", b"x = 1\n"),
    ]);
    let got = scanned(
        dir.path(),
        &[
            ".",
            "--exclude",
            "tests",
            "--exclude",
            "gen_*.py",
            "--exclude",
            "migrations/",
        ],
    );
    assert_eq!(got, ["./a.py", "./pkg/real.py"]);
}

#[test]
fn jobs_1_gives_the_same_output_as_the_default() {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..40 {
        files.push((
            format!("m{i:02}.py"),
            NEEDS_FIX.repeat(i % 3 + 1).into_bytes(),
        ));
    }
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    let dir = project(&borrowed);
    let base = ["apply", "--dry-run", "-c", "json-sort-keys", "."];
    let default = pymig(dir.path(), &base);
    let mut one = base.to_vec();
    one.extend(["--jobs", "1"]);
    let single = pymig(dir.path(), &one);
    assert!(!stdout(&default).is_empty());
    assert_eq!(stdout(&default), stdout(&single));
    assert_eq!(stderr(&default), stderr(&single));
}

#[cfg(unix)]
#[test]
fn permissions_are_kept_on_rewrite() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project(&[("tool.py", NEEDS_FIX.as_bytes())]);
    let path: PathBuf = dir.path().join("tool.py");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o750)).unwrap();
    let out = pymig(dir.path(), &["apply", "-c", "json-sort-keys", "tool.py"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(fs::read(&path).unwrap(), FIXED.as_bytes());
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o750
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
}

#[test]
fn skip_pragma_leaves_a_line_alone() {
    let input =
        "import json\na = json.dumps(x)  # pymig: skip\nb = json.dumps(y)  # pymig: skip=other\n";
    let dir = project(&[("a.py", input.as_bytes())]);
    let out = pymig(dir.path(), &["apply", "-c", "json-sort-keys", "a.py"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(read(dir.path(), "a.py")).unwrap(),
        input.replace("json.dumps(y)", "json.dumps(y, sort_keys=True)")
    );
}

#[test]
fn list_and_explain() {
    let dir = project(&[]);
    let out = pymig(dir.path(), &["list"]);
    assert_eq!(code(&out), 0);
    let listed = stdout(&out);
    let line = listed
        .lines()
        .find(|l| l.trim_start().starts_with("json-sort-keys "))
        .unwrap_or_else(|| panic!("json-sort-keys listed: {listed}"));
    assert!(
        line.trim_end()
            .ends_with("calls so their output is byte-stable."),
        "{line}"
    );
    let out = pymig(dir.path(), &["list", "--json"]);
    let entries: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(entries
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["id"] == "json-sort-keys" && e["safety"] == "review"));

    let out = pymig(dir.path(), &["explain", "json-sort-keys"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(
        text.starts_with("# json-sort-keys\n\nAdd `sort_keys=True`"),
        "{text}"
    );
    assert!(text.contains("## Example"), "{text}");

    let out = pymig(dir.path(), &["explain", "nope"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("unknown codemod \"nope\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn help_lists_the_exit_codes() {
    let out = pymig(Path::new("."), &["apply", "--help"]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("1  --check: some files would change"),
        "{}",
        stdout(&out)
    );
}

#[cfg(unix)]
#[test]
fn unreadable_directories_are_reported_and_the_rest_is_walked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project(&[
        ("a.py", NEEDS_FIX.as_bytes()),
        ("locked/b.py", NEEDS_FIX.as_bytes()),
    ]);
    let locked = dir.path().join("locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let out = if fs::read_dir(&locked).is_ok() {
        // Running as root, to whom permissions do not apply: run pymig as `nobody`, in a
        // directory it may write to.
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_pymig"))
            .args(["apply", "-c", "json-sort-keys", "."])
            .current_dir(dir.path())
            .output()
            .expect("setpriv (util-linux) runs pymig as another user")
    } else {
        pymig(dir.path(), &["apply", "-c", "json-sort-keys", "."])
    };
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("error: ./locked: permission denied"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(dir.path(), "a.py"), FIXED.as_bytes());
}

#[cfg(unix)]
#[test]
fn symlinked_files_are_written_through_not_replaced() {
    let dir = project(&[("real.py", NEEDS_FIX.as_bytes())]);
    std::os::unix::fs::symlink(dir.path().join("real.py"), dir.path().join("link.py")).unwrap();
    let out = pymig(dir.path(), &["apply", "-c", "json-sort-keys", "link.py"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(fs::symlink_metadata(dir.path().join("link.py"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(read(dir.path(), "real.py"), FIXED.as_bytes());
}

#[test]
fn parse_only_pass_counts_files() {
    let dir = project(&[("a.py", NEEDS_FIX.as_bytes()), ("b.py", b"x = (\n")]);
    let out = pymig(dir.path(), &["parse", "."]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("parsed 2 files (1 with parse errors, 0 unreadable)"),
        "{}",
        stdout(&out)
    );
}

#[cfg(unix)]
#[test]
fn an_interrupted_write_run_changes_all_files_or_none() {
    // Many files, each with many calls to rewrite, so that the run is still going when
    // Ctrl-C arrives; if it finishes first, every file must have been written.
    let body: String = (0..400)
        .map(|i| format!("json.dumps({{'k': {i}}})\n"))
        .collect();
    let source = format!("import json\n{body}");
    let names: Vec<String> = (0..1500)
        .map(|i| format!("pkg{}/m{i}.py", i % 30))
        .collect();
    let files: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| (n.as_str(), source.as_bytes()))
        .collect();
    let dir = project(&files);
    let child = Command::new(env!("CARGO_BIN_EXE_pymig"))
        .args(["apply", "-c", "json-sort-keys", "."])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("pymig runs");
    std::thread::sleep(std::time::Duration::from_millis(150));
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let out = child.wait_with_output().expect("pymig exits");
    let changed = names
        .iter()
        .filter(|n| read(dir.path(), n) != source.as_bytes())
        .count();
    let leftovers = names
        .iter()
        .map(|n| dir.path().join(n).parent().unwrap().to_path_buf())
        .collect::<std::collections::BTreeSet<_>>()
        .iter()
        .flat_map(|d| fs::read_dir(d).unwrap().flatten())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".pymig-"))
        .count();
    assert_eq!(leftovers, 0, "temporary files left behind");
    eprintln!(
        "exit code {} with {changed} of {} files changed",
        code(&out),
        names.len()
    );
    match code(&out) {
        130 => {
            assert_eq!(changed, 0, "interrupted, yet files were changed");
            assert!(
                stderr(&out).contains("no file was changed"),
                "{}",
                stderr(&out)
            );
        }
        0 => assert_eq!(changed, names.len(), "finished, yet files were not changed"),
        other => panic!("exit code {other}: {}", stderr(&out)),
    }
}
