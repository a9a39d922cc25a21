//! Which shared pieces of the generated crate its operations use: the regions of the call
//! engine (`call.rs`) and the helpers of `client.rs`, so that the crate has no dead code.

use super::returns::{success, Success};
use crate::ir::{Api, BodyKind, Param, ParamLocation, ResponseKind, SecurityKind, Ty};

/// Which parts of the call engine the operations use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallUses {
    pub schemes: bool,
    /// Some scheme takes tokens from a provider, which a `401` has renewed.
    pub tokens: bool,
    pub send: bool,
    pub send_text: bool,
    pub send_bytes: bool,
    pub send_empty: bool,
    /// Some operation answers with several kinds of success body and decodes by status.
    pub several: bool,
    pub header: bool,
    pub cookie: bool,
    /// An API key travels in a cookie.
    pub cookie_auth: bool,
    pub json: bool,
    pub form: bool,
    /// Text bodies.
    pub raw: bool,
    pub multipart: bool,
    /// Binary bodies (a `FilePart`).
    pub upload: bool,
    /// Some union decodes through `tagged.rs`, which notes a failure's place for the error's
    /// path (`json_path.rs`): a body's decode starts by forgetting any note left behind.
    pub unions: bool,
}

/// Which helpers of `client.rs` the operation methods use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientUses {
    /// `param`: a parameter's text (not needed by a string path parameter sent as it is).
    pub param: bool,
    /// `push_param`: an optional query parameter of one value.
    pub push_param: bool,
    /// `deep_object`: the pairs of a `deepObject` query parameter.
    pub deep: bool,
    /// Some signature names a model.
    pub models: bool,
}

impl CallUses {
    /// Some operation decodes a success body (one, or one of several by status), so
    /// `error.rs` has `DecodeError`'s constructors.
    pub fn decodes_bodies(&self) -> bool {
        self.send || self.several
    }
}

/// What the operations of `api` use; `tokens` is the plan's credentials' answer.
pub fn call_uses(api: &Api, tokens: bool) -> CallUses {
    let ops = &api.operations;
    let body_kind = |k: BodyKind| ops.iter().any(|op| op.body.as_ref().is_some_and(|b| b.kind == k));
    let located = |l: ParamLocation| ops.iter().any(|op| op.params.iter().any(|p| p.location == l));
    CallUses {
        schemes: !api.security_schemes.is_empty(),
        tokens,
        send: ops.iter().any(|op| matches!(success(op), Success::One(ResponseKind::Json, _))),
        send_text: ops.iter().any(|op| matches!(success(op), Success::One(ResponseKind::Text, _))),
        send_bytes: ops.iter().any(|op| matches!(success(op), Success::One(ResponseKind::Bytes, _))),
        send_empty: ops.iter().any(|op| matches!(success(op), Success::Empty)),
        several: ops.iter().any(|op| matches!(success(op), Success::Several(_))),
        header: located(ParamLocation::Header),
        cookie: located(ParamLocation::Cookie),
        cookie_auth: api.security_schemes.iter().any(|s| matches!(s.kind, SecurityKind::ApiKey { location: ParamLocation::Cookie, .. })),
        json: body_kind(BodyKind::Json),
        form: body_kind(BodyKind::FormUrlEncoded),
        raw: body_kind(BodyKind::Text),
        multipart: body_kind(BodyKind::Multipart),
        upload: body_kind(BodyKind::Binary),
        unions: false,
    }
}

pub fn client_uses(api: &Api) -> ClientUses {
    let ops = &api.operations;
    ClientUses {
        param: ops.iter().any(|op| op.params.iter().any(|p| !is_deep(p) && !super::operations::path_as_is(op, p))),
        push_param: ops
            .iter()
            .any(|op| op.params.iter().zip(super::operations::sent(op)).any(|(p, sent)| sent.by_push_param(p))),
        deep: ops.iter().any(|op| op.params.iter().any(is_deep)),
        models: ops.iter().any(|op| {
            op.params.iter().any(|p| p.required && mentions_named(&p.ty))
                || op.body.as_ref().is_some_and(|b| (mentions_named(&b.ty) && matches!(b.kind, BodyKind::Json | BodyKind::FormUrlEncoded)) || b.parts.is_some())
                || matches!(success(op), Success::One(ResponseKind::Json, ty) if mentions_named(ty))
        }),
    }
}

/// A `deepObject` query parameter, sent as `name[key]=value` pairs.
pub fn is_deep(p: &Param) -> bool {
    p.deep_object && p.location == ParamLocation::Query
}

fn mentions_named(ty: &Ty) -> bool {
    match ty {
        Ty::Named(_) => true,
        Ty::List(t) | Ty::Map(t) => mentions_named(t),
        Ty::Tuple(items) => items.iter().any(mentions_named),
        Ty::Scalar(_) | Ty::Any | Ty::Object => false,
    }
}
