//! HubSpot's request signatures (v3, v2, v1): what the client's `webhooks::Verifier` checks,
//! re-exported by its `webhooks` module (the `Verifier`, with its API-specific `new` and
//! `verify`, is the client's).

// The same for every API signed with HubSpot's scheme; only crates whose API names that scheme
// have this module, behind the feature `webhooks` (which the client's `webhooks` turns on).

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::Mac as _;
use sha2::Digest as _;

/// A v3 timestamp this old or older is rejected (HubSpot's rule).
#[doc(hidden)]
pub const MAX_AGE: Duration = Duration::from_secs(300);

/// How far in the future a v3 timestamp may be, by default (clocks differ a little; a
/// timestamp far ahead would stretch the replay window).
#[doc(hidden)]
pub const MAX_SKEW: Duration = Duration::from_secs(60);

const V3_HEADER: &str = "X-HubSpot-Signature-v3";

const TIMESTAMP_HEADER: &str = "X-HubSpot-Request-Timestamp";

const SIGNATURE_HEADER: &str = "X-HubSpot-Signature";

const VERSION_HEADER: &str = "X-HubSpot-Signature-Version";

/// A version of HubSpot's request signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// HMAC-SHA256 with a timestamp (`X-HubSpot-Signature-v3`).
    V3,
    /// SHA-256 of secret, method, URL and body.
    V2,
    /// SHA-256 of secret and body.
    V1,
}

impl SignatureVersion {
    /// `v3`, `v2` or `v1`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V3 => "v3",
            Self::V2 => "v2",
            Self::V1 => "v1",
        }
    }

    /// The version named `text` (`v3`, `V2`, ...), if there is one.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "v3" => Some(Self::V3),
            "v2" => Some(Self::V2),
            "v1" => Some(Self::V1),
            _ => None,
        }
    }
}

impl fmt::Display for SignatureVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A delivery as your server received it, whatever the web framework: method, the
/// public URL HubSpot called (see the module docs for proxies), the raw body, the
/// signature headers. Only HubSpot's signature headers are kept.
#[derive(Debug, Clone)]
pub struct WebhookRequest<'a> {
    method: &'a str,
    url: &'a str,
    body: &'a [u8],
    headers: Vec<(&'static str, Vec<u8>)>,
    now_ms: Option<u64>,
}

impl<'a> WebhookRequest<'a> {
    /// The request's method (`POST`, as sent), the full public URL and the body
    /// bytes exactly as received (never re-serialized JSON).
    pub fn new(method: &'a str, url: &'a str, body: &'a [u8]) -> Self {
        WebhookRequest {
            method,
            url,
            body,
            headers: Vec::new(),
            now_ms: None,
        }
    }

    /// Adds a header (names compare without case). Headers other than HubSpot's
    /// signature headers are ignored, so passing all of them is fine.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<[u8]>) -> Self {
        let name = name.as_ref();
        let known = [
            V3_HEADER,
            TIMESTAMP_HEADER,
            SIGNATURE_HEADER,
            VERSION_HEADER,
        ];
        if let Some(k) = known.into_iter().find(|k| k.eq_ignore_ascii_case(name)) {
            if !self.headers.iter().any(|(n, _)| *n == k) {
                self.headers.push((k, value.as_ref().to_vec()));
            }
        }
        self
    }

    /// Adds headers, e.g. `&http::HeaderMap` or `[("x-hubspot-signature-v3", sig)]`.
    pub fn headers<I, K, V>(mut self, headers: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<[u8]>,
    {
        for (k, v) in headers {
            self = self.header(k, v);
        }
        self
    }

    /// The time to check the timestamp against, in Unix milliseconds (default: the
    /// system clock when verifying).
    pub fn now_ms(mut self, now_ms: u64) -> Self {
        self.now_ms = Some(now_ms);
        self
    }

    /// The body, as given to [`new`](Self::new).
    pub fn body(&self) -> &'a [u8] {
        self.body
    }

    fn get(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_slice())
    }
}

/// Why a delivery was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// A header the signature needs is absent.
    MissingHeader(&'static str),
    /// The request is signed with a version this verifier does not accept (or an
    /// unknown one), named as the request named it.
    UnsupportedVersion(String),
    /// `X-HubSpot-Request-Timestamp` is not whole Unix milliseconds.
    InvalidTimestamp,
    /// The v3 timestamp is `Verifier::MAX_AGE` old or older: a late or replayed request.
    Expired {
        /// How old it is, in milliseconds.
        age_ms: u64,
    },
    /// The v3 timestamp is further in the future than the allowed clock skew.
    FromTheFuture {
        /// How far ahead it is, in milliseconds.
        ahead_ms: u64,
    },
    /// The signature does not match the request: not from HubSpot, changed on the
    /// way, or checked against another URL, method, body or secret.
    BadSignature(SignatureVersion),
    /// The signature is valid but the body is not the expected JSON.
    Payload(String),
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeader(name) => write!(f, "missing header {name}"),
            Self::UnsupportedVersion(v) => {
                write!(f, "unsupported signature version {v:?}")
            }
            Self::InvalidTimestamp => {
                write!(f, "invalid timestamp (not whole Unix milliseconds)")
            }
            Self::Expired { age_ms } => {
                write!(
                    f,
                    "stale timestamp: sent {} ms ago, the limit is {} ms",
                    age_ms,
                    MAX_AGE.as_millis()
                )
            }
            Self::FromTheFuture { ahead_ms } => {
                write!(f, "timestamp from the future: {ahead_ms} ms ahead")
            }
            Self::BadSignature(v) => write!(f, "bad signature ({v})"),
            Self::Payload(e) => write!(f, "invalid payload: {e}"),
        }
    }
}

impl std::error::Error for VerifyError {}
/// Checks `request`'s signature with the app's client `secret`, accepting `versions` and v3
/// timestamps at most `max_skew` ahead: the client's `Verifier::check`. The version that
/// matched on success.
#[doc(hidden)]
pub fn check(
    secret: &[u8],
    versions: &[SignatureVersion],
    max_skew: Duration,
    request: &WebhookRequest<'_>,
) -> Result<SignatureVersion, VerifyError> {
    let v3_signature = request.get(V3_HEADER);
    if let (Some(signature), true) = (v3_signature, versions.contains(&SignatureVersion::V3)) {
        return v3(secret, max_skew, request, signature).map(|()| SignatureVersion::V3);
    }
    let Some(signature) = request.get(SIGNATURE_HEADER) else {
        return Err(match v3_signature {
            Some(_) => VerifyError::UnsupportedVersion("v3".to_string()),
            None if versions.contains(&SignatureVersion::V3) => {
                VerifyError::MissingHeader(V3_HEADER)
            }
            None => VerifyError::MissingHeader(SIGNATURE_HEADER),
        });
    };
    let Some(named) = request.get(VERSION_HEADER) else {
        return Err(VerifyError::MissingHeader(VERSION_HEADER));
    };
    let named = String::from_utf8_lossy(named);
    let version = match SignatureVersion::parse(&named) {
        Some(v @ (SignatureVersion::V2 | SignatureVersion::V1)) if versions.contains(&v) => v,
        _ => {
            return Err(VerifyError::UnsupportedVersion(
                named.chars().take(16).collect(),
            ));
        }
    };
    let mut hash = sha2::Sha256::new();
    hash.update(secret);
    if version == SignatureVersion::V2 {
        hash.update(request.method.as_bytes());
        hash.update(request.url.as_bytes());
    }
    hash.update(request.body);
    let expected = hash.finalize();
    match hex(signature) {
        Some(given) if same(&expected, &given) => Ok(version),
        _ => Err(VerifyError::BadSignature(version)),
    }
}

fn v3(
    secret: &[u8],
    max_skew: Duration,
    request: &WebhookRequest<'_>,
    signature: &[u8],
) -> Result<(), VerifyError> {
    let timestamp = request
        .get(TIMESTAMP_HEADER)
        .ok_or(VerifyError::MissingHeader(TIMESTAMP_HEADER))?;
    if timestamp.is_empty() || timestamp.len() > 19 || !timestamp.iter().all(u8::is_ascii_digit) {
        return Err(VerifyError::InvalidTimestamp);
    }
    let sent: u64 = std::str::from_utf8(timestamp)
        .ok()
        .and_then(|t| t.parse().ok())
        .ok_or(VerifyError::InvalidTimestamp)?;
    let now = request.now_ms.unwrap_or_else(now_ms);
    if now >= sent {
        let age_ms = now - sent;
        if u128::from(age_ms) >= MAX_AGE.as_millis() {
            return Err(VerifyError::Expired { age_ms });
        }
    } else {
        let ahead_ms = sent - now;
        if u128::from(ahead_ms) > max_skew.as_millis() {
            return Err(VerifyError::FromTheFuture { ahead_ms });
        }
    }
    let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret) else {
        return Err(VerifyError::BadSignature(SignatureVersion::V3));
    };
    mac.update(request.method.as_bytes());
    mac.update(decode_uri(request.url).as_bytes());
    mac.update(request.body);
    mac.update(timestamp);
    let expected = mac.finalize().into_bytes();
    let given = base64::engine::general_purpose::STANDARD
        .decode(trim(signature))
        .map_err(|_| VerifyError::BadSignature(SignatureVersion::V3))?;
    if same(&expected, &given) {
        Ok(())
    } else {
        Err(VerifyError::BadSignature(SignatureVersion::V3))
    }
}

/// The URL as v3 signs it: HubSpot's table of escapes decoded, nothing else.
fn decode_uri(url: &str) -> String {
    const TABLE: [(&str, char); 12] = [
        ("%3A", ':'),
        ("%2F", '/'),
        ("%3F", '?'),
        ("%40", '@'),
        ("%21", '!'),
        ("%24", '$'),
        ("%27", '\''),
        ("%28", '('),
        ("%29", ')'),
        ("%2A", '*'),
        ("%2C", ','),
        ("%3B", ';'),
    ];
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        match TABLE.iter().find(|(escape, _)| tail.starts_with(escape)) {
            Some((escape, c)) => {
                out.push(*c);
                rest = &tail[escape.len()..];
            }
            None => {
                out.push('%');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Hex text (either case, surrounding spaces ignored) as bytes.
fn hex(text: &[u8]) -> Option<Vec<u8>> {
    let text = trim(text);
    if text.len() % 2 != 0 {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    text.chunks(2)
        .map(|pair| Some((digit(*pair.first()?)? << 4) | digit(*pair.get(1)?)?))
        .collect()
}

/// `bytes` without surrounding ASCII whitespace.
fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    bytes.get(start..end).unwrap_or_default()
}

/// Equal bytes, in time that depends on the length only.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests;
