//! The support crate beside every generated client (`support/`, package `<crate>-support`):
//! the client and its support crate, copied alone outside the workspace, build; a spec that
//! names its schemas, tags and operations `support` does not collide with the crate's name for
//! it; and regen removes a stale generated file of `support/src/` but never a hand-written one.

use std::path::Path;
use std::process::Command;

use codegen::write::{self, Mode};
use codegen::Config;
use pipeline_tests::crates;

/// `shapes` uses every module of the support crate (`Base64`, open enums, both kinds of union).
fn shapes() -> Vec<(String, String)> {
    let fixture = xtask::fixtures::all().into_iter().find(|f| f.name == "shapes").expect("the shapes fixture");
    codegen::generate(&fixture.spec, &fixture.config()).unwrap_or_else(|d| panic!("shapes does not generate:\n{d}")).files
}

#[test]
fn the_client_and_its_support_crate_copied_alone_build() {
    let files = shapes();
    for module in ["base64_text", "constructors", "json_path", "open_enum", "struct_de", "tagged", "untagged"] {
        assert!(files.iter().any(|(p, _)| *p == format!("support/src/{module}.rs")), "no support/src/{module}.rs");
    }
    let dir = crates::write_crate("support-alone", &files);
    // The folder is all there is: a path in either manifest may only point inside it.
    for manifest in [dir.join("Cargo.toml"), dir.join("support/Cargo.toml")] {
        let text = std::fs::read_to_string(&manifest).expect("manifest");
        assert!(!text.contains("workspace"), "{text}");
        for line in text.lines().filter(|l| l.contains("path =")) {
            assert!(line.contains("path = \"support\""), "{}: {line}", manifest.display());
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["build", "--quiet", "--message-format", "short", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", crates::target_dir())
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("run cargo");
    assert!(output.status.success(), "the crate in {} does not build:\n{}", dir.display(), String::from_utf8_lossy(&output.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Schemas, tags and operations named like the client's name for its support crate, and like
/// what the allocator would make of a second `support`.
const SUPPORT_NAMES: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
tags: [{name: support}, {name: Support}, {name: support_2}]
paths:
  /support:
    get:
      operationId: support
      tags: [support]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/support"}}}}
  /Support/{support}:
    get:
      operationId: Support
      tags: [Support]
      parameters: [{name: support, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Support"}}}}
  /support_2:
    post:
      operationId: support_2
      tags: [support_2]
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/support_2"}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/support_2"}}}}
components:
  schemas:
    support:
      type: object
      properties:
        support: {type: string, enum: [support, Support]}
        kind: {oneOf: [{type: string}, {$ref: "#/components/schemas/Support"}]}
    Support:
      type: object
      required: [support]
      properties:
        support: {type: string, format: byte}
    support_2:
      oneOf: [{$ref: "#/components/schemas/support"}, {$ref: "#/components/schemas/Support"}]
      discriminator: {propertyName: support_2}
"##;

#[test]
fn a_spec_naming_things_support_compiles_with_and_without_default_features() {
    let generated = codegen::generate_from_str(SUPPORT_NAMES, Path::new("support.yaml"), &Config::new("support-names", "support.yaml", "test"))
        .unwrap_or_else(|d| panic!("does not generate:\n{d}"));
    let manifest = generated.files.iter().find(|(p, _)| p == "Cargo.toml").map(|(_, t)| t.as_str()).unwrap_or_default();
    // The tag `support` is a feature of another name: the dependency keeps its own.
    assert!(manifest.contains("\nsupport = { package = \"support-names-support\", path = \"support\" }\n"), "{manifest}");
    assert!(!manifest.contains("\nsupport = ["), "{manifest}");
    let dir = crates::write_crate("support-names", &generated.files);
    for extra in [&[][..], &["--no-default-features"][..]] {
        if let Err(stderr) = crates::clippy(&dir, extra) {
            panic!("the crate in {} does not pass clippy {extra:?}:\n{stderr}", dir.display());
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn regen_removes_a_stale_support_file_but_not_a_hand_written_one() {
    let files = shapes();
    let dir = std::env::temp_dir().join(format!("support-stale-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    write::ensure(&dir, &files, Mode::Write).expect("writes");
    let stale = dir.join("support/src/retired.rs");
    let own = dir.join("support/src/notes.rs");
    let own_root = dir.join("support/NOTES.md");
    std::fs::write(&stale, "// @generated by `test` from api.yaml. Do not edit: change the spec and regenerate.\n\npub fn old() {}\n").expect("stale");
    std::fs::write(&own, "// Written by hand: regen must leave it.\npub fn mine() {}\n").expect("own");
    std::fs::write(&own_root, "notes\n").expect("own notes");
    let check = write::ensure(&dir, &files, Mode::Check).expect("checks");
    assert_eq!(check.removed, vec![stale.clone()], "{check:?}");
    assert!(stale.exists(), "check mode removed a file");
    let changes = write::ensure(&dir, &files, Mode::Write).expect("rewrites");
    assert_eq!(changes.removed, vec![stale.clone()], "{changes:?}");
    assert!(!stale.exists() && own.exists() && own_root.exists());
    // A support crate no longer produced goes with its manifest; a hand-written file stays.
    let without: Vec<(String, String)> = files.iter().filter(|(p, _)| !p.starts_with("support/")).cloned().collect();
    let changes = write::ensure(&dir, &without, Mode::Write).expect("rewrites");
    assert!(changes.removed.contains(&dir.join("support/Cargo.toml")) && changes.removed.contains(&dir.join("support/src/lib.rs")), "{changes:?}");
    assert!(own.exists() && own_root.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Another generated crate inside the output folder (a second client generated into a
/// subfolder, or one named like a sub-crate) is not this crate's: regen leaves every file of
/// it, while its own support crate is still kept in line.
#[test]
fn regen_leaves_another_generated_crate_inside_the_folder_alone() {
    let files = shapes();
    let dir = std::env::temp_dir().join(format!("support-nested-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let other: Vec<(String, String)> = files.iter().map(|(p, t)| (p.clone(), t.replace("name = \"fixture-shapes", "name = \"other-shapes"))).collect();
    for nested in ["other-client", "support-2", "models-9"] {
        write::ensure(&dir.join(nested), &other, Mode::Write).expect("writes the other crate");
    }
    write::ensure(&dir, &files, Mode::Write).expect("writes");
    let changes = write::ensure(&dir, &files, Mode::Write).expect("rewrites");
    assert!(changes.is_empty(), "{changes:?}");
    for nested in ["other-client", "support-2", "models-9"] {
        for (rel, _) in &other {
            assert!(dir.join(nested).join(rel).exists(), "{nested}/{rel} was removed");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
