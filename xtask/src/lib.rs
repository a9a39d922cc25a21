//! The project's tasks as a library, so that tests run exactly what `cargo xtask` runs.

pub mod corpus;
pub mod fixtures;
pub mod record;

use std::fs;
use std::path::{Path, PathBuf};

use codegen::diff::{self, Report};
use codegen::write::{self, Changes, Mode};
use codegen::{Config, Diagnostics};

/// The spec `regen` reads, relative to the repository root.
pub const SPEC: &str = "spec/custom-channels.yaml";
/// Where `regen` writes the crate, relative to the repository root.
pub const OUT: &str = "generated";
pub const CRATE_NAME: &str = "hubspot-custom-channels";
/// The version `regen` gives the crate. `regen` suggests the next one when the API
/// changes; it never changes it by itself.
pub const CRATE_VERSION: &str = "0.1.0";

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The configuration of the checked-in crate, with the options file next to its spec.
pub fn regen_config() -> Config {
    let mut config = Config::new(CRATE_NAME, SPEC, "cargo xtask regen");
    config.crate_version = CRATE_VERSION.to_string();
    with_options(config, &repo_root().join(SPEC))
}

/// The options file of `spec`: `<stem>.codegen.json` beside it (see [`codegen::config::read_options`]).
pub fn options_file(spec: &Path) -> PathBuf {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
    spec.with_file_name(format!("{stem}.codegen.json"))
}

/// The options file of `spec`, read: `Ok(None)` when there is none.
pub fn read_options(spec: &Path) -> Result<Option<codegen::config::Options>, String> {
    let path = options_file(spec);
    match fs::read_to_string(&path) {
        Ok(text) => codegen::config::read_options(&text).map(Some).map_err(|why| format!("{}: {why}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// `config` with the selection and groups of `spec`'s options file (an unreadable file is
/// reported by [`run`], which reads it again).
fn with_options(mut config: Config, spec: &Path) -> Config {
    if let Ok(Some(options)) = read_options(spec) {
        options.apply(&mut config);
    }
    config
}

/// How generated code names a spec given by path: its file name, with anything that could
/// end a comment line or a string shown as `_`.
pub fn spec_label(spec: &Path) -> String {
    codegen::resolve::root_label(spec)
        .chars()
        .map(|c| if c.is_control() || matches!(c, '`' | '"' | '\\') { '_' } else { c })
        .collect()
}

/// The configuration of `cargo xtask generate`. Nothing in it depends on how the spec's
/// path was typed or where the command runs: the spec is named by its file name, and the
/// crate after its stem unless a name is given.
pub fn generate_config(spec: &Path, crate_name: Option<&str>, crate_version: Option<&str>, ref_root: Option<PathBuf>) -> Config {
    let label = spec_label(spec);
    let name = crate_name.map_or_else(|| default_crate_name(spec), str::to_string);
    let mut config = Config::new(&name, &label, &format!("cargo xtask generate --spec {label}"));
    if let Some(v) = crate_version {
        config.crate_version = v.to_string();
    }
    config.ref_root = ref_root;
    with_options(config, spec)
}

/// A crate name from the spec's file stem: `Jira API.json` → `jira-api`.
pub fn default_crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    let name: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect();
    let name = name.trim_matches('-').to_string();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{name}")
    } else {
        name
    }
}

/// What went wrong in a task.
#[derive(Debug)]
pub enum TaskError {
    /// The spec has errors: every diagnostic.
    Spec(Diagnostics),
    Io(std::io::Error),
}

/// The API changes between the spec a crate was generated from and the one generating it now.
pub struct ApiChanges {
    /// The spec copy the crate recorded last time.
    pub previous: PathBuf,
    /// The diff; `Err` when the recorded copy no longer loads (its diagnostics).
    pub report: Result<Report, Diagnostics>,
    /// The crate's version, from which the next one is suggested.
    pub version: String,
}

/// The outcome of a generation run: what changed (or would), and the warnings.
pub struct Run {
    pub changes: Changes,
    pub diagnostics: Diagnostics,
    /// The API changes since the recorded spec, when the spec differs from it.
    pub api: Option<ApiChanges>,
    /// The changelog entry written by this run (`Mode::Write` only).
    pub changelog: Option<PathBuf>,
    /// Generation's stages, then this run's own work (the API changes, writing the files).
    pub timings: codegen::Timings,
}

/// Generates `spec` into `out` (or, with `Mode::Check`, only compares), together with a copy
/// of the spec. When the crate recorded an earlier spec that differs, the API changes are
/// computed; in `Mode::Write` they are added to the crate's changelog.
pub fn run(spec: &Path, out: &Path, config: &Config, mode: Mode) -> Result<Run, TaskError> {
    if let Err(why) = read_options(spec) {
        let mut diags = Diagnostics::default();
        diags.error(options_file(spec).display().to_string(), why);
        return Err(TaskError::Spec(diags));
    }
    let generated = codegen::generate(spec, config).map_err(TaskError::Spec)?;
    let mut timings = generated.timings;
    let spec_text = codegen::load::read_text(spec).map_err(|why| TaskError::Io(std::io::Error::other(why)))?;
    let copy = record::copy_name(spec);
    let previous = record::recorded_spec(out, copy);
    let api = match &previous {
        Some(prev) if codegen::load::read_text(prev).ok().as_deref() != Some(spec_text.as_str()) => Some(ApiChanges {
            previous: prev.clone(),
            report: record::changes_since(prev, spec, config.ref_root.as_deref(), &config.selection),
            version: config.crate_version.clone(),
        }),
        _ => None,
    };
    let mut files = generated.files;
    files.push((copy.to_string(), spec_text));
    timings.lap("API changes since the recorded spec");
    let mut changes = write::ensure(out, &files, mode).map_err(TaskError::Io)?;
    for stale in record::stale_copies(out, copy) {
        if mode == Mode::Write {
            fs::remove_file(&stale).map_err(TaskError::Io)?;
        }
        changes.removed.push(stale);
    }
    let mut changelog = None;
    if mode == Mode::Write {
        let entry = match (&previous, &api) {
            (None, _) => Some(record::first_entry(&record::today(), &config.crate_version, &config.spec_label)),
            (Some(_), Some(ApiChanges { report: Ok(report), version, .. })) if !report.is_empty() => {
                Some(record::entry(&record::today(), report, version, &config.spec_label))
            }
            _ => None,
        };
        if let Some(entry) = entry {
            let path = record::add_entry(out, &config.crate_name, &entry).map_err(TaskError::Io)?;
            changelog = Some(path);
        }
    }
    timings.lap("write");
    Ok(Run { changes, diagnostics: generated.diagnostics, api, changelog, timings })
}

/// `cargo xtask regen [--check]`: the checked-in crate from the checked-in spec, and the
/// fixture crates from the fixture specs.
pub fn regen(mode: Mode) -> Result<Run, TaskError> {
    let root = repo_root();
    let mut run = run(&root.join(SPEC), &root.join(OUT), &regen_config(), mode)?;
    let (changes, warnings) = fixtures::regen(mode)?;
    run.changes.changed.extend(changes.changed);
    run.changes.removed.extend(changes.removed);
    run.diagnostics.extend(warnings);
    Ok(run)
}

/// `cargo xtask diff OLD NEW`: the API changes between two spec files. `Err` carries the
/// diagnostics of every file that does not load; `Ok` the warnings met on the way.
pub fn diff(old: &Path, new: &Path) -> Result<(Report, Diagnostics), Diagnostics> {
    diff::diff_files(old, new)
}
