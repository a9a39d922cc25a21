//! The parts of the client's `Error` that name no API type: [`DecodeError`] (re-exported by the
//! client as `DecodeError`), the text `Display` writes for each of `Error`'s variants
//! ([`display`]), and what `ApiError` shows of a body ([`display_api`], [`debug_api`]), so
//! that their formatting code is compiled here, once, rather than in every client.

use std::fmt;
use std::time::Duration;

use http::HeaderMap;

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
