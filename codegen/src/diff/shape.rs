//! The generated crate's items as reports word them: struct fields, method arguments and
//! return types, credential setters. The decisions and the spelling of types (which field is
//! an `Option` or a `new` argument, what a method returns, what derives `Eq`, how a type is
//! written) are the plan's ([`crate::plan`]); this module only words them.

use crate::ir::{Api, Body, BodyKind, EnumRepr, Field, Operation, SecurityKind, SecurityScheme, Ty, TypeDef, TypeKind, Union};
use crate::plan::{success, Aliases, FieldForm, RustTy, Success};

pub use crate::ir::unalias;
pub use crate::plan::rust_ty::{unalias_within, MAX_ALIAS_DEPTH};

/// The Rust type as callers see it (aliases resolved), as the plan spells it.
pub fn render(api: &Api, ty: &Ty) -> String {
    crate::plan::spell(api, ty, Aliases::Resolve).to_string()
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
    let plan = crate::plan::models::field(api, owner, f, Aliases::Resolve);
    let plain = FieldShape { ty: plan.ty.to_string(), option: false, arg: false, may_be_absent: false, may_be_null: false, sends_null: false, may_omit: false };
    match plan.form {
        FieldForm::Fixed => FieldShape { may_be_absent: true, ..plain },
        FieldForm::OptionOption => FieldShape { option: true, may_be_absent: true, may_be_null: true, sends_null: true, may_omit: true, ..plain },
        FieldForm::Option => FieldShape { option: true, may_be_absent: true, may_be_null: true, may_omit: true, ..plain },
        FieldForm::NullableArg => FieldShape { option: true, arg: true, may_be_absent: true, may_be_null: true, sends_null: true, ..plain },
        FieldForm::Arg => FieldShape { arg: true, ..plain },
    }
}

/// The shape of the `additionalProperties` map field, when a struct has one.
pub fn additional(api: &Api, values: &Ty) -> FieldShape {
    FieldShape {
        ty: RustTy::Map(Box::new(crate::plan::spell(api, values, Aliases::Resolve))).to_string(),
        option: false,
        arg: false,
        may_be_absent: true,
        may_be_null: false,
        sends_null: false,
        may_omit: true,
    }
}

/// Whether the union has `From<Variant>` impls, by the plan's rule.
pub fn has_from_impls(api: &Api, u: &Union) -> bool {
    crate::plan::models::union(api, u, Aliases::Resolve).has_from_impls()
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

/// The plan of `spec`'s scheme `key`.
fn scheme<'a>(spec: &'a super::Spec, key: &str) -> Option<&'a crate::plan::credentials::Scheme> {
    let index = spec.api.security_schemes.iter().position(|s| s.key == key)?;
    spec.plan.credentials.schemes.get(index)
}

/// The `ClientBuilder` method that sets the credential of `spec`'s scheme `key`, as its plan has it.
pub fn setter(spec: &super::Spec, key: &str) -> String {
    scheme(spec, key).map(|s| s.setter.clone()).unwrap_or_default()
}

/// The `Client` constants of the OAuth 2 URLs of `spec`'s scheme `key`, as its plan has them.
pub fn url_consts(spec: &super::Spec, key: &str) -> Vec<String> {
    scheme(spec, key).map(|s| s.urls.iter().map(|u| u.name.clone()).collect()).unwrap_or_default()
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
