//! The signature checks, against signatures computed here.

use super::*;

const SECRET: &str = "client-secret";

fn v3_signature(method: &str, url: &str, body: &[u8], timestamp: &str) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(method.as_bytes());
    mac.update(url.as_bytes());
    mac.update(body);
    mac.update(timestamp.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

const ALL: [SignatureVersion; 3] = [
    SignatureVersion::V3,
    SignatureVersion::V2,
    SignatureVersion::V1,
];

/// The check with the secret, accepting `versions`, with the default skew.
fn checked(
    versions: &[SignatureVersion],
    request: &WebhookRequest<'_>,
) -> Result<SignatureVersion, VerifyError> {
    check(SECRET.as_bytes(), versions, MAX_SKEW, request)
}

#[test]
fn a_v3_signature_over_the_decoded_url_within_the_window_is_accepted() {
    let now = 1_700_000_000_000u64;
    let body = br#"{"type":"X"}"#;
    // HubSpot signs `:` where the URL has `%3A`, but keeps other escapes.
    let signature = v3_signature(
        "POST",
        "https://h.example/hook?a=b:c&d=%20",
        body,
        &now.to_string(),
    );
    let request = |at: u64| {
        WebhookRequest::new("POST", "https://h.example/hook?a=b%3Ac&d=%20", body)
            .header("X-HubSpot-Signature-v3", &signature)
            .header("x-hubspot-request-timestamp", now.to_string())
            .now_ms(at)
    };
    assert_eq!(
        checked(&ALL, &request(now + 1_000)).unwrap(),
        SignatureVersion::V3
    );
    assert!(matches!(
        checked(&ALL, &request(now + 301_000)),
        Err(VerifyError::Expired { .. })
    ));
    assert!(matches!(
        checked(&ALL, &request(now - 61_000)),
        Err(VerifyError::FromTheFuture { .. })
    ));
    let tampered = WebhookRequest::new("POST", "https://h.example/hook?a=b%3Ac&d=%20", b"{}")
        .header("X-HubSpot-Signature-v3", &signature)
        .header("X-HubSpot-Request-Timestamp", now.to_string())
        .now_ms(now);
    assert!(matches!(
        checked(&ALL, &tampered),
        Err(VerifyError::BadSignature(SignatureVersion::V3))
    ));
}

#[test]
fn older_versions_count_only_when_accepted() {
    let mut hash = sha2::Sha256::new();
    hash.update(SECRET.as_bytes());
    hash.update(b"body");
    let v1: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let request = WebhookRequest::new("POST", "https://h.example/", b"body")
        .header("X-HubSpot-Signature", &v1)
        .header("X-HubSpot-Signature-Version", "v1");
    assert_eq!(checked(&ALL, &request).unwrap(), SignatureVersion::V1);
    assert!(matches!(
        checked(&[SignatureVersion::V3], &request),
        Err(VerifyError::UnsupportedVersion(_))
    ));
}
