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
    /// Which operations are generated (see [`crate::select::Selector`]); empty: all.
    pub selection: Selection,
    /// Feature groups chosen by the user: the first selector an operation matches puts it in
    /// that group instead of its tags' (or its path's) groups.
    pub groups: Vec<(String, String)>,
    /// Whether the models are split into crates of their own ([`crate::plan::crates`]): by the
    /// spec's size, unless the options file's `"crates"` says.
    pub layout: crate::plan::crates::Layout,
}

/// `--include` and `--exclude`: the operations a selector in `include` names (all, when it is
/// empty), less those one in `exclude` names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }
}

/// What an options file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub selection: Selection,
    /// The groups (selector → feature), in the file's order.
    pub groups: Vec<(String, String)>,
    pub layout: crate::plan::crates::Layout,
}

impl Options {
    /// `config` with these options.
    pub fn apply(self, config: &mut Config) {
        config.selection = self.selection;
        config.groups = self.groups;
        config.layout = self.layout;
    }
}

/// The options file next to a spec (`<spec stem>.codegen.json`), which holds what the flags of
/// `cargo xtask generate` would say, so that `regen` stays reproducible:
/// `{"include": [SELECTOR…], "exclude": [SELECTOR…], "groups": {SELECTOR: FEATURE, …},
/// "crates": BOOL}`, every key optional (`crates`: the models in crates of their own, or in
/// the root crate, whatever the spec's size). `groups` keeps the file's order (the first match wins).
pub fn read_options(text: &str) -> Result<Options, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let serde_json::Value::Object(map) = value else { return Err("not a JSON object".to_string()) };
    let mut options = Options::default();
    for (key, value) in map {
        let strings = |v: &serde_json::Value| -> Result<Vec<String>, String> {
            match v {
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map(str::to_string).ok_or_else(|| format!("`{key}` holds a non-string")))
                    .collect(),
                _ => Err(format!("`{key}` is not an array of strings")),
            }
        };
        match key.as_str() {
            "include" => options.selection.include = strings(&value)?,
            "exclude" => options.selection.exclude = strings(&value)?,
            "crates" => {
                let on = value.as_bool().ok_or("`crates` is not true or false")?;
                options.layout = crate::plan::crates::Layout::Forced(on);
            }
            "groups" => {
                let serde_json::Value::Object(entries) = value else { return Err("`groups` is not an object".to_string()) };
                for (selector, group) in entries {
                    let group = group.as_str().ok_or("`groups` maps selectors to strings")?;
                    options.groups.push((selector, group.to_string()));
                }
            }
            other => return Err(format!("unknown key `{other}` (known: include, exclude, groups, crates)")),
        }
    }
    Ok(options)
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
            selection: Selection::default(),
            groups: Vec::new(),
            layout: Default::default(),
        }
    }
}
