use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    pymig::commands::run(pymig::cli::Cli::parse())
}
