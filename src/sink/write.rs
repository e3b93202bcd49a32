//! Writing changes to disk atomically.
//!
//! A change is first *staged* ([`stage`]): the file is checked and its new content kept
//! in memory (or, past [`MEMORY_BUDGET`], in a temporary file beside it). Once every file
//! of a run is staged, a [`Writer`] per worker puts them in place: each file's new
//! content goes to a scratch file, gets the original's permissions, and is swapped with
//! the original in one atomic `renameat2(RENAME_EXCHANGE)`; readers see the old file or
//! the new one, never a mix. When staging and again just before the swap, the file is
//! checked: if it no longer holds the bytes we started from (someone edited it during the
//! run), it is left alone. When the change carries the file's size and modification time
//! from before it was read, those are compared instead (no second read). A symbolic link
//! is written through: its target gets the new content and the link stays a link.
//!
//! After the swap the scratch name holds the old file. When nothing else can see that
//! inode (one link, owned by us, no extended attributes such as ACLs or security labels,
//! open in no other process), it becomes the scratch file for the next change instead of
//! being deleted; otherwise only our name for it is removed, so other links and open
//! descriptors keep the old content, as with a rename. A run thus creates and deletes
//! about one file per worker, not one per change: on ext4 every creation scans the inodes
//! deleted in the last minute, which made rewriting a few hundred files right after
//! deleting a few thousand (a previous copy of a tree) several times slower. Where the
//! swap is not available (other systems, file systems without it) a fresh temporary file
//! is renamed over the original instead.
//!
//! Nothing is `fsync`ed (as `git checkout` does not): after a crash, a file may be empty
//! or hold the old content; never a mix of the two written by another program.
//! `docs/performance.md` weighs the trade-off.

#[cfg(target_os = "linux")]
use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::engine::{Change, FileStamp};

/// How many bytes of staged content a run keeps in memory; changes staged beyond it go
/// to temporary files at once, so a run over a huge tree does not hold it all in memory.
pub const MEMORY_BUDGET: usize = 256 << 20;

/// What the file on disk must still be for a staged change to replace it.
enum Expected {
    Stamp(FileStamp),
    Bytes(Vec<u8>),
}

/// Where a staged change's new content waits.
enum Content {
    Memory(Vec<u8>),
    /// A temporary file beside the target (deleted when dropped).
    File(tempfile::TempPath),
}

/// A change checked and ready to be put in place by a [`Writer`].
///
/// `apply` stages every change first and then puts them all in place in one quick sweep:
/// an interruption while rewriting leaves no file changed (dropping a `Staged` deletes
/// its temporary file, if any), and no file is replaced while others are still being
/// computed.
pub struct Staged {
    target: PathBuf,
    permissions: fs::Permissions,
    expected: Expected,
    content: Content,
}

/// Write `change` to disk now: [`stage`] then [`Writer::commit`].
pub fn write_change(change: Change) -> Result<(), String> {
    Writer::default().commit(stage(change, &AtomicUsize::new(0))?)
}

/// Check that `change`'s file is still as read, and keep its new content for the sweep:
/// in memory while `held` (bytes kept by the run so far) stays within [`MEMORY_BUDGET`],
/// else in a temporary file (with the original's permissions) beside the file.
pub fn stage(change: Change, held: &AtomicUsize) -> Result<Staged, String> {
    // One `lstat` for the common case; a link is resolved and its target stat'ed.
    let own = fs::symlink_metadata(&change.path).map_err(|e| format!("cannot stat: {e}"))?;
    let (target, meta) = if own.file_type().is_symlink() {
        let resolved = fs::canonicalize(&change.path)
            .map_err(|e| format!("cannot resolve symbolic link: {e}"))?;
        let meta = fs::metadata(&resolved).map_err(|e| format!("cannot stat: {e}"))?;
        (resolved, meta)
    } else {
        (change.path, own)
    };
    let expected = match change.stamp {
        Some(stamp) => Expected::Stamp(stamp),
        None => Expected::Bytes(change.original),
    };
    check_unchanged(&target, &meta, &expected)?;
    let size = change.updated.len();
    let content = if held.fetch_add(size, Ordering::Relaxed) + size <= MEMORY_BUDGET {
        Content::Memory(change.updated)
    } else {
        held.fetch_sub(size, Ordering::Relaxed);
        Content::File(write_temp(&target, &change.updated, meta.permissions())?)
    };
    Ok(Staged {
        target,
        permissions: meta.permissions(),
        expected,
        content,
    })
}

/// A new temporary file beside `target` holding `bytes`, with `permissions`.
fn write_temp(
    target: &Path,
    bytes: &[u8],
    permissions: fs::Permissions,
) -> Result<tempfile::TempPath, String> {
    let dir = parent_dir(target);
    let mut tmp = new_temp(&dir)
        .map_err(|e| format!("cannot create a temporary file in {}: {e}", dir.display()))?;
    tmp.write_all(bytes)
        .map_err(|e| format!("cannot write temporary file: {e}"))?;
    tmp.as_file()
        .set_permissions(permissions)
        .map_err(|e| format!("cannot copy permissions: {e}"))?;
    Ok(tmp.into_temp_path())
}

/// A new, empty temporary file in `dir`, named `.pymig-*.tmp` (deleted when dropped).
fn new_temp(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".pymig-")
        .suffix(".tmp")
        .tempfile_in(dir)
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Puts staged changes in place (one per worker thread). Dropping it deletes its
/// scratch files.
#[derive(Default)]
pub struct Writer {
    /// Per file system (device number): an unused file to write the next change to.
    #[cfg(target_os = "linux")]
    scratch: HashMap<u64, Scratch>,
    /// File systems where the swap is not available: changes there are renamed in.
    #[cfg(target_os = "linux")]
    no_exchange: std::collections::HashSet<u64>,
}

impl Writer {
    /// Put `staged` in place, unless its file changed on disk since it was read.
    pub fn commit(&mut self, staged: Staged) -> Result<(), String> {
        let meta = fs::metadata(&staged.target).map_err(|e| format!("cannot stat: {e}"))?;
        check_unchanged(&staged.target, &meta, &staged.expected)?;
        match staged.content {
            Content::File(temp) => {
                if exchange(&temp, &staged.target).is_ok() {
                    // The temporary path now holds the old content; dropping it removes it.
                    return Ok(());
                }
                temp.persist(&staged.target)
                    .map_err(|e| format!("cannot replace the file: {}", e.error))
            }
            Content::Memory(bytes) => self.put(&staged.target, &meta, &bytes, staged.permissions),
        }
    }

    /// Replace the file at `path` with `bytes` atomically, keeping its permissions, with
    /// no check of what it holds now (for callers that own the file's state, like the git
    /// batcher putting a batch in place or back).
    pub fn replace(&mut self, path: &Path, bytes: &[u8]) -> Result<(), String> {
        let meta = fs::metadata(path).map_err(|e| format!("cannot stat: {e}"))?;
        let permissions = meta.permissions();
        self.put(path, &meta, bytes, permissions)
    }

    /// Swap `bytes` in for `target` (whose metadata is `meta`), or rename a new temporary
    /// file over it where swapping is not available.
    fn put(
        &mut self,
        target: &Path,
        meta: &fs::Metadata,
        bytes: &[u8],
        permissions: fs::Permissions,
    ) -> Result<(), String> {
        if self.swap_in(target, meta, bytes, &permissions) {
            return Ok(());
        }
        write_temp(target, bytes, permissions)?
            .persist(target)
            .map_err(|e| format!("cannot replace the file: {}", e.error))
    }

    /// Write `bytes` to this file system's scratch file and swap it with `target`; false
    /// when that could not be done (nothing changed then, and the caller renames a new
    /// temporary file in instead, which reports any error).
    #[cfg(target_os = "linux")]
    fn swap_in(
        &mut self,
        target: &Path,
        meta: &fs::Metadata,
        bytes: &[u8],
        permissions: &fs::Permissions,
    ) -> bool {
        use std::os::unix::fs::MetadataExt;
        let device = meta.dev();
        if self.no_exchange.contains(&device) {
            return false;
        }
        let scratch = match self.scratch.remove(&device) {
            Some(scratch) => scratch,
            None => match Scratch::create(&parent_dir(target)) {
                Some(scratch) => scratch,
                None => return false,
            },
        };
        if scratch.fill(bytes, permissions, meta.gid()).is_err() {
            return false;
        }
        match exchange(&scratch.path, target) {
            Ok(()) => {
                if let Some(next) = scratch.take_back() {
                    self.scratch.insert(device, next);
                }
                true
            }
            Err(error) => {
                // Not supported here (or the scratch file is on another mount of the same
                // file system): stop trying on this one.
                if matches!(
                    error.raw_os_error(),
                    Some(libc::EINVAL | libc::ENOSYS | libc::EXDEV)
                ) {
                    self.no_exchange.insert(device);
                }
                false
            }
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn swap_in(&mut self, _: &Path, _: &fs::Metadata, _: &[u8], _: &fs::Permissions) -> bool {
        false
    }
}

/// A file of ours, not visible to anyone else, whose content is disposable.
#[cfg(target_os = "linux")]
struct Scratch {
    file: fs::File,
    /// Deleted when dropped.
    path: tempfile::TempPath,
    /// Bytes in the file now (old content, overwritten by the next fill).
    len: u64,
    gid: u32,
}

#[cfg(target_os = "linux")]
impl Scratch {
    fn create(dir: &Path) -> Option<Scratch> {
        use std::os::unix::fs::MetadataExt;
        let (file, path) = new_temp(dir).ok()?.into_parts();
        let gid = file.metadata().ok()?.gid();
        Some(Scratch {
            file,
            path,
            len: 0,
            gid,
        })
    }

    /// Make the file hold exactly `bytes`, with `permissions` and group `gid`. An error
    /// when the group cannot be set: the caller then writes a fresh file instead, whose
    /// group is the one the system gives new files (as before the scratch file existed).
    fn fill(&self, bytes: &[u8], permissions: &fs::Permissions, gid: u32) -> std::io::Result<()> {
        use std::os::unix::fs::FileExt;
        use std::os::unix::io::AsRawFd;
        // Overwrite, then cut: truncating to zero first would make ext4 start writing
        // the file back when it is closed (its `auto_da_alloc` heuristic).
        self.file.write_all_at(bytes, 0)?;
        if self.len > bytes.len() as u64 {
            self.file.set_len(bytes.len() as u64)?;
        }
        self.file.set_permissions(permissions.clone())?;
        // SAFETY: a valid open descriptor; -1 leaves the owner as it is.
        if gid != self.gid && unsafe { libc::fchown(self.file.as_raw_fd(), u32::MAX, gid) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }

    /// After a swap, the scratch path names the replaced file: keep it as the next
    /// scratch file if nothing else can see it, else delete the name.
    fn take_back(self) -> Option<Scratch> {
        use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
        let Scratch { file, path, .. } = self;
        drop(file);
        let old = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&path)
            .ok()?;
        let meta = old.metadata().ok()?;
        // SAFETY: geteuid cannot fail.
        let ours = meta.uid() == unsafe { libc::geteuid() };
        let private = meta.file_type().is_file() && meta.nlink() == 1 && ours;
        if !private || has_extended_attributes(&old) || !open_only_here(&old) {
            // Still linked elsewhere, carrying attributes of its own or open in another
            // process: dropping `path` only removes our name for it.
            return None;
        }
        Some(Scratch {
            file: old,
            path,
            len: meta.len(),
            gid: meta.gid(),
        })
    }
}

/// Whether no other process has the file open (nor mapped): the kernel grants a write
/// lease only then. The lease is given back at once; from now on the file can only be
/// opened through the scratch file's own random name.
#[cfg(target_os = "linux")]
fn open_only_here(file: &fs::File) -> bool {
    use std::os::unix::io::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: a valid descriptor; F_SETLEASE only takes or drops a lease on it.
    unsafe {
        if libc::fcntl(fd, libc::F_SETLEASE, libc::F_WRLCK) != 0 {
            return false;
        }
        libc::fcntl(fd, libc::F_SETLEASE, libc::F_UNLCK) == 0
    }
}

/// Whether the open file has extended attributes (ACLs, security labels, user data);
/// true when that cannot be told.
#[cfg(target_os = "linux")]
fn has_extended_attributes(file: &fs::File) -> bool {
    use std::os::unix::io::AsRawFd;
    // SAFETY: a valid descriptor; a null buffer of size 0 asks only for the list's size.
    let size = unsafe { libc::flistxattr(file.as_raw_fd(), std::ptr::null_mut(), 0) };
    if size >= 0 {
        return size > 0;
    }
    std::io::Error::last_os_error().raw_os_error() != Some(libc::ENOTSUP)
}

/// Atomically swap two paths (Linux `renameat2(RENAME_EXCHANGE)`); an error when the
/// system or file system cannot, and then nothing happened. Readers see the old file or
/// the new one, as with a rename. Unlike a rename over an existing file, ext4 does not
/// start writing the new file's data back inside the call (its `auto_da_alloc`
/// heuristic), which made replacing hundreds of files several times slower; the data
/// reaches the disk with the normal write-back, the same no-fsync trade-off as above.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
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
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
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
        write_change(change.clone()).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"x = 2\n");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o755);
        // The file no longer holds `original`: refuse.
        assert!(write_change(change.clone()).is_err());
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
        assert!(write_change(change.clone()).is_err());
        assert_eq!(fs::read(&path).unwrap(), b"x = 10\n");
        // Stamp as read: written.
        let change = Change {
            stamp: FileStamp::of(&fs::metadata(&path).unwrap()),
            original: b"x = 10\n".to_vec(),
            ..change
        };
        write_change(change.clone()).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"x = 2\n");
    }

    #[test]
    fn a_staged_change_is_put_in_place_only_by_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.py");
        fs::write(&path, "x = 1\n").unwrap();
        let change = x_one_to_two(&path, FileStamp::of(&fs::metadata(&path).unwrap()));
        // Dropped (an interrupted run): the file is untouched, no temporary file is left.
        drop(stage(change.clone(), &AtomicUsize::new(0)).unwrap());
        assert_eq!(fs::read(&path).unwrap(), b"x = 1\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        // Edited by someone else between staging and commit: refused, file kept.
        let staged = stage(change.clone(), &AtomicUsize::new(0)).unwrap();
        fs::write(&path, "x = 10\n").unwrap();
        assert!(Writer::default().commit(staged).is_err());
        assert_eq!(fs::read(&path).unwrap(), b"x = 10\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        // Staged and committed: in place.
        let change = Change {
            original: b"x = 10\n".to_vec(),
            stamp: FileStamp::of(&fs::metadata(&path).unwrap()),
            ..change
        };
        let staged = stage(change, &AtomicUsize::new(0)).unwrap();
        Writer::default().commit(staged).unwrap();
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
        write_change(change.clone()).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"x = 2\n");
    }

    /// A change from `before` to `after` for the file at `path`, stamped as it is now.
    fn change_of(path: &Path, before: &str, after: &str) -> Change {
        Change {
            path: path.to_path_buf(),
            original: before.as_bytes().to_vec(),
            updated: after.as_bytes().to_vec(),
            before: before.into(),
            after: after.into(),
            stamp: FileStamp::of(&fs::metadata(path).unwrap()),
        }
    }

    /// Stage every change, then put them in place through one writer, as one worker's
    /// share of the final sweep is.
    fn sweep(changes: Vec<Change>) {
        let held = AtomicUsize::new(0);
        let staged: Vec<Staged> = changes
            .into_iter()
            .map(|change| stage(change, &held).unwrap())
            .collect();
        let mut writer = Writer::default();
        for file in staged {
            writer.commit(file).unwrap();
        }
    }

    #[cfg(unix)]
    #[test]
    fn one_writer_puts_many_files_in_place_and_leaves_nothing_behind() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        // Lengths go up and down so a reused scratch file must be cut to size.
        let files = [
            (
                "a.py",
                "short = 1\n",
                "short = 2  # now longer than before\n",
                0o644,
            ),
            (
                "sub/b.py",
                "x = 'a much longer original file'\n",
                "x = 1\n",
                0o755,
            ),
            ("c.py", "", "y = 2\n", 0o600),
            ("sub/d.py", "z = 3\n", "z = 4\n", 0o640),
        ];
        let mut changes = Vec::new();
        for (name, before, after, mode) in files {
            let path = dir.path().join(name);
            fs::write(&path, before).unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
            changes.push(change_of(&path, before, after));
        }
        sweep(changes);
        for (name, _, after, mode) in files {
            let path = dir.path().join(name);
            assert_eq!(fs::read_to_string(&path).unwrap(), after, "{name}");
            let actual = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(actual, mode, "{name}");
        }
        let mut left: Vec<String> = walk_names(dir.path());
        left.sort();
        assert_eq!(left, ["a.py", "c.py", "sub", "sub/b.py", "sub/d.py"]);
    }

    fn walk_names(root: &Path) -> Vec<String> {
        let mut names = Vec::new();
        let mut pending = vec![root.to_path_buf()];
        while let Some(dir) = pending.pop() {
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                if path.is_dir() {
                    pending.push(path);
                }
                names.push(name);
            }
        }
        names
    }

    /// The replaced file's inode is reused only when nothing else can see it: a second
    /// hard link keeps the old content, whatever is written after it.
    #[cfg(unix)]
    #[test]
    fn a_hard_linked_file_keeps_its_old_content_under_its_other_name() {
        let dir = tempfile::tempdir().unwrap();
        let linked = dir.path().join("a.py");
        let other_name = dir.path().join("a_copy.py");
        let next = dir.path().join("b.py");
        fs::write(&linked, "old = 1\n").unwrap();
        fs::hard_link(&linked, &other_name).unwrap();
        fs::write(&next, "b = 1\n").unwrap();
        sweep(vec![
            change_of(&linked, "old = 1\n", "new = 1\n"),
            change_of(&next, "b = 1\n", "b = 2\n"),
        ]);
        assert_eq!(fs::read_to_string(&linked).unwrap(), "new = 1\n");
        assert_eq!(fs::read_to_string(&other_name).unwrap(), "old = 1\n");
        assert_eq!(fs::read_to_string(&next).unwrap(), "b = 2\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    /// Extended attributes belong to the file they were set on: a replaced file that has
    /// some is not reused for the next one.
    #[cfg(target_os = "linux")]
    #[test]
    fn attributes_of_a_replaced_file_do_not_travel_to_the_next() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let tagged = dir.path().join("a.py");
        let next = dir.path().join("b.py");
        fs::write(&tagged, "a = 1\n").unwrap();
        fs::write(&next, "b = 1\n").unwrap();
        let path = std::ffi::CString::new(tagged.as_os_str().as_bytes()).unwrap();
        let name = c"user.pymig-test";
        // SAFETY: valid C strings and a 3-byte value.
        let set =
            unsafe { libc::setxattr(path.as_ptr(), name.as_ptr(), b"yes".as_ptr().cast(), 3, 0) };
        if set != 0 {
            // This file system takes no user attributes: nothing to test here.
            return;
        }
        sweep(vec![
            change_of(&tagged, "a = 1\n", "a = 2\n"),
            change_of(&next, "b = 1\n", "b = 2\n"),
        ]);
        assert_eq!(fs::read_to_string(&next).unwrap(), "b = 2\n");
        let next_file = fs::File::open(&next).unwrap();
        assert!(!has_extended_attributes(&next_file));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn past_the_memory_budget_changes_wait_in_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.py");
        fs::write(&path, "x = 1\n").unwrap();
        let held = AtomicUsize::new(MEMORY_BUDGET);
        let staged = stage(change_of(&path, "x = 1\n", "x = 2\n"), &held).unwrap();
        assert!(matches!(staged.content, Content::File(_)));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
        Writer::default().commit(staged).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "x = 2\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        assert_eq!(held.load(Ordering::Relaxed), MEMORY_BUDGET);
    }

    /// A process that holds the old file open keeps reading the old content: that inode
    /// is not reused for the next change.
    #[cfg(unix)]
    #[test]
    fn a_file_open_elsewhere_keeps_its_old_content_for_its_reader() {
        use std::io::{Read, Seek};
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("a.py");
        let next = dir.path().join("b.py");
        fs::write(&first, "old = 1\n").unwrap();
        fs::write(&next, "b = 1\n").unwrap();
        let mut reader = fs::File::open(&first).unwrap();
        sweep(vec![
            change_of(&first, "old = 1\n", "new = 1\n"),
            change_of(&next, "b = 1\n", "b = 2\n"),
        ]);
        let mut seen = String::new();
        reader.rewind().unwrap();
        reader.read_to_string(&mut seen).unwrap();
        assert_eq!(seen, "old = 1\n");
        assert_eq!(fs::read_to_string(&first).unwrap(), "new = 1\n");
        assert_eq!(fs::read_to_string(&next).unwrap(), "b = 2\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
