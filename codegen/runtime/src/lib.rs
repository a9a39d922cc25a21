//! The client runtime as it appears in every generated crate, one file per module, and a stub
//! of what the generator writes per API ([`api`]), so that the modules compile and their
//! tests run here. The generator embeds each module's file (without its `#[cfg(test)]`
//! module) and never this one: a generated crate has its own `lib.rs`.

// The generated client calls the crate-private helpers; this crate has no client.
#![allow(dead_code)]

mod api;
mod auth;
mod multipart;
mod pagination;
mod path;
mod redact;
mod response;
mod retry;
mod transport;

pub use api::Error;
pub use auth::{StaticToken, TokenProvider};
pub use pagination::{Items, Pages};
pub use response::Response;
pub use retry::RetryPolicy;
pub use transport::{
    BoxFuture, MaxResponseBytes, ReqwestTransport, Transport, TransportError, TransportErrorKind,
};
