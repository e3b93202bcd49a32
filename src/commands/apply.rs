//! `pymig apply`: discover files, run the engine over them in parallel, and send each
//! change to a sink (diff printer or writer).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::INTERRUPTED;

use super::Fatal;
use crate::cli::{ApplyArgs, ColorChoice, GitArgs, Selection};
use crate::codemod::{Options, PyVersion};
use crate::engine::{Engine, FileReport, Status};
use crate::report::{self, Summary};
use crate::sink;
use crate::walk::{self, Excludes};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Rewrite files in place.
    Write,
    /// Print diffs, write nothing.
    DryRun,
    /// Write nothing; exit 1 if anything would change.
    Check,
}

impl Mode {
    pub fn from_args(args: &ApplyArgs) -> Mode {
        if args.check {
            Mode::Check
        } else if args.dry_run {
            Mode::DryRun
        } else {
            Mode::Write
        }
    }
}

/// Parse `3.11` into (3, 11), accepting 3.8 … 3.13.
pub fn parse_target_version(text: &str) -> Result<PyVersion, Fatal> {
    let bad = || Fatal(format!("bad target version {text:?}: expected 3.8 … 3.13"));
    let text = text
        .trim()
        .trim_start_matches("py")
        .trim_start_matches("Python ");
    let (major, minor) = text.split_once('.').ok_or_else(bad)?;
    let major: u8 = major.parse().map_err(|_| bad())?;
    let minor: u8 = minor.parse().map_err(|_| bad())?;
    if major != 3 || !(8..=13).contains(&minor) {
        return Err(bad());
    }
    Ok((major, minor))
}

/// Options for codemods from the command line.
pub fn options_from(selection: &Selection) -> Result<Options, Fatal> {
    let mut options = Options::default();
    if let Some(version) = &selection.target_version {
        options.target_version = parse_target_version(version)?;
    }
    options.doctests = selection.doctests;
    if let Some(py2_str) = &selection.py2_str {
        if py2_str != "str" && py2_str != "bytes" {
            return Err(Fatal(format!(
                "--py2-str must be `str` or `bytes`, not {py2_str:?}"
            )));
        }
        options.py2_str = py2_str.clone();
    }
    options.stubs = selection.stubs.clone();
    if !selection.annotate_from.is_empty() {
        for source in &selection.annotate_from {
            if !["stubs", "comments", "docstrings"].contains(&source.as_str()) {
                return Err(Fatal(format!(
                    "--annotate-from takes stubs, comments, docstrings; not {source:?}"
                )));
            }
        }
        options.annotate_from = selection.annotate_from.clone();
    }
    options.strip_docstring_types = selection.strip_docstring_types;
    options.settings = selection.settings.clone();
    options.prefilter = !selection.no_prefilter;
    Ok(options)
}

/// Build the engine for a selection of codemods.
pub fn engine_for(selection: &Selection) -> Result<Engine, Fatal> {
    let registry =
        crate::rules::registry_with(&selection.codemods_dir).map_err(|e| Fatal(e.to_string()))?;
    if selection.codemod.is_empty() && selection.preset.is_empty() {
        return Err(Fatal(
            "no codemods chosen: pass --codemod NAME[,NAME…] or --preset py3 (`pymig list` shows them)"
                .to_string(),
        ));
    }
    let codemods = registry.select(&selection.codemod, &selection.preset)?;
    Ok(Engine::new(codemods, options_from(selection)?))
}

pub fn run(args: &ApplyArgs, mode: Mode) -> Result<ExitCode, Fatal> {
    if args.check && args.dry_run {
        return Err(Fatal("--check and --dry-run are exclusive".to_string()));
    }
    if let Some(flag) = commit_only_flag(&args.git) {
        return Err(Fatal(format!(
            "{flag} only applies with --commit (or to `pymig plan`)"
        )));
    }
    // Configuration defaults fill what the flags left unset (after the check above: a
    // configured `max-files` is a default for commits, not an error without --commit).
    let args = &crate::config::with_config(args)?;
    let engine = engine_for(&args.selection)?;
    let excludes = Excludes::new(&args.exclude)?;
    let mut discovery = walk::discover(&args.paths, &excludes);
    // Never rewrite a file holding uncommitted work (or not tracked) in a git repository.
    let mut refused = Vec::new();
    if mode == Mode::Write && !args.allow_dirty {
        let dirty = super::git_flow::refuse_dirty(&discovery.files);
        let dirty_paths: std::collections::HashSet<&std::path::PathBuf> =
            dirty.iter().map(|(p, _)| p).collect();
        discovery.retain_files(|f| !dirty_paths.contains(f));
        for (path, reason) in dirty {
            refused.push(FileReport {
                path,
                status: Status::Skipped(reason),
                fixes: Vec::new(),
                notes: Vec::new(),
                change: None,
            });
        }
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };

    let progress = progress_bar(discovery.files.len() as u64, args.quiet || args.json);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Fatal(format!("cannot start worker threads: {e}")))?;
    engine.prepare(&pool);
    if mode == Mode::Write {
        // Ctrl-C while rewriting: stop staging, and put nothing in place.
        super::stop_on_interrupt("pymig: interrupted; stopping without changing any file");
    }
    // Each worker processes a file and hands its change to the sink right away, so only
    // diffs or the new contents (not the originals, trees or decoded texts) are kept
    // until the end.
    let held = AtomicUsize::new(0);
    let results: Vec<(FileReport, Delivered)> =
        crate::schedule::largest_first(&pool, &discovery.files, &discovery.sizes, |path| {
            if INTERRUPTED.load(Ordering::SeqCst) {
                return None;
            }
            let mut report = engine.process_path(path);
            let delivered = deliver(&mut report, mode, color && !args.json, &held);
            progress.inc(1);
            Some((report, delivered))
        })
        .into_iter()
        .flatten()
        .collect();
    progress.finish_and_clear();
    // From here on an interrupt waits for the sweep below (a few milliseconds per
    // hundred files): stopping halfway would leave some files rewritten and others not.
    // The message changes first, so an interrupt either stops the run here or says so.
    super::on_interrupt_say("pymig: interrupted while putting the files in place; finishing that");
    if INTERRUPTED.load(Ordering::SeqCst) {
        // Dropping the results deletes every staged change (and temporary file).
        let processed = results.len();
        drop(results);
        eprintln!(
            "pymig: interrupted after {processed} of {} files; no file was changed",
            discovery.files.len()
        );
        return Ok(ExitCode::from(super::EXIT_INTERRUPTED));
    }

    let mut stdout = std::io::stdout().lock();
    let mut reports = Vec::with_capacity(results.len() + refused.len());
    let mut staged = Vec::new();
    for (report, delivered) in results {
        match delivered {
            Delivered::Diff(diff) if !args.json => {
                let _ = stdout.write_all(diff.as_bytes());
            }
            Delivered::Staged(file) => staged.push((reports.len(), file)),
            _ => {}
        }
        reports.push(report);
    }
    // Every change is staged: put them all in place in one sweep, one writer per worker
    // (at most as many pieces as workers, so each writer's scratch file serves many).
    let per_worker = staged
        .len()
        .div_ceil(pool.current_num_threads().max(1))
        .max(1);
    let outcomes: Vec<(usize, Result<(), String>)> = pool.install(|| {
        staged
            .into_par_iter()
            .with_min_len(per_worker)
            .map_init(sink::write::Writer::default, |writer, (index, file)| {
                (index, writer.commit(file))
            })
            .collect()
    });
    for (index, outcome) in outcomes {
        if let Err(reason) = outcome {
            reports[index].status = Status::Failed(reason);
            reports[index].fixes.clear();
        }
    }
    reports.extend(refused);
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    let summary = Summary::of(&reports, discovery.errors.len());
    if args.json {
        let _ = writeln!(
            stdout,
            "{}",
            report::json(&summary, &reports, &discovery.errors)
        );
    } else if mode == Mode::Check && !args.quiet {
        for r in reports.iter().filter(|r| r.status == Status::Changed) {
            let _ = writeln!(stdout, "would change: {}", r.path.display());
        }
    }
    let _ = stdout.flush();
    if !args.json {
        let verb = match mode {
            Mode::Write => "changed",
            Mode::DryRun | Mode::Check => "would change",
        };
        let text = report::human(&summary, &reports, &discovery.errors, verb, args.verbose);
        if !args.quiet || summary.files_failed > 0 {
            eprint!("{text}");
        }
    }
    Ok(exit_code(&summary, mode))
}

/// The first git flag given that needs --commit.
fn commit_only_flag(git: &GitArgs) -> Option<&'static str> {
    [
        (git.max_files.is_some(), "--max-files"),
        (git.max_lines.is_some(), "--max-lines"),
        (git.split_by.is_some(), "--split-by"),
        (git.depth.is_some(), "--depth"),
        (git.verify.is_some(), "--verify"),
        (!git.trailer.is_empty(), "--trailer"),
        (git.message_template.is_some(), "--message-template"),
        (git.run_hooks, "--run-hooks"),
        (git.blame_ignore, "--blame-ignore"),
    ]
    .into_iter()
    .find(|(given, _)| *given)
    .map(|(_, flag)| flag)
}

/// What the sink made of a file's change.
enum Delivered {
    Nothing,
    /// The diff to print (dry run).
    Diff(String),
    /// The new content, checked and waiting for the sweep (write mode).
    Staged(sink::write::Staged),
}

/// Send a change to the sink for `mode` (taking it out of the report). `held` counts the
/// bytes of staged content kept in memory.
fn deliver(report: &mut FileReport, mode: Mode, color: bool, held: &AtomicUsize) -> Delivered {
    let Some(change) = report.change.take() else {
        return Delivered::Nothing;
    };
    match mode {
        Mode::DryRun => Delivered::Diff(sink::diff::render(&change, color)),
        Mode::Check => Delivered::Nothing,
        Mode::Write => match sink::write::stage(change, held) {
            Ok(staged) => Delivered::Staged(staged),
            Err(reason) => {
                report.status = Status::Failed(reason);
                report.fixes.clear();
                Delivered::Nothing
            }
        },
    }
}

fn exit_code(summary: &Summary, mode: Mode) -> ExitCode {
    if summary.files_failed > 0 {
        ExitCode::from(2)
    } else if mode == Mode::Check && summary.files_changed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn progress_bar(len: u64, hidden: bool) -> ProgressBar {
    if hidden || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files")
    {
        bar.set_style(style);
    }
    bar
}
