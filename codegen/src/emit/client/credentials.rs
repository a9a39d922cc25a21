//! The credentials of the generated client: `Secret`, `Token`, `Credentials`, `Scheme`, and
//! the `ClientBuilder` setter of each security scheme.

use super::*;
use crate::plan::credentials::{Scheme, UrlRole};

/// The token URLs of a scheme's OAuth 2 flows, as constants of `Client`: name, URL, doc.
fn token_urls(key: &str, plan: &Scheme) -> Vec<(Ident, String, String)> {
    let key = code(key);
    let doc = |role| match role {
        UrlRole::Token => format!(
            "The token endpoint of the {key} scheme's authorization-code flow (its `tokenUrl`): for \
             [`OAuthTokens`](crate::OAuthTokens), which exchanges codes and refresh tokens there."
        ),
        UrlRole::Refresh => {
            format!("Where the {key} scheme's refresh tokens are exchanged (its `refreshUrl`), for [`OAuthTokens`](crate::OAuthTokens).")
        }
        UrlRole::ClientCredentials => format!(
            "The token endpoint of the {key} scheme's client-credentials flow (its `tokenUrl`): for \
             [`OAuthTokens::with_client_credentials`](crate::OAuthTokens::with_client_credentials)."
        ),
    };
    plan.urls.iter().map(|u| (format_ident!("{}", u.name), u.url.clone(), doc(u.role))).collect()
}

/// The setters of every credential, on the builder (`credentials` is
/// `self.options.credentials`) and on `RequestOptions` (`self.credentials`).
pub fn credential_setters(ctx: &Ctx<'_>, credentials: &TokenStream) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for (s, plan) in ctx.api.security_schemes.iter().zip(&ctx.plan.credentials.schemes) {
        let field = format_ident!("{}", plan.field);
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
                let setter = format_ident!("{}", plan.setter);
                out.push(quote! {
                    #(#docs)*
                    pub fn #setter(mut self, key: impl Into<String>) -> Self {
                        #credentials.#field = Some(Secret(key.into()));
                        self
                    }
                });
            }
            SecurityKind::Bearer | SecurityKind::OAuth2 => {
                let setter = format_ident!("{}", plan.setter);
                // The plan gives every token scheme a provider setter.
                let Some(provider) = plan.provider_setter.as_deref().map(|p| format_ident!("{}", p)) else { continue };
                let docs = described(format!(
                    "The token of the {} scheme, sent as `Authorization: Bearer <token>`.",
                    code(&s.key)
                ));
                let mut provider_text = format!(
                    "Where the token of the {} scheme comes from, asked before every attempt: for \
                     OAuth access tokens that expire. Replaces a token set with `{setter}`. When the API \
                     answers `401`, a provider that renews the token (see `TokenProvider::renew`) gets \
                     the call sent once more.",
                    code(&s.key)
                );
                if let Some(name) = plan.urls.first().map(|u| &u.name) {
                    provider_text.push_str(&format!(
                        "\n\n[`OAuthTokens`](crate::OAuthTokens) gets and refreshes the tokens itself, from \
                         [`Client::{name}`](crate::Client::{name})."
                    ));
                }
                let provider_docs = doc_lines(&provider_text);
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
                let setter = format_ident!("{}", plan.setter);
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

/// `Secret`, `Token`, `Credentials`, `Scheme` and `Client::authorize`.
pub(super) fn credentials(ctx: &Ctx<'_>) -> TokenStream {
    let plan = &ctx.plan.credentials;
    let has_tokens = plan.tokens;
    let names: Vec<(Ident, Ident)> = plan.schemes.iter().map(|s| (format_ident!("{}", s.field), format_ident!("{}", s.variant))).collect();
    let fields = plan.schemes.iter().zip(&names).map(|(s, (field, _))| {
        if s.token {
            quote!(pub(crate) #field: Option<Token>,)
        } else {
            quote!(pub(crate) #field: Option<Secret>,)
        }
    });
    let debug_fields = names.iter().map(|(field, _)| {
        let name = field.to_string();
        quote!(.field(#name, &self.#field.as_ref().map(|_| "<redacted>")))
    });
    let merge_fields = names.iter().map(|(field, _)| {
        quote!(#field: over.#field.clone().or_else(|| self.#field.clone()),)
    });
    let variants: Vec<&Ident> = names.iter().map(|(_, variant)| variant).collect();
    let has_arms = names.iter().map(|(field, variant)| {
        quote!(Scheme::#variant => self.#field.is_some(),)
    });
    let apply_arms: Vec<TokenStream> = ctx
        .api
        .security_schemes
        .iter()
        .zip(&names)
        .map(|(s, (field, variant))| {
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
                        .map_err(|_| Error::invalid_request(format!("`{}` is not a valid header name", #param)))?;
                    headers.insert(name, sensitive(secret.0.clone(), #key)?);
                    secrets.push(secret.0.clone());
                },
                SecurityKind::Bearer | SecurityKind::OAuth2 => quote! {
                    let token = secret.get(call).await?;
                    let mut value = String::with_capacity(7 + token.len());
                    value.push_str("Bearer ");
                    value.push_str(&token);
                    headers.insert(http::header::AUTHORIZATION, sensitive(value, #key)?);
                    secrets.push(token);
                },
                SecurityKind::Basic => {
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
    let url_param = if plan.in_query { format_ident!("url") } else { format_ident!("_url") };
    let sensitive = plan.in_header.then(|| {
        quote! {
            /// A header value that HTTP/2 header compression and logs leave alone; it takes `text`'s
            /// buffer rather than copy it.
            fn sensitive(text: String, scheme: &str) -> Result<http::HeaderValue, Error> {
                let mut value = http::HeaderValue::try_from(text)
                    .map_err(|_| Error::invalid_request(format!("the `{scheme}` credential is not a valid header value")))?;
                value.set_sensitive(true);
                Ok(value)
            }
        }
    });
    let base64_fn = plan.basic.then(|| {
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
                /// The token to send; one from a provider is noted in `call`, for a `401` to have
                /// it renewed.
                async fn get(&self, call: &Call) -> Result<String, Error> {
                    match self {
                        Token::Static(secret) => Ok(secret.0.clone()),
                        Token::Provider(provider) => {
                            let token = provider.token().await?;
                            call.sent_token(provider, &token);
                            Ok(token)
                        }
                    }
                }
            }
        }
    });
    let token_consts = ctx.api.security_schemes.iter().zip(&plan.schemes).flat_map(|(s, p)| token_urls(&s.key, p)).map(|(name, url, doc)| {
        let docs = doc_lines(&doc);
        quote! {
            #(#docs)*
            pub const #name: &'static str = #url;
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
            #(#token_consts)*

            /// Adds to the request the credentials of the first alternative the operation
            /// accepts that this client has in full. Returns the secrets sent, to keep them out
            /// of errors (`redact::Secrets` adds their encoded forms).
            pub(crate) async fn authorize(
                &self,
                call: &Call,
                #url_param: &mut reqwest::Url,
                headers: &mut http::HeaderMap,
            ) -> Result<Vec<String>, Error> {
                let mut secrets = Vec::new();
                if call.security.is_empty() {
                    return Ok(secrets);
                }
                let credentials = &self.options.credentials;
                let Some(alternative) = call.security.iter().find(|schemes| schemes.iter().all(|s| credentials.has(*s))) else {
                    return Err(Error::missing_credentials(call.operation, call.accepted));
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
