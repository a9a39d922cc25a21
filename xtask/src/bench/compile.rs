//! `cargo check` and `cargo build --release` of a generated crate from scratch, with its
//! dependencies built beforehand in a target directory of the bench's own, so that only the
//! crate itself is timed (a big spec's model crates too; the support crate when
//! [`Crate::with`] names it). Peak memory comes from `/usr/bin/time -v` when it is installed (the largest
//! process), and from sampling the sum of the build's rustc processes ([`super::rss`]).

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
    /// Peak of the sum of the build's rustc processes' resident sets, in KiB (two model
    /// crates compile at once on two cores).
    pub sum_rss_kib: Option<u64>,
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

/// Builds the crate's dependencies only: the same build with an empty `src/lib.rs` (its model
/// crates' too), the real ones put back afterwards whatever happened.
pub fn prebuild(krate: &Crate, target: &Path, profile: Profile) -> Result<(), String> {
    let mut libs = vec![krate.dir.join("src/lib.rs")];
    libs.extend(sub_crate_dirs(&krate.dir).into_iter().map(|d| d.join("src/lib.rs")));
    let mut originals = Vec::new();
    for lib in &libs {
        match fs::read(lib) {
            Ok(original) => originals.push((lib, original)),
            Err(e) => return Err(format!("cannot read {}: {e}", lib.display())),
        }
    }
    let mut result = Ok(());
    for (lib, _) in &originals {
        if let Err(e) = fs::write(lib, "") {
            result = Err(format!("cannot write {}: {e}", lib.display()));
        }
    }
    if result.is_ok() {
        result = cargo_build(krate, target, profile, false).map(|_| ());
    }
    for (lib, original) in &originals {
        fs::write(lib, original).map_err(|e| format!("cannot restore {}: {e}", lib.display()))?;
    }
    result
}

/// Removes the crate's own artifacts, then times its build.
pub fn time(krate: &Crate, target: &Path, profile: Profile) -> Result<Timing, String> {
    clean(krate, target, profile)?;
    cargo_build(krate, target, profile, true)
}

/// Removes the crate's own artifacts of `profile` from `target` (and its generated
/// sub-crates'), its dependencies' kept.
pub fn clean(krate: &Crate, target: &Path, profile: Profile) -> Result<(), String> {
    // Its model crates are the crate's own code, always built from scratch; the support crate
    // only when `with` says.
    let mut packages = vec![krate.package.clone()];
    packages.extend(krate.with.iter().cloned());
    packages.extend(sub_crates(&krate.dir));
    packages.dedup();
    let clean = Command::new(cargo())
        .arg("clean")
        .arg("--quiet")
        .args(packages.iter().flat_map(|p| ["-p", p.as_str()]))
        .args(profile.clean_args())
        .arg("--manifest-path")
        .arg(krate.dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !clean.success() {
        return Err(format!("`cargo clean -p {}` failed", packages.join(" -p ")));
    }
    Ok(())
}

/// The package names of a big spec's model crates in `dir` (`models-<n>/`, each with a
/// generated `Cargo.toml`), sorted.
pub fn sub_crates(dir: &Path) -> Vec<String> {
    sub_crate_dirs(dir).iter().filter_map(|d| fs::read_to_string(d.join("Cargo.toml")).ok()).filter_map(|m| package_name(&m)).collect()
}

/// The model crates' folders of `dir` (`models-<n>/` with a generated `Cargo.toml`), sorted.
fn sub_crate_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.starts_with("models-")))
        .map(|e| e.path())
        .filter(|d| fs::read_to_string(d.join("Cargo.toml")).is_ok_and(|m| m.lines().next().is_some_and(|l| l.contains(codegen::format::MARKER))))
        .collect();
    out.sort();
    out
}

/// `[package] name` of a manifest.
fn package_name(manifest: &str) -> Option<String> {
    let mut inside = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == "[package]";
        } else if inside {
            if let Some(value) = line.strip_prefix("name").map(str::trim_start).and_then(|r| r.strip_prefix('=')) {
                return Some(value.trim().trim_matches('"').to_string());
            }
        }
    }
    None
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
    command.env("CARGO_TARGET_DIR", target).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped());
    let start = Instant::now();
    let mut child = command.spawn().map_err(|e| format!("cannot run cargo: {e}"))?;
    // Read on the side: a full pipe would stall the build.
    let reader = child.stderr.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = std::io::Read::read_to_end(&mut pipe, &mut text);
            text
        })
    });
    let (status, sum_rss_kib) = super::rss::wait_sampling(&mut child).map_err(|e| format!("cannot wait for cargo: {e}"))?;
    let seconds = start.elapsed().as_secs_f64();
    let stderr_bytes = reader.and_then(|r| r.join().ok()).unwrap_or_default();
    let stderr = String::from_utf8_lossy(&stderr_bytes);
    if !status.success() {
        let first = stderr.lines().find(|l| l.contains("error")).unwrap_or("cargo failed");
        return Err(first.replace(&krate.dir.display().to_string(), "").trim_start_matches('/').to_string());
    }
    let rss_kib = with_time.then(|| max_rss(&stderr)).flatten();
    Ok(Timing { seconds, rss_kib, sum_rss_kib: sum_rss_kib.filter(|_| measure_memory) })
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
    fn reads_the_package_name_of_a_manifest() {
        let manifest = "# @generated\n[package]\nname = \"gh-models-1\"\n\n[dependencies]\nname = \"not this\"\n";
        assert_eq!(package_name(manifest).as_deref(), Some("gh-models-1"));
        assert_eq!(package_name("[dependencies]\nname = \"x\"\n"), None);
    }

    #[test]
    fn lists_features_of_a_manifest() {
        let manifest = "[package]\nname = \"x\"\n\n[features]\ndefault = [\"repos\", \"gists\"]\nrepos = []\ngists = []\n\n[dependencies]\nserde = \"1\"\n";
        assert_eq!(features(manifest), ["default", "repos", "gists"]);
    }
}
