//! The generated crate's `webhooks::Verifier` on HubSpot's published v1 and v2 vectors and
//! the v3 vector of the reference notes, on tampered requests of every kind, on timestamps
//! out of the window, on missing headers, and against two independent implementations: the
//! Rust signer in `support/sign.rs` and, when `python3` is installed, Python's hmac.

#[path = "support/sign.rs"]
mod sign;

use std::process::Command;

use hubspot_custom_channels::webhooks::{SignatureVersion, Verifier, VerifyError, WebhookEvent, WebhookRequest};

const SECRET: &str = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
const V3_URL: &str = "https://example.com/hubspot/custom-channel?x=1";
const V3_BODY: &str = r#"{"type":"OUTGOING_CHANNEL_MESSAGE_CREATED"}"#;
const V3_TS: &str = "1700000000000";
const V3_SIG: &str = "PC8YoYUQULo1+903qz70M3aNC9SgJNkuC8f7twAnafI=";
const V1_BODY: &str = r#"[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]"#;

fn v3<'a>(method: &'a str, url: &'a str, body: &'a [u8], ts: &str, sig: &str, now: u64) -> WebhookRequest<'a> {
    WebhookRequest::new(method, url, body)
        .header("x-hubspot-signature-v3", sig)
        .header("X-HubSpot-Request-Timestamp", ts)
        .now_ms(now)
}

fn legacy<'a>(version: &str, method: &'a str, url: &'a str, body: &'a [u8], sig: &str) -> WebhookRequest<'a> {
    WebhookRequest::new(method, url, body).header("X-HubSpot-Signature", sig).header("X-HubSpot-Signature-Version", version)
}

/// A minute after the vector's timestamp.
const NOW: u64 = 1_700_000_060_000;

#[test]
fn the_published_vectors_verify() {
    let verifier = Verifier::new(SECRET);
    let r = v3("POST", V3_URL, V3_BODY.as_bytes(), V3_TS, V3_SIG, NOW);
    assert_eq!(verifier.check(&r), Ok(SignatureVersion::V3));

    let v1 = "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de";
    assert_eq!(verifier.check(&legacy("v1", "POST", "https://x.test/any", V1_BODY.as_bytes(), v1)), Ok(SignatureVersion::V1));
    // Upper-case hex is the same signature.
    assert_eq!(verifier.check(&legacy("v1", "POST", "https://x.test/any", V1_BODY.as_bytes(), &v1.to_uppercase())), Ok(SignatureVersion::V1));

    let get = "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e";
    assert_eq!(verifier.check(&legacy("v2", "GET", "https://www.example.com/webhook_uri", b"", get)), Ok(SignatureVersion::V2));
    let post = "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900";
    let body = br#"{"example_field":"example_value"}"#;
    assert_eq!(verifier.check(&legacy("v2", "POST", "https://www.example.com/webhook_uri", body, post)), Ok(SignatureVersion::V2));

    // The independent signer agrees with every vector.
    assert_eq!(sign::v3(SECRET, "POST", V3_URL, V3_BODY.as_bytes(), V3_TS), V3_SIG);
    assert_eq!(sign::v1(SECRET, V1_BODY.as_bytes()), v1);
    assert_eq!(sign::v2(SECRET, "GET", "https://www.example.com/webhook_uri", b""), get);
    assert_eq!(sign::v2(SECRET, "POST", "https://www.example.com/webhook_uri", body), post);
}

#[test]
fn any_change_to_a_signed_v3_request_is_a_bad_signature() {
    let verifier = Verifier::new(SECRET);
    let bad = Err(VerifyError::BadSignature(SignatureVersion::V3));
    let body = V3_BODY.as_bytes();
    let tampered_body = br#"{"type":"OUTGOING_CHANNEL_MESSAGE_CREATEd"}"#;
    assert_eq!(verifier.check(&v3("POST", V3_URL, tampered_body, V3_TS, V3_SIG, NOW)), bad);
    assert_eq!(verifier.check(&v3("PUT", V3_URL, body, V3_TS, V3_SIG, NOW)), bad);
    assert_eq!(verifier.check(&v3("post", V3_URL, body, V3_TS, V3_SIG, NOW)), bad);
    assert_eq!(verifier.check(&v3("POST", "https://example.com/hubspot/custom-channel?x=2", body, V3_TS, V3_SIG, NOW)), bad);
    assert_eq!(verifier.check(&v3("POST", "http://example.com/hubspot/custom-channel?x=1", body, V3_TS, V3_SIG, NOW)), bad);
    assert_eq!(verifier.check(&v3("POST", "https://example.com/hubspot/custom-channel", body, V3_TS, V3_SIG, NOW)), bad);
    assert_eq!(verifier.check(&v3("POST", V3_URL, body, "1700000000001", V3_SIG, NOW)), bad);
    let flipped = V3_SIG.replacen('P', "Q", 1);
    assert_eq!(verifier.check(&v3("POST", V3_URL, body, V3_TS, &flipped, NOW)), bad);
    assert_eq!(verifier.check(&v3("POST", V3_URL, body, V3_TS, "not base64 at all!", NOW)), bad);
    assert_eq!(verifier.check(&v3("POST", V3_URL, body, V3_TS, "", NOW)), bad);
    assert_eq!(Verifier::new("another secret").check(&v3("POST", V3_URL, body, V3_TS, V3_SIG, NOW)), bad);
}

#[test]
fn v3_decodes_exactly_the_table_of_escapes_in_the_url() {
    let verifier = Verifier::new(SECRET);
    let body = b"{}";
    // HubSpot signs `https://h.test/a:b/c@d?e=f,g` whether it called it with escapes or not.
    let plain = "https://h.test/a:b/c@d?e=f,g(h)";
    let sig = sign::v3(SECRET, "POST", plain, body, V3_TS);
    for called in [plain, "https://h.test/a%3Ab/c%40d?e=f%2Cg%28h%29", "https%3A%2F%2Fh.test/a:b/c@d%3Fe=f,g(h)"] {
        assert_eq!(verifier.check(&v3("POST", called, body, V3_TS, &sig, NOW)), Ok(SignatureVersion::V3), "{called}");
    }
    // An escape outside the table stays as it is: `%7E` and `~` are different URLs.
    let tilde = "https://h.test/a%7Eb";
    let sig = sign::v3(SECRET, "POST", tilde, body, V3_TS);
    assert_eq!(verifier.check(&v3("POST", tilde, body, V3_TS, &sig, NOW)), Ok(SignatureVersion::V3));
    assert_eq!(verifier.check(&v3("POST", "https://h.test/a~b", body, V3_TS, &sig, NOW)), Err(VerifyError::BadSignature(SignatureVersion::V3)));
    // So does `%20`, and a lower-case escape is not in the table.
    let space = "https://h.test/a%20b%3ac";
    let sig = sign::v3(SECRET, "POST", space, body, V3_TS);
    assert_eq!(verifier.check(&v3("POST", space, body, V3_TS, &sig, NOW)), Ok(SignatureVersion::V3));
    assert_eq!(verifier.check(&v3("POST", "https://h.test/a b%3ac", body, V3_TS, &sig, NOW)), Err(VerifyError::BadSignature(SignatureVersion::V3)));
    assert_eq!(verifier.check(&v3("POST", "https://h.test/a%20b:c", body, V3_TS, &sig, NOW)), Err(VerifyError::BadSignature(SignatureVersion::V3)));
}

#[test]
fn a_changed_query_order_is_another_url() {
    let verifier = Verifier::new(SECRET);
    let url = "https://h.test/hook?a=1&b=2";
    let body = b"{}";
    let sig = sign::v3(SECRET, "POST", url, body, V3_TS);
    assert_eq!(verifier.check(&v3("POST", url, body, V3_TS, &sig, NOW)), Ok(SignatureVersion::V3));
    assert_eq!(verifier.check(&v3("POST", "https://h.test/hook?b=2&a=1", body, V3_TS, &sig, NOW)), Err(VerifyError::BadSignature(SignatureVersion::V3)));
    let v2 = sign::v2(SECRET, "POST", url, body);
    assert_eq!(verifier.check(&legacy("v2", "POST", "https://h.test/hook?b=2&a=1", body, &v2)), Err(VerifyError::BadSignature(SignatureVersion::V2)));
}

#[test]
fn v3_timestamps_must_be_recent_and_not_from_the_future() {
    let verifier = Verifier::new(SECRET);
    let body = V3_BODY.as_bytes();
    let sent = 1_700_000_000_000u64;
    let at = |now: u64| verifier.check(&v3("POST", V3_URL, body, V3_TS, V3_SIG, now));
    assert_eq!(at(sent), Ok(SignatureVersion::V3));
    assert_eq!(at(sent + 299_999), Ok(SignatureVersion::V3));
    assert_eq!(at(sent + 300_000), Err(VerifyError::Expired { age_ms: 300_000 }));
    assert_eq!(at(sent + 3_600_000), Err(VerifyError::Expired { age_ms: 3_600_000 }));
    // A little clock skew is fine; an hour ahead is not (HubSpot's Python SDK accepts it).
    assert_eq!(at(sent - 60_000), Ok(SignatureVersion::V3));
    assert_eq!(at(sent - 60_001), Err(VerifyError::FromTheFuture { ahead_ms: 60_001 }));
    assert_eq!(at(sent - 3_600_000), Err(VerifyError::FromTheFuture { ahead_ms: 3_600_000 }));
    let strict = Verifier::new(SECRET).max_skew(std::time::Duration::ZERO);
    assert_eq!(strict.check(&v3("POST", V3_URL, body, V3_TS, V3_SIG, sent - 1)), Err(VerifyError::FromTheFuture { ahead_ms: 1 }));
    // A float or a seconds-and-fraction timestamp is not what HubSpot sends or signs.
    for ts in ["1700000000000.0", "1.7e12", "", " 1700000000000", "-1", "17000000000000000000000"] {
        let sig = sign::v3(SECRET, "POST", V3_URL, body, ts);
        assert_eq!(verifier.check(&v3("POST", V3_URL, body, ts, &sig, NOW)), Err(VerifyError::InvalidTimestamp), "{ts:?}");
    }
    // Without a clock given, the system clock is used: a 2023 timestamp is stale.
    let r = WebhookRequest::new("POST", V3_URL, body).header("X-HubSpot-Signature-v3", V3_SIG).header("X-HubSpot-Request-Timestamp", V3_TS);
    assert!(matches!(verifier.check(&r), Err(VerifyError::Expired { .. })));
}

#[test]
fn missing_headers_and_versions_are_typed_reasons() {
    let verifier = Verifier::new(SECRET);
    let body = V3_BODY.as_bytes();
    let none = WebhookRequest::new("POST", V3_URL, body).header("content-type", "application/json");
    assert_eq!(verifier.check(&none), Err(VerifyError::MissingHeader("X-HubSpot-Signature-v3")));
    let no_ts = WebhookRequest::new("POST", V3_URL, body).header("X-HubSpot-Signature-v3", V3_SIG).now_ms(NOW);
    assert_eq!(verifier.check(&no_ts), Err(VerifyError::MissingHeader("X-HubSpot-Request-Timestamp")));
    let v1 = sign::v1(SECRET, body);
    let no_version = WebhookRequest::new("POST", V3_URL, body).header("X-HubSpot-Signature", &v1);
    assert_eq!(verifier.check(&no_version), Err(VerifyError::MissingHeader("X-HubSpot-Signature-Version")));
    assert_eq!(verifier.check(&legacy("v9", "POST", V3_URL, body, &v1)), Err(VerifyError::UnsupportedVersion("v9".to_string())));
    // A verifier restricted to v3 refuses v1 and v2, however valid.
    let v3_only = Verifier::new(SECRET).versions(&[SignatureVersion::V3]);
    assert_eq!(v3_only.check(&legacy("v1", "POST", V3_URL, body, &v1)), Err(VerifyError::UnsupportedVersion("v1".to_string())));
    let v1_only = Verifier::new(SECRET).versions(&[SignatureVersion::V1]);
    assert_eq!(v1_only.check(&v3("POST", V3_URL, body, V3_TS, V3_SIG, NOW)), Err(VerifyError::UnsupportedVersion("v3".to_string())));
    // With v3 present, only v3 counts: a valid v1 beside a bad v3 is not enough.
    let both = v3("POST", V3_URL, body, V3_TS, "AAAA", NOW).header("X-HubSpot-Signature", &v1).header("X-HubSpot-Signature-Version", "v1");
    assert_eq!(verifier.check(&both), Err(VerifyError::BadSignature(SignatureVersion::V3)));
    // Every reason reads as a sentence.
    for e in [VerifyError::MissingHeader("X"), VerifyError::InvalidTimestamp, VerifyError::Expired { age_ms: 1 }, VerifyError::BadSignature(SignatureVersion::V2)] {
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn headers_come_from_any_framework_and_the_secret_stays_hidden() {
    let mut map = hubspot_custom_channels::http::HeaderMap::new();
    map.insert("x-hubspot-signature-v3", V3_SIG.parse().unwrap());
    map.insert("x-hubspot-request-timestamp", V3_TS.parse().unwrap());
    map.insert("authorization", "Bearer not-kept".parse().unwrap());
    let request = WebhookRequest::new("POST", V3_URL, V3_BODY.as_bytes()).headers(&map).now_ms(NOW);
    let verifier = Verifier::new(SECRET);
    assert_eq!(verifier.check(&request), Ok(SignatureVersion::V3));
    assert!(!format!("{request:?}").contains("not-kept"), "only signature headers are kept");
    assert!(!format!("{verifier:?}").contains("yyyy"), "{verifier:?}");
    // The decoded event comes with the check.
    match verifier.verify(&request) {
        Ok(WebhookEvent::Unknown(_)) | Err(VerifyError::Payload(_)) => {}
        other => panic!("a message event without `message` is not a delivered message: {other:?}"),
    }
}

#[test]
fn verify_decodes_sparse_and_unknown_events() {
    let verifier = Verifier::new(SECRET);
    let sparse = br#"{"type":"OUTGOING_CHANNEL_MESSAGE_CREATED","message":{"id":"m1","channelAccountId":"90012345","someNewField":[1]},"portalId":243842089,"unknownTopLevel":true}"#;
    let sig = sign::v3(SECRET, "POST", V3_URL, sparse, V3_TS);
    match verifier.verify(&v3("POST", V3_URL, sparse, V3_TS, &sig, NOW)) {
        Ok(WebhookEvent::OutgoingChannelMessageCreated(e)) => {
            assert_eq!(e.message.id, "m1");
            assert_eq!(e.message.channel_account_id, "90012345");
            assert_eq!(e.message.text, None);
        }
        other => panic!("{other:?}"),
    }
    let unknown = br#"{"type":"CHANNEL_SOMETHING_NEW","x":1}"#;
    let sig = sign::v3(SECRET, "POST", V3_URL, unknown, V3_TS);
    match verifier.verify(&v3("POST", V3_URL, unknown, V3_TS, &sig, NOW)) {
        Ok(WebhookEvent::Unknown(raw)) => assert_eq!(raw["x"], 1),
        other => panic!("{other:?}"),
    }
    let not_json = b"<html>";
    let sig = sign::v3(SECRET, "POST", V3_URL, not_json, V3_TS);
    assert!(matches!(verifier.verify(&v3("POST", V3_URL, not_json, V3_TS, &sig, NOW)), Err(VerifyError::Payload(_))));
}

/// Python's cases, from `support/v3_cases.py`, or `None` (with a skip line) without python3.
pub fn python_cases(seed: u64, count: usize) -> Option<Vec<serde_json::Value>> {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/v3_cases.py");
    let output = match Command::new("python3").arg(&script).arg(seed.to_string()).arg(count.to_string()).output() {
        Ok(o) if o.status.success() => o,
        Ok(o) => panic!("{} failed: {}", script.display(), String::from_utf8_lossy(&o.stderr)),
        Err(_) => {
            println!("skipped: python3 is not installed, so there is no independent Python implementation to compare with");
            return None;
        }
    };
    Some(String::from_utf8_lossy(&output.stdout).lines().map(|l| serde_json::from_str(l).expect("a JSON case")).collect())
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len() / 2).map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).expect("hex")).collect()
}

#[test]
fn random_cases_from_python_agree_with_the_verifier() {
    let Some(cases) = python_cases(20261201, 400) else { return };
    let mut kinds = std::collections::BTreeMap::new();
    for case in &cases {
        let s = |k: &str| case[k].as_str().expect(k).to_string();
        let body = unhex(&s("body_hex"));
        let (method, url) = (s("method"), s("url"));
        let request = v3(&method, &url, &body, &s("timestamp"), &s("signature"), case["now_ms"].as_u64().expect("now_ms"));
        let got = match Verifier::new(s("secret")).check(&request) {
            Ok(_) => "valid",
            Err(VerifyError::BadSignature(_)) => "bad-signature",
            Err(VerifyError::Expired { .. }) => "expired",
            Err(VerifyError::FromTheFuture { .. }) => "future",
            Err(VerifyError::InvalidTimestamp) => "timestamp",
            Err(other) => panic!("{other:?} for {case}"),
        };
        assert_eq!(got, s("expect"), "{case}");
        *kinds.entry(s("expect")).or_insert(0) += 1;
    }
    // The cases cover every outcome, valid ones included.
    for kind in ["valid", "bad-signature", "expired", "future", "timestamp"] {
        assert!(kinds.get(kind).copied().unwrap_or(0) >= 5, "{kind}: {kinds:?}");
    }
}
