//! What can go wrong when calling the API: [`Error`], and the error responses in it.

// What differs between APIs (the error body's type, where its correlation id is, which `429`s
// are not retried, which fields an error body must have) is in the generated `api.rs`; the rest
// is the same for every API, and is the support crate's `error` (generic over the error body
// only, compiled there but for what touches the body). Errors follow the Rust API guidelines (C-GOOD-ERR): `Display`
// says one thing, the cause is `source()`, so that `anyhow`/`eyre` reports list the chain.

pub use crate::api::ErrorBody;
use crate::TransportError;
// `DecodeError` names no API type: the support crate's, re-exported here.
pub use support::error::DecodeError;
// runtime: if error_enums

/// `error_of!(Name, 404 => Status404, 500..=599 => Status5xx(Box), _ => Other)`: `Name::of`
/// of an operation's enum of documented error bodies (in `responses`), each status pattern
/// decoded into its variant (in a `Box` where marked), in the order given.
macro_rules! error_of {
    ($name:ident $(, $status:pat => $variant:ident $(($boxed:ident))?)* $(,)?) => {
        impl $name {
            /// The documented body of `error`'s status, decoded (from the whole body, before
            /// the cut of `ApiError::raw`); `None` when `error` is no error response, its status
            /// has no documented body, or the body does not decode (`ApiError::raw` has it then).
            // Compiled where it is called, not in the crate for every operation (it reaches
            // the decoders of the bodies' models).
            #[inline]
            pub fn of(error: &crate::Error) -> Option<Self> {
                let api = error.api()?;
                let body = api.body.clone()?;
                match api.status {
                    $($status => serde_json::from_value(body).ok().map(|value| {
                        $(let value = $boxed::new(value);)?
                        Self::$variant(value)
                    }),)*
                    // Unreachable when a `_` is given: the default body.
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }
    };
}

pub(crate) use error_of;
// runtime: end

/// Everything that can go wrong when calling the API.
///
/// `Display` tells this error only; its cause, when it has one, is
/// [`source`](std::error::Error::source) (walk the chain, or let `anyhow`/`eyre` print it).
/// Neither `Debug` nor `Display` of any error in the chain shows a credential or a request
/// URL (which may carry an API key): what a server echoes of them is blanked out.
// runtime: if tokens
/// The error of a custom [`TokenProvider`](crate::TokenProvider) is the exception: it is
/// shown as the provider made it.
// runtime: end
///
/// One example per variant, as `Display` then the causes print:
///
/// ```text
/// InvalidRequest      invalid request: `x-n` is not a valid header name
///                     invalid request: the body does not serialize
///                     caused by: key must be a string
/// MissingCredentials  `get_channel` needs one of these credentials, none of which the client has: developer_hapikey
/// TokenProvider       the token provider failed
///                     caused by: the refresh token has expired
/// Transport           the request got no complete response
///                     caused by: could not connect
///                     caused by: error sending request / client error (Connect) / Connection refused (os error 111)
/// Timeout             the request timed out after 2s
/// Api                 the API answered 404: no such channel
///                     the API answered 502, with a body that is not the documented error shape: <html>Bad gateway</html>
/// Redirect            the API answered 302, a redirect to https://elsewhere.example, which the client does not follow
/// ResponseTooLarge    the response body is larger than the limit of 16777216 bytes
/// Decode              the body of a 201 response does not have the documented shape at `attachments[1].fileId`
///                     caused by: invalid type: integer `123`, expected a string at line 1 column 80
/// Exhausted           gave up after 3 attempts (the last one 1.2s after the one before)
///                     caused by: the API answered 503
/// ```
///
/// The variants and methods are those of the support crate's `Error`, for this API's
/// [`ErrorBody`] (in [`Error::Api`]'s [`ApiError`]). The methods, each answering for the last
/// attempt of an [`Error::Exhausted`]:
///
/// - `last_attempt()`: the error of the last attempt (this one, unless `Exhausted`);
///   `attempts()`: how many attempts the call made;
/// - `status()`: the HTTP status of the response, when there was one; `api()`: the
///   [`ApiError`], when the server answered with an error status; `correlation_id()`: the id
///   the API gave the failed request, to quote to its support;
/// - `is_timeout()`: whether an attempt took longer than its timeout;
// runtime: if oauth
///   so did the token request of an [`OAuthTokens`](crate::OAuthTokens) that it needed first;
// runtime: end
/// - `is_retryable()`: whether the failure is transient (a connection failure, a broken
///   connection, a timeout, or the status `408`, `429` unless the API marks it as a limit too
///   long to wait for (see [`ErrorBody`]), `500`, `502`, `503` or `504`); the client retries
///   such failures only for calls that are safe to repeat (see
///   [`RetryPolicy`](crate::RetryPolicy));
// runtime: if tokens
///   a failure of the token provider is not, a timed-out token request included;
// runtime: end
/// - `retry_after()`: how long the server asked the client to wait (`Retry-After`);
// runtime: if tokens
/// - `Error::token_provider(error)`: an error of a [`TokenProvider`](crate::TokenProvider),
///   for providers to return.
// runtime: end
pub type Error = support::error::Error<ErrorBody>;

/// An error response: its status, headers and body, in which every credential the
/// request sent (as sent, or encoded) is blanked out. `Debug` shows the status, the headers
/// and the body's excerpt, each bounded.
///
/// Its `body` is the API's [`ErrorBody`], decoded; its fields and methods are those of the
/// support crate's `ApiError`. The methods:
///
/// - `correlation_id()`: the id the API gave the failed request (the decoded body's
///   `correlationId`, else that key of the raw JSON body);
/// - `retry_after()`: how long the server asked the client to wait (`Retry-After`, in seconds
///   or as an HTTP date);
/// - `json()`: the body as JSON, when it is JSON, for fields the API does not describe;
/// - `excerpt()`: the beginning of the body (at most 200 characters, on one line), as
///   `Display` shows a body that is not the documented error;
/// - `is_retryable()`: see [`Error`]'s.
pub type ApiError = support::error::ApiError<ErrorBody>;

// Errors cross threads and tasks (`anyhow`, `tokio::spawn`): checked here, not left to luck.
const _: () = {
    fn well_behaved<T: std::error::Error + Send + Sync + 'static>() {}
    let _ = well_behaved::<Error>;
    let _ = well_behaved::<ApiError>;
    let _ = well_behaved::<DecodeError>;
    let _ = well_behaved::<TransportError>;
};

#[cfg(test)]
mod tests;
