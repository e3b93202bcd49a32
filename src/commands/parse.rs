//! `pymig parse` (hidden): the parse-only baseline for benchmarks. It discovers, reads,
//! decodes and parses every file in parallel exactly as `apply` does, and stops there.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use super::Fatal;
use crate::parse;
use crate::source::Source;
use crate::walk::{self, Excludes};

/// Per-file outcome of the parse-only pass.
enum Parsed {
    Clean,
    WithErrors,
    Unusable,
}

pub fn run(paths: &[PathBuf], jobs: Option<usize>) -> Result<ExitCode, Fatal> {
    let started = Instant::now();
    let discovery = walk::discover(paths, &Excludes::new(&[])?);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| Fatal(format!("cannot start worker threads: {e}")))?;
    let results: Vec<Parsed> =
        crate::schedule::largest_first(&pool, &discovery.files, &discovery.sizes, |path| {
            let Ok(bytes) = std::fs::read(path) else {
                return Parsed::Unusable;
            };
            let Ok(source) = Source::decode(&bytes) else {
                return Parsed::Unusable;
            };
            match parse::parse(&source.text) {
                Some(tree) if !tree.root_node().has_error() => Parsed::Clean,
                Some(_) => Parsed::WithErrors,
                None => Parsed::Unusable,
            }
        });
    let count = |want: fn(&Parsed) -> bool| results.iter().filter(|r| want(r)).count();
    let with_errors = count(|r| matches!(r, Parsed::WithErrors));
    let unusable = count(|r| matches!(r, Parsed::Unusable)) + discovery.errors.len();
    println!(
        "parsed {} files ({with_errors} with parse errors, {unusable} unreadable) in {:.3}s",
        results.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(if unusable > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
