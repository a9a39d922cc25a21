//! The parts of the generated crate that are the same for every operation, emitted once per
//! crate: errors, responses, the call engine (credentials, timeouts, retries), the transport,
//! per-call options, token providers, pagination streams and multipart bodies. One file of
//! the generated crate per submodule here.

mod auth;
mod call;
mod error;
mod multipart;
mod options;
mod pagination;
mod response;
mod retry;
mod transport;

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use crate::ir::{Status, Ty};

pub use auth::auth;
pub use call::{call, CallUses};
pub use error::error;
pub use multipart::multipart;
pub use options::options;
pub use pagination::pagination;
pub use response::response;
pub use retry::retry;
pub use transport::transport;

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

/// `#[doc]` attributes for text written here (not spec prose, which `docs` escapes): each
/// line as it is.
pub fn doc_lines(text: &str) -> Vec<TokenStream> {
    text.lines()
        .map(|l| {
            let line = if l.is_empty() { String::new() } else { format!(" {l}") };
            quote!(#[doc = #line])
        })
        .collect()
}
