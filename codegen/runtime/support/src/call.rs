//! The steps of a call that name no API type, compiled here once rather than in every client:
//! the defaults of its settings, headers and cookies checked, form and upload bodies, the
//! attempt sent through the transport within its timeout and its body limit, the retry
//! decision, the redirect and decode errors. The client's `call.rs` keeps the request (its
//! credentials are the API's) and the loop of attempts (its errors are the client's `Error`),
//! and turns the words of these steps' failures into its errors.

use std::time::Duration;

use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Method};
use reqwest::Url;

use crate::redact::Secrets;
use crate::transport::{send_within, MaxResponseBytes, RequestUrl, Sender, TransportError};

/// How long one attempt may take when no timeout is set.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest response body read when no limit is set: far above any page or error
/// of a JSON API, far below what would hurt the process.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

/// A header from a name and a value, or why they do not make one.
pub fn header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("`{name}` is not a valid header name"))?;
    let header_value = HeaderValue::from_str(value)
        .map_err(|_| format!("the value of the `{name}` header is not a valid header value"))?;
    Ok((header_name, header_value))
}

// runtime: if cookie|cookie_auth
/// Adds `name=value` to the `Cookie` header, or says why it cannot.
pub fn add_cookie(headers: &mut HeaderMap, name: &str, value: &str) -> Result<(), String> {
    let pair = format!("{name}={value}");
    let text = match headers
        .get(http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
    {
        Some(existing) => format!("{existing}; {pair}"),
        None => pair,
    };
    let value = HeaderValue::from_str(&text)
        .map_err(|_| format!("the `{name}` cookie is not a valid header value"))?;
    headers.insert(http::header::COOKIE, value);
    Ok(())
}

// runtime: end
// runtime: if form
/// The `application/x-www-form-urlencoded` text of a body serialized as `json`: each top-level
/// property a pair (`null` ones left out, strings as they are, the rest as JSON).
pub fn form(json: serde_json::Value) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> {
    let mut encoder = Url::parse("http://form/")?;
    if let serde_json::Value::Object(fields) = json {
        let mut pairs = encoder.query_pairs_mut();
        for (key, value) in fields {
            match value {
                serde_json::Value::Null => {}
                serde_json::Value::String(text) => {
                    pairs.append_pair(&key, &text);
                }
                other => {
                    pairs.append_pair(&key, &other.to_string());
                }
            }
        }
    }
    Ok(encoder.query().unwrap_or_default().as_bytes().to_vec())
}

// runtime: end
// runtime: if upload
/// The media type of a binary body whose API media type is `declared`: the caller's `chosen`
/// one wins (it is needed for a wildcard, `image/*`, to be sent as more than
/// `application/octet-stream`), when it fits `declared`; or why it does not.
pub fn media_type(declared: &'static str, chosen: Option<&str>) -> Result<HeaderValue, String> {
    let media = match chosen {
        Some(chosen) => {
            let (kind, subtype) = declared.split_once('/').unwrap_or((declared, "*"));
            let fits = declared == "*/*"
                || !subtype.starts_with('*')
                || chosen
                    .split_once('/')
                    .is_some_and(|(k, _)| k.eq_ignore_ascii_case(kind));
            if !fits {
                return Err(format!(
                    "the body's media type `{chosen}` is not one of `{declared}`"
                ));
            }
            chosen
        }
        None if declared.contains('*') => "application/octet-stream",
        None => declared,
    };
    HeaderValue::from_str(media).map_err(|_| format!("`{media}` is not a valid media type"))
}

// runtime: end
/// What one attempt sent got, before the client makes an error of it.
pub enum Sent {
    /// A response: status, headers, body (within the limit).
    Answer(u16, HeaderMap, bytes::Bytes),
    /// The attempt's timeout elapsed.
    Timeout(Duration),
    /// The body is larger than the limit.
    TooLarge(u64),
    /// The transport failed (its error redacted); its own timer firing included.
    Failed(TransportError),
    /// The URL is not a valid URI (for a custom transport).
    BadUri,
}

/// One attempt: `method` on `url` (`call_url`, the call's URL before credentials, for the
/// default transport's errors) with `headers` and `body`, sent through `sender` within
/// `timeout`, the response body read up to `limit` bytes; a transport error without `secrets`.
#[allow(clippy::too_many_arguments)]
pub async fn send(
    sender: &Sender,
    method: &Method,
    url: Url,
    call_url: &Url,
    headers: HeaderMap,
    body: &[u8],
    timeout: Duration,
    limit: u64,
    secrets: &Secrets,
) -> Sent {
    let answer = match sender {
        Sender::Reqwest(reqwest) => {
            let mut request = reqwest::Request::new(method.clone(), url);
            *request.headers_mut() = headers;
            if !body.is_empty() {
                *request.body_mut() = Some(body.to_vec().into());
            }
            reqwest.send_direct(request, call_url, limit, timeout).await
        }
        Sender::Custom(transport) => {
            let Ok(uri) = http::Uri::try_from(url.as_str()) else {
                return Sent::BadUri;
            };
            let mut request = http::Request::new(body.to_vec());
            *request.method_mut() = method.clone();
            *request.uri_mut() = uri;
            *request.headers_mut() = headers;
            request.extensions_mut().insert(MaxResponseBytes(limit));
            request.extensions_mut().insert(RequestUrl(url));
            send_within(&**transport, request, timeout)
                .await
                .map(|answer| answer.map(|response| response.map(bytes::Bytes::from)))
        }
    };
    let response = match answer {
        None => return Sent::Timeout(timeout),
        Some(Err(error))
            if error.kind() == crate::transport::TransportErrorKind::ResponseTooLarge =>
        {
            return Sent::TooLarge(limit);
        }
        Some(Err(error)) => return Sent::Failed(error.redact(secrets)),
        Some(Ok(response)) => response,
    };
    let (parts, body) = response.into_parts();
    // A custom transport may not know the limit; it holds all the same.
    if body.len() as u64 > limit {
        return Sent::TooLarge(limit);
    }
    Sent::Answer(parts.status.as_u16(), parts.headers, body)
}

/// Why a call that failed its `attempt` (of `attempts`) is not tried again, if it is not:
/// its error is not `retryable`, or the call is not `retry_safe`, or no attempt is left.
pub fn stop(
    retryable: bool,
    retry_safe: bool,
    attempt: u32,
    attempts: u32,
) -> Option<&'static str> {
    if !retryable {
        Some("not retryable")
    } else if !retry_safe {
        Some("not safe to repeat")
    } else if attempt >= attempts {
        Some("no attempts left")
    } else {
        None
    }
}

/// Whether `status` is a redirect, which the client does not follow, so that credentials
/// never reach another origin.
pub fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// The origin of a redirect's `Location` (resolved against `url`), without `secrets`.
pub fn redirect_to(url: &Url, headers: &HeaderMap, secrets: &Secrets) -> Option<String> {
    headers
        .get(http::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|location| url.join(location).ok())
        .map(|target| secrets.text(&target.origin().ascii_serialization()))
}

// runtime: if send|several
/// The decode error of a success `body` (`error` the parser's), without the `secrets` the
/// request sent (serde's message may quote the body too): its path is that of the value the
/// parser stopped in (`json_path.rs`), read from its position rather than by decoding the body
/// again with a path tracker, which would compile a second decoder for every response model.
pub fn decode_error(
    status: u16,
    body: &[u8],
    secrets: &Secrets,
    error: &serde_json::Error,
) -> crate::error::DecodeError {
    let at = crate::json_path::error_path(body, error);
    let (path, message) = crate::json_path::full_path(&at, &error.to_string());
    crate::error::DecodeError::new(
        status,
        secrets.text(&path),
        secrets.kept(secrets.body(body)),
        secrets.text(&message),
    )
}
// runtime: end
