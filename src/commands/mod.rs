//! What each subcommand does. `main.rs` only parses arguments and calls in here.

pub mod apply;
pub mod completions;
pub mod git_flow;
pub mod list;
pub mod man;
pub mod parse;
pub mod test_codemods;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// A fatal error before or outside per-file work (bad flags, unknown codemod, bad config).
#[derive(Debug)]
pub struct Fatal(pub String);

impl<T: Into<String>> From<T> for Fatal {
    fn from(message: T) -> Fatal {
        Fatal(message.into())
    }
}

/// Exit code of a run stopped by SIGINT/SIGTERM.
pub const EXIT_INTERRUPTED: u8 = 130;

/// Set by the SIGINT/SIGTERM handler once [`stop_on_interrupt`] installed it.
pub static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// What the first SIGINT/SIGTERM prints (see [`stop_on_interrupt`]).
static INTERRUPT_MESSAGE: std::sync::Mutex<&str> = std::sync::Mutex::new("");

/// From now on, SIGINT/SIGTERM set [`INTERRUPTED`] (the first one also prints `message`)
/// instead of killing the process, so the caller can stop at a safe point.
pub fn stop_on_interrupt(message: &'static str) {
    use std::sync::atomic::Ordering;
    on_interrupt_say(message);
    let _ = ctrlc::set_handler(move || {
        if !INTERRUPTED.swap(true, Ordering::SeqCst) {
            let message = INTERRUPT_MESSAGE.lock().map_or("", |m| *m);
            eprintln!("{message}");
        }
    });
}

/// Change what an interrupt prints from now on, as the run reaches another stage.
pub fn on_interrupt_say(message: &'static str) {
    if let Ok(mut current) = INTERRUPT_MESSAGE.lock() {
        *current = message;
    }
}

pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Apply(args) if args.git.commit => git_flow::commit(&args),
        Command::Apply(args) => apply::run(&args, apply::Mode::from_args(&args)),
        Command::Plan(args) => git_flow::plan(&args),
        Command::List { json, codemods_dir } => list::list(json, &codemods_dir),
        Command::Explain { name, codemods_dir } => list::explain(&name, &codemods_dir),
        Command::TestCodemods { paths } => test_codemods::run(&paths),
        Command::Parse { paths, jobs } => parse::run(&paths, jobs),
        Command::Config {
            paths,
            selection,
            exclude,
            git,
        } => crate::config::run(&paths, &selection, &exclude, &git),
        Command::Completions { shell } => completions::run(shell),
        Command::Man { command, dir } => man::run(command.as_deref(), dir.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
