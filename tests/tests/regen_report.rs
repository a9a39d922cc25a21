//! What `cargo xtask regen` (and `generate`) record and report: a copy of the spec in the
//! crate, the API changes since that copy, a changelog entry per change of the API, and a
//! `--check` that still passes right after a regeneration.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::write::Mode;
use codegen::Config;
use xtask::record::CHANGELOG;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("regen-report-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn fixture(case: &str, side: &str) -> PathBuf {
    pipeline_tests::repo_root().join("tests/fixtures/diff").join(case).join(format!("{side}.yaml"))
}

fn config() -> Config {
    Config::new("fixture-api", "api.yaml", "cargo xtask regen")
}

fn run(spec: &Path, out: &Path, mode: Mode) -> xtask::Run {
    xtask::run(spec, out, &config(), mode).unwrap_or_else(|e| panic!("generation failed: {e:?}"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn regeneration_records_the_spec_reports_changes_and_keeps_a_changelog() {
    let dir = temp_dir("cycle");
    let (spec, out) = (dir.join("api.yaml"), dir.join("crate"));
    fs::copy(fixture("response-field-added", "old"), &spec).expect("copy");

    // First generation: the spec is recorded and the changelog started.
    let first = run(&spec, &out, Mode::Write);
    assert!(first.api.is_none());
    assert_eq!(read(&out.join("openapi.yaml")), read(&spec));
    assert!(first.changes.changed.iter().any(|p| p.ends_with("openapi.yaml")));
    let changelog = read(&out.join(CHANGELOG));
    assert!(changelog.starts_with("# Changelog of fixture-api\n"), "{changelog}");
    assert!(changelog.contains("0.1.0, generated from `api.yaml`"), "{changelog}");
    assert!(run(&spec, &out, Mode::Check).changes.is_empty());

    // The spec changes: `--check` fails and says what changed, writing nothing.
    fs::copy(fixture("response-field-added", "new"), &spec).expect("copy");
    let check = run(&spec, &out, Mode::Check);
    assert!(check.changes.changed.iter().any(|p| p.ends_with("openapi.yaml")), "{:?}", check.changes.changed);
    let api = check.api.as_ref().expect("a diff against the recorded spec");
    assert!(api.previous.ends_with("crate/openapi.yaml"));
    assert_eq!(api.report.as_ref().map(|r| r.changes.len()).ok(), Some(2));
    assert!(check.changelog.is_none());
    assert_eq!(read(&out.join(CHANGELOG)), changelog);

    // Regeneration: the report, and an entry in the changelog, newest first.
    let second = run(&spec, &out, Mode::Write);
    let api = second.api.as_ref().expect("a diff against the recorded spec");
    let report = api.report.as_ref().expect("both specs load");
    assert_eq!(api.version, "0.1.0");
    assert_eq!(report.level(), codegen::diff::semver::Level::Breaking);
    assert_eq!(second.changelog.as_deref(), Some(out.join(CHANGELOG).as_path()));
    let changelog = read(&out.join(CHANGELOG));
    let entry = changelog.find("spec changed; suggested version 0.1.0 → 0.2.0").expect(&changelog);
    let first_entry = changelog.find("generated from `api.yaml`").expect(&changelog);
    assert!(entry < first_entry, "newest first:\n{changelog}");
    assert!(changelog.contains("- `field-added` getThing response 200 .createdAt: `created_at: chrono::DateTime<chrono::Utc>` in `Thing` (required) (rust: **breaking**, wire: compatible)"), "{changelog}");
    assert!(changelog.contains("2 changes: 1 breaking for Rust callers"), "{changelog}");
    // Each entry names its spec; the header names no command.
    assert!(changelog.contains("0.2.0\n\nGenerated from `api.yaml`. 2 changes"), "{changelog}");
    assert!(!changelog.contains("cargo xtask regen"), "{changelog}");
    assert_eq!(read(&out.join("openapi.yaml")), read(&spec));

    // Right after a regeneration the check passes: the changelog is not a generated file.
    let check = run(&spec, &out, Mode::Check);
    assert!(check.changes.is_empty(), "{:?}", check.changes.changed);
    assert!(check.api.is_none());

    // Regenerating from the same spec adds nothing.
    let again = run(&spec, &out, Mode::Write);
    assert!(again.changes.is_empty() && again.api.is_none() && again.changelog.is_none());
    assert_eq!(read(&out.join(CHANGELOG)), changelog);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_spec_changing_format_is_recorded_under_its_new_name() {
    let dir = temp_dir("format");
    let (yaml, json, out) = (dir.join("api.yaml"), dir.join("api.json"), dir.join("crate"));
    fs::copy(fixture("operation-added", "old"), &yaml).expect("copy");
    run(&yaml, &out, Mode::Write);
    assert!(out.join("openapi.yaml").is_file());

    // The same API as JSON (with one more operation).
    let mut d = codegen::Diagnostics::default();
    let doc = codegen::load::load_file(&fixture("operation-added", "new"), &mut d).expect("loads");
    fs::write(&json, serde_json::to_string_pretty(&doc.root).expect("json")).expect("write");
    let check = run(&json, &out, Mode::Check);
    assert!(check.changes.removed.iter().any(|p| p.ends_with("openapi.yaml")), "{:?}", check.changes.removed);
    assert!(out.join("openapi.yaml").is_file(), "--check removes nothing");
    let written = run(&json, &out, Mode::Write);
    assert!(out.join("openapi.json").is_file() && !out.join("openapi.yaml").exists());
    let report = written.api.expect("compared with the YAML copy").report.expect("loads");
    let kinds: Vec<&str> = report.changes.iter().map(|c| c.kind.as_str()).collect();
    assert_eq!(kinds, ["operation-added"]);
    assert!(run(&json, &out, Mode::Check).changes.is_empty());
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn the_checked_in_crate_records_the_spec_it_was_generated_from() {
    let root = pipeline_tests::repo_root();
    assert_eq!(read(&root.join(xtask::OUT).join("openapi.yaml")), read(&root.join(xtask::SPEC)));
    let changelog = read(&root.join(xtask::OUT).join(CHANGELOG));
    assert!(changelog.starts_with("# Changelog of hubspot-custom-channels\n"), "{changelog}");
    assert_eq!(xtask::regen_config().crate_version, xtask::CRATE_VERSION);
}
