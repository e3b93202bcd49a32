//! Turning a plan into commits on the current branch.
//!
//! For each batch: write its files (atomically, keeping permissions), stage them with
//! `Index::add_path` (so git's filters — `core.autocrlf`, `.gitattributes` `text`/`eol` —
//! give the blobs `git add` would store), optionally run the `pre-commit` and `commit-msg`
//! hooks, build the tree from HEAD's tree plus exactly those files (so nothing else the
//! user staged is committed), commit on the branch, then run `--verify`. A failing hook
//! or verify command rolls the batch back: the branch returns to the commit before it,
//! the files to their previous bytes and the index entries to match. Other batches go on.
//!
//! Between batches an interrupt flag (set on SIGINT/SIGTERM) is checked: the current batch
//! is finished or rolled back, then the run stops, leaving HEAD at the last complete
//! commit with a clean worktree.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

use git2::build::TreeUpdateBuilder;
use git2::{FileMode, Oid};

use super::ident::Identity;
use super::message::{self, MessageInput, Template};
use super::plan::{Batch, Plan};
use super::repo::Repo;
use super::CodemodInfo;
use crate::sink::write::Writer;

/// The file `--blame-ignore` appends to.
pub const BLAME_IGNORE_FILE: &str = ".git-blame-ignore-revs";

/// How much of a failing command's output is kept for the report.
const TAIL_LINES: usize = 20;

pub struct CommitOptions {
    pub verify: Option<String>,
    pub run_hooks: bool,
    pub trailers: Vec<(String, String)>,
    pub template: Option<Template>,
    pub blame_ignore: bool,
    pub author: Identity,
    pub committer: Identity,
}

/// A codemod's change recomputed on a file's current bytes: (new bytes, fixes, changed
/// lines), or `None` when the codemod changes nothing there any more.
pub type Recomputed = Option<(Vec<u8>, usize, usize)>;

/// Re-runs one codemod on one file (used when an earlier batch touching the same file was
/// dropped, so the planned change no longer applies). The git layer does not know how.
pub trait Recompute {
    fn recompute(&self, codemod: &str, path: &str, current: &[u8]) -> Result<Recomputed, String>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Kept {
        commit: Oid,
    },
    /// Rolled back: a hook or `--verify` failed (with the tail of its output).
    Dropped {
        reason: String,
        output: String,
    },
    /// Nothing was left to commit (e.g. every file changed since the plan was made).
    Skipped {
        reason: String,
    },
    /// Not attempted: the run was interrupted before it.
    NotRun,
}

/// What happened to one batch.
#[derive(Debug, Clone)]
pub struct BatchResult {
    pub subject: String,
    pub outcome: Outcome,
    /// Files left out of the batch, with why.
    pub warnings: Vec<String>,
}

#[derive(Debug, Default)]
pub struct RunReport {
    pub results: Vec<BatchResult>,
    pub interrupted: bool,
    pub blame_commit: Option<Oid>,
}

impl RunReport {
    pub fn kept(&self) -> usize {
        self.results
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Kept { .. }))
            .count()
    }

    pub fn dropped(&self) -> usize {
        self.results
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Dropped { .. }))
            .count()
    }
}

/// Checks to make before anything is written.
pub fn preflight(repo: &Repo, options: &CommitOptions) -> Result<(), String> {
    if options.blame_ignore {
        match repo.state_of(BLAME_IGNORE_FILE) {
            super::repo::FileState::Dirty(reason) => {
                return Err(format!("{BLAME_IGNORE_FILE} {reason}: commit it first (needed by --blame-ignore)"))
            }
            super::repo::FileState::NotAFile => return Err(format!("{BLAME_IGNORE_FILE} is not a regular file")),
            super::repo::FileState::Untracked if repo.root.join(BLAME_IGNORE_FILE).exists() => {
                return Err(format!(
                    "{BLAME_IGNORE_FILE} exists but is not tracked: commit it first (needed by --blame-ignore)"
                ))
            }
            _ => {}
        }
    }
    options.author.signature()?;
    options.committer.signature()?;
    Ok(())
}

/// Commit the plan's batches in order. `on_result` is called after each batch (for live
/// progress). Errors are returned only for failures that leave nothing half-done.
pub fn run(
    repo: &mut Repo,
    plan: &Plan,
    codemods: &HashMap<String, CodemodInfo>,
    options: &CommitOptions,
    recompute: &dyn Recompute,
    interrupted: &AtomicBool,
    on_result: &mut dyn FnMut(&BatchResult),
) -> Result<RunReport, String> {
    let mut report = RunReport::default();
    let mut kept: Vec<(Oid, String)> = Vec::new();
    for batch in &plan.batches {
        let fallback = CodemodInfo {
            id: batch.codemod.clone(),
            summary: String::new(),
            docs: String::new(),
        };
        let info = codemods.get(&batch.codemod).unwrap_or(&fallback);
        let subject = message::rendered_subject(
            &MessageInput {
                codemod: info,
                batch,
                trailers: &options.trailers,
            },
            options.template.as_ref(),
        );
        if interrupted.load(Ordering::SeqCst) {
            report.interrupted = true;
            let result = BatchResult {
                subject,
                outcome: Outcome::NotRun,
                warnings: Vec::new(),
            };
            report.results.push(result);
            continue;
        }
        let mut result = commit_batch(repo, batch, info, options, recompute, subject)?;
        if interrupted.load(Ordering::SeqCst) {
            // The signal most likely reached the hook or verify command too.
            if let Outcome::Dropped { reason, .. } = &mut result.outcome {
                *reason = format!("interrupted, rolled back ({reason})");
            }
        }
        if let Outcome::Kept { commit } = result.outcome {
            kept.push((commit, result.subject.clone()));
        }
        on_result(&result);
        report.results.push(result);
        if interrupted.load(Ordering::SeqCst) {
            report.interrupted = true;
        }
    }
    if options.blame_ignore && !kept.is_empty() && !report.interrupted {
        let mut ids: Vec<&str> = plan.batches.iter().map(|b| b.codemod.as_str()).collect();
        ids.dedup();
        report.blame_commit = Some(commit_blame_ignore(repo, &kept, &ids, options)?);
    }
    Ok(report)
}

/// A file as it will be written in this batch.
struct Planned {
    path: String,
    full: PathBuf,
    before: Vec<u8>,
    after: Vec<u8>,
    fixes: usize,
    changed_lines: usize,
}

fn commit_batch(
    repo: &mut Repo,
    batch: &Batch,
    info: &CodemodInfo,
    options: &CommitOptions,
    recompute: &dyn Recompute,
    subject: String,
) -> Result<BatchResult, String> {
    let mut warnings = Vec::new();
    let mut files = Vec::new();
    let paths: Vec<&str> = batch.files.iter().map(|f| f.path.as_str()).collect();
    let statuses = repo.statuses_of(&paths)?;
    for change in &batch.files {
        let full = repo.root.join(&change.path);
        // Only a file that is still clean may be rewritten (it may have been edited since
        // the plan was made).
        match statuses.get(&change.path) {
            None => {}
            Some(status) if status.is_empty() => {}
            Some(_) => {
                warnings.push(format!("{}: changed during the run; left out", change.path));
                continue;
            }
        }
        let current = match std::fs::read(&full) {
            Ok(bytes) => bytes,
            Err(e) => {
                warnings.push(format!("{}: cannot read: {e}; left out", change.path));
                continue;
            }
        };
        let (after, fixes, changed_lines) = if current == change.original {
            (change.updated.clone(), change.fixes, change.changed_lines)
        } else {
            match recompute.recompute(&batch.codemod, &change.path, &current) {
                Ok(Some(redone)) => redone,
                Ok(None) => continue,
                Err(reason) => {
                    warnings.push(format!("{}: {reason}; left out", change.path));
                    continue;
                }
            }
        };
        if after == current {
            continue;
        }
        files.push(Planned {
            path: change.path.clone(),
            full,
            before: current,
            after,
            fixes,
            changed_lines,
        });
    }
    if files.is_empty() {
        return Ok(BatchResult {
            subject,
            outcome: Outcome::Skipped {
                reason: "nothing left to change".to_string(),
            },
            warnings,
        });
    }
    // The message describes what is actually committed.
    let mut actual = batch.clone();
    actual.files = batch
        .files
        .iter()
        .filter_map(|f| {
            let planned = files.iter().find(|p| p.path == f.path)?;
            let mut f = f.clone();
            f.fixes = planned.fixes;
            f.changed_lines = planned.changed_lines;
            Some(f)
        })
        .collect();

    let parent = repo.head_commit()?;
    let parent_id = parent.id();

    // Write and stage. The writer (and its scratch file) is gone before any hook or
    // verify command looks at the work tree.
    let mut writer = Writer::default();
    let mut written: Vec<&Planned> = Vec::new();
    for file in &files {
        if let Err(e) = writer.replace(&file.full, &file.after) {
            drop(writer);
            restore(repo, &written)?;
            return Err(format!("{}: cannot write: {e}", file.path));
        }
        written.push(file);
    }
    drop(writer);
    let all: Vec<&Planned> = files.iter().collect();
    if let Err(e) = stage(repo, &all) {
        let _ = restore(repo, &all);
        return Err(e);
    }

    if options.run_hooks {
        if let Err((reason, output)) = run_hook(repo, "pre-commit", &[]) {
            restore(repo, &all)?;
            return Ok(dropped(subject, reason, output, warnings));
        }
    }
    let mut text = message::render(
        &MessageInput {
            codemod: info,
            batch: &actual,
            trailers: &options.trailers,
        },
        options.template.as_ref(),
    );
    if options.run_hooks {
        match commit_msg_hook(repo, &text) {
            Ok(edited) => text = edited,
            Err((reason, output)) => {
                restore(repo, &all)?;
                return Ok(dropped(subject, reason, output, warnings));
            }
        }
    }

    let commit = match commit_files(repo, &files, &parent, &text, options) {
        Ok(Some(commit)) => commit,
        Ok(None) => {
            restore(repo, &all)?;
            return Ok(BatchResult {
                subject,
                outcome: Outcome::Skipped {
                    reason: "no change once git's filters are applied".to_string(),
                },
                warnings,
            });
        }
        Err(e) => {
            let _ = restore(repo, &all);
            return Err(e);
        }
    };

    if let Some(command) = &options.verify {
        if let Err((reason, output)) = run_verify(&repo.root, command) {
            reset_branch(repo, parent_id, &subject)?;
            restore(repo, &all)?;
            return Ok(dropped(subject, reason, output, warnings));
        }
    }
    Ok(BatchResult {
        subject,
        outcome: Outcome::Kept { commit },
        warnings,
    })
}

/// Commit HEAD's tree with exactly `files` replaced by their staged blobs, on the branch.
/// `None` when that tree is HEAD's (git's filters undid the change).
fn commit_files(
    repo: &Repo,
    files: &[Planned],
    parent: &git2::Commit<'_>,
    message: &str,
    options: &CommitOptions,
) -> Result<Option<Oid>, String> {
    let parent_tree = parent.tree().map_err(|e| e.message().to_string())?;
    let mut index = repo.repo.index().map_err(|e| e.message().to_string())?;
    index.read(true).map_err(|e| e.message().to_string())?;
    let mut update = TreeUpdateBuilder::new();
    for file in files {
        let entry = index
            .get_path(Path::new(&file.path), 0)
            .ok_or_else(|| format!("{} vanished from the index", file.path))?;
        let mode = if entry.mode & 0o111 != 0 {
            FileMode::BlobExecutable
        } else {
            FileMode::Blob
        };
        update.upsert(file.path.as_str(), entry.id, mode);
    }
    let tree_id = update
        .create_updated(&repo.repo, &parent_tree)
        .map_err(|e| format!("cannot build the commit's tree: {}", e.message()))?;
    if tree_id == parent_tree.id() {
        return Ok(None);
    }
    let tree = repo
        .repo
        .find_tree(tree_id)
        .map_err(|e| e.message().to_string())?;
    let author = options.author.signature()?;
    let committer = options.committer.signature()?;
    repo.repo
        .commit(Some("HEAD"), &author, &committer, message, &tree, &[parent])
        .map(Some)
        .map_err(|e| format!("cannot commit: {}", e.message()))
}

fn dropped(subject: String, reason: String, output: String, warnings: Vec<String>) -> BatchResult {
    BatchResult {
        subject,
        outcome: Outcome::Dropped { reason, output },
        warnings,
    }
}

/// Stage files through `add_path`, which applies git's filters and records fresh stat data.
fn stage(repo: &Repo, files: &[&Planned]) -> Result<(), String> {
    let mut index = repo.repo.index().map_err(|e| e.message().to_string())?;
    index
        .read(true)
        .map_err(|e| format!("cannot read the index: {}", e.message()))?;
    for file in files {
        index
            .add_path(Path::new(&file.path))
            .map_err(|e| format!("{}: cannot stage: {}", file.path, e.message()))?;
    }
    index
        .write()
        .map_err(|e| format!("cannot write the index: {}", e.message()))
}

/// Put files back to their bytes before the batch, and their index entries with them.
fn restore(repo: &Repo, files: &[&Planned]) -> Result<(), String> {
    let mut writer = Writer::default();
    for file in files {
        writer
            .replace(&file.full, &file.before)
            .map_err(|e| format!("{}: cannot restore the file: {e}", file.path))?;
    }
    stage(repo, files)
}

fn reset_branch(repo: &Repo, to: Oid, subject: &str) -> Result<(), String> {
    let mut reference = repo
        .repo
        .find_reference(&repo.branch)
        .map_err(|e| format!("cannot find {}: {}", repo.branch, e.message()))?;
    reference
        .set_target(to, &format!("pymig: drop \"{subject}\""))
        .map_err(|e| format!("cannot reset {}: {}", repo.branch, e.message()))?;
    Ok(())
}

/// The last lines of a command's output.
fn tail(output: &[u8]) -> String {
    let text = String::from_utf8_lossy(output);
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(TAIL_LINES);
    lines[start..].join("\n")
}

fn describe_exit(status: std::process::ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exit {code}"),
        None => "killed by a signal".to_string(),
    }
}

/// Run `--verify` through `sh -c` in the repository root, stderr merged into stdout.
fn run_verify(root: &Path, command: &str) -> Result<(), (String, String)> {
    let mut child = Command::new("sh");
    child
        .arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .current_dir(root)
        .stdin(Stdio::null());
    crate::memory::restore_in_child(&mut child);
    let output = child
        .output()
        .map_err(|e| (format!("cannot run the verify command: {e}"), String::new()))?;
    if output.status.success() {
        Ok(())
    } else {
        Err((
            format!("verify command failed ({})", describe_exit(output.status)),
            tail(&output.stdout),
        ))
    }
}

/// The hooks directory: `core.hooksPath` (relative to the working tree) or `.git/hooks`.
fn hooks_dir(repo: &Repo) -> PathBuf {
    let configured = repo
        .repo
        .config()
        .and_then(|mut c| c.snapshot())
        .and_then(|c| c.get_path("core.hooksPath"));
    match configured {
        Ok(path) if path.is_absolute() => path,
        Ok(path) => repo.root.join(path),
        Err(_) => repo.repo.commondir().join("hooks"),
    }
}

/// Run a hook if it exists and is executable, as git does: in the working tree root, with
/// `GIT_INDEX_FILE` set and no editor.
fn run_hook(repo: &Repo, name: &str, args: &[&Path]) -> Result<(), (String, String)> {
    let hook = hooks_dir(repo).join(name);
    if !is_executable(&hook) {
        return Ok(());
    }
    let mut index_file = repo.repo.path().join("index");
    if !index_file.is_absolute() {
        index_file = repo.root.join(index_file);
    }
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("exec 2>&1\nexec \"$0\" \"$@\"")
        .arg(&hook)
        .args(args)
        .current_dir(&repo.root)
        .env("GIT_INDEX_FILE", index_file)
        .env("GIT_EDITOR", ":")
        .stdin(Stdio::null());
    crate::memory::restore_in_child(&mut command);
    let output = command
        .output()
        .map_err(|e| (format!("cannot run the {name} hook: {e}"), String::new()))?;
    if output.status.success() {
        Ok(())
    } else {
        Err((
            format!("{name} hook failed ({})", describe_exit(output.status)),
            tail(&output.stdout),
        ))
    }
}

/// Hand the message to `commit-msg` (which may edit it) and read it back.
fn commit_msg_hook(repo: &Repo, text: &str) -> Result<String, (String, String)> {
    let hook = hooks_dir(repo).join("commit-msg");
    if !is_executable(&hook) {
        return Ok(text.to_string());
    }
    let file = repo.repo.path().join("COMMIT_EDITMSG");
    std::fs::write(&file, text).map_err(|e| {
        (
            format!("cannot write {}: {e}", file.display()),
            String::new(),
        )
    })?;
    run_hook(repo, "commit-msg", &[&file])?;
    let edited = std::fs::read_to_string(&file).map_err(|e| {
        (
            format!("cannot read {} back: {e}", file.display()),
            String::new(),
        )
    })?;
    if edited.trim().is_empty() {
        return Err((
            "the commit-msg hook left an empty message".to_string(),
            String::new(),
        ));
    }
    Ok(edited)
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// Append the kept commits to `.git-blame-ignore-revs` and commit that.
fn commit_blame_ignore(
    repo: &mut Repo,
    kept: &[(Oid, String)],
    codemods: &[&str],
    options: &CommitOptions,
) -> Result<Oid, String> {
    let full = repo.root.join(BLAME_IGNORE_FILE);
    let before = std::fs::read(&full).ok();
    let mut text = before.clone().unwrap_or_default();
    if !text.is_empty() && !text.ends_with(b"\n") {
        text.push(b'\n');
    }
    for (oid, subject) in kept {
        text.extend_from_slice(format!("# {subject}\n{oid}\n").as_bytes());
    }
    if before.is_none() {
        std::fs::write(&full, b"")
            .map_err(|e| format!("cannot create {BLAME_IGNORE_FILE}: {e}"))?;
    }
    Writer::default()
        .replace(&full, &text)
        .map_err(|e| format!("cannot write {BLAME_IGNORE_FILE}: {e}"))?;
    let mut index = repo.repo.index().map_err(|e| e.message().to_string())?;
    index.read(true).map_err(|e| e.message().to_string())?;
    index
        .add_path(Path::new(BLAME_IGNORE_FILE))
        .map_err(|e| format!("cannot stage {BLAME_IGNORE_FILE}: {}", e.message()))?;
    index.write().map_err(|e| e.message().to_string())?;
    let entry = index
        .get_path(Path::new(BLAME_IGNORE_FILE), 0)
        .ok_or("the blame-ignore file vanished from the index")?;
    let parent = repo.head_commit()?;
    let parent_tree = parent.tree().map_err(|e| e.message().to_string())?;
    let tree_id = TreeUpdateBuilder::new()
        .upsert(BLAME_IGNORE_FILE, entry.id, FileMode::Blob)
        .create_updated(&repo.repo, &parent_tree)
        .map_err(|e| e.message().to_string())?;
    let tree = repo
        .repo
        .find_tree(tree_id)
        .map_err(|e| e.message().to_string())?;
    let message = format!(
        "Ignore {} pymig migration commit{} in git blame\n\n\
         They only apply pymig codemods ({}). With\n\
         `git config blame.ignoreRevsFile {BLAME_IGNORE_FILE}`, git blame skips them.\n",
        kept.len(),
        if kept.len() == 1 { "" } else { "s" },
        codemods.join(", ")
    );
    let author = options.author.signature()?;
    let committer = options.committer.signature()?;
    repo.repo
        .commit(
            Some("HEAD"),
            &author,
            &committer,
            &message,
            &tree,
            &[&parent],
        )
        .map_err(|e| format!("cannot commit {BLAME_IGNORE_FILE}: {}", e.message()))
}
