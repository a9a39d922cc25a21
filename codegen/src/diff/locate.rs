//! JSON pointers of the places changes are reported at, checked against the spec's JSON
//! (a pointer that does not resolve falls back to its nearest known ancestor).

use std::collections::HashMap;

use serde_json::Value;

use super::Spec;
use crate::ir::{Operation, ParamLocation, TypeDef};
use crate::pointer::escape;

pub fn location(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// The pointer part of an IR origin (`file#/pointer`): bare when the place is in the root
/// document, the whole origin when it is in another file.
pub fn origin(spec: &Spec, origin: &str) -> Option<String> {
    let (file, pointer) = origin.split_once('#')?;
    if file == spec.label {
        Some(pointer.to_string())
    } else {
        Some(origin.to_string())
    }
}

fn exists(spec: &Spec, pointer: &str) -> bool {
    !pointer.contains('#') && spec.root.pointer(pointer).is_some()
}

/// `base` + `segments`, if that exists in the root document; `base` otherwise.
pub fn child(spec: &Spec, base: Option<String>, segments: &[&str]) -> Option<String> {
    let base = base?;
    let mut pointer = base.clone();
    for s in segments {
        pointer.push('/');
        pointer.push_str(&escape(s));
    }
    Some(if exists(spec, &pointer) { pointer } else { base })
}

pub fn operation(spec: &Spec, op: &Operation) -> Option<String> {
    origin(spec, &op.origin)
}

/// The parameter's entry in the operation's (or its path item's) `parameters` list.
pub fn parameter(spec: &Spec, op: &Operation, wire: &str, loc: ParamLocation) -> Option<String> {
    let op_pointer = operation(spec, op)?;
    let item_pointer = op_pointer.rsplit_once('/').map(|(item, _)| item.to_string());
    for base in [Some(op_pointer.clone()), item_pointer].into_iter().flatten() {
        let list_pointer = format!("{base}/parameters");
        let Some(list) = spec.root.pointer(&list_pointer).and_then(Value::as_array) else { continue };
        for (i, p) in list.iter().enumerate() {
            let p = follow(spec, p);
            let same = p.get("name").and_then(Value::as_str) == Some(wire)
                && p.get("in").and_then(Value::as_str) == Some(location(loc));
            if same {
                return Some(format!("{list_pointer}/{i}"));
            }
        }
    }
    Some(op_pointer)
}

/// A local `$ref` followed once, so that shared parameters and members are recognised.
fn follow<'a>(spec: &'a Spec, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
        Some(target) => spec.root.pointer(target).unwrap_or(v),
        None => v,
    }
}

/// The property's schema: in the type's own `properties`, else in one of its `allOf` members.
pub fn property(spec: &Spec, t: &TypeDef, wire: &str) -> Option<String> {
    let base = origin(spec, &t.origin)?;
    Some(indexed_property(spec, base, wire))
}

/// The schema of the part `wire` of the operation's multipart body `media`: a property of the
/// body's schema (followed through a local `$ref`), else the nearest place found.
pub fn part(spec: &Spec, op: &Operation, media: &str, wire: &str) -> Option<String> {
    let schema = child(spec, operation(spec, op), &["requestBody", "content", media, "schema"])?;
    let target = spec.root.pointer(&schema).and_then(|s| s.get("$ref")).and_then(Value::as_str).and_then(|r| r.strip_prefix('#'));
    let base = match target {
        Some(target) if exists(spec, target) => target.to_string(),
        _ => schema,
    };
    Some(indexed_property(spec, base, wire))
}

/// The pointer of property `wire` of the schema at `base`, else `base`.
fn indexed_property(spec: &Spec, base: String, wire: &str) -> String {
    let mut cache = spec.properties.borrow_mut();
    // Indexed once per schema: a type may have thousands of fields from thousands of members.
    let index = cache.entry(base.clone()).or_insert_with(|| property_index(spec, &base));
    index.get(wire).cloned().unwrap_or(base)
}

/// Each property's pointer: the type's own first, then each `allOf` member's (inline, then
/// what it refers to), the first place found winning.
fn property_index(spec: &Spec, base: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut add = |owner: &str| {
        if owner.contains('#') {
            return;
        }
        let Some(props) = spec.root.pointer(&format!("{owner}/properties")).and_then(Value::as_object) else { return };
        for key in props.keys() {
            out.entry(key.clone()).or_insert_with(|| format!("{owner}/properties/{}", escape(key)));
        }
    };
    add(base);
    if let Some(members) = spec.root.pointer(&format!("{base}/allOf")).and_then(Value::as_array) {
        for (i, m) in members.iter().enumerate() {
            add(&format!("{base}/allOf/{i}"));
            if let Some(target) = m.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
                add(target);
            }
        }
    }
    out
}

/// The schema's `enum`, `oneOf` or `anyOf` list, whichever it has.
pub fn members(spec: &Spec, t: &TypeDef) -> Option<String> {
    let base = origin(spec, &t.origin)?;
    for key in ["enum", "oneOf", "anyOf"] {
        let p = format!("{base}/{key}");
        if exists(spec, &p) {
            return Some(p);
        }
    }
    Some(base)
}

/// The operation's `security`, or the document's when the operation has none of its own.
pub fn security(spec: &Spec, op: &Operation) -> Option<String> {
    let op_pointer = operation(spec, op)?;
    let own = format!("{op_pointer}/security");
    if exists(spec, &own) {
        return Some(own);
    }
    if exists(spec, "/security") {
        return Some("/security".to_string());
    }
    Some(op_pointer)
}

/// Whether the operation's request body lists `media` (directly or through a local `$ref`).
pub fn body_accepts(spec: &Spec, op: &Operation, media: &str) -> bool {
    let Some(op_pointer) = operation(spec, op) else { return false };
    let Some(body) = spec.root.pointer(&format!("{op_pointer}/requestBody")) else { return false };
    follow(spec, body).get("content").and_then(Value::as_object).is_some_and(|c| c.contains_key(media))
}
