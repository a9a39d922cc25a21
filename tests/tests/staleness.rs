//! `generated/` must be what `spec/` gives, byte for byte (the same check as
//! `cargo xtask regen --check`), and a change to the spec must make that check fail.

use std::fs;

use codegen::write::{self, Mode};

#[test]
fn generated_crate_is_up_to_date() {
    let run = xtask::regen(Mode::Check).unwrap_or_else(|e| panic!("regen failed: {e:?}"));
    assert!(
        run.changes.is_empty(),
        "generated/ is stale; run `cargo xtask regen`.\nchanged: {:?}\nno longer generated: {:?}",
        run.changes.changed,
        run.changes.removed
    );
}

#[test]
fn generation_is_deterministic() {
    let spec = pipeline_tests::repo_root().join(xtask::SPEC);
    let config = xtask::regen_config();
    let first = codegen::generate(&spec, &config).expect("generates");
    let second = codegen::generate(&spec, &config).expect("generates");
    assert_eq!(first.files, second.files);
}

#[test]
fn a_changed_description_makes_the_check_fail() {
    let root = pipeline_tests::repo_root();
    let text = fs::read_to_string(root.join(xtask::SPEC)).expect("spec");
    let needle = "summary: Publish a message";
    assert!(text.contains(needle), "the spec no longer has `{needle}`; update this test");
    let changed = text.replacen(needle, "summary: Publish one message", 1);
    let dir = std::env::temp_dir().join(format!("staleness-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    let spec = dir.join("custom-channels.yaml");
    fs::write(&spec, changed).expect("write spec");
    let generated = codegen::generate(&spec, &xtask::regen_config()).expect("generates");
    let changes = write::ensure(&root.join(xtask::OUT), &generated.files, Mode::Check).expect("check");
    let _ = fs::remove_dir_all(&dir);
    let names: Vec<String> = changes.changed.iter().map(|p| p.display().to_string()).collect();
    assert!(names.iter().any(|n| n.ends_with("src/client.rs")), "expected client.rs to be stale, got {names:?}");
    assert!(changes.removed.is_empty());
}
