//! `cargo xtask corpus`: the generator on real-world specs. Each spec is generated into a
//! standalone crate outside the repository, which is then linted with clippy under
//! `-D warnings`; the results make the table in `docs/corpus.md`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use codegen::write::{self, Mode};
use codegen::Config;

use crate::repo_root;

/// The outcome for one spec.
#[derive(Debug)]
pub struct Entry {
    pub name: String,
    /// Where the spec came from, for the table (relative to `../shared`).
    pub source: String,
    /// Warnings when generated; errors when not.
    pub diagnostics: usize,
    /// `Err` with the first diagnostic when the spec did not generate.
    pub generated: Result<(), String>,
    /// Seconds the in-process pipeline took (load to formatted files).
    pub seconds: f64,
    /// `None` when not compiled; `Err` with the first compiler message on failure.
    pub compiled: Option<Result<(), String>>,
}

/// The specs under `../shared`: HubSpot's files first, then the public corpus.
pub fn shared_specs() -> Vec<PathBuf> {
    let Some(shared) = repo_root().parent().map(|p| p.join("shared")) else { return Vec::new() };
    let mut hubspot = Vec::new();
    collect(&shared.join("reference/hubspot"), &mut hubspot);
    let mut corpus = Vec::new();
    collect(&shared.join("corpus"), &mut corpus);
    hubspot.sort();
    corpus.sort();
    hubspot.into_iter().chain(corpus).collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// A crate name from the spec's path below `shared/` (`corpus/stripe.yaml` → `corpus-stripe`), or
/// elsewhere from its file stem only, so that it does not depend on where the spec lies.
pub fn crate_name(spec: &Path) -> String {
    let rel = spec.to_string_lossy();
    let Some((_, rel)) = rel.rsplit_once("/shared/") else { return crate::default_crate_name(spec) };
    let rel = rel.trim_start_matches("reference/");
    let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
    let name: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    name.split('-').filter(|s| !s.is_empty()).collect::<Vec<_>>().join("-")
}

/// Generates `spec` into `work/<name>` and, if asked, lints the crate with clippy, sharing
/// `target_dir` (and the repository's `Cargo.lock`) so dependencies build once.
pub fn check(spec: &Path, work: &Path, compile: bool, target_dir: &Path) -> Entry {
    let name = crate_name(spec);
    // Below `shared/` the path names the spec well; elsewhere only its file name does, so that
    // the output does not depend on where the command runs.
    let source = spec.to_string_lossy().rsplit_once("/shared/").map_or_else(|| crate::spec_label(spec), |(_, r)| r.to_string());
    let out = work.join(&name);
    let config = Config::new(&name, &source, "cargo xtask corpus");
    let start = Instant::now();
    let result = codegen::generate(spec, &config);
    let seconds = start.elapsed().as_secs_f64();
    let generated = match result {
        Ok(g) => g,
        Err(diags) => {
            let first = diags.iter().next().map(ToString::to_string).unwrap_or_default();
            return Entry { name, source, diagnostics: diags.len(), generated: Err(first), seconds, compiled: None };
        }
    };
    let diagnostics = generated.diagnostics.len();
    let _ = fs::remove_dir_all(&out);
    if let Err(e) = write::ensure(&out, &generated.files, Mode::Write) {
        return Entry { name, source, diagnostics, generated: Err(e.to_string()), seconds, compiled: None };
    }
    let _ = fs::copy(repo_root().join("Cargo.lock"), out.join("Cargo.lock"));
    let compiled = compile.then(|| clippy(&out, target_dir));
    Entry { name, source, diagnostics, generated: Ok(()), seconds, compiled }
}

fn clippy(crate_dir: &Path, target_dir: &Path) -> Result<(), String> {
    clippy_with(crate_dir, target_dir, &[])
}

/// The group features of a generated `Cargo.toml` (`[features]` keys but `default`,
/// `webhooks` and `tracing`).
pub fn group_features(manifest: &str) -> Vec<String> {
    let mut inside = false;
    let mut names = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == "[features]";
        } else if inside && !line.starts_with('#') {
            // `default`, `webhooks`, `tracing` and `serialize` are not groups of operations
            // (the planner reserves those names, so no tag takes them).
            if let Some((name, _)) = line.split_once('=') {
                let name = name.trim().trim_matches('"');
                if !["default", "webhooks", "tracing", "serialize"].contains(&name) {
                    names.push(name.to_string());
                }
            }
        }
    }
    names
}

/// Lints the crate in `crate_dir` once per group feature built alone
/// (`--no-default-features --features X`), and with none: features never depend on each
/// other. Each result is the feature (empty for none) and clippy's first error.
pub fn check_features(crate_dir: &Path, target_dir: &Path) -> Vec<(String, Result<(), String>)> {
    let manifest = fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap_or_default();
    let mut out = Vec::new();
    // `webhooks` gates what the webhooks send when the crate has group features: it builds
    // alone too.
    let webhooks = manifest.lines().any(|l| l.starts_with("webhooks = [")).then(|| "webhooks".to_string());
    let groups = group_features(&manifest);
    // Every group and `webhooks` together but without `serialize`: the received types'
    // `Serialize` never holds up what the sent ones need.
    let all = manifest.lines().any(|l| l.starts_with("serialize = [")).then(|| groups.iter().cloned().chain(webhooks.clone()).collect::<Vec<_>>().join(","));
    for feature in groups.into_iter().chain(webhooks).chain([String::new()]) {
        let result = if feature.is_empty() {
            clippy_with(crate_dir, target_dir, &["--no-default-features"])
        } else {
            clippy_with(crate_dir, target_dir, &["--no-default-features", "--features", &feature])
        };
        out.push((feature, result));
    }
    if let Some(all) = all.filter(|a| !a.is_empty()) {
        out.push((all.clone(), clippy_with(crate_dir, target_dir, &["--no-default-features", "--features", &all])));
    }
    out
}

fn clippy_with(crate_dir: &Path, target_dir: &Path, extra: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["clippy", "--quiet", "--message-format", "short", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .args(extra)
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first = stderr.lines().find(|l| l.contains("error")).unwrap_or("cargo clippy failed");
    Err(first.replace(&crate_dir.display().to_string(), "").trim_start_matches('/').to_string())
}

/// The results as a Markdown table.
pub fn table(entries: &[Entry]) -> String {
    let mut out = String::from("| spec | generated | compiled (clippy -D warnings) | diagnostics | seconds |\n|---|---|---|---|---|\n");
    for e in entries {
        let generated = match &e.generated {
            Ok(()) => "yes".to_string(),
            Err(why) => format!("no: {}", why.replace('|', "\\|")),
        };
        let compiled = match &e.compiled {
            None => "not tried".to_string(),
            Some(Ok(())) => "yes".to_string(),
            Some(Err(why)) => format!("no: `{}`", why.replace('|', "\\|").replace('`', "'")),
        };
        let _ = writeln!(out, "| `{}` | {generated} | {compiled} | {} | {:.2} |", e.source, e.diagnostics, e.seconds);
    }
    out
}
