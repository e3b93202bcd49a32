//! `pymig plan` and `pymig apply --commit`: run the codemods one after another (each on
//! the previous one's output), hand the changes to the git layer (`crate::git`), and show
//! the plan or commit it.

use std::collections::{BTreeSet, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use serde_json::json;

use super::apply::engine_for;
use super::Fatal;
use crate::cli::{ApplyArgs, SplitBy};
use crate::engine::{Engine, FileReport, Status};
use crate::git::codeowners::CodeOwners;
use crate::git::commit::{self, CommitOptions, Outcome, Recompute, Recomputed};
use crate::git::ident::{Identity, Role};
use crate::git::message::{self, Template};
use crate::git::plan::{self, Grouper, Plan, PlanOptions, Split};
use crate::git::repo::{FileState, Repo};
use crate::git::{changed_lines, CodemodInfo, FileChange};
use crate::walk::{self, Excludes};

use super::{EXIT_INTERRUPTED, INTERRUPTED};

/// Everything computed before anything is written.
struct Prepared {
    repo: Repo,
    plan: Plan,
    infos: HashMap<String, CodemodInfo>,
    engines: Engines,
    /// Files left out (dirty, untracked, …): (path, reason).
    left_out: Vec<(String, String)>,
    /// Other warnings (dirty files included by --allow-dirty, CODEOWNERS lines ignored).
    warnings: Vec<String>,
    /// Files the engine could not process: (path, reason).
    errors: Vec<(String, String)>,
    /// Notes needing review: "path:line: [codemod] message".
    reviews: Vec<String>,
}

/// One single-codemod engine per codemod, so each runs on the previous one's output.
struct Engines {
    root: PathBuf,
    by_id: Vec<(String, Engine)>,
}

impl Recompute for Engines {
    fn recompute(&self, codemod: &str, path: &str, current: &[u8]) -> Result<Recomputed, String> {
        let Some((_, engine)) = self.by_id.iter().find(|(id, _)| id == codemod) else {
            return Ok(None);
        };
        let report = engine.process_bytes(&self.root.join(path), current.to_vec());
        match (report.status, report.change) {
            (Status::Changed, Some(change)) => Ok(Some((
                change.updated,
                report.fixes.len(),
                changed_lines(&change.before, &change.after),
            ))),
            (Status::Failed(reason), _) => Err(reason),
            _ => Ok(None),
        }
    }
}

fn check_flags(args: &ApplyArgs) -> Result<PlanOptions, Fatal> {
    let git = &args.git;
    if git.max_files == Some(0) {
        return Err(Fatal("--max-files must be at least 1".to_string()));
    }
    if git.max_lines == Some(0) {
        return Err(Fatal("--max-lines must be at least 1".to_string()));
    }
    if git.depth == Some(0) {
        return Err(Fatal("--depth must be at least 1".to_string()));
    }
    if git.depth.is_some() && git.split_by == Some(SplitBy::Owners) {
        return Err(Fatal(
            "--depth only applies to --split-by directory".to_string(),
        ));
    }
    let split = match git.split_by {
        Some(SplitBy::Owners) => Split::Owners,
        _ => Split::Directory {
            depth: git.depth.unwrap_or(1),
        },
    };
    Ok(PlanOptions {
        split,
        max_files: git.max_files,
        max_lines: git.max_lines,
    })
}

fn prepare(args: &ApplyArgs) -> Result<Prepared, Fatal> {
    let plan_options = check_flags(args)?;
    let engine = engine_for(&args.selection)?;
    // The same options (and configuration) for the one-codemod engines.
    let options = engine.options().clone();
    let excludes = Excludes::new(&args.exclude)?;
    let repo = Repo::open(&args.paths)?;
    let discovery = walk::discover(&args.paths, &excludes);

    let mut left_out = Vec::new();
    let mut warnings = Vec::new();
    let mut errors: Vec<(String, String)> = discovery
        .errors
        .iter()
        .map(|(p, reason)| (p.display().to_string(), reason.clone()))
        .collect();
    // (repo-relative path, path as discovered, bytes)
    let mut files: Vec<(String, PathBuf, Vec<u8>)> = Vec::new();
    for path in &discovery.files {
        let Some(relative) = repo.relative(path) else {
            left_out.push((
                path.display().to_string(),
                "is outside the repository; left out".to_string(),
            ));
            continue;
        };
        match repo.state_of(&relative) {
            FileState::Clean => {}
            FileState::Dirty(reason) if args.allow_dirty => {
                warnings.push(format!("{relative} {reason}; included (--allow-dirty)"));
            }
            FileState::Dirty(reason) => {
                left_out.push((
                    relative,
                    format!("{reason}; left out (commit or stash them, or pass --allow-dirty)"),
                ));
                continue;
            }
            FileState::Untracked => {
                left_out.push((
                    relative,
                    "is not tracked by git; left out (never committed)".to_string(),
                ));
                continue;
            }
            FileState::NotAFile => {
                left_out.push((relative, "is a symbolic link in git; left out".to_string()));
                continue;
            }
        }
        match std::fs::read(path) {
            Ok(bytes) => files.push((relative, path.clone(), bytes)),
            Err(e) => errors.push((relative, format!("cannot read: {e}"))),
        }
    }

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Fatal(format!("cannot start worker threads: {e}")))?;
    engine.prepare(&pool);
    let mut engines = Engines {
        root: repo.root.clone(),
        by_id: Vec::new(),
    };
    // One run with every codemod finds the files that change, which codemods touch them,
    // and the notes to show. Then each codemod runs alone, in order, on its files only,
    // each on the previous codemod's output.
    let sizes: Vec<u64> = files
        .iter()
        .map(|(_, _, bytes)| bytes.len() as u64)
        .collect();
    let combined: Vec<FileReport> =
        crate::schedule::largest_first(&pool, &files, &sizes, |(_, path, bytes)| {
            engine.process_bytes(path, bytes.clone())
        });
    let mut reviews = Vec::new();
    let mut touched_by: Vec<BTreeSet<String>> = vec![BTreeSet::new(); files.len()];
    for (index, report) in combined.into_iter().enumerate() {
        let relative = &files[index].0;
        for note in report.notes.iter().filter(|n| n.needs_review) {
            reviews.push(format!(
                "{relative}:{}: review: [{}] {}",
                note.line, note.codemod, note.message
            ));
        }
        match report.status {
            Status::Failed(reason) => errors.push((relative.clone(), reason)),
            Status::Changed => {
                touched_by[index] = report.fixes.into_iter().map(|f| f.codemod).collect();
            }
            Status::Unchanged | Status::Skipped(_) => {}
        }
    }
    let mut infos = HashMap::new();
    let mut changes: Vec<FileChange> = Vec::new();
    for codemod in engine.codemods() {
        let id = codemod.id().to_string();
        infos.insert(
            id.clone(),
            CodemodInfo {
                id: id.clone(),
                summary: codemod.summary(),
                docs: codemod.docs(),
            },
        );
        let single = Engine::new(vec![Arc::clone(codemod)], options.clone());
        let candidates: Vec<usize> = (0..files.len())
            .filter(|&i| touched_by[i].contains(&id))
            .collect();
        let weights: Vec<u64> = candidates.iter().map(|&i| sizes[i]).collect();
        let reports: Vec<(usize, FileReport)> =
            crate::schedule::largest_first(&pool, &candidates, &weights, |&i| {
                (i, single.process_bytes(&files[i].1, files[i].2.clone()))
            });
        for (index, report) in reports {
            let relative = files[index].0.clone();
            match (report.status, report.change) {
                (Status::Failed(reason), _) => {
                    errors.push((relative, format!("{id}: {reason}")));
                }
                (Status::Changed, Some(change)) => {
                    changes.push(FileChange {
                        path: relative,
                        codemod: id.clone(),
                        original: change.original,
                        updated: change.updated.clone(),
                        fixes: report.fixes.len(),
                        changed_lines: changed_lines(&change.before, &change.after),
                    });
                    files[index].2 = change.updated;
                }
                _ => {}
            }
        }
        engines.by_id.push((id, single));
    }
    let order: Vec<String> = engines.by_id.iter().map(|(id, _)| id.clone()).collect();
    let grouper = Grouper::new(
        repo.root.clone(),
        plan_options.split,
        CodeOwners::load(&repo.root),
    );
    for (line, reason) in &grouper.owners().warnings {
        let source = grouper.owners().source.clone().unwrap_or_default();
        warnings.push(format!("{source}:{line}: ignored: {reason}"));
    }
    let plan = plan::build(changes, &order, &plan_options, &grouper);
    Ok(Prepared {
        repo,
        plan,
        infos,
        engines,
        left_out,
        warnings,
        errors,
        reviews,
    })
}

fn print_notes(prepared: &Prepared, quiet: bool) {
    let mut stderr = std::io::stderr().lock();
    if !quiet {
        for review in &prepared.reviews {
            let _ = writeln!(stderr, "{review}");
        }
        for (path, reason) in &prepared.left_out {
            let _ = writeln!(stderr, "warning: {path} {reason}");
        }
        for warning in &prepared.warnings {
            let _ = writeln!(stderr, "warning: {warning}");
        }
    }
    for (path, reason) in &prepared.errors {
        let _ = writeln!(stderr, "error: {path}: {reason}");
    }
}

/// `pymig plan`: print the batches `apply --commit` would commit; write nothing.
pub fn plan(args: &ApplyArgs) -> Result<ExitCode, Fatal> {
    if args.git.commit || args.check || args.dry_run {
        return Err(Fatal(
            "`pymig plan` writes nothing: use `pymig apply --commit` to make the commits"
                .to_string(),
        ));
    }
    let template = load_template(args)?;
    let trailers = parse_trailers(args)?;
    // Configuration defaults (pymig.toml / [tool.pymig]) fill what the flags left unset.
    let args = &crate::config::with_config(args)?;
    let prepared = prepare(args)?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let _ = writeln!(
            stdout,
            "{}",
            plan_json(&prepared, template.as_ref(), &trailers)
        );
    } else {
        let messages = Messages {
            template: template.as_ref(),
            trailers: &trailers,
            full: args.verbose,
        };
        let _ = write!(stdout, "{}", plan_text(&prepared, &messages));
    }
    let _ = stdout.flush();
    print_notes(&prepared, args.quiet || args.json);
    Ok(if prepared.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn unknown_info(id: &str) -> CodemodInfo {
    CodemodInfo {
        id: id.to_string(),
        summary: String::new(),
        docs: String::new(),
    }
}

/// How plan entries show commit messages.
struct Messages<'a> {
    template: Option<&'a Template>,
    trailers: &'a [(String, String)],
    /// Print each whole message (`--verbose`), not just its subject.
    full: bool,
}

fn plan_text(prepared: &Prepared, messages: &Messages<'_>) -> String {
    use std::fmt::Write as _;
    let plan = &prepared.plan;
    let mut out = String::new();
    let branch = prepared.repo.branch.trim_start_matches("refs/heads/");
    if plan.batches.is_empty() {
        let _ = write!(out, "Nothing to commit on {branch}: no file would change");
        if prepared.left_out.is_empty() {
            out.push_str(".\n");
        } else {
            out.push_str(" (some files were left out: see the warnings).\n");
        }
        return out;
    }
    let mut per_codemod: Vec<(String, usize)> = Vec::new();
    for batch in &plan.batches {
        match per_codemod.last_mut() {
            Some((id, count)) if *id == batch.codemod => *count += 1,
            _ => per_codemod.push((batch.codemod.clone(), 1)),
        }
    }
    let counts: Vec<String> = per_codemod
        .iter()
        .map(|(id, n)| format!("{id}: {n}"))
        .collect();
    let _ = writeln!(
        out,
        "Plan: {} commit{} on {branch} ({}), {} file change{}, {} changed line{}",
        plan.batches.len(),
        plural(plan.batches.len()),
        counts.join(", "),
        plan.files(),
        plural(plan.files()),
        plan.changed_lines(),
        plural(plan.changed_lines()),
    );
    let width = plan.batches.len().to_string().len();
    for (index, batch) in plan.batches.iter().enumerate() {
        let info = prepared
            .infos
            .get(&batch.codemod)
            .cloned()
            .unwrap_or_else(|| unknown_info(&batch.codemod));
        let input = message::MessageInput {
            codemod: &info,
            batch,
            trailers: messages.trailers,
        };
        let _ = writeln!(
            out,
            "\n{:>width$}. {}",
            index + 1,
            message::rendered_subject(&input, messages.template)
        );
        let pad = " ".repeat(width + 2);
        let owners = if batch.owners.is_empty() {
            "none".to_string()
        } else {
            batch.owners.join(" ")
        };
        let _ = writeln!(
            out,
            "{pad}{} file{}, {} changed line{}, owners: {owners}",
            batch.files.len(),
            plural(batch.files.len()),
            batch.changed_lines(),
            plural(batch.changed_lines()),
        );
        for file in &batch.files {
            let _ = writeln!(
                out,
                "{pad}  {}  ({} edit{}, {} line{})",
                file.path,
                file.fixes,
                plural(file.fixes),
                file.changed_lines,
                plural(file.changed_lines)
            );
        }
        if messages.full {
            let _ = writeln!(out);
            for line in message::render(&input, messages.template).lines() {
                let _ = writeln!(out, "{}", format!("{pad}  | {line}").trim_end());
            }
        }
    }
    out
}

fn plan_json(
    prepared: &Prepared,
    template: Option<&Template>,
    trailers: &[(String, String)],
) -> String {
    let batches: Vec<serde_json::Value> = prepared
        .plan
        .batches
        .iter()
        .enumerate()
        .map(|(index, batch)| {
            let info = prepared
                .infos
                .get(&batch.codemod)
                .cloned()
                .unwrap_or_else(|| unknown_info(&batch.codemod));
            let text = message::render(
                &message::MessageInput {
                    codemod: &info,
                    batch,
                    trailers,
                },
                template,
            );
            json!({
                "index": index + 1,
                "codemod": batch.codemod,
                "batch": batch.number,
                "total": batch.total,
                "group": batch.group,
                "owners": batch.owners,
                "subject": text.lines().next().unwrap_or(""),
                "message": text,
                "changed_lines": batch.changed_lines(),
                "fixes": batch.fixes(),
                "files": batch.files.iter().map(|f| json!({
                    "path": f.path,
                    "fixes": f.fixes,
                    "changed_lines": f.changed_lines,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let pairs = |list: &[(String, String)]| -> Vec<serde_json::Value> {
        list.iter()
            .map(|(p, r)| json!({"path": p, "reason": r}))
            .collect()
    };
    let head = prepared
        .repo
        .head_commit()
        .map(|c| c.id().to_string())
        .unwrap_or_default();
    let value = json!({
        "version": 1,
        "branch": prepared.repo.branch,
        "head": head,
        "commits": prepared.plan.batches.len(),
        "files": prepared.plan.files(),
        "changed_lines": prepared.plan.changed_lines(),
        "batches": batches,
        "left_out": pairs(&prepared.left_out),
        "warnings": prepared.warnings,
        "errors": pairs(&prepared.errors),
        "reviews": prepared.reviews,
    });
    serde_json::to_string_pretty(&value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn load_template(args: &ApplyArgs) -> Result<Option<Template>, Fatal> {
    let Some(path) = &args.git.message_template else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        Fatal(format!(
            "cannot read the message template {}: {e}",
            path.display()
        ))
    })?;
    Template::parse(&text)
        .map(Some)
        .map_err(|e| Fatal(format!("{}: {e}", path.display())))
}

fn parse_trailers(args: &ApplyArgs) -> Result<Vec<(String, String)>, Fatal> {
    args.git
        .trailer
        .iter()
        .map(|t| message::parse_trailer(t).map_err(Fatal))
        .collect()
}

/// `pymig apply --commit`.
pub fn commit(args: &ApplyArgs) -> Result<ExitCode, Fatal> {
    if args.allow_dirty {
        return Err(Fatal(
            "--allow-dirty cannot be used with --commit: commits must not take in uncommitted work \
             (commit or stash it first)"
                .to_string(),
        ));
    }
    if args.check || args.dry_run {
        return Err(Fatal(
            "--commit writes commits; for a preview use `pymig plan` (or --dry-run without --commit)".to_string(),
        ));
    }
    let template = load_template(args)?;
    let trailers = parse_trailers(args)?;
    // Configuration defaults (pymig.toml / [tool.pymig]) fill what the flags left unset.
    let args = &crate::config::with_config(args)?;
    let mut prepared = prepare(args)?;
    let config = prepared
        .repo
        .repo
        .config()
        .and_then(|mut c| c.snapshot())
        .map_err(|e| Fatal(format!("cannot read git config: {}", e.message())))?;
    let options = CommitOptions {
        verify: args.git.verify.clone(),
        run_hooks: args.git.run_hooks,
        trailers,
        template,
        blame_ignore: args.git.blame_ignore,
        author: Identity::resolve(&config, Role::Author)?,
        committer: Identity::resolve(&config, Role::Committer)?,
    };
    commit::preflight(&prepared.repo, &options)?;
    print_notes(&prepared, args.quiet);

    // From here on, SIGINT/SIGTERM finish or roll back the current batch, then stop.
    super::stop_on_interrupt("pymig: interrupted; finishing the current batch, then stopping");
    let total = prepared.plan.batches.len();
    let mut position = 0;
    let quiet = args.quiet || args.json;
    let mut show = |result: &commit::BatchResult| {
        position += 1;
        if quiet {
            return;
        }
        let mut stdout = std::io::stdout().lock();
        for warning in &result.warnings {
            let _ = writeln!(stdout, "warning: {warning}");
        }
        let _ = match &result.outcome {
            Outcome::Kept { commit } => {
                let short = &commit.to_string()[..10];
                writeln!(
                    stdout,
                    "[{position}/{total}] committed {short} {}",
                    result.subject
                )
            }
            Outcome::Dropped { reason, output } => {
                let _ = writeln!(
                    stdout,
                    "[{position}/{total}] DROPPED {}: {reason}",
                    result.subject
                );
                for line in output.lines() {
                    let _ = writeln!(stdout, "    | {line}");
                }
                Ok(())
            }
            Outcome::Skipped { reason } => writeln!(
                stdout,
                "[{position}/{total}] skipped {}: {reason}",
                result.subject
            ),
            Outcome::NotRun => Ok(()),
        };
        let _ = stdout.flush();
    };
    let plan = std::mem::take(&mut prepared.plan);
    let report = commit::run(
        &mut prepared.repo,
        &plan,
        &prepared.infos,
        &options,
        &prepared.engines,
        &INTERRUPTED,
        &mut show,
    )?;

    let branch = prepared
        .repo
        .branch
        .trim_start_matches("refs/heads/")
        .to_string();
    if args.json {
        let results: Vec<serde_json::Value> = report
            .results
            .iter()
            .map(|r| {
                let (outcome, commit, reason, output) = match &r.outcome {
                    Outcome::Kept { commit } => ("kept", Some(commit.to_string()), None, None),
                    Outcome::Dropped { reason, output } => {
                        ("dropped", None, Some(reason.clone()), Some(output.clone()))
                    }
                    Outcome::Skipped { reason } => ("skipped", None, Some(reason.clone()), None),
                    Outcome::NotRun => ("not-run", None, None, None),
                };
                json!({"subject": r.subject, "outcome": outcome, "commit": commit, "reason": reason,
                       "output": output, "warnings": r.warnings})
            })
            .collect();
        let value = json!({
            "version": 1,
            "branch": prepared.repo.branch,
            "kept": report.kept(),
            "dropped": report.dropped(),
            "interrupted": report.interrupted,
            "blame_ignore_commit": report.blame_commit.map(|c| c.to_string()),
            "batches": results,
            "errors": prepared.errors.iter().map(|(p, r)| json!({"path": p, "reason": r})).collect::<Vec<_>>(),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else if !args.quiet || report.dropped() > 0 || report.interrupted {
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(
            stderr,
            "pymig: {} commit{} kept on {branch}, {} batch{} dropped",
            report.kept(),
            plural(report.kept()),
            report.dropped(),
            if report.dropped() == 1 { "" } else { "es" },
        );
        if !prepared.errors.is_empty() {
            let _ = writeln!(
                stderr,
                "pymig: {} file{} could not be processed (errors above); the others were committed",
                prepared.errors.len(),
                plural(prepared.errors.len())
            );
        }
        for result in &report.results {
            match &result.outcome {
                Outcome::Kept { commit } => {
                    let _ = writeln!(
                        stderr,
                        "  kept:    {} {}",
                        &commit.to_string()[..10],
                        result.subject
                    );
                }
                Outcome::Dropped { reason, .. } => {
                    let _ = writeln!(stderr, "  dropped: {}: {reason}", result.subject);
                }
                Outcome::Skipped { .. } | Outcome::NotRun => {}
            }
        }
        if let Some(commit) = report.blame_commit {
            let _ = writeln!(
                stderr,
                "  {} updated in {} (git config blame.ignoreRevsFile {})",
                commit::BLAME_IGNORE_FILE,
                &commit.to_string()[..10],
                commit::BLAME_IGNORE_FILE
            );
        }
        if report.interrupted {
            let not_run = report
                .results
                .iter()
                .filter(|r| r.outcome == Outcome::NotRun)
                .count();
            let _ = writeln!(
                stderr,
                "pymig: interrupted; {not_run} batch{} not run. The branch is at the last complete \
                 commit; run the same command again to continue.",
                if not_run == 1 { "" } else { "es" }
            );
        }
    }
    Ok(if report.interrupted {
        ExitCode::from(EXIT_INTERRUPTED)
    } else if report.dropped() > 0 || !prepared.errors.is_empty() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// For plain `pymig apply` (no `--commit`): files in a git repository with uncommitted
/// work, or not tracked, are not rewritten unless `--allow-dirty`. `files` are files, as
/// discovery finds them (not directories).
pub fn refuse_dirty(files: &[PathBuf]) -> Vec<(PathBuf, String)> {
    let mut guard = crate::git::repo::WorktreeGuard::new();
    files
        .iter()
        .filter_map(|path: &PathBuf| {
            guard
                .refuse(Path::new(path))
                .map(|reason| (path.clone(), reason))
        })
        .collect()
}
