//! Unified diffs of changes, optionally coloured.

use std::fmt::Write as _;

use similar::TextDiff;

use crate::engine::Change;

/// A unified diff of one change, 3 lines of context. Paths under the current directory
/// get git's `a/` / `b/` prefixes (so `git apply` and `patch -p1` take the diff); other
/// absolute paths are shown as they are.
pub fn render(change: &Change, color: bool) -> String {
    let path = match std::env::current_dir() {
        Ok(cwd) => change.path.strip_prefix(&cwd).unwrap_or(&change.path),
        Err(_) => &change.path,
    };
    let name = path.to_string_lossy().replace('\\', "/");
    let name = name.trim_start_matches("./");
    let (old, new) = if path.is_absolute() {
        (name.to_string(), name.to_string())
    } else {
        (format!("a/{name}"), format!("b/{name}"))
    };
    let diff = TextDiff::from_lines(&change.before, &change.after);
    let plain = diff
        .unified_diff()
        .context_radius(3)
        .header(&old, &new)
        .to_string();
    if !color {
        return plain;
    }
    let mut out = String::with_capacity(plain.len() + 256);
    for line in plain.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let style = if body.starts_with("+++") || body.starts_with("---") {
            "\x1b[1m"
        } else if body.starts_with("@@") {
            "\x1b[36m"
        } else if body.starts_with('+') {
            "\x1b[32m"
        } else if body.starts_with('-') {
            "\x1b[31m"
        } else {
            ""
        };
        if style.is_empty() {
            out.push_str(line);
        } else {
            let _ = write!(out, "{style}{body}\x1b[0m{newline}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn change(before: &str, after: &str) -> Change {
        Change {
            path: PathBuf::from("./pkg/a.py"),
            original: before.as_bytes().to_vec(),
            updated: after.as_bytes().to_vec(),
            before: before.into(),
            after: after.into(),
        }
    }

    #[test]
    fn plain_diff_has_git_style_headers() {
        let out = render(&change("x = map(f, y)\n", "x = list(map(f, y))\n"), false);
        assert!(out.starts_with("--- a/pkg/a.py\n+++ b/pkg/a.py\n@@ -1 +1 @@\n"));
        assert!(out.contains("-x = map(f, y)\n+x = list(map(f, y))\n"));
        assert!(!out.contains('\x1b'));
    }

    #[test]
    fn colour_marks_added_and_removed_lines() {
        let out = render(&change("a\n", "b\n"), true);
        assert!(out.contains("\x1b[31m-a\x1b[0m\n"));
        assert!(out.contains("\x1b[32m+b\x1b[0m\n"));
    }
}
