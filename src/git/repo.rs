//! Opening the repository and deciding which files may be rewritten.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use git2::{Repository, RepositoryState, Status, StatusOptions};

/// A repository ready for committing on its current branch.
pub struct Repo {
    pub repo: Repository,
    /// The working directory, canonical.
    pub root: PathBuf,
    /// The checked-out branch (`refs/heads/…`).
    pub branch: String,
    statuses: HashMap<String, Status>,
}

/// Whether a file may be rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    /// Tracked, and worktree = index = HEAD.
    Clean,
    /// Tracked with uncommitted changes (the reason says which).
    Dirty(String),
    /// Not tracked by git (new or ignored).
    Untracked,
    /// Tracked, but not as a regular file (a symbolic link).
    NotAFile,
}

impl Repo {
    /// Find the repository holding `paths` and check it can take commits: not bare, on a
    /// branch with at least one commit, and not in the middle of a merge, rebase,
    /// cherry-pick, revert or bisect.
    pub fn open(paths: &[PathBuf]) -> Result<Repo, String> {
        let first = paths
            .first()
            .map(PathBuf::as_path)
            .unwrap_or(Path::new("."));
        let start = existing_dir(first);
        let repo = Repository::discover(&start).map_err(|_| {
            format!(
                "not a git repository (or any parent up to /): {}",
                first.display()
            )
        })?;
        if repo.is_bare() {
            return Err(format!(
                "{} is a bare repository: there is no working tree to migrate",
                repo.path().display()
            ));
        }
        let root = repo
            .workdir()
            .ok_or("the repository has no working tree")?
            .canonicalize()
            .map_err(|e| format!("cannot resolve the working tree: {e}"))?;
        let state = repo.state();
        if state != RepositoryState::Clean {
            return Err(format!(
                "the repository is in the middle of {}: finish or abort it first",
                describe_state(state)
            ));
        }
        if repo.head_detached().unwrap_or(false) {
            return Err(
                "HEAD is detached: check out the branch the commits should go on".to_string(),
            );
        }
        let branch = repo
            .find_reference("HEAD")
            .map_err(|e| format!("cannot read HEAD: {}", e.message()))?
            .symbolic_target()
            .unwrap_or("HEAD")
            .to_string();
        if repo.head().is_err() {
            return Err(format!(
                "{branch} has no commits yet: make a first commit, then migrate"
            ));
        }
        for path in paths {
            let resolved = existing_dir(path)
                .canonicalize()
                .unwrap_or_else(|_| path.clone());
            if !resolved.starts_with(&root) {
                return Err(format!(
                    "{} is outside the repository at {}",
                    path.display(),
                    root.display()
                ));
            }
        }
        let mut repo = Repo {
            repo,
            root,
            branch,
            statuses: HashMap::new(),
        };
        repo.refresh_statuses()?;
        Ok(repo)
    }

    /// Re-read `git status` for the whole working tree.
    pub fn refresh_statuses(&mut self) -> Result<(), String> {
        self.statuses = statuses(&self.repo)?;
        Ok(())
    }

    /// The repo-relative, `/`-separated name of a path on disk (`None` if outside).
    pub fn relative(&self, path: &Path) -> Option<String> {
        relative_to(&self.root, path)
    }

    /// Whether the file may be rewritten, from the statuses read at open (or refresh).
    pub fn state_of(&self, relative: &str) -> FileState {
        if let Some(status) = self.statuses.get(relative) {
            return classify(*status);
        }
        match self
            .repo
            .index()
            .ok()
            .and_then(|i| i.get_path(Path::new(relative), 0))
        {
            None => FileState::Untracked,
            Some(entry) if entry.mode & 0o170000 != 0o100000 => FileState::NotAFile,
            Some(_) => FileState::Clean,
        }
    }

    /// Fresh statuses of some files (one scan limited to them); clean files are absent.
    pub fn statuses_of(&self, paths: &[&str]) -> Result<HashMap<String, Status>, String> {
        if paths.is_empty() {
            return Ok(HashMap::new());
        }
        let mut options = StatusOptions::new();
        options
            .include_untracked(true)
            .include_ignored(true)
            .exclude_submodules(true)
            .disable_pathspec_match(true);
        for path in paths {
            options.pathspec(*path);
        }
        let list = self
            .repo
            .statuses(Some(&mut options))
            .map_err(|e| format!("cannot read git status: {}", e.message()))?;
        Ok(list
            .iter()
            .filter_map(|entry| Some((entry.path()?.to_string(), entry.status())))
            .collect())
    }

    /// The commit HEAD points to.
    pub fn head_commit(&self) -> Result<git2::Commit<'_>, String> {
        self.repo
            .head()
            .and_then(|h| h.peel_to_commit())
            .map_err(|e| format!("cannot read HEAD: {}", e.message()))
    }
}

fn describe_state(state: RepositoryState) -> &'static str {
    match state {
        RepositoryState::Merge => "a merge",
        RepositoryState::Revert | RepositoryState::RevertSequence => "a revert",
        RepositoryState::CherryPick | RepositoryState::CherryPickSequence => "a cherry-pick",
        RepositoryState::Bisect => "a bisect",
        RepositoryState::Rebase
        | RepositoryState::RebaseInteractive
        | RepositoryState::RebaseMerge => "a rebase",
        RepositoryState::ApplyMailbox | RepositoryState::ApplyMailboxOrRebase => "`git am`",
        RepositoryState::Clean => "nothing",
    }
}

fn classify(status: Status) -> FileState {
    if status.is_empty() {
        return FileState::Clean;
    }
    if status.intersects(Status::WT_NEW | Status::IGNORED) && !status.intersects(Status::INDEX_NEW)
    {
        return FileState::Untracked;
    }
    if status.is_conflicted() {
        return FileState::Dirty("has merge conflicts".to_string());
    }
    if status.is_index_new() {
        return FileState::Dirty("is staged but never committed".to_string());
    }
    let staged = status.intersects(
        Status::INDEX_MODIFIED
            | Status::INDEX_DELETED
            | Status::INDEX_RENAMED
            | Status::INDEX_TYPECHANGE,
    );
    let unstaged = status.intersects(
        Status::WT_MODIFIED | Status::WT_DELETED | Status::WT_RENAMED | Status::WT_TYPECHANGE,
    );
    FileState::Dirty(
        match (staged, unstaged) {
            (true, true) => "has staged and unstaged changes",
            (true, false) => "has staged changes",
            _ => "has uncommitted changes",
        }
        .to_string(),
    )
}

fn statuses(repo: &Repository) -> Result<HashMap<String, Status>, String> {
    let mut options = StatusOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .exclude_submodules(true)
        .renames_head_to_index(false);
    let list = repo
        .statuses(Some(&mut options))
        .map_err(|e| format!("cannot read git status: {}", e.message()))?;
    Ok(list
        .iter()
        .filter_map(|entry| Some((entry.path()?.to_string(), entry.status())))
        .collect())
}

/// `path` itself if it is a directory, else its parent (or `.`).
fn existing_dir(path: &Path) -> PathBuf {
    if path.is_dir() {
        return path.to_path_buf();
    }
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The repo-relative name of `path` under the canonical `root`, resolving symbolic links
/// in the directories but not in the file name.
pub fn relative_to(root: &Path, path: &Path) -> Option<String> {
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let full = parent.canonicalize().ok()?.join(name);
    let relative = full.strip_prefix(root).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_str().map(str::to_string))
        .collect::<Option<_>>()?;
    Some(parts.join("/"))
}

/// For plain `pymig apply`: which files have uncommitted work (or are not tracked) in
/// the git repository holding them. Files outside any repository pass.
pub struct WorktreeGuard {
    /// Directory as named → its canonical path (resolving links once per directory,
    /// not once per file).
    canonical: HashMap<PathBuf, Option<PathBuf>>,
    /// Directory → the working tree holding it (if any).
    dirs: HashMap<PathBuf, Option<PathBuf>>,
    /// Working tree → its statuses and repository.
    repos: HashMap<PathBuf, (Repository, HashMap<String, Status>)>,
}

impl Default for WorktreeGuard {
    fn default() -> Self {
        WorktreeGuard::new()
    }
}

impl WorktreeGuard {
    pub fn new() -> WorktreeGuard {
        WorktreeGuard {
            canonical: HashMap::new(),
            dirs: HashMap::new(),
            repos: HashMap::new(),
        }
    }

    /// `Some(reason)` if the file `path` must not be rewritten. (Only files: the walk
    /// found them, so no `stat` is spent asking.)
    pub fn refuse(&mut self, path: &Path) -> Option<String> {
        let named = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let dir = self.canonical_dir(&named)?;
        let root = self.worktree_of(&dir)?;
        let (repo, statuses) = self.repos.get(&root)?;
        // The directory is resolved already: only the file name is added.
        let name = path.file_name()?.to_str()?;
        let mut parts: Vec<&str> = dir
            .strip_prefix(&root)
            .ok()?
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect::<Option<_>>()?;
        parts.push(name);
        let relative = parts.join("/");
        let state = match statuses.get(&relative) {
            Some(status) => classify(*status),
            None => match repo
                .index()
                .ok()
                .and_then(|i| i.get_path(Path::new(&relative), 0))
            {
                None => FileState::Untracked,
                Some(_) => FileState::Clean,
            },
        };
        match state {
            FileState::Clean | FileState::NotAFile => None,
            FileState::Dirty(reason) => Some(format!(
                "{reason}; not rewritten (commit or stash them, or pass --allow-dirty)"
            )),
            FileState::Untracked => Some(
                "is not tracked by git; not rewritten (commit it first, or pass --allow-dirty)"
                    .to_string(),
            ),
        }
    }

    /// The canonical form of the directory `named`. A directory whose parent was resolved
    /// already, and which is not a symbolic link itself, costs one `lstat` (not a
    /// `realpath` walking every component).
    fn canonical_dir(&mut self, named: &Path) -> Option<PathBuf> {
        if let Some(dir) = self.canonical.get(named) {
            return dir.clone();
        }
        let derived = match (named.parent(), named.file_name()) {
            (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
                let plain = std::fs::symlink_metadata(named).is_ok_and(|m| m.is_dir());
                if plain
                    && matches!(
                        named.components().next_back(),
                        Some(std::path::Component::Normal(_))
                    )
                {
                    self.canonical_dir(parent).map(|p| p.join(name))
                } else {
                    None
                }
            }
            _ => None,
        };
        let dir = derived.or_else(|| named.canonicalize().ok());
        self.canonical.insert(named.to_path_buf(), dir.clone());
        dir
    }

    /// The working tree holding the canonical directory `dir`, if any. A directory without
    /// a `.git` entry of its own is in the same working tree as its parent: one `lstat`
    /// per directory instead of a discovery walking up every ancestor.
    fn worktree_of(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(root) = self.dirs.get(dir) {
            return root.clone();
        }
        let own_entry = std::fs::symlink_metadata(dir.join(".git")).is_ok();
        let root = match dir.parent() {
            Some(parent) if !own_entry => self.worktree_of(parent),
            _ => Repository::discover(dir).ok().and_then(|repo| {
                let root = repo.workdir()?.canonicalize().ok()?;
                if !self.repos.contains_key(&root) {
                    let statuses = statuses(&repo).ok()?;
                    self.repos.insert(root.clone(), (repo, statuses));
                }
                Some(root)
            }),
        };
        self.dirs.insert(dir.to_path_buf(), root.clone());
        root
    }
}
