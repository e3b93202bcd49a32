//! The Python packaging, as a user gets it: `maturin build --release` (maturin installed
//! from PyPI into a virtualenv) makes a wheel of pyproject.toml; the wheel installs into a
//! fresh virtualenv; `pymig --version` runs from its bin/, and so does the entry of the
//! pre-commit hook `pymig-apply` (and of `pymig-check`, once pymig has that command).
//!
//! maturin builds into this build's own target directory, so it reuses what `cargo test
//! --release` compiled (seconds; a cold build is minutes). PYMIG_PACKAGING_TEST:
//! - unset: run; when python3, its venv module or maturin (from PyPI) cannot be had, print
//!   a visible "skipped: <why>" line and pass;
//! - `require` (CI): fail instead of skipping;
//! - `skip`: do not run it (says so).

mod hooks;

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

const PYMIG: &str = env!("CARGO_BIN_EXE_pymig");

/// A line on the terminal even when libtest captures the test's output (it captures
/// `print!`/`eprint!`, not writes to the stream).
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "packaging: {line}");
}

/// Why the test cannot run here: skipped with a visible line, or failed when required.
fn cannot(why: &str) {
    if std::env::var("PYMIG_PACKAGING_TEST").as_deref() == Ok("require") {
        panic!("PYMIG_PACKAGING_TEST=require, but: {why}");
    }
    say(&format!("skipped: {why}"));
}

fn run(command: &mut Command) -> std::io::Result<Output> {
    command.stdin(std::process::Stdio::null()).output()
}

/// The last lines of a command's output, for messages.
fn tail(out: &Output) -> String {
    let text = hooks::text(out);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}

/// The last line a failed command wrote (stderr, else stdout), for a one-line message.
fn last_line(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = |text: &str| {
        text.lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .map(str::trim)
            .map(String::from)
    };
    last(&stderr)
        .or_else(|| last(&stdout))
        .unwrap_or_else(|| format!("exit {:?}", out.status.code()))
}

/// A fresh virtualenv at `dir`, or why not.
fn venv(dir: &Path) -> Result<PathBuf, String> {
    match run(Command::new("python3").args(["-m", "venv"]).arg(dir)) {
        Err(e) => Err(format!("python3 cannot be run ({e})")),
        Ok(out) if !out.status.success() => Err(format!(
            "python3 -m venv failed (Debian: apt-get install python3-venv): {}",
            last_line(&out)
        )),
        Ok(_) => Ok(dir.join("bin")),
    }
}

/// PATH, with the directory of the cargo running the tests first (cargo tells it in
/// `CARGO`), for maturin to find the same cargo.
fn path_with_cargo() -> std::ffi::OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let cargo_dir = std::env::var_os("CARGO")
        .map(PathBuf::from)
        .and_then(|c| c.parent().map(Path::to_path_buf));
    let dirs = cargo_dir.into_iter().chain(std::env::split_paths(&path));
    std::env::join_paths(dirs).unwrap_or(path)
}

/// maturin's requirement from pyproject.toml's build-system (`maturin>=1,<2`).
fn maturin_requirement(root: &Path) -> String {
    let text = fs::read_to_string(root.join("pyproject.toml")).expect("read pyproject.toml");
    let doc: toml::Table = text.parse().expect("pyproject.toml parses");
    doc["build-system"]["requires"]
        .as_array()
        .expect("build-system.requires")
        .iter()
        .filter_map(|r| r.as_str())
        .find(|r| r.starts_with("maturin"))
        .expect("maturin in build-system.requires")
        .to_string()
}

#[test]
fn wheel_installs_pymig_and_the_hook_entries_run() {
    if std::env::var("PYMIG_PACKAGING_TEST").as_deref() == Ok("skip") {
        say("skipped: PYMIG_PACKAGING_TEST=skip");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // <target>/release/pymig: the target directory this build uses.
    let target = Path::new(PYMIG)
        .parent()
        .and_then(Path::parent)
        .expect("the target directory");
    let temp = tempfile::tempdir().expect("tempdir");
    let started = Instant::now();

    // maturin, from PyPI by name, in a virtualenv of its own.
    let tools = match venv(&temp.path().join("tools")) {
        Ok(bin) => bin,
        Err(why) => return cannot(&why),
    };
    let requirement = maturin_requirement(root);
    match run(Command::new(tools.join("pip"))
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .arg(&requirement))
    {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            return cannot(&format!(
                "pip could not install {requirement}: {}",
                last_line(&out)
            ))
        }
        Err(e) => return cannot(&format!("pip cannot be run: {e}")),
    }
    let set_up = started.elapsed();

    // The wheel.
    let wheels = temp.path().join("wheels");
    let build_started = Instant::now();
    let built = run(Command::new(tools.join("maturin"))
        .args(["build", "--release", "--out"])
        .arg(&wheels)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .env("PATH", path_with_cargo()))
    .expect("maturin runs");
    let build_time = build_started.elapsed();
    assert!(built.status.success(), "maturin build: {}", tail(&built));
    let wheel: Vec<PathBuf> = fs::read_dir(&wheels)
        .expect("the wheel directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "whl"))
        .collect();
    assert_eq!(wheel.len(), 1, "one wheel: {wheel:?}");
    let name = wheel[0].file_name().expect("name").to_string_lossy();
    assert!(
        name.starts_with(&format!("pymig-{}-py3-none-", env!("CARGO_PKG_VERSION"))),
        "a binary wheel of this version: {name}"
    );

    // Installed into a fresh virtualenv, with nothing from an index.
    let bin = venv(&temp.path().join("venv")).expect("a second virtualenv");
    let installed = run(Command::new(bin.join("pip"))
        .args([
            "install",
            "--quiet",
            "--no-index",
            "--disable-pip-version-check",
        ])
        .arg(&wheel[0]))
    .expect("pip runs");
    assert!(
        installed.status.success(),
        "pip install: {}",
        tail(&installed)
    );
    let version =
        run(Command::new(bin.join("pymig")).arg("--version")).expect("the installed pymig runs");
    assert!(version.status.success(), "{}", tail(&version));
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("pymig {}", env!("CARGO_PKG_VERSION"))
    );

    // The pre-commit hook pymig-apply, from the virtualenv, on a staged Python 2 file.
    let repo = hooks::staged_repo();
    let out = hooks::run_hook("pymig-apply", &bin, repo.path(), &["legacy.py"]);
    assert!(out.status.success(), "pymig-apply: {}", tail(&out));
    assert_eq!(
        fs::read_to_string(repo.path().join("legacy.py")).expect("read"),
        hooks::PY3,
        "pymig-apply did not migrate the staged file: {}",
        tail(&out)
    );

    check_hook(&bin);
    say(&format!(
        "wheel built in {:.1} s (maturin set up in {:.1} s); {:.1} s in all",
        build_time.as_secs_f64(),
        set_up.as_secs_f64(),
        started.elapsed().as_secs_f64()
    ));
}

/// pymig-check from the virtualenv: a baseline of a Python 2 file lets it pass, a new
/// Python 2 site in it fails. Only said, not run, while pymig has no `check` command.
fn check_hook(bin: &Path) {
    let pymig = bin.join("pymig");
    let has_check =
        run(Command::new(&pymig).args(["check", "--help"])).is_ok_and(|out| out.status.success());
    if !has_check {
        say("pymig-check not run: this pymig has no `check` command yet");
        return;
    }
    let repo = hooks::staged_repo();
    let dir = repo.path();
    fs::create_dir_all(dir.join(".pymig")).expect("mkdir .pymig");
    let baseline = run(Command::new(&pymig)
        .args(["baseline", "."])
        .current_dir(dir))
    .expect("pymig baseline runs");
    assert!(
        baseline.status.success(),
        "pymig baseline: {}",
        tail(&baseline)
    );
    fs::write(dir.join(".pymig/baseline.json"), &baseline.stdout).expect("write baseline");

    let clean = hooks::run_hook("pymig-check", bin, dir, &["legacy.py"]);
    assert!(
        clean.status.success(),
        "pymig-check, nothing new: {}",
        tail(&clean)
    );
    let mut text = fs::read_to_string(dir.join("legacy.py")).expect("read");
    text.push_str("print \"added\"\n");
    fs::write(dir.join("legacy.py"), text).expect("write");
    let new = hooks::run_hook("pymig-check", bin, dir, &["legacy.py"]);
    assert_eq!(
        new.status.code(),
        Some(1),
        "pymig-check, a new site: {}",
        tail(&new)
    );
}
