//! Stage 1: read a spec file (JSON or YAML) into a JSON tree and check what kind of document it is.

use std::path::{Path, PathBuf};

use serde_json::{Map, Number, Value};

use crate::diagnostics::Diagnostics;

/// The OpenAPI line a document belongs to; it changes how some keywords read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V30,
    V31,
}

/// One parsed document.
#[derive(Debug, Clone)]
pub struct Document {
    pub path: PathBuf,
    pub root: Value,
}

/// Reads and parses a file. Problems are reported; `None` means the file is unusable.
pub fn load_file(path: &Path, diags: &mut Diagnostics) -> Option<Document> {
    // A `$ref` may name any path: only regular files of a sane size are read, so that
    // `/dev/zero` or a FIFO cannot exhaust memory or block.
    const MAX_BYTES: u64 = 256 * 1024 * 1024;
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => {
            diags.error(path.display().to_string(), "not a regular file");
            return None;
        }
        Ok(m) if m.len() > MAX_BYTES => {
            diags.error(path.display().to_string(), format!("larger than {} MiB", MAX_BYTES / 1024 / 1024));
            return None;
        }
        _ => {}
    }
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            diags.error(path.display().to_string(), format!("cannot read file: {e}"));
            return None;
        }
    };
    let root = parse(&text, path, diags)?;
    Some(Document { path: path.to_path_buf(), root })
}

/// Parses JSON or YAML text. JSON is tried first when the text looks like JSON,
/// so that its error messages (with line and column) are the ones shown.
pub fn parse(text: &str, path: &Path, diags: &mut Diagnostics) -> Option<Value> {
    let looks_json = text.trim_start().starts_with(['{', '[']);
    let is_json_file = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if looks_json || is_json_file {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => return Some(v),
            Err(e) if is_json_file => {
                diags.error(
                    format!("{}:{}:{}", path.display(), e.line(), e.column()),
                    format!("invalid JSON: {e}"),
                );
                return None;
            }
            // Not JSON after all: YAML is a superset, so let the YAML parser speak.
            Err(_) => {}
        }
    }
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(v) => Some(yaml_to_json(v)),
        Err(e) => {
            let place = match e.location() {
                Some(loc) => format!("{}:{}:{}", path.display(), loc.line(), loc.column()),
                None => path.display().to_string(),
            };
            diags.error(place, format!("invalid YAML: {e}"));
            None
        }
    }
}

/// YAML allows keys that are numbers or booleans (`200:` in responses); OpenAPI means
/// their text, so every key becomes a string.
fn yaml_to_json(v: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Number(i.into())
            } else if let Some(u) = n.as_u64() {
                Value::Number(u.into())
            } else {
                n.as_f64().and_then(Number::from_f64).map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                out.insert(yaml_key(k), yaml_to_json(v));
            }
            Value::Object(out)
        }
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

fn yaml_key(k: serde_yaml::Value) -> String {
    use serde_yaml::Value as Y;
    match k {
        Y::String(s) => s,
        Y::Bool(b) => b.to_string(),
        Y::Number(n) => n.to_string(),
        Y::Null => "null".to_string(),
        other => serde_yaml::to_string(&other).unwrap_or_default().trim().to_string(),
    }
}

/// Checks that the root document is OpenAPI 3.0.x or 3.1.x.
pub fn version(doc: &Document, diags: &mut Diagnostics) -> Option<Version> {
    let file = doc.path.display();
    let Some(obj) = doc.root.as_object() else {
        diags.error(format!("{file}#"), "the document is not an object, so it is not an OpenAPI description");
        return None;
    };
    if let Some(swagger) = obj.get("swagger") {
        diags.error(
            format!("{file}#/swagger"),
            format!(
                "this is a Swagger {} document; only OpenAPI 3.0 and 3.1 are supported \
                 (convert it first, e.g. with swagger2openapi)",
                swagger.as_str().unwrap_or("2.x")
            ),
        );
        return None;
    }
    let Some(v) = obj.get("openapi") else {
        diags.error(format!("{file}#"), "no `openapi` field: this is not an OpenAPI description");
        return None;
    };
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    if text.starts_with("3.0") {
        Some(Version::V30)
    } else if text.starts_with("3.1") {
        Some(Version::V31)
    } else {
        diags.error(
            format!("{file}#/openapi"),
            format!("unsupported OpenAPI version `{text}`; supported are 3.0.x and 3.1.x"),
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_numeric_keys_become_strings() {
        let mut d = Diagnostics::default();
        let v = parse("responses:\n  200:\n    description: ok\n", Path::new("a.yaml"), &mut d).unwrap();
        assert!(v["responses"]["200"].is_object());
    }

    #[test]
    fn swagger_is_rejected_with_a_clear_error() {
        let doc = Document { path: "s.json".into(), root: serde_json::json!({"swagger": "2.0"}) };
        let mut d = Diagnostics::default();
        assert!(version(&doc, &mut d).is_none());
        assert!(d.to_string().contains("Swagger 2.0"));
    }

    #[test]
    fn special_files_are_not_read() {
        let mut d = Diagnostics::default();
        assert!(load_file(Path::new("/dev/zero"), &mut d).is_none());
        assert!(d.to_string().contains("not a regular file"), "{d}");
    }

    #[test]
    fn bad_json_reports_line() {
        let mut d = Diagnostics::default();
        assert!(parse("{\n \"a\": ,\n}", Path::new("x.json"), &mut d).is_none());
        assert!(d.to_string().contains("x.json:2:"), "{d}");
    }
}
