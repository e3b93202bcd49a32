//! One data-driven test over `fixtures/<codemod>/`.
//!
//! Each `<case>.py` is run through the codemod named by its folder (or the codemods /
//! preset / options of an optional `<case>.toml`) and compared byte for byte with
//! `<case>.expected.py`; a case without an expected file must stay unchanged. Every case
//! is also run a second time on its own output, which must not change (idempotence), and
//! every expected output is compiled with `python3` unless its `.toml` says
//! `compile = false`. `PYMIG_BLESS=1 cargo test --test fixtures` rewrites expected files.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use pymig::codemod::Options;
use pymig::engine::{Engine, Status};
use pymig::registry::Registry;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CaseConfig {
    codemods: Option<Vec<String>>,
    preset: Option<Vec<String>>,
    target_version: Option<String>,
    doctests: Option<bool>,
    py2_str: Option<String>,
    stubs: Option<String>,
    annotate_from: Option<Vec<String>>,
    strip_docstring_types: Option<bool>,
    /// Expected output is valid Python 3 (default true).
    compile: Option<bool>,
    /// Per-codemod settings, as in `[tool.pymig.<codemod>]`.
    settings: Option<BTreeMap<String, BTreeMap<String, toml::Value>>>,
    /// The file name the case is processed under (for codemods that look at the path).
    filename: Option<String>,
    /// Empty files created next to the case (in a temporary directory) before it runs,
    /// e.g. `["__init__.py", "models.py", "pkg/__init__.py"]`.
    siblings: Option<Vec<String>>,
}

struct Case {
    dir: String,
    input: PathBuf,
    expected: Option<PathBuf>,
    config: CaseConfig,
}

fn cases(root: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut dirs: Vec<PathBuf> = fs::read_dir(root)
        .expect("fixtures/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for input in files {
            let file = input.file_name().unwrap().to_string_lossy().into_owned();
            if !file.ends_with(".py") || file.ends_with(".expected.py") {
                continue;
            }
            let stem = file.trim_end_matches(".py");
            let expected = dir.join(format!("{stem}.expected.py"));
            let config_path = dir.join(format!("{stem}.toml"));
            let config = if config_path.exists() {
                let text = fs::read_to_string(&config_path).unwrap();
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", config_path.display()))
            } else {
                CaseConfig::default()
            };
            cases.push(Case {
                dir: name.clone(),
                input: input.clone(),
                expected: expected.exists().then_some(expected),
                config,
            });
        }
    }
    cases
}

fn engine_for(case: &Case, registry: &Registry, prefilter: bool) -> Result<Engine, String> {
    let c = &case.config;
    let ids = c.codemods.clone().unwrap_or_else(|| {
        if c.preset.is_some() {
            Vec::new()
        } else {
            vec![case.dir.clone()]
        }
    });
    let presets = c.preset.clone().unwrap_or_default();
    let codemods = registry.select(&ids, &presets)?;
    let mut options = Options {
        prefilter,
        ..Options::default()
    };
    if let Some(v) = &c.target_version {
        options.target_version =
            pymig::commands::apply::parse_target_version(v).map_err(|e| e.0)?;
    }
    options.doctests = c.doctests.unwrap_or(false);
    if let Some(s) = &c.py2_str {
        options.py2_str = s.clone();
    }
    if let Some(stubs) = &c.stubs {
        options.stubs = Some(case.input.parent().unwrap().join(stubs));
    }
    if let Some(from) = &c.annotate_from {
        options.annotate_from = from.clone();
    }
    options.strip_docstring_types = c.strip_docstring_types.unwrap_or(false);
    if let Some(settings) = &c.settings {
        options.settings = settings.clone();
    }
    Ok(Engine::new(codemods, options))
}

/// Run the engine on bytes; the new bytes, or the input when nothing changed.
fn run(engine: &Engine, path: &Path, bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    let report = engine.process_bytes(path, bytes.clone());
    match report.status {
        Status::Changed => Ok(report.change.expect("changed has a change").updated),
        Status::Unchanged | Status::Skipped(_) => Ok(bytes),
        Status::Failed(reason) => Err(reason),
    }
}

fn show(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A unified diff between two outputs, for failure messages.
fn unified(old: &[u8], new: &[u8], old_label: &str, new_label: &str) -> String {
    similar::TextDiff::from_lines(&show(old), &show(new))
        .unified_diff()
        .header(old_label, new_label)
        .to_string()
}

#[test]
fn fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let registry = Registry::builtin();
    let bless = std::env::var_os("PYMIG_BLESS").is_some();
    let filter = std::env::var("PYMIG_FIXTURE").ok();
    let mut failures = Vec::new();
    let mut to_compile = Vec::new();
    let mut count = 0;
    let interactions = Interactions::load(&root);
    for case in cases(&root) {
        let label = format!(
            "{}/{}",
            case.dir,
            case.input.file_name().unwrap().to_string_lossy()
        );
        if filter.as_ref().is_some_and(|f| !label.contains(f.as_str())) {
            continue;
        }
        count += 1;
        let engine = match engine_for(&case, &registry, true) {
            Ok(e) => e,
            Err(e) => {
                failures.push(format!("{label}: {e}"));
                continue;
            }
        };
        let file_name = match &case.config.filename {
            Some(name) => PathBuf::from(name),
            None => PathBuf::from(case.input.file_name().unwrap()),
        };
        // Kept alive until the case is done: the codemods look at the files in it.
        let sibling_dir = case.config.siblings.as_ref().map(|siblings| {
            let dir = tempfile::tempdir().unwrap();
            for sibling in siblings {
                let target = dir.path().join(sibling);
                fs::create_dir_all(target.parent().unwrap()).unwrap();
                fs::write(target, "").unwrap();
            }
            dir
        });
        let path = match &sibling_dir {
            Some(dir) => dir.path().join(&file_name),
            None => case.input.parent().unwrap().join(&file_name),
        };
        let input = fs::read(&case.input).unwrap();
        let output = match run(&engine, &path, input.clone()) {
            Ok(out) => out,
            Err(reason) => {
                failures.push(format!("{label}: failed: {reason}"));
                continue;
            }
        };
        // Prefilters only skip work: giving every codemod the file must change nothing,
        // neither the output nor the notes.
        match engine_for(&case, &registry, false).and_then(|e| run(&e, &path, input.clone())) {
            Ok(unfiltered) if unfiltered == output => {}
            Ok(unfiltered) => {
                let diff = unified(
                    &output,
                    &unfiltered,
                    "with prefilters",
                    "without prefilters",
                );
                failures.push(format!("{label}: a prefilter skipped a rewrite\n{diff}"));
                continue;
            }
            Err(reason) => {
                failures.push(format!("{label}: failed without prefilters: {reason}"));
                continue;
            }
        }
        let notes = |prefilter: bool| {
            engine_for(&case, &registry, prefilter).map(|e| {
                let report = e.process_bytes(&path, input.clone());
                // A file no codemod applies to is not parsed, so its parse errors are
                // not reported: parser notes are not the codemods' to keep.
                let notes: Vec<String> = report
                    .notes
                    .iter()
                    .filter(|n| n.codemod != "parser")
                    .map(|n| format!("{}:{}: {}", n.line, n.codemod, n.message))
                    .collect();
                notes
            })
        };
        if let (Ok(with), Ok(without)) = (notes(true), notes(false)) {
            if with != without {
                failures.push(format!(
                    "{label}: a prefilter lost notes\nwith prefilters:\n  {}\nwithout:\n  {}",
                    with.join("\n  "),
                    without.join("\n  ")
                ));
                continue;
            }
        }
        let expected = match &case.expected {
            Some(p) => fs::read(p).unwrap(),
            None => input.clone(),
        };
        if output != expected {
            if bless && output != input {
                let target = case.input.with_file_name(format!(
                    "{}.expected.py",
                    case.input.file_stem().unwrap().to_string_lossy()
                ));
                fs::write(&target, &output).unwrap();
            } else {
                let diff = unified(&expected, &output, "expected", "actual");
                failures.push(format!("{label}: output differs\n{diff}"));
                continue;
            }
        }
        match run(&engine, &path, output.clone()) {
            Ok(again) if again == output => {}
            Ok(again) => {
                let diff = unified(&output, &again, "first run", "second run");
                failures.push(format!("{label}: not idempotent\n{diff}"));
            }
            Err(reason) => failures.push(format!("{label}: second run failed: {reason}")),
        }
        if let Some(failure) =
            composition(&case, &registry, &path, &input, &expected, &interactions)
        {
            failures.push(format!("{label}: {failure}"));
        }
        if case.config.compile.unwrap_or(true) {
            to_compile.push((label, case.expected.clone().unwrap_or(case.input.clone())));
        }
    }
    failures.extend(compile_all(&to_compile));
    assert!(count > 0 || filter.is_some(), "no fixture cases found");
    if !failures.is_empty() {
        panic!(
            "{} of {count} fixture cases failed:\n\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
    eprintln!("{count} fixture cases passed");
}

/// Cases whose result through the whole preset may differ from running the preset on the
/// case's expected output, each with the reason (`fixtures/interactions.toml`).
struct Interactions(BTreeMap<String, String>);

impl Interactions {
    fn load(root: &Path) -> Interactions {
        let path = root.join("interactions.toml");
        let text = fs::read_to_string(&path).unwrap_or_default();
        let table: BTreeMap<String, String> =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Interactions(table)
    }

    fn intended(&self, case: &Case) -> bool {
        let key = format!(
            "{}/{}",
            case.dir,
            case.input.file_name().unwrap().to_string_lossy()
        );
        self.0.contains_key(&key)
    }
}

/// Codemods compose: the `py3` preset gives the same result on a case's input as on
/// its expected output (the codemod's work done first). A difference is either a listed,
/// intended interaction or a bug: one codemod undoing, breaking or re-reading another's
/// work. Cases for codemods outside the preset, or run with other options, are skipped.
fn composition(
    case: &Case,
    registry: &Registry,
    path: &Path,
    input: &[u8],
    expected: &[u8],
    interactions: &Interactions,
) -> Option<String> {
    let preset = pymig::codemods::preset("py3").expect("the py3 preset");
    let c = &case.config;
    let ids = c.codemods.clone().unwrap_or_else(|| vec![case.dir.clone()]);
    if c.preset.is_some()
        || c.doctests.is_some()
        || c.settings.is_some()
        || c.stubs.is_some()
        || !ids.iter().all(|id| preset.codemods.contains(&id.as_str()))
    {
        return None;
    }
    let mut options = Options::default();
    if let Some(v) = &c.target_version {
        options.target_version = pymig::commands::apply::parse_target_version(v).ok()?;
    }
    if let Some(s) = &c.py2_str {
        options.py2_str = s.clone();
    }
    let engine = Engine::new(registry.select(&[], &["py3".to_string()]).ok()?, options);
    let whole = run(&engine, path, input.to_vec());
    let after_own = run(&engine, path, expected.to_vec());
    let intended = interactions.intended(case);
    match (whole, after_own) {
        (Ok(a), Ok(b)) if (a == b) == intended => Some(if intended {
            "listed in fixtures/interactions.toml but composes cleanly now: remove it".into()
        } else {
            format!(
                "the preset on the input differs from the preset after this codemod\n{}",
                unified(&b, &a, "preset after the codemod", "preset on the input")
            )
        }),
        (Ok(_), Ok(_)) => None,
        (Err(e), _) | (_, Err(e)) => Some(format!("the py3 preset failed: {e}")),
    }
}

/// Compile every expected output with python3 in one process; one failure line per file.
fn compile_all(files: &[(String, PathBuf)]) -> Vec<String> {
    if files.is_empty() {
        return Vec::new();
    }
    let script = "import sys\nfor p in sys.argv[1:]:\n    try:\n        compile(open(p, 'rb').read(), p, 'exec', dont_inherit=True)\n    except Exception as e:\n        print(p + ': ' + repr(e))\n";
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(files.iter().map(|(_, p)| p))
        .output();
    match output {
        Ok(out) => String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| format!("does not compile on python3: {l}"))
            .collect(),
        Err(e) => vec![format!("cannot run python3 to compile fixtures: {e}")],
    }
}
