//! The fixture specs of `spec/fixtures/`, one per hard case, generated into compilable
//! crates under `tests/generated/` (workspace members, so `cargo test` and clippy build
//! them). `cargo xtask regen` regenerates them with the main crate; `--check` checks them.

use std::fs;
use std::path::PathBuf;

use codegen::write::{self, Changes, Mode};
use codegen::{Config, Diagnostics};

use crate::{repo_root, TaskError};

/// Where fixture specs live, relative to the repository root.
pub const SPECS: &str = "spec/fixtures";
/// Where their crates go, relative to the repository root.
pub const OUT: &str = "tests/generated";

/// One fixture: its name (the crate is `fixture-<name>`), spec and output directory.
pub struct Fixture {
    pub name: String,
    pub spec: PathBuf,
    pub out: PathBuf,
}

impl Fixture {
    pub fn config(&self) -> Config {
        let label = self.spec.strip_prefix(repo_root()).unwrap_or(&self.spec).display().to_string();
        let mut config = Config::new(&format!("fixture-{}", self.name.replace('_', "-")), &label, "cargo xtask regen");
        if let Ok(Some(options)) = crate::read_options(&self.spec) {
            options.apply(&mut config);
        }
        config
    }
}

/// Every `spec/fixtures/*.yaml`, and `spec/fixtures/<dir>/main.yaml` for multi-file fixtures,
/// sorted by name.
pub fn all() -> Vec<Fixture> {
    let root = repo_root();
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(root.join(SPECS)) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        let (name, spec) = if path.is_dir() {
            (path.file_name().and_then(|n| n.to_str()).map(str::to_string), path.join("main.yaml"))
        } else if path.extension().is_some_and(|e| e == "yaml") {
            (path.file_stem().and_then(|n| n.to_str()).map(str::to_string), path.clone())
        } else {
            continue;
        };
        if let (Some(name), true) = (name, spec.exists()) {
            out.push(Fixture { out: root.join(OUT).join(&name), name, spec });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Generates (or checks) every fixture crate; the warnings of all of them come back.
pub fn regen(mode: Mode) -> Result<(Changes, Diagnostics), TaskError> {
    let mut changes = Changes::default();
    let mut warnings = Diagnostics::default();
    for fixture in all() {
        let generated = codegen::generate(&fixture.spec, &fixture.config()).map_err(TaskError::Spec)?;
        let c = write::ensure(&fixture.out, &generated.files, mode).map_err(TaskError::Io)?;
        changes.changed.extend(c.changed);
        changes.removed.extend(c.removed);
        warnings.extend(generated.diagnostics);
    }
    Ok((changes, warnings))
}

