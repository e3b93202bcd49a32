//! `pymig test-codemods`: run the examples of rule files.

use std::path::PathBuf;
use std::process::ExitCode;

use super::Fatal;
use crate::rules::{self, testing};

/// Run the `[[test]]` examples of the rule files in `paths` (files or directories;
/// default: the built-in rules). Exit 0 when all pass, 1 when some fail, 2 when a rule
/// file is broken.
pub fn run(paths: &[PathBuf]) -> Result<ExitCode, Fatal> {
    let rules = if paths.is_empty() {
        rules::builtin_rules().map_err(|e| Fatal(e.to_string()))?
    } else {
        let mut all = Vec::new();
        for path in paths {
            all.extend(rules::load_path(path).map_err(|e| Fatal(e.to_string()))?);
        }
        all
    };
    let mut stdout = std::io::stdout().lock();
    let tally = testing::run(rules, &mut stdout);
    Ok(if tally.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
