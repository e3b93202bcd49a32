//! Writing changes to disk atomically.
//!
//! The new content goes to a temporary file in the same directory, gets the original
//! file's permissions, and is renamed over the original. Just before that, the file is
//! read again: if it no longer holds the bytes we started from (someone edited it during
//! the run), it is left alone. When the change carries the file's size and modification
//! time from before it was read, those are compared instead (no second read). A symbolic link is written through: its target gets the
//! new content and the link stays a link.
//!
//! The temporary file is not `fsync`ed before the rename (as `git checkout` does not):
//! after a crash, a file may be empty or hold the old content; never a mix of the two
//! written by another program. `docs/performance.md` weighs the trade-off.

use std::fs;
use std::io::Write;

use crate::engine::{Change, FileStamp};

pub fn write_change(change: &Change) -> Result<(), String> {
    // One `lstat` for the common case; a link is resolved and its target stat'ed.
    let own = fs::symlink_metadata(&change.path).map_err(|e| format!("cannot stat: {e}"))?;
    let resolved;
    let (path, meta) = if own.file_type().is_symlink() {
        resolved = fs::canonicalize(&change.path)
            .map_err(|e| format!("cannot resolve symbolic link: {e}"))?;
        let meta = fs::metadata(&resolved).map_err(|e| format!("cannot stat: {e}"))?;
        (&resolved, meta)
    } else {
        (&change.path, own)
    };
    let unchanged = match &change.stamp {
        Some(stamp) => FileStamp::of(&meta).as_ref() == Some(stamp),
        None => {
            fs::read(path).map_err(|e| format!("cannot re-read before writing: {e}"))?
                == change.original
        }
    };
    if !unchanged {
        return Err("changed on disk during the run; not overwritten".to_string());
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
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
    tmp.persist(path)
        .map_err(|e| format!("cannot replace the file: {}", e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_refuses_concurrent_edits() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tool");
        fs::write(&path, "x = 1\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        let change = Change {
            path: path.clone(),
            original: b"x = 1\n".to_vec(),
            updated: b"x = 2\n".to_vec(),
            before: "x = 1\n".into(),
            after: "x = 2\n".into(),
            stamp: None,
        };
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
        let change = Change {
            path: path.clone(),
            original: b"x = 1\n".to_vec(),
            updated: b"x = 2\n".to_vec(),
            before: "x = 1\n".into(),
            after: "x = 2\n".into(),
            stamp,
        };
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

    #[cfg(unix)]
    #[test]
    fn writes_through_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.py");
        let link = dir.path().join("link.py");
        fs::write(&target, "x = 1\n").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let change = Change {
            path: link.clone(),
            original: b"x = 1\n".to_vec(),
            updated: b"x = 2\n".to_vec(),
            before: "x = 1\n".into(),
            after: "x = 2\n".into(),
            stamp: None,
        };
        write_change(&change).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"x = 2\n");
    }
}
