//! `client.rs` and `params.rs`: the client, its builder and credentials, and one async
//! method per operation (plus page streams for paginated ones). What every operation shares
//! (the call engine, errors, transport, options) is in `runtime`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, item_text};
use super::runtime::{doc_lines, CallUses};
use super::Ctx;
use crate::plan::{success, OperationPlan, PageHelpers, Success};
use crate::hints::{self, Hints, IdempotencyKey, Pagination};
use crate::ir::{
    Body, BodyKind, Field, Operation, Param, ParamLocation, ResponseKind, Scalar, SecurityKind, SecurityScheme, Status, Ty,
};
use crate::{reserved, Config};

/// The name of a scheme's credential field, its `Scheme` variant, and whether it is a token
/// (bearer or OAuth 2: static or from a provider).
struct SchemeNames {
    field: Ident,
    variant: Ident,
    token: bool,
}

fn scheme_names(s: &SecurityScheme) -> SchemeNames {
    SchemeNames {
        field: format_ident!("{}", s.name),
        variant: format_ident!("{}", heck_pascal(&s.name)),
        token: matches!(s.kind, SecurityKind::Bearer | SecurityKind::OAuth2),
    }
}

/// Whether some scheme is a bearer or OAuth 2 token (so the crate has `TokenProvider`).
pub fn has_token_schemes(ctx: &Ctx<'_>) -> bool {
    ctx.api.security_schemes.iter().any(|s| matches!(s.kind, SecurityKind::Bearer | SecurityKind::OAuth2))
}

/// The setters of every credential, on the builder (`credentials` is
/// `self.options.credentials`) and on `RequestOptions` (`self.credentials`).
pub fn credential_setters(ctx: &Ctx<'_>, credentials: &TokenStream) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for s in &ctx.api.security_schemes {
        let SchemeNames { field, .. } = scheme_names(s);
        let described = |text: String| {
            let mut docs = doc_lines(&text);
            if let Some(d) = &s.docs.description {
                docs.push(quote!(#[doc = ""]));
                docs.extend(doc_attrs(d));
            }
            docs
        };
        match &s.kind {
            SecurityKind::ApiKey { location, param } => {
                let place = match location {
                    ParamLocation::Query => format!("the {} query parameter", code(param)),
                    ParamLocation::Cookie => format!("the {} cookie", code(param)),
                    _ => format!("the {} header", code(param)),
                };
                let docs = described(format!("The API key of the {} scheme, sent as {place}.", code(&s.key)));
                let setter = format_ident!("{}", s.setter);
                out.push(quote! {
                    #(#docs)*
                    pub fn #setter(mut self, key: impl Into<String>) -> Self {
                        #credentials.#field = Some(Secret(key.into()));
                        self
                    }
                });
            }
            SecurityKind::Bearer | SecurityKind::OAuth2 => {
                let setter = format_ident!("{}", s.setter);
                let provider = format_ident!("{}", s.provider_setter);
                let docs = described(format!(
                    "The token of the {} scheme, sent as `Authorization: Bearer <token>`.",
                    code(&s.key)
                ));
                let provider_docs = doc_lines(&format!(
                    "Where the token of the {} scheme comes from, asked before every attempt: for \
                     OAuth access tokens that your code refreshes. Replaces a token set with `{setter}`.",
                    code(&s.key)
                ));
                out.push(quote! {
                    #(#docs)*
                    pub fn #setter(mut self, token: impl Into<String>) -> Self {
                        #credentials.#field = Some(Token::Static(Secret(token.into())));
                        self
                    }

                    #(#provider_docs)*
                    pub fn #provider(mut self, provider: impl TokenProvider + 'static) -> Self {
                        #credentials.#field = Some(Token::Provider(std::sync::Arc::new(provider)));
                        self
                    }
                });
            }
            SecurityKind::Basic => {
                let setter = format_ident!("{}", s.setter);
                let docs = described(format!(
                    "The `user:password` of the {} scheme, sent as HTTP Basic authentication.",
                    code(&s.key)
                ));
                out.push(quote! {
                    #(#docs)*
                    pub fn #setter(mut self, user_and_password: impl Into<String>) -> Self {
                        #credentials.#field = Some(Secret(user_and_password.into()));
                        self
                    }
                });
            }
        }
    }
    out
}

/// Which parts of the call engine the operations use.
pub fn call_uses(ctx: &Ctx<'_>) -> CallUses {
    let ops = &ctx.api.operations;
    let body_kind = |k: BodyKind| ops.iter().any(|op| op.body.as_ref().is_some_and(|b| b.kind == k));
    let located = |l: ParamLocation| ops.iter().any(|op| op.params.iter().any(|p| p.location == l));
    CallUses {
        schemes: !ctx.api.security_schemes.is_empty(),
        send: ops.iter().any(|op| matches!(success(op), Success::One(ResponseKind::Json, _))),
        send_text: ops.iter().any(|op| matches!(success(op), Success::One(ResponseKind::Text, _))),
        send_bytes: ops.iter().any(|op| matches!(success(op), Success::One(ResponseKind::Bytes, _))),
        send_empty: ops.iter().any(|op| matches!(success(op), Success::Empty)),
        several: ops.iter().any(|op| matches!(success(op), Success::Several(_))),
        header: located(ParamLocation::Header),
        cookie: located(ParamLocation::Cookie),
        cookie_auth: ctx
            .api
            .security_schemes
            .iter()
            .any(|s| matches!(s.kind, SecurityKind::ApiKey { location: ParamLocation::Cookie, .. })),
        json: body_kind(BodyKind::Json),
        form: body_kind(BodyKind::FormUrlEncoded),
        raw: body_kind(BodyKind::OctetStream) || body_kind(BodyKind::Text),
        multipart: body_kind(BodyKind::Multipart),
    }
}

pub fn client(ctx: &Ctx<'_>, config: &Config, hints: &Hints) -> TokenStream {
    let api = ctx.api;
    let base_url = if api.base_url.is_empty() { config.base_url_fallback.as_str() } else { api.base_url.as_str() };
    let names: Vec<SchemeNames> = api.security_schemes.iter().map(scheme_names).collect();
    let has_schemes = !names.is_empty();
    let has_tokens = names.iter().any(|n| n.token);
    let uses = Uses::of(ctx);
    let setters = credential_setters(ctx, &quote!(self.options.credentials));
    let methods: Vec<TokenStream> =
        api.operations.iter().enumerate().map(|(i, op)| operation(ctx, op, hints.operation(i), ctx.plan.operation(i))).collect();
    let credentials = has_schemes.then(|| credentials(ctx, &names));
    let param_fn = uses.param.then(|| {
        quote! {
            /// A parameter's text: strings as they are, everything else as its JSON form
            /// (numbers, booleans, RFC 3339 date-times, enum values).
            fn param<T: serde::Serialize + ?Sized>(value: &T) -> String {
                match serde_json::to_value(value) {
                    Ok(serde_json::Value::String(text)) => text,
                    Ok(other) => other.to_string(),
                    Err(_) => String::new(),
                }
            }
        }
    });
    let deep_fn = uses.deep.then(|| {
        quote! {
            /// The `name[key]=value` pairs of an object parameter (`style: deepObject`).
            fn deep_object<T: serde::Serialize + ?Sized>(name: &str, value: &T) -> Vec<(String, String)> {
                let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(value) else {
                    return Vec::new();
                };
                fields
                    .into_iter()
                    .filter(|(_, item)| !item.is_null())
                    .map(|(key, item)| {
                        let text = match item {
                            serde_json::Value::String(text) => text,
                            other => other.to_string(),
                        };
                        (format!("{name}[{key}]"), text)
                    })
                    .collect()
            }
        }
    });
    let models_import = uses.models.then(|| quote!(models,));
    let pages_import = hints.any_pagination().then(|| quote!(Items, Pages,));
    let token_import = has_tokens.then(|| quote!(TokenProvider,));
    let call_import = (!methods.is_empty()).then(|| quote!(use http::Method; use crate::call::Call;));
    let arc_import = quote!(use std::sync::Arc;);
    let send_import = (!methods.is_empty()).then(|| quote!(Response,));
    let plumbing = (!methods.is_empty()).then(|| {
        quote! {
            /// The URL of a path below the base URL, each segment percent-encoded.
            fn url(&self, segments: &[&str], query: &[(&str, String)]) -> Result<Url, Error> {
                let mut url = self.shared.base_url.clone();
                url.path_segments_mut()
                    .map_err(|()| Error::InvalidRequest("the base URL cannot have a path".to_string()))?
                    .pop_if_empty()
                    .extend(segments);
                if !query.is_empty() {
                    url.query_pairs_mut().extend_pairs(query);
                }
                Ok(url)
            }
        }
    });
    quote! {
        //! The client: one async method per operation of the API.

        use std::fmt;
        #arc_import
        use std::time::Duration;

        use http::HeaderValue;
        use reqwest::Url;

        #call_import
        use crate::{#models_import #pages_import #send_import #token_import Error, ReqwestTransport, RequestOptions, RetryPolicy, Transport, TransportError};

        /// How long connecting may take when no connect timeout is set.
        const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

        /// A client of the API.
        ///
        /// Cloning is cheap: clones share the connection pool, the transport and the settings.
        /// [`with_options`](Self::with_options) gives a view of the same client with other
        /// settings (timeout, retries, extra headers, credentials) for some calls.
        #[derive(Clone)]
        pub struct Client {
            pub(crate) shared: Arc<Shared>,
            pub(crate) options: RequestOptions,
        }

        /// What the views of one client share.
        pub(crate) struct Shared {
            pub(crate) transport: Arc<dyn Transport>,
            pub(crate) base_url: Url,
            pub(crate) user_agent: HeaderValue,
            /// The transport is the default one, which this crate may rebuild with another
            /// connect timeout.
            pub(crate) default_transport: bool,
        }

        /// Configures a [`Client`]: base URL, credentials, transport, timeouts, retries.
        ///
        /// `Debug` never shows a credential.
        #[derive(Default)]
        pub struct ClientBuilder {
            base_url: Option<String>,
            transport: Option<Arc<dyn Transport>>,
            http: Option<reqwest::Client>,
            connect_timeout: Option<Duration>,
            user_agent: Option<String>,
            options: RequestOptions,
        }

        #credentials

        impl ClientBuilder {
            /// The API's address; the default is [`Client::DEFAULT_BASE_URL`].
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.base_url = Some(url.into());
                self
            }

            /// The `reqwest` client to send requests with, for your own proxy or TLS settings
            /// (the connect timeout is then the client's own). Build it with
            /// `.redirect(reqwest::redirect::Policy::none())`: reqwest's default policy follows
            /// redirects to other hosts with some of the request's headers (an API key header
            /// among them) and a `Referer` that shows the query; the client's own default does not.
            /// A response that comes from another origin all the same is an [`Error::Transport`].
            pub fn http_client(mut self, http: reqwest::Client) -> Self {
                self.http = Some(http);
                self
            }

            /// The transport to send requests with, instead of `reqwest`: another HTTP client,
            /// a middleware stack, a fake. Credentials, timeouts and retries still apply.
            pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
                self.transport = Some(Arc::new(transport));
                self
            }

            /// The longest connecting may take; the default is 10 s. It is a setting of the
            /// connection pool, so it is per client, not per call, and applies only to the
            /// default transport.
            pub fn connect_timeout(mut self, timeout: Duration) -> Self {
                self.connect_timeout = Some(timeout);
                self
            }

            /// The longest one attempt of a call may take; the default is 30 s. See
            /// [`RequestOptions::timeout`].
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.options = self.options.timeout(timeout);
                self
            }

            /// The largest response body a call reads, in bytes; the default is 16 MiB. See
            /// [`RequestOptions::max_response_bytes`].
            pub fn max_response_bytes(mut self, limit: u64) -> Self {
                self.options = self.options.max_response_bytes(limit);
                self
            }

            /// How failed attempts are retried; see [`RetryPolicy`] for the default.
            pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
                self.options = self.options.retry_policy(policy);
                self
            }

            /// Attempts in all, the first included: `1` turns retries off.
            pub fn max_attempts(mut self, attempts: u32) -> Self {
                self.options = self.options.max_attempts(attempts);
                self
            }

            /// A header sent with every request.
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.options = self.options.header(name, value);
                self
            }

            /// The `User-Agent` header; the default names this crate and its version.
            pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.user_agent = Some(user_agent.into());
                self
            }

            #(#setters)*

            /// The client; fails on a base URL that is not an absolute `http(s)` URL.
            pub fn build(self) -> Result<Client, Error> {
                let text = self.base_url.as_deref().unwrap_or(Client::DEFAULT_BASE_URL);
                let base_url = Url::parse(text)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https") && !u.cannot_be_a_base())
                    .ok_or_else(|| Error::InvalidRequest(format!("`{text}` is not an absolute http(s) URL")))?;
                let user_agent = self
                    .user_agent
                    .as_deref()
                    .unwrap_or(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")));
                let user_agent = HeaderValue::from_str(user_agent)
                    .map_err(|_| Error::InvalidRequest("the user agent is not a valid header value".to_string()))?;
                let default_transport = self.transport.is_none() && self.http.is_none();
                let transport: Arc<dyn Transport> = match (self.transport, self.http) {
                    (Some(transport), _) => transport,
                    (None, Some(http)) => Arc::new(ReqwestTransport::new(http)),
                    (None, None) => default_transport_with(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))?,
                };
                Ok(Client {
                    shared: Arc::new(Shared { transport, base_url, user_agent, default_transport }),
                    options: self.options,
                })
            }
        }

        /// The reqwest transport with the given connect timeout. It follows no redirect and
        /// sends no `Referer` (which would carry a query's API key): a redirect is an
        /// [`Error::Redirect`], so credentials never reach another origin.
        fn default_transport_with(connect_timeout: Duration) -> Result<Arc<dyn Transport>, Error> {
            let http = reqwest::Client::builder()
                .connect_timeout(connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .referer(false)
                .build()
                .map_err(|e| Error::transport(TransportError::reqwest(e)))?;
            Ok(Arc::new(ReqwestTransport::new(http)))
        }

        impl fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("ClientBuilder")
                    .field("base_url", &self.base_url)
                    .field("transport", &self.transport.as_ref().map(|_| "<custom>"))
                    .field("http", &self.http)
                    .field("connect_timeout", &self.connect_timeout)
                    .field("user_agent", &self.user_agent)
                    .field("options", &self.options)
                    .finish()
            }
        }

        impl fmt::Debug for Client {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.shared.base_url.as_str())
                    .field("user_agent", &self.shared.user_agent)
                    .field("options", &self.options)
                    .finish_non_exhaustive()
            }
        }

        impl Client {
            /// Where the API is served.
            pub const DEFAULT_BASE_URL: &'static str = #base_url;

            /// A builder for a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The address requests go to.
            pub fn base_url(&self) -> &str {
                self.shared.base_url.as_str()
            }

            /// A view of this client whose calls use `options` on top of the client's settings:
            /// a timeout, a retry policy, extra headers, other credentials (say, the OAuth token
            /// of another account). It shares the connections and costs a clone of the settings.
            pub fn with_options(&self, options: RequestOptions) -> Client {
                Client { shared: Arc::clone(&self.shared), options: self.options.merge(&options) }
            }

            /// A view of this client whose calls connect with another timeout. Pooled
            /// connections are per connect timeout, so the view has a pool of its own; it fails
            /// on a client built with a custom transport or HTTP client, whose connect timeout
            /// is theirs to set.
            pub fn with_connect_timeout(&self, timeout: Duration) -> Result<Client, Error> {
                if !self.shared.default_transport {
                    return Err(Error::InvalidRequest(
                        "the client has a custom transport: set its connect timeout there".to_string(),
                    ));
                }
                let shared = Shared {
                    transport: default_transport_with(timeout)?,
                    base_url: self.shared.base_url.clone(),
                    user_agent: self.shared.user_agent.clone(),
                    default_transport: true,
                };
                Ok(Client { shared: Arc::new(shared), options: self.options.clone() })
            }

            #plumbing

            #(#methods)*
        }

        #param_fn
        #deep_fn
    }
}

/// `Secret`, `Token`, `Credentials`, `Scheme` and `Client::authorize`.
fn credentials(ctx: &Ctx<'_>, names: &[SchemeNames]) -> TokenStream {
    let has_tokens = names.iter().any(|n| n.token);
    let fields = names.iter().map(|n| {
        let field = &n.field;
        if n.token {
            quote!(pub(crate) #field: Option<Token>,)
        } else {
            quote!(pub(crate) #field: Option<Secret>,)
        }
    });
    let debug_fields = names.iter().map(|n| {
        let field = &n.field;
        let name = field.to_string();
        quote!(.field(#name, &self.#field.as_ref().map(|_| "<redacted>")))
    });
    let merge_fields = names.iter().map(|n| {
        let field = &n.field;
        quote!(#field: over.#field.clone().or_else(|| self.#field.clone()),)
    });
    let variants: Vec<&Ident> = names.iter().map(|n| &n.variant).collect();
    let has_arms = names.iter().map(|n| {
        let (field, variant) = (&n.field, &n.variant);
        quote!(Scheme::#variant => self.#field.is_some(),)
    });
    let mut basic = false;
    let apply_arms: Vec<TokenStream> = ctx
        .api
        .security_schemes
        .iter()
        .zip(names)
        .map(|(s, n)| {
            let (field, variant) = (&n.field, &n.variant);
            let key = &s.key;
            let apply = match &s.kind {
                SecurityKind::ApiKey { location: ParamLocation::Query, param } => quote! {
                    url.query_pairs_mut().append_pair(#param, &secret.0);
                    secrets.push(secret.0.clone());
                },
                SecurityKind::ApiKey { location: ParamLocation::Cookie, param } => quote! {
                    crate::call::add_cookie(headers, #param, &secret.0)?;
                    secrets.push(secret.0.clone());
                },
                SecurityKind::ApiKey { param, .. } => quote! {
                    let name = http::header::HeaderName::from_bytes(#param.as_bytes())
                        .map_err(|_| Error::InvalidRequest(format!("`{}` is not a valid header name", #param)))?;
                    headers.insert(name, sensitive(secret.0.clone(), #key)?);
                    secrets.push(secret.0.clone());
                },
                SecurityKind::Bearer | SecurityKind::OAuth2 => quote! {
                    let token = secret.get().await?;
                    headers.insert(http::header::AUTHORIZATION, sensitive(format!("Bearer {token}"), #key)?);
                    secrets.push(token);
                },
                SecurityKind::Basic => {
                    basic = true;
                    quote! {
                        let encoded = base64(secret.0.as_bytes());
                        headers.insert(http::header::AUTHORIZATION, sensitive(format!("Basic {encoded}"), #key)?);
                        secrets.push(secret.0.clone());
                        secrets.push(encoded);
                        // The password alone, as a server may echo it.
                        if let Some((_, password)) = secret.0.split_once(':') {
                            secrets.push(password.to_string());
                        }
                    }
                }
            };
            quote! {
                Scheme::#variant => {
                    if let Some(secret) = &credentials.#field {
                        #apply
                    }
                }
            }
        })
        .collect();
    let header_key = ctx.api.security_schemes.iter().any(|s| {
        matches!(&s.kind, SecurityKind::ApiKey { location, .. } if !matches!(location, ParamLocation::Query | ParamLocation::Cookie))
    });
    let needs_sensitive = header_key || has_tokens || basic;
    let query_key = ctx.api.security_schemes.iter().any(|s| matches!(&s.kind, SecurityKind::ApiKey { location: ParamLocation::Query, .. }));
    let url_param = if query_key { format_ident!("url") } else { format_ident!("_url") };
    let sensitive = needs_sensitive.then(|| {
        quote! {
            /// A header value that HTTP/2 header compression and logs leave alone.
            fn sensitive(text: String, scheme: &str) -> Result<HeaderValue, Error> {
                let mut value = HeaderValue::from_str(&text)
                    .map_err(|_| Error::InvalidRequest(format!("the `{scheme}` credential is not a valid header value")))?;
                value.set_sensitive(true);
                Ok(value)
            }
        }
    });
    let base64_fn = basic.then(|| {
        quote! {
            /// Standard base64 with padding (RFC 4648 §4).
            fn base64(bytes: &[u8]) -> String {
                const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
                for chunk in bytes.chunks(3) {
                    let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
                    let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
                    for i in 0..4 {
                        if i <= chunk.len() {
                            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
                        } else {
                            out.push('=');
                        }
                    }
                }
                out
            }
        }
    });
    let token_type = has_tokens.then(|| {
        quote! {
            /// A bearer token: fixed, or asked of a provider before every attempt.
            #[derive(Clone)]
            pub(crate) enum Token {
                Static(Secret),
                Provider(Arc<dyn TokenProvider>),
            }

            impl Token {
                async fn get(&self) -> Result<String, Error> {
                    match self {
                        Token::Static(secret) => Ok(secret.0.clone()),
                        Token::Provider(provider) => provider.token().await,
                    }
                }
            }
        }
    });
    quote! {
        /// A credential. Its `Debug` never shows it.
        #[derive(Clone)]
        pub(crate) struct Secret(pub(crate) String);

        impl fmt::Debug for Secret {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<redacted>")
            }
        }

        #token_type

        /// The credentials of a client or of a view, one per security scheme.
        #[derive(Clone, Default)]
        pub(crate) struct Credentials {
            #(#fields)*
        }

        impl Credentials {
            fn has(&self, scheme: Scheme) -> bool {
                match scheme {
                    #(#has_arms)*
                }
            }

            /// `over`'s credentials, and `self`'s where `over` has none.
            pub(crate) fn merge(&self, over: &Credentials) -> Credentials {
                Credentials { #(#merge_fields)* }
            }
        }

        impl fmt::Debug for Credentials {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("Credentials") #(#debug_fields)* .finish()
            }
        }

        /// The API's security schemes.
        // Variants are the spec's scheme keys, which often share a word (`basicAuth`,
        // `bearerAuth`) or repeat the enum's name.
        #[allow(clippy::enum_variant_names)]
        #[derive(Debug, Clone, Copy)]
        pub(crate) enum Scheme {
            #(#variants,)*
        }

        impl Client {
            /// Adds to the request the credentials of the first alternative the operation
            /// accepts that this client has in full. Returns the secrets sent, to keep them out
            /// of errors (`redact::Secrets` adds their encoded forms).
            pub(crate) async fn authorize(
                &self,
                call: &Call,
                #url_param: &mut Url,
                headers: &mut http::HeaderMap,
            ) -> Result<Vec<String>, Error> {
                let mut secrets = Vec::new();
                if call.security.is_empty() {
                    return Ok(secrets);
                }
                let credentials = &self.options.credentials;
                let Some(alternative) = call.security.iter().find(|schemes| schemes.iter().all(|s| credentials.has(*s))) else {
                    return Err(Error::MissingCredentials { operation: call.operation, accepted: call.accepted });
                };
                for scheme in alternative.iter() {
                    match scheme {
                        #(#apply_arms)*
                    }
                }
                Ok(secrets)
            }
        }

        #sensitive
        #base64_fn
    }
}

/// Which shared pieces the operations need, so that the crate has no dead code.
struct Uses {
    param: bool,
    deep: bool,
    models: bool,
}

impl Uses {
    fn of(ctx: &Ctx<'_>) -> Self {
        let ops = &ctx.api.operations;
        let named = |ty: &Ty| ty.mentions_named();
        Uses {
            param: ops.iter().any(|op| op.params.iter().any(|p| !is_deep(p))),
            deep: ops.iter().any(|op| op.params.iter().any(is_deep)),
            models: ops.iter().any(|op| {
                op.params.iter().any(|p| p.required && named(&p.ty))
                    || op.body.as_ref().is_some_and(|b| named(&b.ty) && matches!(b.kind, BodyKind::Json | BodyKind::FormUrlEncoded))
                    || matches!(success(op), Success::One(ResponseKind::Json, ty) if named(ty))
            }),
        }
    }
}


/// The Rust name of a success variant: `Status201`, `Status2xx`.
fn status_variant(status: &Status) -> proc_macro2::Ident {
    match status {
        Status::Code(c) => format_ident!("Status{}", c),
        Status::Range(r) => format_ident!("Status{}xx", r),
        Status::Default => format_ident!("Other"),
    }
}

fn body_ty(ctx: &Ctx<'_>, kind: ResponseKind, ty: &Ty, models: &TokenStream) -> TokenStream {
    match kind {
        ResponseKind::Json => ctx.ty(ty, models),
        ResponseKind::Text => quote!(String),
        ResponseKind::Bytes => quote!(Vec<u8>),
    }
}

/// `responses.rs`: for each operation whose success responses differ, an enum of them.
pub fn responses(ctx: &Ctx<'_>) -> Option<TokenStream> {
    let models = quote!(crate::models::);
    let enums: Vec<TokenStream> = ctx
        .api
        .operations
        .iter()
        .filter_map(|op| {
            let Success::Several(responses) = success(op) else { return None };
            let name = format_ident!("{}", op.responses_name);
            let doc = format!(" The success responses of [`Client::{}`](crate::Client::{}).", op.name, op.name);
            let boxed = boxed_responses(ctx, &responses);
            let variants = responses.iter().zip(boxed).map(|(r, boxed)| {
                let ident = status_variant(&r.status);
                let text = match &r.description {
                    Some(d) => format!("`{}`: {d}", status_text(&r.status)),
                    None => format!("`{}`", status_text(&r.status)),
                };
                let docs = doc_attrs(&text);
                match &r.body {
                    Some(b) => {
                        let ty = body_ty(ctx, b.kind, &b.ty, &models);
                        let ty = if boxed { quote!(Box<#ty>) } else { ty };
                        quote!(#(#docs)* #ident(#ty),)
                    }
                    None => quote!(#(#docs)* #ident,),
                }
            });
            Some(quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    /// A success status the API does not describe, with its body as received.
                    Other(Vec<u8>),
                }
            })
        })
        .collect();
    if enums.is_empty() {
        return None;
    }
    Some(quote! {
        //! Success responses of operations that answer with more than one kind of body,
        //! one enum per operation, chosen by the response status.
        #(#enums)*
    })
}

/// Which success variants go behind a `Box` (see [`crate::ir::variants_to_box`]).
fn boxed_responses(ctx: &Ctx<'_>, responses: &[&crate::ir::Response]) -> Vec<bool> {
    let mut sizes: Vec<usize> = responses
        .iter()
        .map(|r| match &r.body {
            Some(b) if b.kind == ResponseKind::Json => crate::ir::estimated_size(ctx.api, &b.ty),
            Some(_) => 24,
            None => 0,
        })
        .collect();
    // `Other(Vec<u8>)`.
    sizes.push(24);
    let mut boxed = crate::ir::variants_to_box(&sizes);
    boxed.truncate(responses.len());
    boxed
}

fn status_text(status: &Status) -> String {
    match status {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".to_string(),
    }
}

/// The code that sends `call` and reads the success body the way `success` says.
fn send_code(ctx: &Ctx<'_>, op: &Operation) -> (TokenStream, TokenStream) {
    let models = quote!(models::);
    let call = format_ident!("{}", op.locals.call);
    let [send_empty, send, send_text, send_bytes, execute] =
        [reserved::SEND_EMPTY, reserved::SEND, reserved::SEND_TEXT, reserved::SEND_BYTES, reserved::EXECUTE].map(|n| format_ident!("{}", n));
    let (status, value) = (format_ident!("{}", op.locals.status), format_ident!("{}", op.locals.value));
    let secrets = format_ident!("{}", op.locals.secrets);
    match success(op) {
        Success::Empty => (quote!(Response<()>), quote!(self.#send_empty(#call).await)),
        Success::One(ResponseKind::Json, ty) => {
            let t = ctx.ty(ty, &models);
            (quote!(Response<#t>), quote!(self.#send(#call).await))
        }
        Success::One(ResponseKind::Text, _) => (quote!(Response<String>), quote!(self.#send_text(#call).await)),
        Success::One(ResponseKind::Bytes, _) => (quote!(Response<Vec<u8>>), quote!(self.#send_bytes(#call).await)),
        Success::Several(responses) => {
            let name = format_ident!("{}", op.responses_name);
            let enum_path = quote!(crate::responses::#name);
            // Exact codes first, then ranges: `match` takes the first arm that fits.
            let boxed = boxed_responses(ctx, &responses);
            let mut ordered: Vec<(&crate::ir::Response, bool)> = responses.iter().copied().zip(boxed).collect();
            ordered.sort_by_key(|(r, _)| matches!(r.status, Status::Range(_)));
            let arms = ordered.iter().filter_map(|(r, boxed)| {
                let pattern = match &r.status {
                    Status::Code(c) => {
                        let c = proc_macro2::Literal::u16_unsuffixed(*c);
                        quote!(#c)
                    }
                    Status::Range(d) => {
                        let lo = proc_macro2::Literal::u16_unsuffixed(d * 100);
                        let hi = proc_macro2::Literal::u16_unsuffixed(d * 100 + 99);
                        quote!(#lo..=#hi)
                    }
                    Status::Default => return None,
                };
                let variant = status_variant(&r.status);
                let value = match &r.body {
                    None => quote!(#enum_path::#variant),
                    Some(b) => match b.kind {
                        ResponseKind::Json if *boxed => {
                            quote!(#enum_path::#variant(Box::new(crate::call::decode_json(#status, &body, &#secrets)?)))
                        }
                        ResponseKind::Json => quote!(#enum_path::#variant(crate::call::decode_json(#status, &body, &#secrets)?)),
                        ResponseKind::Text => quote!(#enum_path::#variant(String::from_utf8_lossy(&body).into_owned())),
                        ResponseKind::Bytes => quote!(#enum_path::#variant(body)),
                    },
                };
                Some(quote!(#pattern => #value,))
            });
            let json = ordered.iter().any(|(r, _)| {
                !matches!(r.status, Status::Default) && r.body.as_ref().is_some_and(|b| b.kind == ResponseKind::Json)
            });
            let secrets_binding = if json { quote!(#secrets) } else { quote!(_) };
            let send = quote! {
                let (#status, headers, body, #secrets_binding) = self.#execute(#call).await?;
                let #value = match #status {
                    #(#arms)*
                    _ => #enum_path::Other(body),
                };
                Ok(Response::new(#status, headers, #value))
            };
            (quote!(Response<#enum_path>), send)
        }
    }
}

impl Ty {
    fn mentions_named(&self) -> bool {
        match self {
            Ty::Named(_) => true,
            Ty::List(t) | Ty::Map(t) => t.mentions_named(),
            Ty::Tuple(items) => items.iter().any(Ty::mentions_named),
            Ty::Scalar(_) | Ty::Any | Ty::Object => false,
        }
    }
}

fn is_deep(p: &Param) -> bool {
    p.deep_object && p.location == ParamLocation::Query
}

fn heck_pascal(s: &str) -> String {
    crate::names::ident(s, crate::names::Case::Pascal)
}

/// How an argument is passed: borrowed for strings, lists and structs; by value for the rest.
fn arg_ty(ctx: &Ctx<'_>, ty: &Ty) -> TokenStream {
    let models = quote!(models::);
    match ty {
        Ty::Scalar(Scalar::String) => quote!(&str),
        Ty::List(inner) => {
            let inner = ctx.ty(inner, &models);
            quote!(&[#inner])
        }
        Ty::Named(_) | Ty::Map(_) | Ty::Tuple(_) | Ty::Any | Ty::Object | Ty::Scalar(Scalar::Bytes) => {
            let t = ctx.ty(ty, &models);
            quote!(&#t)
        }
        Ty::Scalar(_) => ctx.ty(ty, &models),
    }
}

fn operation(ctx: &Ctx<'_>, op: &Operation, hints: Option<&hints::OperationHints>, plan: Option<&OperationPlan>) -> TokenStream {
    let api = ctx.api;
    let name = format_ident!("{}", op.name);
    let op_name = op.name.as_str();
    let positional: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();
    let mut args: Vec<TokenStream> = positional
        .iter()
        .map(|p| {
            let ident = format_ident!("{}", p.name);
            let ty = arg_ty(ctx, &p.ty);
            quote!(#ident: #ty)
        })
        .collect();
    let params_struct = (!optional.is_empty()).then(|| format_ident!("{}", op.params_name));
    if let Some(s) = &params_struct {
        args.push(quote!(params: &crate::params::#s));
    }
    if let Some(body) = &op.body {
        let ty = body_arg(ctx, body);
        args.push(quote!(body: #ty));
    }
    let segments = path_segments(op);
    let l = &op.locals;
    let (url, call, value_local, item) = (format_ident!("{}", l.url), format_ident!("{}", l.call), format_ident!("{}", l.value), format_ident!("{}", l.item));
    let mut query_init = Vec::new();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    // `name[key]=value` keys are built at run time; they must outlive the query list.
    let mut deep = Vec::new();
    let key = format_ident!("{}", l.key);
    for (i, p) in op.params.iter().enumerate() {
        let wire = &p.wire;
        let ident = format_ident!("{}", p.name);
        let value = if p.required { quote!(#ident) } else { quote!(#value_local) };
        if is_deep(p) {
            let Some(pairs) = l.pairs.get(i).filter(|n| !n.is_empty()) else { continue };
            let pairs = format_ident!("{}", pairs);
            deep.push(if p.required {
                quote!(let #pairs = deep_object(#wire, #ident);)
            } else {
                quote!(let #pairs = params.#ident.as_ref().map(|#value_local| deep_object(#wire, #value_local)).unwrap_or_default();)
            });
            query.push(quote!(query.extend(#pairs.iter().map(|(#key, #value_local)| (#key.as_str(), #value_local.clone())));));
            continue;
        }
        let push = match (p.location, &p.ty) {
            (ParamLocation::Query, Ty::List(_)) if p.explode => {
                quote!(query.extend(#value.iter().map(|#item| (#wire, param(#item))));)
            }
            (ParamLocation::Query, Ty::List(_)) => {
                quote!(query.push((#wire, #value.iter().map(param).collect::<Vec<_>>().join(",")));)
            }
            (ParamLocation::Query, _) => quote!(query.push((#wire, param(&#value)));),
            (ParamLocation::Header, _) => quote!(#call.header(#wire, &param(&#value))?;),
            (ParamLocation::Cookie, _) => quote!(#call.cookie(#wire, &param(&#value))?;),
            (ParamLocation::Path, _) => continue,
        };
        let push = if p.required {
            push
        } else {
            quote!(if let Some(#value_local) = &params.#ident { #push })
        };
        match p.location {
            // Required single values start the list; the rest are pushed as present.
            ParamLocation::Query if p.required && !matches!(p.ty, Ty::List(_)) => {
                query_init.push(quote!((#wire, param(&#ident))));
            }
            ParamLocation::Query => query.push(push),
            _ => headers.push(push),
        }
    }
    let query_decl = match (query_init.is_empty(), query.is_empty()) {
        (true, true) => quote!(let query: Vec<(&str, String)> = Vec::new();),
        (false, true) => quote!(let query: Vec<(&str, String)> = Vec::from([#(#query_init),*]);),
        (true, false) => quote!(let mut query: Vec<(&str, String)> = Vec::new(); #(#query)*),
        (false, false) => quote!(let mut query: Vec<(&str, String)> = Vec::from([#(#query_init),*]); #(#query)*),
    };
    let method = format_ident!("{}", op.method.as_str());
    let auth = (!op.security.is_empty()).then(|| {
        let alternatives = op.security.iter().map(|alt| {
            let schemes = alt.iter().map(|r| format_ident!("{}", heck_pascal(&api.security_schemes[r.scheme].name)));
            quote!(&[#(Scheme::#schemes),*])
        });
        let mut names: Vec<&str> = op.security.iter().flatten().map(|r| api.security_schemes[r.scheme].key.as_str()).collect();
        names.dedup();
        quote! {
            #call.security = &[#(#alternatives),*];
            #call.accepted = &[#(#names),*];
        }
    });
    let body_code = op.body.as_ref().map(|b| match b.kind {
        BodyKind::Json => quote!(#call.json(body)?;),
        BodyKind::FormUrlEncoded => quote!(#call.form(body)?;),
        BodyKind::Multipart => quote!(#call.multipart(body)?;),
        BodyKind::OctetStream => {
            let media = header_media(&b.media_type, "application/octet-stream");
            quote!(#call.raw(#media, body.to_vec());)
        }
        BodyKind::Text => {
            let media = header_media(&b.media_type, "text/plain");
            quote!(#call.raw(#media, body.as_bytes().to_vec());)
        }
    });
    let idempotency = hints.and_then(|h| h.idempotency_key.as_ref()).and_then(|key| idempotency_check(ctx, op, key)).map(|check| {
        quote! {
            #call.retry_safe = #check;
        }
    });
    let mutates = auth.is_some() || !headers.is_empty() || body_code.is_some() || idempotency.is_some();
    let op_arg = (!api.security_schemes.is_empty()).then(|| quote!(#op_name,));
    let call_binding = if mutates { quote!(let mut #call) } else { quote!(let #call) };
    let (ret, send) = send_code(ctx, op);
    let url_fn = format_ident!("{}", reserved::URL);
    let docs = doc_attrs(&operation_docs(ctx, op));
    let helpers = plan.and_then(|p| p.pages.as_ref());
    let notes = operation_notes(op, hints, helpers);
    let allow = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let pages = hints
        .and_then(|h| h.pagination.as_ref())
        .zip(helpers)
        .and_then(|(p, names)| pagination_methods(ctx, op, p, names, &positional, params_struct.as_ref()));
    quote! {
        #(#docs)*
        #(#notes)*
        #allow
        pub async fn #name(&self, #(#args),*) -> Result<#ret, Error> {
            #(#deep)*
            #query_decl
            let #url = self.#url_fn(&[#(#segments),*], &query)?;
            #call_binding = Call::new(#op_arg Method::#method, #url);
            #auth
            #(#headers)*
            #body_code
            #idempotency
            #send
        }

        #pages
    }
}

/// The expression that says whether the caller set the idempotency key of `op`.
fn idempotency_check(ctx: &Ctx<'_>, op: &Operation, key: &IdempotencyKey) -> Option<TokenStream> {
    match key {
        IdempotencyKey::BodyField(wire) => {
            let body = op.body.as_ref()?;
            let path = hints::field_path(ctx.api, &body.ty, std::slice::from_ref(wire))?;
            let field = path.last()?;
            let owner = struct_of(ctx, &body.ty)?;
            let ident = format_ident!("{}", field.name);
            let string = field.ty == Ty::Scalar(Scalar::String);
            Some(match (is_option(owner, field), string) {
                (true, true) => {
                    let key = format_ident!("{}", op.locals.key);
                    quote!(body.#ident.as_deref().is_some_and(|#key| !#key.is_empty()))
                }
                (true, false) => quote!(body.#ident.is_some()),
                (false, true) => quote!(!body.#ident.is_empty()),
                (false, false) => quote!(true),
            })
        }
        IdempotencyKey::Header(wire) => {
            let p = op.params.iter().find(|p| p.location == ParamLocation::Header && p.wire == *wire)?;
            let ident = format_ident!("{}", p.name);
            Some(if p.required { quote!(true) } else { quote!(params.#ident.is_some()) })
        }
    }
}

/// The type definition a body or response type is a struct of (through aliases).
fn struct_of<'a>(ctx: &'a Ctx<'_>, ty: &Ty) -> Option<&'a crate::ir::TypeDef> {
    let def = ctx.api.ty(crate::ir::unaliased(ctx.api, ty)?);
    matches!(def.kind, crate::ir::TypeKind::Struct(_)).then_some(def)
}

/// Whether the models emitter wraps `field` of `owner` in `Option`.
fn is_option(owner: &crate::ir::TypeDef, field: &Field) -> bool {
    crate::plan::FieldForm::of(owner, field).is_option()
}

/// `<op>_pages` and `<op>_stream` for a paginated operation.
fn pagination_methods(
    ctx: &Ctx<'_>,
    op: &Operation,
    p: &Pagination,
    helpers: &PageHelpers,
    positional: &[&Param],
    params_struct: Option<&Ident>,
) -> Option<TokenStream> {
    let params_struct = params_struct?;
    let page_ty = &helpers.page;
    let page = ctx.ty(page_ty, &quote!(models::));
    let cursor_param = op.params.iter().find(|q| q.location == ParamLocation::Query && q.wire == p.cursor_param)?;
    let cursor_ident = format_ident!("{}", cursor_param.name);
    let l = &op.locals;
    let (client, cursor_local, page_local) = (format_ident!("{}", l.client), format_ident!("{}", l.cursor), format_ident!("{}", l.page));
    let clone = format_ident!("{}", reserved::CLONE);
    let cursor = access_ref(ctx, page_ty, &p.next_cursor, &page_local)?;
    let item = ctx.ty(&helpers.item, &quote!(models::));
    let items = access_owned(ctx, page_ty, &p.items, &page_local)?;
    let name = format_ident!("{}", op.name);
    let pages_name = format_ident!("{}", helpers.pages);
    let stream_name = format_ident!("{}", helpers.stream);
    // Arguments as the page methods take them, owned copies for the closure, and how each
    // page's call borrows them again.
    let mut args = Vec::new();
    let mut owned = Vec::new();
    let mut call_args = Vec::new();
    let mut names = Vec::new();
    for q in positional {
        let ident = format_ident!("{}", q.name);
        let ty = arg_ty(ctx, &q.ty);
        args.push(quote!(#ident: #ty));
        names.push(quote!(#ident));
        match &q.ty {
            Ty::Scalar(Scalar::String) => {
                owned.push(quote!(let #ident = #ident.to_string();));
                call_args.push(quote!(&#ident));
            }
            Ty::List(_) => {
                owned.push(quote!(let #ident = #ident.to_vec();));
                call_args.push(quote!(&#ident));
            }
            Ty::Named(_) | Ty::Map(_) | Ty::Tuple(_) | Ty::Any | Ty::Object | Ty::Scalar(Scalar::Bytes) => {
                owned.push(quote!(let #ident = #ident.clone();));
                call_args.push(quote!(&#ident));
            }
            Ty::Scalar(_) => call_args.push(quote!(#ident)),
        }
    }
    args.push(quote!(params: &crate::params::#params_struct));
    names.push(quote!(params));
    call_args.push(quote!(&params));
    if let Some(body) = &op.body {
        let ty = body_arg(ctx, body);
        args.push(quote!(body: #ty));
        names.push(quote!(body));
        owned.push(quote!(let body = body.clone();));
        call_args.push(quote!(&body));
    }
    let clone_owned: Vec<TokenStream> = positional
        .iter()
        .filter(|q| !matches!(q.ty, Ty::Scalar(ref s) if *s != Scalar::String))
        .map(|q| {
            let ident = format_ident!("{}", q.name);
            quote!(let #ident = #ident.clone();)
        })
        .chain(op.body.as_ref().map(|_| quote!(let body = body.clone();)))
        .collect();
    let wire = code(&p.cursor_param);
    let next_path = code(&p.next_cursor.join("."));
    let items_text = code(&p.items.join("."));
    let pages_doc = doc_lines(&format!(
        "Every page of [`{op}`](Self::{op}), fetched as the stream is read: the first with \
         `params` as given (its {wire} included), each next one with {wire} set to the \
         previous page's {next_path}. See [`Pages`].",
        op = op.name,
    ));
    let stream_doc = doc_lines(&format!(
        "Every item ({items_text}) of every page of [`{op}`](Self::{op}), fetched a page at a \
         time as the stream is read. See [`Items`].",
        op = op.name,
    ));
    let allow = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    Some(quote! {
        #(#pages_doc)*
        #allow
        pub fn #pages_name(&self, #(#args),*) -> Pages<#page> {
            let #client = self.#clone();
            #(#owned)*
            let params = params.clone();
            Pages::new(
                params.#cursor_ident.clone(),
                move |#cursor_local| {
                    let #client = #client.clone();
                    let mut params = params.clone();
                    params.#cursor_ident = #cursor_local;
                    #(#clone_owned)*
                    Box::pin(async move { #client.#name(#(#call_args),*).await })
                },
                |#page_local| #cursor,
            )
        }

        #(#stream_doc)*
        #allow
        pub fn #stream_name(&self, #(#args),*) -> Items<#item> {
            Items::new(self.#pages_name(#(#names),*), |#page_local| #items)
        }
    })
}

/// `Option<String>` of the string at `path` below `page: &T`.
fn access_ref(ctx: &Ctx<'_>, root: &Ty, path: &[String], page: &Ident) -> Option<TokenStream> {
    let fields = hints::field_path(ctx.api, root, path)?;
    let mut expr = quote!(#page);
    let mut optional = false;
    let mut owner_ty = root.clone();
    for field in fields {
        let owner = struct_of(ctx, &owner_ty)?;
        let ident = format_ident!("{}", field.name);
        let as_ref = if field.boxed { quote!(as_deref) } else { quote!(as_ref) };
        expr = match (optional, is_option(owner, field)) {
            (false, true) => quote!(#expr.#ident.#as_ref()),
            (false, false) => quote!(#expr.#ident),
            (true, true) => quote!(#expr.and_then(|v| v.#ident.#as_ref())),
            (true, false) => quote!(#expr.map(|v| &v.#ident)),
        };
        optional |= is_option(owner, field);
        owner_ty = field.ty.clone();
    }
    Some(if optional { quote!(#expr.cloned()) } else { quote!(Some(#expr.clone())) })
}

/// The `Vec` at `path`, moved out of `page: T`; empty when a step on the way is absent.
fn access_owned(ctx: &Ctx<'_>, root: &Ty, path: &[String], page: &Ident) -> Option<TokenStream> {
    let fields = hints::field_path(ctx.api, root, path)?;
    let mut expr = quote!(#page);
    let mut optional = false;
    let mut owner_ty = root.clone();
    for field in fields {
        let owner = struct_of(ctx, &owner_ty)?;
        let ident = format_ident!("{}", field.name);
        expr = match (optional, is_option(owner, field), field.boxed) {
            (false, true, false) => quote!(#expr.#ident),
            (false, true, true) => quote!(#expr.#ident.map(|v| *v)),
            (false, false, false) => quote!(#expr.#ident),
            (false, false, true) => quote!((*#expr.#ident)),
            (true, true, false) => quote!(#expr.and_then(|v| v.#ident)),
            (true, true, true) => quote!(#expr.and_then(|v| v.#ident).map(|v| *v)),
            (true, false, false) => quote!(#expr.map(|v| v.#ident)),
            (true, false, true) => quote!(#expr.map(|v| *v.#ident)),
        };
        optional |= is_option(owner, field);
        owner_ty = field.ty.clone();
    }
    Some(if optional { quote!(#expr.unwrap_or_default()) } else { expr })
}

fn body_arg(ctx: &Ctx<'_>, body: &Body) -> TokenStream {
    match body.kind {
        BodyKind::Multipart => quote!(&crate::multipart::Form),
        BodyKind::OctetStream => quote!(&[u8]),
        BodyKind::Text => quote!(&str),
        BodyKind::Json | BodyKind::FormUrlEncoded => arg_ty(ctx, &body.ty),
    }
}

/// Whether a segment of the operation's path is filled in from parameters (so that
/// `crate::path::segment` checks it).
pub fn has_templated_segment(op: &Operation) -> bool {
    use crate::ir::path::{pieces, Piece};
    op.path.split('/').any(|s| pieces(s).iter().any(|p| matches!(p, Piece::Param(_))))
}

/// `/a/{id}/b` → `["a", &crate::path::segment(param(&id), "id")?, "b"]`: a segment made from
/// parameters is refused when it would be `""`, `.` or `..`. Braces that are not a `{name}`
/// are text (see [`crate::ir::path`]).
fn path_segments(op: &Operation) -> Vec<TokenStream> {
    use crate::ir::path::{pieces, Piece};
    let param_fn = format_ident!("{}", reserved::PARAM_FN);
    op.path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|segment| {
            let pieces = pieces(segment);
            let names: Vec<&str> = pieces.iter().filter_map(|p| match p { Piece::Param(n) => Some(*n), Piece::Text(_) => None }).collect();
            if names.is_empty() {
                return quote!(#segment);
            }
            let value = |name: &str| match op.params.iter().find(|p| p.location == ParamLocation::Path && p.wire == name) {
                Some(p) => {
                    let ident = format_ident!("{}", p.name);
                    quote!(#param_fn(&#ident))
                }
                None => quote!(String::new()),
            };
            let text = match pieces.as_slice() {
                [Piece::Param(name)] => value(name),
                _ => {
                    let mut format = String::new();
                    let mut values = Vec::new();
                    for piece in &pieces {
                        match piece {
                            Piece::Text(text) => format.push_str(&text.replace('{', "{{").replace('}', "}}")),
                            Piece::Param(name) => {
                                format.push_str("{}");
                                values.push(value(name));
                            }
                        }
                    }
                    quote!(format!(#format, #(#values),*))
                }
            };
            let names = names.join("`, `");
            quote!(&crate::path::segment(#text, #names)?)
        })
        .collect()
}

/// The media type as the runtime's `HeaderValue::from_static` takes it: that panics on
/// anything but visible ASCII, so a spec's media type with a line break or a non-ASCII
/// character is sent as `fallback` instead of panicking in every call.
fn header_media<'a>(media: &'a str, fallback: &'a str) -> &'a str {
    let valid = !media.is_empty() && media.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b));
    if valid {
        media
    } else {
        fallback
    }
}

fn operation_docs(ctx: &Ctx<'_>, op: &Operation) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &op.summary {
        parts.push(s.clone());
    }
    if let Some(d) = &op.docs.description {
        if op.summary.as_deref() != Some(d.as_str()) {
            parts.push(d.clone());
        }
    }
    parts.push(code(&format!("{} {}", op.method.as_str(), op.path)));
    let mut needs: Vec<String> = Vec::new();
    for alt in &op.security {
        let text: Vec<String> = alt
            .iter()
            .map(|r| {
                let key = &ctx.api.security_schemes[r.scheme].key;
                if r.scopes.is_empty() {
                    code(key)
                } else {
                    format!("{} with scope {}", code(key), r.scopes.iter().map(|s| code(s)).collect::<Vec<_>>().join(", "))
                }
            })
            .collect();
        needs.push(text.join(" and "));
    }
    if !needs.is_empty() {
        parts.push(format!("Credentials: {}.", needs.join(", or ")));
    }
    if op.docs.deprecated {
        parts.push("Deprecated by the API.".to_string());
    }
    item_text(&crate::ir::Docs { title: None, description: Some(parts.join("\n\n")), deprecated: false }, "")
}

/// What the runtime does with the operation (retries, page streams), as rustdoc lines:
/// written here, so not escaped like spec prose.
fn operation_notes(op: &Operation, hints: Option<&hints::OperationHints>, helpers: Option<&PageHelpers>) -> Vec<TokenStream> {
    let mut parts: Vec<String> = Vec::new();
    if !hints::is_idempotent(op.method) {
        let key = hints.and_then(|h| h.idempotency_key.as_ref());
        parts.push(match key {
            Some(IdempotencyKey::BodyField(wire)) => format!(
                "Retried after a transient failure only when the body's {} is set: every attempt sends the same body.",
                code(wire)
            ),
            Some(IdempotencyKey::Header(wire)) => {
                format!("Retried after a transient failure only when the {} header is set.", code(wire))
            }
            None => format!(
                "Not retried (a `{}` sent twice may act twice) unless the call is marked idempotent with `RequestOptions::idempotent`.",
                op.method.as_str()
            ),
        });
    }
    if let Some(h) = helpers {
        parts.push(format!("All pages: [`{pages}`](Self::{pages}); all items: [`{stream}`](Self::{stream}).", pages = h.pages, stream = h.stream));
    }
    let mut text = String::new();
    for part in parts {
        text.push('\n');
        text.push_str(&part);
        text.push('\n');
    }
    doc_lines(&text)
}

/// `params.rs`: a struct of the optional parameters of each operation that has some.
pub fn params(ctx: &Ctx<'_>) -> Option<TokenStream> {
    let structs: Vec<TokenStream> = ctx
        .api
        .operations
        .iter()
        .filter(|op| op.params.iter().any(|p| !p.required))
        .map(|op| {
            let name = format_ident!("{}", op.params_name);
            let doc = format!(" Optional parameters of [`Client::{}`](crate::Client::{}).", op.name, op.name);
            let fields = op.params.iter().filter(|p| !p.required).map(|p| {
                let ident = format_ident!("{}", p.name);
                let ty = ctx.ty(&p.ty, &quote!(crate::models::));
                let docs = doc_attrs(&item_text(&p.docs, &format!("The {} {} parameter.", code(&p.wire), location(p.location))));
                quote! {
                    #(#docs)*
                    pub #ident: Option<#ty>,
                }
            });
            quote! {
                #[doc = #doc]
                ///
                /// Start from `Default::default()` and set what you need.
                #[derive(Debug, Clone, Default, PartialEq)]
                pub struct #name {
                    #(#fields)*
                }
            }
        })
        .collect();
    if structs.is_empty() {
        return None;
    }
    Some(quote! {
        //! Optional parameters of operations, one struct per operation that has some.
        #(#structs)*
    })
}

fn location(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}
