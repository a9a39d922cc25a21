//! Names of std trait methods (clippy's `should_implement_trait` list: `add`, `neg`, `next`,
//! `from_str`, `deref`, ...) used as every name a spec gives: operationIds of paginated
//! operations (so also `<name>_pages` and `<name>_stream`), path and query parameters, API
//! key schemes in each place, schemas, properties and enum values. Setters named like
//! `Add::add` (`fn add(mut self, key) -> Self`) are renamed while their wire name stays;
//! operations, being `async`, keep their names; the crate passes clippy `-D warnings`.

use std::path::Path;

use codegen::Config;
use serde_json::{json, Map, Value};

/// The methods clippy's `should_implement_trait` knows.
const TRAIT_METHODS: [&str; 30] = [
    "add", "as_mut", "as_ref", "bitand", "bitor", "bitxor", "borrow", "borrow_mut", "clone", "cmp", "default", "deref",
    "deref_mut", "div", "drop", "eq", "from_iter", "from_str", "hash", "index", "index_mut", "into_iter", "mul", "neg",
    "next", "not", "rem", "shl", "shr", "sub",
];

fn spec() -> Value {
    let string = json!({"type": "string"});
    let page = json!({"$ref": "#/components/schemas/Page"});
    let mut paths = Map::new();
    let mut schemes = Map::new();
    let mut security = Vec::new();
    let mut schemas = Map::new();
    for (i, name) in TRAIT_METHODS.iter().enumerate() {
        paths.insert(
            format!("/{i}/{{{name}}}"),
            json!({"get": {
                "operationId": name,
                "x-pagination": {"cursorParam": "after", "nextCursor": "next", "items": "items"},
                "parameters": [
                    {"name": name, "in": "path", "required": true, "schema": string},
                    {"name": name, "in": "query", "schema": string},
                    {"name": "after", "in": "query", "schema": string}
                ],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}}
            }}),
        );
        let scheme = match i % 3 {
            0 => json!({"type": "apiKey", "in": "header", "name": format!("X-Key-{name}")}),
            1 => json!({"type": "apiKey", "in": "query", "name": format!("key_{name}")}),
            _ => json!({"type": "apiKey", "in": "cookie", "name": format!("key_{name}")}),
        };
        schemes.insert(name.to_string(), scheme);
        security.push(json!({ *name: [] }));
        schemas.insert(name.to_string(), json!({"type": "object", "properties": {name.to_string(): string}}));
    }
    let properties: Map<String, Value> = TRAIT_METHODS.iter().map(|n| (n.to_string(), json!({"type": "string"}))).collect();
    let required: Vec<&str> = TRAIT_METHODS.iter().step_by(2).copied().collect();
    schemas.insert("Thing".to_string(), json!({"type": "object", "required": required, "properties": properties}));
    schemas.insert("Values".to_string(), json!({"type": "string", "enum": TRAIT_METHODS}));
    schemas.insert(
        "Page".to_string(),
        json!({"type": "object", "properties": {"next": string, "items": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}, "values": {"$ref": "#/components/schemas/Values"}}}),
    );
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Trait method names", "version": "1"},
        "security": security,
        "paths": paths,
        "components": {"securitySchemes": schemes, "schemas": schemas}
    })
}

#[test]
fn names_of_std_trait_methods_keep_clippy_quiet() {
    let text = serde_json::to_string(&spec()).expect("spec text");
    let generated = codegen::generate_from_str(&text, Path::new("traits.json"), &Config::new("trait-method-names", "traits.json", "test"))
        .unwrap_or_else(|d| panic!("the spec does not generate:\n{d}"));
    let code: String = generated.files.iter().filter(|(p, _)| p.ends_with(".rs")).map(|(_, t)| t.as_str()).collect();
    // `async`, which the lint skips: an operation keeps the name it asked for, unless the
    // client has a method of that name itself (`clone`, `default`).
    for name in TRAIT_METHODS.into_iter().filter(|n| !codegen::reserved::CLIENT_METHODS.contains(n)) {
        assert!(code.contains(&format!("pub async fn {name}(")), "no operation `{name}`");
        assert!(code.contains(&format!("pub fn {name}_pages(")), "no `{name}_pages`");
    }
    for name in codegen::reserved::STD_SETTER_LIKE {
        assert!(!code.contains(&format!("pub fn {name}(")), "a setter is named `{name}`");
        assert!(code.contains(&format!("pub fn {name}_2(")), "no setter `{name}_2`");
    }
    // A renamed setter still sends its key under the scheme's own name.
    assert!(code.contains("\"X-Key-add\"") && code.contains("\"key_as_mut\""), "the API keys' wire names are gone");

    pipeline_tests::crates::assert_passes_clippy("trait-method-names", &generated.files);
}
