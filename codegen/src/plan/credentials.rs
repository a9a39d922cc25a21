//! The client's credentials: per security scheme, its field in `Credentials`, its `Scheme`
//! variant and whether it holds a token; for the crate, which helpers applying them need, so
//! that the generated crate has no dead code.

use crate::ir::{Api, ParamLocation, SecurityKind};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    /// One per scheme, in the order of [`Api::security_schemes`].
    pub schemes: Vec<Scheme>,
    /// Some scheme is a bearer or OAuth 2 token (static or from a `TokenProvider`).
    pub tokens: bool,
    /// Some scheme is a plain secret (an API key or a user and password).
    pub secrets: bool,
    /// Some scheme is HTTP Basic (`base64`).
    pub basic: bool,
    /// Some credential goes in a header (`sensitive`).
    pub in_header: bool,
    /// Some API key goes in the query (`authorize` writes to the URL).
    pub in_query: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    /// Its field of `Credentials`.
    pub field: String,
    /// Its variant of `Scheme`.
    pub variant: String,
    /// It holds a `Token`, not a `Secret`.
    pub token: bool,
}

pub fn credentials(api: &Api) -> Credentials {
    let schemes = &api.security_schemes;
    let is_token = |k: &SecurityKind| matches!(k, SecurityKind::Bearer | SecurityKind::OAuth2);
    let tokens = schemes.iter().any(|s| is_token(&s.kind));
    let basic = schemes.iter().any(|s| s.kind == SecurityKind::Basic);
    let header_key = schemes.iter().any(|s| {
        matches!(&s.kind, SecurityKind::ApiKey { location, .. } if !matches!(location, ParamLocation::Query | ParamLocation::Cookie))
    });
    Credentials {
        schemes: schemes.iter().map(|s| Scheme { field: s.name.clone(), variant: s.variant.clone(), token: is_token(&s.kind) }).collect(),
        tokens,
        secrets: schemes.iter().any(|s| !is_token(&s.kind)),
        basic,
        in_header: header_key || tokens || basic,
        in_query: schemes.iter().any(|s| matches!(&s.kind, SecurityKind::ApiKey { location: ParamLocation::Query, .. })),
    }
}
