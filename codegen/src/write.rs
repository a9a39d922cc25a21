//! Stage 7: files on disk. One function both writes and checks, so `regen` and
//! `regen --check` (and the staleness test) can never disagree about what is stale.

use std::collections::BTreeSet;
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
/// Stale generated files are looked for in `src/` and in each sub-crate's folder (`support/`).
/// A file the generator did not write (no `@generated` marker, e.g. examples) is never
/// removed; one at a path the generator writes (`src/lib.rs`, `support/src/lib.rs`, ...) is
/// replaced like any other.
///
/// What an earlier run (or a clone) left in `dir` is not trusted: a symlink, FIFO or device
/// where a file goes is replaced, never followed or read, and a symlinked folder inside
/// `dir` is an error, so that generation cannot write outside `dir` or hang on a read.
pub fn ensure(dir: &Path, files: &[(String, String)], mode: Mode) -> io::Result<Changes> {
    let mut changes = Changes::default();
    for (rel, content) in files {
        let path = dir.join(rel);
        no_symlinked_folder(dir, rel)?;
        if current(&path).as_deref() == Some(content.as_str()) {
            continue;
        }
        if mode == Mode::Write {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            replace_if_special(&path)?;
            fs::write(&path, content)?;
        }
        changes.changed.push(path);
    }
    // A set: a spec with 10^4 operations writes 10^4 files, and each stale candidate is looked up.
    let wanted: BTreeSet<PathBuf> = files.iter().map(|(rel, _)| dir.join(rel)).collect();
    for path in stale_candidates(dir, root_package(files).as_deref())? {
        if !wanted.contains(&path) {
            if mode == Mode::Write {
                fs::remove_file(&path)?;
            }
            changes.removed.push(path);
        }
    }
    Ok(changes)
}

/// The content of a file as it is now, if it is a regular file of sane size (read bounded).
pub fn current(path: &Path) -> Option<String> {
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.file_type().is_file() {
        return None;
    }
    crate::load::read_text(path).ok()
}

/// Removes a symlink, FIFO, socket or device where a regular file is to be written.
pub fn replace_if_special(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if !meta.file_type().is_file() && !meta.file_type().is_dir() => fs::remove_file(path),
        _ => Ok(()),
    }
}

/// Fails when a folder between `dir` and `dir/rel` is a symlink.
fn no_symlinked_folder(dir: &Path, rel: &str) -> io::Result<()> {
    let mut at = dir.to_path_buf();
    let parts: Vec<_> = Path::new(rel).components().collect();
    for part in parts.iter().take(parts.len().saturating_sub(1)) {
        at.push(part);
        if fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(io::Error::other(format!("`{}` is a symlink; refusing to write through it", at.display())));
        }
    }
    Ok(())
}

/// The generated files that may be stale: those under the crate's `src/`, and of each of its
/// sub-crates (`support/`, `models-<n>/`: a folder of `dir` of such a name whose `Cargo.toml` is
/// generated and names a package of `root`'s, `<root>-…`): its manifest and the generated files
/// under its `src/`. Another generated crate inside `dir` is not one of them, nor is anything
/// without the marker.
fn stale_candidates(dir: &Path, root: Option<&str>) -> io::Result<Vec<PathBuf>> {
    let mut out = generated_files(&dir.join("src"))?;
    let Some(root) = root else { return Ok(out) };
    let Ok(entries) = fs::read_dir(dir) else { return Ok(out) };
    let mut crates = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let sub_crate_name = name.to_str().is_some_and(|n| n == "support" || n.starts_with("models-"));
        // A symlinked folder is not followed (see `ensure`).
        if sub_crate_name && entry.file_type()?.is_dir() {
            let manifest = entry.path().join("Cargo.toml");
            if is_generated(&manifest) && package(&current(&manifest).unwrap_or_default()).is_some_and(|p| p.starts_with(&format!("{root}-"))) {
                crates.push(entry.path());
            }
        }
    }
    crates.sort();
    for folder in crates {
        out.push(folder.join("Cargo.toml"));
        out.extend(generated_files(&folder.join("src"))?);
    }
    Ok(out)
}

/// The package of the root crate among `files` (its `Cargo.toml`), whose sub-crates' packages
/// are named after it.
fn root_package(files: &[(String, String)]) -> Option<String> {
    files.iter().find(|(rel, _)| rel == "Cargo.toml").and_then(|(_, text)| package(text)).map(str::to_string)
}

/// The `name` of a manifest's `[package]`.
fn package(manifest: &str) -> Option<&str> {
    let package = manifest.split("\n[package]\n").nth(1).or_else(|| manifest.strip_prefix("[package]\n"))?;
    package.lines().take_while(|l| !l.starts_with('[')).find_map(|l| l.strip_prefix("name = \"")?.strip_suffix('"'))
}

/// Whether `path` is a regular file whose first line has the marker (only its start is read).
fn is_generated(path: &Path) -> bool {
    use std::io::Read;
    if !fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file()) {
        return false;
    }
    let mut start = Vec::new();
    let read = fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut start));
    let first = start.split(|b| *b == b'\n').next().unwrap_or_default();
    read.is_ok() && String::from_utf8_lossy(first).contains(MARKER)
}

/// Generated files under `dir`: regular files whose first line has the marker. Symlinks are
/// not followed (a loop would never end), and only the start of each file is read.
fn generated_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = fs::read_dir(&folder) else { continue };
        for entry in entries {
            let entry = entry?;
            let kind = entry.file_type()?;
            let path = entry.path();
            if kind.is_dir() {
                folders.push(path);
            } else if kind.is_file() && is_generated(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
