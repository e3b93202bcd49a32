use std::process::ExitCode;

use clap::Parser;

// mimalloc for Rust and for tree-sitter's C allocations: parsing allocates and frees many
// small nodes, and glibc malloc showed up at ~10% of a profile.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // SAFETY: this runs before any tree-sitter object exists, so everything tree-sitter
    // allocates is freed by the same allocator.
    unsafe {
        tree_sitter::set_allocator(
            Some(libmimalloc_sys::mi_malloc),
            Some(libmimalloc_sys::mi_calloc),
            Some(libmimalloc_sys::mi_realloc),
            Some(libmimalloc_sys::mi_free),
        );
    }
    pymig::commands::run(pymig::cli::Cli::parse())
}
