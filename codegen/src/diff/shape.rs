//! The generated crate's items as reports spell them: the Rust spelling of types, struct
//! fields, method arguments and return types, credential setters. The decisions (which
//! field is an `Option` or a `new` argument, what a method returns, what derives `Eq`) are
//! the plan's ([`crate::plan`]); this module only words them.

use crate::ir::{Api, Body, BodyKind, EnumRepr, Field, Operation, Scalar, SecurityKind, SecurityScheme, Ty, TypeDef, TypeKind, Union};
use crate::plan::{success, FieldForm, Success};

/// Follows `pub type X = T;` aliases: for the compiler `X` is `T`.
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

pub fn scalar(s: Scalar) -> &'static str {
    match s {
        Scalar::String => "String",
        Scalar::Bool => "bool",
        Scalar::I32 => "i32",
        Scalar::I64 => "i64",
        Scalar::U32 => "u32",
        Scalar::U64 => "u64",
        Scalar::F32 => "f32",
        Scalar::F64 => "f64",
        Scalar::DateTime => "chrono::DateTime<chrono::Utc>",
        Scalar::Date => "chrono::NaiveDate",
        Scalar::Uuid => "uuid::Uuid",
        Scalar::Bytes => "models::Base64",
    }
}

/// How many aliases deep the diff looks through nested types (`type A = Vec<B>;
/// type B = Vec<C>; ...` chains as far as the spec likes); below that, aliases are compared
/// by name. A type's own nesting is bounded by the loader's depth limit.
pub const MAX_ALIAS_DEPTH: usize = 64;

/// `ty`, through its aliases while `depth` allows.
pub fn unalias_within<'a>(api: &'a Api, ty: &'a Ty, depth: usize) -> &'a Ty {
    if depth < MAX_ALIAS_DEPTH {
        unalias(api, ty)
    } else {
        ty
    }
}

/// The Rust type as callers see it (aliases resolved).
pub fn render(api: &Api, ty: &Ty) -> String {
    render_at(api, ty, 0)
}

fn render_at(api: &Api, ty: &Ty, depth: usize) -> String {
    let next = depth + 1;
    match unalias_within(api, ty, depth) {
        Ty::Named(id) => api.types.get(id.0).map_or_else(|| "?".to_string(), |t| t.name.clone()),
        Ty::Scalar(s) => scalar(*s).to_string(),
        Ty::List(inner) => format!("Vec<{}>", render_at(api, inner, next)),
        Ty::Tuple(items) => format!("({})", items.iter().map(|t| render_at(api, t, next)).collect::<Vec<_>>().join(", ")),
        Ty::Map(inner) => format!("BTreeMap<String, {}>", render_at(api, inner, next)),
        Ty::Any | Ty::Object => "serde_json::Value".to_string(),
    }
}

/// How a struct field looks in the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldShape {
    /// The field's Rust type, `Option` and `Box` included.
    pub ty: String,
    /// An `Option` (or `Option<Option<T>>`) field.
    pub option: bool,
    /// An argument of the struct's `new`.
    pub arg: bool,
    /// Decodes when absent: `Option` fields (serde treats a missing `Option` as `None`)
    /// and fixed tags (serde `default`).
    pub may_be_absent: bool,
    /// Decodes `null`.
    pub may_be_null: bool,
    /// The client can send `null` for it.
    pub sends_null: bool,
    /// The client can leave it out of what it sends.
    pub may_omit: bool,
}

/// The field `f` of `owner` in the plan's form ([`FieldForm`]), and what that form lets
/// the client send and decode.
pub fn field(api: &Api, owner: &TypeDef, f: &Field) -> FieldShape {
    let mut inner = render(api, &f.ty);
    if f.boxed {
        inner = format!("Box<{inner}>");
    }
    let plain = |ty: String| FieldShape { ty, option: false, arg: false, may_be_absent: false, may_be_null: false, sends_null: false, may_omit: false };
    match FieldForm::of(owner, f) {
        FieldForm::Fixed => FieldShape { may_be_absent: true, ..plain(inner) },
        FieldForm::OptionOption => {
            let ty = format!("Option<Option<{inner}>>");
            FieldShape { option: true, may_be_absent: true, may_be_null: true, sends_null: true, may_omit: true, ..plain(ty) }
        }
        FieldForm::Option => {
            let ty = format!("Option<{inner}>");
            FieldShape { option: true, may_be_absent: true, may_be_null: true, may_omit: true, ..plain(ty) }
        }
        FieldForm::NullableArg => {
            let ty = format!("Option<{inner}>");
            FieldShape { option: true, arg: true, may_be_absent: true, may_be_null: true, sends_null: true, ..plain(ty) }
        }
        FieldForm::Arg => FieldShape { arg: true, ..plain(inner) },
    }
}

/// The shape of the `additionalProperties` map field, when a struct has one.
pub fn additional(api: &Api, values: &Ty) -> FieldShape {
    FieldShape {
        ty: format!("BTreeMap<String, {}>", render(api, values)),
        option: false,
        arg: false,
        may_be_absent: true,
        may_be_null: false,
        sends_null: false,
        may_omit: true,
    }
}

/// Mirrors `emit/models.rs::union`: `From<Variant>` impls exist only when every variant
/// type is distinct, and only for named variant types.
pub fn has_from_impls(api: &Api, u: &Union) -> bool {
    let mut seen: Vec<String> = u.variants.iter().map(|v| render(api, &v.ty)).collect();
    seen.sort();
    seen.windows(2).all(|w| w[0] != w[1]) && u.variants.iter().any(|v| matches!(v.ty, Ty::Named(_)))
}

/// What a method returns, by the plan's rule ([`crate::plan::success`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Returns<'a> {
    /// `Response<()>`: no success response has a body.
    Unit,
    /// `Response<T>`: every success body is JSON of this type.
    Body(&'a Ty),
    /// `Response<String>`, `Response<Vec<u8>>` or `Response<responses::…>` (success bodies
    /// that differ): the Rust type, rendered.
    Other(String),
}

/// What a method returns.
pub fn returns(op: &Operation) -> Returns<'_> {
    use crate::ir::ResponseKind;
    match success(op) {
        Success::Empty => Returns::Unit,
        Success::One(ResponseKind::Json, ty) => Returns::Body(ty),
        Success::One(ResponseKind::Text, _) => Returns::Other("String".to_string()),
        Success::One(ResponseKind::Bytes, _) => Returns::Other("Vec<u8>".to_string()),
        Success::Several(_) => Returns::Other(format!("responses::{}", op.responses_name)),
    }
}

pub fn render_returns(api: &Api, r: &Returns<'_>) -> String {
    match r {
        Returns::Unit => "Response<()>".to_string(),
        Returns::Body(ty) => format!("Response<{}>", render(api, ty)),
        Returns::Other(ty) => format!("Response<{ty}>"),
    }
}

/// The Rust type of a method's `body` argument (mirrors `emit/client::body_arg`).
pub fn body_arg(api: &Api, body: &Body) -> String {
    match body.kind {
        BodyKind::Multipart if body.parts.is_some() => format!("&models::{}", body.name),
        BodyKind::Multipart => "&multipart::Form".to_string(),
        BodyKind::Binary => "&FilePart".to_string(),
        BodyKind::Text => "&str".to_string(),
        BodyKind::Json | BodyKind::FormUrlEncoded => format!("&{}", render(api, &body.ty)),
    }
}

/// The type of `ErrorBody`, as the plan decides it.
pub fn error_body(api: &Api) -> Ty {
    crate::plan::error_body(api)
}

/// The `ClientBuilder` method that sets a scheme's credential, as `names` claimed it.
pub fn setter(s: &SecurityScheme) -> String {
    s.setter.clone()
}

/// How the credential travels, for people.
pub fn scheme_kind(s: &SecurityScheme) -> String {
    match &s.kind {
        SecurityKind::ApiKey { location, param } => format!("API key `{param}` in {}", super::locate::location(*location)),
        SecurityKind::Bearer => "bearer token".to_string(),
        SecurityKind::OAuth2 => "OAuth 2 bearer token".to_string(),
        SecurityKind::Basic => "HTTP basic".to_string(),
    }
}

/// What kind of Rust item a named type is.
pub fn item_kind(t: &TypeDef) -> &'static str {
    match t.kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union enum",
        TypeKind::Alias(_) => "type alias",
    }
}

pub fn enum_repr(repr: EnumRepr) -> &'static str {
    match repr {
        EnumRepr::String => "string enum (`Unknown(String)`)",
        EnumRepr::Integer => "integer enum (`Unknown(i64)`)",
        EnumRepr::Json => "enum of JSON values (`Unknown(serde_json::Value)`)",
    }
}
