//! What one operation's method looks like and does, beyond its name: its arguments and how
//! each is passed, the credentials it accepts, which success variants are boxed, when a
//! `POST` or `PATCH` may be retried, and how its page helpers reach the cursor and the items.
//! Decided here so that `emit/client/` only prints it.

use super::types::FieldForm;
use crate::ir::{self, Api, Body, BodyKind, IdempotencyKey, Operation, Pagination, ParamLocation, ResponseKind, Scalar, SecurityRequirement, Ty, TypeDef, TypeKind};

/// A required parameter, as the method takes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// The argument's name (the parameter's, from `names`).
    pub name: String,
    pub form: ArgForm,
}

/// How an argument is passed: borrowed for strings, lists, structs and bodies; by value for
/// the other scalars.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgForm {
    /// `&str`.
    Str,
    /// `&[T]`.
    Slice(Ty),
    /// `&T`.
    Ref(Ty),
    /// `T`, for scalars that are `Copy`.
    Value(Ty),
    /// `&crate::FilePart`: a binary body.
    File,
    /// `&crate::multipart::Form`: a multipart body whose parts the spec does not list.
    Form,
    /// `&models::<name>`: a multipart body's typed parts.
    Parts(String),
}

impl ArgForm {
    fn of(ty: &Ty) -> ArgForm {
        match ty {
            Ty::Scalar(Scalar::String) => ArgForm::Str,
            Ty::List(inner) => ArgForm::Slice((**inner).clone()),
            Ty::Named(_) | Ty::Map(_) | Ty::Tuple(_) | Ty::Any | Ty::Object | Ty::Scalar(Scalar::Bytes) => ArgForm::Ref(ty.clone()),
            Ty::Scalar(_) => ArgForm::Value(ty.clone()),
        }
    }

    fn of_body(body: &Body) -> ArgForm {
        match body.kind {
            BodyKind::Multipart if body.parts.is_some() => ArgForm::Parts(body.name.clone()),
            BodyKind::Multipart => ArgForm::Form,
            BodyKind::Binary => ArgForm::File,
            BodyKind::Text => ArgForm::Str,
            BodyKind::Json | BodyKind::FormUrlEncoded => ArgForm::of(&body.ty),
        }
    }
}

/// What says that the caller set the operation's idempotency key, so that it may be retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetrySafe {
    /// The key is always there: a required header, or a required body field that is not a string.
    Always,
    /// The optional header parameter `params.<name>` is set.
    Param(String),
    /// The body's field `<name>` is set (`option`: it is an `Option`) and, for a string
    /// (`string`), not empty.
    BodyField { name: String, option: bool, string: bool },
}

/// One field on the way from a page down to its cursor or its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The field's Rust name.
    pub field: String,
    /// The field is an `Option`.
    pub option: bool,
    /// The field is boxed.
    pub boxed: bool,
}

/// How a page helper pages: the params struct's cursor field, and the fields down to the
/// next cursor (a string) and to the items (a list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    pub cursor_field: String,
    pub next_cursor: Vec<Step>,
    pub items: Vec<Step>,
}

/// The `Content-Type` of a raw (bytes or text) body, as the runtime's
/// `HeaderValue::from_static` takes it: that panics on anything but visible ASCII, so a
/// spec's media type with a line break or a non-ASCII character is sent as the kind's
/// default instead of panicking in every call.
pub fn raw_media(op: &Operation) -> Option<String> {
    let body = op.body.as_ref()?;
    let fallback = match body.kind {
        BodyKind::Binary => "application/octet-stream",
        // A text body's wildcard (`text/*`) is no media type to send.
        BodyKind::Text if body.media_type.contains('*') => return Some("text/plain".to_string()),
        BodyKind::Text => "text/plain",
        BodyKind::Json | BodyKind::FormUrlEncoded | BodyKind::Multipart => return None,
    };
    Some(header_media(&body.media_type, fallback).to_string())
}

/// `media` if `HeaderValue::from_static` takes it (visible ASCII), else `fallback`.
pub fn header_media<'a>(media: &'a str, fallback: &'a str) -> &'a str {
    let valid = !media.is_empty() && media.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b));
    if valid {
        media
    } else {
        fallback
    }
}

/// The required parameters' arguments, in order.
pub fn args(op: &Operation) -> Vec<Arg> {
    op.params.iter().filter(|p| p.required).map(|p| Arg { name: p.name.clone(), form: ArgForm::of(&p.ty) }).collect()
}

/// A path parameter sent as the caller gave it: a `&str` argument that fills whole segments
/// (`/a/{id}`), not a part of one (`/f/{name}.{ext}`), so that the call makes no copy of it
/// (the `param` helper's).
pub fn path_as_is(op: &Operation, p: &ir::Param) -> bool {
    use crate::ir::path::{is_templated, pieces, Piece};
    p.location == ParamLocation::Path
        && p.required
        && ArgForm::of(&p.ty) == ArgForm::Str
        && op.path.split('/').filter(|s| is_templated(s)).all(|segment| {
            let pieces = pieces(segment);
            matches!(pieces.as_slice(), [Piece::Param(_)]) || !pieces.iter().any(|piece| matches!(piece, Piece::Param(name) if *name == p.wire))
        })
}

/// How a parameter travels: its place, and for query parameters how `style` and `explode`
/// spell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// Filled into its path segment.
    Path,
    /// `name[key]=value` pairs (`style: deepObject`).
    DeepObject,
    /// A list as one `name=item` pair per item (`explode: true`, the default).
    QueryEach,
    /// A list as one `name=a,b,c` pair (`explode: false`).
    QueryJoined,
    /// One `name=value` pair.
    Query,
    Header,
    Cookie,
}

impl Sent {
    /// Whether `p`, sent so, is added by the runtime's `push_param` (an optional one-value
    /// query parameter): the emitter writes the call, `client_uses` copies the function.
    pub fn by_push_param(self, p: &crate::ir::Param) -> bool {
        self == Sent::Query && !p.required
    }
}

/// One per parameter of `op`, in its order.
pub fn sent(op: &Operation) -> Vec<Sent> {
    op.params
        .iter()
        .map(|p| match (p.location, &p.ty) {
            _ if super::uses::is_deep(p) => Sent::DeepObject,
            (ParamLocation::Query, Ty::List(_)) if p.explode => Sent::QueryEach,
            (ParamLocation::Query, Ty::List(_)) => Sent::QueryJoined,
            (ParamLocation::Query, _) => Sent::Query,
            (ParamLocation::Header, _) => Sent::Header,
            (ParamLocation::Cookie, _) => Sent::Cookie,
            (ParamLocation::Path, _) => Sent::Path,
        })
        .collect()
}

pub fn body_arg(op: &Operation) -> Option<ArgForm> {
    op.body.as_ref().map(ArgForm::of_body)
}

/// The security alternatives of the operation as its docs list them: each once, with its
/// scopes (a requirement on an undefined scheme was dropped in lowering, so two alternatives
/// of the spec may have become one).
pub fn requirements(op: &Operation) -> Vec<Vec<SecurityRequirement>> {
    let mut out: Vec<Vec<SecurityRequirement>> = Vec::new();
    for alt in &op.security {
        if !out.contains(alt) {
            out.push(alt.clone());
        }
    }
    out
}

/// The alternatives of schemes (indexes into [`Api::security_schemes`]) that the operation
/// accepts, each once: two alternatives that differ only in scopes are one at run time.
pub fn security(requirements: &[Vec<SecurityRequirement>]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for alt in requirements {
        let schemes: Vec<usize> = alt.iter().map(|r| r.scheme).collect();
        if !out.contains(&schemes) {
            out.push(schemes);
        }
    }
    out
}

/// The keys of the schemes an operation accepts, each once, as the error that a client has
/// none of them names them.
pub fn accepted(api: &Api, security: &[Vec<usize>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for key in security.iter().flatten().filter_map(|&i| api.security_schemes.get(i)).map(|s| &s.key) {
        if !out.contains(key) {
            out.push(key.clone());
        }
    }
    out
}

/// Which of the success responses of a `responses::…` enum (as [`super::success`] lists them)
/// go behind a `Box` (see [`crate::ir::variants_to_box`]).
pub fn boxed(api: &Api, sizes: &mut ir::Sizes, op: &Operation) -> Vec<bool> {
    let super::Success::Several(responses) = super::success(op) else { return Vec::new() };
    let mut sizes: Vec<usize> = responses
        .iter()
        .map(|r| match &r.body {
            Some(b) if b.kind == ResponseKind::Json => sizes.of(api, &b.ty),
            Some(_) => 24,
            None => 0,
        })
        .collect();
    // `Other(Vec<u8>)`.
    sizes.push(24);
    let mut boxed = ir::variants_to_box(&sizes);
    boxed.truncate(responses.len());
    boxed
}

/// When the operation may be retried because of its idempotency key; `None` when it has none.
pub fn retry_safe(api: &Api, op: &Operation) -> Option<RetrySafe> {
    match op.idempotency_key.as_ref()? {
        IdempotencyKey::BodyField(wire) => {
            let body = op.body.as_ref()?;
            let path = ir::field_path(api, &body.ty, std::slice::from_ref(wire))?;
            let field = path.last()?;
            let owner = struct_of(api, &body.ty)?;
            let option = FieldForm::of(owner, field).is_option();
            let string = field.ty == Ty::Scalar(Scalar::String);
            Some(if !option && !string { RetrySafe::Always } else { RetrySafe::BodyField { name: field.name.clone(), option, string } })
        }
        IdempotencyKey::Header(wire) => {
            let p = op.params.iter().find(|p| p.location == ParamLocation::Header && p.wire == *wire)?;
            Some(if p.required { RetrySafe::Always } else { RetrySafe::Param(p.name.clone()) })
        }
    }
}

/// How the page helpers of `op` page as `p` says; `None` when a step is missing.
pub fn paging(api: &Api, op: &Operation, page: &Ty, p: &Pagination) -> Option<Paging> {
    let cursor = op.params.iter().find(|q| q.location == ParamLocation::Query && q.wire == p.cursor_param)?;
    Some(Paging { cursor_field: cursor.name.clone(), next_cursor: steps(api, page, &p.next_cursor)?, items: steps(api, page, &p.items)? })
}

fn steps(api: &Api, root: &Ty, path: &[String]) -> Option<Vec<Step>> {
    let mut owner_ty = root;
    let mut out = Vec::new();
    for field in ir::field_path(api, root, path)? {
        let owner = struct_of(api, owner_ty)?;
        out.push(Step { field: field.name.clone(), option: FieldForm::of(owner, field).is_option(), boxed: field.boxed });
        owner_ty = &field.ty;
    }
    Some(out)
}

/// The type definition a body or response type is a struct of (through aliases).
fn struct_of<'a>(api: &'a Api, ty: &Ty) -> Option<&'a TypeDef> {
    let def = api.ty(ir::unaliased(api, ty)?);
    matches!(def.kind, TypeKind::Struct(_)).then_some(def)
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;

    /// The named IR of spec text (JSON), its plan, and the diagnostics on the way.
    fn planned(text: &str) -> (Api, super::super::Plan, Diagnostics) {
        let mut diags = Diagnostics::default();
        let doc = crate::load::parse_document(text.to_string(), std::path::Path::new("spec.json"), &mut diags).expect("parses");
        let (_, api, diags) = crate::named_ir(doc, None, diags).unwrap_or_else(|d| panic!("{d}"));
        let plan = super::super::build(&api);
        (api, plan, diags)
    }

    use super::*;

    #[test]
    fn alternatives_that_differ_in_scopes_only_are_one() {
        let (api, plan, _) = planned(
            r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
                "security": [{"o": ["read"]}, {"k": []}, {"o": ["write"]}, {"k": [], "o": []}],
                "paths": {"/a": {"get": {"operationId": "a", "responses": {"204": {"description": "done"}}}}},
                "components": {"securitySchemes": {
                    "o": {"type": "oauth2", "flows": {}},
                    "k": {"type": "apiKey", "in": "header", "name": "K"}}}}"#,
        );
        let (o, k) = (0, 1);
        assert_eq!(api.security_schemes.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(), ["o", "k"]);
        let op = &plan.operations[0];
        assert_eq!(op.security, vec![vec![o], vec![k], vec![k, o]]);
        assert_eq!(op.accepted, ["o", "k"]);
    }

    #[test]
    fn a_page_helper_name_taken_by_an_operation_turns_pagination_off() {
        let list = r##"{"parameters": [{"name": "after", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "a page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}}}"##;
        let spec = |second: &str| {
            format!(
                r#"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}},
                    "paths": {{"/a": {{"get": {{"operationId": "list", {body}}}}},
                               "/b": {{"get": {{"operationId": "{second}", "responses": {{"204": {{"description": "done"}}}}}}}}}},
                    "components": {{"schemas": {{"Page": {{"type": "object", "properties": {{
                        "results": {{"type": "array", "items": {{"type": "string"}}}},
                        "paging": {{"type": "object", "properties": {{"next": {{"type": "object", "properties": {{"after": {{"type": "string"}}}}}}}}}}}}}}}}}}}}"#,
                body = &list[1..list.len() - 1],
            )
        };
        let (_, plan, diags) = planned(&spec("other"));
        let pages = plan.operations[0].pages.as_ref().expect("paginated");
        assert_eq!((pages.pages.as_str(), pages.stream.as_str()), ("list_pages", "list_stream"));
        assert_eq!(pages.paging.cursor_field, "after");
        assert_eq!(pages.paging.next_cursor.iter().map(|s| s.field.as_str()).collect::<Vec<_>>(), ["paging", "next", "after"]);
        assert!(diags.iter().all(|d| !d.message.contains("is taken")));
        let (api, plan, diags) = planned(&spec("listStream"));
        assert!(plan.operations[0].pages.is_none() && api.operations[0].pagination.is_none());
        assert!(diags.iter().any(|d| d.message.contains("`list_stream` is taken")), "{diags}");
    }

    #[test]
    fn a_raw_body_media_type_that_would_panic_in_a_header_is_the_default() {
        let (_, plan, _) = planned(
            r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"put": {"operationId": "a",
                "requestBody": {"content": {"text/plain; charset=é": {"schema": {"type": "string"}}}},
                "responses": {"204": {"description": "done"}}}}}}"#,
        );
        assert_eq!(plan.operations[0].raw_media.as_deref(), Some("text/plain"));
    }

    #[test]
    fn parameters_travel_as_their_place_style_and_explode_say() {
        let (_, plan, _) = planned(
            r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a/{id}": {"get": {"operationId": "a",
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "each", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                    {"name": "joined", "in": "query", "explode": false, "schema": {"type": "array", "items": {"type": "string"}}},
                    {"name": "deep", "in": "query", "style": "deepObject", "schema": {"type": "object", "properties": {"x": {"type": "string"}}}},
                    {"name": "one", "in": "query", "schema": {"type": "integer"}},
                    {"name": "h", "in": "header", "schema": {"type": "string"}},
                    {"name": "c", "in": "cookie", "schema": {"type": "string"}}],
                "responses": {"204": {"description": "done"}}}}}}"#,
        );
        use Sent::*;
        assert_eq!(plan.operations[0].sent, [Path, QueryEach, QueryJoined, DeepObject, Query, Header, Cookie]);
    }

    #[test]
    fn url_constants_give_way_to_operations_and_the_setters_are_the_plans() {
        let (_, plan, _) = planned(
            r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "security": [{"o": []}],
                "paths": {"/a": {"get": {"operationId": "oTokenUrl", "responses": {"204": {"description": "done"}}}}},
                "components": {"securitySchemes": {"o": {"type": "oauth2", "flows": {
                    "authorizationCode": {"authorizationUrl": "https://a.example/auth", "tokenUrl": "https://a.example/token",
                        "refreshUrl": "https://a.example/token", "scopes": {}},
                    "clientCredentials": {"tokenUrl": "https://a.example/cc", "scopes": {}}}}}}}"#,
        );
        let scheme = &plan.credentials.schemes[0];
        assert_eq!((scheme.setter.as_str(), scheme.provider_setter.as_deref()), ("o_token", Some("o_token_provider")));
        // The refresh URL is the token URL: one constant for both.
        let urls: Vec<(&str, &str)> = scheme.urls.iter().map(|u| (u.name.as_str(), u.url.as_str())).collect();
        assert_eq!(urls, [("O_TOKEN_URL_2", "https://a.example/token"), ("O_CLIENT_CREDENTIALS_URL", "https://a.example/cc")]);
        assert_eq!(plan.operations[0].method, "o_token_url");
    }
}
