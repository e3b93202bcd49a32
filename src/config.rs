//! Project configuration: `pymig.toml`, or `[tool.pymig]` in `pyproject.toml`.
//!
//! The file is found by walking up from the first path given (closest directory wins;
//! in one directory `pymig.toml` beats `pyproject.toml`), or named with `--config`.
//! Command-line flags win over the file; list values (`exclude`, `codemods-dir`) add up.
//! Every key is documented in `docs/config.md`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::cli::{ApplyArgs, GitArgs, Selection, SplitBy};
use crate::commands::Fatal;

/// The keys `[tool.pymig]` accepts (besides per-codemod tables).
pub const KEYS: &[&str] = &[
    "codemods",
    "preset",
    "exclude",
    "target-version",
    "codemods-dir",
    "max-files",
    "max-lines",
    "split-by",
    "depth",
    "verify",
];

/// The default target version when neither the file nor the command line sets one.
pub const DEFAULT_TARGET_VERSION: &str = "3.11";

/// What one configuration file sets.
#[derive(Debug, Clone, Default)]
pub struct FileConfig {
    pub path: PathBuf,
    /// `tool.pymig` in a pyproject.toml, empty in pymig.toml (for messages).
    pub prefix: String,
    pub codemods: Option<Vec<String>>,
    pub preset: Option<Vec<String>>,
    pub exclude: Option<Vec<String>>,
    pub target_version: Option<String>,
    /// Resolved relative to the configuration file's directory.
    pub codemods_dir: Option<Vec<PathBuf>>,
    pub max_files: Option<usize>,
    pub max_lines: Option<usize>,
    pub split_by: Option<SplitBy>,
    pub depth: Option<usize>,
    pub verify: Option<String>,
    /// `[tool.pymig.<codemod>]` tables.
    pub settings: BTreeMap<String, BTreeMap<String, toml::Value>>,
}

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    CommandLine,
    File(PathBuf),
    /// A list joined from the file and the command line.
    FileAndCommandLine(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => write!(f, "default"),
            Origin::CommandLine => write!(f, "command line"),
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::FileAndCommandLine(path) => write!(f, "{} + command line", path.display()),
        }
    }
}

impl FileConfig {
    fn key_name(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }

    fn error(&self, key: &str, message: impl fmt::Display) -> Fatal {
        Fatal(format!(
            "{}: `{}`: {message}",
            self.path.display(),
            self.key_name(key)
        ))
    }

    /// Parse a configuration file. `pyproject.toml` without `[tool.pymig]` gives `None`.
    pub fn load(path: &Path) -> Result<Option<FileConfig>, Fatal> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Fatal(format!("{}: cannot read: {e}", path.display())))?;
        let table: toml::Table = toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                .unwrap_or(1);
            Fatal(format!("{}:{line}: {}", path.display(), e.message().trim()))
        })?;
        let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
        let (table, prefix) = if is_pyproject {
            let pymig = table
                .get("tool")
                .and_then(|t| t.as_table())
                .and_then(|t| t.get("pymig"));
            match pymig {
                None => return Ok(None),
                Some(toml::Value::Table(t)) => (t.clone(), "tool.pymig".to_string()),
                Some(_) => {
                    return Err(Fatal(format!(
                        "{}: `tool.pymig` must be a table",
                        path.display()
                    )))
                }
            }
        } else {
            (table, String::new())
        };
        let mut config = FileConfig {
            path: path.to_path_buf(),
            prefix,
            ..FileConfig::default()
        };
        let base = path.parent().unwrap_or(Path::new("."));
        for (key, value) in &table {
            match key.as_str() {
                "codemods" => config.codemods = Some(config.strings(key, value, false)?),
                "preset" => config.preset = Some(config.strings(key, value, true)?),
                "exclude" => config.exclude = Some(config.strings(key, value, false)?),
                "codemods-dir" => {
                    let dirs = config.strings(key, value, true)?;
                    config.codemods_dir = Some(dirs.iter().map(|d| base.join(d)).collect());
                }
                "target-version" => {
                    let version = value
                        .as_str()
                        .ok_or_else(|| config.error(key, "must be a string like \"3.11\""))?;
                    crate::commands::apply::parse_target_version(version)
                        .map_err(|e| config.error(key, e.0))?;
                    config.target_version = Some(version.to_string());
                }
                "max-files" => config.max_files = Some(config.count(key, value)?),
                "max-lines" => config.max_lines = Some(config.count(key, value)?),
                "depth" => config.depth = Some(config.count(key, value)?),
                "split-by" => {
                    config.split_by = Some(match value.as_str() {
                        Some("directory") => SplitBy::Directory,
                        Some("owners") => SplitBy::Owners,
                        _ => return Err(config.error(key, "must be \"directory\" or \"owners\"")),
                    })
                }
                "verify" => {
                    let command = value
                        .as_str()
                        .ok_or_else(|| config.error(key, "must be a shell command (a string)"))?;
                    config.verify = Some(command.to_string());
                }
                _ => match value {
                    toml::Value::Table(options) => {
                        config
                            .settings
                            .insert(key.clone(), options.clone().into_iter().collect());
                    }
                    _ => {
                        return Err(config.error(
                            key,
                            format!(
                                "unknown key (known: {}, or a [codemod-id] table of options)",
                                KEYS.join(", ")
                            ),
                        ))
                    }
                },
            }
        }
        Ok(Some(config))
    }

    fn strings(
        &self,
        key: &str,
        value: &toml::Value,
        allow_single: bool,
    ) -> Result<Vec<String>, Fatal> {
        match value {
            toml::Value::String(s) if allow_single => Ok(vec![s.clone()]),
            toml::Value::Array(items) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| self.error(key, "must be a list of strings"))
                })
                .collect(),
            _ => Err(self.error(key, "must be a list of strings")),
        }
    }

    fn count(&self, key: &str, value: &toml::Value) -> Result<usize, Fatal> {
        value
            .as_integer()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|&n| n > 0)
            .ok_or_else(|| self.error(key, "must be a positive integer"))
    }
}

/// The configuration file for `paths`: `explicit` (from `--config`) if given, else the
/// closest `pymig.toml` / `pyproject.toml` with `[tool.pymig]` above the first path.
pub fn find(paths: &[PathBuf], explicit: Option<&Path>) -> Result<Option<FileConfig>, Fatal> {
    if let Some(path) = explicit {
        return match FileConfig::load(path)? {
            Some(config) => Ok(Some(config)),
            None => Err(Fatal(format!(
                "{}: has no [tool.pymig] table",
                path.display()
            ))),
        };
    }
    let start = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let start = std::path::absolute(&start).unwrap_or(start);
    let mut dir = if start.is_file() {
        start.parent().map(Path::to_path_buf)
    } else {
        Some(start)
    };
    while let Some(current) = dir {
        let pymig = current.join("pymig.toml");
        if pymig.is_file() {
            return FileConfig::load(&pymig);
        }
        let pyproject = current.join("pyproject.toml");
        if pyproject.is_file() {
            if let Some(config) = FileConfig::load(&pyproject)? {
                return Ok(Some(config));
            }
        }
        dir = current.parent().map(Path::to_path_buf);
    }
    Ok(None)
}

/// One effective value and where it came from.
#[derive(Debug, Clone)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

/// The configuration a run uses, with origins (for `pymig config`).
#[derive(Debug, Clone)]
pub struct Effective {
    pub file: Option<PathBuf>,
    pub codemods: Setting<Vec<String>>,
    pub preset: Setting<Vec<String>>,
    pub exclude: Setting<Vec<String>>,
    pub target_version: Setting<String>,
    pub codemods_dir: Setting<Vec<PathBuf>>,
    pub max_files: Setting<Option<usize>>,
    pub max_lines: Setting<Option<usize>>,
    pub split_by: Setting<Option<SplitBy>>,
    pub depth: Setting<Option<usize>>,
    pub verify: Setting<Option<String>>,
    /// codemod id → option → value (from the file; defaults of declared options are
    /// listed by `pymig config` separately).
    pub settings: BTreeMap<String, BTreeMap<String, Setting<toml::Value>>>,
}

fn scalar<T: Clone>(cli: Option<T>, file: Option<T>, path: &Option<PathBuf>) -> Setting<Option<T>> {
    match (cli, file, path) {
        (Some(v), _, _) => Setting {
            value: Some(v),
            origin: Origin::CommandLine,
        },
        (None, Some(v), Some(p)) => Setting {
            value: Some(v),
            origin: Origin::File(p.clone()),
        },
        _ => Setting {
            value: None,
            origin: Origin::Default,
        },
    }
}

fn joined<T: Clone>(file: Option<Vec<T>>, cli: &[T], path: &Option<PathBuf>) -> Setting<Vec<T>> {
    match (file, path) {
        (Some(mut items), Some(p)) => {
            let origin = if cli.is_empty() {
                Origin::File(p.clone())
            } else {
                Origin::FileAndCommandLine(p.clone())
            };
            items.extend(cli.iter().cloned());
            Setting {
                value: items,
                origin,
            }
        }
        _ => Setting {
            value: cli.to_vec(),
            origin: if cli.is_empty() {
                Origin::Default
            } else {
                Origin::CommandLine
            },
        },
    }
}

/// Combine the configuration file (if any) with command-line values.
pub fn effective(
    paths: &[PathBuf],
    selection: &Selection,
    exclude: &[String],
    git: &GitArgs,
) -> Result<Effective, Fatal> {
    let file = find(paths, selection.config.as_deref())?.unwrap_or_default();
    let path = (!file.path.as_os_str().is_empty()).then(|| file.path.clone());
    let cli_chooses = !selection.codemod.is_empty() || !selection.preset.is_empty();
    let (codemods, preset) =
        if cli_chooses || path.is_none() || (file.codemods.is_none() && file.preset.is_none()) {
            let origin = if cli_chooses {
                Origin::CommandLine
            } else {
                Origin::Default
            };
            (
                Setting {
                    value: selection.codemod.clone(),
                    origin: origin.clone(),
                },
                Setting {
                    value: selection.preset.clone(),
                    origin,
                },
            )
        } else {
            let origin = Origin::File(file.path.clone());
            (
                Setting {
                    value: file.codemods.clone().unwrap_or_default(),
                    origin: origin.clone(),
                },
                Setting {
                    value: file.preset.clone().unwrap_or_default(),
                    origin,
                },
            )
        };
    let target = scalar(
        selection.target_version.clone(),
        file.target_version.clone(),
        &path,
    );
    let target_version = Setting {
        value: target
            .value
            .unwrap_or_else(|| DEFAULT_TARGET_VERSION.to_string()),
        origin: target.origin,
    };
    let settings = file
        .settings
        .iter()
        .map(|(id, options)| {
            let options = options
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        Setting {
                            value: v.clone(),
                            origin: Origin::File(file.path.clone()),
                        },
                    )
                })
                .collect();
            (id.clone(), options)
        })
        .collect();
    let effective = Effective {
        file: path.clone(),
        codemods,
        preset,
        exclude: joined(file.exclude.clone(), exclude, &path),
        target_version,
        codemods_dir: joined(file.codemods_dir.clone(), &selection.codemods_dir, &path),
        max_files: scalar(git.max_files, file.max_files, &path),
        max_lines: scalar(git.max_lines, file.max_lines, &path),
        split_by: scalar(git.split_by, file.split_by, &path),
        depth: scalar(git.depth, file.depth, &path),
        verify: scalar(git.verify.clone(), file.verify.clone(), &path),
        settings,
    };
    effective.check_settings()?;
    Ok(effective)
}

impl Effective {
    /// Per-codemod tables must name known codemods and valid options.
    fn check_settings(&self) -> Result<(), Fatal> {
        if self.settings.is_empty() {
            return Ok(());
        }
        let registry = crate::rules::registry_with(&self.codemods_dir.value)
            .map_err(|e| Fatal(e.to_string()))?;
        let file = self
            .file
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let prefix = if file.ends_with("pyproject.toml") {
            "tool.pymig."
        } else {
            ""
        };
        for (id, options) in &self.settings {
            let Some(codemod) = registry.get(id) else {
                return Err(Fatal(format!(
                    "{file}: `[{prefix}{id}]`: unknown key or codemod (keys: {}; `pymig list` shows the codemods)",
                    KEYS.join(", ")
                )));
            };
            for (key, setting) in options {
                codemod
                    .check_setting(key, &setting.value)
                    .map_err(|e| Fatal(format!("{file}: `{prefix}{id}.{key}`: {e}")))?;
            }
        }
        Ok(())
    }

    /// The per-codemod settings as `Options.settings` takes them.
    pub fn settings_values(&self) -> BTreeMap<String, BTreeMap<String, toml::Value>> {
        self.settings
            .iter()
            .map(|(id, options)| {
                let options = options
                    .iter()
                    .map(|(k, s)| (k.clone(), s.value.clone()))
                    .collect();
                (id.clone(), options)
            })
            .collect()
    }

    /// Human-readable, TOML-shaped listing with each value's origin.
    pub fn render(&self, registry: Option<&crate::registry::Registry>) -> String {
        let mut out = String::new();
        match &self.file {
            Some(path) => out.push_str(&format!("# configuration file: {}\n", path.display())),
            None => out.push_str(
                "# no configuration file found (pymig.toml or [tool.pymig] in pyproject.toml)\n",
            ),
        }
        let mut lines: Vec<(String, String)> = Vec::new();
        let list = |items: &[String]| -> String {
            let quoted: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
            format!("[{}]", quoted.join(", "))
        };
        lines.push((
            format!("codemods = {}", list(&self.codemods.value)),
            self.codemods.origin.to_string(),
        ));
        lines.push((
            format!("preset = {}", list(&self.preset.value)),
            self.preset.origin.to_string(),
        ));
        lines.push((
            format!("exclude = {}", list(&self.exclude.value)),
            self.exclude.origin.to_string(),
        ));
        lines.push((
            format!("target-version = {:?}", self.target_version.value),
            self.target_version.origin.to_string(),
        ));
        let dirs: Vec<String> = self
            .codemods_dir
            .value
            .iter()
            .map(|d| d.display().to_string())
            .collect();
        lines.push((
            format!("codemods-dir = {}", list(&dirs)),
            self.codemods_dir.origin.to_string(),
        ));
        let optional =
            |key: &str, value: Option<String>, origin: &Origin, unset: &str| -> (String, String) {
                match value {
                    Some(v) => (format!("{key} = {v}"), origin.to_string()),
                    None => (format!("# {key} not set"), format!("default: {unset}")),
                }
            };
        lines.push(optional(
            "max-files",
            self.max_files.value.map(|v| v.to_string()),
            &self.max_files.origin,
            "no limit",
        ));
        lines.push(optional(
            "max-lines",
            self.max_lines.value.map(|v| v.to_string()),
            &self.max_lines.origin,
            "no limit",
        ));
        lines.push(optional(
            "split-by",
            self.split_by.value.map(|v| match v {
                SplitBy::Directory => "\"directory\"".to_string(),
                SplitBy::Owners => "\"owners\"".to_string(),
            }),
            &self.split_by.origin,
            "see `pymig apply --help`",
        ));
        lines.push(optional(
            "depth",
            self.depth.value.map(|v| v.to_string()),
            &self.depth.origin,
            "1",
        ));
        lines.push(optional(
            "verify",
            self.verify.value.as_ref().map(|v| format!("{v:?}")),
            &self.verify.origin,
            "no command",
        ));
        push_aligned(&mut out, &lines);
        // Per-codemod options: configured ones, then the declared defaults of the
        // chosen codemods.
        let mut tables: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for (id, options) in &self.settings {
            for (key, setting) in options {
                tables.entry(id.clone()).or_default().push((
                    format!("{key} = {}", setting.value),
                    setting.origin.to_string(),
                ));
            }
        }
        if let Some(registry) = registry {
            let chosen = registry
                .select(&self.codemods.value, &self.preset.value)
                .unwrap_or_default();
            for codemod in chosen {
                for (key, value) in codemod.option_defaults() {
                    let configured = self
                        .settings
                        .get(codemod.id())
                        .is_some_and(|o| o.contains_key(&key));
                    if !configured {
                        tables
                            .entry(codemod.id().to_string())
                            .or_default()
                            .push((format!("{key} = {value}"), "default".to_string()));
                    }
                }
            }
        }
        for (id, lines) in tables {
            out.push_str(&format!("\n[{id}]\n"));
            push_aligned(&mut out, &lines);
        }
        out
    }
}

fn push_aligned(out: &mut String, lines: &[(String, String)]) {
    let width = lines
        .iter()
        .map(|(l, _)| l.len())
        .max()
        .unwrap_or(0)
        .min(60);
    for (line, origin) in lines {
        out.push_str(&format!("{line:<width$}  # {origin}\n"));
    }
}

/// `args` with the configuration file's values filled in where the command line left
/// them unset (the file's `exclude` and `codemods-dir` lists are added to the flags').
pub fn with_config(args: &ApplyArgs) -> Result<ApplyArgs, Fatal> {
    let effective = effective(&args.paths, &args.selection, &args.exclude, &args.git)?;
    let mut args = args.clone();
    args.selection.codemod = effective.codemods.value.clone();
    args.selection.preset = effective.preset.value.clone();
    args.selection.codemods_dir = effective.codemods_dir.value.clone();
    if effective.target_version.origin != Origin::Default {
        args.selection.target_version = Some(effective.target_version.value.clone());
    }
    args.selection.settings = effective.settings_values();
    args.exclude = effective.exclude.value.clone();
    args.git.max_files = effective.max_files.value;
    args.git.max_lines = effective.max_lines.value;
    args.git.split_by = effective.split_by.value;
    args.git.depth = effective.depth.value;
    args.git.verify = effective.verify.value.clone();
    Ok(args)
}

/// `pymig config`: print the effective configuration.
pub fn run(
    paths: &[PathBuf],
    selection: &Selection,
    exclude: &[String],
    git: &GitArgs,
) -> Result<std::process::ExitCode, Fatal> {
    let effective = effective(paths, selection, exclude, git)?;
    let registry = crate::rules::registry_with(&effective.codemods_dir.value)
        .map_err(|e| Fatal(e.to_string()))?;
    // Unknown codemod names are an error here as in `apply`.
    registry.select(&effective.codemods.value, &effective.preset.value)?;
    // Stops quietly when the reader goes away (`pymig config | head`).
    let _ = std::io::Write::write_all(
        &mut std::io::stdout(),
        effective.render(Some(&registry)).as_bytes(),
    );
    Ok(std::process::ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn closest_wins_and_pymig_toml_beats_pyproject() {
        let root = tempfile::tempdir().unwrap();
        let sub = root.path().join("pkg");
        std::fs::create_dir(&sub).unwrap();
        write(root.path(), "pymig.toml", "target-version = \"3.9\"\n");
        write(
            &sub,
            "pyproject.toml",
            "[tool.pymig]\ntarget-version = \"3.10\"\n",
        );
        let found = find(std::slice::from_ref(&sub), None).unwrap().unwrap();
        assert_eq!(found.target_version.as_deref(), Some("3.10"));
        write(&sub, "pymig.toml", "target-version = \"3.12\"\n");
        let found = find(&[sub], None).unwrap().unwrap();
        assert_eq!(found.target_version.as_deref(), Some("3.12"));
    }

    #[test]
    fn pyproject_without_section_is_skipped() {
        let root = tempfile::tempdir().unwrap();
        let sub = root.path().join("pkg");
        std::fs::create_dir(&sub).unwrap();
        write(root.path(), "pymig.toml", "codemods = [\"intern\"]\n");
        write(&sub, "pyproject.toml", "[project]\nname = \"x\"\n");
        let found = find(&[sub], None).unwrap().unwrap();
        assert_eq!(found.codemods, Some(vec!["intern".to_string()]));
    }

    #[test]
    fn explicit_config_file_is_used() {
        let root = tempfile::tempdir().unwrap();
        write(root.path(), "pymig.toml", "target-version = \"3.9\"\n");
        let other = write(root.path(), "ci.toml", "target-version = \"3.13\"\n");
        let found = find(&[root.path().to_path_buf()], Some(&other))
            .unwrap()
            .unwrap();
        assert_eq!(found.target_version.as_deref(), Some("3.13"));
        let bare = write(root.path(), "pyproject.toml", "[project]\nname = \"x\"\n");
        let err = find(&[], Some(&bare)).unwrap_err().0;
        assert!(err.contains("has no [tool.pymig] table"), "{err}");
    }

    #[test]
    fn unknown_key_names_file_and_key() {
        let root = tempfile::tempdir().unwrap();
        let path = write(
            root.path(),
            "pyproject.toml",
            "[tool.pymig]\nmax-file = 3\n",
        );
        let err = FileConfig::load(&path).unwrap_err().0;
        assert!(err.contains("pyproject.toml"), "{err}");
        assert!(err.contains("`tool.pymig.max-file`: unknown key"), "{err}");
    }

    #[test]
    fn bad_values_are_errors() {
        let root = tempfile::tempdir().unwrap();
        for (text, needle) in [
            ("max-lines = -1\n", "max-lines`: must be a positive integer"),
            (
                "split-by = \"team\"\n",
                "split-by`: must be \"directory\" or \"owners\"",
            ),
            ("target-version = \"2.7\"\n", "bad target version"),
            (
                "codemods = \"intern\"\n",
                "codemods`: must be a list of strings",
            ),
        ] {
            let path = write(root.path(), "pymig.toml", text);
            let err = FileConfig::load(&path).unwrap_err().0;
            assert!(err.contains(needle), "{text}: {err}");
        }
    }

    #[test]
    fn command_line_wins_and_lists_add_up() {
        let root = tempfile::tempdir().unwrap();
        write(
            root.path(),
            "pymig.toml",
            "codemods = [\"intern\"]\nexclude = [\"vendor\"]\nmax-files = 5\ntarget-version = \"3.9\"\n\n[pickle-protocol]\nprotocol = 3\n",
        );
        let selection = Selection {
            target_version: Some("3.12".to_string()),
            ..Selection::default()
        };
        let git = GitArgs::default();
        let paths = [root.path().to_path_buf()];
        let e = effective(&paths, &selection, &["build".to_string()], &git).unwrap();
        assert_eq!(e.codemods.value, vec!["intern".to_string()]);
        assert_eq!(e.target_version.value, "3.12");
        assert_eq!(e.target_version.origin, Origin::CommandLine);
        assert_eq!(
            e.exclude.value,
            vec!["vendor".to_string(), "build".to_string()]
        );
        assert_eq!(e.max_files.value, Some(5));
        assert_eq!(
            e.settings_values()["pickle-protocol"]["protocol"],
            toml::Value::Integer(3)
        );
        let selection = Selection {
            codemod: vec!["asserts".to_string()],
            ..Selection::default()
        };
        let e = effective(&paths, &selection, &[], &git).unwrap();
        assert_eq!(e.codemods.value, vec!["asserts".to_string()]);
        assert_eq!(e.codemods.origin, Origin::CommandLine);
    }

    #[test]
    fn codemod_options_are_checked() {
        let root = tempfile::tempdir().unwrap();
        let git = GitArgs::default();
        let paths = [root.path().to_path_buf()];
        write(
            root.path(),
            "pymig.toml",
            "[pickle-protocol]\nprotocol = \"two\"\n",
        );
        let err = effective(&paths, &Selection::default(), &[], &git)
            .unwrap_err()
            .0;
        assert!(err.contains("pickle-protocol.protocol"), "{err}");
        assert!(err.contains("must be of type integer"), "{err}");
        write(
            root.path(),
            "pymig.toml",
            "[pickle-protocl]\nprotocol = 2\n",
        );
        let err = effective(&paths, &Selection::default(), &[], &git)
            .unwrap_err()
            .0;
        assert!(err.contains("[pickle-protocl]"), "{err}");
    }
}
