//! Python 2 implicit relative imports: is an imported name a module next to the file?

use std::path::Path;

/// True when `name`'s first component is a module next to `file`, inside a package.
/// For a dotted name (`a.b`) the sibling must be a package: a module `a.py` has no
/// submodules, so `import a.b` cannot mean it.
pub fn is_sibling(file: &Path, name: &str) -> bool {
    let Some(dir) = file.parent() else {
        return false;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if !dir.join("__init__.py").exists() {
        return false;
    }
    let head = name.split('.').next().unwrap_or(name);
    if head.is_empty() {
        return false;
    }
    let package = dir.join(head).join("__init__.py").is_file();
    if name.contains('.') {
        return package;
    }
    package
        || [".py", ".pyc", ".so", ".sl", ".pyd"]
            .iter()
            .any(|ext| dir.join(format!("{head}{ext}")).is_file())
}
