//! The parts of the generated crate that are the same for every operation: the error
//! type and the response wrapper. Emitted once per crate.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use crate::ir::{Status, Ty};

/// The type error responses decode into: the one schema every error response shares,
/// or plain JSON when they differ.
pub fn error_body(ctx: &Ctx<'_>) -> Ty {
    let mut found: Option<&Ty> = None;
    for op in &ctx.api.operations {
        for r in op.responses.iter().filter(|r| !r.status.is_success() && r.status != Status::Code(304)) {
            let Some(body) = &r.body else { continue };
            match found {
                None => found = Some(&body.ty),
                Some(t) if *t == body.ty => {}
                Some(_) => return Ty::Any,
            }
        }
    }
    found.cloned().unwrap_or(Ty::Any)
}

pub fn error(ctx: &Ctx<'_>) -> TokenStream {
    let body = ctx.ty(&error_body(ctx), &quote!(crate::models::));

    quote! {
        //! What can go wrong when calling the API.

        use std::fmt;

        use reqwest::header::HeaderMap;

        /// The body of an error response, as the API describes it.
        pub type ErrorBody = #body;

        /// Everything that can go wrong when calling the API.
        ///
        /// Neither `Debug` nor `Display` ever shows a credential: URLs, which may carry an
        /// API key in their query, are left out of transport errors.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error {
            /// The request could not be built, for instance from a base URL that is not a URL.
            InvalidRequest(String),
            /// The operation needs a credential this client was not given.
            MissingCredentials {
                /// The operation that was called.
                operation: &'static str,
                /// The credentials that would do, as the API's security scheme names.
                accepted: &'static [&'static str],
            },
            /// The request could not be sent, or the response could not be read.
            Transport(reqwest::Error),
            /// The server answered with an error status.
            Api(Box<ApiError>),
            /// A success response whose body does not have the documented shape.
            Decode {
                /// The response status.
                status: u16,
                /// What did not match.
                message: String,
                /// The body as received.
                body: String,
            },
        }

        impl Error {
            /// The HTTP status of the response, when there was one.
            pub fn status(&self) -> Option<u16> {
                match self {
                    Error::Api(e) => Some(e.status),
                    Error::Decode { status, .. } => Some(*status),
                    Error::Transport(e) => e.status().map(|s| s.as_u16()),
                    _ => None,
                }
            }

            /// The error response, when the server sent one.
            pub fn api(&self) -> Option<&ApiError> {
                match self {
                    Error::Api(e) => Some(e.as_ref()),
                    _ => None,
                }
            }

            pub(crate) fn transport(error: reqwest::Error) -> Self {
                Error::Transport(error.without_url())
            }
        }

        impl fmt::Display for Error {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
                    Error::MissingCredentials { operation, accepted } => write!(
                        f,
                        "`{operation}` needs one of these credentials, none of which the client has: {}",
                        accepted.join(", ")
                    ),
                    Error::Transport(e) => write!(f, "transport error: {e}"),
                    Error::Api(e) => e.fmt(f),
                    Error::Decode { status, message, .. } => {
                        write!(f, "unexpected body in a {status} response: {message}")
                    }
                }
            }
        }

        impl std::error::Error for Error {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Error::Transport(e) => Some(e),
                    _ => None,
                }
            }
        }

        /// An error response: its status, headers and body.
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub struct ApiError {
            /// The HTTP status.
            pub status: u16,
            /// The response headers.
            pub headers: HeaderMap,
            /// The decoded body; `None` when it is not what the API describes (an HTML page
            /// from a proxy, a truncated body), in which case `raw` has it.
            pub body: Option<ErrorBody>,
            /// The body as received.
            pub raw: String,
        }

        impl ApiError {
            pub(crate) fn new(status: u16, headers: HeaderMap, raw: String) -> Self {
                let body = serde_json::from_str(&raw).ok();
                ApiError { status, headers, body, raw }
            }
        }

        impl fmt::Display for ApiError {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "the API answered {}", self.status)?;
                match serde_json::from_str::<serde_json::Value>(&self.raw) {
                    Ok(json) => {
                        if let Some(message) = json.get("message").and_then(|m| m.as_str()) {
                            write!(f, ": {message}")?;
                        }
                        Ok(())
                    }
                    Err(_) if self.raw.is_empty() => Ok(()),
                    Err(_) => write!(f, " with a body that is not JSON ({} bytes)", self.raw.len()),
                }
            }
        }
    }
}

pub fn response() -> TokenStream {

    quote! {
        //! A successful response: its body, status and headers.

        use std::ops::Deref;

        use reqwest::header::HeaderMap;

        /// A successful response. It dereferences to its body, so fields read directly;
        /// `status` and `headers` (e.g. the `Location` of a created resource) are there too.
        #[derive(Debug, Clone)]
        pub struct Response<T> {
            status: u16,
            headers: HeaderMap,
            body: T,
        }

        impl<T> Response<T> {
            pub(crate) fn new(status: u16, headers: HeaderMap, body: T) -> Self {
                Response { status, headers, body }
            }

            /// The HTTP status.
            pub fn status(&self) -> u16 {
                self.status
            }

            /// All response headers.
            pub fn headers(&self) -> &HeaderMap {
                &self.headers
            }

            /// One header's value, if present and text.
            pub fn header(&self, name: &str) -> Option<&str> {
                self.headers.get(name).and_then(|v| v.to_str().ok())
            }

            /// The body.
            pub fn body(&self) -> &T {
                &self.body
            }

            /// The body, dropping status and headers.
            pub fn into_body(self) -> T {
                self.body
            }
        }

        impl<T> Deref for Response<T> {
            type Target = T;

            fn deref(&self) -> &T {
                &self.body
            }
        }
    }
}
