//! The micro-benchmarks of the `bench-harness` crate (serde, client overhead): built in
//! release and run as separate processes, so that the generated crate's dependencies stay out
//! of xtask; they print `pair NAME OURS REFERENCE` lines that are read back here.

use std::collections::BTreeMap;
use std::process::Command;

use crate::bench::cargo;

/// The pairs each named figure printed, in order.
pub fn run(bin: &str) -> Result<BTreeMap<String, Vec<(f64, f64)>>, String> {
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
    let mut pairs: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if let ["pair", name, ours, reference] = parts.as_slice() {
            if let (Ok(o), Ok(r)) = (ours.parse::<f64>(), reference.parse::<f64>()) {
                pairs.entry((*name).to_string()).or_default().push((o, r));
            }
        }
    }
    Ok(pairs)
}
