//! The client's errors: [`Error`] and [`ApiError`], generic over the API's error body only
//! (the client names them with its `ErrorBody`), [`DecodeError`] (re-exported by the client as
//! `DecodeError`), the text `Display` writes for each of `Error`'s variants ([`display`]), and
//! what `ApiError` shows of a body ([`display_api`], [`debug_api`]), so that their formatting
//! code, which names no API type, is compiled here, once, rather than in every client.

use std::fmt;
use std::time::Duration;

use http::HeaderMap;

use crate::transport::{TransportError, TransportErrorKind};

/// What `Display` of the client's `Error` says of a variant that names no API type (`Api` and
/// `Decode` show their `ApiError` and [`DecodeError`]).
#[derive(Clone, Copy)]
#[doc(hidden)]
pub enum Shown<'a> {
    /// `InvalidRequest`, its message.
    InvalidRequest(&'a str),
    /// `MissingCredentials`: the operation, the credentials that would do.
    MissingCredentials(&'a str, &'a [&'a str]),
    /// `TokenProvider`.
    TokenProvider,
    /// `Transport`.
    Transport,
    /// `Timeout`, after how long.
    Timeout(Option<Duration>),
    /// `Redirect`: the status, the origin of the `Location`.
    Redirect(u16, Option<&'a str>),
    /// `ResponseTooLarge`: the limit.
    ResponseTooLarge(u64),
    /// `Exhausted`: the attempts, the wait before the last one.
    Exhausted(u32, Duration),
}

/// `Display` of the client's `Error`, for `shown`.
#[doc(hidden)]
pub fn display(f: &mut fmt::Formatter<'_>, shown: Shown<'_>) -> fmt::Result {
    match shown {
        Shown::InvalidRequest(message) => write!(f, "invalid request: {message}"),
        Shown::MissingCredentials(operation, accepted) => {
            write!(
                f,
                "`{operation}` needs one of these credentials, none of which the client has: "
            )?;
            // Written one by one: `join` would build a string (and compile a joiner here).
            for (i, name) in accepted.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                f.write_str(name)?;
            }
            Ok(())
        }
        Shown::TokenProvider => f.write_str("the token provider failed"),
        Shown::Transport => f.write_str("the request got no complete response"),
        Shown::Timeout(Some(after)) => write!(f, "the request timed out after {after:?}"),
        Shown::Timeout(None) => f.write_str("the request timed out"),
        Shown::Redirect(status, to) => {
            write!(f, "the API answered {status}, a redirect")?;
            if let Some(to) = to {
                write!(f, " to {to}")?;
            }
            f.write_str(", which the client does not follow")
        }
        Shown::ResponseTooLarge(limit) => {
            write!(
                f,
                "the response body is larger than the limit of {limit} bytes"
            )
        }
        Shown::Exhausted(attempts, last_wait) => write!(
            f,
            "gave up after {attempts} attempts (the last one {last_wait:?} after the one before)"
        ),
    }
}

/// What makes an [`ApiError`] of the API's: which fields its error body must have to be the
/// documented error, the id the decoded body gives the failed request, and whether a `429`'s
/// kept body marks a limit that lasts too long to wait for. The client's `api.rs` has one.
#[doc(hidden)]
pub struct Rules<B> {
    pub required: &'static [&'static str],
    pub correlation_id: fn(&B) -> Option<String>,
    pub lasting_rate_limit: fn(&str) -> bool,
}

/// An error response: its status, headers and body, in which every credential the
/// request sent (as sent, or encoded) is blanked out. `Debug` shows the status, the headers
/// and the body's [`excerpt`](Self::excerpt), each bounded. `B` is the API's error body (the
/// client's `ErrorBody`), which the client's `ApiError` names.
#[non_exhaustive]
pub struct ApiError<B: 'static> {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body decoded as the API's error type (`ErrorBody`); `None` when it does not decode
    /// (an HTML page from a proxy, a truncated body), in which case `raw` has it. A body can
    /// decode and still not be the documented error: see [`matched`](Self::matched).
    pub body: Option<B>,
    /// Whether the body is the documented error: it decodes, and it has every field the API
    /// description requires of an error body. A JSON object from a proxy or a mock decodes
    /// into a type whose fields are all optional, but does not match. For an API whose
    /// operations document different error bodies, `body` is any JSON and so is a match: the
    /// operation's `responses::…Error::of` decodes the body documented for the status.
    pub matched: bool,
    /// The body as received, cut after 64 KiB.
    pub raw: String,
    /// The API's rules of its error bodies.
    rules: &'static Rules<B>,
}

// By hand: a derive would ask `B: Clone` of the rules too.
impl<B: Clone> Clone for ApiError<B> {
    fn clone(&self) -> Self {
        ApiError {
            status: self.status,
            headers: self.headers.clone(),
            body: self.body.clone(),
            matched: self.matched,
            raw: self.raw.clone(),
            rules: self.rules,
        }
    }
}

impl<B> ApiError<B> {
    /// `headers` have been redacted already; the body is decoded whole, then cut. For the
    /// client.
    #[doc(hidden)]
    pub fn new(
        status: u16,
        headers: HeaderMap,
        body: &[u8],
        secrets: &crate::redact::Secrets,
        rules: &'static Rules<B>,
    ) -> Self
    where
        B: serde::de::DeserializeOwned,
    {
        let text = secrets.body(body);
        // A slice reader, as for success bodies: one decoder per model.
        let decoded: Option<B> = serde_json::from_slice(text.as_bytes()).ok();
        let matched = decoded.is_some() && has_required_fields(&text, rules.required);
        ApiError {
            status,
            headers,
            body: decoded,
            matched,
            raw: secrets.kept(text),
            rules,
        }
    }

    /// The id the API gave the failed request: the decoded body's `correlationId`, else
    /// that key of the raw JSON body (for bodies that do not decode).
    pub fn correlation_id(&self) -> Option<String> {
        self.body
            .as_ref()
            .and_then(self.rules.correlation_id)
            .or_else(|| self.json_field("correlationId"))
    }

    /// How long the server asked the client to wait before trying again: the
    /// `Retry-After` header, in seconds or as an HTTP date.
    pub fn retry_after(&self) -> Option<Duration> {
        crate::retry::retry_after(&self.headers)
    }

    /// The body as JSON, when it is JSON; for fields the API does not describe.
    pub fn json(&self) -> Option<serde_json::Value> {
        json(&self.raw)
    }

    /// The beginning of the body (at most 200 characters, runs of white space and control
    /// characters as one space), as `Display` shows a body that is not the documented error.
    pub fn excerpt(&self) -> String {
        one_line(&self.raw)
    }

    /// See `Error::is_retryable`.
    pub fn is_retryable(&self) -> bool {
        match self.status {
            429 => !(self.rules.lasting_rate_limit)(&self.raw),
            408 | 500 | 502 | 503 | 504 => true,
            _ => false,
        }
    }

    /// A top-level string property of the raw JSON body.
    #[doc(hidden)]
    pub fn json_field(&self, key: &str) -> Option<String> {
        json_field(&self.raw, key)
    }
}

// By hand: the decoded body comes from the whole response (up to the call's limit, 16 MiB by
// default), so a derived `Debug` could print megabytes into a log line.
impl<B> fmt::Debug for ApiError<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_api(
            f,
            self.status,
            &self.headers,
            self.body.is_some(),
            self.matched,
            &self.raw,
        )
    }
}

/// An `ApiError` taken out of an `Error` (`error.api().cloned()`) is an error of its own;
/// it has no cause.
impl<B> std::error::Error for ApiError<B> {}

impl<B> fmt::Display for ApiError<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        display_api(f, self.status, self.matched, &self.raw)
    }
}

/// Everything that can go wrong when calling the API (the client's `Error`, whose docs tell
/// more); `B` is the API's error body, in [`Error::Api`].
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<B: 'static> {
    /// The request could not be built: a base URL that is not a URL, a header that is
    /// not a valid header, a body that does not serialize, a file that cannot be read; or
    /// the client could not be (`ClientBuilder::build`: the default transport's TLS setup
    /// failed, which no retry mends).
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
    /// The `TokenProvider` could not supply a token; its error ([`Error::token_provider`]'s
    /// argument, as the provider made it) is the `source`. Not retried.
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
    Api(Box<ApiError<B>>),
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
    /// (`RequestOptions::max_response_bytes`, 16 MiB by default); the client stopped reading
    /// it there.
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
        last: Box<Error<B>>,
    },
}

impl<B> Error<B> {
    /// The error of the last attempt: this error, unless it is [`Error::Exhausted`].
    pub fn last_attempt(&self) -> &Error<B> {
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
    pub fn api(&self) -> Option<&ApiError<B>> {
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
    /// So did the token request of an `OAuthTokens` that the attempt needed first
    /// ([`Error::TokenProvider`] with an `OAuthError` that `is_timeout`).
    // runtime: end
    pub fn is_timeout(&self) -> bool {
        // runtime: if oauth
        match self.last_attempt() {
            Error::Timeout { .. } => true,
            Error::TokenProvider(e) => e
                .downcast_ref::<crate::oauth::OAuthError>()
                .is_some_and(crate::oauth::OAuthError::is_timeout),
            _ => false,
        }
        // runtime: else
        // matches!(self.last_attempt(), Error::Timeout { .. })
        // runtime: end
    }

    /// Whether the failure is transient, so that the same request may succeed later: a
    /// connection failure, a broken connection, an attempt's timeout, or the status `408`,
    /// `429` (unless the API marks it as a limit too long to wait for, see `ErrorBody`),
    /// `500`, `502`, `503` or `504`. The client retries such failures only for calls that are
    /// safe to repeat (see `RetryPolicy`).
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
    #[doc(hidden)]
    pub fn kind(&self) -> &'static str {
        match self {
            Error::InvalidRequest { .. } => "invalid request",
            Error::MissingCredentials { .. } => "missing credentials",
            // runtime: if tokens
            Error::TokenProvider(_) => "token provider",
            // runtime: end
            Error::Transport(e) => match e.kind() {
                TransportErrorKind::Connect => "connect",
                TransportErrorKind::Io => "io",
                TransportErrorKind::ResponseTooLarge => "response too large",
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
    #[doc(hidden)]
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Error::InvalidRequest {
            message: message.into(),
            source: None,
        }
    }

    /// An [`Error::InvalidRequest`] caused by `source` (a serializer's, a reader's error).
    #[doc(hidden)]
    pub fn invalid_request_from(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Error::InvalidRequest {
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// An [`Error::MissingCredentials`] (its variants are not constructible outside this crate).
    #[doc(hidden)]
    pub fn missing_credentials(operation: &'static str, accepted: &'static [&'static str]) -> Self {
        Error::MissingCredentials {
            operation,
            accepted,
        }
    }

    /// An [`Error::Timeout`] of the attempt's own timer, `after`.
    #[doc(hidden)]
    pub fn timeout(after: Duration) -> Self {
        Error::Timeout {
            after: Some(after),
            transport: None,
        }
    }

    /// An [`Error::ResponseTooLarge`].
    #[doc(hidden)]
    pub fn too_large(limit: u64) -> Self {
        Error::ResponseTooLarge { limit }
    }

    /// An [`Error::Redirect`].
    #[doc(hidden)]
    pub fn redirect(status: u16, to: Option<String>) -> Self {
        Error::Redirect { status, to }
    }

    /// An [`Error::Exhausted`].
    #[doc(hidden)]
    pub fn exhausted(attempts: u32, last_wait: Duration, last: Error<B>) -> Self {
        Error::Exhausted {
            attempts,
            last_wait,
            last: Box::new(last),
        }
    }

    // runtime: if tokens
    /// An error of a `TokenProvider`, for providers to return.
    pub fn token_provider(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error::TokenProvider(error.into())
    }

    // runtime: end
    /// The error of a transport's failure: a [`Error::Timeout`] when its own timer fired.
    #[doc(hidden)]
    pub fn transport(error: TransportError) -> Self {
        match error.kind() {
            TransportErrorKind::Timeout => Error::Timeout {
                after: None,
                transport: Some(error),
            },
            _ => Error::Transport(error),
        }
    }
}

/// A builder's failure (`crate::client`) as the client's error.
#[doc(hidden)]
impl<B> From<crate::client::Invalid> for Error<B> {
    fn from(invalid: crate::client::Invalid) -> Self {
        Error::InvalidRequest {
            message: invalid.message,
            source: invalid
                .source
                .map(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>),
        }
    }
}

impl<B> fmt::Display for Error<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The words are [`display`]'s (not generic, so compiled here once); this match only
        // picks them.
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
        display(f, shown)
    }
}

impl<B: fmt::Debug> std::error::Error for Error<B> {
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

/// How much of a body that is not the documented error `Display` shows, in characters.
const DISPLAYED_EXCERPT: usize = 200;

/// How many headers `Debug` of an `ApiError` shows.
const DEBUG_HEADERS: usize = 32;

/// `raw` (an error body as kept) as JSON, when it is JSON.
#[doc(hidden)]
pub fn json(raw: &str) -> Option<serde_json::Value> {
    serde_json::from_slice(raw.as_bytes()).ok()
}

/// A top-level string property of the JSON body `raw`.
#[doc(hidden)]
pub fn json_field(raw: &str, key: &str) -> Option<String> {
    json(raw)?.get(key)?.as_str().map(str::to_string)
}

/// Whether `text` is a JSON object with every field of `required` (any JSON when it names
/// none: the API describes no object).
#[doc(hidden)]
pub fn has_required_fields(text: &str, required: &[&str]) -> bool {
    if required.is_empty() {
        return true;
    }
    match json(text) {
        Some(serde_json::Value::Object(map)) => required.iter().all(|key| map.contains_key(*key)),
        _ => false,
    }
}

/// The beginning of `text` (at most 200 characters, runs of white space and control
/// characters as one space).
#[doc(hidden)]
pub fn one_line(text: &str) -> String {
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

/// `Display` of an `ApiError` with `status`, whose kept body `raw` is the documented error
/// when `matched`.
#[doc(hidden)]
pub fn display_api(
    f: &mut fmt::Formatter<'_>,
    status: u16,
    matched: bool,
    raw: &str,
) -> fmt::Result {
    write!(f, "the API answered {status}")?;
    if matched {
        if let Some(message) = json(raw)
            .as_ref()
            .and_then(|json| json.get("message"))
            .and_then(|m| m.as_str())
        {
            // The server's words, bounded and on one line like an excerpt.
            write!(f, ": {}", one_line(message))?;
        }
        return Ok(());
    }
    if raw.trim().is_empty() {
        return Ok(());
    }
    write!(
        f,
        ", with a body that is not the documented error shape: {}",
        one_line(raw)
    )
}

/// `Debug` of an `ApiError`: the status, the headers and the body's excerpt, each bounded
/// (the decoded body comes from the whole response, so a derived `Debug` could print
/// megabytes into a log line), and whether it `decoded` and `matched`.
#[doc(hidden)]
pub fn debug_api(
    f: &mut fmt::Formatter<'_>,
    status: u16,
    headers: &HeaderMap,
    decoded: bool,
    matched: bool,
    raw: &str,
) -> fmt::Result {
    f.debug_struct("ApiError")
        .field("status", &status)
        .field("headers", &HeadersExcerpt(headers))
        .field("decoded", &decoded)
        .field("matched", &matched)
        .field("excerpt", &one_line(raw))
        .finish_non_exhaustive()
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
    /// `path` and `message` redacted already; `body` the kept excerpt. Both are cut at
    /// [`DECODE_TEXT_LIMIT`]: the parser quotes the body in them (an unknown value, a key of
    /// additional properties), which can be as long as the body. For the client.
    #[doc(hidden)]
    pub fn new(status: u16, path: String, body: String, message: String) -> Self {
        DecodeError {
            status,
            path: bounded(path),
            body,
            cause: Cause(bounded(message)),
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

// runtime: if decodes
/// The most of a decode error's path, and of its message, kept, in bytes: far above what names
/// a field or quotes a value of a schema's enum, far below a body's size.
#[doc(hidden)]
pub const DECODE_TEXT_LIMIT: usize = 4096;

/// `text` cut at [`DECODE_TEXT_LIMIT`], ended by `…` when it was longer.
fn bounded(mut text: String) -> String {
    if crate::redact::cut(&mut text, DECODE_TEXT_LIMIT) {
        text.push('…');
    }
    text
}

// runtime: end
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
