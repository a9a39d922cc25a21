//! Generated crates built by the tests: written to a temporary folder with the workspace's
//! `Cargo.lock` (so the shared target dir's dependencies are reused) and linted there.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The target dir every test build shares: `CARGO_TARGET_DIR`, else the workspace's.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| crate::repo_root().join("target"), PathBuf::from)
}

/// Writes `files` as a crate in a fresh `<temp>/<name>-<pid>` and returns that folder.
pub fn write_crate(name: &str, files: &[(String, String)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    codegen::write::ensure(&dir, files, codegen::write::Mode::Write).expect("write the crate");
    std::fs::copy(crate::repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
    dir
}

/// `cargo clippy <extra> -- -D warnings` of the crate in `dir`: its stderr when it fails.
pub fn clippy(dir: &Path, extra: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["clippy", "--quiet", "--message-format", "short", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .args(extra)
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// Writes `files` as the crate `name` and asserts it passes clippy `-D warnings`; the folder
/// is removed when it does and kept, named in the failure, when it does not.
pub fn assert_passes_clippy(name: &str, files: &[(String, String)]) {
    let dir = write_crate(name, files);
    match clippy(&dir, &[]) {
        Ok(()) => {
            let _ = std::fs::remove_dir_all(&dir);
        }
        Err(stderr) => panic!("the crate in {} does not pass clippy:\n{stderr}", dir.display()),
    }
}
