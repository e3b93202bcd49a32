//! `pymig completions SHELL`: a completion script generated from the clap definition of
//! the command line, so it always offers the commands and flags this binary has.

use std::io::Write as _;
use std::process::ExitCode;

use clap::CommandFactory as _;
use clap_complete::Shell;

use super::Fatal;
use crate::cli::Cli;

pub fn run(shell: Shell) -> Result<ExitCode, Fatal> {
    let mut command = Cli::command();
    let name = command.get_name().to_string();
    // Rendered in memory first: clap_complete panics if its writer fails, and stdout may
    // be a closed pipe.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, name, &mut script);
    write_stdout(&script)
}

/// Writes `bytes` to stdout; a reader that went away (`| head`) is not an error.
pub(super) fn write_stdout(bytes: &[u8]) -> Result<ExitCode, Fatal> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(Fatal(format!("cannot write to stdout: {e}"))),
    }
}
