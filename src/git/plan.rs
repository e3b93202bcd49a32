//! Forming commits: changes → batches.
//!
//! Batches are formed per codemod (a commit never mixes two codemods, and codemods keep
//! the order they ran in), then grouped by directory or by CODEOWNERS owners, then cut so
//! that no batch exceeds `--max-files` files or `--max-lines` changed lines (a single
//! file larger than `--max-lines` gets a batch of its own). Everything is sorted, so the
//! same changes and options always give the same plan.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use super::codeowners::CodeOwners;
use super::FileChange;

/// The group name of files no CODEOWNERS rule assigns.
pub const UNOWNED: &str = "unowned";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// By directory: the top-level package directory (the outermost directory of a chain
    /// of `__init__.py` packages holding the file), `depth - 1` levels deeper; files
    /// outside packages by their first `depth` directories.
    Directory { depth: usize },
    /// By the owners CODEOWNERS gives each file; unowned files form their own group.
    Owners,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanOptions {
    pub split: Split,
    pub max_files: Option<usize>,
    pub max_lines: Option<usize>,
}

/// One future commit.
#[derive(Debug, Clone)]
pub struct Batch {
    pub codemod: String,
    /// 1-based position among this codemod's batches.
    pub number: usize,
    /// How many batches this codemod has.
    pub total: usize,
    /// The directory or owners the batch is grouped by.
    pub group: String,
    /// The owners of the batch's files (sorted, deduplicated).
    pub owners: Vec<String>,
    /// The files, sorted by path.
    pub files: Vec<FileChange>,
}

impl Batch {
    pub fn changed_lines(&self) -> usize {
        self.files.iter().map(|f| f.changed_lines).sum()
    }

    pub fn fixes(&self) -> usize {
        self.files.iter().map(|f| f.fixes).sum()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub batches: Vec<Batch>,
}

impl Plan {
    pub fn files(&self) -> usize {
        self.batches.iter().map(|b| b.files.len()).sum()
    }

    pub fn changed_lines(&self) -> usize {
        self.batches.iter().map(Batch::changed_lines).sum()
    }
}

/// Decides each file's group and owners.
pub struct Grouper {
    root: PathBuf,
    split: Split,
    owners: CodeOwners,
    packages: RefCell<HashMap<String, bool>>,
}

impl Grouper {
    /// `root` is the repository's working directory (for `__init__.py` and CODEOWNERS).
    pub fn new(root: PathBuf, split: Split, owners: CodeOwners) -> Grouper {
        Grouper {
            root,
            split,
            owners,
            packages: RefCell::new(HashMap::new()),
        }
    }

    pub fn owners(&self) -> &CodeOwners {
        &self.owners
    }

    /// (group, owners) of a repo-relative path.
    pub fn group_of(&self, path: &str) -> (String, Vec<String>) {
        let owners = self.owners.owners_of(path).to_vec();
        let group = match self.split {
            Split::Owners if owners.is_empty() => UNOWNED.to_string(),
            Split::Owners => owners.join(" "),
            Split::Directory { depth } => self.directory_group(path, depth.max(1)),
        };
        (group, owners)
    }

    fn directory_group(&self, path: &str, depth: usize) -> String {
        let mut dirs: Vec<&str> = path.split('/').collect();
        dirs.pop();
        if dirs.is_empty() {
            return ".".to_string();
        }
        // The outermost directory of the chain of packages that ends at the file's own.
        let mut top = dirs.len();
        while top > 0 && self.is_package(&dirs[..top].join("/")) {
            top -= 1;
        }
        let keep = if top == dirs.len() {
            depth
        } else {
            top + depth
        };
        dirs[..keep.min(dirs.len())].join("/")
    }

    fn is_package(&self, dir: &str) -> bool {
        if let Some(&known) = self.packages.borrow().get(dir) {
            return known;
        }
        let is = self.root.join(dir).join("__init__.py").is_file();
        self.packages.borrow_mut().insert(dir.to_string(), is);
        is
    }
}

/// Group key (unowned last, name) → files with their owners.
type Groups = BTreeMap<(bool, String), Vec<(FileChange, Vec<String>)>>;

/// Form the batches. `codemods` gives the order codemods ran in; changes of codemods not
/// listed come after, by name.
pub fn build(
    changes: Vec<FileChange>,
    codemods: &[String],
    options: &PlanOptions,
    grouper: &Grouper,
) -> Plan {
    let rank = |id: &str| codemods.iter().position(|c| c == id).unwrap_or(usize::MAX);
    // codemod → group → files
    let mut by_codemod: BTreeMap<(usize, String), Groups> = BTreeMap::new();
    for change in changes {
        let (group, owners) = grouper.group_of(&change.path);
        // Unowned files sort after owned ones.
        let key = (group == UNOWNED && options.split == Split::Owners, group);
        by_codemod
            .entry((rank(&change.codemod), change.codemod.clone()))
            .or_default()
            .entry(key)
            .or_default()
            .push((change, owners));
    }
    let mut plan = Plan::default();
    for ((_, codemod), groups) in by_codemod {
        let first = plan.batches.len();
        for ((_, group), mut files) in groups {
            files.sort_by(|a, b| a.0.path.cmp(&b.0.path));
            for chunk in cut(files, options) {
                let owners: BTreeSet<String> =
                    chunk.iter().flat_map(|(_, o)| o.iter().cloned()).collect();
                plan.batches.push(Batch {
                    codemod: codemod.clone(),
                    number: 0,
                    total: 0,
                    group: group.clone(),
                    owners: owners.into_iter().collect(),
                    files: chunk.into_iter().map(|(f, _)| f).collect(),
                });
            }
        }
        let total = plan.batches.len() - first;
        for (index, batch) in plan.batches[first..].iter_mut().enumerate() {
            batch.number = index + 1;
            batch.total = total;
        }
    }
    plan
}

/// Cut a group's files (in order) into chunks within the size limits.
fn cut<T: AsChange>(files: Vec<T>, options: &PlanOptions) -> Vec<Vec<T>> {
    let max_files = options.max_files.unwrap_or(usize::MAX).max(1);
    let max_lines = options.max_lines.unwrap_or(usize::MAX);
    let mut chunks: Vec<Vec<T>> = Vec::new();
    let mut current: Vec<T> = Vec::new();
    let mut lines = 0;
    for file in files {
        let file_lines = file.change().changed_lines;
        let fits = current.len() < max_files && lines + file_lines <= max_lines;
        if !current.is_empty() && !fits {
            chunks.push(std::mem::take(&mut current));
            lines = 0;
        }
        lines += file_lines;
        current.push(file);
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

trait AsChange {
    fn change(&self) -> &FileChange;
}

impl AsChange for (FileChange, Vec<String>) {
    fn change(&self) -> &FileChange {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(codemod: &str, path: &str, lines: usize) -> FileChange {
        FileChange {
            path: path.to_string(),
            codemod: codemod.to_string(),
            original: Vec::new(),
            updated: Vec::new(),
            fixes: 1,
            changed_lines: lines,
        }
    }

    fn grouper(dir: &std::path::Path, split: Split, codeowners: &str) -> Grouper {
        Grouper::new(dir.to_path_buf(), split, CodeOwners::parse(codeowners))
    }

    fn summary(plan: &Plan) -> Vec<String> {
        plan.batches
            .iter()
            .map(|b| {
                let files: Vec<&str> = b.files.iter().map(|f| f.path.as_str()).collect();
                format!(
                    "{} {}/{} {} [{}]",
                    b.codemod,
                    b.number,
                    b.total,
                    b.group,
                    files.join(" ")
                )
            })
            .collect()
    }

    #[test]
    fn groups_by_top_level_package_and_depth() {
        let dir = tempfile::tempdir().unwrap();
        for pkg in ["src/feed", "src/feed/sub"] {
            std::fs::create_dir_all(dir.path().join(pkg)).unwrap();
            std::fs::write(dir.path().join(pkg).join("__init__.py"), "").unwrap();
        }
        let changes = vec![
            change("m", "src/feed/sub/b.py", 1),
            change("m", "src/feed/a.py", 1),
            change("m", "tools/x/y.py", 1),
            change("m", "setup.py", 1),
        ];
        let options = PlanOptions {
            split: Split::Directory { depth: 1 },
            max_files: None,
            max_lines: None,
        };
        let g = grouper(dir.path(), options.split, "");
        let plan = build(changes.clone(), &["m".into()], &options, &g);
        assert_eq!(
            summary(&plan),
            [
                "m 1/3 . [setup.py]",
                "m 2/3 src/feed [src/feed/a.py src/feed/sub/b.py]",
                "m 3/3 tools [tools/x/y.py]"
            ]
        );
        let options = PlanOptions {
            split: Split::Directory { depth: 2 },
            ..options
        };
        let g = grouper(dir.path(), options.split, "");
        let plan = build(changes, &["m".into()], &options, &g);
        assert_eq!(
            summary(&plan),
            [
                "m 1/4 . [setup.py]",
                "m 2/4 src/feed [src/feed/a.py]",
                "m 3/4 src/feed/sub [src/feed/sub/b.py]",
                "m 4/4 tools/x [tools/x/y.py]"
            ]
        );
    }

    #[test]
    fn codemods_never_mix_and_keep_their_order() {
        let dir = tempfile::tempdir().unwrap();
        let changes = vec![
            change("b", "a/x.py", 1),
            change("a", "a/x.py", 1),
            change("b", "a/y.py", 1),
        ];
        let options = PlanOptions {
            split: Split::Directory { depth: 1 },
            max_files: None,
            max_lines: None,
        };
        let g = grouper(dir.path(), options.split, "");
        let plan = build(changes, &["b".into(), "a".into()], &options, &g);
        assert_eq!(
            summary(&plan),
            ["b 1/1 a [a/x.py a/y.py]", "a 1/1 a [a/x.py]"]
        );
    }

    #[test]
    fn cuts_by_files_and_lines() {
        let dir = tempfile::tempdir().unwrap();
        let changes = vec![
            change("m", "a/1.py", 5),
            change("m", "a/2.py", 5),
            change("m", "a/3.py", 30),
            change("m", "a/4.py", 1),
            change("m", "a/5.py", 1),
            change("m", "a/6.py", 1),
        ];
        let options = PlanOptions {
            split: Split::Directory { depth: 1 },
            max_files: Some(2),
            max_lines: Some(10),
        };
        let g = grouper(dir.path(), options.split, "");
        let plan = build(changes, &["m".into()], &options, &g);
        assert_eq!(
            summary(&plan),
            [
                "m 1/4 a [a/1.py a/2.py]",
                "m 2/4 a [a/3.py]",
                "m 3/4 a [a/4.py a/5.py]",
                "m 4/4 a [a/6.py]"
            ]
        );
    }

    #[test]
    fn owners_groups_put_unowned_last() {
        let dir = tempfile::tempdir().unwrap();
        let changes = vec![
            change("m", "z/1.py", 1),
            change("m", "a/2.py", 1),
            change("m", "b/3.py", 1),
        ];
        let options = PlanOptions {
            split: Split::Owners,
            max_files: None,
            max_lines: None,
        };
        let g = grouper(dir.path(), options.split, "/z/ @zed\n/b/ @bee @zed\n");
        let plan = build(changes, &["m".into()], &options, &g);
        assert_eq!(
            summary(&plan),
            [
                "m 1/3 @bee @zed [b/3.py]",
                "m 2/3 @zed [z/1.py]",
                "m 3/3 unowned [a/2.py]"
            ]
        );
        assert_eq!(plan.batches[0].owners, ["@bee", "@zed"]);
    }
}
