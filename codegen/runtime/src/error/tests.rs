//! Unit tests of `error.rs`.

use std::error::Error as _;

use http::HeaderMap;

use super::*;
use crate::redact::Secrets;

fn api_error(status: u16, body: &str) -> ApiError {
    ApiError::new(
        status,
        HeaderMap::new(),
        body.as_bytes(),
        &Secrets::default(),
        &crate::api::ERROR_RULES,
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
    let api = ApiError::new(
        500,
        headers,
        long.as_bytes(),
        &Secrets::default(),
        &crate::api::ERROR_RULES,
    );
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
    let exhausted = Error::exhausted(3, std::time::Duration::from_millis(1200), last);
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

/// What `error_of!` writes for an operation's error enum.
#[derive(Debug, PartialEq)]
enum Documented {
    Status404(serde_json::Value),
    Status5xx(Box<serde_json::Value>),
    Other(serde_json::Value),
}

error_of!(Documented, 404 => Status404, 500..=599 => Status5xx(Box), _ => Other);

#[derive(Debug, PartialEq)]
enum OnlyNotFound {
    Status404(serde_json::Value),
}

error_of!(OnlyNotFound, 404 => Status404);

#[test]
fn error_of_decodes_the_variant_of_the_status_and_nothing_else() {
    let error = |status, body| Error::Api(Box::new(api_error(status, body)));
    let json = serde_json::json!({"message": "x"});
    assert_eq!(
        Documented::of(&error(404, r#"{"message":"x"}"#)),
        Some(Documented::Status404(json.clone()))
    );
    assert_eq!(
        Documented::of(&error(503, r#"{"message":"x"}"#)),
        Some(Documented::Status5xx(Box::new(json.clone())))
    );
    assert_eq!(
        Documented::of(&error(400, r#"{"message":"x"}"#)),
        Some(Documented::Other(json.clone()))
    );
    assert_eq!(
        OnlyNotFound::of(&error(404, r#"{"message":"x"}"#)),
        Some(OnlyNotFound::Status404(json))
    );
    // No documented body for the status, a body that is not JSON, no error response at all.
    assert_eq!(OnlyNotFound::of(&error(500, r#"{"message":"x"}"#)), None);
    assert_eq!(OnlyNotFound::of(&error(404, "<html>")), None);
    assert_eq!(
        OnlyNotFound::of(&Error::invalid_request("no response")),
        None
    );
}
