//! The project's tasks as a library, so that tests run exactly what `cargo xtask` runs.

use std::path::{Path, PathBuf};

use codegen::write::{self, Changes, Mode};
use codegen::{Config, Diagnostics};

/// The spec `regen` reads, relative to the repository root.
pub const SPEC: &str = "spec/custom-channels.yaml";
/// Where `regen` writes the crate, relative to the repository root.
pub const OUT: &str = "generated";
pub const CRATE_NAME: &str = "hubspot-custom-channels";

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The configuration of the checked-in crate.
pub fn regen_config() -> Config {
    Config::new(CRATE_NAME, SPEC, "cargo xtask regen")
}

/// What went wrong in a task.
#[derive(Debug)]
pub enum TaskError {
    /// The spec has errors: every diagnostic.
    Spec(Diagnostics),
    Io(std::io::Error),
}

/// The outcome of a generation run: what changed (or would), and the warnings.
pub struct Run {
    pub changes: Changes,
    pub diagnostics: Diagnostics,
}

/// Generates `spec` into `out` (or, with `Mode::Check`, only compares).
pub fn run(spec: &Path, out: &Path, config: &Config, mode: Mode) -> Result<Run, TaskError> {
    let generated = codegen::generate(spec, config).map_err(TaskError::Spec)?;
    let changes = write::ensure(out, &generated.files, mode).map_err(TaskError::Io)?;
    Ok(Run { changes, diagnostics: generated.diagnostics })
}

/// `cargo xtask regen [--check]`: the checked-in crate from the checked-in spec.
pub fn regen(mode: Mode) -> Result<Run, TaskError> {
    let root = repo_root();
    run(&root.join(SPEC), &root.join(OUT), &regen_config(), mode)
}
