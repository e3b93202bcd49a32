//! Python 2 implicit relative imports: is an imported name a module next to the file?
//!
//! Every import of every file asks this, up to seven `stat`s each; instead each
//! directory is listed once and the listing is shared by all files and threads. A
//! listing younger than [`FRESH`] is reused as is; an older one only while the
//! directory's modification time is unchanged (one `stat`), so a file added or removed
//! during a long run is seen. (Checking the time on every lookup cost a `stat` per
//! imported name, and a re-listing after each file written into the directory.)

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, RwLock};
use std::time::{Duration, Instant, SystemTime};

/// How long a listing is trusted without looking at the directory again.
const FRESH: Duration = Duration::from_secs(2);

/// The file name endings of importable modules.
const MODULE_SUFFIXES: &[&str] = &[".py", ".pyc", ".so", ".sl", ".pyd"];

/// True when `name`'s first component is a module next to `file`, inside a package.
/// For a dotted name (`a.b`) the sibling must be a package: a module `a.py` has no
/// submodules, so `import a.b` cannot mean it.
pub fn is_sibling(file: &Path, name: &str) -> bool {
    let Some(dir) = directory(file) else {
        return false;
    };
    let here = listing(dir);
    if !here.has_file("__init__.py") {
        return false;
    }
    let head = name.split('.').next().unwrap_or(name);
    if head.is_empty() {
        return false;
    }
    let package = here.has_dir(head) && listing(&dir.join(head)).has_file("__init__.py");
    if name.contains('.') {
        return package;
    }
    package
        || MODULE_SUFFIXES
            .iter()
            .any(|ext| here.has_file(&format!("{head}{ext}")))
}

/// True when some name that [`is_sibling`] accepts as the first component of a module
/// name passes `wanted`: a module file's stem or a package's name, for a file inside a
/// package. One listing of the file's directory (shared), plus one for each subdirectory
/// `wanted` accepts.
pub fn any_sibling(file: &Path, mut wanted: impl FnMut(&str) -> bool) -> bool {
    let Some(dir) = directory(file) else {
        return false;
    };
    let here = listing(dir);
    if !here.has_file("__init__.py") {
        return false;
    }
    fn module(name: &OsString) -> Option<&str> {
        let name = name.to_str()?;
        MODULE_SUFFIXES
            .iter()
            .find_map(|ext| name.strip_suffix(ext))
    }
    here.files
        .iter()
        .filter_map(module)
        .any(|stem| !stem.is_empty() && wanted(stem))
        || here.dirs.iter().any(|d| {
            d.to_str()
                .is_some_and(|d| wanted(d) && listing(&dir.join(d)).has_file("__init__.py"))
        })
}

/// The directory holding `file`'s siblings (`.` for a bare file name).
fn directory(file: &Path) -> Option<&Path> {
    let dir = file.parent()?;
    Some(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    })
}

/// The files and directories in one directory (symbolic links followed).
#[derive(Default)]
struct Listing {
    modified: Option<SystemTime>,
    /// When the listing was last known current, in nanoseconds since [`EPOCH`].
    checked: AtomicU64,
    files: HashSet<OsString>,
    dirs: HashSet<OsString>,
}

impl Listing {
    fn has_file(&self, name: &str) -> bool {
        self.files.contains(std::ffi::OsStr::new(name))
    }

    fn has_dir(&self, name: &str) -> bool {
        self.dirs.contains(std::ffi::OsStr::new(name))
    }

    fn read(dir: &Path, modified: Option<SystemTime>) -> Listing {
        let mut listing = Listing {
            modified,
            checked: AtomicU64::new(now()),
            ..Listing::default()
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return listing;
        };
        for entry in entries.flatten() {
            let Ok(mut kind) = entry.file_type() else {
                continue;
            };
            if kind.is_symlink() {
                match std::fs::metadata(entry.path()) {
                    Ok(meta) => kind = meta.file_type(),
                    Err(_) => continue,
                }
            }
            if kind.is_dir() {
                listing.dirs.insert(entry.file_name());
            } else if kind.is_file() {
                listing.files.insert(entry.file_name());
            }
        }
        listing
    }
}

static LISTINGS: LazyLock<RwLock<HashMap<PathBuf, Arc<Listing>>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

static EPOCH: LazyLock<Instant> = LazyLock::new(Instant::now);

fn now() -> u64 {
    u64::try_from(EPOCH.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

fn cached(dir: &Path) -> Option<Arc<Listing>> {
    LISTINGS.read().ok()?.get(dir).cloned()
}

fn listing(dir: &Path) -> Arc<Listing> {
    let known = cached(dir);
    if let Some(listing) = &known {
        let age = now().saturating_sub(listing.checked.load(Ordering::Relaxed));
        if u128::from(age) < FRESH.as_nanos() {
            return Arc::clone(listing);
        }
    }
    let modified = std::fs::metadata(dir).and_then(|m| m.modified()).ok();
    if let Some(listing) = known {
        if modified.is_some() && listing.modified == modified {
            listing.checked.store(now(), Ordering::Relaxed);
            return listing;
        }
    }
    let listing = Arc::new(Listing::read(dir, modified));
    if modified.is_some() {
        if let Ok(mut map) = LISTINGS.write() {
            map.insert(dir.to_path_buf(), Arc::clone(&listing));
        }
    }
    listing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_modules_and_packages_next_to_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("__init__.py"), "").unwrap();
        std::fs::write(root.join("a.py"), "").unwrap();
        std::fs::write(root.join("helpers.py"), "").unwrap();
        std::fs::create_dir(root.join("pkg")).unwrap();
        std::fs::write(root.join("pkg/__init__.py"), "").unwrap();
        std::fs::create_dir(root.join("plain")).unwrap();
        let file = root.join("a.py");
        assert!(is_sibling(&file, "helpers"));
        assert!(is_sibling(&file, "pkg"));
        assert!(is_sibling(&file, "pkg.sub"));
        assert!(
            !is_sibling(&file, "helpers.sub"),
            "a module has no submodules"
        );
        assert!(!is_sibling(&file, "plain"), "not a package");
        assert!(!is_sibling(&file, "os"));
        let mut seen = Vec::new();
        assert!(!any_sibling(&file, |name| {
            seen.push(name.to_string());
            false
        }));
        seen.sort();
        assert_eq!(seen, ["__init__", "a", "helpers", "pkg", "plain"]);
        assert!(any_sibling(&file, |name| name == "pkg"));
        assert!(!any_sibling(&file, |name| name == "plain"), "not a package");
        assert!(
            !any_sibling(&root.join("plain/x.py"), |_| true),
            "not in a package"
        );
    }
}
