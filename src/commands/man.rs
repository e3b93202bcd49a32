//! `pymig man`: man pages (roff) generated from the clap definition of the command line.
//! `pymig man` prints pymig(1), `pymig man apply` prints pymig-apply(1), and
//! `pymig man --dir DIR` writes all of them (hidden commands left out) for `man` to find.

use std::path::Path;
use std::process::ExitCode;

use clap::CommandFactory as _;
use clap_mangen::Man;

use super::Fatal;
use crate::cli::Cli;

pub fn run(command: Option<&str>, dir: Option<&Path>) -> Result<ExitCode, Fatal> {
    let mut cli = Cli::command().disable_help_subcommand(true);
    // Building fills in what the pages show: `pymig-apply` as a subcommand's name, the
    // generated help flags.
    cli.build();
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| Fatal(format!("{}: cannot create: {e}", dir.display())))?;
        write_pages(&cli, dir)
            .map_err(|e| Fatal(format!("{}: cannot write man pages: {e}", dir.display())))?;
        return Ok(ExitCode::SUCCESS);
    }
    let command = match command {
        None => cli,
        Some(name) => visible(&cli)
            .find(|c| c.get_name() == name || c.get_all_aliases().any(|a| a == name))
            .cloned()
            .ok_or_else(|| {
                let names: Vec<&str> = visible(&cli).map(|c| c.get_name()).collect();
                Fatal(format!(
                    "no command {name:?} (commands: {})",
                    names.join(", ")
                ))
            })?,
    };
    let mut roff = Vec::new();
    page(command)
        .render(&mut roff)
        .map_err(|e| Fatal(format!("cannot render the man page: {e}")))?;
    super::completions::write_stdout(&roff)
}

/// The subcommands that have a page: not the hidden ones.
fn visible(command: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    command.get_subcommands().filter(|c| !c.is_hide_set())
}

/// The page of `command`, whose header names pymig and its version (clap_mangen would
/// show the subcommand's own, empty, version).
fn page(command: clap::Command) -> Man {
    Man::new(command).source(format!("pymig {}", env!("CARGO_PKG_VERSION")))
}

/// pymig.1 and one page per visible subcommand, at any depth.
fn write_pages(command: &clap::Command, dir: &Path) -> std::io::Result<()> {
    for sub in visible(command) {
        write_pages(sub, dir)?;
    }
    page(command.clone()).generate_to(dir)?;
    Ok(())
}
