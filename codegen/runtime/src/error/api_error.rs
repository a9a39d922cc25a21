//! [`ApiError`]: the error response of a call, its body decoded and kept, and what `Display`
//! and `Debug` show of it (bounded, since a body may be megabytes).

use std::fmt;
use std::time::Duration;

use http::HeaderMap;

use crate::redact::Secrets;
use crate::ErrorBody;

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

impl ApiError {
    /// `headers` have been redacted already; the body is decoded whole, then cut.
    pub(crate) fn new(status: u16, headers: HeaderMap, body: &[u8], secrets: &Secrets) -> Self {
        let text = secrets.body(body);
        // A slice reader, as for success bodies: one decoder per model.
        let decoded: Option<ErrorBody> = serde_json::from_slice(text.as_bytes()).ok();
        let matched = decoded.is_some()
            && support::error::has_required_fields(&text, crate::api::ERROR_REQUIRED);
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
        support::error::json(&self.raw)
    }

    /// The beginning of the body (at most 200 characters, runs of white space and control
    /// characters as one space), as `Display` shows a body that is not the documented error.
    pub fn excerpt(&self) -> String {
        support::error::one_line(&self.raw)
    }

    /// See [`Error::is_retryable`](crate::Error::is_retryable).
    pub fn is_retryable(&self) -> bool {
        match self.status {
            429 => !crate::api::lasting_rate_limit(self),
            408 | 500 | 502 | 503 | 504 => true,
            _ => false,
        }
    }

    /// A top-level string property of the raw JSON body.
    pub(crate) fn json_field(&self, key: &str) -> Option<String> {
        support::error::json_field(&self.raw, key)
    }
}

// By hand: the decoded body comes from the whole response (up to the call's limit, 16 MiB by
// default), so a derived `Debug` could print megabytes into a log line. What it and `Display`
// show is the support crate's code (compiled there once): nothing of it names the API's types.
impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let decoded = self.body.is_some();
        support::error::debug_api(
            f,
            self.status,
            &self.headers,
            decoded,
            self.matched,
            &self.raw,
        )
    }
}

/// An `ApiError` taken out of an [`Error`](crate::Error) (`error.api().cloned()`) is an error of its own;
/// it has no cause.
impl std::error::Error for ApiError {}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        support::error::display_api(f, self.status, self.matched, &self.raw)
    }
}
