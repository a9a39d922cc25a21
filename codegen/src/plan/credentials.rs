//! The client's credentials: per security scheme, its field in `Credentials`, its `Scheme`
//! variant, whether it holds a token, its setters and the `Client` constants of its OAuth 2
//! URLs; for the crate, which helpers applying them need, so that the generated crate has no
//! dead code. The names are claimed in `names`.

use crate::ir::{Api, ParamLocation, SecurityKind, SecurityScheme};

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
    /// Its setter on `ClientBuilder` and `RequestOptions`.
    pub setter: String,
    /// For tokens: the setter of a `TokenProvider`.
    pub provider_setter: Option<String>,
    /// The `Client` constants of its OAuth 2 flows' URLs, the token endpoints first.
    pub urls: Vec<UrlConst>,
}

/// `pub const <name>: &str = <url>` on `Client`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlConst {
    pub name: String,
    pub url: String,
    pub role: UrlRole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlRole {
    /// The authorization-code flow's `tokenUrl`.
    Token,
    /// The authorization-code flow's `refreshUrl`.
    Refresh,
    /// The client-credentials flow's `tokenUrl`.
    ClientCredentials,
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
        schemes: schemes
            .iter()
            .map(|s| Scheme {
                field: s.name.clone(),
                variant: s.variant.clone(),
                token: is_token(&s.kind),
                setter: s.setter.clone(),
                provider_setter: is_token(&s.kind).then(|| s.provider_setter.clone()),
                urls: url_consts(s),
            })
            .collect(),
        tokens,
        secrets: schemes.iter().any(|s| !is_token(&s.kind)),
        basic,
        in_header: header_key || tokens || basic,
        in_query: schemes.iter().any(|s| matches!(&s.kind, SecurityKind::ApiKey { location: ParamLocation::Query, .. })),
    }
}

/// In the order the emitter has always printed them: the authorization-code flow's token and
/// refresh URLs, then the client-credentials flow's token URL.
fn url_consts(s: &SecurityScheme) -> Vec<UrlConst> {
    let code = s.flows.authorization_code.as_ref();
    let refresh = code.and_then(|f| f.refresh_url.as_ref().filter(|u| Some(*u) != f.token_url.as_ref()));
    let urls = [
        (code.and_then(|f| f.token_url.as_ref()), &s.url_consts.token, UrlRole::Token),
        (refresh, &s.url_consts.refresh, UrlRole::Refresh),
        (s.flows.client_credentials.as_ref().and_then(|f| f.token_url.as_ref()), &s.url_consts.client_credentials, UrlRole::ClientCredentials),
    ];
    urls.into_iter()
        .filter_map(|(url, name, role)| Some(UrlConst { name: name.clone(), url: url?.clone(), role }).filter(|c| !c.name.is_empty()))
        .collect()
}
