//! Writing changes to disk atomically.
//!
//! The new content goes to a temporary file in the same directory, gets the original
//! file's permissions, and is renamed over the original ([`stage`], then
//! [`Staged::commit`]). When staging and again just before the rename, the file is
//! checked: if it no longer holds the bytes we started from (someone edited it during
//! the run), it is left alone. When the change carries the file's size and modification
//! time from before it was read, those are compared instead (no second read). A symbolic
//! link is written through: its target gets the new content and the link stays a link.
//!
//! The temporary file is not `fsync`ed before the rename (as `git checkout` does not):
//! after a crash, a file may be empty or hold the old content; never a mix of the two
//! written by another program. `docs/performance.md` weighs the trade-off.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use crate::engine::{Change, FileStamp};

/// What the file on disk must still be for a staged change to replace it.
enum Expected {
    Stamp(FileStamp),
    Bytes(Vec<u8>),
}

/// A change written to a temporary file beside its target, not yet in place.
///
/// `apply` stages every change first and then puts them all in place in one quick sweep:
/// an interruption while rewriting leaves no file changed (dropping a `Staged` deletes
/// its temporary file), and no file is replaced while others are still being computed.
pub struct Staged {
    target: PathBuf,
    temp: tempfile::TempPath,
    expected: Expected,
}

/// Write `change` to disk now: [`stage`] then [`Staged::commit`].
pub fn write_change(change: &Change) -> Result<(), String> {
    stage(change)?.commit()
}

/// Write `change`'s new content to a temporary file (with the original's permissions)
/// in the same directory as the file it replaces.
pub fn stage(change: &Change) -> Result<Staged, String> {
    // One `lstat` for the common case; a link is resolved and its target stat'ed.
    let own = fs::symlink_metadata(&change.path).map_err(|e| format!("cannot stat: {e}"))?;
    let (target, meta) = if own.file_type().is_symlink() {
        let resolved = fs::canonicalize(&change.path)
            .map_err(|e| format!("cannot resolve symbolic link: {e}"))?;
        let meta = fs::metadata(&resolved).map_err(|e| format!("cannot stat: {e}"))?;
        (resolved, meta)
    } else {
        (change.path.clone(), own)
    };
    let expected = match &change.stamp {
        Some(stamp) => Expected::Stamp(stamp.clone()),
        None => Expected::Bytes(change.original.clone()),
    };
    check_unchanged(&target, &meta, &expected)?;
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".pymig-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| format!("cannot create a temporary file in {}: {e}", dir.display()))?;
    tmp.write_all(&change.updated)
        .map_err(|e| format!("cannot write temporary file: {e}"))?;
    tmp.as_file()
        .set_permissions(meta.permissions())
        .map_err(|e| format!("cannot copy permissions: {e}"))?;
    Ok(Staged {
        target,
        temp: tmp.into_temp_path(),
        expected,
    })
}

impl Staged {
    /// Rename the temporary file over its target, unless the target changed on disk
    /// since it was read.
    pub fn commit(self) -> Result<(), String> {
        let meta = fs::metadata(&self.target).map_err(|e| format!("cannot stat: {e}"))?;
        check_unchanged(&self.target, &meta, &self.expected)?;
        if exchange(&self.temp, &self.target) {
            // The temporary path now holds the old content; dropping it removes it.
            return Ok(());
        }
        self.temp
            .persist(&self.target)
            .map_err(|e| format!("cannot replace the file: {}", e.error))
    }
}

/// Atomically swap two paths (Linux `renameat2(RENAME_EXCHANGE)`); false when the system
/// or file system cannot, and then nothing happened. Readers see the old file or the new
/// one, as with a rename. Unlike a rename over an existing file, ext4 does not start
/// writing the new file's data back inside the call (its `auto_da_alloc` heuristic), which
/// made replacing hundreds of files several times slower; the data reaches the disk with
/// the normal write-back, the same no-fsync trade-off as above.
#[cfg(target_os = "linux")]
fn exchange(a: &std::path::Path, b: &std::path::Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both are valid NUL-terminated paths; renameat2 only reads them.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    result == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &std::path::Path, _b: &std::path::Path) -> bool {
    false
}

/// The file at `path` (whose metadata is `meta`) is still the one that was read.
fn check_unchanged(
    path: &std::path::Path,
    meta: &fs::Metadata,
    expected: &Expected,
) -> Result<(), String> {
    let unchanged = match expected {
        Expected::Stamp(stamp) => FileStamp::of(meta).as_ref() == Some(stamp),
        Expected::Bytes(original) => {
            &fs::read(path).map_err(|e| format!("cannot re-read before writing: {e}"))? == original
        }
    };
    if unchanged {
        Ok(())
    } else {
        Err("changed on disk during the run; not overwritten".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A change from `x = 1` to `x = 2` at `path`.
    fn x_one_to_two(path: &std::path::Path, stamp: Option<FileStamp>) -> Change {
        Change {
            path: path.to_path_buf(),
            original: b"x = 1\n".to_vec(),
            updated: b"x = 2\n".to_vec(),
            before: "x = 1\n".into(),
            after: "x = 2\n".into(),
            stamp,
        }
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_refuses_concurrent_edits() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tool");
        fs::write(&path, "x = 1\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        let change = x_one_to_two(&path, None);
        write_change(&change).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"x = 2\n");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o755);
        // The file no longer holds `original`: refuse.
        assert!(write_change(&change).is_err());
        assert_eq!(fs::read(&path).unwrap(), b"x = 2\n");
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary files left behind");
    }

    #[test]
    fn refuses_a_file_whose_stamp_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.py");
        fs::write(&path, "x = 1\n").unwrap();
        let stamp = FileStamp::of(&fs::metadata(&path).unwrap());
        let change = x_one_to_two(&path, stamp);
        // Edited by someone else since it was read: a different size.
        fs::write(&path, "x = 10\n").unwrap();
        assert!(write_change(&change).is_err());
        assert_eq!(fs::read(&path).unwrap(), b"x = 10\n");
        // Stamp as read: written.
        let change = Change {
            stamp: FileStamp::of(&fs::metadata(&path).unwrap()),
            original: b"x = 10\n".to_vec(),
            ..change
        };
        write_change(&change).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"x = 2\n");
    }

    #[test]
    fn a_staged_change_is_put_in_place_only_by_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.py");
        fs::write(&path, "x = 1\n").unwrap();
        let change = x_one_to_two(&path, FileStamp::of(&fs::metadata(&path).unwrap()));
        // Dropped (an interrupted run): the file is untouched, no temporary file is left.
        drop(stage(&change).unwrap());
        assert_eq!(fs::read(&path).unwrap(), b"x = 1\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        // Edited by someone else between staging and commit: refused, file kept.
        let staged = stage(&change).unwrap();
        fs::write(&path, "x = 10\n").unwrap();
        assert!(staged.commit().is_err());
        assert_eq!(fs::read(&path).unwrap(), b"x = 10\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        // Staged and committed: in place.
        let change = Change {
            original: b"x = 10\n".to_vec(),
            stamp: FileStamp::of(&fs::metadata(&path).unwrap()),
            ..change
        };
        stage(&change).unwrap().commit().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"x = 2\n");
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.py");
        let link = dir.path().join("link.py");
        fs::write(&target, "x = 1\n").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let change = x_one_to_two(&link, None);
        write_change(&change).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"x = 2\n");
    }
}
