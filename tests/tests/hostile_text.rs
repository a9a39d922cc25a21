//! Issue 8, findings 1 and 5 (text): a spec whose prose is hostile Markdown and whose text
//! carries control and text-direction characters still gives a crate that builds under
//! clippy `-D warnings`, documents under rustdoc `-D warnings`, and whose doctests run
//! nothing from the spec: every fence, indented block and HTML block would write a marker
//! file (or fail `cargo test --doc`) if rustdoc took it for Rust.
//!
//! The crate is written to a temporary directory and built with the repository's
//! `Cargo.lock` and target directory (`CARGO_TARGET_DIR` when set), so dependencies are
//! mostly built already.

use std::fs;
use std::path::Path;
use std::process::Command;

use codegen::write::{self, Mode};
use codegen::{Config, Severity};
use serde_json::json;

/// Markdown that runs `code` if any of its blocks reaches rustdoc as Rust.
fn hostile_markdown(code: &str) -> String {
    [
        format!("Top-level fence:\n\n```\n{code}\n```"),
        format!("~~~rust\n{code}\n~~~"),
        format!("~~~~ no_run\n{code}\n~~~~"),
        format!("- an item\n  ```rust\n  {code}\n  ```"),
        format!("1. ```\n   {code}\n   ```"),
        // Valid code marked `compile_fail`, code that does not panic marked `should_panic`:
        // either makes `cargo test --doc` fail if it is taken for a doctest.
        "* ```compile_fail\n  let x: u8 = 1;\n  ```".to_string(),
        "> ```should_panic\n> let _ = 1;\n> ```".to_string(),
        format!(">> - ```edition2021\n>>   {code}\n>>   ```"),
        format!("Indented:\n\n    {code}"),
        format!("\t{code}"),
        format!("<pre>\n{code}\n</pre>"),
        format!("<details><summary>x</summary>\n\n```rust\n{code}\n```\n\n</details>"),
        "<script>alert(1)</script> <!-- comment --> <b>bold</b> &amp;".to_string(),
        "A [link](x), [intra::doc], a footnote[^1], a backslash \\ and https://example.com/a?b=1&c=2.".to_string(),
        "Direction \u{202E}reversed\u{2066}isolate\u{2069}, zero\u{200B}width, bare\rCR, NUL\0, escape\u{1b}[31m, \u{2028}separator.".to_string(),
        "* list item\nlazy continuation\n* second item\n\n  its second paragraph".to_string(),
        "word ".repeat(3000),
        format!("Unclosed:\n````no_run\n{code}"),
    ]
    .join("\n\n")
}

fn spec(code: &str) -> serde_json::Value {
    let prose = hostile_markdown(code);
    json!({
        "openapi": "3.1.0",
        "info": {
            // What a YAML `title: |` block gives: lines, and TOML-looking text after them.
            "title": "Hostile\n[package]\nname = \"pwned\" \u{202E} \\ \"",
            "version": "1.0\n[dependencies]\nevil = \"*\"",
            "description": prose,
        },
        "servers": [{ "url": "http://127.0.0.1:9" }],
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "getThing",
                    "summary": "Get a thing \u{202E} ```rust",
                    "description": prose,
                    "parameters": [
                        { "name": "id", "in": "path", "required": true, "description": prose, "schema": { "type": "string" } },
                        { "name": "filter", "in": "query", "schema": { "type": "string" } },
                    ],
                    "responses": {
                        "200": { "description": prose, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
                        "404": { "description": "```rust\nstd::process::abort();\n```" },
                    },
                },
                // A media type `HeaderValue::from_static` would panic on, in every call.
                "put": {
                    "operationId": "putThing",
                    "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                    "requestBody": { "required": true, "content": { "text/plain; charset=\"\u{e9}\"\n\u{202E}": { "schema": { "type": "string" } } } },
                    "responses": { "204": { "description": "Done." } },
                },
            },
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "title": "A thing with a very long title\r\n```rust",
                    "description": prose,
                    "required": ["name"],
                    "properties": {
                        "name": { "type": "string", "description": prose },
                        "line\nbreak ```rust": { "type": "string" },
                        "rtl\u{202E}name": { "type": "integer" },
                        "kind": { "type": "string", "enum": ["plain", "x\n```rust\nstd::process::abort();\n```", "\u{202E}rtl", "`tick`"] },
                        "level": { "enum": [1, "two\n```", null] },
                    },
                },
            },
        },
    })
}


fn cargo(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(cargo);
    command.args(args).current_dir(dir).env("CARGO_TARGET_DIR", pipeline_tests::crates::target_dir()).env_remove("RUSTFLAGS");
    for (k, v) in envs {
        command.env(k, v);
    }
    let output = command.output().expect("cargo runs");
    let text = format!("{}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

#[test]
fn hostile_prose_never_becomes_code_and_the_crate_builds() {
    let work = std::env::temp_dir().join(format!("hostile-text-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).expect("temp dir");
    let marker = work.join("doctest-ran");
    let code = format!("std::fs::write({:?}, \"spec text ran\").unwrap();", marker.display().to_string());
    let text = serde_json::to_string_pretty(&spec(&code)).expect("json");

    let mut config = Config::new("hostile text\n", "hostile\n.json \u{202E}", "cargo xtask\ngenerate");
    config.crate_version = "1.0\n".to_string();
    let generated = codegen::generate_from_str(&text, Path::new("hostile.json"), &config).expect("the spec generates");
    let warnings: Vec<String> = generated.diagnostics.iter().filter(|d| d.severity == Severity::Warning).map(ToString::to_string).collect();
    assert!(warnings.iter().any(|w| w.contains("crate version")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("crate name")), "{warnings:?}");

    let dir = work.join("crate");
    write::ensure(&dir, &generated.files, Mode::Write).expect("writes");
    fs::copy(pipeline_tests::repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("Cargo.lock");
    let manifest = fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("[lib]\ndoctest = false\n"), "{manifest}");
    assert!(manifest.contains("name = \"hostile-text\"\nversion = \"0.1.0\"\n"), "{manifest}");
    for (path, content) in &generated.files {
        assert!(!content.contains(['\r', '\u{202E}', '\u{2066}', '\0']), "{path} has a raw control or direction character");
        for call in content.split("call.raw(").skip(1) {
            let media = call.split(',').next().unwrap_or_default();
            assert!(media.is_ascii() && !media.contains('\\'), "{path}: media type {media} would panic in from_static");
        }
    }

    // The manifest parses (cargo reads it first) and the crate passes clippy -D warnings.
    let (ok, out) = cargo(&dir, &["clippy", "--quiet", "--", "-D", "warnings"], &[]);
    assert!(ok, "clippy -D warnings failed:\n{out}");
    let (ok, out) = cargo(&dir, &["doc", "--no-deps", "--quiet"], &[("RUSTDOCFLAGS", "-D warnings")]);
    assert!(ok, "rustdoc -D warnings failed:\n{out}");

    // As generated, `cargo test` runs no doctests at all.
    let (ok, out) = cargo(&dir, &["test"], &[]);
    assert!(ok, "cargo test failed:\n{out}");
    assert!(!out.contains("Doc-tests"), "doctests ran although the manifest turns them off:\n{out}");

    // Asked for explicitly (`--doc` overrides the manifest), every code block of the spec
    // is text: none compiles, none runs; only the crate's own example exists, and it is ignored.
    let (ok, out) = cargo(&dir, &["test", "--doc"], &[]);
    assert!(ok, "cargo test --doc failed:\n{out}");
    assert!(!marker.exists(), "a doctest from the spec ran:\n{out}");
    let results: Vec<&str> = out.lines().filter(|l| l.starts_with("test result:")).collect();
    assert!(!results.is_empty(), "no doctest summary:\n{out}");
    for r in &results {
        assert!(r.contains(" 0 passed; 0 failed;"), "a doctest from spec text was compiled: {r}\n{out}");
    }
    let _ = fs::remove_dir_all(&work);
}
