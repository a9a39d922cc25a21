//! The client runtime as it appears in every generated crate, one file per module, with
//! stand-ins for what the generator writes per API (`api.rs`, `client.rs`, `webhooks.rs`), so that the
//! modules compile and their tests run here. The generator embeds each module's file (its
//! `#[cfg(test)]` module cut, its marked regions chosen for the API), with its submodules
//! (`error/api_error.rs`) but not its tests (`*/tests.rs`), and never the
//! stand-ins nor this file: a generated crate has its own `lib.rs`.

// The generated client calls the crate-private helpers; this crate has no operations (nor
// models). The modules that name no API type are the support crate (`support/`), which a
// generated client, like this crate, depends on under the name `support`.
#![allow(dead_code, unused_macros, unused_imports)]

mod api;
mod auth;
mod call;
mod client;
mod error;
pub mod multipart;
mod oauth;
mod options;
mod pagination;
mod webhooks;
mod webhooks_verify;

// Modules of the support crate that the client names as its own (`crate::redact`).
use support::redact;

pub use auth::{StaticToken, TokenProvider};
pub use client::Client;
pub use error::{ApiError, DecodeError, Error, ErrorBody};
pub use oauth::{OAuthError, OAuthTokens};
pub use options::RequestOptions;
pub use pagination::{Items, Pages};
pub use support::response::Response;
pub use support::retry::RetryPolicy;
pub use support::transport::{
    BoxFuture, MaxResponseBytes, ReqwestTransport, Transport, TransportError, TransportErrorKind,
};
