//! Rule-file codemods, configuration and skip pragmas, through the library and the CLI.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use pymig::codemod::{Codemod, Options};
use pymig::engine::Engine;
use pymig::rules;

fn pymig(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pymig"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run pymig")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run rule text (one codemod) over `source` with default options.
fn rewrite(rule: &str, source: &str) -> String {
    let mut loaded = rules::load_str("test.toml", rule).unwrap_or_else(|e| panic!("{e}"));
    let codemod: Arc<dyn Codemod> = Arc::new(loaded.remove(0));
    let engine = Engine::new(vec![codemod], Options::default());
    engine.transform(Path::new("t.py"), source).unwrap().text
}

#[test]
fn every_builtin_rule_example_passes() {
    let rules = rules::builtin_rules().unwrap_or_else(|e| panic!("{e}"));
    let count: usize = rules.iter().map(|r| r.tests.len()).sum();
    let mut out = Vec::new();
    let tally = rules::testing::run(rules, &mut out);
    let report = String::from_utf8_lossy(&out);
    assert_eq!(tally.failed, 0, "{report}");
    assert_eq!(tally.passed, count);
    assert!(
        report
            .trim_end()
            .ends_with(&format!("{count} passed, 0 failed")),
        "{report}"
    );
}

#[test]
fn embedded_rules_are_the_codemods_directory() {
    let from_dir =
        rules::load_path(&manifest_dir().join("codemods")).unwrap_or_else(|e| panic!("{e}"));
    let embedded = rules::builtin_rules().unwrap();
    let ids = |rules: &[rules::RuleCodemod]| -> Vec<String> {
        rules.iter().map(|r| r.id().to_string()).collect()
    };
    assert_eq!(ids(&from_dir), ids(&embedded));
    for id in [
        "pickle-protocol",
        "ensure-binary",
        "bytes-compare",
        "raw-input",
        "intern",
        "getcwdu",
        "renames",
        "standarderror",
        "asserts",
    ] {
        assert!(
            pymig::registry::Registry::builtin().get(id).is_some(),
            "{id} is not registered"
        );
    }
}

#[test]
fn docs_of_rule_codemods_match_explain() {
    let bless = std::env::var_os("PYMIG_BLESS").is_some();
    let mut stale = Vec::new();
    for rule in rules::builtin_rules().unwrap() {
        let text = pymig::commands::list::explain_text(&rule);
        let path = manifest_dir()
            .join("docs/codemods")
            .join(format!("{}.md", rule.id()));
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if bless {
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(&path, &text).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
        assert!(
            text.contains("## What it does"),
            "{}: no `What it does` section",
            rule.id()
        );
        assert!(text.contains(&format!("Safety: {}", rule.safety().as_str())));
    }
    assert!(
        stale.is_empty(),
        "out of date (PYMIG_BLESS=1 rewrites them): {stale:?}"
    );
}

#[test]
fn templates_add_parentheses_where_precedence_needs_them() {
    let rule = r##"
id = "membership"
summary = "Test rule."
[[pattern]]
query = '''(call function: (identifier) @f (#eq? @f "has") arguments: (argument_list (_) @X . (_) @D .)) @call'''
target = "call"
replace = "$X in $D"
"##;
    assert_eq!(
        rewrite(rule, "ok = has(a or b, d)\n"),
        "ok = (a or b) in d\n"
    );
    assert_eq!(rewrite(rule, "ok = has(a + b, d)\n"), "ok = a + b in d\n");
    // The result itself is parenthesised where its context binds tighter.
    assert_eq!(
        rewrite(rule, "ok = not has(a, d) or has(b, e).x\n"),
        "ok = not a in d or (b in e).x\n"
    );
}

#[test]
fn quantified_captures_expand_to_their_span() {
    // tree-sitter repeats consecutive siblings only: the commas are part of the repetition.
    let rule = r##"
id = "rename-call"
summary = "Test rule."
[[pattern]]
query = '''(call function: (identifier) @f (#eq? @f "old") arguments: (argument_list ((_) @ARGS ","?)*)) @call'''
target = "call"
replace = "new($ARGS)"
"##;
    assert_eq!(
        rewrite(rule, "old(a, *b, c=1)\nold()\n"),
        "new(a, *b, c=1)\nnew()\n"
    );
    let rule = r##"
id = "rename-call"
summary = "Test rule."
[[pattern]]
query = '''(call function: (identifier) @f (#eq? @f "old") arguments: (argument_list) @args) @call'''
target = "call"
replace = "new(${inner:args})"
"##;
    assert_eq!(
        rewrite(rule, "old(a, # why\n    *b)\nold()\n"),
        "new(a, # why\n    *b)\nnew()\n"
    );
}

#[test]
fn inside_and_is_conditions() {
    let rule = r##"
id = "module-level-x"
summary = "Test rule."
[[pattern]]
query = '''((identifier) @x (#eq? @x "x"))'''
where = [
  { capture = "x", not-inside = ["function_definition", "(call function: (identifier) @g (#eq? @g \"keep\"))"] },
  { capture = "x", reference = true },
]
replace = "y"
"##;
    assert_eq!(
        rewrite(
            rule,
            "x = 1\ndef f():\n    return x\nkeep(x)\nprint(o.x, x)\n"
        ),
        "y = 1\ndef f():\n    return x\nkeep(x)\nprint(o.x, y)\n"
    );
}

#[test]
fn wrapping_templates_are_insertions() {
    let rule = r##"
id = "listify"
summary = "Test rule."
[[pattern]]
query = '''(call function: (identifier) @f (#eq? @f "keys") arguments: (argument_list . (_) @X))'''
target = "X"
replace = "list($X)"
"##;
    // Comments and spacing inside the wrapped node survive byte for byte.
    assert_eq!(
        rewrite(rule, "keys(d  # why\n     )\n"),
        "keys(list(d)  # why\n     )\n"
    );
    let mut loaded = rules::load_str("t.toml", rule).unwrap();
    let codemod: Arc<dyn Codemod> = Arc::new(loaded.remove(0));
    let engine = Engine::new(vec![codemod], Options::default());
    let outcome = engine.transform(Path::new("t.py"), "keys(a.b)\n").unwrap();
    let splices = &outcome.fixes[0].splices;
    assert_eq!(splices.len(), 2);
    assert!(splices.iter().all(|s| s.start == s.end), "{splices:?}");
}

#[test]
fn several_codemods_in_one_file() {
    let text = r##"
[[codemod]]
id = "one"
summary = "First."
[[codemod.pattern]]
query = '((identifier) @n (#eq? @n "a"))'
replace = "b"

[[codemod]]
id = "two"
summary = "Second."
[[codemod.pattern]]
query = '((identifier) @n (#eq? @n "c"))'
replace = "d"
[[codemod.test]]
before = "c\n"
after = "d\n"
"##;
    let loaded = rules::load_str("multi.toml", text).unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<&str> = loaded.iter().map(|r| r.id()).collect();
    assert_eq!(ids, ["one", "two"]);
    assert_eq!(loaded[1].tests.len(), 1);
    assert_eq!(loaded[1].line, 9);
}

#[test]
fn malformed_rules_are_located() {
    let cases = [
        ("id = \"x\"\nsummary = \"s\"\n[[pattern]]\nquery = '(identifier) @n'\nreplace = \"$m\"\n", 5, "unknown capture $m"),
        ("id = \"x\"\nsummary = \"s\"\n[[pattern]]\nquery = '(identifier) @n'\nreplace = \"n\"\nwhere = [{ capture = \"q\", kind = [\"call\"] }]\n", 6, "unknown capture @q"),
        ("id = \"x\"\nsummary = \"s\"\n[[pattern]]\nquery = '(identifier) @n'\nreplace = \"n\"\nwhere = [{ capture = \"n\", kind = [\"cal\"] }]\n", 6, "unknown node kind"),
        ("id = \"x\"\nsummary = \"s\"\n[[pattern]]\nquery = '(identifier) @n'\nreplace = \"${option.p}\"\n", 5, "unknown option"),
        ("id = \"x\"\nsummary = \"s\"\n[[pattern]]\nquery = '(identifier) @n'\n", 3, "exactly one of"),
        ("id = \"Bad_Id\"\nsummary = \"s\"\n", 1, "kebab-case"),
        ("id = \"x\"\nsummary = \"s\"\n[[pattern]]\nquery = '(identifier) @n'\nreplace = \"f($n\"\n", 5, "not valid Python"),
    ];
    for (text, line, needle) in cases {
        let err = match rules::load_str("r.toml", text) {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(e) => e,
        };
        assert_eq!(err.line, line, "{err}");
        assert!(err.message.contains(needle), "{err}");
    }
}

#[test]
fn cli_test_codemods_reports_like_a_test_runner() {
    let root = manifest_dir();
    let out = pymig(&root, &["test-codemods", "codemods"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("test pickle-protocol::dumps_gets_protocol (codemods/pickle-protocol.toml:"),
        "{text}"
    );
    assert!(
        text.lines().last().unwrap().ends_with("passed, 0 failed"),
        "{text}"
    );

    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("wrong.toml"),
        "id = \"wrong\"\nsummary = \"s\"\n[[pattern]]\nquery = '((identifier) @n (#eq? @n \"a\"))'\nreplace = \"b\"\n[[test]]\nbefore = \"a\\n\"\nafter = \"c\\n\"\n[[test]]\nbefore = \"x\\n\"\n",
    )
    .unwrap();
    let out = pymig(dir.path(), &["test-codemods", "wrong.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("test wrong::#1 (wrong.toml:6) ... FAILED"),
        "{text}"
    );
    assert!(text.contains("-c\n") && text.contains("+b\n"), "{text}");
    assert!(
        text.contains("test wrong::#2 (wrong.toml:9) ... ok"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("1 passed, 1 failed"), "{text}");
}

#[test]
fn cli_broken_rule_file_stops_before_touching_files() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("BAD")).unwrap();
    fs::write(
        dir.path().join("BAD/broken.toml"),
        "id = \"x\"\nsummary = \"s\"\n[[pattern]\n",
    )
    .unwrap();
    let source = "import pickle\nblob = pickle.dumps(obj)\n";
    fs::write(dir.path().join("b.py"), source).unwrap();
    let out = pymig(
        dir.path(),
        &[
            "apply",
            "--codemods-dir",
            "BAD",
            "--codemod",
            "pickle-protocol",
            "b.py",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("broken.toml:3:"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(dir.path().join("b.py")).unwrap(), source);
}

#[test]
fn cli_data_compatibility_codemods_together() {
    let dir = tempfile::tempdir().unwrap();
    let source = "import pickle\nimport hashlib\nimport uwsgi\nblob = pickle.dumps(obj)\nblob2 = pickle.dumps(obj, 4)\ndigest = hashlib.md5(key).hexdigest()\nok = hashlib.md5(b\"x\").hexdigest()\nif uwsgi.opt.get('optimize_mem', None) == 'True': pass\n";
    fs::write(dir.path().join("a.py"), source).unwrap();
    let out = pymig(
        dir.path(),
        &[
            "apply",
            "--codemod",
            "pickle-protocol,ensure-binary,bytes-compare",
            "a.py",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("a.py")).unwrap(),
        "import pickle\nimport hashlib\nimport uwsgi\nimport six\nblob = pickle.dumps(obj, protocol=2)\nblob2 = pickle.dumps(obj, 4)\ndigest = hashlib.md5(six.ensure_binary(key)).hexdigest()\nok = hashlib.md5(b\"x\").hexdigest()\nif uwsgi.opt.get('optimize_mem', None) == b'True': pass\n"
    );
}

#[test]
fn cli_user_rules_from_config_with_options() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("rules")).unwrap();
    fs::write(
        dir.path().join("rules/legacy-log.toml"),
        r###"id = "legacy-log"
summary = "Use the project's logger instead of `legacy_log()`."
description = "## What it does\nRenames calls."
[options]
logger = "log.info"
[[pattern]]
query = '((identifier) @name (#eq? @name "legacy_log"))'
replace = "${option.logger}"
"###,
    )
    .unwrap();
    fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.pymig]\ncodemods = [\"legacy-log\"]\ncodemods-dir = [\"rules\"]\n\n[tool.pymig.legacy-log]\nlogger = \"logger.warning\"\n",
    )
    .unwrap();
    fs::write(dir.path().join("m.py"), "legacy_log('x')\n").unwrap();
    let out = pymig(dir.path(), &["apply", "m.py"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("m.py")).unwrap(),
        "logger.warning('x')\n"
    );

    let out = pymig(dir.path(), &["list"]);
    assert!(stdout(&out).contains("legacy-log"), "{}", stdout(&out));
    let out = pymig(dir.path(), &["explain", "legacy-log"]);
    assert!(
        stdout(&out).starts_with("# legacy-log\n\nUse the project's logger"),
        "{}",
        stdout(&out)
    );

    let out = pymig(dir.path(), &["config", "--target-version", "3.12"]);
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        text.contains("target-version = \"3.12\"") && text.contains("# command line"),
        "{text}"
    );
    assert!(text.contains("codemods = [\"legacy-log\"]"), "{text}");
    assert!(
        text.contains("[legacy-log]\nlogger = \"logger.warning\""),
        "{text}"
    );

    fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.pymig]\ncodemods-dir = [\"rules\"]\n\n[tool.pymig.legacy-log]\nloger = \"x\"\n",
    )
    .unwrap();
    let out = pymig(dir.path(), &["apply", "--codemod", "legacy-log", "m.py"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "pyproject.toml: `tool.pymig.legacy-log.loger`: codemod legacy-log has no option"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn cli_configured_git_defaults_do_not_need_commit() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pymig.toml"),
        "codemods = [\"pickle-protocol\"]\nmax-files = 3\nsplit-by = \"directory\"\n",
    )
    .unwrap();
    fs::write(dir.path().join("b.py"), "import pickle\npickle.dumps(x)\n").unwrap();
    let out = pymig(dir.path(), &["apply", "--dry-run", "b.py"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("+pickle.dumps(x, protocol=2)"),
        "{}",
        stdout(&out)
    );
    let out = pymig(dir.path(), &["config", "b.py"]);
    assert!(stdout(&out).contains("max-files = 3"), "{}", stdout(&out));
}

#[test]
fn cli_skip_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let source = "import os\na = intern(x)  # pymig: skip\nb = intern(y)  # pymig: skip=raw-input\nc = intern(z)  # pymig: skip=intern,raw-input\nd = raw_input()  # pymig: skip=intern\n";
    fs::write(dir.path().join("p.py"), source).unwrap();
    let out = pymig(
        dir.path(),
        &["apply", "--codemod", "intern,raw-input", "p.py"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("p.py")).unwrap(),
        "import os\nimport sys\na = intern(x)  # pymig: skip\nb = sys.intern(y)  # pymig: skip=raw-input\nc = intern(z)  # pymig: skip=intern,raw-input\nd = input()  # pymig: skip=intern\n"
    );
    let skipped = "# pymig: skip-file\nx = raw_input()\n";
    fs::write(dir.path().join("s.py"), skipped).unwrap();
    let out = pymig(dir.path(), &["apply", "--codemod", "raw-input", "s.py"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("s.py")).unwrap(),
        skipped
    );
}
