//! What the API sends to its users' servers → IR: 3.1 `webhooks` (and `x-webhooks`, its 3.0
//! spelling), the `callbacks` of operations (3.0 and 3.1), their JSON payload types, the
//! event enum that tells payloads apart, and the signature scheme that the vendor extension
//! `x-webhook-signature` names.
//!
//! The event enum is tagged the way the spec says: when every distinct payload requires one
//! property with a single value (`type: {const: X}`), that property is the tag, as for an
//! implicit union discriminator; when all webhooks share one schema that is already a tagged
//! union, that union is the event. A spec that says neither gets the payload types only.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::lower::METHODS;
use super::schema::Types;
use super::{Docs, Method, Ty, TypeDef, TypeId, TypeKind};
use crate::diagnostics::Diagnostics;
use crate::pointer::Place;
use crate::text::one_line;

/// Everything the API delivers to its users.
#[derive(Debug, Clone, Default)]
pub struct Webhooks {
    pub hooks: Vec<Webhook>,
    /// The enum of every payload, with an `Unknown` variant (a [`TypeKind::Union`] with a tag).
    pub event: Option<TypeId>,
    pub signature: Option<Signature>,
}

impl Webhooks {
    /// The distinct payload types, in spec order.
    pub fn payloads(&self) -> Vec<&Ty> {
        let mut out: Vec<&Ty> = Vec::new();
        for ty in self.hooks.iter().filter_map(|h| h.payload.as_ref()) {
            if !out.contains(&ty) {
                out.push(ty);
            }
        }
        out
    }
}

/// One delivery: a webhook or a callback of an operation.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The key under `webhooks` (or `x-webhooks`), or `operation callback expression` for a callback.
    pub key: String,
    pub method: Method,
    /// `file#/pointer` of the operation that describes the delivery.
    pub origin: String,
    pub docs: Docs,
    /// The JSON body's type; `None` when it has no JSON body.
    pub payload: Option<Ty>,
}

/// How deliveries are signed, from `x-webhook-signature: {scheme, versions}` at the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub scheme: SignatureScheme,
    /// The versions a receiver accepts by default, strongest first.
    pub versions: Vec<SignatureVersion>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureScheme {
    /// HubSpot's `X-HubSpot-Signature-v3` (HMAC-SHA256) and the older v2 and v1 hashes.
    HubSpot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SignatureVersion {
    V3,
    V2,
    V1,
}

impl SignatureVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureVersion::V3 => "v3",
            SignatureVersion::V2 => "v2",
            SignatureVersion::V1 => "v1",
        }
    }
}

/// Where a spec lists its webhooks, in the order read: 3.1's own section, then the extension
/// that 3.0 specs (GitHub's) use for the same map of names to path items.
const SECTIONS: [&str; 2] = ["webhooks", "x-webhooks"];

/// The webhooks and callbacks of the spec, their payload types registered in `types`.
pub(super) fn lower(types: &mut Types<'_>, diags: &mut Diagnostics) -> Webhooks {
    let resolver = types.resolver;
    let root = resolver.root();
    let mut hooks = Vec::new();
    let mut payload_places: Vec<(Ty, Place)> = Vec::new();
    // Which section each webhook name came from: the first one read keeps it.
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for section in SECTIONS {
        let section_place = Place::root(0).join(section);
        let Some(value) = root.get(section) else { continue };
        let Some(map) = value.as_object() else {
            diags.warning(
                resolver.describe(&section_place),
                format!("`{section}` is not a map from webhook names to path items"),
                "its webhooks are left out",
            );
            continue;
        };
        for (key, item) in map {
            let place = section_place.join(key);
            if let Some(first) = seen.get(key.as_str()) {
                diags.warning(
                    resolver.describe(&place),
                    format!("the webhook `{}` is also in `{first}`", one_line(key)),
                    format!("the one in `{first}` is used"),
                );
                continue;
            }
            seen.insert(key, section);
            path_item(types, &place, item, key, key, &mut hooks, &mut payload_places, diags);
        }
    }
    let paths_place = Place::root(0).join("paths");
    if let Some(paths) = root.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some((item_place, item)) = resolver.follow_value(&paths_place.join(path), item, diags) else { continue };
            let Some(item) = item.as_object() else { continue };
            for (method, op) in item {
                if !METHODS.iter().any(|(m, _)| m == method) {
                    continue;
                }
                let Some(callbacks) = op.get("callbacks").and_then(Value::as_object) else { continue };
                let owner = op.get("operationId").and_then(Value::as_str).map_or_else(|| format!("{method} {path}"), str::to_string);
                let callbacks_place = item_place.join(method).join("callbacks");
                for (name, callback) in callbacks {
                    let Some((cb_place, callback)) = resolver.follow_value(&callbacks_place.join(name), callback, diags) else { continue };
                    let Some(expressions) = callback.as_object() else { continue };
                    for (expression, item) in expressions {
                        let key = format!("{owner} {name} {expression}");
                        path_item(types, &cb_place.join(expression), item, &key, name, &mut hooks, &mut payload_places, diags);
                    }
                }
            }
        }
    }
    let place = hooks.first().map(|h: &Webhook| h.origin.clone()).unwrap_or_default();
    let event = if hooks.is_empty() { None } else { event(types, &payload_places, &place, diags) };
    Webhooks { hooks, event, signature: signature(root, diags) }
}

/// The operations of one webhook's path item, each a delivery.
#[allow(clippy::too_many_arguments)]
fn path_item(
    types: &mut Types<'_>,
    place: &Place,
    item: &Value,
    key: &str,
    hint: &str,
    hooks: &mut Vec<Webhook>,
    payloads: &mut Vec<(Ty, Place)>,
    diags: &mut Diagnostics,
) {
    let resolver = types.resolver;
    let Some((place, item)) = resolver.follow_value(place, item, diags) else { return };
    let Some(item) = item.as_object() else {
        diags.warning(resolver.describe(&place), format!("the webhook `{}` is not a path item (an object)", one_line(key)), "it is left out");
        return;
    };
    for (name, method) in METHODS {
        let Some(op) = item.get(name) else { continue };
        let Some(op) = op.as_object() else {
            diags.warning(
                resolver.describe(&place.join(name)),
                format!("the `{name}` of the webhook `{}` is not an operation (an object)", one_line(key)),
                "it is left out",
            );
            continue;
        };
        let op_place = place.join(name);
        let schema_place = json_schema(types, &op_place.join("requestBody"), diags);
        // Named after the webhook (or callback) and, when it has several, the method.
        let several = METHODS.iter().filter(|(m, _)| item.contains_key(*m)).count() > 1;
        let hint = if several { format!("{hint} {name} event") } else { format!("{hint} event") };
        let payload = schema_place.as_ref().map(|p| types.ty(p, &hint, diags));
        if let (Some(ty), Some(p)) = (&payload, schema_place) {
            if !payloads.iter().any(|(t, _)| t == ty) {
                payloads.push((ty.clone(), p));
            }
        }
        let text = |k: &str| op.get(k).and_then(Value::as_str).map(str::to_string);
        hooks.push(Webhook {
            key: key.to_string(),
            method,
            origin: resolver.describe(&op_place),
            docs: Docs {
                title: text("summary"),
                description: text("description"),
                deprecated: op.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
            },
            payload,
        });
    }
}

/// The place of the JSON schema of a request body, if it has one.
fn json_schema(types: &Types<'_>, place: &Place, diags: &mut Diagnostics) -> Option<Place> {
    let (place, body) = types.resolver.follow(place, diags)?;
    let content = body.get("content").and_then(Value::as_object)?;
    let media = content.keys().find(|m| {
        let m = m.to_ascii_lowercase();
        m.starts_with("application/json") || m.contains("+json") || m == "*/*"
    })?;
    let schema = place.join("content").join(media).join("schema");
    types.resolver.get(&schema).map(|_| schema)
}

/// The enum of the payloads, when the spec says how to tell them apart.
fn event(types: &mut Types<'_>, payloads: &[(Ty, Place)], describe: &str, diags: &mut Diagnostics) -> Option<TypeId> {
    let describe = describe.to_string();
    if let [(Ty::Named(id), _)] = payloads {
        // A payload that repeats an inline schema met before is an alias of its type.
        let kind = match &types.types.get(id.0)?.kind {
            TypeKind::Alias(Ty::Named(first)) => &types.types.get(first.0)?.kind,
            kind => kind,
        };
        if matches!(kind, TypeKind::Union(u) if u.tag.is_some()) {
            return Some(*id);
        }
    }
    if payloads.is_empty() {
        return None;
    }
    let members: Vec<Place> = payloads.iter().map(|(_, p)| p.clone()).collect();
    let union = types.union(&Place::root(0).join("webhooks"), &Map::new(), &members, "Webhook event", diags);
    if union.tag.is_none() {
        // One payload needs nothing to tell it apart: its type is the event.
        if payloads.len() == 1 {
            return None;
        }
        diags.warning(
            describe,
            "the webhook payloads have no property that tells them apart (one each requires, with a single value)",
            "payload types only, no event enum",
        );
        return None;
    }
    let id = TypeId(types.types.len());
    types.types.push(TypeDef {
        hint: "Webhook event".to_string(),
        name: String::new(),
        origin: describe,
        docs: Docs {
            title: None,
            description: Some("An event the API delivers to a webhook: one variant per kind of payload.".to_string()),
            deprecated: false,
        },
        kind: TypeKind::Union(union),
        error_only: false,
    });
    Some(id)
}

/// `x-webhook-signature: {scheme: hubspot, versions: [v3, v2, v1]}`; unknown schemes and
/// versions are warnings, so that a spec for another vendor still generates its payloads.
fn signature(root: &Value, diags: &mut Diagnostics) -> Option<Signature> {
    let ext = root.get("x-webhook-signature")?;
    let place = "#/x-webhook-signature";
    let scheme = match ext.get("scheme").and_then(Value::as_str) {
        Some(s) if s.eq_ignore_ascii_case("hubspot") => SignatureScheme::HubSpot,
        other => {
            diags.warning(place, format!("unknown webhook signature scheme {other:?}"), "no signature verification is generated");
            return None;
        }
    };
    let mut versions = Vec::new();
    match ext.get("versions").and_then(Value::as_array) {
        Some(list) => {
            for v in list {
                let version = match v.as_str().map(str::to_ascii_lowercase).as_deref() {
                    Some("v3") => SignatureVersion::V3,
                    Some("v2") => SignatureVersion::V2,
                    Some("v1") => SignatureVersion::V1,
                    _ => {
                        diags.warning(place, format!("unknown signature version {v}"), "the version is left out");
                        continue;
                    }
                };
                if !versions.contains(&version) {
                    versions.push(version);
                }
            }
        }
        None => versions = vec![SignatureVersion::V3],
    }
    if versions.is_empty() {
        diags.warning(place, "no known signature version", "v3 only");
        versions.push(SignatureVersion::V3);
    }
    versions.sort();
    Some(Signature { scheme, versions })
}
