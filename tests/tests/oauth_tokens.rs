//! `OAuthTokens` in the generated HubSpot client, against two real servers on 127.0.0.1: a
//! token endpoint and the API. What each server saw is the evidence: how many token requests,
//! with which form, which bearer token each API call carried, and that no secret reached the
//! API host. Expiry is driven by `expires_in: 0` (stale at once), so nothing here waits on a
//! clock.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use hubspot_custom_channels::{Client, Error, OAuthError, OAuthTokens, RetryPolicy};
use pipeline_tests::{Answer, Recorded, Reply, TestServer};

const CLIENT_ID: &str = "app-0f3c9a";
const CLIENT_SECRET: &str = "cs-7e1d6b2a-SECRET/+=";
const REFRESH_TOKEN: &str = "rt-na1-4a5b6c7d-REFRESH";

fn token(access: &str, expires_in: u64) -> Reply {
    Reply::json(200, &format!(r#"{{"access_token":"{access}","token_type":"bearer","expires_in":{expires_in}}}"#))
}

fn token_rotating(access: &str, refresh: &str, expires_in: u64) -> Reply {
    Reply::json(
        200,
        &format!(r#"{{"access_token":"{access}","refresh_token":"{refresh}","token_type":"bearer","expires_in":{expires_in}}}"#),
    )
}

fn accounts() -> Reply {
    Reply::json(200, r#"{"results":[],"total":0}"#)
}

fn unauthorized() -> Reply {
    Reply::json(401, r#"{"status":"error","message":"The OAuth token used to make this call expired","category":"EXPIRED_AUTHENTICATION"}"#)
}

fn token_url(server: &TestServer) -> String {
    format!("{}/oauth/v1/token", server.base_url)
}

fn tokens(endpoint: &TestServer) -> OAuthTokens {
    OAuthTokens::new(&token_url(endpoint), CLIENT_ID, CLIENT_SECRET).expect("a loopback token URL").with_refresh_token(REFRESH_TOKEN)
}

fn client_with(api: &TestServer, tokens: &OAuthTokens) -> Client {
    Client::builder()
        .base_url(&api.base_url)
        .oauth2_token_provider(tokens.clone())
        .retry_policy(RetryPolicy::new().max_attempts(1))
        .build()
        .expect("client")
}

fn bearers(api: &TestServer) -> Vec<String> {
    api.requests().iter().map(|r| r.header("authorization").unwrap_or("-").to_string()).collect()
}

/// The decoded pairs of a form body.
fn form(request: &Recorded) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(&request.body).into_owned();
    text.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| {
            let probe = Recorded { target: format!("/?{k}={v}"), ..request.clone() };
            (k.to_string(), probe.query(k).unwrap_or_default())
        })
        .collect()
}

fn field(request: &Recorded, name: &str) -> Option<String> {
    form(request).into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

#[tokio::test]
async fn a_refresh_token_gets_an_access_token_that_is_kept_until_it_expires() {
    let endpoint = TestServer::start(vec![token("at-1", 0), token("at-2", 1800)]);
    let api = TestServer::start(vec![accounts()]);
    let tokens = tokens(&endpoint);
    let client = client_with(&api, &tokens);
    for _ in 0..3 {
        client.list_channel_accounts("1013", &Default::default()).await.expect("call");
    }
    // at-1 came with `expires_in: 0`: the second call fetched at-2 before sending; at-2 lives
    // 30 minutes, so the third call kept it.
    assert_eq!(bearers(&api), ["Bearer at-1", "Bearer at-2", "Bearer at-2"]);
    let sent = endpoint.requests();
    assert_eq!(sent.len(), 2);
    let request = &sent[0];
    assert_eq!((request.method.as_str(), request.path()), ("POST", "/oauth/v1/token"));
    assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(field(request, "grant_type").as_deref(), Some("refresh_token"));
    assert_eq!(field(request, "refresh_token").as_deref(), Some(REFRESH_TOKEN));
    assert_eq!(field(request, "client_id").as_deref(), Some(CLIENT_ID));
    assert_eq!(field(request, "client_secret").as_deref(), Some(CLIENT_SECRET));
}

#[tokio::test]
async fn a_401_gets_a_new_token_and_the_call_sent_once_more() {
    let endpoint = TestServer::start(vec![token("revoked", 1800), token("fresh", 1800)]);
    // A POST without an idempotency key, which is never retried otherwise: the API did not
    // act on a request it refused to authorize.
    let api = TestServer::start(vec![unauthorized(), Reply::json(201, &fixture("publish-message.response.json"))]);
    let client = client_with(&api, &tokens(&endpoint));
    let message = client.publish_message("1013", &egg()).await.expect("the second attempt succeeds");
    assert_eq!(message.status(), 201);
    assert_eq!(bearers(&api), ["Bearer revoked", "Bearer fresh"]);
    assert_eq!(api.requests()[0].body, api.requests()[1].body);
    assert_eq!(endpoint.requests().len(), 2);
}

#[tokio::test]
async fn a_second_401_is_returned_and_not_looped_on() {
    let endpoint = TestServer::start(vec![token("at-1", 1800), token("at-2", 1800)]);
    let api = TestServer::start(vec![unauthorized()]);
    let client = client_with(&api, &tokens(&endpoint));
    let error = client.list_channel_accounts("1013", &Default::default()).await.expect_err("401 twice");
    assert_eq!(error.status(), Some(401), "{error}");
    assert_eq!(bearers(&api), ["Bearer at-1", "Bearer at-2"]);
    assert_eq!(endpoint.requests().len(), 2);

    // A token that is not the provider's (a fixed one) is not renewed: one attempt.
    let api = TestServer::start(vec![unauthorized()]);
    let fixed = Client::builder().base_url(&api.base_url).oauth2_token("fixed").build().expect("client");
    let error = fixed.list_channel_accounts("1013", &Default::default()).await.expect_err("401");
    assert_eq!(error.status(), Some(401));
    assert_eq!(api.requests().len(), 1);
}

#[tokio::test]
async fn many_concurrent_calls_cause_one_token_request() {
    // The endpoint is slow, so every call asks for a token while the first request is out.
    let endpoint = TestServer::start_with(vec![Answer::Delayed(Duration::from_millis(300), token("shared", 1800))]);
    let api = TestServer::start(vec![accounts()]);
    let client = client_with(&api, &tokens(&endpoint));
    let mut calls = Vec::new();
    for _ in 0..16 {
        let client = client.clone();
        calls.push(tokio::spawn(async move { client.list_channel_accounts("1013", &Default::default()).await.map(|_| ()) }));
    }
    for call in calls {
        call.await.expect("task").expect("call");
    }
    assert_eq!(endpoint.requests().len(), 1);
    assert_eq!(bearers(&api), vec!["Bearer shared"; 16]);
}

#[tokio::test]
async fn a_rotated_refresh_token_is_used_next_and_reported() {
    let endpoint = TestServer::start(vec![token_rotating("at-1", "rt-rotated-2", 0), token("at-2", 1800)]);
    let api = TestServer::start(vec![accounts()]);
    let stored = Arc::new(Mutex::new(Vec::new()));
    let store = Arc::clone(&stored);
    let tokens = tokens(&endpoint).on_refresh_token(move |rotated| store.lock().expect("lock").push(rotated.to_string()));
    let client = client_with(&api, &tokens);
    client.list_channel_accounts("1013", &Default::default()).await.expect("first");
    client.list_channel_accounts("1013", &Default::default()).await.expect("second");
    assert_eq!(*stored.lock().expect("lock"), ["rt-rotated-2"]);
    let sent = endpoint.requests();
    assert_eq!(field(&sent[0], "refresh_token").as_deref(), Some(REFRESH_TOKEN));
    assert_eq!(field(&sent[1], "refresh_token").as_deref(), Some("rt-rotated-2"));
}

#[tokio::test]
async fn an_authorization_code_is_exchanged_in_one_call() {
    let endpoint = TestServer::start(vec![token_rotating("at-from-code", "rt-from-code", 1800)]);
    let api = TestServer::start(vec![accounts()]);
    let stored = Arc::new(Mutex::new(Vec::new()));
    let store = Arc::clone(&stored);
    let tokens = OAuthTokens::new(&token_url(&endpoint), CLIENT_ID, CLIENT_SECRET)
        .expect("token URL")
        .on_refresh_token(move |t| store.lock().expect("lock").push(t.to_string()));
    tokens.exchange_code("code-123", "https://bridge.example/oauth/callback").await.expect("exchange");
    client_with(&api, &tokens).list_channel_accounts("1013", &Default::default()).await.expect("call");
    assert_eq!(bearers(&api), ["Bearer at-from-code"]);
    assert_eq!(*stored.lock().expect("lock"), ["rt-from-code"]);
    let sent = endpoint.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(field(&sent[0], "grant_type").as_deref(), Some("authorization_code"));
    assert_eq!(field(&sent[0], "code").as_deref(), Some("code-123"));
    assert_eq!(field(&sent[0], "redirect_uri").as_deref(), Some("https://bridge.example/oauth/callback"));
}

#[tokio::test]
async fn the_client_credentials_flow_sends_no_refresh_token() {
    let endpoint = TestServer::start(vec![token("machine", 1800)]);
    let api = TestServer::start(vec![accounts()]);
    let tokens = OAuthTokens::new(&token_url(&endpoint), CLIENT_ID, CLIENT_SECRET)
        .expect("token URL")
        .with_client_credentials()
        .scopes(["conversations.custom_channels.read", "conversations.custom_channels.write"]);
    client_with(&api, &tokens).list_channel_accounts("1013", &Default::default()).await.expect("call");
    assert_eq!(bearers(&api), ["Bearer machine"]);
    let sent = endpoint.requests();
    assert_eq!(field(&sent[0], "grant_type").as_deref(), Some("client_credentials"));
    assert_eq!(field(&sent[0], "refresh_token"), None);
    assert_eq!(
        field(&sent[0], "scope").as_deref(),
        Some("conversations.custom_channels.read conversations.custom_channels.write")
    );
}

#[tokio::test]
async fn a_refusal_of_the_token_endpoint_is_an_error_and_nothing_reaches_the_api() {
    let body = format!(r#"{{"error":"invalid_grant","error_description":"refresh token {REFRESH_TOKEN} was revoked"}}"#);
    let endpoint = TestServer::start(vec![Reply::json(400, &body)]);
    let api = TestServer::start(vec![accounts()]);
    let client = client_with(&api, &tokens(&endpoint));
    let error = client.list_channel_accounts("1013", &Default::default()).await.expect_err("no token");
    let Error::TokenProvider(inner) = &error else { panic!("{error:?}") };
    let oauth = inner.downcast_ref::<OAuthError>().expect("an OAuthError");
    assert_eq!((oauth.status(), oauth.code()), (Some(400), Some("invalid_grant")));
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("invalid_grant"), "{shown}");
    assert!(!shown.contains(REFRESH_TOKEN) && !shown.contains(CLIENT_SECRET), "{shown}");
    assert!(api.requests().is_empty());

    // No endpoint at all: a transport error, as the source.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/token", closed.local_addr().expect("addr"));
    drop(closed);
    let tokens = OAuthTokens::new(&url, CLIENT_ID, CLIENT_SECRET).expect("url").with_client_credentials();
    let error = client_with(&api, &tokens).list_channel_accounts("1013", &Default::default()).await.expect_err("down");
    let Error::TokenProvider(inner) = &error else { panic!("{error:?}") };
    assert!(std::error::Error::source(inner.as_ref()).is_some(), "{error:?}");
}

#[tokio::test]
async fn secrets_go_only_to_the_token_url_and_never_into_debug() {
    let endpoint = TestServer::start(vec![token("at-secret-access", 1800)]);
    let api = TestServer::start(vec![unauthorized(), accounts()]);
    let tokens = tokens(&endpoint);
    let client = client_with(&api, &tokens);
    client.list_channel_accounts("1013", &Default::default()).await.expect("call");
    for request in api.requests() {
        let seen = format!("{} {:?} {}", request.target, request.headers, String::from_utf8_lossy(&request.body));
        for secret in [CLIENT_SECRET, REFRESH_TOKEN, "client_secret", "refresh_token"] {
            assert!(!seen.contains(secret), "the API host saw {secret}: {seen}");
        }
    }
    let shown = format!("{tokens:?} {client:?}");
    for secret in [CLIENT_SECRET, REFRESH_TOKEN, "at-secret-access"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains(CLIENT_ID), "{shown}");
}

#[tokio::test]
async fn the_token_endpoint_cannot_redirect_the_secret_nor_flood_the_client() {
    let elsewhere = TestServer::start(vec![token("stolen", 1800)]);
    let redirecting = TestServer::start(vec![
        Reply::json(307, "").with_header("Location", &format!("{}/oauth/v1/token", elsewhere.base_url)),
        Reply::json(200, &format!(r#"{{"access_token":"{}"}}"#, "x".repeat(100 * 1024))),
    ]);
    let api = TestServer::start(vec![accounts()]);
    let client = client_with(&api, &tokens(&redirecting));
    let error = client.list_channel_accounts("1013", &Default::default()).await.expect_err("a redirect is no token");
    let Error::TokenProvider(inner) = &error else { panic!("{error:?}") };
    assert_eq!(inner.downcast_ref::<OAuthError>().and_then(OAuthError::status), Some(307), "{error}");
    assert!(elsewhere.requests().is_empty(), "the redirect was followed with the client secret");

    // 100 KiB of token response: reading stops at 64 KiB.
    let error = client.list_channel_accounts("1013", &Default::default()).await.expect_err("too large");
    assert!(pipeline_tests::chain(&error).contains("too large"), "{error}");
    assert!(api.requests().is_empty());
}

/// A token endpoint that accepts the connection and never answers: the call fails as a
/// timeout (`is_timeout()`), like an attempt that timed out, and the API sees nothing.
#[tokio::test]
async fn a_token_endpoint_that_never_answers_is_a_timeout() {
    // Bound and never accepted: the kernel completes the handshake, nobody reads the request.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/oauth/v1/token", silent.local_addr().expect("addr"));
    let tokens = OAuthTokens::new(&url, CLIENT_ID, CLIENT_SECRET)
        .expect("a loopback token URL")
        .with_client_credentials()
        .timeout(Duration::from_millis(200));
    let api = TestServer::start(vec![accounts()]);
    let started = std::time::Instant::now();
    let error = client_with(&api, &tokens).list_channel_accounts("1013", &Default::default()).await.expect_err("no answer");
    assert!(started.elapsed() < Duration::from_secs(20), "the token timeout did not hold");
    assert!(error.is_timeout(), "{error:?}");
    let Error::TokenProvider(inner) = &error else { panic!("{error:?}") };
    assert!(inner.downcast_ref::<OAuthError>().is_some_and(OAuthError::is_timeout), "{error:?}");
    assert!(pipeline_tests::chain(&error).contains("the token request timed out"), "{error}");
    assert!(api.requests().is_empty());
    drop(silent);
}

#[test]
fn token_urls_come_from_the_spec_and_must_be_https_or_loopback() {
    assert_eq!(Client::OAUTH2_TOKEN_URL, "https://api.hubapi.com/oauth/v1/token");
    assert!(OAuthTokens::new(Client::OAUTH2_TOKEN_URL, CLIENT_ID, CLIENT_SECRET).is_ok());
    for bad in ["http://api.hubapi.com/oauth/v1/token", "/oauth/v1/token", "not a url"] {
        let error = OAuthTokens::new(bad, CLIENT_ID, CLIENT_SECRET).expect_err(bad);
        assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
        assert!(!error.to_string().contains(CLIENT_SECRET));
    }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(pipeline_tests::repo_root().join("tests/fixtures").join(name)).expect("fixture")
}

fn egg() -> hubspot_custom_channels::models::ChannelIntegrationMessageEgg {
    let mut egg: hubspot_custom_channels::models::ChannelIntegrationMessageEgg =
        serde_json::from_str(&fixture("publish-message.request.json")).expect("fixture");
    egg.integration_idempotency_id = None;
    egg
}
