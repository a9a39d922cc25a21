//! Generation against the parse floor: the whole in-process `codegen::generate` of a spec
//! against reading the same file and parsing it with `serde_json` or `serde_yaml` alone, in
//! interleaved repeats. Also counts the lines the generation writes.

use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::Config;

/// One spec's measurements.
pub struct Measured {
    pub spec: PathBuf,
    pub crate_name: String,
    /// `(generate, parse)` seconds, one pair per repeat.
    pub pairs: Vec<(f64, f64)>,
    /// The files of the last generation, for the line counts and the compile figures.
    pub files: Vec<(String, String)>,
}

impl Measured {
    /// Lines of the crate's Rust sources (`src/**.rs`).
    pub fn source_lines(&self) -> usize {
        source_lines(&self.files)
    }
}

/// Lines of the support crate's Rust sources (`support/src/**.rs`), which [`source_lines`]
/// leaves out as it would progenitor-client's.
pub fn support_lines(files: &[(String, String)]) -> usize {
    files.iter().filter(|(path, _)| path.starts_with("support/src/") && path.ends_with(".rs")).map(|(_, text)| text.lines().count()).sum()
}

/// Lines of the crate's `src/**.rs`, and of its model crates' (`models-<n>/src/**.rs`, a big
/// spec's models in crates of their own).
pub fn source_lines(files: &[(String, String)]) -> usize {
    let counted = |path: &str| {
        let inner = path.split_once('/').filter(|(head, _)| head.starts_with("models-")).map_or(path, |(_, rest)| rest);
        inner.starts_with("src/") && path.ends_with(".rs")
    };
    files.iter().filter(|(path, _)| counted(path)).map(|(_, text)| text.lines().count()).sum()
}

/// Generates and parses `spec` `repeats` times, alternating which goes first.
pub fn measure(spec: &Path, config: &Config, repeats: usize) -> Result<Measured, String> {
    let mut pairs = Vec::new();
    let mut files = Vec::new();
    // One untimed round first: the file is then in the page cache for both sides alike.
    parse(spec)?;
    for i in 0..repeats {
        let (g, p) = if i % 2 == 0 {
            let g = generate(spec, config, &mut files)?;
            (g, parse(spec)?)
        } else {
            let p = parse(spec)?;
            (generate(spec, config, &mut files)?, p)
        };
        pairs.push((g, p));
    }
    Ok(Measured { spec: spec.to_path_buf(), crate_name: config.crate_name.clone(), pairs, files })
}

fn generate(spec: &Path, config: &Config, files: &mut Vec<(String, String)>) -> Result<f64, String> {
    let start = Instant::now();
    let generated = codegen::generate(spec, config);
    let seconds = start.elapsed().as_secs_f64();
    match generated {
        Ok(g) => {
            *files = g.files;
            Ok(seconds)
        }
        Err(diags) => Err(format!("does not generate ({} problem(s), first: {})", diags.len(), diags.iter().next().map(ToString::to_string).unwrap_or_default())),
    }
}

/// Seconds to read the file and parse it into a value tree, nothing more.
pub fn parse(spec: &Path) -> Result<f64, String> {
    let start = Instant::now();
    let bytes = std::fs::read(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let json = spec.extension().is_some_and(|e| e == "json");
    let ok = if json {
        serde_json::from_slice::<serde_json::Value>(&bytes).map(|v| drop(std::hint::black_box(v))).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_slice::<serde_yaml::Value>(&bytes).map(|v| drop(std::hint::black_box(v))).map_err(|e| e.to_string())
    };
    let seconds = start.elapsed().as_secs_f64();
    ok.map(|()| seconds).map_err(|e| format!("does not parse: {e}"))
}
