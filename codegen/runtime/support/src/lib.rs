//! The API-independent part of the client runtime: what a generated crate's models (and its
//! client) use whatever the API, in a crate of its own (`<crate>-support` in the generated
//! output, beside the client crate), so that it is one more dependency compiled once rather
//! than modules of every client. One file per module; the generator embeds each module's file
//! (its `#[cfg(test)]` module cut, its marked regions chosen for the API), but never this file:
//! a generated support crate has its own `lib.rs`, which declares only the modules the API uses.
//!
//! Its items are `pub` for the client crate, `#[doc(hidden)]` where they are internals; the
//! types users name (`Base64`) are re-exported by the client crate at their public paths.

// The unit tests decode into types whose fields they never read.
#![cfg_attr(test, allow(dead_code))]

pub mod base64_text;
pub mod call;
pub mod client;
pub mod constructors;
pub mod error;
pub mod json_path;
pub mod oauth;
pub mod open_enum;
pub mod path;
pub mod redact;
pub mod response;
pub mod retry;
pub mod struct_de;
pub mod tagged;
pub mod trace;
pub mod transport;
pub mod untagged;
#[cfg(feature = "webhooks")]
pub mod webhooks_verify;

/// The target of the events of `trace`: the client's module, as a generated support crate's
/// `lib.rs` names it (here, the runtime crate's).
#[cfg(feature = "tracing")]
pub const TRACE_TARGET: &str = "client_runtime::call::trace";
