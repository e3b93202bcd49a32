//! Command-line interface definitions (clap). Behaviour lives in the `commands` modules.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub const EXIT_CODES: &str = "\
Exit codes:
  0  success (with --check: nothing would change)
  1  --check: some files would change
  2  errors: some files could not be processed (the others were), a bad argument,
     codemod or configuration, or (with --commit) a batch was dropped
  130  interrupted: with --commit, the branch is at the last complete commit;
       otherwise no file was changed";

#[derive(Parser, Debug)]
#[command(
    name = "pymig",
    version,
    about = "Migrate Python 2 code to Python 3 with exact, reviewable codemods",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Rewrite files with codemods (in place, or as a diff with --dry-run)
    #[command(after_help = EXIT_CODES)]
    Apply(ApplyArgs),
    /// Show the commits `apply --commit` would make, without writing anything
    #[command(after_help = EXIT_CODES)]
    Plan(ApplyArgs),
    /// List the available codemods and presets
    List {
        /// Machine-readable output
        #[arg(long)]
        json: bool,
        /// Also list codemods from rule files in DIR
        #[arg(long = "codemods-dir", value_name = "DIR")]
        codemods_dir: Vec<PathBuf>,
    },
    /// Explain what a codemod does, why, with examples and safety notes
    Explain {
        /// The codemod's name, e.g. lazy-map
        name: String,
        /// Also look in rule files in DIR
        #[arg(long = "codemods-dir", value_name = "DIR")]
        codemods_dir: Vec<PathBuf>,
    },
    /// Run the examples embedded in rule files and report failures
    TestCodemods {
        /// Directories or files of rules (default: the built-in codemods/)
        paths: Vec<PathBuf>,
    },
    /// Read, decode and parse every file, nothing else: the baseline `apply` is measured
    /// against (see docs/performance.md)
    #[command(hide = true)]
    Parse {
        /// Files or directories, walked as by `apply`
        #[arg(required = true, value_name = "PATHS")]
        paths: Vec<PathBuf>,
        /// Worker threads (default: all cores)
        #[arg(long, short = 'j', value_name = "N")]
        jobs: Option<usize>,
    },
    /// Print the effective configuration and where each value came from
    Config {
        /// Where to look for pyproject.toml / pymig.toml (default: .)
        paths: Vec<PathBuf>,

        #[command(flatten)]
        selection: Selection,

        /// Skip paths matching GLOB (as for `apply`)
        #[arg(long, value_name = "GLOB")]
        exclude: Vec<String>,

        #[command(flatten)]
        git: GitArgs,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions {
        /// The shell the script is for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on stdout, or write every page into DIR
    Man {
        /// Print the page of this command (pymig-COMMAND(1)) instead of pymig(1)
        #[arg(value_name = "COMMAND", conflicts_with = "dir")]
        command: Option<String>,
        /// Write pymig.1 and one pymig-COMMAND.1 per command into DIR (e.g.
        /// ~/.local/share/man/man1)
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Args, Debug, Clone)]
pub struct ApplyArgs {
    /// Files or directories to migrate (directories are walked, honouring .gitignore)
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub selection: Selection,

    /// Print a unified diff of what would change; write nothing
    #[arg(long, visible_alias = "diff")]
    pub dry_run: bool,

    /// Write nothing; exit 1 if any file would change (for CI)
    #[arg(long)]
    pub check: bool,

    /// Print a machine-readable JSON report on stdout
    #[arg(long)]
    pub json: bool,

    /// Worker threads (default: all cores)
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,

    /// Skip paths matching GLOB (repeatable; a glob without `/` matches any path component)
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// When to colour diffs
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Also print deliberate non-edits ("left alone: consumed by sorted()")
    #[arg(long, short = 'v')]
    pub verbose: bool,

    /// Print only errors
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Rewrite files that have uncommitted changes in git (refused with --commit)
    #[arg(long)]
    pub allow_dirty: bool,

    #[command(flatten)]
    pub git: GitArgs,
}

/// Which codemods run, and options that change what they do.
#[derive(Args, Debug, Clone, Default)]
pub struct Selection {
    /// Codemods to run, comma-separated or repeated (see `pymig list`)
    #[arg(long, short = 'c', value_delimiter = ',', value_name = "NAME")]
    pub codemod: Vec<String>,

    /// Run a preset: a whole ordered set of codemods (e.g. py3)
    #[arg(long, value_name = "NAME")]
    pub preset: Vec<String>,

    /// Load rule-file codemods from DIR (repeatable)
    #[arg(long = "codemods-dir", value_name = "DIR")]
    pub codemods_dir: Vec<PathBuf>,

    /// Configuration file (default: pymig.toml or [tool.pymig] in pyproject.toml, found
    /// by walking up from the paths)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Python 3 version the result must run on (3.8 … 3.13; default 3.11)
    #[arg(long, value_name = "X.Y")]
    pub target_version: Option<String>,

    /// Also migrate Python 2 code in docstring examples (doctests)
    #[arg(long)]
    pub doctests: bool,

    /// annotate: directory of .pyi stub files, matched by module path
    #[arg(long, value_name = "DIR")]
    pub stubs: Option<PathBuf>,

    /// annotate: sources to read types from (stubs, comments, docstrings)
    #[arg(long, value_delimiter = ',', value_name = "SOURCES")]
    pub annotate_from: Vec<String>,

    /// annotate: how a Python 2 `str` in documented types is read
    #[arg(long, value_name = "str|bytes")]
    pub py2_str: Option<String>,

    /// annotate: remove the type parts of docstrings once they are annotations
    #[arg(long)]
    pub strip_docstring_types: bool,

    /// Give every file to every codemod, even when its text lacks the words the codemod
    /// looks for (for checking that skipping such files changes no output)
    #[arg(long, hide = true)]
    pub no_prefilter: bool,

    /// Per-codemod options (`[tool.pymig.<codemod>]` in the configuration): codemod id →
    /// option → value. Not a flag.
    #[arg(skip)]
    pub settings:
        std::collections::BTreeMap<String, std::collections::BTreeMap<String, toml::Value>>,
}

/// Recording the migration as commits (libgit2 runs no git hooks unless --run-hooks).
#[derive(Args, Debug, Clone, Default)]
pub struct GitArgs {
    /// Record the result as a series of small commits on the current branch.
    /// Commits are made with libgit2, which runs no git hooks: see --run-hooks
    #[arg(long)]
    pub commit: bool,

    /// At most N files per commit
    #[arg(long, value_name = "N")]
    pub max_files: Option<usize>,

    /// At most N changed lines per commit
    #[arg(long, value_name = "N")]
    pub max_lines: Option<usize>,

    /// How to group files into commits
    #[arg(long, value_enum)]
    pub split_by: Option<SplitBy>,

    /// Directory depth used by --split-by directory (default 1: the top-level package
    /// directory; 2 goes one level deeper)
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,

    /// Run CMD (through `sh -c`, in the repo root) after each commit; if it fails the
    /// commit is removed again, the batch reported as dropped, and the run goes on
    #[arg(long, value_name = "CMD")]
    pub verify: Option<String>,

    /// Add a trailer to every commit message (repeatable), e.g. "Reviewed-by: X"
    #[arg(long, value_name = "KEY: VALUE")]
    pub trailer: Vec<String>,

    /// A file whose text lays out commit messages, with placeholders {subject} {codemod}
    /// {summary} {batch} {total} {group} {owners} {files} {file_count} {fixes} {lines}
    /// {what} {why} {body} {trailers} (see docs/git.md)
    #[arg(long, value_name = "FILE")]
    pub message_template: Option<PathBuf>,

    /// Run the repository's pre-commit and commit-msg hooks for each commit (honours
    /// core.hooksPath); a failing hook drops that batch
    #[arg(long)]
    pub run_hooks: bool,

    /// Append the created commit ids to .git-blame-ignore-revs in a final commit
    #[arg(long)]
    pub blame_ignore: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitBy {
    /// By directory (see --depth)
    Directory,
    /// By CODEOWNERS owners (.github/, root or docs/; last matching pattern wins)
    Owners,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
