//! `client.rs` and `params.rs`: the client, its builder and credentials, and one async
//! method per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, item_text};
use super::Ctx;
use crate::ir::{Body, BodyKind, Operation, Param, ParamLocation, Scalar, SecurityKind, Ty};
use crate::Config;

pub fn client(ctx: &Ctx<'_>, config: &Config) -> TokenStream {
    let api = ctx.api;
    let base_url = if api.base_url.is_empty() { config.base_url_fallback.as_str() } else { api.base_url.as_str() };
    let schemes: Vec<_> = api.security_schemes.iter().map(|s| format_ident!("{}", heck_pascal(&s.name))).collect();
    let fields: Vec<_> = api.security_schemes.iter().map(|s| format_ident!("{}", s.name)).collect();
    let setters = api.security_schemes.iter().zip(&fields).map(|(s, field)| {
        let (setter, what) = match &s.kind {
            SecurityKind::ApiKey { location, param } => {
                let place = match location {
                    ParamLocation::Query => format!("the `{param}` query parameter"),
                    ParamLocation::Cookie => format!("the `{param}` cookie"),
                    _ => format!("the `{param}` header"),
                };
                (format_ident!("{}", s.name), format!("The API key of the `{}` scheme, sent as {place}.", s.key))
            }
            SecurityKind::Bearer | SecurityKind::OAuth2 => (
                format_ident!("{}_token", s.name),
                format!("The token of the `{}` scheme, sent as `Authorization: Bearer <token>`.", s.key),
            ),
            SecurityKind::Basic => (
                format_ident!("{}_credentials", s.name),
                format!("The `user:password` of the `{}` scheme, sent as HTTP Basic authentication.", s.key),
            ),
        };
        let mut text = what;
        if let Some(d) = &s.docs.description {
            text.push_str("\n\n");
            text.push_str(d);
        }
        let docs = doc_attrs(&text);
        quote! {
            #(#docs)*
            pub fn #setter(mut self, secret: impl Into<String>) -> Self {
                self.credentials.#field = Some(Secret(secret.into()));
                self
            }
        }
    });
    let apply_arms = api.security_schemes.iter().zip(&schemes).zip(&fields).map(|((s, scheme), field)| {
        let apply = match &s.kind {
            SecurityKind::ApiKey { location: ParamLocation::Query, param } => quote!(request.query(&[(#param, secret.0.as_str())])),
            SecurityKind::ApiKey { location: ParamLocation::Cookie, param } => {
                quote!(request.header(reqwest::header::COOKIE, format!("{}={}", #param, secret.0)))
            }
            SecurityKind::ApiKey { param, .. } => quote!(request.header(#param, secret.0.as_str())),
            SecurityKind::Bearer | SecurityKind::OAuth2 => quote!(request.bearer_auth(&secret.0)),
            SecurityKind::Basic => quote! {
                match secret.0.split_once(':') {
                    Some((user, password)) => request.basic_auth(user, Some(password)),
                    None => request.basic_auth(&secret.0, None::<&str>),
                }
            },
        };
        quote!(Scheme::#scheme => self.credentials.#field.as_ref().map(|secret| #apply),)
    });
    let scheme_enum = (!schemes.is_empty()).then(|| {
        let authorize = authorize_fn(&schemes);
        quote! {
            /// The API's security schemes.
            #[derive(Debug, Clone, Copy)]
            enum Scheme {
                #(#schemes,)*
            }

            impl Client {
                #authorize

                /// `request` with the credential of `scheme`, or `None` without one.
                fn apply(&self, request: RequestBuilder, scheme: Scheme) -> Option<RequestBuilder> {
                    match scheme {
                        #(#apply_arms)*
                    }
                }
            }
        }
    });
    let methods: Vec<TokenStream> = api.operations.iter().map(|op| operation(ctx, op)).collect();
    let has_schemes = !api.security_schemes.is_empty();
    let uses = Uses::of(ctx);
    let creds_debug = fields.iter().map(|f| {
        let name = f.to_string();
        quote!(.field(#name, &self.#f.as_ref().map(|_| "<redacted>")))
    });
    let credentials = has_schemes.then(|| {
        quote! {
            /// A credential. Its `Debug` never shows it.
            #[derive(Clone)]
            struct Secret(String);

            impl fmt::Debug for Secret {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("<redacted>")
                }
            }

            #[derive(Clone, Default)]
            struct Credentials {
                #(#fields: Option<Secret>,)*
            }

            impl fmt::Debug for Credentials {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.debug_struct("Credentials") #(#creds_debug)* .finish()
                }
            }
        }
    });
    let (cred_field, cred_builder_field, cred_init) = if has_schemes {
        (quote!(credentials: Credentials,), quote!(credentials: Credentials,), quote!(, credentials: self.credentials))
    } else {
        (quote!(), quote!(), quote!())
    };
    let send = uses.send.then(|| {
        quote! {
            async fn send<T: serde::de::DeserializeOwned>(&self, request: RequestBuilder) -> Result<Response<T>, Error> {
                let (status, headers, body) = self.execute(request).await?;
                match serde_json::from_slice(&body) {
                    Ok(value) => Ok(Response::new(status, headers, value)),
                    Err(e) => Err(Error::Decode {
                        status,
                        message: e.to_string(),
                        body: String::from_utf8_lossy(&body).into_owned(),
                    }),
                }
            }
        }
    });
    let send_empty = uses.send_empty.then(|| {
        quote! {
            async fn send_empty(&self, request: RequestBuilder) -> Result<Response<()>, Error> {
                let (status, headers, _) = self.execute(request).await?;
                Ok(Response::new(status, headers, ()))
            }
        }
    });
    let plumbing = (!methods.is_empty()).then(|| {
        quote! {
            /// The URL of a path below the base URL, each segment percent-encoded.
            fn url(&self, segments: &[&str], query: &[(&str, String)]) -> Result<Url, Error> {
                let mut url = self.base_url.clone();
                url.path_segments_mut()
                    .map_err(|()| Error::InvalidRequest("the base URL cannot have a path".to_string()))?
                    .pop_if_empty()
                    .extend(segments);
                if !query.is_empty() {
                    url.query_pairs_mut().extend_pairs(query);
                }
                Ok(url)
            }

            #send

            #send_empty

            async fn execute(&self, request: RequestBuilder) -> Result<(u16, HeaderMap, Vec<u8>), Error> {
                let response = request.send().await.map_err(Error::transport)?;
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                let body = response.bytes().await.map_err(Error::transport)?.to_vec();
                if !(200..300).contains(&status) {
                    let raw = String::from_utf8_lossy(&body).into_owned();
                    return Err(Error::Api(Box::new(ApiError::new(status, headers, raw))));
                }
                Ok((status, headers, body))
            }
        }
    });
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
    let imports = if methods.is_empty() {
        quote!(use reqwest::Url; use crate::Error;)
    } else {
        let models_import = uses.models.then(|| quote!(models,));
        let request_builder = (uses.send || uses.send_empty).then(|| quote!(RequestBuilder,));
        quote! {
            use reqwest::header::HeaderMap;
            use reqwest::{Method, #request_builder Url};

            use crate::{#models_import ApiError, Error, Response};
        }
    };
    let fmt_import = has_schemes.then(|| quote!(use std::fmt;));
    quote! {
        //! The client: one async method per operation of the API.

        #fmt_import

        #imports

        /// A client of the API. Cloning is cheap and clones share connections.
        #[derive(Clone, Debug)]
        pub struct Client {
            http: reqwest::Client,
            base_url: Url,
            #cred_field
        }

        /// Configures a [`Client`]: base URL, credentials, HTTP client.
        #[derive(Default, Debug)]
        pub struct ClientBuilder {
            base_url: Option<String>,
            http: Option<reqwest::Client>,
            #cred_builder_field
        }

        #credentials

        impl ClientBuilder {
            /// The API's address; the default is [`Client::DEFAULT_BASE_URL`].
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.base_url = Some(url.into());
                self
            }

            /// The HTTP client to send requests with, for your own timeouts, proxies or TLS settings.
            pub fn http_client(mut self, http: reqwest::Client) -> Self {
                self.http = Some(http);
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
                let http = match self.http {
                    Some(http) => http,
                    None => reqwest::Client::builder()
                        .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
                        .build()
                        .map_err(Error::transport)?,
                };
                Ok(Client { http, base_url #cred_init })
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
                self.base_url.as_str()
            }

            #plumbing

            #(#methods)*
        }

        #param_fn

        #scheme_enum
    }
}

/// Which shared pieces the operations need, so that the crate has no dead code.
struct Uses {
    send: bool,
    send_empty: bool,
    param: bool,
    models: bool,
}

impl Uses {
    fn of(ctx: &Ctx<'_>) -> Self {
        let ops = &ctx.api.operations;
        let named = |ty: &Ty| ty.mentions_named();
        Uses {
            send: ops.iter().any(|op| success_types(op).next().is_some()),
            send_empty: ops.iter().any(|op| success_types(op).next().is_none()),
            param: ops.iter().any(|op| !op.params.is_empty()),
            models: ops.iter().any(|op| {
                op.params.iter().any(|p| p.required && named(&p.ty))
                    || op.body.as_ref().is_some_and(|b| named(&b.ty) && matches!(b.kind, BodyKind::Json | BodyKind::FormUrlEncoded))
                    || success_types(op).any(named)
            }),
        }
    }
}

fn success_types(op: &Operation) -> impl Iterator<Item = &Ty> {
    op.responses.iter().filter(|r| r.status.is_success()).filter_map(|r| r.body.as_ref().map(|b| &b.ty))
}

impl Ty {
    fn mentions_named(&self) -> bool {
        match self {
            Ty::Named(_) => true,
            Ty::List(t) | Ty::Map(t) => t.mentions_named(),
            Ty::Scalar(_) | Ty::Any => false,
        }
    }
}

fn heck_pascal(s: &str) -> String {
    crate::names::ident(s, crate::names::Case::Pascal)
}

fn authorize_fn(_schemes: &[proc_macro2::Ident]) -> TokenStream {
    quote! {
        /// Adds the credentials of the first alternative in `accepted` the client has all of.
        fn authorize(
            &self,
            request: RequestBuilder,
            operation: &'static str,
            accepted: &[&[Scheme]],
            names: &'static [&'static str],
        ) -> Result<RequestBuilder, Error> {
            if accepted.is_empty() {
                return Ok(request);
            }
            'alternatives: for alternative in accepted {
                let mut candidate = match request.try_clone() {
                    Some(candidate) => candidate,
                    None => break,
                };
                for scheme in *alternative {
                    match self.apply(candidate, *scheme) {
                        Some(next) => candidate = next,
                        None => continue 'alternatives,
                    }
                }
                return Ok(candidate);
            }
            Err(Error::MissingCredentials { operation, accepted: names })
        }
    }
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
        Ty::Named(_) | Ty::Map(_) | Ty::Any => {
            let t = ctx.ty(ty, &models);
            quote!(&#t)
        }
        Ty::Scalar(_) => ctx.ty(ty, &models),
    }
}

fn operation(ctx: &Ctx<'_>, op: &Operation) -> TokenStream {
    let api = ctx.api;
    let name = format_ident!("{}", op.name);
    let op_name = op.name.as_str();
    let models = quote!(models::);
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
    let mut query_init = Vec::new();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for p in &op.params {
        let wire = &p.wire;
        let ident = format_ident!("{}", p.name);
        let value = if p.required { quote!(#ident) } else { quote!(value) };
        let push = match (p.location, &p.ty) {
            (ParamLocation::Query, Ty::List(_)) if p.explode => {
                quote!(query.extend(#value.iter().map(|item| (#wire, param(item))));)
            }
            (ParamLocation::Query, Ty::List(_)) => {
                quote!(query.push((#wire, #value.iter().map(|item| param(item)).collect::<Vec<_>>().join(",")));)
            }
            (ParamLocation::Query, _) => quote!(query.push((#wire, param(&#value)));),
            (ParamLocation::Header, _) => quote!(request = request.header(#wire, param(&#value));),
            (ParamLocation::Cookie, _) => {
                quote!(request = request.header(reqwest::header::COOKIE, format!("{}={}", #wire, param(&#value)));)
            }
            (ParamLocation::Path, _) => continue,
        };
        let push = if p.required {
            push
        } else {
            quote!(if let Some(value) = &params.#ident { #push })
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
        (false, true) => quote!(let query: Vec<(&str, String)> = vec![#(#query_init),*];),
        (true, false) => quote!(let mut query: Vec<(&str, String)> = Vec::new(); #(#query)*),
        (false, false) => quote!(let mut query: Vec<(&str, String)> = vec![#(#query_init),*]; #(#query)*),
    };
    let method = format_ident!("{}", op.method.as_str());
    let auth = if op.security.is_empty() {
        quote!()
    } else {
        let alternatives = op.security.iter().map(|alt| {
            let schemes = alt.iter().map(|r| format_ident!("{}", heck_pascal(&api.security_schemes[r.scheme].name)));
            quote!(&[#(Scheme::#schemes),*])
        });
        let mut names: Vec<&str> = op.security.iter().flatten().map(|r| api.security_schemes[r.scheme].key.as_str()).collect();
        names.dedup();
        quote!(let request = self.authorize(request, #op_name, &[#(#alternatives),*], &[#(#names),*])?;)
    };
    let header_code = if headers.is_empty() { quote!() } else { quote!(let mut request = request; #(#headers)*) };
    let body_code = op.body.as_ref().map(|b| match b.kind {
        BodyKind::Json => quote!(let request = request.json(body);),
        BodyKind::FormUrlEncoded => quote!(let request = request.form(body);),
        BodyKind::Multipart => quote!(let request = request.multipart(body);),
        BodyKind::OctetStream | BodyKind::Text => {
            let media = &b.media_type;
            quote!(let request = request.header(reqwest::header::CONTENT_TYPE, #media).body(body.to_owned());)
        }
    });
    let success: Vec<&Ty> = op.responses.iter().filter(|r| r.status.is_success()).filter_map(|r| r.body.as_ref().map(|b| &b.ty)).collect();
    let (ret, send) = match success.first() {
        Some(first) if success.iter().all(|t| t == first) => {
            let t = ctx.ty(first, &models);
            (quote!(Response<#t>), quote!(self.send(request).await))
        }
        Some(_) => (quote!(Response<serde_json::Value>), quote!(self.send(request).await)),
        None => (quote!(Response<()>), quote!(self.send_empty(request).await)),
    };
    let docs = doc_attrs(&operation_docs(ctx, op));
    let allow = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #(#docs)*
        #allow
        pub async fn #name(&self, #(#args),*) -> Result<#ret, Error> {
            #query_decl
            let url = self.url(&[#(#segments),*], &query)?;
            let request = self.http.request(Method::#method, url);
            #header_code
            #auth
            #body_code
            #send
        }
    }
}

fn body_arg(ctx: &Ctx<'_>, body: &Body) -> TokenStream {
    match body.kind {
        BodyKind::Multipart => quote!(reqwest::multipart::Form),
        BodyKind::OctetStream => quote!(&[u8]),
        BodyKind::Text => quote!(&str),
        BodyKind::Json | BodyKind::FormUrlEncoded => arg_ty(ctx, &body.ty),
    }
}

/// `/a/{id}/b` → `["a", &param(&id), "b"]`.
fn path_segments(op: &Operation) -> Vec<TokenStream> {
    op.path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|segment| {
            if !segment.contains('{') {
                return quote!(#segment);
            }
            let mut format = String::new();
            let mut values = Vec::new();
            let mut rest = segment;
            while let Some(start) = rest.find('{') {
                let Some(len) = rest[start..].find('}') else { break };
                format.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
                format.push_str("{}");
                let wire = &rest[start + 1..start + len];
                let ident = op
                    .params
                    .iter()
                    .find(|p| p.location == ParamLocation::Path && p.wire == wire)
                    .map(|p| format_ident!("{}", p.name));
                values.push(match ident {
                    Some(ident) => quote!(param(&#ident)),
                    None => quote!(""),
                });
                rest = &rest[start + len + 1..];
            }
            format.push_str(&rest.replace('{', "{{").replace('}', "}}"));
            if format == "{}" {
                let v = &values[0];
                quote!(&#v)
            } else {
                quote!(&format!(#format, #(#values),*))
            }
        })
        .collect()
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
    parts.push(format!("`{} {}`", op.method.as_str(), op.path));
    let mut needs: Vec<String> = Vec::new();
    for alt in &op.security {
        let text: Vec<String> = alt
            .iter()
            .map(|r| {
                let key = &ctx.api.security_schemes[r.scheme].key;
                if r.scopes.is_empty() {
                    format!("`{key}`")
                } else {
                    format!("`{key}` with scope `{}`", r.scopes.join("`, `"))
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
                let docs = doc_attrs(&item_text(&p.docs, &format!("The `{}` {} parameter.", p.wire, location(p.location))));
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
