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

/// How much of a body that is not the documented error `Display` shows, in characters.
const DISPLAYED_EXCERPT: usize = 200;

/// How many headers `Debug` of an [`ApiError`] shows.
const DEBUG_HEADERS: usize = 32;

impl ApiError {
    /// `headers` have been redacted already; the body is decoded whole, then cut.
    pub(crate) fn new(status: u16, headers: HeaderMap, body: &[u8], secrets: &Secrets) -> Self {
        let text = secrets.body(body);
        // A slice reader, as for success bodies: one decoder per model.
        let decoded: Option<ErrorBody> = serde_json::from_slice(text.as_bytes()).ok();
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
        serde_json::from_slice(self.raw.as_bytes()).ok()
    }

    /// The beginning of the body (at most 200 characters, runs of white space and control
    /// characters as one space), as `Display` shows a body that is not the documented error.
    pub fn excerpt(&self) -> String {
        one_line(&self.raw)
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
    match serde_json::from_slice::<serde_json::Value>(text.as_bytes()) {
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

/// An `ApiError` taken out of an [`Error`](crate::Error) (`error.api().cloned()`) is an error of its own;
/// it has no cause.
impl std::error::Error for ApiError {}

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
