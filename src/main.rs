use std::process::ExitCode;

use clap::Parser;

// mimalloc for Rust and for tree-sitter's C allocations: parsing allocates and frees many
// small nodes, and glibc malloc showed up at ~10% of a profile.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (the same index in mimalloc 2 and 3; the bindings
/// do not name it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Never hand freed pages back to the OS: every file's trees are freed and the next
    // file's allocated again at once, and a purged page comes back as a fresh page the
    // kernel must zero. The peak stays the same; only its release waits for the exit.
    // SAFETY: setting an option is allowed at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    // Huge pages off for pymig itself (see `memory`).
    pymig::memory::disable_huge_pages();
    // SAFETY: this runs before any tree-sitter object exists, so everything tree-sitter
    // allocates is freed by the same allocator.
    unsafe {
        tree_sitter::set_allocator(
            Some(libmimalloc_sys::mi_malloc),
            Some(calloc_written),
            Some(libmimalloc_sys::mi_realloc),
            Some(libmimalloc_sys::mi_free),
        );
    }
    pymig::commands::run(pymig::cli::Cli::parse())
}

/// tree-sitter's `calloc`: the block is zeroed by writing to it, even when it is fresh from
/// the OS and known to be zero. Compiling a query fills a 1.4 MB table sparsely, reading
/// each entry before writing it; on untouched memory each page was first mapped to the
/// kernel's shared zero page and then copied on the write, a second fault that also
/// interrupted the other worker to flush its TLB (half the start-up time of a run).
unsafe extern "C" fn calloc_written(count: usize, size: usize) -> *mut std::ffi::c_void {
    let Some(bytes) = count.checked_mul(size) else {
        return std::ptr::null_mut();
    };
    // SAFETY: mimalloc returns null or a block of at least `bytes` bytes.
    unsafe {
        let block = libmimalloc_sys::mi_malloc(bytes);
        if !block.is_null() {
            std::ptr::write_bytes(block.cast::<u8>(), 0, bytes);
        }
        block
    }
}
