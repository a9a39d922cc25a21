//! What can go wrong when calling the API: [`Error`], and the error responses in it.

// What differs between APIs (the error body's type, where its correlation id is, which `429`s
// are not retried, which fields an error body must have) is in the generated `api.rs`; the rest
// is the same for every API. Errors follow the Rust API guidelines (C-GOOD-ERR): `Display`
// says one thing, the cause is `source()`, so that `anyhow`/`eyre` reports list the chain.

use std::fmt;
use std::time::Duration;

pub use crate::api::ErrorBody;
use crate::TransportError;
// `DecodeError` names no API type: the support crate's, re-exported here.
pub use support::error::DecodeError;
use support::error::Shown;

// The error response, its own file: it is most of what an error keeps of a response.
mod api_error;
pub use api_error::ApiError;
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
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be built: a base URL that is not a URL, a header that is
    /// not a valid header, a body that does not serialize, a file that cannot be read; or
    /// the client could not be ([`ClientBuilder::build`](crate::ClientBuilder::build): the
    /// default transport's TLS setup failed, which no retry mends).
    #[non_exhaustive]
    InvalidRequest {
        /// What is wrong, in words (the serializer's or the reader's words are the `source`).
        message: String,
        /// The error that made the request impossible (the serializer's, a reader's), when
        /// there is one.
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// The operation needs a credential this client was not given.
    #[non_exhaustive]
    MissingCredentials {
        /// The operation that was called.
        operation: &'static str,
        /// The credentials that would do, as the API's security scheme names.
        accepted: &'static [&'static str],
    },
    // runtime: if tokens
    /// The [`TokenProvider`](crate::TokenProvider) could not supply a token; its error
    /// ([`Error::token_provider`]'s argument, as the provider made it) is the `source`. Not
    /// retried.
    TokenProvider(Box<dyn std::error::Error + Send + Sync>),
    // runtime: end
    /// The request got no complete response: no connection, a connection reset, a body
    /// cut short. [`TransportError::kind`] tells which; it is the `source`.
    Transport(TransportError),
    /// An attempt took longer than its timeout.
    #[non_exhaustive]
    Timeout {
        /// The timeout that elapsed; `None` when the transport's own timer fired.
        after: Option<Duration>,
        /// The transport's error when its own timer fired (the `source`).
        transport: Option<TransportError>,
    },
    /// The server answered with an error status.
    Api(Box<ApiError>),
    /// The server answered with a redirect (`301`, `302`, `303`, `307` or `308`). The
    /// client does not follow redirects, so that credentials and bodies never reach
    /// another origin than the base URL's.
    #[non_exhaustive]
    Redirect {
        /// The response status.
        status: u16,
        /// The origin (`scheme://host:port`, no path nor query) of the `Location`, when
        /// it has one.
        to: Option<String>,
    },
    /// The response body is larger than the limit of the call
    /// ([`RequestOptions::max_response_bytes`](crate::RequestOptions::max_response_bytes),
    /// 16 MiB by default); the client stopped reading it there.
    #[non_exhaustive]
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// A success response whose body does not have the documented shape.
    Decode(Box<DecodeError>),
    /// The call was retried and every attempt failed: how many were made, the wait before
    /// the last one, and the last attempt's error (the `source`). The helpers
    /// ([`status`](Self::status), [`api`](Self::api), [`is_timeout`](Self::is_timeout), …)
    /// answer for that last error; [`last_attempt`](Self::last_attempt) gives it.
    #[non_exhaustive]
    Exhausted {
        /// Attempts made, the first included (at least 2).
        attempts: u32,
        /// How long the client waited before the last attempt.
        last_wait: Duration,
        /// The error of the last attempt.
        last: Box<Error>,
    },
}

impl Error {
    /// The error of the last attempt: this error, unless it is [`Error::Exhausted`].
    pub fn last_attempt(&self) -> &Error {
        match self {
            Error::Exhausted { last, .. } => last,
            other => other,
        }
    }

    /// How many attempts the call made.
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Exhausted { attempts, .. } => *attempts,
            _ => 1,
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self.last_attempt() {
            Error::Api(e) => Some(e.status),
            Error::Redirect { status, .. } => Some(*status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The error response, when the server sent one.
    pub fn api(&self) -> Option<&ApiError> {
        match self.last_attempt() {
            Error::Api(e) => Some(e.as_ref()),
            _ => None,
        }
    }

    /// The id the API gave the failed request (`correlationId`), to quote to its support.
    pub fn correlation_id(&self) -> Option<String> {
        self.api().and_then(ApiError::correlation_id)
    }

    /// Whether an attempt (the last one) took longer than its timeout.
    // runtime: if oauth
    /// So did the token request of an [`OAuthTokens`](crate::OAuthTokens) that the attempt
    /// needed first ([`Error::TokenProvider`] with an [`OAuthError`](crate::OAuthError) that
    /// [`is_timeout`](crate::OAuthError::is_timeout)).
    // runtime: end
    pub fn is_timeout(&self) -> bool {
        // runtime: if oauth
        match self.last_attempt() {
            Error::Timeout { .. } => true,
            Error::TokenProvider(e) => e
                .downcast_ref::<crate::OAuthError>()
                .is_some_and(crate::OAuthError::is_timeout),
            _ => false,
        }
        // runtime: else
        // matches!(self.last_attempt(), Error::Timeout { .. })
        // runtime: end
    }

    /// Whether the failure is transient, so that the same request may succeed later: a connection
    /// failure, a broken connection, an attempt's timeout, or the status `408`, `429` (unless the API marks it as a
    /// limit too long to wait for, see [`ErrorBody`](crate::ErrorBody)), `500`, `502`, `503` or
    /// `504`. The client retries such failures
    /// only for calls that are safe to repeat (see [`RetryPolicy`](crate::RetryPolicy)).
    // runtime: if tokens
    /// A failure of the token provider is not retryable, a timed-out token request included:
    /// the provider decides whether to ask again.
    // runtime: end
    pub fn is_retryable(&self) -> bool {
        match self.last_attempt() {
            Error::Transport(e) => e.is_retryable(),
            Error::Timeout { .. } => true,
            Error::Api(e) => e.is_retryable(),
            _ => false,
        }
    }

    /// How long the server asked the client to wait (`Retry-After`) before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api().and_then(ApiError::retry_after)
    }

    /// What kind of failure this is, in a word or two: for logs, never with a secret.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Error::InvalidRequest { .. } => "invalid request",
            Error::MissingCredentials { .. } => "missing credentials",
            // runtime: if tokens
            Error::TokenProvider(_) => "token provider",
            // runtime: end
            Error::Transport(e) => match e.kind() {
                crate::TransportErrorKind::Connect => "connect",
                crate::TransportErrorKind::Io => "io",
                crate::TransportErrorKind::ResponseTooLarge => "response too large",
                _ => "transport",
            },
            Error::Timeout { .. } => "timeout",
            Error::Api(_) => "status",
            Error::Redirect { .. } => "redirect",
            Error::ResponseTooLarge { .. } => "response too large",
            Error::Decode(_) => "decode",
            Error::Exhausted { .. } => "exhausted",
        }
    }

    /// An [`Error::InvalidRequest`] without a cause.
    pub(crate) fn invalid_request(message: impl Into<String>) -> Self {
        Error::InvalidRequest {
            message: message.into(),
            source: None,
        }
    }

    /// An [`Error::InvalidRequest`] caused by `source` (a serializer's, a reader's error).
    pub(crate) fn invalid_request_from(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Error::InvalidRequest {
            message: message.into(),
            source: Some(source.into()),
        }
    }

    // runtime: if tokens
    /// An error of a [`TokenProvider`](crate::TokenProvider), for providers to return.
    pub fn token_provider(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error::TokenProvider(error.into())
    }

    // runtime: end
    pub(crate) fn transport(error: TransportError) -> Self {
        match error.kind() {
            crate::TransportErrorKind::Timeout => Error::Timeout {
                after: None,
                transport: Some(error),
            },
            _ => Error::Transport(error),
        }
    }
}

// Errors cross threads and tasks (`anyhow`, `tokio::spawn`): checked here, not left to luck.
const _: () = {
    fn well_behaved<T: std::error::Error + Send + Sync + 'static>() {}
    let _ = well_behaved::<Error>;
    let _ = well_behaved::<ApiError>;
    let _ = well_behaved::<DecodeError>;
    let _ = well_behaved::<TransportError>;
};

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The words are the support crate's (compiled there once); this match only picks them.
        let shown = match self {
            Error::InvalidRequest { message, .. } => Shown::InvalidRequest(message),
            Error::MissingCredentials {
                operation,
                accepted,
            } => Shown::MissingCredentials(operation, accepted),
            // runtime: if tokens
            Error::TokenProvider(_) => Shown::TokenProvider,
            // runtime: end
            Error::Transport(_) => Shown::Transport,
            Error::Timeout { after, .. } => Shown::Timeout(*after),
            Error::Api(e) => return e.fmt(f),
            Error::Redirect { status, to } => Shown::Redirect(*status, to.as_deref()),
            Error::ResponseTooLarge { limit } => Shown::ResponseTooLarge(*limit),
            Error::Decode(e) => return e.fmt(f),
            Error::Exhausted {
                attempts,
                last_wait,
                ..
            } => Shown::Exhausted(*attempts, *last_wait),
        };
        support::error::display(f, shown)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::InvalidRequest {
                source: Some(e), ..
            } => Some(e.as_ref()),
            // runtime: if tokens
            Error::TokenProvider(e) => Some(e.as_ref()),
            // runtime: end
            Error::Transport(e) => Some(e),
            Error::Timeout {
                transport: Some(e), ..
            } => Some(e),
            // `Display` is the decode error's own: its cause comes next, not it again.
            Error::Decode(e) => std::error::Error::source(e.as_ref()),
            Error::Exhausted { last, .. } => Some(last.as_ref()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
