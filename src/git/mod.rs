//! Recording a migration as a series of small git commits (libgit2 through `git2`).
//!
//! This layer knows nothing of syntax trees or codemods' internals: it receives
//! [`FileChange`]s (a path, its bytes before and after, which codemod, how many fixes and
//! changed lines) and turns them into a [`plan::Plan`] of batches, then into commits
//! ([`commit`]). The command layer (`commands::git_flow`) runs the engine and feeds it.
//!
//! - [`repo`]: opening the repository, refusing unsafe states, classifying files (clean,
//!   dirty, untracked), identities from config and `GIT_AUTHOR_*`/`GIT_COMMITTER_*`.
//! - [`plan`]: batching per codemod, by directory or CODEOWNERS, cut by size.
//! - [`codeowners`]: CODEOWNERS parsing and matching (last matching pattern wins).
//! - [`message`]: commit messages (default layout and `--message-template`).
//! - [`commit`]: writing, staging (with git's filters), committing, hooks, `--verify`,
//!   roll-back, `.git-blame-ignore-revs`.

pub mod codeowners;
pub mod commit;
pub mod ident;
pub mod message;
pub mod plan;
pub mod repo;

/// One file rewritten by one codemod. `path` is relative to the repository's working
/// directory, with `/` separators (as git names it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub path: String,
    /// The codemod that made the change.
    pub codemod: String,
    /// The bytes the change starts from (the worktree's, or an earlier codemod's output).
    pub original: Vec<u8>,
    pub updated: Vec<u8>,
    /// Number of fixes (edits) the codemod made in this file.
    pub fixes: usize,
    /// Number of changed lines (see [`changed_lines`]).
    pub changed_lines: usize,
}

/// A codemod as the git layer sees it: for messages only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodemodInfo {
    pub id: String,
    /// One-line summary.
    pub summary: String,
    /// The Markdown documentation (`## What it does`, `## Why`, …).
    pub docs: String,
}

/// Count changed lines between two texts: for each differing region, the larger of the
/// removed and added line counts (so a one-line edit counts 1, not 2).
pub fn changed_lines(before: &str, after: &str) -> usize {
    use similar::{DiffOp, TextDiff};
    let diff = TextDiff::from_lines(before, after);
    diff.ops()
        .iter()
        .map(|op| match *op {
            DiffOp::Equal { .. } => 0,
            DiffOp::Delete { old_len, .. } => old_len,
            DiffOp::Insert { new_len, .. } => new_len,
            DiffOp::Replace {
                old_len, new_len, ..
            } => old_len.max(new_len),
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_edit_counts_one_changed_line() {
        assert_eq!(
            changed_lines("a\nx = map(f, y)\nb\n", "a\nx = list(map(f, y))\nb\n"),
            1
        );
        assert_eq!(changed_lines("a\n", "a\nb\nc\n"), 2);
        assert_eq!(changed_lines("a\n", "a\n"), 0);
    }
}
