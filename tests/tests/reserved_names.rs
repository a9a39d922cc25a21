//! Names the generated crate takes for itself cannot collide with names from a spec.
//!
//! `codegen/src/reserved.rs` lists them per scope. Two tests keep that list from going
//! stale: one parses a generated crate whose spec names all start with `zz` and checks that
//! every other method of `Client`, `ClientBuilder` and `RequestOptions`, and every function of
//! `client.rs`, is listed; the other takes every identifier of that generated crate and uses
//! each as an operationId, a parameter name (in every place), a security scheme key, a schema
//! name, a property name and an enum value, then lints the crate with clippy `-D warnings`.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use codegen::{reserved, Config};
use serde_json::{json, Map, Value};

/// A spec using every feature of the client (every body and response kind, every parameter
/// place, deep objects, pagination, each credential kind), with names of its own that all
/// start with `zz`.
fn feature_spec() -> Value {
    let ok = |schema: Value| json!({"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}});
    let page = json!({"$ref": "#/components/schemas/ZzPage"});
    json!({
        "openapi": "3.1.0",
        "info": {"title": "zz", "version": "1"},
        "security": [{"zz_key_header": []}, {"zz_key_query": []}, {"zz_key_cookie": []}, {"zz_bearer": []}, {"zz_basic": []}, {"zz_oauth": []}],
        "paths": {
            "/zz/{zz_id}": {
                "post": {
                    "operationId": "zz_json",
                    "parameters": [
                        {"name": "zz_id", "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": "zz_q", "in": "query", "required": true, "schema": {"type": "integer"}},
                        {"name": "zz_list", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                        {"name": "zz_csv", "in": "query", "explode": false, "schema": {"type": "array", "items": {"type": "string"}}},
                        {"name": "zz_deep", "in": "query", "style": "deepObject", "schema": {"$ref": "#/components/schemas/ZzThing"}},
                        {"name": "zz_h", "in": "header", "schema": {"type": "string"}},
                        {"name": "zz_c", "in": "cookie", "schema": {"type": "string"}}
                    ],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ZzThing"}}}},
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ZzThing"}}}},
                        "202": {"description": "later"},
                        "400": {"description": "bad", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ZzError"}}}}
                    }
                }
            },
            "/zz-form": {"post": {"operationId": "zz_form", "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/ZzThing"}}}}, "responses": {"204": {"description": "done"}}}},
            "/zz-multipart": {"post": {"operationId": "zz_multipart", "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {"zz_file": {"type": "string", "format": "binary"}}}}}}, "responses": {"204": {"description": "done"}}}},
            "/zz-text": {"put": {"operationId": "zz_text", "requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}}, "responses": {"200": {"description": "text", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
            "/zz-bytes": {"put": {"operationId": "zz_bytes", "requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}, "responses": {"200": {"description": "bytes", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}}}},
            "/zz-pages": {"get": {
                "operationId": "zz_list",
                "x-pagination": {"cursorParam": "zz_after", "nextCursor": "zz_next", "items": "zz_items"},
                "parameters": [{"name": "zz_after", "in": "query", "schema": {"type": "string"}}],
                "responses": ok(page)
            }}
        },
        "components": {
            "securitySchemes": {
                "zz_key_header": {"type": "apiKey", "in": "header", "name": "X-Zz"},
                "zz_key_query": {"type": "apiKey", "in": "query", "name": "zz"},
                "zz_key_cookie": {"type": "apiKey", "in": "cookie", "name": "zz"},
                "zz_bearer": {"type": "http", "scheme": "bearer"},
                "zz_basic": {"type": "http", "scheme": "basic"},
                "zz_oauth": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://zz.example/token", "scopes": {}}}}
            },
            "schemas": {
                "ZzThing": {"type": "object", "required": ["zz_name"], "properties": {
                    "zz_name": {"type": "string"}, "zz_bytes": {"type": "string", "format": "byte"},
                    "zz_when": {"type": "string", "format": "date-time"}, "zz_maybe": {"type": ["string", "null"]},
                    "zz_kind": {"$ref": "#/components/schemas/ZzKind"}, "zz_number": {"$ref": "#/components/schemas/ZzNumber"},
                    "zz_union": {"$ref": "#/components/schemas/ZzUnion"}, "zz_any": {"oneOf": [{"type": "string"}, {"type": "integer"}]}
                }, "additionalProperties": {"type": "integer"}},
                "ZzKind": {"type": "string", "enum": ["zz_a", "zz_b"], "default": "zz_a"},
                "ZzNumber": {"type": "integer", "enum": [1, 2]},
                "ZzUnion": {"oneOf": [{"$ref": "#/components/schemas/ZzA"}, {"$ref": "#/components/schemas/ZzB"}], "discriminator": {"propertyName": "zz_tag"}},
                "ZzA": {"type": "object", "required": ["zz_tag"], "properties": {"zz_tag": {"const": "zz_a"}}},
                "ZzB": {"type": "object", "properties": {"zz_x": {"type": "number"}}},
                "ZzError": {"type": "object", "properties": {"zz_message": {"type": "string"}, "correlationId": {"type": "string"}}},
                "ZzPage": {"type": "object", "properties": {"zz_next": {"type": "string"}, "zz_items": {"type": "array", "items": {"$ref": "#/components/schemas/ZzThing"}}}}
            }
        }
    })
}

fn generate(spec: &Value, crate_name: &str) -> Vec<(String, String)> {
    let text = serde_json::to_string(spec).expect("spec text");
    let config = Config::new(crate_name, "test", "cargo test");
    match codegen::generate_from_str(&text, Path::new("spec.json"), &config) {
        Ok(g) => g.files,
        Err(d) => panic!("the spec does not generate:\n{d}"),
    }
}

fn rust_files(files: &[(String, String)]) -> Vec<(&str, syn::File)> {
    files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .map(|(path, text)| (path.as_str(), syn::parse_file(text).unwrap_or_else(|e| panic!("{path} does not parse: {e}"))))
        .collect()
}

fn self_type(item: &syn::ItemImpl) -> String {
    match &*item.self_ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        _ => String::new(),
    }
}

#[test]
fn reserved_names_cover_the_emitted_code() {
    let files = generate(&feature_spec(), "zz-features");
    let mut unlisted = Vec::new();
    let mut seen = BTreeSet::new();
    for (path, file) in rust_files(&files) {
        for item in &file.items {
            match item {
                syn::Item::Impl(imp) => {
                    let (list, scope): (&[&str], &str) = match self_type(imp).as_str() {
                        "Client" => (reserved::CLIENT_METHODS, "CLIENT_METHODS"),
                        "ClientBuilder" | "RequestOptions" => (reserved::SETTER_SCOPE, "SETTER_SCOPE"),
                        _ => continue,
                    };
                    for inner in &imp.items {
                        let name = match inner {
                            syn::ImplItem::Fn(f) => f.sig.ident.to_string(),
                            syn::ImplItem::Const(c) => c.ident.to_string(),
                            _ => continue,
                        };
                        seen.insert(format!("{}::{name}", self_type(imp)));
                        if !name.starts_with("zz") && !list.contains(&name.as_str()) && name.to_uppercase() != name {
                            unlisted.push(format!("{path}: {}::{name} (add it to reserved::{scope})", self_type(imp)));
                        }
                    }
                }
                // Free functions of client.rs are in scope in every operation body.
                syn::Item::Fn(f) if path == "src/client.rs" => {
                    let name = f.sig.ident.to_string();
                    seen.insert(name.clone());
                    if !reserved::CLIENT_FNS.contains(&name.as_str()) {
                        unlisted.push(format!("{path}: fn {name} (add it to reserved::CLIENT_FNS)"));
                    }
                }
                _ => {}
            }
        }
    }
    // The spec used every feature: the methods that only some crates have are there.
    for expected in ["Client::authorize", "Client::execute", "Client::send_text", "Client::zz_list_pages", "param", "deep_object", "base64"] {
        assert!(seen.contains(expected), "the feature spec no longer makes `{expected}`: {seen:?}");
    }
    assert!(unlisted.is_empty(), "names the generated code takes that reserved.rs does not list:\n{}", unlisted.join("\n"));
}

/// Every identifier of the generated crate's code (doc text excluded), in both cases.
fn identifiers(files: &[(String, String)]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (_, file) in rust_files(files) {
        let tokens = quote::ToTokens::to_token_stream(&file);
        let mut stack = vec![tokens];
        while let Some(stream) = stack.pop() {
            for tree in stream {
                match tree {
                    proc_macro2::TokenTree::Ident(i) => {
                        let text = i.to_string();
                        out.insert(text.trim_start_matches("r#").to_string());
                    }
                    proc_macro2::TokenTree::Group(g) => stack.push(g.stream()),
                    _ => {}
                }
            }
        }
    }
    // Keep the spec's own `zz` names out: they are the spec's, not the crate's.
    out.retain(|name| !name.to_ascii_lowercase().contains("zz"));
    out
}

/// A spec whose every name is one of `names`: operationIds, parameters (every place,
/// required and optional, in paginated operations with a body), security scheme keys (every
/// kind), schemas, properties and enum values. Each name is used once per scope, which is
/// where collisions happen, so the crate stays small enough to lint quickly.
fn adversarial_spec(names: &BTreeSet<String>) -> Value {
    let names: Vec<&String> = names.iter().collect();
    let string = json!({"type": "string"});
    let kinds = [
        json!({"type": "apiKey", "in": "header", "name": "X-Key"}),
        json!({"type": "apiKey", "in": "query", "name": "key"}),
        json!({"type": "apiKey", "in": "cookie", "name": "key"}),
        json!({"type": "http", "scheme": "bearer"}),
        json!({"type": "http", "scheme": "basic"}),
        json!({"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://example.com/auth", "scopes": {}}}}),
    ];
    let mut schemes = Map::new();
    let mut security = Vec::new();
    for (i, name) in names.iter().enumerate() {
        schemes.insert(name.to_string(), kinds[i % kinds.len()].clone());
        security.push(json!({ name.as_str(): [] }));
    }
    let mut paths = Map::new();
    for (i, name) in names.iter().enumerate() {
        let schema = json!({"$ref": format!("#/components/schemas/{name}")});
        paths.insert(
            format!("/op{i}/{{{name}}}"),
            json!({"get": {
                "operationId": name,
                "parameters": [{"name": name, "in": "path", "required": true, "schema": string}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
            }}),
        );
    }
    for (chunk, group) in names.chunks(24).enumerate() {
        let mut params: Vec<Value> = group
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let place = ["query", "header", "cookie", "path"][i % 4];
                let required = place == "path" || (i / 4) % 2 == 0;
                let schema = if place == "query" && i % 3 == 0 { json!({"type": "array", "items": string}) } else { string.clone() };
                json!({"name": n, "in": place, "required": required, "schema": schema})
            })
            .collect();
        let template: String = group.iter().enumerate().filter(|(i, _)| i % 4 == 3).map(|(_, n)| format!("/{{{n}}}")).collect();
        params.push(json!({"name": "after", "in": "query", "schema": string}));
        params.push(json!({"name": "deep", "in": "query", "style": "deepObject", "schema": {"$ref": "#/components/schemas/AllFields"}}));
        let mut responses = json!({"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EveryPage"}}}}});
        if chunk % 2 == 0 {
            responses["202"] = json!({"description": "later"});
        }
        let mut op = json!({
            "operationId": format!("every parameter {chunk}"),
            "parameters": params,
            "requestBody": {"required": chunk % 2 == 0, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AllFields"}}}},
            "responses": responses
        });
        if chunk == 0 {
            op["security"] = json!(security);
        }
        if chunk % 2 == 1 {
            op["x-pagination"] = json!({"cursorParam": "after", "nextCursor": "next", "items": "items"});
        }
        paths.insert(format!("/every{chunk}{template}"), json!({"post": op}));
    }
    let mut schemas = Map::new();
    for name in &names {
        schemas.insert(name.to_string(), json!({"type": "object", "properties": {"inner": string}}));
    }
    let properties: Map<String, Value> = names.iter().map(|n| (n.to_string(), json!({"type": "string"}))).collect();
    let required: Vec<&String> = names.iter().step_by(2).copied().collect();
    let typed: Map<String, Value> = names.iter().map(|n| (format!("{n}_of"), json!({"$ref": format!("#/components/schemas/{n}")}))).collect();
    schemas.insert("AllFields".to_string(), json!({"type": "object", "required": required, "properties": properties, "additionalProperties": string}));
    schemas.insert("AllTypes".to_string(), json!({"type": "object", "properties": typed}));
    schemas.insert("AllValues".to_string(), json!({"type": "string", "enum": names}));
    schemas.insert(
        "EveryPage".to_string(),
        json!({"type": "object", "properties": {"next": string, "items": {"type": "array", "items": {"$ref": "#/components/schemas/AllFields"}}}}),
    );
    let variants: Vec<Value> = names.iter().take(40).map(|n| json!({"$ref": format!("#/components/schemas/{n}")})).collect();
    schemas.insert("AllVariants".to_string(), json!({"oneOf": variants}));
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Adversarial names", "version": "1"},
        "paths": paths,
        "components": {"securitySchemes": schemes, "schemas": schemas}
    })
}

#[test]
fn a_spec_named_with_every_identifier_of_the_crate_passes_clippy() {
    let mut names = identifiers(&generate(&feature_spec(), "zz-features"));
    // The std and serde names the models module uses, and a few the code above may not show.
    for (name, _) in reserved::MODELS_STD {
        names.insert(name.to_string());
    }
    names.extend(["Some", "None", "Ok", "Err", "Value", "HashMap", "Deserialize", "Serialize", "Unknown", "Base64"].map(String::from));
    assert!(names.len() > 300, "too few identifiers: {}", names.len());
    let spec = adversarial_spec(&names);
    let started = Instant::now();
    let files = generate(&spec, "adversarial-names");
    assert!(started.elapsed() < Duration::from_secs(60), "generating took {:?}", started.elapsed());
    let dir = pipeline_tests::crates::write_crate("adversarial-names", &files);
    // Kept with the crate when it fails, to reproduce with `cargo xtask generate`.
    std::fs::write(dir.join("adversarial.json"), serde_json::to_string_pretty(&spec).expect("spec text")).expect("write the spec");
    let result = pipeline_tests::crates::clippy(&dir, &[]);
    if result.is_ok() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    let stderr = result.as_ref().err().map_or("", String::as_str);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error") || l.contains("warning")).take(40).collect();
    assert!(result.is_ok(), "the crate in {} does not pass clippy with {} names:\n{}", dir.display(), names.len(), errors.join("\n"));
}
