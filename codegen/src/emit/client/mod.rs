//! `client.rs` and `params.rs`: the client, its builder and credentials, and one async
//! method per operation (plus page streams for paginated ones), printed from the plan. What
//! every operation shares (the call engine, errors, transport, options) is in `runtime`.

mod bodies;
mod credentials;
mod errors;
mod operations;
mod pages;
mod params;
mod responses;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, item_text};
use super::runtime::doc_lines;
use super::Ctx;
use crate::plan::{success, ArgForm, OperationPlan, PageHelpers, RetrySafe, Sent, Step, Success};
use crate::ir::{
    BodyKind, IdempotencyKey, Operation, Pagination, ParamLocation, ResponseKind, SecurityKind, Status, Ty,
};
use crate::reserved;

// The submodules are one file each of what was one emitter; they share these imports and
// each other's helpers (`use super::*`).
use credentials::*;
use errors::*;
use operations::*;
use pages::*;
use responses::*;

pub use bodies::multipart_bodies;
pub use credentials::credential_setters;
pub use params::{params, params_doc};
pub use responses::{responses, responses_doc};

/// Each operation's methods (itself and its page helpers), without their `cfg`, by operation.
pub fn methods(ctx: &Ctx<'_>) -> Vec<TokenStream> {
    ctx.api.operations.iter().zip(&ctx.plan.operations).map(|(op, plan)| operation(ctx, op, plan)).collect()
}

/// The method of the operation at `index`, as [`methods`] makes it.
pub fn method(ctx: &Ctx<'_>, index: usize) -> Option<TokenStream> {
    Some(operation(ctx, ctx.api.operations.get(index)?, ctx.plan.operations.get(index)?))
}

/// `client.rs` with `methods` in its `impl Client`; `split` when the operations' methods are
/// in child modules instead, whose uses of this file's imports rustc does not count.
pub fn client(ctx: &Ctx<'_>, methods: &[TokenStream], split: bool) -> TokenStream {
    let base_url = ctx.plan.base_url.as_str();
    let has_schemes = ctx.plan.call_uses.schemes;
    let has_tokens = ctx.plan.credentials.tokens;
    let uses = ctx.plan.client_uses;
    let setters = credential_setters(ctx, &quote!(self.options.credentials));
    let has_operations = !ctx.api.operations.is_empty();
    let split_allow = split.then(|| quote!(#![allow(unused_imports)]));
    let credentials = has_schemes.then(|| credentials(ctx));
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
    let push_param_fn = uses.push_param.then(|| {
        quote! {
            /// Adds `name=value` to `query` when the optional parameter `value` is set.
            fn push_param<'a, T: serde::Serialize>(query: &mut Vec<(&'a str, String)>, name: &'a str, value: &Option<T>) {
                if let Some(value) = value {
                    query.push((name, param(value)));
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
    let pages_import = ctx.plan.page_items.then(|| quote!(Items, Pages,));
    let token_import = has_tokens.then(|| quote!(TokenProvider,));
    let call_import = has_operations.then(|| quote!(use http::Method; use crate::call::Call;));
    let arc_import = quote!(use std::sync::Arc;);
    let send_import = has_operations.then(|| quote!(Response,));
    // One request builder for every operation, so that each method says only what is its own.
    let values = ctx.plan.crate_uses.path_params.then(|| quote!(values,));
    let (values_doc, values_arg) = if ctx.plan.crate_uses.path_params {
        (
            quote! {
                ///
                /// A segment with a `{` (`{id}`) is the next of `values` instead, refused when
                /// it would name another endpoint (see `support::client::Shared::url`).
            },
            quote!(values: &[&str],),
        )
    } else {
        (quote!(), quote!())
    };
    let plumbing = has_operations.then(|| {
        quote! {
            /// A call of the operation `operation`: `method` on the URL of `path` (the
            /// template, as logs name it) below the base URL, each segment percent-encoded,
            /// with `query`.
            #values_doc
            fn call(
                &self,
                operation: &'static str,
                method: Method,
                path: &'static str,
                #values_arg
                query: &[(&str, String)],
            ) -> Result<Call, Error> {
                let url = self.shared.url(path, #values query).map_err(Error::invalid_request)?;
                Ok(Call::new(operation, path, method, url))
            }
        }
    });
    quote! {
        //! The client: one async method per operation of the API.
        #split_allow

        use std::fmt;
        #arc_import
        use std::time::Duration;

        #call_import
        use crate::{#models_import #pages_import #send_import #token_import Error, RequestOptions, RetryPolicy, Transport};

        /// A client of the API.
        ///
        /// Cloning is cheap: clones share the connection pool, the transport and the settings.
        /// [`with_options`](Self::with_options) gives a view of the same client with other
        /// settings (timeout, retries, extra headers, credentials) for some calls.
        #[derive(Clone)]
        pub struct Client {
            /// What the views of one client share (base URL, transport, user agent): the
            /// support crate's.
            pub(crate) shared: Arc<support::client::Shared>,
            pub(crate) options: RequestOptions,
        }

        /// Configures a [`Client`]: base URL, credentials, transport, timeouts, retries.
        ///
        /// `Debug` never shows a credential.
        #[derive(Default)]
        pub struct ClientBuilder {
            /// The settings of the connection, built and checked by the support crate.
            core: support::client::Builder,
            options: RequestOptions,
        }

        #credentials

        impl ClientBuilder {
            /// The API's address; the default is [`Client::DEFAULT_BASE_URL`].
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.core.base_url = Some(url.into());
                self
            }

            /// The `reqwest` client to send requests with, for your own proxy or TLS settings
            /// (the connect timeout is then the client's own). Build it with
            /// `.redirect(reqwest::redirect::Policy::none())`: reqwest's default policy follows
            /// redirects to other hosts with some of the request's headers (an API key header
            /// among them) and a `Referer` that shows the query; the client's own default does not.
            /// A response that comes from another origin all the same is an [`Error::Transport`].
            pub fn http_client(mut self, http: reqwest::Client) -> Self {
                self.core.http = Some(http);
                self
            }

            /// The transport to send requests with, instead of `reqwest`: another HTTP client,
            /// a middleware stack, a fake. Credentials, timeouts and retries still apply.
            pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
                self.core.transport = Some(Arc::new(transport));
                self
            }

            /// The longest connecting may take; the default is 10 s. It is a setting of the
            /// connection pool, so it is per client, not per call, and applies only to the
            /// default transport.
            pub fn connect_timeout(mut self, timeout: Duration) -> Self {
                self.core.connect_timeout = Some(timeout);
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
                self.core.user_agent = Some(user_agent.into());
                self
            }

            #(#setters)*

            /// The client; fails with [`Error::InvalidRequest`] on a base URL that is not an
            /// absolute `http(s)` URL or that carries a user name or password, a user agent
            /// that is not a header value, or a default transport whose TLS backend cannot be
            /// set up.
            ///
            /// A redirect is an [`Error::Redirect`]: the default transport follows none and
            /// sends no `Referer` (which would carry a query's API key), so credentials never
            /// reach another origin. The checks are the support crate's (compiled there once).
            pub fn build(self) -> Result<Client, Error> {
                let user_agent = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
                let shared = self.core.build(Client::DEFAULT_BASE_URL, user_agent)?;
                Ok(Client { shared: Arc::new(shared), options: self.options })
            }
        }

        impl fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.core.debug(f, &self.options)
            }
        }

        impl fmt::Debug for Client {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.shared.debug(f, &self.options)
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
                let shared = self.shared.with_connect_timeout(timeout)?;
                Ok(Client { shared: Arc::new(shared), options: self.options.clone() })
            }

            #plumbing

            #(#methods)*
        }

        #param_fn
        #push_param_fn
        #deep_fn
    }
}

/// An argument's type, as the plan passes it.
fn arg_ty(ctx: &Ctx<'_>, form: &ArgForm) -> TokenStream {
    let models = quote!(models::);
    match form {
        ArgForm::Str => quote!(&str),
        ArgForm::Slice(inner) => {
            let inner = ctx.ty(inner, &models);
            quote!(&[#inner])
        }
        ArgForm::Ref(ty) => {
            let t = ctx.ty(ty, &models);
            quote!(&#t)
        }
        ArgForm::Value(ty) => ctx.ty(ty, &models),
        ArgForm::File => quote!(&crate::FilePart),
        ArgForm::Form => quote!(&crate::multipart::Form),
        ArgForm::Parts(name) => {
            let name = format_ident!("{}", name);
            quote!(&models::#name)
        }
    }
}
