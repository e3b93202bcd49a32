//! Replace the removed `commands` module with `subprocess` (`commands.getoutput` → `subprocess.getoutput`).
//!
//! ## What it does
//! When a file uses only `getoutput` and `getstatusoutput` from `commands`, `import
//! commands` becomes `import subprocess`, `commands.getoutput(cmd)` becomes
//! `subprocess.getoutput(cmd)`, and `from commands import getoutput` becomes `from
//! subprocess import getoutput`. 2to3 renames the module blindly (its table maps
//! `commands` to `subprocess`), breaking `commands.getstatus` and `commands.mkarg`,
//! which `subprocess` lacks; here such files are reported instead.
//!
//! ## Why
//! Python 3 removed `commands`; `subprocess` has `getoutput` and `getstatusoutput`.
//!
//! ## Example
//! ```python
//! import commands
//! rev = commands.getoutput('git rev-parse HEAD')
//! ```
//! becomes
//! ```python
//! import subprocess
//! rev = subprocess.getoutput('git rev-parse HEAD')
//! ```
//!
//! ## Left alone (reported for review)
//! Files using `commands.getstatus`, `commands.mkarg` / `mk2arg` or `from commands import *`.
//!
//! ## Fix safety
//! Review for `getstatusoutput`: Python 2 returned the raw `wait()` status (exit code
//! shifted left by 8 bits), Python 3 returns the exit code itself, so code decoding it
//! (`status >> 8`, `os.WEXITSTATUS(status)`) must change. `getoutput` is safe.

use crate::syntax::KindName;
use tree_sitter::Node;

use crate::codemod::{Codemod, Context, Fixes, Safety};
use crate::prefilter::FileText;
use crate::syntax;

pub struct CommandsToSubprocess;

const SUPPORTED: &[&str] = &["getoutput", "getstatusoutput"];

fn node_text<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    &text[node.start_byte()..node.end_byte()]
}

/// Members used as `local.member` anywhere in the file that `subprocess` lacks.
fn unsupported_uses(ctx: &Context<'_>, local: &str) -> Vec<String> {
    syntax::members_used(ctx.root(), ctx.text, local)
        .into_iter()
        .filter(|m| !SUPPORTED.contains(m))
        .map(str::to_string)
        .collect()
}

impl Codemod for CommandsToSubprocess {
    fn id(&self) -> &str {
        "commands-to-subprocess"
    }

    fn applies_to(&self, file: &FileText<'_>) -> bool {
        // `import commands`, `from commands import ...` and `commands.f` all name the
        // module by its bare name (an alias still imports the word `commands`).
        file.has_code_name("commands")
    }

    fn safety(&self) -> Safety {
        Safety::Review
    }

    fn kinds(&self) -> &[&'static str] {
        &["import_statement", "import_from_statement", "attribute"]
    }

    fn visit<'t>(&self, node: Node<'t>, ctx: &Context<'t>, fixes: &mut Fixes) {
        let text = ctx.text;
        match node.kind_name() {
            "import_statement" => {
                let mut cursor = node.walk();
                for name in node.children_by_field_id(crate::field!("name"), &mut cursor) {
                    let (module, local) = match name.kind_name() {
                        "aliased_import" => (
                            name.child_by_field_id(crate::field!("name").get()),
                            name.child_by_field_id(crate::field!("alias").get()),
                        ),
                        _ => (Some(name), Some(name)),
                    };
                    let (Some(module), Some(local)) = (module, local) else {
                        continue;
                    };
                    if node_text(module, text) != "commands" {
                        continue;
                    }
                    let missing = unsupported_uses(ctx, node_text(local, text));
                    if !missing.is_empty() {
                        fixes.review(node, format!("`commands` was removed in Python 3 and subprocess has no {}; rewrite with subprocess.run", missing.join(", ")));
                        continue;
                    }
                    fixes.replace(
                        module,
                        "subprocess",
                        "`commands` was removed in Python 3; its functions are in subprocess",
                    );
                }
            }
            "import_from_statement" => {
                let Some(module) = node.child_by_field_id(crate::field!("module_name").get())
                else {
                    return;
                };
                if node_text(module, text) != "commands" {
                    return;
                }
                let mut cursor = node.walk();
                let names: Vec<String> = node
                    .children_by_field_id(crate::field!("name"), &mut cursor)
                    .filter_map(|n| match n.kind_name() {
                        "aliased_import" => n.child_by_field_id(crate::field!("name").get()),
                        _ => Some(n),
                    })
                    .map(|n| node_text(n, text).to_string())
                    .collect();
                if names.is_empty() || names.iter().any(|n| !SUPPORTED.contains(&n.as_str())) {
                    fixes.review(node, "`commands` was removed in Python 3; subprocess has only getoutput and getstatusoutput");
                    return;
                }
                if names.iter().any(|n| n == "getstatusoutput") {
                    fixes.review(
                        node,
                        "getstatusoutput now returns the exit code, not the raw wait() status",
                    );
                }
                fixes.replace(
                    module,
                    "subprocess",
                    "`commands` was removed in Python 3; its functions are in subprocess",
                );
            }
            "attribute" => {
                let Some((object, attr)) = syntax::attribute_parts(node) else {
                    return;
                };
                if object.kind_name() != "identifier" || node_text(object, text) != "commands" {
                    return;
                }
                let plain = ctx
                    .imports()
                    .targets("commands")
                    .any(|b| !b.from_import && b.qualified == "commands");
                if !plain
                    || !ctx.semantics().names_import(object, "commands")
                    || !SUPPORTED.contains(&node_text(attr, text))
                    || !unsupported_uses(ctx, "commands").is_empty()
                {
                    return;
                }
                if node_text(attr, text) == "getstatusoutput" {
                    fixes.review(
                        node,
                        "getstatusoutput now returns the exit code, not the raw wait() status",
                    );
                }
                fixes.replace(
                    object,
                    "subprocess",
                    "`commands` was removed in Python 3; its functions are in subprocess",
                );
            }
            _ => {}
        }
    }
}
