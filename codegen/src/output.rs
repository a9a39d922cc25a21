//! What emit hands to format: one output file before formatting. Its own module so that
//! format (a later stage) and emit both see it without importing each other.

use proc_macro2::TokenStream;

/// One output file before formatting.
pub enum Output {
    /// Generated tokens, which format pretty-prints under the `@generated` header.
    Rust(TokenStream),
    /// Rust written by hand (the runtime's files), already formatted: it only gets the header.
    Source(String),
    /// Any other file, written as it is.
    Text(String),
}
