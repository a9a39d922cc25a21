//! The models' structs decode through the runtime's `deserialize_struct!` (one `match` on the
//! key per struct): a struct of 2,000 fields, of every kind, builds and decodes in a generated
//! crate, its wire names round-trip, and missing, duplicate and escaped keys behave as serde's
//! derive made them. (At 10,000 fields rustc overflows its stack on the crate, with serde's
//! derived `Deserialize` as with the macro: something else in the struct's code nests by field.)

use std::path::Path;

use codegen::Config;
use serde_json::{json, Map, Value};

const FIELDS: usize = 2_000;

/// `Wide`: every tenth field required (`f0`, `f10`, ...), some optional and nullable (`g-3`
/// and others, renamed on the wire), the rest optional integers.
fn spec() -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for i in 0..FIELDS {
        let (name, schema) = match i {
            i if i % 10 == 0 => {
                required.push(json!(format!("f{i}")));
                (format!("f{i}"), json!({"type": "string"}))
            }
            i if i % 7 == 3 => (format!("g-{i}"), json!({"type": ["string", "null"]})),
            i => (format!("f{i}"), json!({"type": "integer"})),
        };
        properties.insert(name, schema);
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Wide", "version": "1"},
        "paths": {"/wide": {"get": {"operationId": "getWide", "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Wide"}}}}}}}},
        "components": {"schemas": {"Wide": {"type": "object", "required": required, "properties": properties}}}
    })
}

/// A body with every field set: the required ones to `"r"`, the nullable ones to `null`.
fn body() -> String {
    let mut object = Map::new();
    for i in 0..FIELDS {
        let (key, value) = match i {
            i if i % 10 == 0 => (format!("f{i}"), json!("r")),
            i if i % 7 == 3 => (format!("g-{i}"), Value::Null),
            i => (format!("f{i}"), json!(i)),
        };
        object.insert(key, value);
    }
    Value::Object(object).to_string()
}

/// The generated crate's own test: what it decodes `body` into, and the errors of changed bodies.
const DECODE_TEST: &str = r##"
use wide::models::Wide;

const BODY: &str = include_str!("body.json");

#[test]
fn two_thousand_fields_decode_and_round_trip() {
    let wide: Wide = serde_json::from_str(BODY).unwrap();
    assert_eq!(wide.f0, "r");
    assert_eq!(wide.f1990, "r");
    assert_eq!(wide.f1, Some(1));
    assert_eq!(wide.g_3, Some(None), "null is sent as null, not absent");
    assert_eq!(wide.f1999, Some(1999));
    let sent: serde_json::Value = serde_json::from_str(BODY).unwrap();
    assert_eq!(serde_json::to_value(&wide).unwrap(), sent, "every wire name round-trips");

    // Absent optional fields are `None`, nullable ones too.
    let required = (0..2_000).step_by(10).map(|i| (format!("f{i}"), serde_json::Value::from("r")));
    let bare: Wide = serde_json::from_value(serde_json::Value::Object(required.collect())).unwrap();
    assert_eq!((bare.f1, bare.g_3), (None, None));

    let escaped = BODY.replacen(r#""f10":"r""#, r#""f1\u0030":"e""#, 1);
    assert_eq!(serde_json::from_str::<Wide>(&escaped).unwrap().f10, "e");
    let missing = BODY.replacen(r#""f1990":"r","#, "", 1);
    let error = serde_json::from_str::<Wide>(&missing).unwrap_err().to_string();
    assert!(error.starts_with("missing field `f1990`"), "{error}");
    let twice = BODY.replacen('{', r#"{"g-3":"x","#, 1);
    let error = serde_json::from_str::<Wide>(&twice).unwrap_err().to_string();
    assert!(error.starts_with("duplicate field `g-3`"), "{error}");
    let null = BODY.replacen(r#""f0":"r""#, r#""f0":null"#, 1);
    let error = serde_json::from_str::<Wide>(&null).unwrap_err().to_string();
    assert!(error.starts_with("invalid type: null, expected a string"), "{error}");
}
"##;

#[test]
fn a_struct_of_two_thousand_fields_builds_and_decodes() {
    let text = serde_json::to_string(&spec()).expect("spec text");
    let generated = codegen::generate_from_str(&text, Path::new("wide.json"), &Config::new("wide", "wide.json", "test"))
        .unwrap_or_else(|d| panic!("the spec does not generate:\n{d}"));
    let models = generated.files.iter().find(|(p, _)| p == "src/models.rs").map(|(_, t)| t.as_str()).expect("models.rs");
    assert!(models.contains("deserialize_struct!(") && !models.contains("Deserialize)]"), "no derived Deserialize");
    let mut files = generated.files.clone();
    files.push(("tests/decode.rs".to_string(), DECODE_TEST.to_string()));
    files.push(("tests/body.json".to_string(), body()));
    let dir = pipeline_tests::crates::write_crate("wide-struct", &files);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = std::process::Command::new(cargo)
        .args(["test", "--quiet", "--message-format", "short", "--test", "decode", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", pipeline_tests::crates::target_dir())
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "the crate in {} does not build or decode:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
