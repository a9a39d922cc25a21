//! Identical inline schemas are one Rust type: the first place's, and an alias named after each
//! other place (`pub type ListBetaResponse = ListAlphaResponse;`). Specs are built here: the
//! crate builds under clippy `-D warnings`, with every feature alone (a feature that reaches only
//! an alias compiles the type it stands for), JSON round-trips through an alias, an error body's
//! repeat stays a lenient type of its own, and hostile repeats stay cheap.

use std::path::Path;

use codegen::Config;
use serde_json::{json, Value};

/// An object whose nested enum and union are lowered once, with the object.
fn thing(description: &str) -> Value {
    json!({
        "type": "object",
        "description": description,
        "required": ["id"],
        "properties": {
            "id": {"type": "string"},
            "state": {"type": "string", "enum": ["open", "closed"]},
            "value": union(),
        }
    })
}

fn union() -> Value {
    json!({"oneOf": [{"type": "string"}, {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}]})
}

fn body(schema: Value) -> Value {
    json!({"description": "ok", "content": {"application/json": {"schema": schema}}})
}

fn order() -> Value {
    json!({"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}})
}

/// `alpha` and `beta` each reach one copy of `thing`; `beta`'s body repeats `thing`'s union
/// twice, and holds a union of two objects that differ only by their titles.
fn spec() -> String {
    let twins = json!({"oneOf": [
        {"title": "First", "type": "object", "properties": {"n": {"type": "integer"}}},
        {"title": "Second", "type": "object", "properties": {"n": {"type": "integer"}}},
    ]});
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Repeats", "version": "1"},
        "paths": {
            "/alpha": {"get": {
                "operationId": "listAlpha", "tags": ["alpha"], "parameters": [order()],
                "responses": {"200": body(thing("Alpha's thing.")), "404": body(thing("Not found."))}
            }},
            "/beta": {
                "get": {
                    "operationId": "listBeta", "tags": ["beta"], "parameters": [order()],
                    "responses": {"200": body(thing("Beta's thing."))}
                },
                "post": {
                    "operationId": "sendBeta", "tags": ["beta"],
                    "requestBody": {"content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {"value": union(), "other": union(), "twins": twins}
                    }}}},
                    "responses": {"204": {"description": "sent"}}
                }
            }
        }
    });
    serde_json::to_string_pretty(&spec).expect("spec text")
}

fn generate(text: &str, name: &str) -> Vec<(String, String)> {
    codegen::generate_from_str(text, Path::new("repeats.json"), &Config::new(name, "repeats.json", "test"))
        .unwrap_or_else(|d| panic!("the spec does not generate:\n{d}"))
        .files
}

/// The models' files: `src/models*`, and a big spec's model crates' (`models-<n>/src/`).
fn models(files: &[(String, String)]) -> String {
    files
        .iter()
        .filter(|(p, _)| p.starts_with("src/models") || (p.starts_with("models-") && p.contains("/src/models")))
        .map(|(_, t)| t.as_str())
        .collect()
}

fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

const ROUND_TRIP: &str = r##"
use repeats::models::{ListAlphaResponse, ListBetaResponse, ListAlphaResponseState, SendBetaBody};

#[test]
fn json_round_trips_through_an_alias() {
    let text = r#"{"id":"7","state":"closed","value":{"n":3}}"#;
    let beta: ListBetaResponse = serde_json::from_str(text).unwrap();
    let alpha: ListAlphaResponse = beta.clone();
    assert_eq!(alpha.state, Some(ListAlphaResponseState::Closed));
    assert_eq!(serde_json::to_string(&beta).unwrap(), text);
    let unknown: ListBetaResponse = serde_json::from_str(r#"{"id":"8","state":"archived","value":"s"}"#).unwrap();
    assert_eq!(unknown.state, Some(ListAlphaResponseState::Unknown("archived".to_string())));
    let built = ListBetaResponse::new("9");
    assert_eq!(serde_json::to_string(&built).unwrap(), r#"{"id":"9"}"#);
    let mut sent = SendBetaBody::new();
    sent.other = serde_json::from_str(r#"{"n":1}"#).unwrap();
    assert_eq!(serde_json::to_string(&sent).unwrap(), r#"{"other":{"n":1}}"#);
}
"##;

#[test]
fn a_repeated_schema_is_one_type_and_aliases_that_build_and_round_trip() {
    let files = generate(&spec(), "repeats");
    let models = models(&files);
    // One struct for the three success bodies' `thing`, and its enum and union once.
    assert_eq!(count(&models, "pub struct ListAlphaResponse "), 1, "{models}");
    assert!(models.contains("pub type ListBetaResponse = ListAlphaResponse;"), "{models}");
    assert!(!models.contains("pub struct ListBetaResponse "), "{models}");
    assert_eq!(count(&models, "pub enum ListAlphaResponseState "), 1, "{models}");
    assert!(!models.contains("ListBetaResponseState"), "nested repeats are never reached: {models}");
    assert!(models.contains("pub type SendBetaBodyValue = ListAlphaResponseValue;"), "{models}");
    assert!(models.contains("pub type SendBetaBodyOther = ListAlphaResponseValue;"), "{models}");
    // Each alias keeps its own docs.
    assert!(models.contains("/// Beta's thing.\n"), "{models}");
    // The parameters' enum too.
    assert_eq!(count(&models, "pub type ListBetaOrder"), 1, "{models}");
    // The error body's repeat is its own type: it decodes leniently, the success one does not.
    assert_eq!(count(&models, "pub struct ListAlphaError "), 1, "{models}");

    let mut files = files;
    files.push(("tests/round_trip.rs".to_string(), ROUND_TRIP.to_string()));
    let dir = pipeline_tests::crates::write_crate("repeated-schemas", &files);
    let results = xtask::corpus::check_features(&dir, &pipeline_tests::crates::target_dir());
    let failed: Vec<_> = results.iter().filter(|(_, r)| r.is_err()).collect();
    assert!(failed.is_empty(), "{}: builds that fail: {failed:#?}", dir.display());
    let features: Vec<&str> = results.iter().map(|(f, _)| f.as_str()).collect();
    assert!(features.contains(&"alpha") && features.contains(&"beta"), "{features:?}");
    pipeline_tests::crates::clippy(&dir, &["--all-targets"]).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = std::process::Command::new(cargo)
        .args(["test", "--quiet", "--message-format", "short", "--test", "round_trip", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", pipeline_tests::crates::target_dir())
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "{}:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A spec of one operation whose body has `properties`.
fn one_body(properties: Value, schemas: Value) -> String {
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Hostile", "version": "1"},
        "paths": {"/x": {"post": {
            "operationId": "send",
            "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": properties}}}},
            "responses": {"204": {"description": "sent"}}
        }}},
        "components": {"schemas": schemas}
    });
    serde_json::to_string(&spec).expect("spec text")
}

#[test]
fn ten_thousand_repeats_are_one_struct_and_aliases() {
    const N: usize = 10_000;
    let nested = json!({"type": "object", "properties": {"a": {"type": "object", "properties": {"b": {"enum": ["x", "y"]}}}}});
    let properties: serde_json::Map<String, Value> = (0..N).map(|i| (format!("p{i}"), nested.clone())).collect();
    let models = models(&generate(&one_body(Value::Object(properties), json!({})), "hostile"));
    assert_eq!(count(&models, "pub struct "), 3, "the body, the first repeat and what it holds");
    assert_eq!(count(&models, "pub enum "), 1);
    assert_eq!(count(&models, "pub type "), N - 1);
}

#[test]
fn deep_identical_nesting_and_ref_cycles_inside_repeats_generate() {
    // Each level holds the level below twice: 2^14 objects, a struct each without this.
    const DEPTH: usize = 14;
    let mut level = json!({"type": "object", "properties": {"leaf": {"type": "string"}}});
    for _ in 0..DEPTH {
        level = json!({"type": "object", "properties": {"left": level.clone(), "right": level}});
    }
    // Repeats that lead back to the component that holds one of them.
    let cyclic = json!({"type": "object", "properties": {"node": {"$ref": "#/components/schemas/Node"}, "tags": {"enum": ["a"]}}});
    let schemas = json!({"Node": {"type": "object", "properties": {"child": cyclic.clone(), "sibling": cyclic.clone()}}});
    let properties = json!({"deep": level, "first": cyclic.clone(), "second": cyclic});
    let files = generate(&one_body(properties, schemas), "hostile-deep");
    let models = models(&files);
    // Per level one struct for `left` and an alias for `right`; one struct for the cycle's
    // repeats (with `Node` and the body), one alias of it in `Node` and two in the body.
    assert_eq!(count(&models, "pub struct "), DEPTH + 1 + 3, "{models}");
    assert_eq!(count(&models, "pub type "), DEPTH + 3, "{models}");
    pipeline_tests::crates::assert_passes_clippy("repeated-deep", &files);
}

#[test]
fn a_multipart_part_equal_to_a_tag_enum_keeps_it() {
    // The JSON body's `kind` (one value, its default) becomes a serde tag; the multipart
    // part's equal `kind` is an alias of that enum, which must then stay (it was omitted with
    // the tag's uses counted, and the alias named a type that did not exist).
    let kind = json!({"type": "string", "enum": ["a"], "default": "a"});
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Parts", "version": "1"},
        "paths": {
            "/a": {"post": {
                "operationId": "sendA",
                "requestBody": {"content": {"application/json": {"schema": {
                    "type": "object", "required": ["kind", "x"],
                    "properties": {"kind": kind.clone(), "x": {"type": "string"}}
                }}}},
                "responses": {"204": {"description": "sent"}}
            }},
            "/b": {"post": {
                "operationId": "sendB",
                "requestBody": {"content": {"multipart/form-data": {"schema": {
                    "type": "object", "required": ["kind"],
                    "properties": {"kind": kind, "file": {"type": "string", "format": "binary"}}
                }}}},
                "responses": {"204": {"description": "sent"}}
            }}
        }
    });
    let files = generate(&serde_json::to_string(&spec).expect("spec text"), "parts-tag");
    pipeline_tests::crates::assert_passes_clippy("repeated-parts-tag", &files);
}

#[test]
fn an_error_body_equal_to_a_shared_response_stays_lenient() {
    // `Problem` (a response component) is one operation's 404 and another's 200, so it decodes
    // strictly; an error body equal to it must not become its alias, or it would too.
    let problem = json!({"type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "integer"}, "message": {"type": "string"}}});
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Errors", "version": "1"},
        "paths": {
            "/a": {"get": {"operationId": "getA", "responses": {
                "200": {"description": "ok"},
                "404": {"$ref": "#/components/responses/Problem"}}}},
            "/b": {"get": {"operationId": "getB", "responses": {
                "200": {"$ref": "#/components/responses/Problem"}}}},
            "/c": {"get": {"operationId": "getC", "responses": {
                "200": {"description": "ok"},
                "404": {"description": "nope", "content": {"application/json": {"schema": problem.clone()}}}}}}
        },
        "components": {"responses": {"Problem": {"description": "problem",
            "content": {"application/json": {"schema": problem}}}}}
    });
    let files = generate(&serde_json::to_string(&spec).expect("spec text"), "shared-errors");
    let models = models(&files);
    assert!(models.contains("deserialize_struct!(GetCError {} default { code, message })"), "{models}");
    assert_eq!(count(&models, "pub type "), 0, "{models}");
}
