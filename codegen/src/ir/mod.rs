//! Stage 3: the typed model of an API. Everything after this stage reads only the IR,
//! never the spec's JSON. Rust names are filled in by the `names` stage.

mod extensions;
mod layout;
mod lower;
mod multipart;
mod oauth;
pub mod path;
mod schema;
pub mod webhooks;

pub use layout::{box_large_variants, nesting_bound};
pub use extensions::{field_path, success_type, IdempotencyKey, Pagination, RateLimitPolicy};
pub use lower::{estimated_size, lower, unalias, unaliased, variants_to_box, Sizes};

/// Index into [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

#[derive(Debug, Clone)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub base_url: String,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    pub security_schemes: Vec<SecurityScheme>,
    /// What the API sends to its users' servers.
    pub webhooks: webhooks::Webhooks,
    /// Which `429` answers are not retried (`x-rate-limit-policy`); all are without it.
    pub rate_limit: Option<RateLimitPolicy>,
}

impl Api {
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }
}

/// The named types inside `ty` (lists of maps of tuples…), pushed onto `out`, without
/// recursion.
pub fn named_in(ty: &Ty, out: &mut Vec<usize>) {
    let mut stack = vec![ty];
    while let Some(ty) = stack.pop() {
        match ty {
            Ty::Named(id) => out.push(id.0),
            Ty::List(t) | Ty::Map(t) => stack.push(t),
            Ty::Tuple(items) => stack.extend(items.iter()),
            Ty::Scalar(_) | Ty::Any | Ty::Object => {}
        }
    }
}

/// A use of a type, as a field, parameter or body has it.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    Named(TypeId),
    Scalar(Scalar),
    List(Box<Ty>),
    /// A fixed-length array of differently typed items (3.1 `prefixItems` with `items: false`).
    Tuple(Vec<Ty>),
    Map(Box<Ty>),
    /// Anything JSON: empty schemas and fallbacks.
    Any,
    /// A JSON object whose members the spec does not describe (`type: object` alone). The
    /// Rust side is `serde_json::Value`, as for [`Ty::Any`]; the diff needs to know that
    /// only objects are valid on the wire.
    Object,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    String,
    Bool,
    I32,
    I64,
    U32,
    U64,
    F32,
    F64,
    DateTime,
    Date,
    Uuid,
    /// `format: byte`: base64 text on the wire, bytes in Rust.
    Bytes,
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    /// What the spec suggests calling it (component name, or parent + property).
    pub hint: String,
    /// The Rust identifier, decided by the `names` stage.
    pub name: String,
    /// `file#/pointer` of the schema.
    pub origin: String,
    pub docs: Docs,
    pub kind: TypeKind,
    /// Only ever appears in error responses: decoded leniently, every field optional.
    pub error_only: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    /// A named schema that is just another type (`type: string`, an array, ...).
    Alias(Ty),
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` values, kept in a map beside the declared fields.
    pub additional: Option<Ty>,
    /// The Rust name of that map's field.
    pub additional_name: String,
    /// The Rust name of the struct of its required fields, which `new` takes when two of them
    /// have one type (claimed for every struct with two required fields; the plan decides).
    pub required_name: String,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub wire: String,
    pub name: String,
    pub ty: Ty,
    pub required: bool,
    pub nullable: bool,
    /// The field is an enum with one value that doubles as its default (a type tag):
    /// callers never set it.
    pub fixed: bool,
    /// An array whose items must differ (`uniqueItems`); the Rust type is still a `Vec`.
    pub unique: bool,
    pub docs: Docs,
    /// Needed to break a cycle of types that would otherwise have infinite size.
    pub boxed: bool,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub variants: Vec<EnumVariant>,
    /// Index of the variant named by the schema's `default`.
    pub default: Option<usize>,
    pub repr: EnumRepr,
}

/// What kind of values an enum has on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    String,
    Integer,
    /// Strings, numbers and booleans together (or floats): compared as JSON values.
    Json,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// The value as text: the string itself, or the JSON text of a number or boolean.
    pub wire: String,
    pub value: serde_json::Value,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Union {
    /// The property whose value says which variant an object is; `None` for untagged unions.
    pub tag: Option<String>,
    pub variants: Vec<UnionVariant>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub hint: String,
    pub name: String,
    /// Tag values that select this variant (tagged unions only).
    pub tag_values: Vec<String>,
    pub ty: Ty,
    /// Much larger than the other variants: kept behind a `Box` so the enum stays small.
    pub boxed: bool,
    /// The object that stands in for an id only when the caller asks for it (Stripe's
    /// `x-expansionResources`, e.g. `expand[]=customer`): a selection that reaches the
    /// union keeps this variant only if it reaches the object's type by other means, and a
    /// body with the object then decodes as the union's `Unknown`.
    pub expansion: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// The spec's operationId, verbatim (may be absent or unusable as a name).
    pub operation_id: Option<String>,
    pub hint: String,
    pub name: String,
    /// The name of the struct of its optional parameters (in the `params` module).
    pub params_name: String,
    /// The name of the enum of its success responses, when they differ (in `responses`).
    pub responses_name: String,
    pub method: Method,
    /// The path template, e.g. `/a/{id}/b`.
    pub path: String,
    pub origin: String,
    pub summary: Option<String>,
    pub docs: Docs,
    pub tags: Vec<String>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// Alternatives: any one inner list of requirements satisfies the operation.
    pub security: Vec<Vec<SecurityRequirement>>,
    /// The names of the locals its method body uses (set by `names`).
    pub locals: Locals,
    /// What makes it safe to send again when it is a `POST` or `PATCH` (see `extensions`).
    pub idempotency_key: Option<IdempotencyKey>,
    /// How its results are paged, when they are (see `extensions`); `names` drops it when
    /// the helpers' names are taken.
    pub pagination: Option<Pagination>,
    /// `<op>_pages` and `<op>_stream`, claimed by `names` for a paginated operation; empty
    /// otherwise.
    pub pages_name: String,
    pub stream_name: String,
}

impl Operation {
    /// Every type its parameters, body (a typed multipart body's parts included: the body
    /// itself is `Any`) and responses use.
    pub fn tys(&self) -> Vec<&Ty> {
        let mut out = self.sent_tys();
        out.extend(self.responses.iter().filter_map(|r| r.body.as_ref()).map(|b| &b.ty));
        out
    }

    /// The types the client serializes for it: its parameters and its body (a multipart
    /// body's parts included), not its responses.
    pub fn sent_tys(&self) -> Vec<&Ty> {
        let mut out: Vec<&Ty> = self.params.iter().map(|p| &p.ty).collect();
        if let Some(b) = &self.body {
            out.push(&b.ty);
            for part in b.parts.iter().flatten() {
                if let PartKind::Value(ty) | PartKind::Json(ty) = &part.kind {
                    out.push(ty);
                }
            }
        }
        out
    }
}

/// The locals of an operation's method and page helpers, claimed in the same scope as its
/// arguments (see [`crate::reserved::LOCALS`]), so that no parameter name shadows one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Locals {
    pub url: String,
    pub call: String,
    pub value: String,
    pub item: String,
    pub key: String,
    pub status: String,
    pub client: String,
    pub cursor: String,
    pub page: String,
    /// What the attempt sent that must not show in errors (`call::Secrets`).
    pub secrets: String,
    /// Per parameter (same index as `params`): the local of its `name[key]=value` pairs, for
    /// `deepObject` parameters; empty for the others.
    pub pairs: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub wire: String,
    pub name: String,
    pub location: ParamLocation,
    pub ty: Ty,
    pub required: bool,
    /// `style: form, explode: true` (the default for query) repeats the key per array item.
    pub explode: bool,
    /// `style: deepObject`: an object sent as `name[key]=value` pairs.
    pub deep_object: bool,
    /// An array whose items must differ (`uniqueItems`); the Rust type is still a `Vec`.
    pub unique: bool,
    pub docs: Docs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    FormUrlEncoded,
    Multipart,
    /// Any other media type (`application/octet-stream`, `image/png`, `image/*`, `*/*` for a
    /// schema that is no JSON structure, ...): raw bytes, taken as a `FilePart`.
    Binary,
    Text,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub media_type: String,
    pub kind: BodyKind,
    /// The schema's type (`Ty::Any` for a multipart body whose parts are in `parts`, which
    /// has no model of its own).
    pub ty: Ty,
    pub required: bool,
    pub docs: Docs,
    /// A multipart body whose schema lists its properties: its parts. `None`: the body is
    /// an untyped `multipart::Form` (a schema without properties, a union of objects).
    pub parts: Option<Vec<Part>>,
    /// The Rust name of the struct of `parts`, in the models module (set by `names`).
    pub name: String,
}

/// One property of a multipart body: a field of its struct and one or more parts.
#[derive(Debug, Clone)]
pub struct Part {
    pub wire: String,
    pub name: String,
    pub kind: PartKind,
    pub required: bool,
    /// The media type `encoding.<property>.contentType` gives a file part, when it names
    /// one concrete type.
    pub content_type: Option<String>,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    /// `format: binary` (3.0), `contentEncoding: binary` or a `contentMediaType` that is not
    /// JSON (3.1): a `FilePart`.
    File,
    /// An array of files: one part each, under the same name.
    Files,
    /// A value: text for scalars and enums (one part per item of a list of them), JSON for
    /// anything else.
    Value(Ty),
    /// A value sent as JSON because the spec says so (`encoding.<property>.contentType`, or
    /// a string with `contentMediaType: application/json` and a `contentSchema`).
    Json(Ty),
}

/// Whether a `PartKind::Value` of `ty` goes as text (scalars, enums, lists of them: one part
/// per item) rather than JSON: what the body's struct sends and the API-change report compares.
pub fn is_text_part(api: &Api, ty: &Ty) -> bool {
    let is_enum = |ty: &Ty| unaliased(api, ty).is_some_and(|id| matches!(api.ty(id).kind, TypeKind::Enum(_)));
    match unalias(api, ty) {
        Ty::Scalar(_) => true,
        Ty::List(inner) => matches!(unalias(api, inner), Ty::Scalar(_)) || is_enum(inner),
        other => is_enum(other),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Code(u16),
    /// `2XX` and friends: the first digit.
    Range(u16),
    Default,
}

impl Status {
    pub fn is_success(&self) -> bool {
        match self {
            Status::Code(c) => (200..300).contains(c),
            Status::Range(r) => *r == 2,
            Status::Default => false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: Status,
    pub description: Option<String>,
    /// `None` for responses without a body (204), or with one the client keeps as text.
    pub body: Option<ResponseBody>,
    pub headers: Vec<ResponseHeader>,
}

#[derive(Debug, Clone)]
pub struct ResponseBody {
    pub media_type: String,
    pub kind: ResponseKind,
    pub ty: Ty,
}

/// How a response body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// JSON (`application/json`, `+json`, `*/*`), decoded into `ty`.
    Json,
    /// `text/*`, kept as a string.
    Text,
    /// Anything else (`application/octet-stream`, images, ...), kept as bytes.
    Bytes,
}

#[derive(Debug, Clone)]
pub struct ResponseHeader {
    pub wire: String,
    pub docs: Docs,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    ApiKey { location: ParamLocation, param: String },
    Bearer,
    Basic,
    /// OAuth 2 and OpenID Connect: a bearer token obtained elsewhere.
    OAuth2,
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// The key under `components/securitySchemes`.
    pub key: String,
    pub name: String,
    /// Its variant of the client's `Scheme` enum (set by `names`).
    pub variant: String,
    /// The credential setter on `ClientBuilder` and `RequestOptions` (set by `names`).
    pub setter: String,
    /// For tokens: the setter of a token provider (set by `names`); empty for the others.
    pub provider_setter: String,
    pub kind: SecurityKind,
    pub docs: Docs,
    /// For OAuth 2: the flows whose tokens the client can get itself.
    pub flows: OAuthFlows,
    /// The `Client` constants of its flows' URLs (set by `names`).
    pub url_consts: UrlConsts,
}

/// The names of a scheme's `Client` constants, one per URL of its [`OAuthFlows`]; empty
/// where it has no such constant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlConsts {
    /// The authorization-code flow's `tokenUrl`.
    pub token: String,
    /// Its `refreshUrl`, when that is not the token URL.
    pub refresh: String,
    /// The client-credentials flow's `tokenUrl`.
    pub client_credentials: String,
}

/// The OAuth 2 flows of a scheme that a token provider can run: those with a token endpoint
/// the client talks to (not `implicit`, and not `password`, which would take a user's password).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OAuthFlows {
    pub authorization_code: Option<OAuthFlow>,
    pub client_credentials: Option<OAuthFlow>,
}

/// Where a flow gets its tokens: each URL an absolute `https` URL (or `http` to a loopback
/// address), else `None` (with a warning: the caller names the endpoint).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OAuthFlow {
    pub token_url: Option<String>,
    /// `refreshUrl`; refreshing uses the token URL when it is absent.
    pub refresh_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityRequirement {
    /// Index into [`Api::security_schemes`].
    pub scheme: usize,
    pub scopes: Vec<String>,
}
