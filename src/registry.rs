//! Finding codemods by name: built-in ones and rule files, and resolving what the
//! user asked for (`--codemod a,b`, `--preset py3`) into an ordered list.

use std::sync::Arc;

use crate::codemod::Codemod;
use crate::codemods;

/// All codemods known to this run.
pub struct Registry {
    codemods: Vec<Arc<dyn Codemod>>,
}

impl Registry {
    /// The built-in codemods: the Rust ones, then the embedded rule files (`codemods/*.toml`;
    /// a rule with the id of a Rust codemod replaces it).
    pub fn builtin() -> Registry {
        let mut registry = Registry {
            codemods: codemods::builtin(),
        };
        registry.extend(crate::rules::builtin());
        registry
    }

    /// Add codemods (e.g. from rule files); a later one with the same id replaces the
    /// earlier in its place (which keeps the order fixes are preferred in).
    pub fn extend(&mut self, more: Vec<Arc<dyn Codemod>>) {
        for codemod in more {
            match self.codemods.iter_mut().find(|c| c.id() == codemod.id()) {
                Some(slot) => *slot = codemod,
                None => self.codemods.push(codemod),
            }
        }
    }

    pub fn all(&self) -> &[Arc<dyn Codemod>] {
        &self.codemods
    }

    pub fn get(&self, id: &str) -> Option<&Arc<dyn Codemod>> {
        self.codemods.iter().find(|c| c.id() == id)
    }

    /// Resolve requested codemod ids and presets into the codemods to run, in a stable
    /// order: a preset's own order, then explicit codemods in the order given. Unknown
    /// names are an error listing what exists.
    pub fn select(
        &self,
        ids: &[String],
        presets: &[String],
    ) -> Result<Vec<Arc<dyn Codemod>>, String> {
        let mut chosen: Vec<Arc<dyn Codemod>> = Vec::new();
        let push = |codemod: &Arc<dyn Codemod>, chosen: &mut Vec<Arc<dyn Codemod>>| {
            if !chosen.iter().any(|c| c.id() == codemod.id()) {
                chosen.push(codemod.clone());
            }
        };
        for name in presets {
            let preset = codemods::preset(name).ok_or_else(|| {
                let known: Vec<&str> = codemods::PRESETS.iter().map(|p| p.name).collect();
                format!("unknown preset {name:?} (known: {})", known.join(", "))
            })?;
            for id in preset.codemods {
                let codemod = self
                    .get(id)
                    .ok_or_else(|| format!("preset {name:?} names unknown codemod {id:?}"))?;
                push(codemod, &mut chosen);
            }
        }
        for id in ids {
            match self.get(id) {
                Some(codemod) => push(codemod, &mut chosen),
                None => {
                    let mut msg = format!("unknown codemod {id:?}");
                    if let Some(close) = self.closest(id) {
                        msg.push_str(&format!(" (did you mean {close:?}?)"));
                    }
                    msg.push_str("; `pymig list` shows them all");
                    return Err(msg);
                }
            }
        }
        Ok(chosen)
    }

    fn closest(&self, id: &str) -> Option<&str> {
        self.codemods
            .iter()
            .map(|c| c.id())
            .filter(|c| c.contains(id) || id.contains(c) || edit_distance(c, id) <= 2)
            .min_by_key(|c| edit_distance(c, id))
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for j in 0..b.len() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != b[j]))
                .min(row[j] + 1)
                .min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
