//! The parts of a `multipart/form-data` request body, read from its schema's properties
//! (its own and those of its `allOf` members): files, values and JSON values, each a field of
//! the body's struct with the Rust type the caller gives.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::schema::{schema_docs, Types};
use super::{Part, PartKind};
use crate::diagnostics::Diagnostics;
use crate::pointer::Place;

/// The parts of the body whose schema is at `schema_place`, with the media type's
/// `encoding` map; `None` when the schema lists no properties (or is a union of objects),
/// so the body stays an untyped form.
pub(super) fn parts(
    types: &mut Types<'_>,
    schema_place: &Place,
    encoding: Option<&Map<String, Value>>,
    hint: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<Part>> {
    let resolver = types.resolver;
    // A schema that cannot be followed is reported where the caller lowers it instead.
    let (place, schema) = resolver.follow(schema_place, &mut Diagnostics::default())?;
    let mut sources = vec![(place.clone(), schema)];
    if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
        for i in 0..members.len() {
            if let Some(member) = resolver.follow(&place.join("allOf").index(i), diags) {
                sources.push(member);
            }
        }
    }
    if sources.iter().any(|(_, s)| s.get("oneOf").is_some() || s.get("anyOf").is_some()) {
        diags.warning(
            resolver.describe(&place),
            "a multipart body that is one of several shapes has no struct",
            "the operation takes a `multipart::Form`",
        );
        return None;
    }
    let required: HashSet<&str> = sources
        .iter()
        .filter_map(|(_, s)| s.get("required").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut seen = HashSet::new();
    let mut parts = Vec::new();
    for (owner, s) in &sources {
        let Some(properties) = s.get("properties").and_then(Value::as_object) else { continue };
        for key in properties.keys() {
            if !seen.insert(key.as_str()) {
                continue;
            }
            let declared = encoding.and_then(|e| e.get(key)).and_then(|e| e.get("contentType")).and_then(Value::as_str);
            let place = owner.join("properties").join(key);
            let (kind, docs, own) = part_kind(types, &place, declared, &format!("{hint} {key}"), diags);
            let concrete = |m: &&str| !m.contains(['*', ',']) && !is_json(m);
            let content_type = declared.filter(concrete).or(own.as_deref().filter(concrete)).map(|m| m.trim().to_string());
            parts.push(Part { wire: key.clone(), name: String::new(), kind, required: required.contains(key.as_str()), content_type, docs });
        }
    }
    (!parts.is_empty()).then_some(parts)
}

/// What kind of part a property is, its docs, and the `contentMediaType` of a file.
fn part_kind(
    types: &mut Types<'_>,
    place: &Place,
    declared: Option<&str>,
    hint: &str,
    diags: &mut Diagnostics,
) -> (PartKind, super::Docs, Option<String>) {
    let resolver = types.resolver;
    // What cannot be followed here is reported once, by `types.ty` on the same place.
    let mut unreported = Diagnostics::default();
    let Some((target, schema)) = resolver.follow(place, &mut unreported) else {
        return (PartKind::Value(types.ty(place, hint, diags)), super::Docs::default(), None);
    };
    let docs = schema_docs(schema);
    let media = |s: &Value| s.get("contentMediaType").and_then(Value::as_str).map(str::to_string);
    if is_file(schema) {
        return (PartKind::File, docs, media(schema));
    }
    let items = schema.get("items").and_then(|_| resolver.follow(&target.join("items"), &mut unreported));
    if let Some((_, items)) = items.filter(|(_, items)| is_array(schema) && is_file(items)) {
        return (PartKind::Files, docs, media(items));
    }
    if media(schema).is_some_and(|m| is_json(&m)) && schema.get("contentSchema").is_some() {
        return (PartKind::Json(types.ty(&target.join("contentSchema"), hint, diags)), docs, None);
    }
    let ty = types.ty(place, hint, diags);
    if declared.is_some_and(is_json) {
        return (PartKind::Json(ty), docs, None);
    }
    (PartKind::Value(ty), docs, None)
}

/// A string whose content is bytes: `format: binary` (3.0), `contentEncoding: binary`, or a
/// `contentMediaType` other than JSON (3.1).
fn is_file(schema: &Value) -> bool {
    let text = |k: &str| schema.get(k).and_then(Value::as_str);
    let string = match schema.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
        _ => text("format") == Some("binary"),
    };
    string
        && (text("format") == Some("binary")
            || text("contentEncoding").is_some_and(|e| e.eq_ignore_ascii_case("binary"))
            || text("contentMediaType").is_some_and(|m| !is_json(m) && !m.to_ascii_lowercase().starts_with("text/")))
}

fn is_array(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "array",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "array"),
        _ => false,
    }
}

/// `application/json` and `…+json`.
pub(super) fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}
