//! The spec's operations, parameters, bodies, responses and security → IR.

use std::collections::HashMap;

use serde_json::Value;

use super::schema::{schema_docs, Side, Types};
use super::{
    Api, Body, BodyKind, Docs, Method, Operation, Param, ParamLocation, Response, ResponseBody, ResponseHeader, ResponseKind,
    OAuthFlows, SecurityKind, SecurityRequirement, SecurityScheme, Status, Ty, TypeId, TypeKind,
};
use crate::diagnostics::Diagnostics;
use crate::pointer::{field, member, Place};
use crate::resolve::Resolver;

use super::layout::{named, box_large_variants, mark_boxed, mark_error_only, order_untagged, strongly_connected};
pub use super::layout::{estimated_size, variants_to_box, Sizes};

/// The operation keys of a path item, with their methods (also read for webhooks).
pub(super) const METHODS: [(&str, Method); 8] = [
    ("get", Method::Get),
    ("put", Method::Put),
    ("post", Method::Post),
    ("delete", Method::Delete),
    ("options", Method::Options),
    ("head", Method::Head),
    ("patch", Method::Patch),
    ("trace", Method::Trace),
];

/// Builds the IR of the whole API. Names are left empty for the `names` stage.
pub fn lower(resolver: &Resolver, diags: &mut Diagnostics) -> Api {
    let root = resolver.root();
    let info = root.get("info");
    let text = |v: Option<&Value>, k: &str| v.and_then(|v| v.get(k)).and_then(Value::as_str).map(str::to_string);
    let security_schemes = security_schemes(resolver, diags);
    let mut types = Types::new(resolver);
    types.components(diags);
    let mut operations = Vec::new();
    let mut places = Vec::new();
    let paths_place = Place::root(0).join("paths");
    if let Some(paths) = root.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let item_place = paths_place.join(path);
            let Some((item_place, item)) = resolver.follow_value(&item_place, item, diags) else { continue };
            let Some(item) = item.as_object() else { continue };
            for (key, op) in item {
                let Some((_, method)) = METHODS.iter().find(|(m, _)| m == key) else { continue };
                let op_place = item_place.join(key);
                if let Some(op) = operation(&mut types, (&item_place, item), &op_place, op, *method, path, &security_schemes, diags) {
                    operations.push(op);
                    places.push(op_place);
                }
            }
        }
    }
    let webhooks = super::webhooks::lower(&mut types, diags);
    let mut api = Api {
        title: text(info, "title").unwrap_or_else(|| "API".to_string()),
        version: text(info, "version").unwrap_or_default(),
        description: text(info, "description"),
        base_url: base_url(resolver, diags),
        types: types.types,
        operations,
        security_schemes,
        webhooks,
        rate_limit: None,
    };
    break_alias_cycles(&mut api, diags);
    prune_schemes(&mut api);
    order_untagged(&mut api);
    mark_error_only(&mut api);
    mark_boxed(&mut api);
    box_large_variants(&mut api);
    super::extensions::infer(resolver, &mut api, &places, diags);
    api
}

/// What an alias chain stands for. Chains are acyclic once [`break_alias_cycles`] ran;
/// the bound keeps it so even before.
pub fn unalias<'a>(api: &'a Api, ty: &'a Ty) -> &'a Ty {
    let mut here = ty;
    for _ in 0..=api.types.len() {
        match here {
            Ty::Named(id) => match api.types.get(id.0).map(|t| &t.kind) {
                Some(TypeKind::Alias(inner)) => here = inner,
                _ => return here,
            },
            _ => return here,
        }
    }
    here
}

/// The named type that `ty` is, through aliases (`None`: it is no named type).
pub fn unaliased(api: &Api, ty: &Ty) -> Option<TypeId> {
    match unalias(api, ty) {
        Ty::Named(id) if !matches!(api.types.get(id.0).map(|t| &t.kind), Some(TypeKind::Alias(_))) => Some(*id),
        _ => None,
    }
}

/// `type A = B; type B = A;` (`allOf`s that only point at each other) or `type A = Vec<A>`
/// (an array of itself) is not Rust: aliases that expand into themselves become
/// `serde_json::Value`, with a warning.
fn break_alias_cycles(api: &mut Api, diags: &mut Diagnostics) {
    let is_alias: Vec<bool> = api.types.iter().map(|t| matches!(t.kind, TypeKind::Alias(_))).collect();
    let edges: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(ty) => named(ty).into_iter().filter(|n| is_alias.get(*n).copied().unwrap_or(false)).collect(),
            _ => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    let mut size = HashMap::new();
    for c in &component {
        *size.entry(*c).or_insert(0usize) += 1;
    }
    for i in 0..api.types.len() {
        let cyclic = size.get(&component[i]).copied().unwrap_or(0) > 1 || edges[i].contains(&i);
        if cyclic {
            let t = &mut api.types[i];
            diags.warning(t.origin.clone(), "this schema is only itself (through `allOf`, `$ref` or array items)", "`serde_json::Value`");
            t.kind = TypeKind::Alias(Ty::Any);
        }
    }
}

/// Security schemes no operation uses would only give the client setters that do nothing.
fn prune_schemes(api: &mut Api) {
    let used: Vec<bool> = (0..api.security_schemes.len())
        .map(|i| api.operations.iter().any(|op| op.security.iter().flatten().any(|r| r.scheme == i)))
        .collect();
    let mut new_index = Vec::with_capacity(used.len());
    let mut next = 0;
    for u in &used {
        new_index.push(next);
        if *u {
            next += 1;
        }
    }
    let mut i = 0;
    api.security_schemes.retain(|_| {
        i += 1;
        used[i - 1]
    });
    for op in &mut api.operations {
        for r in op.security.iter_mut().flatten() {
            r.scheme = new_index[r.scheme];
        }
    }
}

fn base_url(resolver: &Resolver, diags: &mut Diagnostics) -> String {
    let Some(server) = resolver.root().get("servers").and_then(Value::as_array).and_then(|s| s.first()) else {
        return String::new();
    };
    let mut url = server.get("url").and_then(Value::as_str).unwrap_or_default().to_string();
    // `{region}.example.com`: the documented default of each variable.
    if let Some(vars) = server.get("variables").and_then(Value::as_object) {
        for (name, var) in vars {
            let default = var.get("default").and_then(Value::as_str).unwrap_or_default();
            url = url.replace(&format!("{{{name}}}"), default);
        }
    }
    if let Some(without) = without_userinfo(&url) {
        // The client refuses a base URL with credentials in it, and a spec's are not to become
        // a constant of the crate: said, and left out (not repeated, as it may be a password).
        diags.warning(
            resolver.describe(&Place::root(0).join("servers").index(0).join("url")),
            "the server URL carries a user name or password",
            "the base URL leaves them out",
        );
        url = without;
    }
    url.trim_end_matches('/').to_string()
}

/// `url` without the `user:password@` of its authority, when it has one.
fn without_userinfo(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let at = rest.get(..authority_end)?.rfind('@')?;
    Some(format!("{scheme}://{}", rest.get(at + 1..).unwrap_or_default()))
}

#[allow(clippy::too_many_arguments)]
fn operation(
    types: &mut Types<'_>,
    (item_place, item): (&Place, &serde_json::Map<String, Value>),
    place: &Place,
    op: &Value,
    method: Method,
    path: &str,
    schemes: &[SecurityScheme],
    diags: &mut Diagnostics,
) -> Option<Operation> {
    let resolver = types.resolver;
    let obj = op.as_object()?;
    let text = |k: &str| member(obj, k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let operation_id = text("operationId");
    let summary = text("summary");
    let hint = operation_hint(operation_id.as_deref(), summary.as_deref(), method, path);
    let mut params: Vec<Param> = Vec::new();
    // Path-level parameters first; an operation's own parameter of the same name and place wins.
    // The nodes below the operation are read from the ones in hand, not walked to from the
    // root again (GitHub's `/paths/~1repos~1{owner}~1…` places are long).
    for (owner, node) in [(item_place, item), (place, obj)] {
        let list_place = owner.join("parameters");
        let Some(list) = member(node, "parameters").and_then(Value::as_array) else { continue };
        for (i, p) in list.iter().enumerate() {
            let Some(p) = parameter(types, &list_place.index(i), p, &hint, diags) else { continue };
            params.retain(|q| !(q.wire == p.wire && q.location == p.location));
            params.push(p);
        }
    }
    let super::path::Template { params: template, stray_braces, repeats } = super::path::template(path);
    if stray_braces {
        diags.warning(
            resolver.describe(place),
            format!("the path `{path}` has braces that are not a `{{name}}`"),
            "they are sent as text",
        );
    }
    if repeats {
        diags.warning(resolver.describe(place), format!("a parameter appears twice in the path `{path}`"), "both get its value");
    }
    params.retain(|p| {
        let used = p.location != ParamLocation::Path || template.contains(&p.wire.as_str());
        if !used {
            diags.warning(
                resolver.describe(place),
                format!("path parameter `{}` is not in the path `{path}`", p.wire),
                "the parameter is ignored",
            );
        }
        used
    });
    for name in template {
        let name = name.to_string();
        if !params.iter().any(|p| p.location == ParamLocation::Path && p.wire == name) {
            diags.warning(
                resolver.describe(place),
                format!("path parameter `{name}` is not declared"),
                "a string parameter",
            );
            params.push(Param {
                wire: name,
                name: String::new(),
                location: ParamLocation::Path,
                ty: Ty::Scalar(super::Scalar::String),
                required: true,
                explode: false,
                deep_object: false,
                unique: false,
                docs: Docs::default(),
            });
        }
    }
    let body = member(obj, "requestBody").and_then(|b| request_body(types, &place.join("requestBody"), b, &hint, diags));
    let mut responses = Vec::new();
    let responses_place = place.join("responses");
    if let Some(map) = member(obj, "responses").and_then(Value::as_object) {
        for (key, r) in map {
            let Some(status) = status(key) else {
                diags.warning(resolver.describe(&responses_place.join(key)), format!("`{key}` is not a status code"), "the response is ignored");
                continue;
            };
            if let Some(r) = response(types, &responses_place.join(key), r, status, &hint, diags) {
                responses.push(r);
            }
        }
    }
    let security = match member(obj, "security") {
        Some(_) => requirements(resolver, &place.join("security"), schemes, diags),
        None => requirements(resolver, &Place::root(0).join("security"), schemes, diags),
    };
    Some(Operation {
        operation_id,
        hint,
        name: String::new(),
        params_name: String::new(),
        responses_name: String::new(),
        method,
        path: path.to_string(),
        origin: resolver.describe(place),
        summary,
        docs: Docs {
            title: None,
            description: text("description"),
            deprecated: member(obj, "deprecated").and_then(Value::as_bool).unwrap_or(false),
        },
        tags: obj
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| t.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default(),
        params,
        body,
        responses,
        security,
        locals: Default::default(),
        idempotency_key: None,
        pagination: None,
        pages_name: String::new(),
        stream_name: String::new(),
    })
}

/// The method name's source: a usable operationId, else the summary, else method and path.
fn operation_hint(operation_id: Option<&str>, summary: Option<&str>, method: Method, path: &str) -> String {
    if let Some(id) = operation_id {
        let usable = id.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '));
        if usable {
            return id.to_string();
        }
    }
    if let Some(s) = summary {
        // "Publish a message" → publish_message: articles add nothing to a method name.
        let words: Vec<&str> = s
            .split_whitespace()
            .filter(|w| !matches!(w.to_ascii_lowercase().as_str(), "a" | "an" | "the"))
            .collect();
        if !words.is_empty() && words.len() <= 8 {
            return words.join(" ");
        }
    }
    let segments: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| if s.starts_with('{') { "by" } else { s })
        .collect();
    format!("{} {}", method.as_str().to_ascii_lowercase(), segments.join(" "))
}

/// The parameter `p`, the node at `place`.
fn parameter(types: &mut Types<'_>, place: &Place, p: &Value, op_hint: &str, diags: &mut Diagnostics) -> Option<Param> {
    let resolver = types.resolver;
    let (place, p) = resolver.follow_value(place, p, diags)?;
    let wire = field(p, "name").and_then(Value::as_str)?.to_string();
    let location = match field(p, "in").and_then(Value::as_str) {
        Some("path") => ParamLocation::Path,
        Some("query") => ParamLocation::Query,
        Some("header") => ParamLocation::Header,
        Some("cookie") => ParamLocation::Cookie,
        other => {
            diags.warning(
                resolver.describe(&place.join("in")),
                format!("unknown parameter location {other:?}"),
                "the parameter is ignored",
            );
            return None;
        }
    };
    let hint = format!("{op_hint} {wire}");
    let schema_place = place.join("schema");
    let schema = field(p, "schema");
    let ty = if let Some(schema) = schema {
        types.ty_of(&schema_place, schema, &hint, diags)
    } else if let Some(content) = field(p, "content").and_then(Value::as_object) {
        match content.iter().next() {
            Some((media, c)) => match field(c, "schema") {
                Some(schema) => types.ty_of(&place.join("content").join(media).join("schema"), schema, &hint, diags),
                None => Ty::Any,
            },
            None => Ty::Any,
        }
    } else {
        Ty::Scalar(super::Scalar::String)
    };
    let style = field(p, "style").and_then(Value::as_str).unwrap_or("form");
    let explode = field(p, "explode").and_then(Value::as_bool).unwrap_or(style == "form");
    Some(Param {
        wire,
        name: String::new(),
        location,
        ty,
        required: location == ParamLocation::Path || field(p, "required").and_then(Value::as_bool).unwrap_or(false),
        explode,
        deep_object: style == "deepObject",
        unique: schema.is_some_and(|schema| types.unique_items_of(&schema_place, schema)),
        docs: schema_docs(p),
    })
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*" || essence == "application/*"
}

/// How a request body of media type `media` (with `schema`, if any) is sent.
fn body_kind(media: &str, schema: Option<&Value>) -> BodyKind {
    let m = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if super::multipart::is_json(&m) {
        BodyKind::Json
    } else if m == "*/*" || m == "application/*" {
        // A wildcard with a JSON structure is JSON; with a string, bytes or nothing, the
        // caller's bytes in the caller's media type.
        let structured = schema.and_then(Value::as_object).is_some_and(|o| {
            let string = o.get("type").and_then(Value::as_str) == Some("string");
            !string && ["$ref", "type", "properties", "items", "allOf", "oneOf", "anyOf"].iter().any(|k| o.contains_key(*k))
        });
        if structured {
            BodyKind::Json
        } else {
            BodyKind::Binary
        }
    } else if m.starts_with("application/x-www-form-urlencoded") {
        BodyKind::FormUrlEncoded
    } else if m.starts_with("multipart/") {
        BodyKind::Multipart
    } else if m.starts_with("text/") {
        BodyKind::Text
    } else {
        BodyKind::Binary
    }
}

/// The request body `body`, the node at `place`.
fn request_body(types: &mut Types<'_>, place: &Place, body: &Value, op_hint: &str, diags: &mut Diagnostics) -> Option<Body> {
    let resolver = types.resolver;
    let (place, body) = resolver.follow_value(place, body, diags)?;
    let content = field(body, "content").and_then(Value::as_object)?;
    // JSON first: it is what typed bodies are best at. Every media type has a kind, so no
    // body is left out.
    let mut choices: Vec<(&String, BodyKind)> =
        content.iter().map(|(m, c)| (m, body_kind(m, field(c, "schema")))).collect();
    choices.sort_by_key(|(_, k)| *k as u8);
    let Some((media, kind)) = choices.first().copied() else {
        diags.warning(
            resolver.describe(&place.join("content")),
            "the request body has no media type",
            "the operation is generated without a body",
        );
        return None;
    };
    let hint = format!("{op_hint} body");
    let media_place = place.join("content").join(media);
    let schema_place = media_place.join("schema");
    let mut parts = None;
    let schema = member(content, media).and_then(|c| field(c, "schema"));
    let ty = match (kind, schema) {
        (BodyKind::Binary, _) => Ty::Scalar(super::Scalar::String),
        (_, None) => Ty::Any,
        (BodyKind::Multipart, Some(schema)) => {
            let encoding = member(content, media).and_then(|c| field(c, "encoding")).and_then(Value::as_object);
            parts = super::multipart::parts(types, &schema_place, encoding, &hint, diags);
            // An inline schema is the parts' struct; a component keeps its own model.
            let component = field(schema, "$ref").is_some();
            if parts.is_none() || component {
                types.ty_of(&schema_place, schema, &hint, diags)
            } else {
                Ty::Any
            }
        }
        (_, Some(schema)) => types.ty_of(&schema_place, schema, &hint, diags),
    };
    Some(Body {
        media_type: media.clone(),
        kind,
        ty,
        required: field(body, "required").and_then(Value::as_bool).unwrap_or(false),
        docs: schema_docs(body),
        parts,
        name: String::new(),
    })
}

fn status(key: &str) -> Option<Status> {
    if key.eq_ignore_ascii_case("default") {
        return Some(Status::Default);
    }
    if key.len() == 3 && key[1..].eq_ignore_ascii_case("xx") {
        return key[..1].parse().ok().map(Status::Range);
    }
    key.parse().ok().filter(|c| (100..600).contains(c)).map(Status::Code)
}

/// The response `r`, the node at `place`.
fn response(types: &mut Types<'_>, place: &Place, r: &Value, status: Status, op_hint: &str, diags: &mut Diagnostics) -> Option<Response> {
    let resolver = types.resolver;
    let (followed, r) = resolver.follow_value(place, r, diags)?;
    let shared = &followed != place;
    let place = followed;
    let description = field(r, "description").and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let mut body = None;
    if let Some(content) = field(r, "content").and_then(Value::as_object) {
        if let Some((media, c)) = content.iter().find(|(m, _)| is_json(m)) {
            let schema_place = place.join("content").join(media).join("schema");
            if let Some(schema) = field(c, "schema") {
                let suffix = if status.is_success() { "response" } else { "error" };
                types.side = match (shared, status.is_success()) {
                    (true, _) => Side::Shared,
                    (false, true) => Side::Normal,
                    (false, false) => Side::Error,
                };
                let ty = types.ty_of(&schema_place, schema, &format!("{op_hint} {suffix}"), diags);
                types.side = Side::Normal;
                body = Some(ResponseBody { media_type: media.clone(), kind: ResponseKind::Json, ty });
            }
        } else if let Some(media) = content.keys().next() {
            // Not JSON: text stays text, anything else stays bytes.
            let kind = if media.to_ascii_lowercase().starts_with("text/") { ResponseKind::Text } else { ResponseKind::Bytes };
            body = Some(ResponseBody { media_type: media.clone(), kind, ty: Ty::Scalar(super::Scalar::String) });
        }
    }
    let headers = r
        .get("headers")
        .and_then(Value::as_object)
        .map(|h| {
            h.iter()
                .map(|(name, header)| ResponseHeader {
                    wire: name.clone(),
                    docs: schema_docs(header),
                    required: field(header, "required").and_then(Value::as_bool).unwrap_or(false),
                })
                .collect()
        })
        .unwrap_or_default();
    Some(Response { status, description, body, headers })
}

fn security_schemes(resolver: &Resolver, diags: &mut Diagnostics) -> Vec<SecurityScheme> {
    let base = Place::root(0).join("components").join("securitySchemes");
    let Some(map) = resolver.get(&base).and_then(Value::as_object) else { return Vec::new() };
    let mut out = Vec::new();
    for key in map.keys() {
        let Some((place, s)) = resolver.follow(&base.join(key), diags) else { continue };
        let field = |k: &str| s.get(k).and_then(Value::as_str).unwrap_or_default();
        let kind = match field("type") {
            "apiKey" => {
                let location = match field("in") {
                    "query" => ParamLocation::Query,
                    "cookie" => ParamLocation::Cookie,
                    _ => ParamLocation::Header,
                };
                SecurityKind::ApiKey { location, param: field("name").to_string() }
            }
            "http" if field("scheme").eq_ignore_ascii_case("basic") => SecurityKind::Basic,
            "http" => SecurityKind::Bearer,
            "oauth2" | "openIdConnect" => SecurityKind::OAuth2,
            other => {
                diags.warning(
                    resolver.describe(&place.join("type")),
                    format!("security scheme type `{other}` is not supported"),
                    "operations that need it are sent without it",
                );
                continue;
            }
        };
        let flows = if kind == SecurityKind::OAuth2 { super::oauth::flows(resolver, &place, diags) } else { OAuthFlows::default() };
        out.push(SecurityScheme { key: key.clone(), name: String::new(), variant: String::new(), setter: String::new(), provider_setter: String::new(), kind, docs: schema_docs(s), flows, url_consts: Default::default() });
    }
    out
}

fn requirements(resolver: &Resolver, place: &Place, schemes: &[SecurityScheme], diags: &mut Diagnostics) -> Vec<Vec<SecurityRequirement>> {
    let Some(list) = resolver.get(place).and_then(Value::as_array) else { return Vec::new() };
    let mut out = Vec::new();
    for (i, alternative) in list.iter().enumerate() {
        let Some(map) = alternative.as_object() else { continue };
        let mut all = Vec::new();
        for (key, scopes) in map {
            match schemes.iter().position(|s| s.key == *key) {
                Some(scheme) => all.push(SecurityRequirement {
                    scheme,
                    scopes: scopes
                        .as_array()
                        .map(|s| s.iter().filter_map(Value::as_str).map(str::to_string).collect())
                        .unwrap_or_default(),
                }),
                None => diags.warning(
                    resolver.describe(&place.index(i).join(key)),
                    format!("security scheme `{key}` is not defined"),
                    "the requirement is ignored",
                ),
            }
        }
        out.push(all);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_fall_back_from_path_like_ids() {
        let path = "/conversations/v3/custom-channels/{channelId}/messages";
        let id = "post-/conversations/v3/custom-channels/{channelId}/messages";
        assert_eq!(operation_hint(Some(id), Some("Publish a message"), Method::Post, path), "Publish message");
        assert_eq!(operation_hint(Some("publishMessage"), None, Method::Post, path), "publishMessage");
        assert_eq!(operation_hint(None, None, Method::Post, path), "post conversations v3 custom-channels by messages");
    }

    #[test]
    fn statuses() {
        assert_eq!(status("201"), Some(Status::Code(201)));
        assert_eq!(status("2XX"), Some(Status::Range(2)));
        assert_eq!(status("default"), Some(Status::Default));
        assert_eq!(status("abc"), None);
    }

    #[test]
    fn a_server_url_s_user_name_and_password_are_left_out() {
        for (url, without) in [
            ("http://alice:s3cret@api.example.com/v1", Some("http://api.example.com/v1")),
            ("https://s3cret@h:8443", Some("https://h:8443")),
            ("https://a:b@c@h/x?y=@z", Some("https://h/x?y=@z")),
            ("https://h/path@x", None),
            ("https://h?q=a@b", None),
            ("/relative@x", None),
            ("", None),
        ] {
            assert_eq!(without_userinfo(url).as_deref(), without, "{url}");
        }
    }
}
