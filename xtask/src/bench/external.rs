//! The other generators the figures compare with, when they are installed: openapi-generator
//! (its `rust` generator; `pip install openapi-generator-cli` brings it with its jar, and it
//! needs Java) and progenitor (`cargo install cargo-progenitor`). Each is looked for, and a
//! figure that needs a missing one is a skip line with the reason.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bench::cargo;

/// The openapi-generator command: `$OPENAPI_GENERATOR_CLI`, else `openapi-generator-cli`.
pub fn openapi_generator() -> Result<PathBuf, String> {
    let cli = std::env::var_os("OPENAPI_GENERATOR_CLI").map_or_else(|| PathBuf::from("openapi-generator-cli"), PathBuf::from);
    match Command::new(&cli).arg("version").output() {
        Ok(o) if o.status.success() => Ok(cli),
        Ok(o) => Err(format!("`{} version` failed ({}): it needs Java and its jar", cli.display(), last_line(&o.stderr))),
        Err(_) => Err("openapi-generator-cli is not installed (`pip install openapi-generator-cli`, or set OPENAPI_GENERATOR_CLI)".to_string()),
    }
}

/// Lines of the Rust sources openapi-generator writes for `spec` into `out`.
pub fn openapi_generator_lines(cli: &Path, spec: &Path, out: &Path) -> Result<usize, String> {
    let _ = fs::remove_dir_all(out);
    let mut command = Command::new(cli);
    // Its YAML parser refuses documents above 3 M code points (Stripe's is 4 M) unless told.
    if std::env::var_os("JAVA_OPTS").is_none() {
        command.env("JAVA_OPTS", "-DmaxYamlCodePoints=2147483647");
    }
    let output = command
        .args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
        .arg(spec)
        .arg("-o")
        .arg(out)
        .output()
        .map_err(|e| format!("cannot run openapi-generator: {e}"))?;
    if !output.status.success() {
        // Java's last line is the bottom of a stack trace; the exception names the cause.
        let text = String::from_utf8_lossy(&output.stderr);
        let cause = text.lines().find(|l| l.contains("Exception") || l.contains("Error:")).map(str::trim);
        return Err(format!("openapi-generator failed: {}", cause.map_or_else(|| last_line(&output.stderr), str::to_string)));
    }
    let mut total = 0;
    let mut stack = vec![out.join("src")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                total += fs::read_to_string(&path).map_or(0, |t| t.lines().count());
            }
        }
    }
    Ok(total)
}

/// Whether `cargo progenitor` runs.
pub fn progenitor() -> Result<(), String> {
    match Command::new(cargo()).args(["progenitor", "--help"]).output() {
        Ok(o) if o.status.success() => Ok(()),
        _ => Err("cargo-progenitor is not installed (`cargo install cargo-progenitor`)".to_string()),
    }
}

/// Progenitor's crate for `spec` in `out`. Progenitor reads OpenAPI 3.0 only, so a 3.1 spec
/// is first brought down to 3.0 (see [`downgrade`]).
pub fn progenitor_crate(spec: &Path, out: &Path, name: &str) -> Result<(), String> {
    let text = fs::read_to_string(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let mut doc: serde_json::Value = serde_yaml::from_str(&text).map_err(|e| format!("cannot parse {}: {e}", spec.display()))?;
    downgrade(&mut doc);
    let _ = fs::remove_dir_all(out);
    fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let input = out.with_extension("openapi-3.0.json");
    fs::write(&input, serde_json::to_vec_pretty(&doc).unwrap_or_default()).map_err(|e| format!("cannot write {}: {e}", input.display()))?;
    let output = Command::new(cargo())
        .args(["progenitor", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(out)
        .args(["-n", name, "-v", "0.1.0"])
        .output()
        .map_err(|e| format!("cannot run cargo progenitor: {e}"))?;
    if !output.status.success() {
        // Its last lines are a backtrace; the cause is above it.
        let text = String::from_utf8_lossy(&output.stderr);
        let cause = text.lines().find(|l| l.contains("gen fail") || l.contains("panicked") || l.starts_with("Error:")).map(str::trim);
        return Err(format!("progenitor does not take the spec: {}", cause.map_or_else(|| last_line(&output.stderr), str::to_string)));
    }
    Ok(())
}

/// The 3.1 constructs our spec uses, in their 3.0 form: `openapi: 3.0.3`, no `webhooks`,
/// `const: X` as `enum: [X]`, `type: [T, "null"]` as `type: T, nullable: true`; and what
/// progenitor 0.15 refuses, in the nearest form it takes: a `multipart/form-data` body as an
/// `application/octet-stream` one (it has no multipart), and a `default` response beside
/// success responses as `4XX` and `5XX` (it counts `default` as a success type too, and takes
/// one success type per operation). Walks the tree with a stack, so any depth is fine.
pub fn downgrade(doc: &mut serde_json::Value) {
    use serde_json::Value;
    if let Some(root) = doc.as_object_mut() {
        root.insert("openapi".into(), Value::String("3.0.3".into()));
        root.remove("webhooks");
    }
    let mut stack = vec![doc];
    while let Some(node) = stack.pop() {
        match node {
            Value::Object(map) => {
                if let Some(c) = map.remove("const") {
                    map.insert("enum".into(), Value::Array(vec![c]));
                }
                if let Some(Value::Object(content)) = map.get_mut("content") {
                    if content.remove("multipart/form-data").is_some() {
                        let binary = serde_json::json!({"schema": {"type": "string", "format": "binary"}});
                        content.insert("application/octet-stream".into(), binary);
                    }
                }
                if let Some(Value::Object(responses)) = map.get_mut("responses") {
                    if responses.keys().any(|code| code.starts_with('2')) {
                        if let Some(default) = responses.remove("default") {
                            responses.insert("4XX".into(), default.clone());
                            responses.insert("5XX".into(), default);
                        }
                    }
                }
                if let Some(Value::Array(types)) = map.get("type").cloned() {
                    let non_null: Vec<Value> = types.iter().filter(|t| t.as_str() != Some("null")).cloned().collect();
                    if non_null.len() < types.len() {
                        map.insert("nullable".into(), Value::Bool(true));
                    }
                    if let [one] = non_null.as_slice() {
                        map.insert("type".into(), one.clone());
                    }
                }
                stack.extend(map.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

fn last_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no output").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downgrade_rewrites_the_31_constructs_and_what_progenitor_refuses() {
        let mut doc = serde_json::json!({
            "openapi": "3.1.0",
            "webhooks": {},
            "components": {"schemas": {"A": {"properties": {
                "kind": {"const": "A"},
                "note": {"type": ["string", "null"]}
            }}}},
            "paths": {"/f": {
                "post": {
                    "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object"}}}},
                    "responses": {"201": {"description": "made"}, "default": {"$ref": "#/components/responses/Error"}}
                },
                "get": {"responses": {"default": {"description": "only"}}}
            }}
        });
        downgrade(&mut doc);
        assert_eq!(
            doc,
            serde_json::json!({
                "openapi": "3.0.3",
                "components": {"schemas": {"A": {"properties": {
                    "kind": {"enum": ["A"]},
                    "note": {"type": "string", "nullable": true}
                }}}},
                "paths": {"/f": {
                    "post": {
                        "requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                        "responses": {
                            "201": {"description": "made"},
                            "4XX": {"$ref": "#/components/responses/Error"},
                            "5XX": {"$ref": "#/components/responses/Error"}
                        }
                    },
                    // Without a success response, `default` is the only answer: kept.
                    "get": {"responses": {"default": {"description": "only"}}}
                }}
            })
        );
    }
}
