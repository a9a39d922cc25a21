//! `options.rs`: per-call and per-client settings (timeout, retries, extra headers,
//! credentials), layered: client defaults, then each `with_options` view.

use proc_macro2::TokenStream;
use quote::quote;

/// `credential_setters` are the generated setters of the API's credentials (none when the
/// API has no security schemes).
pub fn options(krate: &str, has_schemes: bool, secrets: bool, tokens: bool, credential_setters: &[TokenStream]) -> TokenStream {
    let example = super::doc_lines(&format!(
        "```ignore\n\
         # fn demo(client: &{krate}::Client) {{\n\
         use std::time::Duration;\n\
         use {krate}::RequestOptions;\n\
         \n\
         // A view of the same client (same connections and credentials) whose calls give up\n\
         // after 5 s and are not retried.\n\
         let impatient = client.with_options(RequestOptions::new().timeout(Duration::from_secs(5)).max_attempts(1));\n\
         # let _ = impatient;\n\
         # }}\n\
         ```"
    ));
    let (cred_field, cred_merge, cred_debug, cred_import) = if has_schemes {
        (
            quote!(pub(crate) credentials: Credentials,),
            quote!(credentials: self.credentials.merge(&over.credentials),),
            quote!(.field("credentials", &self.credentials)),
            {
                let secret = (secrets || tokens).then(|| quote!(Secret,));
                let token = tokens.then(|| quote!(Token,));
                let provider = tokens.then(|| quote!(use crate::TokenProvider;));
                quote!(use crate::client::{Credentials, #secret #token}; #provider)
            },
        )
    } else {
        (quote!(), quote!(), quote!(), quote!())
    };
    quote! {
        //! Settings of calls: timeout, retries, extra headers and credentials.

        use std::fmt;
        use std::time::Duration;

        #cred_import
        use crate::RetryPolicy;

        /// Settings for the calls of a client view, made with
        /// [`Client::with_options`](crate::Client::with_options):
        ///
        #(#example)*
        ///
        /// Every setting left unset keeps the client's value; headers add to the client's
        /// (replacing those of the same name). `Debug` shows header names, not their values,
        /// and never a credential.
        #[derive(Clone, Default)]
        pub struct RequestOptions {
            pub(crate) timeout: Option<Duration>,
            pub(crate) retry: Option<RetryPolicy>,
            pub(crate) max_attempts: Option<u32>,
            pub(crate) idempotent: Option<bool>,
            pub(crate) max_response_bytes: Option<u64>,
            pub(crate) headers: Vec<(String, String)>,
            #cred_field
        }

        impl RequestOptions {
            /// Options that change nothing.
            pub fn new() -> Self {
                Self::default()
            }

            /// The longest one attempt may take, from sending the request to reading the last
            /// byte of the response; a longer one fails with [`Error::Timeout`](crate::Error::Timeout)
            /// (and may be retried). The default is 30 s.
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            /// How failed attempts are retried.
            pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
                self.retry = Some(policy);
                self
            }

            /// Attempts in all, the first included, whatever the retry policy says: `1` turns
            /// retries off.
            pub fn max_attempts(mut self, attempts: u32) -> Self {
                self.max_attempts = Some(attempts.max(1));
                self
            }

            /// Whether sending the call twice is harmless. `true` lets a `POST` or `PATCH`
            /// without an idempotency key be retried (say, a status update that sets the same
            /// value again); `false` never retries, whatever the method.
            pub fn idempotent(mut self, idempotent: bool) -> Self {
                self.idempotent = Some(idempotent);
                self
            }

            /// The largest response body a call reads, in bytes; the default is 16 MiB. The
            /// client stops reading there (and fails at once on a `Content-Length` above it)
            /// with [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge), which is not
            /// retried. Errors keep at most the first 64 KiB of a body whatever the limit.
            pub fn max_response_bytes(mut self, limit: u64) -> Self {
                self.max_response_bytes = Some(limit);
                self
            }

            /// An extra request header. An invalid name or value fails the call with
            /// [`Error::InvalidRequest`](crate::Error::InvalidRequest). Credentials are not
            /// headers: set them with their own methods.
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.headers.push((name.into(), value.into()));
                self
            }

            #(#credential_setters)*

            /// `over` on top of `self`.
            pub(crate) fn merge(&self, over: &RequestOptions) -> RequestOptions {
                let mut headers = self.headers.clone();
                headers.extend(over.headers.iter().cloned());
                RequestOptions {
                    timeout: over.timeout.or(self.timeout),
                    retry: over.retry.clone().or_else(|| self.retry.clone()),
                    max_attempts: over.max_attempts.or(self.max_attempts),
                    idempotent: over.idempotent.or(self.idempotent),
                    max_response_bytes: over.max_response_bytes.or(self.max_response_bytes),
                    headers,
                    #cred_merge
                }
            }
        }

        impl fmt::Debug for RequestOptions {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
                f.debug_struct("RequestOptions")
                    .field("timeout", &self.timeout)
                    .field("retry", &self.retry)
                    .field("max_attempts", &self.max_attempts)
                    .field("idempotent", &self.idempotent)
                    .field("max_response_bytes", &self.max_response_bytes)
                    .field("headers", &headers)
                    #cred_debug
                    .finish()
            }
        }
    }
}
