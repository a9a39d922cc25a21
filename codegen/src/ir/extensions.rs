//! What the client's runtime needs to know beyond the API's types and operations: which
//! operations may be retried because the caller sets an idempotency key, which ones are
//! paginated and how, and which rate-limit answers are not worth retrying. Part of `ir`,
//! run once the types are lowered: the vendor extensions are read here and nowhere else.
//!
//! Each comes from a vendor extension when the spec has one, else from a heuristic on the
//! IR that works for common APIs:
//!
//! | extension (where) | value | heuristic without it |
//! |---|---|---|
//! | `x-idempotency-key` (operation) | a top-level property of the JSON body, or a header parameter, that makes the call safe to repeat when set | a body property or header parameter whose name contains `idempotency` |
//! | `x-pagination` (operation) | `{cursorParam, nextCursor, items}`: the query parameter the cursor goes in, the dotted path of the next cursor in the response, and of the array of items; `false` turns pagination off | an optional string query parameter named like a cursor (`after`, `cursor`, `page_token`, …), a string field of the same kind of name inside the response (on a path through `next` when there are several) and the response's one array field (or the one named `results`, `items`, `data`, …) |
//! | `x-rate-limit-policy` (root) | `{field, notRetried}`: the property of a `429` body naming the limit hit, and the limits not worth retrying (e.g. a daily quota) | every `429` may be retried |
//!
//! An extension that does not fit the operation is a warning, and the operation gets no hint.

use serde_json::Value;

use super::{Api, BodyKind, Field, Method, Operation, ParamLocation, Scalar, Ty, TypeKind};
use crate::diagnostics::Diagnostics;
use crate::pointer::Place;
use crate::resolve::Resolver;

/// What, when the caller sets it, makes a `POST` or `PATCH` safe to send again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotencyKey {
    /// A top-level property of the JSON body (wire name).
    BodyField(String),
    /// A header parameter (wire name).
    Header(String),
}

/// Cursor pagination: the cursor goes in a query parameter and comes back in the response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// Wire name of the optional string query parameter that takes the cursor.
    pub cursor_param: String,
    /// Wire names from the response body down to the next cursor (a string).
    pub next_cursor: Vec<String>,
    /// Wire names from the response body down to the array of items.
    pub items: Vec<String>,
}

/// Which `429` answers are not retried: those whose body's `field` names one of `not_retried`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimitPolicy {
    pub field: String,
    pub not_retried: Vec<String>,
}

/// Reads the extensions and applies the heuristics: fills in each operation's
/// `idempotency_key` and `pagination` and the API's `rate_limit`. `places[i]` is where
/// operation `i` is in the spec.
pub(super) fn infer(resolver: &Resolver, api: &mut Api, places: &[Place], diags: &mut Diagnostics) {
    let mut found = Vec::with_capacity(api.operations.len());
    for (op, op_place) in api.operations.iter().zip(places) {
        let ext = |key: &str| resolver.get(&op_place.join(key)).map(|v| (op_place.join(key), v));
        let idempotency_key = match ext("x-idempotency-key") {
            Some((place, value)) => idempotency_from_extension(api, op, value).or_else(|| {
                diags.warning(
                    resolver.describe(&place),
                    "`x-idempotency-key` names neither a top-level property of the JSON body nor a header parameter",
                    "the operation is not retried",
                );
                None
            }),
            None => idempotency_by_name(api, op),
        };
        let idempotency_key = idempotency_key.filter(|_| !op.method.is_idempotent());
        let pagination = match ext("x-pagination") {
            Some((_, Value::Bool(false))) => None,
            Some((place, value)) => match pagination_from_extension(api, op, value) {
                Ok(p) => Some(p),
                Err(why) => {
                    diags.warning(resolver.describe(&place), format!("`x-pagination` does not fit the operation: {why}"), "no page streams for it");
                    None
                }
            },
            None => pagination_by_name(api, op),
        };
        found.push((idempotency_key, pagination));
    }
    for (op, (idempotency_key, pagination)) in api.operations.iter_mut().zip(found) {
        op.idempotency_key = idempotency_key;
        op.pagination = pagination;
    }
    api.rate_limit = rate_limit(resolver, diags);
}

impl Method {
    /// GET, HEAD, PUT, DELETE, OPTIONS and TRACE may be sent twice without harm (RFC 9110 §9.2.2).
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

/// Lower case letters and digits only: `Idempotency-Key`, `idempotency_key` and
/// `idempotencyKey` compare equal.
fn normalized(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

fn body_struct_fields<'a>(api: &'a Api, op: &Operation) -> &'a [Field] {
    match op.body.as_ref().filter(|b| b.kind == BodyKind::Json).map(|b| &b.ty) {
        Some(ty) => struct_fields(api, ty),
        None => &[],
    }
}

fn struct_fields<'a>(api: &'a Api, ty: &Ty) -> &'a [Field] {
    match super::unaliased(api, ty).map(|id| &api.ty(id).kind) {
        Some(TypeKind::Struct(s)) => &s.fields,
        _ => &[],
    }
}

fn idempotency_from_extension(api: &Api, op: &Operation, value: &Value) -> Option<IdempotencyKey> {
    let name = value.as_str()?;
    if body_struct_fields(api, op).iter().any(|f| f.wire == name) {
        return Some(IdempotencyKey::BodyField(name.to_string()));
    }
    op.params
        .iter()
        .find(|p| p.location == ParamLocation::Header && p.wire.eq_ignore_ascii_case(name))
        .map(|p| IdempotencyKey::Header(p.wire.clone()))
}

fn idempotency_by_name(api: &Api, op: &Operation) -> Option<IdempotencyKey> {
    let matches = |wire: &str| normalized(wire).contains("idempotency");
    if let Some(f) = body_struct_fields(api, op).iter().find(|f| matches(&f.wire)) {
        return Some(IdempotencyKey::BodyField(f.wire.clone()));
    }
    op.params
        .iter()
        .find(|p| p.location == ParamLocation::Header && matches(&p.wire))
        .map(|p| IdempotencyKey::Header(p.wire.clone()))
}

/// The fields along `path` from `root`, each a field of a struct; `None` when a step is missing.
pub fn field_path<'a>(api: &'a Api, root: &Ty, path: &[String]) -> Option<Vec<&'a Field>> {
    let mut out = Vec::new();
    let mut ty = root.clone();
    for wire in path {
        let field = struct_fields(api, &ty).iter().find(|f| f.wire == *wire)?;
        ty = field.ty.clone();
        out.push(field);
    }
    Some(out)
}

/// The one body type of an operation's success responses.
pub fn success_type(op: &Operation) -> Option<&Ty> {
    let mut types = op.responses.iter().filter(|r| r.status.is_success()).filter_map(|r| r.body.as_ref().map(|b| &b.ty));
    let first = types.next()?;
    types.all(|t| t == first).then_some(first)
}

const STRING: Ty = Ty::Scalar(Scalar::String);

fn pagination_from_extension(api: &Api, op: &Operation, value: &Value) -> Result<Pagination, String> {
    let text = |key: &str| value.get(key).and_then(Value::as_str).ok_or_else(|| format!("`{key}` (a string) is missing"));
    let cursor_param = text("cursorParam")?.to_string();
    let next_cursor: Vec<String> = text("nextCursor")?.split('.').map(str::to_string).collect();
    let items: Vec<String> = text("items")?.split('.').map(str::to_string).collect();
    let pagination = Pagination { cursor_param, next_cursor, items };
    check_pagination(api, op, &pagination)?;
    Ok(pagination)
}

/// Whether the operation can be paged as `p` says; the reason when it cannot.
fn check_pagination(api: &Api, op: &Operation, p: &Pagination) -> Result<(), String> {
    let param = op.params.iter().find(|q| q.location == ParamLocation::Query && q.wire == p.cursor_param);
    match param {
        Some(q) if !q.required && q.ty == STRING => {}
        _ => return Err(format!("`{}` is not an optional string query parameter", p.cursor_param)),
    }
    if op.body.as_ref().is_some_and(|b| !matches!(b.kind, BodyKind::Json | BodyKind::FormUrlEncoded)) {
        return Err("only operations with no body or a JSON or form body are paged".to_string());
    }
    let root = success_type(op).ok_or("the operation has no single success body type")?;
    let cursor = field_path(api, root, &p.next_cursor).ok_or_else(|| format!("the response has no `{}`", p.next_cursor.join(".")))?;
    if cursor.last().map(|f| &f.ty) != Some(&STRING) {
        return Err(format!("`{}` is not a string", p.next_cursor.join(".")));
    }
    let items = field_path(api, root, &p.items).ok_or_else(|| format!("the response has no `{}`", p.items.join(".")))?;
    if !matches!(items.last().map(|f| &f.ty), Some(Ty::List(_))) {
        return Err(format!("`{}` is not an array", p.items.join(".")));
    }
    Ok(())
}

const CURSOR_NAMES: [&str; 9] =
    ["after", "cursor", "pagetoken", "nexttoken", "startingafter", "continuationtoken", "continuation", "nextcursor", "nextpagetoken"];
const ITEM_NAMES: [&str; 6] = ["results", "items", "data", "values", "records", "entries"];

fn pagination_by_name(api: &Api, op: &Operation) -> Option<Pagination> {
    let param = op.params.iter().find(|p| {
        p.location == ParamLocation::Query && !p.required && p.ty == STRING && CURSOR_NAMES.contains(&normalized(&p.wire).as_str())
    })?;
    let root = success_type(op)?;
    let wanted = normalized(&param.wire);
    let mut cursors = Vec::new();
    string_paths(api, root, &mut Vec::new(), &mut cursors, 3);
    let cursors: Vec<Vec<String>> = cursors
        .into_iter()
        .filter(|path| path.last().is_some_and(|leaf| normalized(leaf) == wanted || (path.len() > 1 && CURSOR_NAMES.contains(&normalized(leaf).as_str()))))
        .collect();
    let through_next: Vec<&Vec<String>> = cursors.iter().filter(|p| p.iter().any(|s| normalized(s).contains("next"))).collect();
    let next_cursor = match (cursors.as_slice(), through_next.as_slice()) {
        ([only], _) => only.clone(),
        (_, [only]) => (*only).clone(),
        _ => return None,
    };
    let lists: Vec<&Field> = struct_fields(api, root).iter().filter(|f| matches!(f.ty, Ty::List(_))).collect();
    let items = match lists.as_slice() {
        [only] => only.wire.clone(),
        _ => ITEM_NAMES.iter().find_map(|n| lists.iter().find(|f| normalized(&f.wire) == *n))?.wire.clone(),
    };
    let pagination = Pagination { cursor_param: param.wire.clone(), next_cursor, items: vec![items] };
    check_pagination(api, op, &pagination).ok()?;
    Some(pagination)
}

/// Paths to string fields below `ty`, at most `depth` fields deep.
fn string_paths(api: &Api, ty: &Ty, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>, depth: usize) {
    if depth == 0 {
        return;
    }
    for f in struct_fields(api, ty) {
        prefix.push(f.wire.clone());
        if f.ty == STRING {
            out.push(prefix.clone());
        } else {
            string_paths(api, &f.ty, prefix, out, depth - 1);
        }
        prefix.pop();
    }
}

fn rate_limit(resolver: &Resolver, diags: &mut Diagnostics) -> Option<RateLimitPolicy> {
    let place = Place::root(0).join("x-rate-limit-policy");
    let value = resolver.get(&place)?;
    let field = value.get("field").and_then(Value::as_str);
    let not_retried: Option<Vec<String>> =
        value.get("notRetried").and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect());
    match (field, not_retried) {
        (Some(field), Some(not_retried)) => Some(RateLimitPolicy { field: field.to_string(), not_retried }),
        _ => {
            diags.warning(
                resolver.describe(&place),
                "`x-rate-limit-policy` needs `field` (a string) and `notRetried` (a list of strings)",
                "every 429 may be retried",
            );
            None
        }
    }
}
