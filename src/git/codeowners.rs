//! CODEOWNERS: who owns which paths (GitHub's format).
//!
//! The file is looked up where GitHub looks: `.github/CODEOWNERS`, then `CODEOWNERS` at the
//! root, then `docs/CODEOWNERS`. Each line is a gitignore-style pattern followed by owners;
//! the last matching line wins, and a line with a pattern but no owners makes its paths
//! unowned.

use std::path::Path;

use globset::{GlobBuilder, GlobMatcher};

/// Where CODEOWNERS files are looked for, in order.
pub const LOCATIONS: [&str; 3] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

struct Rule {
    matchers: Vec<GlobMatcher>,
    owners: Vec<String>,
}

/// The rules of one CODEOWNERS file.
#[derive(Default)]
pub struct CodeOwners {
    /// Where the rules came from (repo-relative), if a file was found.
    pub source: Option<String>,
    rules: Vec<Rule>,
    /// Lines that could not be understood: (1-based line, reason).
    pub warnings: Vec<(usize, String)>,
}

impl CodeOwners {
    /// Load the first CODEOWNERS file found under `root` (none found: everything unowned).
    pub fn load(root: &Path) -> CodeOwners {
        for location in LOCATIONS {
            if let Ok(text) = std::fs::read_to_string(root.join(location)) {
                let mut owners = CodeOwners::parse(&text);
                owners.source = Some(location.to_string());
                return owners;
            }
        }
        CodeOwners::default()
    }

    pub fn parse(text: &str) -> CodeOwners {
        let mut parsed = CodeOwners::default();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            // Owners end at an inline comment.
            let line = match line.find(" #") {
                Some(at) => &line[..at],
                None => line,
            };
            let mut words = line.split_whitespace();
            let Some(pattern) = words.next() else {
                continue;
            };
            let owners: Vec<String> = words.map(str::to_string).collect();
            match matchers(pattern) {
                Ok(matchers) => parsed.rules.push(Rule { matchers, owners }),
                Err(reason) => parsed.warnings.push((index + 1, reason)),
            }
        }
        parsed
    }

    /// The owners of a repo-relative path (`/`-separated); empty when unowned.
    pub fn owners_of(&self, path: &str) -> &[String] {
        self.rules
            .iter()
            .rev()
            .find(|rule| rule.matchers.iter().any(|m| m.is_match(path)))
            .map(|rule| rule.owners.as_slice())
            .unwrap_or(&[])
    }
}

/// Translate a gitignore-style CODEOWNERS pattern into globs over repo-relative paths.
fn matchers(pattern: &str) -> Result<Vec<GlobMatcher>, String> {
    let directory_only = pattern.ends_with('/');
    let trimmed = pattern.trim_end_matches('/');
    // A pattern with a slash at the start or in the middle is anchored at the root.
    let anchored = trimmed.contains('/');
    let body = trimmed.trim_start_matches('/');
    if body.is_empty() {
        return Err(format!("pattern {pattern:?} matches nothing"));
    }
    let base = if anchored || body.starts_with("**") {
        body.to_string()
    } else {
        format!("**/{body}")
    };
    // `docs/*` matches the files directly in docs/, not deeper ones (GitHub's reading).
    let mut globs = Vec::new();
    if !body.ends_with("/*") {
        globs.push(format!("{base}/**"));
    }
    if !directory_only {
        globs.push(base);
    }
    globs
        .iter()
        .map(|glob| {
            GlobBuilder::new(glob)
                .literal_separator(true)
                .build()
                .map(|g| g.compile_matcher())
                .map_err(|e| format!("bad pattern {pattern:?}: {e}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# Default owners
*                @org/everyone
/src/feed/       @org/feed @alice
docs/*           @docs
*.cfg            @ops
src/feed/vendored/
/build.py        @bob   # inline comment
";

    #[test]
    fn last_matching_pattern_wins() {
        let owners = CodeOwners::parse(FILE);
        assert_eq!(owners.owners_of("README.md"), ["@org/everyone"]);
        assert_eq!(owners.owners_of("src/feed/a.py"), ["@org/feed", "@alice"]);
        assert_eq!(
            owners.owners_of("src/feed/deep/b.py"),
            ["@org/feed", "@alice"]
        );
        assert_eq!(owners.owners_of("src/other/a.py"), ["@org/everyone"]);
        assert_eq!(owners.owners_of("build.py"), ["@bob"]);
        assert_eq!(owners.owners_of("sub/build.py"), ["@org/everyone"]);
        assert_eq!(owners.owners_of("pkg/setup.cfg"), ["@ops"]);
    }

    #[test]
    fn star_stays_in_one_directory_and_empty_owners_unown() {
        let owners = CodeOwners::parse(FILE);
        assert_eq!(owners.owners_of("docs/index.py"), ["@docs"]);
        assert_eq!(owners.owners_of("docs/api/x.py"), ["@org/everyone"]);
        assert!(owners.owners_of("src/feed/vendored/six.py").is_empty());
    }

    #[test]
    fn github_directory_comes_first_then_root_then_docs() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".github")).unwrap();
        std::fs::create_dir_all(dir.path().join("docs")).unwrap();
        std::fs::write(dir.path().join("docs/CODEOWNERS"), "* @docs\n").unwrap();
        assert_eq!(CodeOwners::load(dir.path()).owners_of("a.py"), ["@docs"]);
        std::fs::write(dir.path().join("CODEOWNERS"), "* @root\n").unwrap();
        assert_eq!(CodeOwners::load(dir.path()).owners_of("a.py"), ["@root"]);
        std::fs::write(dir.path().join(".github/CODEOWNERS"), "* @github\n").unwrap();
        let owners = CodeOwners::load(dir.path());
        assert_eq!(owners.owners_of("a.py"), ["@github"]);
        assert_eq!(owners.source.as_deref(), Some(".github/CODEOWNERS"));
    }

    #[test]
    fn no_rules_means_unowned() {
        let owners = CodeOwners::parse("# nothing\n\n");
        assert!(owners.owners_of("a.py").is_empty());
    }
}
