//! What single keywords of a schema say, read off its JSON object: `type`, `enum`, `items`,
//! `nullable`-style null members, formats, docs, and the hints types are named from.

use serde_json::{Map, Value};

use crate::diagnostics::Diagnostics;
use crate::ir::{Docs, Scalar, UnionVariant};
use crate::pointer::Place;

/// A hint from the schema's own place (its component and the last keys on the way), for
/// when the hint from where it was reached is too long.
pub(super) fn place_hint(place: &Place) -> String {
    const KEYWORDS: [&str; 12] =
        ["components", "schemas", "properties", "items", "allOf", "oneOf", "anyOf", "additionalProperties", "prefixItems", "content", "schema", "paths"];
    let segments = place.segments();
    let words: Vec<&str> =
        segments.iter().map(String::as_str).filter(|s| !KEYWORDS.contains(s) && s.parse::<usize>().is_err()).collect();
    let last = words.get(words.len().saturating_sub(4)..).unwrap_or_default();
    if last.is_empty() {
        return "Inline".to_string();
    }
    last.join(" ")
}

/// Schemas directly inside a shared component (`#/components/parameters/per_page/schema`)
/// are named after the component, not after whichever operation used it first.
pub(super) fn component_hint(place: &Place) -> Option<String> {
    // Most places are not in a shared component: no need to split them.
    if !place.pointer.starts_with("/components/") || place.pointer.starts_with("/components/schemas/") {
        return None;
    }
    let segments = place.segments();
    let [first, kind, name, rest @ ..] = segments.as_slice() else { return None };
    if first != "components" || kind == "schemas" {
        return None;
    }
    let suffix = match kind.as_str() {
        "parameters" => "param",
        "requestBodies" => "body",
        "responses" => "response",
        "headers" => "header",
        _ => "value",
    };
    // Only the component's own schema; deeper schemas get their hint from their parent.
    let direct = match rest {
        [s] => s == "schema",
        [c, _, s] => c == "content" && s == "schema",
        _ => false,
    };
    direct.then(|| format!("{name} {suffix}"))
}

pub(super) fn docs(obj: &Map<String, Value>) -> Docs {
    let text = |k: &str| crate::pointer::member(obj, k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    Docs {
        title: text("title"),
        description: text("description"),
        deprecated: crate::pointer::member(obj, "deprecated").and_then(Value::as_bool).unwrap_or(false),
    }
}

pub(crate) fn schema_docs(v: &Value) -> Docs {
    v.as_object().map(docs).unwrap_or_default()
}

/// A word for what an inline union member is, to name its variant.
pub(super) fn kind_word(obj: &Map<String, Value>) -> Option<&'static str> {
    let format = crate::pointer::member(obj, "format").and_then(Value::as_str).unwrap_or_default();
    Some(match type_names(obj).into_iter().find(|t| *t != "null")? {
        "string" if format == "date-time" => "DateTime",
        "string" if format == "date" => "Date",
        "string" if format == "byte" => "Bytes",
        "string" if format == "uuid" => "Uuid",
        "string" => "String",
        "integer" => "Integer",
        "number" => "Number",
        "boolean" => "Boolean",
        "array" => "List",
        "object" if obj.contains_key("properties") => "Object",
        "object" => "Map",
        _ => return None,
    })
}

pub(super) fn type_names(obj: &Map<String, Value>) -> Vec<&str> {
    match crate::pointer::member(obj, "type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The schema allows objects only (`null` aside, which is nullability): `type: object`.
pub(super) fn only_objects(obj: &Map<String, Value>) -> bool {
    let names: Vec<&str> = type_names(obj).into_iter().filter(|t| *t != "null").collect();
    names == ["object"]
}

pub(super) fn is_null_schema(v: &Value) -> bool {
    v.as_object().is_some_and(|o| {
        let t = type_names(o);
        t == ["null"] || o.get("enum").and_then(Value::as_array).is_some_and(|e| e.len() == 1 && e[0].is_null())
    })
}

pub(super) fn enum_values(obj: &Map<String, Value>) -> Option<Vec<Value>> {
    if let Some(values) = crate::pointer::member(obj, "enum").and_then(Value::as_array) {
        return Some(values.clone());
    }
    crate::pointer::member(obj, "const").map(|c| vec![c.clone()])
}

/// A single-value enum with that value as its default (or a `const`): the field is a fixed tag.
pub(super) fn is_fixed(schema: &Value) -> bool {
    use crate::pointer::field;
    if field(schema, "const").is_some_and(Value::is_string) {
        return true;
    }
    match field(schema, "enum").and_then(Value::as_array).map(Vec::as_slice) {
        Some([Value::String(only)]) => field(schema, "default").and_then(Value::as_str) == Some(only),
        _ => false,
    }
}

/// `Some(Some(key))` for arrays with an item schema, `Some(None)` for arrays without one.
pub(super) fn list_items(obj: &Map<String, Value>) -> Option<Option<&'static str>> {
    if !type_names(obj).contains(&"array") && !obj.contains_key("items") {
        return None;
    }
    match crate::pointer::member(obj, "items") {
        Some(Value::Object(_)) => Some(Some("items")),
        _ => Some(None),
    }
}

/// Members of `allOf` that only annotate (`description`, `nullable`, ...) and add no shape.
pub(super) fn is_metadata_only(v: &Value) -> bool {
    const SHAPE: [&str; 10] = ["$ref", "type", "properties", "items", "allOf", "oneOf", "anyOf", "enum", "const", "additionalProperties"];
    v.as_object().is_some_and(|o| !SHAPE.iter().any(|k| o.contains_key(*k)))
}

pub(super) fn scalar(obj: &Map<String, Value>) -> Option<Scalar> {
    let types = type_names(obj);
    let format = crate::pointer::member(obj, "format").and_then(Value::as_str).unwrap_or("");
    // Without `type`, `format` still tells what kind of value it is.
    let guessed = match format {
        "int32" | "int64" => Some("integer"),
        "date-time" | "date" | "uuid" => Some("string"),
        _ => None,
    };
    let primary = types.iter().find(|t| **t != "null").copied().or(guessed)?;
    Some(match (primary, format) {
        ("string", "date-time") => Scalar::DateTime,
        ("string", "date") => Scalar::Date,
        ("string", "uuid") => Scalar::Uuid,
        ("string", "byte") => Scalar::Bytes,
        ("string", _) => Scalar::String,
        ("integer", "int32") => Scalar::I32,
        ("integer", "uint32") => Scalar::U32,
        ("integer", "uint64") => Scalar::U64,
        ("integer", _) => Scalar::I64,
        ("number", "float") => Scalar::F32,
        ("number", "int32") => Scalar::I32,
        ("number", "int64") => Scalar::I64,
        ("number", _) => Scalar::F64,
        ("boolean", _) => Scalar::Bool,
        _ => return None,
    })
}

/// `messages` → `message`, for the items of an array.
pub(crate) fn singular(hint: &str) -> String {
    let (head, last) = match hint.rsplit_once(' ') {
        Some((h, l)) => (format!("{h} "), l),
        None => (String::new(), hint),
    };
    let lower = last.to_ascii_lowercase();
    let word = if lower.ends_with("ies") && last.len() > 3 {
        format!("{}y", &last[..last.len() - 3])
    } else if lower.ends_with("sses") || lower.ends_with("xes") || lower.ends_with("ches") || lower.ends_with("shes") {
        last[..last.len() - 2].to_string()
    } else if lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us") && !lower.ends_with("is") && last.len() > 1 {
        last[..last.len() - 1].to_string()
    } else {
        return format!("{hint} item");
    };
    format!("{head}{word}")
}

/// Each tag value selects one variant, the first that claims it: a later variant loses the
/// value (two `match` arms for one value would be unreachable), and a variant left with no
/// value of its own is dropped. Variants that never had a value are kept as they are.
pub(super) fn distinct_tag_values(variants: Vec<UnionVariant>, tag: &str, place: &str, diags: &mut Diagnostics) -> Vec<UnionVariant> {
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut out = Vec::new();
    for mut v in variants {
        if v.tag_values.is_empty() {
            out.push(v);
            continue;
        }
        let before = v.tag_values.clone();
        v.tag_values.retain(|value| seen.insert(value.clone()));
        let lost: Vec<&String> = before.iter().filter(|value| !v.tag_values.contains(value)).collect();
        if lost.is_empty() {
            out.push(v);
            continue;
        }
        let values = lost.iter().map(|value| format!("`{value}`")).collect::<Vec<_>>().join(", ");
        if v.tag_values.is_empty() {
            diags.warning(
                place.to_string(),
                format!("the `{tag}` value {values} of variant `{}` already selects an earlier variant", v.hint),
                "the variant is dropped",
            );
        } else {
            diags.warning(
                place.to_string(),
                format!("the `{tag}` value {values} of variant `{}` already selects an earlier variant", v.hint),
                "the earlier variant keeps it",
            );
            out.push(v);
        }
    }
    out
}
