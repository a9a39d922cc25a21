//! Types that nest deeper than rustc follows by default: a cycle of 300 schemas through
//! optional `$ref`s and a chain of 200 without a cycle. Boxing makes them finite, but rustc's
//! drop check and auto-trait checks still walk one type per schema and stop at 128 steps
//! (E0320, "overflow while adding drop-check rules"), so the crate raises its
//! `recursion_limit` as far as its types need and builds.

use std::path::Path;

use codegen::Config;
use serde_json::{json, Map, Value};

const CYCLE: usize = 300;
const CHAIN: usize = 200;

fn spec() -> Value {
    let mut schemas = Map::new();
    for i in 0..CYCLE {
        let next = format!("#/components/schemas/Ring{}", (i + 1) % CYCLE);
        schemas.insert(format!("Ring{i}"), json!({"type": "object", "properties": {"next": {"$ref": next}, "note": {"type": "string"}}}));
    }
    for i in 0..CHAIN {
        let mut properties = Map::new();
        properties.insert("note".to_string(), json!({"type": "string"}));
        if i + 1 < CHAIN {
            properties.insert("inner".to_string(), json!({"$ref": format!("#/components/schemas/Link{}", i + 1)}));
        }
        schemas.insert(format!("Link{i}"), json!({"type": "object", "properties": properties}));
    }
    let ok = |schema: &str| json!({"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}}});
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Deep types", "version": "1"},
        "paths": {
            "/ring": {"get": {"operationId": "getRing", "responses": ok("Ring0")}},
            "/chain": {"get": {"operationId": "getChain", "responses": ok("Link0")}}
        },
        "components": {"schemas": schemas}
    })
}

#[test]
fn types_nested_hundreds_deep_build() {
    let text = serde_json::to_string(&spec()).expect("spec text");
    let generated = codegen::generate_from_str(&text, Path::new("deep.json"), &Config::new("deep-types", "deep.json", "test"))
        .unwrap_or_else(|d| panic!("the spec does not generate:\n{d}"));
    let lib = generated.files.iter().find(|(p, _)| p == "src/lib.rs").map(|(_, t)| t.as_str()).expect("lib.rs");
    let limit: usize = lib
        .split("#![recursion_limit = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no recursion_limit in lib.rs:\n{lib}"));
    // Enough for the ring, and not wildly more than the types need.
    assert!(limit > CYCLE && limit <= 16 * (CYCLE + CHAIN), "recursion_limit {limit}");

    pipeline_tests::crates::assert_passes_clippy("deep-types", &generated.files);
}

#[test]
fn small_crates_keep_rustcs_default_limit() {
    let text = serde_json::to_string(&json!({
        "openapi": "3.1.0",
        "info": {"title": "Small", "version": "1"},
        "paths": {},
        "components": {"schemas": {"A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}}, "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}}}}
    }))
    .expect("spec text");
    let generated = codegen::generate_from_str(&text, Path::new("small.json"), &Config::new("small", "small.json", "test"))
        .unwrap_or_else(|d| panic!("the spec does not generate:\n{d}"));
    let lib = generated.files.iter().find(|(p, _)| p == "src/lib.rs").map(|(_, t)| t.as_str()).expect("lib.rs");
    assert!(!lib.contains("recursion_limit"), "{lib}");
}
