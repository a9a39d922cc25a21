//! Stage 7: files on disk. One function both writes and checks, so `regen` and
//! `regen --check` (and the staleness test) can never disagree about what is stale.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::format::MARKER;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write files whose content changed; remove generated files no longer produced.
    Write,
    /// Touch nothing; report what `Write` would change.
    Check,
}

/// What differs between the directory and the generated files.
#[derive(Debug, Default)]
pub struct Changes {
    /// Files whose content is new or different.
    pub changed: Vec<PathBuf>,
    /// Generated files that would no longer be produced.
    pub removed: Vec<PathBuf>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Brings `dir` in line with `files` (paths relative to `dir`), or only reports in `Check` mode.
/// Files the generator did not write (no `@generated` marker, e.g. examples) are never touched.
pub fn ensure(dir: &Path, files: &[(String, String)], mode: Mode) -> io::Result<Changes> {
    let mut changes = Changes::default();
    for (rel, content) in files {
        let path = dir.join(rel);
        let current = fs::read_to_string(&path).ok();
        if current.as_deref() == Some(content.as_str()) {
            continue;
        }
        if mode == Mode::Write {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&path, content)?;
        }
        changes.changed.push(path);
    }
    let wanted: Vec<PathBuf> = files.iter().map(|(rel, _)| dir.join(rel)).collect();
    for path in generated_files(&dir.join("src"))? {
        if !wanted.contains(&path) {
            if mode == Mode::Write {
                fs::remove_file(&path)?;
            }
            changes.removed.push(path);
        }
    }
    Ok(changes)
}

fn generated_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return Ok(out) };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(generated_files(&path)?);
        } else if fs::read_to_string(&path).is_ok_and(|t| t.lines().next().is_some_and(|l| l.contains(MARKER))) {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}
