//! Transparent huge pages off for pymig's own process, not for the programs it runs.
//!
//! mimalloc is built not to ask for huge pages (`MI_NO_THP`, `.cargo/config.toml`), but a
//! kernel set to use them everywhere (`always`) still gives them to its large aligned
//! regions. Each worker's first allocations then fault in 2 MiB pages that the kernel
//! zeroes whole, though a run uses little of each: with them, resident memory was twice
//! as large and zeroing pages was a visible part of a run's start (more on a virtual
//! machine, where a page touched for the first time is also the host's to provide). The
//! setting is inherited by child processes, so the hooks and verify commands pymig runs
//! get it back ([`restore_in_child`]).

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set when [`disable_huge_pages`] changed the process's setting (it was not already off).
static DISABLED_HERE: AtomicBool = AtomicBool::new(false);

/// Turn transparent huge pages off for this process (Linux; elsewhere nothing to do).
pub fn disable_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: PR_GET/SET_THP_DISABLE only read or set a flag of this process.
        let changed = unsafe {
            libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) == 0
                && libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) == 0
        };
        if changed {
            DISABLED_HERE.store(true, Ordering::Relaxed);
        }
    }
}

/// Have `command`'s process start with huge pages as they were before
/// [`disable_huge_pages`].
pub fn restore_in_child(command: &mut Command) {
    #[cfg(target_os = "linux")]
    if DISABLED_HERE.load(Ordering::Relaxed) {
        use std::os::unix::process::CommandExt;
        // SAFETY: prctl is async-signal-safe, and this closure touches nothing else.
        unsafe {
            command.pre_exec(|| {
                libc::prctl(libc::PR_SET_THP_DISABLE, 0, 0, 0, 0);
                Ok(())
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = command;
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// A child started through `restore_in_child` reports the setting its parent had
    /// before, not the one pymig set for itself.
    #[test]
    fn children_get_the_setting_back() {
        // SAFETY: reads a flag of this process.
        let before = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        disable_huge_pages();
        // SAFETY: as above.
        let now = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(now, 1, "off for this process");
        let read_flag = |restore: bool| {
            let mut command = Command::new("sh");
            command.args(["-c", "grep THP_enabled /proc/self/status"]);
            if restore {
                restore_in_child(&mut command);
            }
            let output = command.output().expect("sh runs");
            String::from_utf8_lossy(&output.stdout).trim().to_string()
        };
        let expected = if before == 0 {
            "THP_enabled:\t1"
        } else {
            "THP_enabled:\t0"
        };
        // Kernels before 6.0 do not report the flag; then there is nothing to compare.
        let restored = read_flag(true);
        if !restored.is_empty() {
            assert_eq!(restored, expected);
            assert_eq!(
                read_flag(false),
                "THP_enabled:\t0",
                "inherited when not restored"
            );
        }
    }
}
