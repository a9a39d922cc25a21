//! `cargo xtask generate` as a user runs it: the `--ref-root` flag widens where a `$ref` may
//! reach, and the generated files name the spec by its file name only.

use std::fs;
use std::path::Path;
use std::process::Command;

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    fs::write(path, text).expect("write");
}

#[test]
fn ref_root_flag_widens_the_fence_and_the_header_names_only_the_file() {
    let dir = std::env::temp_dir().join(format!("xtask-generate-cli-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    write(&dir.join("shared/common.yaml"), "Tag:\n  type: object\n  properties:\n    label: {type: string}\n");
    let spec = dir.join("api/my-api.yaml");
    write(
        &spec,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        tag: {$ref: '../shared/common.yaml#/Tag'}\n",
    );
    let run = |extra: &[&str], out: &str| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("generate")
            .arg("--spec")
            .arg(&spec)
            .arg("--out")
            .arg(dir.join(out))
            .args(extra)
            .output()
            .expect("xtask runs")
    };
    let refused = run(&[], "refused");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "read a file outside the spec's folder without --ref-root:\n{stderr}");
    assert!(stderr.contains("#/components/schemas/Pet/properties/tag/$ref"), "{stderr}");
    let shared = dir.join("shared");
    let widened = run(&["--ref-root", shared.to_str().expect("utf-8 path")], "widened");
    let stderr = String::from_utf8_lossy(&widened.stderr);
    assert!(widened.status.success(), "{stderr}");
    let models = fs::read_to_string(dir.join("widened/src/models.rs")).expect("models");
    assert!(models.contains("pub struct Tag"), "{models}");
    let header = models.lines().next().unwrap_or_default();
    assert!(header.contains("my-api.yaml") && !header.contains(&*dir.to_string_lossy()), "{header}");
    let _ = fs::remove_dir_all(&dir);
}

/// Every file in `dir` (relative path → bytes), to compare two generated crates.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
                files.insert(rel, fs::read(&path).expect("read"));
            }
        }
    }
    files
}

#[test]
fn timings_flag_prints_every_stage_and_changes_no_file() {
    let dir = std::env::temp_dir().join(format!("xtask-generate-stages-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let spec = dir.join("api.yaml");
    // A warning (the unknown format), so that the located-diagnostics stages do work too.
    write(
        &spec,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: string, format: no-such-format}\n",
    );
    let run = |extra: &[&str], out: &str| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("generate")
            .arg("--spec")
            .arg(&spec)
            .arg("--out")
            .arg(dir.join(out))
            .args(extra)
            .output()
            .expect("xtask runs")
    };
    let plain = run(&[], "plain");
    let timed = run(&["--timings"], "timed");
    let (plain_err, timed_err) = (String::from_utf8_lossy(&plain.stderr), String::from_utf8_lossy(&timed.stderr));
    assert!(plain.status.success() && timed.status.success(), "{plain_err}\n{timed_err}");
    assert!(!plain_err.contains("wall clock"), "{plain_err}");
    let stages = ["load", "resolve", "lower", "names", "prune", "plan", "emit and format", "locate", "write", "total"];
    let mut at = 0;
    for stage in stages {
        let found = timed_err.get(at..).and_then(|rest| rest.find(&format!("\n{stage} ")));
        assert!(found.is_some(), "stage `{stage}` missing or out of order:\n{timed_err}");
        at += found.unwrap_or_default() + 1;
    }
    assert_eq!(tree(&dir.join("plain")), tree(&dir.join("timed")));
    let _ = fs::remove_dir_all(&dir);
}
