//! The generated client's runtime against a real, misbehaving HTTP server on 127.0.0.1:
//! retries (which calls, how often, with what), rate limits, Retry-After, timeouts, broken
//! connections, bodies that are not what the API describes, credentials per operation,
//! per-call options, token providers, page streams and a custom transport.
//!
//! Backoffs are milliseconds here (`fast`), so no test takes more than a fraction of a second.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hubspot_custom_channels::models::{
    ChannelIntegrationMessageEgg, GetFileSignedUrlSize, PublicChannelIntegrationMessageUpdateRequest,
    PublicChannelIntegrationMessageUpdateRequestStatusType, PublicConversationsMessageAttachment,
    PublicConversationsMessageDirection,
};
use hubspot_custom_channels::params::{GetFileSignedUrlParams, ListChannelAccountsParams, ListChannelsParams};
use hubspot_custom_channels::{
    http, BoxFuture, Client, Error, RequestOptions, ReqwestTransport, RetryPolicy, Transport, TransportError,
    TransportErrorKind,
};
use pipeline_tests::{Answer, Recorded, Reply, TestServer};

const TOKEN: &str = "pat-eu1-11111111-2222-3333-4444-555555555555";
const DEV_KEY: &str = "dev-key-0123456789";
const IDEMPOTENCY_ID: &str = "whatsapp:wamid.HBgMNDkxNTExMjM0NTY3OBUCABIYFDNB";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(pipeline_tests::repo_root().join("tests/fixtures").join(name)).expect("fixture")
}

/// The documentation's publish request: it sets `integrationIdempotencyId`.
fn egg_with_id() -> ChannelIntegrationMessageEgg {
    let egg: ChannelIntegrationMessageEgg = serde_json::from_str(&fixture("publish-message.request.json")).expect("fixture");
    assert_eq!(egg.integration_idempotency_id.as_deref(), Some(IDEMPOTENCY_ID));
    egg
}

fn egg_without_id() -> ChannelIntegrationMessageEgg {
    let mut egg = egg_with_id();
    egg.integration_idempotency_id = None;
    egg
}

fn message_201() -> Reply {
    Reply::json(201, &fixture("publish-message.response.json"))
}

/// Retries after 1–2 ms, at most 4 attempts, `Retry-After` cut to 150 ms.
fn fast() -> RetryPolicy {
    RetryPolicy::new()
        .max_attempts(4)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2))
        .max_retry_after(Duration::from_millis(150))
}

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(&server.base_url)
        .oauth2_token(TOKEN)
        .developer_hapikey(DEV_KEY)
        .retry_policy(fast())
        .build()
        .expect("client")
}

fn account(id: &str) -> String {
    format!(
        r#"{{"active":true,"archived":false,"authorized":true,"channelId":"1013","createdAt":"2024-05-01T10:00:00Z","id":"{id}","inboxId":"7","name":"Line {id}"}}"#
    )
}

fn accounts_page(ids: &[&str], next: Option<&str>) -> Reply {
    let results: Vec<String> = ids.iter().map(|id| account(id)).collect();
    let paging = next.map(|n| format!(r#","paging":{{"next":{{"after":"{n}","link":"?after={n}"}}}}"#)).unwrap_or_default();
    Reply::json(200, &format!(r#"{{"results":[{}],"total":9{paging}}}"#, results.join(",")))
}

fn rate_limited(policy: &str) -> Reply {
    Reply::json(
        429,
        &format!(
            r#"{{"status":"error","message":"You have reached your {policy} limit.","errorType":"RATE_LIMIT","correlationId":"5d1c7c22-6f0e-4c1b-9f35-3e7c1b0d2a11","policyName":"{policy}"}}"#
        ),
    )
}

fn all_same<T: PartialEq + std::fmt::Debug>(items: impl IntoIterator<Item = T>) {
    let items: Vec<T> = items.into_iter().collect();
    assert!(items.windows(2).all(|w| w[0] == w[1]), "not all the same: {items:?}");
}

fn targets(requests: &[Recorded]) -> Vec<&str> {
    requests.iter().map(|r| r.target.as_str()).collect()
}

#[tokio::test]
async fn a_get_is_retried_after_500_502_and_503_and_then_succeeds() {
    let server = TestServer::start(vec![
        Reply::json(500, "{}"),
        Reply::html(502, "<html>bad gateway</html>"),
        Reply::json(503, "{}"),
        accounts_page(&["a1"], None),
    ]);

    let page = client(&server).list_channel_accounts("1013", &Default::default()).await.expect("the fourth attempt succeeds");

    assert_eq!(page.results.len(), 1);
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    all_same(targets(&requests));
    all_same(requests.iter().map(|r| r.header("authorization").map(str::to_string)));
    assert_eq!(requests[0].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
}

#[tokio::test]
async fn a_get_gives_up_after_max_attempts_with_the_last_error() {
    let server = TestServer::start(vec![Reply::json(503, r#"{"message":"down"}"#)]);
    let client = client(&server).with_options(RequestOptions::new().max_attempts(3));

    let err = client.get_message("1013", "m1").await.expect_err("always 503");

    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable());
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_publish_with_an_idempotency_id_is_retried_with_the_same_body_and_id() {
    let server = TestServer::start_with(vec![
        Reply::json(500, "{}").into(),
        Answer::Drop,
        Reply::json(503, "{}").into(),
        message_201().into(),
    ]);

    let message = client(&server).publish_message("1013", &egg_with_id()).await.expect("the fourth attempt succeeds");

    assert_eq!(message.status(), 201);
    let requests = server.requests();
    assert_eq!(requests.len(), 4, "{:?}", targets(&requests));
    all_same(requests.iter().map(|r| r.body.clone()));
    for r in &requests {
        assert_eq!(r.method, "POST");
        assert_eq!(r.json()["integrationIdempotencyId"], IDEMPOTENCY_ID);
    }
    assert_eq!(requests[0].json(), serde_json::to_value(egg_with_id()).expect("encodes"));
}

#[tokio::test]
async fn a_publish_without_an_idempotency_id_is_never_retried() {
    for answer in [
        Answer::Reply(Reply::json(500, "{}")),
        Answer::Reply(Reply::json(503, "{}")),
        Answer::Reply(rate_limited("TEN_SECONDLY_ROLLING")),
        Answer::Drop,
    ] {
        let server = TestServer::start_with(vec![answer.clone(), message_201().into()]);

        let err = client(&server).publish_message("1013", &egg_without_id()).await.expect_err("the first answer is an error");

        assert_eq!(server.requests().len(), 1, "{answer:?} must not be retried: {err:?}");
    }
}

#[tokio::test]
async fn an_empty_idempotency_id_does_not_count() {
    let server = TestServer::start(vec![Reply::json(500, "{}"), message_201()]);
    let mut egg = egg_with_id();
    egg.integration_idempotency_id = Some(String::new());

    client(&server).publish_message("1013", &egg).await.expect_err("not retried");

    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_patch_is_retried_only_when_the_caller_says_it_is_idempotent() {
    let update = PublicChannelIntegrationMessageUpdateRequest::new(PublicChannelIntegrationMessageUpdateRequestStatusType::Sent);
    let message = fixture("publish-message.response.json");

    let server = TestServer::start(vec![Reply::json(503, "{}"), Reply::json(200, &message)]);
    client(&server).update_message("1013", "m1", &update).await.expect_err("a PATCH is not retried");
    assert_eq!(server.requests().len(), 1);

    let server = TestServer::start(vec![Reply::json(503, "{}"), Reply::json(200, &message)]);
    let idempotent = client(&server).with_options(RequestOptions::new().idempotent(true));
    idempotent.update_message("1013", "m1", &update).await.expect("retried once, then 200");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    all_same(requests.iter().map(|r| r.body.clone()));

    let server = TestServer::start(vec![Reply::json(503, "{}"), Reply::json(200, &message)]);
    let never = client(&server).with_options(RequestOptions::new().idempotent(false));
    never.get_message("1013", "m1").await.expect_err("even a GET is not retried");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn rate_limits_are_retried_by_policy_except_the_daily_one() {
    for (policy, attempts) in [("TEN_SECONDLY_ROLLING", 2), ("SECONDLY", 2), ("DAILY", 1)] {
        let server = TestServer::start(vec![rate_limited(policy), accounts_page(&["a1"], None)]);

        let result = client(&server).list_channel_accounts("1013", &Default::default()).await;

        assert_eq!(server.requests().len(), attempts, "{policy}");
        match policy {
            "DAILY" => {
                let err = result.expect_err("the daily limit is not retried");
                assert_eq!(err.status(), Some(429));
                assert!(!err.is_retryable());
                assert_eq!(err.correlation_id().as_deref(), Some("5d1c7c22-6f0e-4c1b-9f35-3e7c1b0d2a11"));
                assert_eq!(err.api().and_then(|a| a.json()).map(|j| j["policyName"].clone()), Some("DAILY".into()));
            }
            _ => {
                result.expect("retried after the burst limit");
            }
        }
    }
}

#[tokio::test]
async fn a_429_without_a_body_or_policy_is_retried() {
    let server = TestServer::start(vec![Reply::json(429, ""), accounts_page(&[], None)]);

    client(&server).list_channel_accounts("1013", &Default::default()).await.expect("retried");

    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn retry_after_is_honoured_up_to_its_cap() {
    // `Retry-After: 1` (a second) is cut to the policy's 150 ms cap; without the header the
    // backoff is 1–2 ms.
    let server = TestServer::start(vec![
        rate_limited("TEN_SECONDLY_ROLLING").with_header("Retry-After", "1"),
        rate_limited("TEN_SECONDLY_ROLLING"),
        accounts_page(&[], None),
    ]);

    client(&server).list_channel_accounts("1013", &Default::default()).await.expect("third attempt");

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let after_header = requests[1].at - requests[0].at;
    let after_backoff = requests[2].at - requests[1].at;
    assert!(after_header >= Duration::from_millis(140), "waited {after_header:?}, Retry-After asked for more");
    assert!(after_header < Duration::from_millis(900), "waited {after_header:?}, more than the cap");
    assert!(after_backoff < Duration::from_millis(100), "waited {after_backoff:?} without Retry-After");

    let server = TestServer::start(vec![rate_limited("SECONDLY").with_header("Retry-After", "0"), accounts_page(&[], None)]);
    client(&server).list_channel_accounts("1013", &Default::default()).await.expect("second attempt");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn retry_after_is_read_as_seconds_or_as_an_http_date() {
    let in_an_hour = chrono::Utc::now() + chrono::Duration::hours(1);
    let date = in_an_hour.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    for (header, low, high) in [("120", 120, 120), (date.as_str(), 3590, 3600)] {
        let server = TestServer::start(vec![Reply::json(503, "{}").with_header("Retry-After", header)]);
        let once = client(&server).with_options(RequestOptions::new().max_attempts(1));

        let err = once.get_message("1013", "m1").await.expect_err("503");

        let wait = err.retry_after().expect("Retry-After is read").as_secs();
        assert!((low..=high).contains(&wait), "{header} → {wait} s");
    }
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout_error_and_a_get_is_retried() {
    let slow = Answer::Delayed(Duration::from_millis(700), accounts_page(&[], None));
    let server = TestServer::start_with(vec![slow.clone(), slow]);
    let quick = client(&server).with_options(RequestOptions::new().timeout(Duration::from_millis(60)).max_attempts(2));
    let started = Instant::now();

    let err = quick.list_channel_accounts("1013", &Default::default()).await.expect_err("both attempts time out");

    assert!(matches!(err, Error::Exhausted { attempts: 2, .. }), "{err:?}");
    assert!(matches!(err.last_attempt(), Error::Timeout { after: Some(after), .. } if *after == Duration::from_millis(60)), "{err:?}");
    assert!(err.is_timeout() && err.is_retryable());
    assert!(pipeline_tests::chain(&err).contains("timed out after 60ms"), "{err}");
    assert_eq!(server.requests().len(), 2);
    // Under the 2 x 700 ms the answers take: the timeouts, not the answers, ended the call.
    assert!(started.elapsed() < Duration::from_millis(1300), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn the_client_timeout_applies_and_a_call_can_have_a_longer_one() {
    let server = TestServer::start_with(vec![Answer::Delayed(Duration::from_millis(150), accounts_page(&["a1"], None))]);
    let client = Client::builder()
        .base_url(&server.base_url)
        .oauth2_token(TOKEN)
        .timeout(Duration::from_millis(50))
        .max_attempts(1)
        .build()
        .expect("client");

    let err = client.list_channel_accounts("1013", &Default::default()).await.expect_err("50 ms is too short");
    assert!(err.is_timeout(), "{err:?}");

    let patient = client.with_options(RequestOptions::new().timeout(Duration::from_secs(2)));
    let page = patient.list_channel_accounts("1013", &Default::default()).await.expect("2 s is enough");
    assert_eq!(page.results[0].id, "a1");
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error_and_a_get_is_retried() {
    let server = TestServer::start_with(vec![Answer::Drop, Answer::Drop, accounts_page(&["a1"], None).into()]);

    let page = client(&server).list_channel_accounts("1013", &Default::default()).await.expect("third attempt");
    assert_eq!(page.results[0].id, "a1");
    assert_eq!(server.requests().len(), 3);

    let server = TestServer::start_with(vec![Answer::Drop]);
    let once = client(&server).with_options(RequestOptions::new().max_attempts(1));
    let err = once.list_channel_accounts("1013", &Default::default()).await.expect_err("dropped");
    let Error::Transport(transport) = &err else { panic!("expected a transport error, got {err:?}") };
    assert_eq!(transport.kind(), TransportErrorKind::Io);
    assert!(err.is_retryable() && err.status().is_none());
}

#[tokio::test]
async fn a_body_cut_short_is_retried_for_a_get() {
    let cut = Answer::Truncated(accounts_page(&["a1"], None), 40);
    let server = TestServer::start_with(vec![cut, accounts_page(&["a2"], None).into()]);

    let page = client(&server).list_channel_accounts("1013", &Default::default()).await.expect("second attempt");

    assert_eq!(page.results[0].id, "a2");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_truncated_json_success_body_is_a_decode_error_with_the_body() {
    let cut = r#"{"results":[{"active":true,"archived":false,"auth"#;
    let server = TestServer::start(vec![Reply::json(200, cut)]);

    let err = client(&server).list_channel_accounts("1013", &Default::default()).await.expect_err("not JSON");

    match &err {
        Error::Decode(e) => {
            assert_eq!(e.status, 200);
            assert_eq!(e.body, cut);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(!err.is_retryable());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_html_error_page_is_kept_raw() {
    let html = "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>";
    let server = TestServer::start(vec![Reply::html(503, html)]);
    let once = client(&server).with_options(RequestOptions::new().max_attempts(1));

    let err = once.get_message("1013", "m1").await.expect_err("503");

    let api = err.api().expect("an API error");
    assert_eq!(api.status, 503);
    assert!(api.body.is_none());
    assert_eq!(api.raw, html);
    assert_eq!(api.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("text/html"));
    assert_eq!(err.correlation_id(), None);
    assert!(!api.matched);
    assert!(err.to_string().contains("not the documented error shape: <html><body><h1>503"), "{err}");
}

#[tokio::test]
async fn the_correlation_id_comes_from_the_decoded_body_or_else_the_raw_json() {
    let decoded = r#"{"status":"error","message":"nope","correlationId":"0b7c7e0e-4f55-4c5c-9b7e-6f1f0c3e2d1a","category":"VALIDATION_ERROR","errors":[{"message":"bad","in":"text"}],"links":{"docs":"https://developers.hubspot.com"}}"#;
    let server = TestServer::start(vec![Reply::json(400, decoded)]);
    let err = client(&server).get_message("1013", "m1").await.expect_err("400");
    let body = err.api().and_then(|a| a.body.as_ref()).expect("HubSpot's body decodes");
    assert_eq!(body.errors.as_ref().map(Vec::len), Some(1));
    assert_eq!(err.correlation_id().as_deref(), Some("0b7c7e0e-4f55-4c5c-9b7e-6f1f0c3e2d1a"));
    assert!(!err.is_retryable());

    // Not a UUID: the typed body does not decode, the raw JSON still has the id.
    let odd = r#"{"message":"nope","correlationId":"not-a-uuid","category":"VALIDATION_ERROR"}"#;
    let server = TestServer::start(vec![Reply::json(400, odd)]);
    let err = client(&server).get_message("1013", "m1").await.expect_err("400");
    assert!(err.api().is_some_and(|a| a.body.is_none()));
    assert_eq!(err.correlation_id().as_deref(), Some("not-a-uuid"));
}

#[tokio::test]
async fn a_2xx_with_an_unknown_attachment_type_and_unknown_enum_values_decodes() {
    let mut message: serde_json::Value = serde_json::from_str(&fixture("publish-message.response.json")).expect("fixture");
    message["direction"] = "SIDEWAYS".into();
    message["truncationStatus"] = "TRUNCATED_BY_ALIENS".into();
    message["attachments"] = serde_json::json!([
        {"type": "HOLOGRAM", "frames": 24},
        {"type": "FILE", "fileId": "1", "fileUsageType": "SMELL"}
    ]);
    message["brandNewField"] = serde_json::json!({"x": 1});
    let server = TestServer::start(vec![Reply::json(200, &message.to_string())]);

    let got = client(&server).get_message("1013", "m1").await.expect("decodes");

    assert_eq!(got.direction, PublicConversationsMessageDirection::Unknown("SIDEWAYS".into()));
    assert_eq!(got.truncation_status.as_str(), "TRUNCATED_BY_ALIENS");
    match &got.attachments[0] {
        PublicConversationsMessageAttachment::Unknown(raw) => assert_eq!(raw["frames"], 24),
        other => panic!("expected an unknown attachment, got {other:?}"),
    }
    match &got.attachments[1] {
        PublicConversationsMessageAttachment::File(file) => assert_eq!(file.file_usage_type.as_str(), "SMELL"),
        other => panic!("expected a file, got {other:?}"),
    }
}

/// Each operation with the credential it needs: `hapikey` in the query for channel
/// management, `Authorization: Bearer` for the rest, never both.
#[tokio::test]
async fn every_operation_sends_the_credential_it_needs() {
    use hubspot_custom_channels::models::*;
    let server = TestServer::start(vec![Reply::json(200, "{}")]);
    let c = client(&server);
    let patch = PublicChannelIntegrationChannelPatch::new();
    let create = PublicChannelIntegrationChannelCreate::new(serde_json::json!({}), "WhatsApp");
    let egg = PublicChannelAccountEgg::new(PublicChannelAccountEggRequired { authorized: true, inbox_id: "7".into(), name: "Line 1".into() });
    let staging = PublicChannelAccountStagingTokenUpdateRequest::new();
    let account_update = PublicChannelAccountUpdateRequest::new();
    let update = PublicChannelIntegrationMessageUpdateRequest::new(PublicChannelIntegrationMessageUpdateRequestStatusType::Read);
    // The bodies of `{}` do not decode into most responses; only the requests matter here.
    let _ = c.list_channels(&ListChannelsParams::default()).await;
    let _ = c.create_channel(42, &create).await;
    let _ = c.get_channel("1013").await;
    let _ = c.archive_channel("1013").await;
    let _ = c.update_channel("1013", &patch).await;
    let _ = c.update_staging_token("1013", "tok", &staging).await;
    let _ = c.list_channel_accounts("1013", &ListChannelAccountsParams::default()).await;
    let _ = c.create_channel_account("1013", &egg).await;
    let _ = c.get_channel_account("1013", "90012345", &Default::default()).await;
    let _ = c.update_channel_account("1013", "90012345", &account_update).await;
    let _ = c.publish_message("1013", &egg_without_id()).await;
    let _ = c.get_message("1013", "m1").await;
    let _ = c.update_message("1013", "m1", &update).await;

    let requests = server.requests();
    assert_eq!(requests.len(), 13, "{:?}", targets(&requests));
    for r in &requests {
        let developer = r.path().starts_with("/conversations/custom-channels/v3") || r.path().matches('/').count() == 4;
        if developer {
            assert_eq!(r.query("hapikey").as_deref(), Some(DEV_KEY), "{} {}", r.method, r.target);
            assert_eq!(r.header("authorization"), None, "{} {}", r.method, r.target);
        } else {
            assert_eq!(r.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()), "{} {}", r.method, r.target);
            assert_eq!(r.query("hapikey"), None, "{} {}", r.method, r.target);
        }
        assert!(r.header("user-agent").is_some_and(|ua| ua.starts_with("hubspot-custom-channels/")));
    }
    assert_eq!(requests.iter().filter(|r| r.query("hapikey").is_some()).count(), 5);
}

#[tokio::test]
async fn options_add_headers_and_replace_credentials_for_one_view() {
    let server = TestServer::start(vec![accounts_page(&[], None)]);
    let base = Client::builder()
        .base_url(&server.base_url)
        .oauth2_token(TOKEN)
        .header("x-client", "1")
        .user_agent("my-integration/2.0")
        .build()
        .expect("client");
    let other_account = base.with_options(RequestOptions::new().oauth2_token("token-of-another-account").header("x-call", "2"));

    other_account.list_channel_accounts("1013", &Default::default()).await.expect("200");
    base.list_channel_accounts("1013", &Default::default()).await.expect("200");

    let requests = server.requests();
    assert_eq!(requests[0].header("authorization"), Some("Bearer token-of-another-account"));
    assert_eq!(requests[0].header("x-call"), Some("2"));
    assert_eq!(requests[0].header("x-client"), Some("1"));
    assert_eq!(requests[0].header("user-agent"), Some("my-integration/2.0"));
    assert_eq!(requests[1].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(requests[1].header("x-call"), None);

    let bad = base.with_options(RequestOptions::new().header("bad header", "x"));
    let err = bad.list_channel_accounts("1013", &Default::default()).await.expect_err("invalid header name");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 2, "nothing sent");
}

#[tokio::test]
async fn a_token_provider_is_asked_before_every_attempt() {
    let server = TestServer::start(vec![Reply::json(500, "{}"), accounts_page(&[], None)]);
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let client = Client::builder()
        .base_url(&server.base_url)
        .oauth2_token_provider(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok(format!("refreshed-{n}")) }
        })
        .retry_policy(fast())
        .build()
        .expect("client");

    client.list_channel_accounts("1013", &Default::default()).await.expect("second attempt");

    let seen: Vec<Option<String>> = server.requests().iter().map(|r| r.header("authorization").map(str::to_string)).collect();
    assert_eq!(seen, [Some("Bearer refreshed-1".to_string()), Some("Bearer refreshed-2".to_string())]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    let failing = Client::builder()
        .base_url(&server.base_url)
        .oauth2_token_provider(|| async { Err(Error::token_provider("the refresh token was revoked")) })
        .build()
        .expect("client");
    let err = failing.list_channel_accounts("1013", &Default::default()).await.expect_err("no token");
    assert!(matches!(err, Error::TokenProvider(_)) && pipeline_tests::chain(&err).contains("revoked"), "{err}");
    assert_eq!(server.requests().len(), 2, "nothing sent without a token");
}

/// What `TokenProvider`'s docs say of a provider's error: `Error::token_provider` ends the call
/// with the provider's text, unchanged, as the `source`; another error of the client is returned
/// as it is and retried like that error.
#[tokio::test]
async fn a_token_provider_s_error_is_returned_as_it_made_it() {
    let server = TestServer::start(vec![accounts_page(&[], None)]);
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    let client = Client::builder()
        .base_url(&server.base_url)
        .oauth2_token_provider(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { Err(Error::token_provider("vault says: lease l-42 expired")) }
        })
        .retry_policy(fast())
        .build()
        .expect("client");
    let err = client.list_channel_accounts("1013", &Default::default()).await.expect_err("no token");
    assert!(matches!(err, Error::TokenProvider(_)) && !err.is_retryable(), "{err:?}");
    assert_eq!(err.to_string(), "the token provider failed");
    assert_eq!(std::error::Error::source(&err).map(ToString::to_string).as_deref(), Some("vault says: lease l-42 expired"));
    assert_eq!((asked.load(Ordering::SeqCst), err.attempts()), (1, 1), "not retried");

    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    let client = Client::builder()
        .base_url(&server.base_url)
        .oauth2_token_provider(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { Err(Error::Transport(TransportError::new(TransportErrorKind::Connect, "vault unreachable"))) }
        })
        .retry_policy(fast())
        .build()
        .expect("client");
    let err = client.list_channel_accounts("1013", &Default::default()).await.expect_err("no token");
    let Error::Transport(transport) = err.last_attempt() else { panic!("{err:?}") };
    assert_eq!(transport.cause().to_string(), "vault unreachable");
    assert_eq!(asked.load(Ordering::SeqCst) as u32, err.attempts(), "asked again for each retry");
    assert!(err.attempts() > 1, "{err:?}");
    assert!(server.requests().is_empty(), "nothing sent without a token");
}

#[tokio::test]
async fn list_streams_follow_the_cursor_across_pages() {
    use futures_util::StreamExt;
    let pages = vec![
        accounts_page(&["a1", "a2"], Some("c2")),
        accounts_page(&["a3"], Some("c3")),
        accounts_page(&["a4", "a5"], None),
    ];
    let server = TestServer::start(pages.clone());
    let params = ListChannelAccountsParams { limit: Some(2), ..Default::default() };

    let ids: Vec<String> =
        client(&server).list_channel_accounts_stream("1013", &params).map(|a| a.expect("item").id).collect().await;

    assert_eq!(ids, ["a1", "a2", "a3", "a4", "a5"]);
    let requests = server.requests();
    let afters: Vec<Option<String>> = requests.iter().map(|r| r.query("after")).collect();
    assert_eq!(afters, [None, Some("c2".to_string()), Some("c3".to_string())]);
    assert!(requests.iter().all(|r| r.query("limit").as_deref() == Some("2")));

    // Page by page, without a stream library, starting from a cursor.
    let server = TestServer::start(pages[1..].to_vec());
    let start = ListChannelAccountsParams { after: Some("c2".into()), ..Default::default() };
    let mut pages = client(&server).list_channel_accounts_pages("1013", &start);
    let first = pages.next_page().await.expect("a page").expect("200");
    assert_eq!(first.results[0].id, "a3");
    assert_eq!(first.status(), 200);
    let second = pages.next_page().await.expect("a page").expect("200");
    assert_eq!(second.total, 9);
    assert!(pages.next_page().await.is_none());
    assert_eq!(server.requests()[0].query("after").as_deref(), Some("c2"));
}

#[tokio::test]
async fn a_stream_ends_after_an_error_and_after_a_repeated_cursor() {
    let server = TestServer::start(vec![
        accounts_page(&["a1"], Some("c2")),
        Reply::json(400, r#"{"message":"bad cursor","category":"VALIDATION_ERROR"}"#),
    ]);
    let mut items = client(&server).list_channel_accounts_stream("1013", &Default::default());
    assert_eq!(items.next_item().await.expect("item").expect("ok").id, "a1");
    let err = items.next_item().await.expect("the error").expect_err("400");
    assert_eq!(err.status(), Some(400));
    assert!(items.next_item().await.is_none());

    // A server that keeps answering with the same cursor does not loop forever.
    let server = TestServer::start(vec![accounts_page(&["a1"], Some("same"))]);
    let mut items = client(&server).list_channel_accounts_stream("1013", &Default::default());
    let mut n = 0;
    while let Some(item) = items.next_item().await {
        item.expect("ok");
        n += 1;
    }
    assert_eq!(n, 2, "the first page and the page of `same`; then the cursor repeats");
}

/// A transport that answers from memory and records what it was given.
#[derive(Default)]
struct FakeTransport {
    seen: Mutex<Vec<http::Request<Vec<u8>>>>,
    answers: Mutex<Vec<Result<http::Response<Vec<u8>>, TransportError>>>,
}

impl Transport for FakeTransport {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        self.seen.lock().expect("lock").push(request);
        let answer = self.answers.lock().expect("lock").remove(0);
        Box::pin(async move { answer })
    }
}

#[tokio::test]
async fn a_custom_transport_gets_finished_requests_and_retries_stay_in_the_client() {
    let page = br#"{"results":[],"total":0}"#.to_vec();
    let transport = Arc::new(FakeTransport::default());
    transport.answers.lock().expect("lock").extend([
        Err(TransportError::new(TransportErrorKind::Connect, "no route to host")),
        Ok(http::Response::builder().status(200).header("x-hubspot-correlation-id", "abc").body(page).expect("response")),
    ]);
    struct Shared(Arc<FakeTransport>);
    impl Transport for Shared {
        fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
            self.0.send(request)
        }
    }
    let client = Client::builder()
        .base_url("https://api.example.test/base")
        .transport(Shared(Arc::clone(&transport)))
        .developer_hapikey(DEV_KEY)
        .retry_policy(fast())
        .build()
        .expect("client");

    let channels = client.list_channels(&ListChannelsParams { limit: Some(5), ..Default::default() }).await.expect("second attempt");

    assert_eq!(channels.total, 0);
    assert_eq!(channels.header("x-hubspot-correlation-id"), Some("abc"));
    let seen = transport.seen.lock().expect("lock");
    assert_eq!(seen.len(), 2);
    let uri = seen[0].uri().to_string();
    assert_eq!(uri, format!("https://api.example.test/base/conversations/custom-channels/v3?limit=5&hapikey={DEV_KEY}"));
    assert_eq!(seen[0].method(), http::Method::GET);
    assert!(seen[0].headers().contains_key("user-agent"));
    assert_eq!(seen[1].uri().to_string(), uri);
}

/// A layer in front of the reqwest transport that sends every request to another URI.
struct Rewrite(ReqwestTransport, http::Uri);

impl Transport for Rewrite {
    fn send(&self, mut request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        *request.uri_mut() = self.1.clone();
        self.0.send(request)
    }
}

// The client hands the reqwest transport the URL it built along with the URI, so that it is not
// parsed again: a layer that changes the URI in between must win over that URL.
#[tokio::test]
async fn the_reqwest_transport_sends_to_the_uri_a_layer_in_front_of_it_set() {
    let server = TestServer::start(vec![message_201(), message_201()]);
    let moved: http::Uri = format!("{}/elsewhere/m%201?x=1", server.base_url).parse().expect("uri");
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("reqwest");
    let layered = Client::builder()
        .base_url(&server.base_url)
        .transport(Rewrite(ReqwestTransport::new(http.clone()), moved))
        .oauth2_token(TOKEN)
        .build()
        .expect("client");
    let plain = Client::builder().base_url(&server.base_url).transport(ReqwestTransport::new(http)).oauth2_token(TOKEN).build().expect("client");

    layered.get_message("1013", "m1").await.expect("the layered call");
    plain.get_message("1013", "m 1").await.expect("the plain call");

    assert_eq!(targets(&server.requests()), ["/elsewhere/m%201?x=1", "/conversations/v3/custom-channels/1013/messages/m%201"]);
}

#[tokio::test]
async fn a_view_with_its_own_connect_timeout_still_reaches_the_server() {
    let server = TestServer::start(vec![message_201()]);
    let view = client(&server).with_connect_timeout(Duration::from_millis(250)).expect("default transport");

    let sent = view.publish_message("1013", &egg_with_id()).await.expect("publishes");

    assert_eq!(sent.status(), 201);
    assert_eq!(server.requests().len(), 1);
    assert!(server.requests()[0].header("authorization").is_some(), "the view keeps the credentials");
}

#[test]
fn a_connect_timeout_view_needs_the_default_transport() {
    let custom = Client::builder().transport(FakeTransport::default()).build().expect("client");
    let err = custom.with_connect_timeout(Duration::from_secs(1)).expect_err("custom transport");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
}

#[tokio::test]
async fn optional_query_parameters_are_sent_when_set_in_their_order_and_encoded() {
    let link = r#"{"url":"https://x","expiresAt":"2024-05-01T10:00:00Z","name":"n","extension":"png","type":"IMG","size":1}"#;
    let server = TestServer::start(vec![Reply::json(200, link)]);
    let c = client(&server);
    let none = GetFileSignedUrlParams::default();
    let _ = c.get_file_signed_url("f1", &none).await;
    let mut all = GetFileSignedUrlParams::default();
    (all.expiration_seconds, all.size, all.upscale) = (Some(60), Some(GetFileSignedUrlSize::Thumb), Some(false));
    let _ = c.get_file_signed_url("f1", &all).await;
    let mut some = ListChannelAccountsParams::default();
    (some.after, some.limit) = (Some("a b&c=d".to_string()), Some(0));
    let _ = c.list_channel_accounts("1013", &some).await;
    assert_eq!(
        targets(&server.requests()),
        [
            "/files/v3/files/f1/signed-url",
            "/files/v3/files/f1/signed-url?expirationSeconds=60&size=thumb&upscale=false",
            "/conversations/v3/custom-channels/1013/channel-accounts?after=a+b%26c%3Dd&limit=0",
        ]
    );
}
