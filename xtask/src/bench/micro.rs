//! The micro-benchmarks of the `bench-harness` crate (serde, client overhead): built in
//! release and run as separate processes, so that the generated crate's dependencies stay out
//! of xtask; they print `pair NAME OURS REFERENCE` lines that are read back here, and
//! `skip NAME WHY` for a figure they could not measure.

use std::collections::BTreeMap;
use std::process::Command;

use crate::bench::cargo;

/// What a micro-benchmark printed.
#[derive(Default)]
pub struct Printed {
    /// The pairs each named figure printed, in order.
    pub pairs: BTreeMap<String, Vec<(f64, f64)>>,
    /// Why a named figure was not measured.
    pub skips: BTreeMap<String, String>,
}

impl Printed {
    /// The pairs of `name`, or why there are none.
    pub fn figure(&self, name: &str) -> Result<&[(f64, f64)], String> {
        match (self.pairs.get(name), self.skips.get(name)) {
            (Some(pairs), _) => Ok(pairs),
            (None, Some(why)) => Err(why.clone()),
            (None, None) => Err("not printed".to_string()),
        }
    }
}

/// What `bin` printed.
pub fn run(bin: &str) -> Result<Printed, String> {
    let root = xtask::repo_root();
    let output = Command::new(cargo())
        .args(["run", "--release", "--quiet", "-p", "bench-harness", "--bin", bin, "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no output");
        return Err(format!("`{bin}` failed: {last}"));
    }
    let mut printed = Printed::default();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        if let Some((name, why)) = line.strip_prefix("skip ").and_then(|rest| rest.split_once(' ')) {
            printed.skips.insert(name.to_string(), why.to_string());
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        if let ["pair", name, ours, reference] = parts.as_slice() {
            if let (Ok(o), Ok(r)) = (ours.parse::<f64>(), reference.parse::<f64>()) {
                printed.pairs.entry((*name).to_string()).or_default().push((o, r));
            }
        }
    }
    Ok(printed)
}
