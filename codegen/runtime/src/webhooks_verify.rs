//! HubSpot's request signatures (v3, v2, v1), re-exported by `webhooks`.

// The same for every API signed with HubSpot's scheme; `Verifier::new` (the versions the API
// lists) and `Verifier::verify` (its event type) are generated, in `webhooks.rs`. The check
// itself and the types it names are the support crate's (`support::webhooks_verify`, with the
// SHA-256, HMAC and base64 code), compiled once there.

use std::fmt;
use std::time::Duration;

pub use support::webhooks_verify::{SignatureVersion, VerifyError, WebhookRequest};

/// Checks HubSpot's request signatures with the app's client secret, on the raw
/// request: method, the public URL HubSpot called, headers, body bytes and the time.
/// `Debug` never shows the secret.
///
/// * **v3** (`X-HubSpot-Signature-v3`, `X-HubSpot-Request-Timestamp`): base64 of
///   HMAC-SHA256, keyed with the app's client secret, over method + URL + body +
///   timestamp. The URL is the full one (scheme, host, path, query) with `%3A %2F %3F
///   %40 %21 %24 %27 %28 %29 %2A %2C %3B` decoded and every other escape kept. The
///   timestamp (Unix milliseconds) must be less than 5 minutes old and at most a small
///   skew in the future ([`Verifier::MAX_AGE`], [`Verifier::MAX_SKEW`]).
/// * **v2** (`X-HubSpot-Signature`, `X-HubSpot-Signature-Version: v2`): hex SHA-256 of
///   client secret + method + URL (exactly as called) + body. No timestamp: a recorded
///   request can be replayed.
/// * **v1** (`X-HubSpot-Signature`, `X-HubSpot-Signature-Version: v1`): hex SHA-256 of
///   client secret + body. No timestamp, and the URL and method are not covered.
///
/// When the v3 header is present (and v3 accepted), only v3 counts. Signatures are
/// compared in constant time.
///
/// **The URL behind a proxy.** Pass the URL HubSpot called, as configured in the
/// channel's `webhookUrl` (say `https://hooks.example.com/hubspot?x=1`), not the one
/// your server sees after a proxy or load balancer rewrote it: take the public
/// scheme and host from your configuration (not from `Host` or `X-Forwarded-*`, which
/// callers control) and append the request's path and query exactly as received
/// (undecoded, in their order). Pass the body bytes as received, never re-serialized.
#[derive(Clone)]
pub struct Verifier {
    secret: Vec<u8>,
    versions: Vec<SignatureVersion>,
    max_skew: Duration,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secret", &"<redacted>")
            .field("versions", &self.versions)
            .field("max_skew", &self.max_skew)
            .finish()
    }
}

impl Verifier {
    /// A v3 timestamp this old or older is rejected (HubSpot's rule).
    pub const MAX_AGE: Duration = support::webhooks_verify::MAX_AGE;

    /// How far in the future a v3 timestamp may be, by default (clocks differ a little;
    /// a timestamp far ahead would stretch the replay window).
    pub const MAX_SKEW: Duration = support::webhooks_verify::MAX_SKEW;

    /// A verifier with the app's client secret accepting `versions`; the generated `webhooks`
    /// module's `Verifier::new` gives it the versions the API description lists.
    pub(crate) fn with_versions(
        client_secret: impl AsRef<[u8]>,
        versions: &[SignatureVersion],
    ) -> Self {
        Verifier {
            secret: client_secret.as_ref().to_vec(),
            versions: versions.to_vec(),
            max_skew: Self::MAX_SKEW,
        }
    }

    /// Accepts only these versions, e.g. `&[SignatureVersion::V3]` once your app is
    /// known to receive v3 (v2 and v1 have no timestamp, so they allow replays).
    pub fn versions(mut self, versions: &[SignatureVersion]) -> Self {
        self.versions = versions.to_vec();
        self
    }

    /// How far in the future a v3 timestamp may be.
    pub fn max_skew(mut self, skew: Duration) -> Self {
        self.max_skew = skew;
        self
    }

    /// Checks the signature; the version that matched on success.
    pub fn check(&self, request: &WebhookRequest<'_>) -> Result<SignatureVersion, VerifyError> {
        support::webhooks_verify::check(&self.secret, &self.versions, self.max_skew, request)
    }

    /// Checks the signature, then decodes the body as JSON of type `T`.
    pub fn verify_as<T: serde::de::DeserializeOwned>(
        &self,
        request: &WebhookRequest<'_>,
    ) -> Result<T, VerifyError> {
        self.check(request)?;
        serde_json::from_slice(request.body()).map_err(|e| VerifyError::Payload(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verifier() -> Verifier {
        Verifier::with_versions(
            "client-secret",
            &[SignatureVersion::V2, SignatureVersion::V1],
        )
    }

    #[test]
    fn the_verifier_checks_with_its_secret_and_versions_and_never_shows_the_secret() {
        // The support crate's tests check signatures of every version; here, that the
        // verifier passes on its versions (a v1 request is checked, and refused, only while v1
        // is accepted) and keeps its secret out of `Debug`.
        let request = WebhookRequest::new("POST", "https://h.example/", b"body")
            .header("X-HubSpot-Signature", "00")
            .header("X-HubSpot-Signature-Version", "v1");
        assert_eq!(
            verifier().check(&request),
            Err(VerifyError::BadSignature(SignatureVersion::V1))
        );
        let v2_only = verifier().versions(&[SignatureVersion::V2]);
        assert!(matches!(
            v2_only.check(&request),
            Err(VerifyError::UnsupportedVersion(_))
        ));
        assert!(!format!("{:?}", verifier()).contains("client-secret"));
        assert_eq!(Verifier::MAX_AGE, support::webhooks_verify::MAX_AGE);
    }
}
