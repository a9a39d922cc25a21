//! The client's `tracing` output through a fault server on 127.0.0.1: a span per call naming
//! the operation, method and path template, an event per attempt and per retry decision, and
//! never a token, an API key (a query value) or a body.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hubspot_custom_channels::{Client, RetryPolicy};
use pipeline_tests::{Answer, Reply, TestServer};

const TOKEN: &str = "pat-eu1-TRACE-SECRET-1234";
const DEV_KEY: &str = "dev-TRACE-SECRET-key";
const BODY_SECRET: &str = "BODY-SECRET-in-the-answer";

/// Where the subscriber writes: a buffer the test reads.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }
}

#[tokio::test]
async fn the_log_shows_each_attempt_and_retry_decision_and_no_secret() {
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("hubspot_custom_channels=debug"))
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    // The test's runtime is single-threaded: the call's events are on this thread.
    let _guard = tracing::subscriber::set_default(subscriber);

    let echo = format!(r#"{{"message":"{BODY_SECRET} {TOKEN} {DEV_KEY}"}}"#);
    let server = TestServer::start_with(vec![
        Answer::Drop,
        Reply::json(503, &echo).with_header("Retry-After", "0").into(),
        Reply::json(500, &echo).into(),
    ]);
    let policy = RetryPolicy::new().max_attempts(3).initial_backoff(Duration::from_millis(2)).max_backoff(Duration::from_millis(4));
    let client = Client::builder()
        .base_url(&server.base_url)
        .oauth2_token(TOKEN)
        .developer_hapikey(DEV_KEY)
        .retry_policy(policy)
        .build()
        .expect("client");

    let err = client.get_channel("1013").await.expect_err("three failed attempts");
    assert_eq!(err.attempts(), 3);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.query("hapikey").as_deref() == Some(DEV_KEY)), "the key is a query value");

    let text = log.text();
    let lines: Vec<&str> = text.lines().collect();
    let has = |needles: &[&str]| lines.iter().any(|l| needles.iter().all(|n| l.contains(n)));
    // The span: operation, method, path template (not the path with `1013` in it).
    for line in &lines {
        assert!(line.contains(r#"call{operation="get_channel" method=GET path="/conversations/v3/custom-channels/{channelId}"}"#), "{line}");
    }
    assert!(has(&["attempt failed", "attempt=1", "error=\"io\""]), "{text}");
    assert!(has(&["retrying", "attempt=1", "reason=\"io\"", "wait_ms="]), "{text}");
    assert!(has(&["attempt answered", "attempt=2", "status=503", "took_ms="]), "{text}");
    assert!(has(&["retrying", "attempt=2", "status=503", "wait_ms=0", "retry_after=true"]), "{text}");
    assert!(has(&["attempt answered", "attempt=3", "status=500"]), "{text}");
    assert!(has(&["not retrying", "attempt=3", "reason=\"no attempts left\""]), "{text}");
    for secret in [TOKEN, DEV_KEY, BODY_SECRET, "SECRET", "hapikey", "/custom-channels/1013"] {
        assert!(!text.contains(secret), "the log shows `{secret}`:\n{text}");
    }
}

#[tokio::test]
async fn a_call_that_is_not_safe_to_repeat_logs_why_it_is_not_retried() {
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("hubspot_custom_channels=debug"))
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = TestServer::start(vec![Reply::json(503, "")]);
    let client = Client::builder().base_url(&server.base_url).oauth2_token(TOKEN).build().expect("client");
    let update = hubspot_custom_channels::models::PublicChannelIntegrationMessageUpdateRequest::new(
        hubspot_custom_channels::models::PublicChannelIntegrationMessageUpdateRequestStatusType::Read,
    );

    client.update_message("1013", "m1", &update).await.expect_err("503");

    let text = log.text();
    assert!(text.contains("method=PATCH"), "{text}");
    assert!(text.contains("not retrying") && text.contains(r#"reason="not safe to repeat""#), "{text}");
    assert!(!text.contains(TOKEN), "{text}");
}
