//! What a run is asked for (crate name and version, how the header names the spec and the
//! command, where `$ref`s may reach): read by the driver in `lib.rs` and by `emit`, so it
//! lives apart from both (no import runs back up the pipeline).

use std::path::PathBuf;

/// What the generated crate is called and how it says it is regenerated.
#[derive(Debug, Clone)]
pub struct Config {
    pub crate_name: String,
    pub crate_version: String,
    /// The command the `@generated` header tells readers to run.
    pub regenerate_command: String,
    /// How the header names the spec (a path relative to the repository, say).
    pub spec_label: String,
    /// The base URL used when the spec has no `servers`.
    pub base_url_fallback: String,
    /// A folder whose files a `$ref` may name, besides the root spec's own folder (which is
    /// all a `$ref` may reach by default).
    pub ref_root: Option<PathBuf>,
}

impl Config {
    pub fn new(crate_name: &str, spec_label: &str, regenerate_command: &str) -> Self {
        Config {
            crate_name: crate_name.to_string(),
            crate_version: "0.1.0".to_string(),
            regenerate_command: regenerate_command.to_string(),
            spec_label: spec_label.to_string(),
            base_url_fallback: "http://localhost".to_string(),
            ref_root: None,
        }
    }
}
