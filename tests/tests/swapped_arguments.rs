//! Required fields of one type cannot be passed in the wrong order: `new` takes them in a
//! struct literal, by name, and positional arguments only when their types all differ. Checked
//! by compiling code against a crate generated here.

use std::path::Path;
use std::process::Command;

use codegen::Config;

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Transfer:
      type: object
      required: [from, to, amount]
      properties:
        from: {type: string}
        to: {type: string}
        amount: {type: integer, format: int64}
        note: {type: string}
    Label:
      type: object
      required: [name, weight]
      properties:
        name: {type: string}
        weight: {type: integer, format: int32}
"##;


/// `cargo check` of the generated crate with `code` appended to its `lib.rs`; its stderr on failure.
fn check(dir: &Path, lib: &str, code: &str) -> Result<(), String> {
    std::fs::write(dir.join("src/lib.rs"), format!("{lib}\n{code}\n")).expect("write lib.rs");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--message-format", "short", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", pipeline_tests::crates::target_dir())
        .output()
        .expect("run cargo check");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[test]
fn same_typed_required_fields_are_named_and_a_swap_does_not_compile() {
    let dir = std::env::temp_dir().join(format!("swapped-arguments-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("api.yaml"), SPEC).expect("spec written");
    let config = Config::new("swapped-arguments", "api.yaml", "cargo xtask generate");
    let generated = codegen::generate(&dir.join("api.yaml"), &config).unwrap_or_else(|d| panic!("{d}"));
    let crate_dir = dir.join("crate");
    codegen::write::ensure(&crate_dir, &generated.files, codegen::write::Mode::Write).expect("write the crate");
    std::fs::copy(pipeline_tests::repo_root().join("Cargo.lock"), crate_dir.join("Cargo.lock")).expect("copy Cargo.lock");
    let lib = std::fs::read_to_string(crate_dir.join("src/lib.rs")).expect("lib.rs");

    // Named fields: the order at the call site does not matter. Types that all differ stay
    // positional, since no swap of them compiles anyway.
    let named = r#"
/// Built by name.
pub fn named(from: String, to: String) -> (models::Transfer, models::Label) {
    let transfer = models::Transfer::new(models::TransferRequired { to, from, amount: 5 });
    (transfer, models::Label::new("x", 2))
}"#;
    check(&crate_dir, &lib, named).unwrap_or_else(|e| panic!("the named form does not compile:\n{e}"));

    // What compiled silently before: `new(to, from, 5)` with the two strings swapped.
    let swapped = r#"
/// Swapped.
pub fn swapped(from: String, to: String) -> models::Transfer {
    models::Transfer::new(to, from, 5)
}"#;
    let error = check(&crate_dir, &lib, swapped).expect_err("positional arguments of one type compiled");
    assert!(error.contains("E0061") || error.contains("arguments"), "{error}");
    let _ = std::fs::remove_dir_all(&dir);
}
