//! A stand-in for what the generator writes per API (`error.rs`, `client.rs`, ...): just
//! enough for the runtime modules to compile and be tested here.

use std::fmt;

/// The generated crate's error type, reduced to the variants the runtime modules build.
#[derive(Debug)]
pub enum Error {
    /// The request could not be built.
    InvalidRequest(String),
    /// The server answered with an error status.
    Api(u16),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::Api(status) => write!(f, "the API answered {status}"),
        }
    }
}

impl std::error::Error for Error {}
