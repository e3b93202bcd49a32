//! Finding the Python files under the given paths.
//!
//! Directories are walked with the `ignore` crate, so `.gitignore`, `.ignore` and hidden
//! files are respected as in ripgrep. A file named explicitly is always taken (unless an
//! `--exclude` glob matches it). Within directories, `*.py` files and extensionless files
//! with a Python shebang are picked.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// The files to process, sorted, and the paths that could not be used.
#[derive(Debug, Default)]
pub struct Discovery {
    pub files: Vec<PathBuf>,
    /// `files[i]`'s size in bytes when it was found (0 if unknown): files are processed
    /// largest first (see [`crate::schedule`]).
    pub sizes: Vec<u64>,
    pub errors: Vec<(PathBuf, String)>,
}

impl Discovery {
    /// Keep the files (and their sizes) for which `keep` holds.
    pub fn retain_files(&mut self, mut keep: impl FnMut(&PathBuf) -> bool) {
        let kept: Vec<bool> = self.files.iter().map(&mut keep).collect();
        let mut flags = kept.iter();
        self.files.retain(|_| flags.next().copied().unwrap_or(true));
        let mut flags = kept.iter();
        self.sizes.retain(|_| flags.next().copied().unwrap_or(true));
    }
}

/// `--exclude` globs: a glob without `/` matches any path component's name (like a
/// `.gitignore` line); one with `/` matches the path relative to the walked root.
#[derive(Clone)]
pub struct Excludes {
    by_name: GlobSet,
    by_path: GlobSet,
}

impl Excludes {
    pub fn new(globs: &[String]) -> Result<Excludes, String> {
        let mut by_name = GlobSetBuilder::new();
        let mut by_path = GlobSetBuilder::new();
        for pattern in globs {
            let trimmed = pattern.trim_end_matches('/');
            let glob = Glob::new(trimmed.trim_start_matches("./"))
                .map_err(|e| format!("bad --exclude glob {pattern:?}: {e}"))?;
            if trimmed.contains('/') {
                by_path.add(glob);
            } else {
                by_name.add(glob);
            }
        }
        let build = |b: GlobSetBuilder| b.build().map_err(|e| format!("bad --exclude glob: {e}"));
        Ok(Excludes {
            by_name: build(by_name)?,
            by_path: build(by_path)?,
        })
    }

    fn matches(&self, root: &Path, path: &Path) -> bool {
        if path.file_name().is_some_and(|n| self.by_name.is_match(n)) {
            return true;
        }
        let relative = path.strip_prefix(root).unwrap_or(path);
        self.by_path.is_match(relative) || self.by_path.is_match(path)
    }
}

pub fn discover(paths: &[PathBuf], excludes: &Excludes) -> Discovery {
    let mut found = Discovery::default();
    let mut sized: Vec<(PathBuf, u64)> = Vec::new();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(meta) => meta,
            Err(e) => {
                found.errors.push((root.clone(), describe_io(&e)));
                continue;
            }
        };
        if meta.is_file() {
            if !excludes.matches(Path::new(""), root) {
                sized.push((root.clone(), meta.len()));
            }
            continue;
        }
        // Excluded directories are pruned, not walked.
        let (prune, prune_root) = (excludes.clone(), root.clone());
        // Directories are read on several threads; the results are sorted below, so the
        // order of the walk does not show.
        let walker = ignore::WalkBuilder::new(root)
            .standard_filters(true)
            .require_git(false)
            .filter_entry(move |e| e.depth() == 0 || !prune.matches(&prune_root, e.path()))
            .build_parallel();
        let shared = std::sync::Mutex::new((Vec::new(), Vec::new()));
        walker.run(|| {
            let shared = &shared;
            Box::new(move |entry| {
                // Decide outside the lock: a shebang check reads the file.
                let (file, error) = match entry {
                    Ok(entry) => {
                        let path = entry.path();
                        let wanted =
                            entry.file_type().is_some_and(|t| t.is_file()) && is_python_file(path);
                        // The size orders the work; a file that cannot be stat'ed now
                        // is reported when it is read.
                        let file = wanted.then(|| {
                            let size = entry.metadata().map_or(0, |m| m.len());
                            (path.to_path_buf(), size)
                        });
                        (file, None)
                    }
                    // An unreadable directory or file: report it, keep walking the rest.
                    Err(e) => (None, Some(describe_walk_error(&e, root))),
                };
                if file.is_some() || error.is_some() {
                    let mut found = match shared.lock() {
                        Ok(guard) => guard,
                        Err(poisoned) => poisoned.into_inner(),
                    };
                    found.0.extend(file);
                    found.1.extend(error);
                }
                ignore::WalkState::Continue
            })
        });
        let (files, errors) = shared
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        sized.extend(files);
        found.errors.extend(errors);
    }
    sized.sort();
    sized.dedup_by(|a, b| a.0 == b.0);
    (found.files, found.sizes) = sized.into_iter().unzip();
    found.errors.sort();
    found
}

/// The path a walk error is about (the innermost one the error names) and why.
fn describe_walk_error(error: &ignore::Error, root: &Path) -> (PathBuf, String) {
    let mut path = root.to_path_buf();
    let mut current = error;
    loop {
        match current {
            ignore::Error::WithPath { path: p, err } => {
                path = p.clone();
                current = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                current = err;
            }
            ignore::Error::Io(io) => return (path, describe_io(io)),
            other => return (path, other.to_string()),
        }
    }
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// `*.py`, or no extension and a `#!...python` first line.
pub fn is_python_file(path: &Path) -> bool {
    match path.extension() {
        Some(ext) => ext == "py",
        None => has_python_shebang(path),
    }
}

fn has_python_shebang(path: &Path) -> bool {
    let mut head = [0u8; 128];
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    let Ok(n) = file.read(&mut head) else {
        return false;
    };
    let head = &head[..n];
    if !head.starts_with(b"#!") {
        return false;
    }
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    String::from_utf8_lossy(line).contains("python")
}
