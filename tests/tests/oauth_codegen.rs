//! OAuth 2 flows in specs, hostile ones included: a token URL receives the client secret, so
//! one that is not `https` (nor `http` to a loopback address) or not a URL at all is a warning
//! at its place and no constant, and the crate still passes clippy `-D warnings`; good ones
//! become `Client` constants, and `OAuthTokens` exists only where a flow has a token endpoint.

use std::fs;
use std::path::Path;
use std::process::Command;

use codegen::write::{self, Mode};
use codegen::{Config, Generated, Severity};
use serde_json::{json, Value};

fn spec(schemes: Value) -> String {
    let security: Vec<Value> = schemes.as_object().map_or_else(Vec::new, |m| m.keys().map(|k| json!({ k: [] })).collect());
    json!({
        "openapi": "3.1.0",
        "info": {"title": "OAuth", "version": "1"},
        "servers": [{"url": "https://api.example"}],
        "paths": {"/things": {"get": {"operationId": "listThings", "security": security, "responses": {"204": {"description": "none"}}}}},
        "components": {"securitySchemes": schemes}
    })
    .to_string()
}

fn generate(text: &str) -> Generated {
    codegen::generate_from_str(text, Path::new("oauth.json"), &Config::new("oauth-hostile", "oauth.json", "test"))
        .expect("the spec generates")
}

fn file<'a>(generated: &'a Generated, path: &str) -> Option<&'a str> {
    generated.files.iter().find(|(p, _)| p == path).map(|(_, text)| text.as_str())
}

fn warnings(generated: &Generated) -> Vec<(String, String)> {
    generated
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| (d.place.clone(), d.message.clone()))
        .collect()
}

fn flow(url: &str) -> Value {
    json!({"tokenUrl": url, "authorizationUrl": "https://auth.example/authorize", "scopes": {}})
}

#[test]
fn hostile_token_urls_are_warnings_and_no_constant_and_the_crate_builds() {
    let hostile = [
        ("plainHttp", "http://auth.example/token"),
        ("relative", "/oauth/token"),
        ("script", "javascript:alert(1)"),
        ("quotes", "https://auth.example/t\"); panic!(\"x"),
        ("newline", "https://auth.example/t\n#[doc = \"x\"]"),
        ("userInfo", "https://user:pass@auth.example/t"),
        ("notAUrl", "token endpoint"),
        ("empty", ""),
        ("rtl", "https://auth.example/\u{202E}t"),
    ];
    let mut schemes = serde_json::Map::new();
    for (key, url) in hostile {
        schemes.insert(key.to_string(), json!({"type": "oauth2", "flows": {"authorizationCode": flow(url)}}));
    }
    schemes.insert(
        "good".to_string(),
        json!({"type": "oauth2", "flows": {
            "authorizationCode": {"authorizationUrl": "https://auth.example/a", "tokenUrl": "https://auth.example/token", "refreshUrl": "https://auth.example/refresh", "scopes": {}},
            "clientCredentials": {"tokenUrl": "http://127.0.0.1:8080/token", "scopes": {}},
            "implicit": {"authorizationUrl": "https://auth.example/a", "scopes": {}}
        }}),
    );
    schemes.insert("notAString".to_string(), json!({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": 7, "scopes": {}}}}));
    let generated = generate(&spec(Value::Object(schemes)));

    let warnings = warnings(&generated);
    for (key, _) in hostile.iter().chain([&("notAString", "")]) {
        let flow = if *key == "notAString" { "clientCredentials" } else { "authorizationCode" };
        let place = format!("#/components/securitySchemes/{key}/flows/{flow}/tokenUrl");
        assert!(
            warnings.iter().any(|(p, m)| p.ends_with(&place) && m.contains("tokenUrl")),
            "no warning at {place}: {warnings:?}"
        );
    }
    let client = file(&generated, "src/client.rs").expect("client.rs");
    let consts: Vec<&str> = client.lines().filter(|l| l.contains("pub const") && l.contains("_URL")).map(str::trim).collect();
    assert_eq!(
        consts,
        [
            "pub const GOOD_TOKEN_URL: &'static str = \"https://auth.example/token\";",
            "pub const GOOD_REFRESH_URL: &'static str = \"https://auth.example/refresh\";",
            "pub const GOOD_CLIENT_CREDENTIALS_URL: &'static str = \"http://127.0.0.1:8080/token\";",
            "pub const DEFAULT_BASE_URL: &'static str = \"https://api.example\";",
        ]
    );
    for (_, url) in hostile.iter().filter(|(_, url)| url.contains(':')) {
        // The crate keeps a copy of the spec; its code and manifest never see the URL.
        let code = generated.files.iter().filter(|(path, _)| path.ends_with(".rs") || path.ends_with(".toml"));
        assert!(!code.into_iter().any(|(_, text)| text.contains(url)), "{url:?} reached the crate");
    }
    assert!(file(&generated, "src/oauth.rs").is_some());
    // The token requests are the support crate's, so is tokio's mutex that they wait on.
    assert!(file(&generated, "support/src/oauth.rs").is_some());
    assert!(file(&generated, "support/Cargo.toml").is_some_and(|m| m.contains("features = [\"rt\", \"sync\", \"time\"]")));

    let dir = std::env::temp_dir().join(format!("oauth-hostile-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    write::ensure(&dir, &generated.files, Mode::Write).expect("writes");
    fs::copy(pipeline_tests::repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("Cargo.lock");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["clippy", "--quiet", "--", "-D", "warnings"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", pipeline_tests::crates::target_dir())
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let text = format!("{}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "clippy -D warnings failed:\n{text}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn only_flows_with_a_token_endpoint_bring_the_token_provider() {
    let bearer_only = generate(&spec(json!({
        "implicitOnly": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://auth.example/a", "scopes": {}}}},
        "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://auth.example/.well-known/openid-configuration"}
    })));
    assert!(file(&bearer_only, "src/auth.rs").is_some(), "tokens from a provider of your own");
    assert!(file(&bearer_only, "src/oauth.rs").is_none());
    assert!(!file(&bearer_only, "src/lib.rs").is_some_and(|l| l.contains("OAuthTokens")));
    assert!(file(&bearer_only, "Cargo.toml").is_some_and(|m| m.contains("features = [\"rt\", \"time\"]")));

    let with_flow = generate(&spec(json!({
        "oauth": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://auth.example/token", "scopes": {}}}}
    })));
    assert!(file(&with_flow, "src/lib.rs").is_some_and(|l| l.contains("pub use oauth::{OAuthError, OAuthTokens};")));
    assert!(warnings(&with_flow).is_empty(), "{:?}", warnings(&with_flow));
}

