//! `pymig test-codemods`: run the `[[test]]` examples of rule files like a test runner.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use super::{RuleCodemod, RuleTest};
use crate::codemod::{Codemod, Options};
use crate::engine::Engine;

/// Totals of a run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub passed: usize,
    pub failed: usize,
}

/// Run every example of `rules`, writing `ok` / `FAILED` lines (with a diff for failures)
/// and a closing `N passed, N failed` line to `out`.
pub fn run(rules: Vec<RuleCodemod>, out: &mut dyn Write) -> Tally {
    let mut tally = Tally::default();
    let mut to_compile: Vec<(String, String)> = Vec::new();
    for rule in rules {
        let rule = Arc::new(rule);
        for (index, test) in rule.tests.iter().enumerate() {
            let label = format!(
                "{}::{} ({}:{})",
                rule.id(),
                test.name
                    .clone()
                    .unwrap_or_else(|| format!("#{}", index + 1)),
                rule.file,
                test.line
            );
            match run_one(&rule, test) {
                Ok(()) => {
                    tally.passed += 1;
                    let _ = writeln!(out, "test {label} ... ok");
                    if test.compile {
                        if let Some(after) = &test.after {
                            to_compile.push((label, after.clone()));
                        }
                    }
                }
                Err(why) => {
                    tally.failed += 1;
                    let _ = writeln!(out, "test {label} ... FAILED\n{}", indent(&why));
                }
            }
        }
    }
    for (label, error) in compile_all(&to_compile) {
        // A compile failure turns a passed example into a failed one.
        tally.passed = tally.passed.saturating_sub(1);
        tally.failed += 1;
        let _ = writeln!(
            out,
            "test {label} ... FAILED\n    the expected output does not compile on python3: {error}"
        );
    }
    let _ = writeln!(out, "\n{} passed, {} failed", tally.passed, tally.failed);
    tally
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn run_one(rule: &Arc<RuleCodemod>, test: &RuleTest) -> Result<(), String> {
    let mut options = Options::default();
    if !test.options.is_empty() {
        options.settings.insert(
            rule.id().to_string(),
            test.options.clone().into_iter().collect(),
        );
    }
    let engine = Engine::new(vec![rule.clone() as Arc<dyn Codemod>], options);
    let path = Path::new("example.py");
    let first = engine.transform(path, &test.before)?;
    let expected = test.after.as_deref().unwrap_or(&test.before);
    if first.text != expected {
        let what = if test.after.is_none() {
            "must stay unchanged"
        } else {
            "output differs"
        };
        let diff = similar::TextDiff::from_lines(expected, &first.text)
            .unified_diff()
            .header("expected", "actual")
            .to_string();
        return Err(format!("{what}\n{diff}"));
    }
    let second = engine.transform(path, &first.text)?;
    if second.text != first.text {
        let diff = similar::TextDiff::from_lines(&first.text, &second.text)
            .unified_diff()
            .header("first run", "second run")
            .to_string();
        return Err(format!(
            "not idempotent: running again changes the output\n{diff}"
        ));
    }
    Ok(())
}

/// Compile each text with python3 (when it is installed); (label, error) per failure.
fn compile_all(texts: &[(String, String)]) -> Vec<(String, String)> {
    if texts.is_empty() {
        return Vec::new();
    }
    let Ok(dir) = tempfile::tempdir() else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for (index, (_, text)) in texts.iter().enumerate() {
        let file = dir.path().join(format!("example{index}.py"));
        if std::fs::write(&file, text).is_err() {
            return Vec::new();
        }
        files.push(file);
    }
    let script = "import sys\nfor i, p in enumerate(sys.argv[1:]):\n    try:\n        compile(open(p, 'rb').read(), p, 'exec', dont_inherit=True)\n    except Exception as e:\n        print(str(i) + '\\t' + repr(e))\n";
    let Ok(output) = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(&files)
        .output()
    else {
        return Vec::new();
    };
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            let (index, error) = line.split_once('\t')?;
            let index: usize = index.parse().ok()?;
            Some((texts.get(index)?.0.clone(), error.to_string()))
        })
        .collect()
}
