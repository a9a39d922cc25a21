//! `cargo check` and `cargo build --release` of a generated crate from scratch, with its
//! dependencies built beforehand in a target directory of the bench's own, so that only the
//! crate itself is timed. Peak memory comes from `/usr/bin/time -v` when it is installed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use codegen::write::{self, Mode};

use crate::bench::cargo;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Check,
    Release,
}

impl Profile {
    fn args(self) -> &'static [&'static str] {
        match self {
            Profile::Check => &["check"],
            Profile::Release => &["build", "--release"],
        }
    }

    /// `cargo clean -p` removes the dev profile's artifacts only, unless told otherwise.
    fn clean_args(self) -> &'static [&'static str] {
        match self {
            Profile::Check => &[],
            Profile::Release => &["--release"],
        }
    }
}

/// A crate on disk, outside any workspace.
#[derive(Clone)]
pub struct Crate {
    pub dir: PathBuf,
    /// Its package name, for `cargo clean -p`.
    pub package: String,
    /// `--no-default-features --features X` when only one feature is to be built.
    pub only_feature: Option<String>,
    /// Packages of its folder built from scratch with it (its support crate, when that is not
    /// counted as a pre-built dependency).
    pub with: Vec<String>,
}

/// One timed build.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub seconds: f64,
    /// Peak resident set of the largest process of the build (rustc), in KiB.
    pub rss_kib: Option<u64>,
}

/// Writes generated files as a standalone crate into `dir`, with the repository's lock file
/// so that dependencies resolve to the versions the rest of the bench uses.
pub fn write_crate(dir: &Path, files: &[(String, String)], package: &str) -> Result<Crate, String> {
    let _ = fs::remove_dir_all(dir);
    write::ensure(dir, files, Mode::Write).map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
    copy_lock(dir);
    Ok(Crate { dir: dir.to_path_buf(), package: package.to_string(), only_feature: None, with: Vec::new() })
}

pub fn copy_lock(dir: &Path) {
    let _ = fs::copy(xtask::repo_root().join("Cargo.lock"), dir.join("Cargo.lock"));
}

/// Builds the crate's dependencies only: the same build with an empty `src/lib.rs`, the real
/// one put back afterwards whatever happened.
pub fn prebuild(krate: &Crate, target: &Path, profile: Profile) -> Result<(), String> {
    let lib = krate.dir.join("src/lib.rs");
    let original = fs::read(&lib).map_err(|e| format!("cannot read {}: {e}", lib.display()))?;
    fs::write(&lib, "").map_err(|e| format!("cannot write {}: {e}", lib.display()))?;
    let result = cargo_build(krate, target, profile, false);
    fs::write(&lib, original).map_err(|e| format!("cannot restore {}: {e}", lib.display()))?;
    result.map(|_| ())
}

/// Removes the crate's own artifacts, then times its build.
pub fn time(krate: &Crate, target: &Path, profile: Profile) -> Result<Timing, String> {
    clean(krate, target, profile)?;
    cargo_build(krate, target, profile, true)
}

/// Removes the crate's own artifacts of `profile` from `target`, its dependencies' kept.
pub fn clean(krate: &Crate, target: &Path, profile: Profile) -> Result<(), String> {
    let mut packages = vec!["-p", krate.package.as_str()];
    for package in &krate.with {
        packages.extend(["-p", package.as_str()]);
    }
    let clean = Command::new(cargo())
        .args(["clean", "--quiet"])
        .args(&packages)
        .args(profile.clean_args())
        .arg("--manifest-path")
        .arg(krate.dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !clean.success() {
        return Err(format!("`cargo clean -p {}` failed", krate.package));
    }
    Ok(())
}

fn cargo_build(krate: &Crate, target: &Path, profile: Profile, measure_memory: bool) -> Result<Timing, String> {
    let time_v = Path::new("/usr/bin/time");
    let with_time = measure_memory && time_v.exists();
    let mut command = if with_time {
        let mut c = Command::new(time_v);
        c.arg("-v").arg(cargo());
        c
    } else {
        Command::new(cargo())
    };
    command.args(profile.args()).args(["--quiet", "--message-format", "short", "--manifest-path"]).arg(krate.dir.join("Cargo.toml"));
    if let Some(feature) = &krate.only_feature {
        command.args(["--no-default-features", "--features", feature]);
    }
    command.env("CARGO_TARGET_DIR", target);
    let start = Instant::now();
    let output = command.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    let seconds = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let first = stderr.lines().find(|l| l.contains("error")).unwrap_or("cargo failed");
        return Err(first.replace(&krate.dir.display().to_string(), "").trim_start_matches('/').to_string());
    }
    let rss_kib = with_time.then(|| max_rss(&stderr)).flatten();
    Ok(Timing { seconds, rss_kib })
}

/// GNU time's "Maximum resident set size (kbytes): N".
fn max_rss(report: &str) -> Option<u64> {
    report.lines().find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):")).and_then(|v| v.trim().parse().ok())
}

/// The feature names of a generated `Cargo.toml` (`[features]` keys).
pub fn features(manifest: &str) -> Vec<String> {
    let mut inside = false;
    let mut names = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == "[features]";
        } else if inside {
            if let Some((name, _)) = line.split_once('=') {
                names.push(name.trim().trim_matches('"').to_string());
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gnu_time_peak_memory() {
        let report = "\tCommand being timed: \"cargo check\"\n\tMaximum resident set size (kbytes): 1048576\n\tExit status: 0\n";
        assert_eq!(max_rss(report), Some(1_048_576));
        assert_eq!(max_rss("no report"), None);
    }

    #[test]
    fn lists_features_of_a_manifest() {
        let manifest = "[package]\nname = \"x\"\n\n[features]\ndefault = [\"repos\", \"gists\"]\nrepos = []\ngists = []\n\n[dependencies]\nserde = \"1\"\n";
        assert_eq!(features(manifest), ["default", "repos", "gists"]);
    }
}
