//! What can go wrong when calling the API: [`Error`], and the error responses in it.

// What differs between APIs (the error body's type, where its correlation id is, which `429`s
// are not worth retrying) is in the generated `api.rs`; the rest is the same for every API.

use std::fmt;
use std::time::Duration;

use http::HeaderMap;

pub use crate::api::ErrorBody;
use crate::redact::Secrets;
use crate::TransportError;

/// Everything that can go wrong when calling the API.
///
/// `Display` is complete (causes included); neither `Debug` nor `Display` ever shows a credential or a request URL (which may
/// carry an API key).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be built: a base URL that is not a URL, a header that is
    /// not a valid header, a body that does not serialize.
    InvalidRequest(String),
    /// The operation needs a credential this client was not given.
    MissingCredentials {
        /// The operation that was called.
        operation: &'static str,
        /// The credentials that would do, as the API's security scheme names.
        accepted: &'static [&'static str],
    },
    // runtime: if tokens
    /// The [`TokenProvider`](crate::TokenProvider) could not supply a token.
    TokenProvider(Box<dyn std::error::Error + Send + Sync>),
    // runtime: end
    /// The request got no complete response: no connection, a connection reset, a body
    /// cut short. [`TransportError::kind`] tells which.
    Transport(TransportError),
    /// An attempt took longer than its timeout.
    Timeout {
        /// The timeout that elapsed; `None` when the transport's own timer fired.
        after: Option<Duration>,
    },
    /// The server answered with an error status.
    Api(Box<ApiError>),
    /// The server answered with a redirect (`301`, `302`, `303`, `307` or `308`). The
    /// client does not follow redirects, so that credentials and bodies never reach
    /// another origin than the base URL's.
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
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// A success response whose body does not have the documented shape.
    Decode {
        /// The response status.
        status: u16,
        /// What did not match.
        message: String,
        /// The body as received, cut after 64 KiB, credentials the request sent
        /// blanked out.
        body: String,
    },
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Redirect { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The error response, when the server sent one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e.as_ref()),
            _ => None,
        }
    }

    /// The id the API gave the failed request (`correlationId`), to quote to its support.
    pub fn correlation_id(&self) -> Option<String> {
        self.api().and_then(ApiError::correlation_id)
    }

    /// Whether an attempt took longer than its timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Whether the failure is transient, so that the same request may succeed later: a connection
    /// failure, a broken connection, a timeout, or the status `408`, `429` (unless the API marks it as a
    /// limit too long to wait for, see [`ErrorBody`](crate::ErrorBody)), `500`, `502`, `503` or
    /// `504`. The client retries such failures
    /// only for calls that are safe to repeat (see [`RetryPolicy`](crate::RetryPolicy)).
    pub fn is_retryable(&self) -> bool {
        match self {
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

    // runtime: if tokens
    /// An error of a [`TokenProvider`](crate::TokenProvider), for providers to return.
    pub fn token_provider(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error::TokenProvider(error.into())
    }

    // runtime: end
    pub(crate) fn transport(error: TransportError) -> Self {
        match error.kind() {
            crate::TransportErrorKind::Timeout => Error::Timeout { after: None },
            _ => Error::Transport(error),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::MissingCredentials {
                operation,
                accepted,
            } => {
                write!(
                    f,
                    "`{operation}` needs one of these credentials, none of which the client has: {}",
                    accepted.join(", ")
                )
            }
            // runtime: if tokens
            Error::TokenProvider(e) => write!(f, "the token provider failed: {e}"),
            // runtime: end
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Timeout { after: Some(after) } => {
                write!(f, "the request timed out after {after:?}")
            }
            Error::Timeout { after: None } => write!(f, "the request timed out"),
            Error::Api(e) => e.fmt(f),
            Error::Redirect { status, to } => {
                write!(f, "the API answered {status}, a redirect")?;
                if let Some(to) = to {
                    write!(f, " to {to}")?;
                }
                f.write_str(", which the client does not follow")
            }
            Error::ResponseTooLarge { limit } => {
                write!(
                    f,
                    "the response body is larger than the limit of {limit} bytes"
                )
            }
            Error::Decode {
                status, message, ..
            } => {
                write!(f, "unexpected body in a {status} response: {message}")
            }
        }
    }
}

/// `Display` tells the whole story, causes included, so `source` is always `None`: match
/// [`Error::Transport`] for the transport's error.
impl std::error::Error for Error {}
/// An error response: its status, headers and body, in which every credential the
/// request sent (as sent, or encoded) is blanked out.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body; `None` when it is not what the API describes (an HTML page
    /// from a proxy, a truncated body), in which case `raw` has it.
    pub body: Option<ErrorBody>,
    /// The body as received, cut after 64 KiB.
    pub raw: String,
}

impl ApiError {
    /// `headers` have been redacted already; the body is decoded whole, then cut.
    pub(crate) fn new(status: u16, headers: HeaderMap, body: &[u8], secrets: &Secrets) -> Self {
        let text = secrets.body(body);
        let decoded = serde_json::from_str(&text).ok();
        ApiError {
            status,
            headers,
            body: decoded,
            raw: secrets.kept(text),
        }
    }

    /// The id the API gave the failed request: the decoded body's `correlationId`, else
    /// that key of the raw JSON body (for bodies that do not decode).
    pub fn correlation_id(&self) -> Option<String> {
        self.body
            .as_ref()
            .and_then(crate::api::correlation_id)
            .or_else(|| self.json_field("correlationId"))
    }

    /// How long the server asked the client to wait before trying again: the
    /// `Retry-After` header, in seconds or as an HTTP date.
    pub fn retry_after(&self) -> Option<Duration> {
        crate::retry::retry_after(&self.headers)
    }

    /// The body as JSON, when it is JSON; for fields the API does not describe.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.raw).ok()
    }

    /// See [`Error::is_retryable`].
    pub fn is_retryable(&self) -> bool {
        match self.status {
            429 => !crate::api::lasting_rate_limit(self),
            408 | 500 | 502 | 503 | 504 => true,
            _ => false,
        }
    }

    /// A top-level string property of the raw JSON body.
    pub(crate) fn json_field(&self, key: &str) -> Option<String> {
        self.json()?.get(key)?.as_str().map(str::to_string)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API answered {}", self.status)?;
        match self.json() {
            Some(json) => {
                if let Some(message) = json.get("message").and_then(|m| m.as_str()) {
                    write!(f, ": {message}")?;
                }
                Ok(())
            }
            None if self.raw.is_empty() => Ok(()),
            None => write!(
                f,
                " with a body that is not JSON ({} bytes)",
                self.raw.len()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_error(status: u16, body: &str) -> ApiError {
        ApiError::new(
            status,
            HeaderMap::new(),
            body.as_bytes(),
            &Secrets::default(),
        )
    }

    #[test]
    fn lasting_rate_limits_are_not_retryable_and_others_are() {
        assert!(!api_error(429, r#"{"policyName":"DAILY"}"#).is_retryable());
        assert!(api_error(429, r#"{"policyName":"SECONDLY"}"#).is_retryable());
        assert!(api_error(429, "<html>").is_retryable());
        for status in [408, 500, 502, 503, 504] {
            assert!(api_error(status, "").is_retryable(), "{status}");
        }
        for status in [400, 401, 404, 501] {
            assert!(!api_error(status, "").is_retryable(), "{status}");
        }
    }

    #[test]
    fn the_correlation_id_comes_from_the_decoded_body_else_from_the_raw_json() {
        let both = api_error(400, r#"{"traceId":"t","correlationId":"c"}"#);
        assert_eq!(both.correlation_id().as_deref(), Some("t"));
        let raw = api_error(400, r#"{"correlationId":"c"}"#);
        assert_eq!(raw.correlation_id().as_deref(), Some("c"));
        assert_eq!(api_error(400, "<html>").correlation_id(), None);
    }

    #[test]
    fn display_tells_the_story_and_bodies_are_kept_whole_before_the_cut() {
        let error = Error::Api(Box::new(api_error(404, r#"{"message":"no such channel"}"#)));
        assert_eq!(error.to_string(), "the API answered 404: no such channel");
        let html = Error::Api(Box::new(api_error(502, "<html>")));
        assert_eq!(
            html.to_string(),
            "the API answered 502 with a body that is not JSON (6 bytes)"
        );
        let long = format!("{{\"message\":\"{}\"}}", "m".repeat(100_000));
        let api = api_error(400, &long);
        assert!(api.body.is_some());
        assert_eq!(api.raw.len(), crate::redact::ERROR_BODY_PREFIX);
        assert!(Error::token_provider("expired")
            .to_string()
            .contains("expired"));
    }
}
