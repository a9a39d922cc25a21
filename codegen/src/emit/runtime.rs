//! The parts of the generated crate that are the same for every operation, emitted once per
//! crate: errors, responses, the call engine (credentials, timeouts, retries), the transport,
//! per-call options, token providers, pagination streams, multipart bodies, the redaction of
//! secrets in errors and the check on path segments. One file of
//! the generated crate per submodule here.

mod auth;
mod call;
mod error;
mod multipart;
mod options;
mod pagination;
mod path;
mod redact;
mod response;
mod retry;
mod transport;

use proc_macro2::TokenStream;
use quote::quote;

pub use auth::auth;
pub use call::{call, CallUses};
pub use error::error;
pub use multipart::multipart;
pub use options::options;
pub use pagination::pagination;
pub use path::path;
pub use redact::redact;
pub use response::response;
pub use retry::retry;
pub use transport::transport;

// The plan decides the error body's type; the error module prints it.
pub use crate::plan::error_body;


/// `#[doc]` attributes for text written here (not spec prose, which `docs` escapes): each
/// line as it is, prose lines wrapped at 92 columns, code blocks left alone.
pub fn doc_lines(text: &str) -> Vec<TokenStream> {
    doc_texts(text).into_iter().map(|line| quote!(#[doc = #line])).collect()
}

/// The lines of [`doc_lines`], as text (each with its leading space).
pub fn doc_texts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        let pieces = if in_code || line.trim_start().starts_with("```") { vec![line.to_string()] } else { wrap(line, 92) };
        for piece in pieces {
            out.push(if piece.is_empty() { String::new() } else { format!(" {piece}") });
        }
    }
    out
}

/// `line` split at spaces into pieces of at most `width` characters (a longer word stays
/// whole). Code spans are words: spec text in them must not start a line.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut pieces = vec![String::new()];
    for word in words(line) {
        let len = pieces.last().map_or(0, |p| p.chars().count());
        if len > 0 && len + 1 + word.chars().count() > width {
            pieces.push(String::new());
        }
        if let Some(last) = pieces.last_mut() {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    pieces
}

/// The words of `line`: split at spaces outside code spans.
fn words(line: &str) -> Vec<&str> {
    let spans = super::docs::code_spans(line);
    let mut words = Vec::new();
    let mut start = 0;
    let mut spans = spans.iter().peekable();
    for (i, b) in line.bytes().enumerate() {
        while spans.peek().is_some_and(|&&(_, end)| end <= i) {
            spans.next();
        }
        let inside = spans.peek().is_some_and(|&&(s, _)| s <= i);
        if b == b' ' && !inside {
            words.push(&line[start..i]);
            start = i + 1;
        }
    }
    words.push(&line[start..]);
    words
}
