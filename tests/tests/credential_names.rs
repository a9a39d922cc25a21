//! The names a security scheme gives the client: its setters on `ClientBuilder` and
//! `RequestOptions`, and the `Client` constants of its OAuth 2 URLs (`OAUTH2_TOKEN_URL`).
//! A hostile spec names its operations like those setters and constants and its schemes so
//! that their derived names meet: every constant still differs from every method of `Client`
//! (also in case and underscores, as `names` keeps every scope), the setters' and constants'
//! documentation points at items that exist, and the crate passes clippy `-D warnings`.

use std::collections::BTreeSet;
use std::path::Path;

use codegen::Config;
use serde_json::{json, Value};

fn hostile_spec() -> Value {
    let flows = json!({
        "authorizationCode": {
            "authorizationUrl": "https://auth.example/authorize",
            "tokenUrl": "https://auth.example/token",
            "refreshUrl": "https://auth.example/refresh",
            "scopes": {}
        },
        "clientCredentials": {"tokenUrl": "https://auth.example/cc", "scopes": {}}
    });
    let schemes = json!({
        "oauth2": {"type": "oauth2", "flows": flows},
        // Its setter would be the `oauth2` scheme's token setter's name plus `_token`.
        "oauth2_token": {"type": "http", "scheme": "bearer"},
        // Snake-cased to a keyword, which `names` suffixes.
        "type": {"type": "oauth2", "flows": flows},
        "OAuth2": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://auth.example/cc2", "scopes": {}}}}
    });
    let security: Vec<Value> = schemes.as_object().map_or_else(Vec::new, |m| m.keys().map(|k| json!({ k: [] })).collect());
    // Operations named like every setter and constant the schemes above would take.
    let ids = [
        "oauth2_token",
        "oauth2_token_provider",
        "oauth2TokenUrl",
        "OAUTH2_REFRESH_URL",
        "oauth2_client_credentials_url",
        "oauth2_token_token",
        "type_token_url",
        "TYPE__CLIENT_CREDENTIALS_URL",
        "oauth2_2_client_credentials_url",
    ];
    let paths: serde_json::Map<String, Value> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (format!("/op{i}"), json!({"get": {"operationId": id, "responses": {"204": {"description": "none"}}}})))
        .collect();
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Credential names", "version": "1"},
        "servers": [{"url": "https://api.example"}],
        "security": security,
        "paths": paths,
        "components": {"securitySchemes": schemes}
    })
}

/// Compared as `names` compares: without case and underscores.
fn key(name: &str) -> String {
    name.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect()
}


#[test]
fn setters_and_url_constants_named_like_operations_stay_apart_and_the_crate_passes_clippy() {
    let spec = hostile_spec();
    let text = serde_json::to_string(&spec).expect("spec text");
    let generated = codegen::generate_from_str(&text, Path::new("names.json"), &Config::new("credential-names", "names.json", "test"))
        .unwrap_or_else(|d| panic!("the spec does not generate:\n{d}"));
    let client = generated.files.iter().find(|(p, _)| p == "src/client.rs").map(|(_, t)| t.as_str()).expect("src/client.rs");
    let file = syn::parse_file(client).expect("client.rs parses");
    let (mut methods, mut consts) = (Vec::new(), Vec::new());
    for item in &file.items {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(ty) = &*imp.self_ty else { continue };
        if !ty.path.is_ident("Client") {
            continue;
        }
        for inner in &imp.items {
            match inner {
                syn::ImplItem::Fn(f) => methods.push(f.sig.ident.to_string()),
                // `DEFAULT_BASE_URL` is the crate's own, not a scheme's.
                syn::ImplItem::Const(c) if c.ident != "DEFAULT_BASE_URL" => consts.push(c.ident.to_string()),
                _ => {}
            }
        }
    }
    // Three schemes with flows: 3 + 3 + 1 URLs.
    assert_eq!(consts.len(), 7, "{consts:?}");
    let method_keys: BTreeSet<String> = methods.iter().map(|m| key(m)).collect();
    let clashes: Vec<&String> = consts.iter().filter(|c| method_keys.contains(&key(c))).collect();
    assert!(clashes.is_empty(), "constants named like methods of `Client`: {clashes:?} (methods {methods:?})");
    assert_eq!(consts.iter().map(|c| key(c)).collect::<BTreeSet<_>>().len(), consts.len(), "{consts:?}");
    // Every operation keeps the name it asked for.
    for id in ["oauth2_token", "oauth2_token_provider", "oauth2_token_url", "oauth2_refresh_url", "oauth2_client_credentials_url"] {
        assert!(methods.iter().any(|m| m == id), "no method `{id}`: {methods:?}");
    }
    // The provider setters' docs name a constant that exists.
    let api = generated.files.iter().find(|(p, _)| p == "src/api.rs").map(|(_, t)| t.as_str()).unwrap_or_default();
    for linked in client.split("crate::Client::").skip(1).chain(api.split("crate::Client::").skip(1)) {
        let name: String = linked.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if name.chars().all(|c| !c.is_ascii_lowercase()) {
            assert!(consts.contains(&name), "the docs link `Client::{name}`, which is not a constant: {consts:?}");
        }
    }

    pipeline_tests::crates::assert_passes_clippy("credential-names", &generated.files);
}

/// An empty security requirement (`{}`) means the call may go without credentials: the
/// operation's docs say so in words, wherever it stands among the alternatives.
#[test]
fn an_empty_security_requirement_reads_as_none_in_the_operation_docs() {
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Optional auth", "version": "1"},
        "servers": [{"url": "https://api.example"}],
        "paths": {
            "/a": {"get": {"operationId": "first_optional", "security": [{}, {"BotToken": []}], "responses": {"204": {"description": "none"}}}},
            "/b": {"get": {"operationId": "last_optional", "security": [{"BotToken": []}, {}], "responses": {"204": {"description": "none"}}}}
        },
        "components": {"securitySchemes": {"BotToken": {"type": "apiKey", "in": "header", "name": "Authorization"}}}
    });
    let text = serde_json::to_string(&spec).expect("spec text");
    let generated = codegen::generate_from_str(&text, Path::new("optional.json"), &Config::new("optional-auth", "optional.json", "test"))
        .unwrap_or_else(|d| panic!("the spec does not generate:\n{d}"));
    let client = generated.files.iter().find(|(p, _)| p == "src/client.rs").map(|(_, t)| t.as_str()).expect("src/client.rs");
    let lines: Vec<&str> = client.lines().map(str::trim).filter(|l| l.starts_with("/// Credentials:")).collect();
    assert_eq!(lines, ["/// Credentials: none, or `BotToken`.", "/// Credentials: `BotToken`, or none."], "{client}");
}

/// The docs list the alternatives the call accepts, each once: a repeated requirement, or one
/// that became empty when its undefined scheme was dropped, is said once, as the code tries it.
#[test]
fn the_operation_docs_list_each_security_alternative_once() {
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Repeated auth", "version": "1"},
        "servers": [{"url": "https://api.example"}],
        "paths": {
            "/a": {"get": {"operationId": "repeated", "security": [{}, {}, {"Key": []}, {"missing": []}, {"Key": []}], "responses": {"204": {"description": "none"}}}},
            "/b": {"get": {"operationId": "scoped", "security": [{"OAuth": ["read"]}, {"OAuth": ["write"]}, {"OAuth": ["read"]}], "responses": {"204": {"description": "none"}}}}
        },
        "components": {"securitySchemes": {
            "Key": {"type": "apiKey", "in": "header", "name": "X-Key"},
            "OAuth": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://api.example/token", "scopes": {"read": "r", "write": "w"}}}}
        }}
    });
    let text = serde_json::to_string(&spec).expect("spec text");
    let generated = codegen::generate_from_str(&text, Path::new("repeated.json"), &Config::new("repeated-auth", "repeated.json", "test"))
        .unwrap_or_else(|d| panic!("the spec does not generate:\n{d}"));
    let client = generated.files.iter().find(|(p, _)| p == "src/client.rs").map(|(_, t)| t.as_str()).expect("src/client.rs");
    let lines: Vec<&str> = client.lines().map(str::trim).filter(|l| l.starts_with("/// Credentials:")).collect();
    assert_eq!(
        lines,
        ["/// Credentials: none, or `Key`.", "/// Credentials: `OAuth` with scope `read`, or `OAuth` with scope `write`."],
        "{client}"
    );
}
