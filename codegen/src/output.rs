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

/// Rust tokens made where they are formatted, on any core: proc_macro2's tokens cannot cross
/// threads, what makes them can.
pub type Deferred<'a> = Box<dyn FnOnce() -> TokenStream + Send + 'a>;

/// Where emit hands the files it makes, in the order of the crate's file list.
pub trait Files<'a> {
    fn file(&mut self, path: String, output: Output);
    /// A Rust file that `make` writes, on whichever core formats it.
    fn deferred(&mut self, path: String, make: Deferred<'a>);
}

/// Every file made at once, a deferred one on the spot.
impl<'a> Files<'a> for Vec<(String, Output)> {
    fn file(&mut self, path: String, output: Output) {
        self.push((path, output));
    }

    fn deferred(&mut self, path: String, make: Deferred<'a>) {
        self.push((path, Output::Rust(make())));
    }
}
