//! The client runtime as it appears in every generated crate, one file per module, with
//! stand-ins for what the generator writes per API (`api.rs`, `client.rs`, `webhooks.rs`), so that the
//! modules compile and their tests run here. The generator embeds each module's file (its
//! `#[cfg(test)]` module cut, its marked regions chosen for the API), with its submodules
//! (`call/trace.rs`, `error/api_error.rs`) but not its tests (`*/tests.rs`), and never the
//! stand-ins nor this file: a generated crate has its own `lib.rs`.

// The generated client calls the crate-private helpers; this crate has no operations (nor
// models, which use `string_enum!`).
#![allow(dead_code, unused_macros, unused_imports)]

mod api;
mod auth;
mod base64_text;
mod call;
mod client;
mod constructors;
mod error;
mod json_path;
pub mod multipart;
mod oauth;
mod open_enum;
mod options;
mod pagination;
mod path;
mod redact;
mod response;
mod retry;
mod struct_de;
mod tagged;
mod transport;
mod untagged;
mod webhooks;
mod webhooks_verify;

pub use auth::{StaticToken, TokenProvider};
pub use client::Client;
pub use error::{ApiError, DecodeError, Error, ErrorBody};
pub use oauth::{OAuthError, OAuthTokens};
pub use options::RequestOptions;
pub use pagination::{Items, Pages};
pub use response::Response;
pub use retry::RetryPolicy;
pub use transport::{
    BoxFuture, MaxResponseBytes, ReqwestTransport, Transport, TransportError, TransportErrorKind,
};
