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
