//! What can go wrong when calling the API: [`Error`], and the error responses in it.

// What differs between APIs (the error body's type, where its correlation id is, which `429`s
// are not retried, which fields an error body must have) is in the generated `api.rs`; the rest
// is the same for every API. Errors follow the Rust API guidelines (C-GOOD-ERR): `Display`
// says one thing, the cause is `source()`, so that `anyhow`/`eyre` reports list the chain.

use std::fmt;
use std::time::Duration;

use http::HeaderMap;

pub use crate::api::ErrorBody;
use crate::redact::Secrets;
use crate::TransportError;

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
    /// not a valid header, a body that does not serialize, a file that cannot be read.
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest { message, .. } => write!(f, "invalid request: {message}"),
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
            Error::TokenProvider(_) => f.write_str("the token provider failed"),
            // runtime: end
            Error::Transport(_) => f.write_str("the request got no complete response"),
            Error::Timeout {
                after: Some(after), ..
            } => {
                write!(f, "the request timed out after {after:?}")
            }
            Error::Timeout { after: None, .. } => f.write_str("the request timed out"),
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
            Error::Decode(e) => e.fmt(f),
            Error::Exhausted {
                attempts,
                last_wait,
                ..
            } => write!(
                f,
                "gave up after {attempts} attempts (the last one {last_wait:?} after the one before)"
            ),
        }
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

/// A success response whose body does not have the documented shape: where it went wrong
/// (the field path, as `attachments[1].fileId`), and the body.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// The response status.
    pub status: u16,
    /// Where in the body the mismatch is, as `attachments[1].fileId`; empty at the top.
    pub path: String,
    /// The body as received, cut after 64 KiB, credentials the request sent blanked out.
    pub body: String,
    /// What did not match (the `source`), credentials blanked out.
    cause: Cause,
}

impl DecodeError {
    // runtime: if decodes
    /// `path` and `message` redacted already; `body` the kept excerpt.
    pub(crate) fn new(status: u16, path: String, body: String, message: String) -> Self {
        DecodeError {
            status,
            path,
            body,
            cause: Cause(message),
        }
    }

    // runtime: end
    /// What did not match, as the JSON parser says it (the `source`'s text).
    pub fn message(&self) -> &str {
        &self.cause.0
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the body of a {} response does not have the documented shape",
            self.status
        )?;
        if !self.path.is_empty() {
            write!(f, " at `{}`", self.path)?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.cause)
    }
}

/// The parser's message, redacted: the parser's own error may quote the body, and with it
/// a secret a server echoed.
#[derive(Debug)]
struct Cause(String);

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Cause {}

/// An error response: its status, headers and body, in which every credential the
/// request sent (as sent, or encoded) is blanked out. `Debug` shows the status, the headers
/// and the body's [`excerpt`](Self::excerpt), each bounded.
#[derive(Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body decoded as the API's error type; `None` when it does not decode (an HTML
    /// page from a proxy, a truncated body), in which case `raw` has it. A body can decode
    /// and still not be the documented error: see [`matched`](Self::matched).
    pub body: Option<ErrorBody>,
    /// Whether the body is the documented error: it decodes, and it has every field the API
    /// description requires of an error body. A JSON object from a proxy or a mock decodes
    /// into a type whose fields are all optional, but does not match. For an API whose
    /// operations document different error bodies, `body` is any JSON and so is a match: the
    /// operation's `responses::…Error::of` decodes the body documented for the status.
    pub matched: bool,
    /// The body as received, cut after 64 KiB.
    pub raw: String,
}

/// How much of a body that is not the documented error `Display` shows, in characters.
const DISPLAYED_EXCERPT: usize = 200;

/// How many headers `Debug` of an [`ApiError`] shows.
const DEBUG_HEADERS: usize = 32;

impl ApiError {
    /// `headers` have been redacted already; the body is decoded whole, then cut.
    pub(crate) fn new(status: u16, headers: HeaderMap, body: &[u8], secrets: &Secrets) -> Self {
        let text = secrets.body(body);
        let decoded: Option<ErrorBody> = serde_json::from_str(&text).ok();
        let matched = decoded.is_some() && has_required_fields(&text);
        ApiError {
            status,
            headers,
            body: decoded,
            matched,
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

    /// The beginning of the body (at most 200 characters, runs of white space and control
    /// characters as one space), as `Display` shows a body that is not the documented error.
    pub fn excerpt(&self) -> String {
        one_line(&self.raw)
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

/// Whether `text` is a JSON object with every field [`crate::api::ERROR_REQUIRED`] names (any
/// JSON when it names none: the API describes no object).
fn has_required_fields(text: &str) -> bool {
    let required = crate::api::ERROR_REQUIRED;
    if required.is_empty() {
        return true;
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(map)) => required.iter().all(|key| map.contains_key(*key)),
        _ => false,
    }
}

/// The beginning of `text` (at most 200 characters, runs of white space and control
/// characters as one space).
fn one_line(text: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    for (count, c) in text.trim().chars().enumerate() {
        if count == DISPLAYED_EXCERPT {
            out.push('…');
            break;
        }
        if c.is_whitespace() || c.is_control() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

// By hand: the decoded body comes from the whole response (up to the call's limit, 16 MiB by
// default), so a derived `Debug` could print megabytes into a log line.
impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("headers", &HeadersExcerpt(&self.headers))
            .field("decoded", &self.body.is_some())
            .field("matched", &self.matched)
            .field("excerpt", &self.excerpt())
            .finish_non_exhaustive()
    }
}

/// The first [`DEBUG_HEADERS`] headers, names and values cut like an excerpt.
struct HeadersExcerpt<'a>(&'a HeaderMap);

impl fmt::Debug for HeadersExcerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0.iter().take(DEBUG_HEADERS) {
            map.entry(
                &one_line(name.as_str()),
                &one_line(&String::from_utf8_lossy(value.as_bytes())),
            );
        }
        if let Some(more) = self.0.len().checked_sub(DEBUG_HEADERS).filter(|n| *n > 0) {
            map.entry(&"…", &format!("{more} more"));
        }
        map.finish()
    }
}

/// An `ApiError` taken out of an [`Error`] (`error.api().cloned()`) is an error of its own;
/// it has no cause.
impl std::error::Error for ApiError {}

// Errors cross threads and tasks (`anyhow`, `tokio::spawn`): checked here, not left to luck.
const _: () = {
    fn well_behaved<T: std::error::Error + Send + Sync + 'static>() {}
    let _ = well_behaved::<Error>;
    let _ = well_behaved::<ApiError>;
    let _ = well_behaved::<DecodeError>;
    let _ = well_behaved::<TransportError>;
};

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API answered {}", self.status)?;
        if self.matched {
            if let Some(message) = self
                .json()
                .as_ref()
                .and_then(|json| json.get("message"))
                .and_then(|m| m.as_str())
            {
                // The server's words, bounded and on one line like an excerpt.
                write!(f, ": {}", one_line(message))?;
            }
            return Ok(());
        }
        if self.raw.trim().is_empty() {
            return Ok(());
        }
        write!(
            f,
            ", with a body that is not the documented error shape: {}",
            self.excerpt()
        )
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

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
    fn only_a_body_with_the_required_fields_matches_and_others_show_an_excerpt() {
        let error = Error::Api(Box::new(api_error(
            404,
            r#"{"message":"no such channel","traceId":"t"}"#,
        )));
        assert!(error.api().unwrap().matched);
        assert_eq!(error.to_string(), "the API answered 404: no such channel");
        let proxy = api_error(502, r#"{"message":"bad gateway"}"#);
        assert!(proxy.body.is_some() && !proxy.matched);
        assert_eq!(
            proxy.to_string(),
            r#"the API answered 502, with a body that is not the documented error shape: {"message":"bad gateway"}"#
        );
        let html = api_error(502, &format!("<html>\n\n  <p>{}</p>", "x".repeat(500)));
        let shown = html.to_string();
        assert!(shown.contains(": <html> <p>xxx"), "{shown}");
        assert!(shown.ends_with('…') && shown.len() < 300, "{shown}");
        let long = format!(
            "{{\"message\":\"{}\",\"traceId\":\"t\"}}",
            "m".repeat(100_000)
        );
        let api = api_error(400, &long);
        assert!(api.body.is_some() && api.matched);
        assert_eq!(api.raw.len(), crate::redact::ERROR_BODY_PREFIX);
    }

    #[test]
    fn debug_of_an_error_response_is_bounded_however_large_the_body() {
        let long = format!(
            "{{\"message\":\"{}\",\"traceId\":\"t\"}}",
            "m".repeat(1_000_000)
        );
        let mut headers = HeaderMap::new();
        for i in 0..100 {
            let name = http::HeaderName::from_bytes(format!("x-{i}").as_bytes()).unwrap();
            headers.insert(name, "v".repeat(4000).parse().unwrap());
        }
        let api = ApiError::new(500, headers, long.as_bytes(), &Secrets::default());
        assert!(api.body.is_some() && api.matched);
        let error = Error::Api(Box::new(api));
        let shown = format!("{error:?}");
        assert!(shown.len() < 20_000, "{} bytes", shown.len());
        assert!(shown.contains("status: 500") && shown.contains("matched: true"));
        assert!(shown.contains(r#"{\"message\":\"mmm"#), "{shown}");
        assert!(
            shown.contains("\"x-0\": \"vvv") && shown.contains("68 more"),
            "{shown}"
        );
    }

    #[test]
    fn display_says_one_thing_and_source_gives_the_cause() {
        let provider = Error::token_provider("expired");
        assert_eq!(provider.to_string(), "the token provider failed");
        assert_eq!(provider.source().unwrap().to_string(), "expired");
        let last = Error::Api(Box::new(api_error(503, "")));
        let exhausted = Error::Exhausted {
            attempts: 3,
            last_wait: Duration::from_millis(1200),
            last: Box::new(last),
        };
        assert_eq!(
            exhausted.to_string(),
            "gave up after 3 attempts (the last one 1.2s after the one before)"
        );
        assert_eq!(
            exhausted.source().unwrap().to_string(),
            "the API answered 503"
        );
        assert_eq!(exhausted.status(), Some(503));
        assert!(exhausted.is_retryable() && exhausted.attempts() == 3);
    }
}
