//! Unit tests of `oauth.rs`, against a fake token endpoint.

use std::sync::atomic::{AtomicUsize, Ordering};

use std::sync::Mutex;

use http::header::CONTENT_TYPE;
use http::Method;

use super::*;
use crate::{MaxResponseBytes, TransportError, TransportErrorKind};

/// The largest token response read (the support crate's limit).
const RESPONSE_LIMIT: u64 = 64 * 1024;

/// An error and its causes, as `anyhow` prints them.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(cause) = next {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        next = cause.source();
    }
    text
}

/// A token endpoint: answers each request with the next of `answers` (the last repeats),
/// after `delay`, and keeps the requests.
#[derive(Clone, Default)]
struct Endpoint {
    answers: Arc<Mutex<Vec<(u16, String)>>>,
    sent: Arc<Mutex<Vec<http::Request<Vec<u8>>>>>,
    delay: Duration,
    count: Arc<AtomicUsize>,
}

impl Endpoint {
    fn new(answers: &[(u16, &str)]) -> Self {
        let answers = answers.iter().map(|(s, b)| (*s, b.to_string())).collect();
        Endpoint {
            answers: Arc::new(Mutex::new(answers)),
            ..Endpoint::default()
        }
    }

    fn forms(&self) -> Vec<String> {
        let sent = self.sent.lock().unwrap();
        sent.iter()
            .map(|r| String::from_utf8(r.body().clone()).unwrap())
            .collect()
    }
}

impl Transport for Endpoint {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        let i = self.count.fetch_add(1, Ordering::SeqCst);
        self.sent.lock().unwrap().push(request);
        let answers = self.answers.lock().unwrap();
        let (status, body) = answers[i.min(answers.len() - 1)].clone();
        let delay = self.delay;
        Box::pin(async move {
            tokio::time::sleep(delay).await;
            let mut response = http::Response::new(body.into_bytes());
            *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
            Ok(response)
        })
    }
}

fn provider(endpoint: &Endpoint) -> OAuthTokens {
    OAuthTokens::new("https://auth.example/token", "app-id", "app-secret/+")
        .unwrap()
        .transport(endpoint.clone())
}

#[tokio::test]
async fn a_refresh_token_is_exchanged_form_encoded_and_the_token_kept() {
    let endpoint = Endpoint::new(&[(
        200,
        r#"{"access_token":"at-1","token_type":"bearer","expires_in":1800}"#,
    )]);
    let tokens = provider(&endpoint).with_refresh_token("rt 1&x");
    assert_eq!(tokens.access_token().await.unwrap(), "at-1");
    assert_eq!(tokens.access_token().await.unwrap(), "at-1");
    assert_eq!(
        endpoint.forms(),
        ["grant_type=refresh_token&refresh_token=rt+1%26x&client_id=app-id&client_secret=app-secret%2F%2B"]
    );
    let sent = endpoint.sent.lock().unwrap();
    assert_eq!(sent[0].method(), Method::POST);
    assert_eq!(sent[0].uri(), "https://auth.example/token");
    assert_eq!(
        sent[0].headers()[CONTENT_TYPE],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        sent[0].extensions().get::<MaxResponseBytes>(),
        Some(&MaxResponseBytes(RESPONSE_LIMIT))
    );
}

#[tokio::test]
async fn many_callers_at_once_cause_one_token_request() {
    let mut endpoint = Endpoint::new(&[(200, r#"{"access_token":"at","expires_in":"3600"}"#)]);
    endpoint.delay = Duration::from_millis(50);
    let tokens = provider(&endpoint)
        .with_client_credentials()
        .scopes(["a", "b"]);
    let calls = (0..20).map(|_| {
        let tokens = tokens.clone();
        async move { tokens.access_token().await.unwrap() }
    });
    let mut handles = Vec::new();
    for call in calls {
        handles.push(tokio::spawn(call));
    }
    for handle in handles {
        assert_eq!(handle.await.unwrap(), "at");
    }
    assert_eq!(
        endpoint.forms(),
        ["grant_type=client_credentials&scope=a+b&client_id=app-id&client_secret=app-secret%2F%2B"]
    );
}

#[tokio::test]
async fn rotated_refresh_tokens_replace_the_old_one_and_reach_the_callback() {
    let endpoint = Endpoint::new(&[
        (
            200,
            r#"{"access_token":"at-1","refresh_token":"rt-2","expires_in":0}"#,
        ),
        (200, r#"{"access_token":"at-2","refresh_token":"rt-2"}"#),
    ]);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let tokens = provider(&endpoint)
        .with_refresh_token("rt-1")
        .on_refresh_token(move |t| record.lock().unwrap().push(t.to_string()));
    assert_eq!(tokens.access_token().await.unwrap(), "at-1");
    // `expires_in: 0`: stale at once, so the next call refreshes, with the rotated token.
    assert_eq!(tokens.access_token().await.unwrap(), "at-2");
    assert!(endpoint.forms()[1].contains("refresh_token=rt-2"));
    assert_eq!(*seen.lock().unwrap(), ["rt-2"]);
}

#[tokio::test]
async fn a_code_is_exchanged_once_and_its_refresh_token_becomes_the_grant() {
    let endpoint = Endpoint::new(&[
        (
            200,
            r#"{"access_token":"at-1","refresh_token":"rt-1","expires_in":1800}"#,
        ),
        (200, r#"{"access_token":"at-2","expires_in":1800}"#),
    ]);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let tokens =
        provider(&endpoint).on_refresh_token(move |t| record.lock().unwrap().push(t.to_string()));
    assert!(
        !tokens.renew("nothing"),
        "no grant yet: nothing to renew with"
    );
    tokens
        .exchange_code("the code", "https://app.example/back")
        .await
        .unwrap();
    assert_eq!(tokens.access_token().await.unwrap(), "at-1");
    assert_eq!(*seen.lock().unwrap(), ["rt-1"]);
    // A `401` on at-1: dropped, and the refresh token gets another.
    assert!(tokens.renew("at-1"));
    assert_eq!(tokens.access_token().await.unwrap(), "at-2");
    // A stale rejection (of a token already replaced) keeps the new one.
    assert!(tokens.renew("at-1"));
    assert_eq!(tokens.access_token().await.unwrap(), "at-2");
    let forms = endpoint.forms();
    assert_eq!(forms.len(), 2);
    assert!(forms[0].starts_with(
        "grant_type=authorization_code&code=the+code&redirect_uri=https%3A%2F%2Fapp.example%2Fback&"
    ));
    assert!(forms[1].starts_with("grant_type=refresh_token&refresh_token=rt-1&"));
}

#[tokio::test]
async fn refusals_are_errors_with_the_endpoint_code_and_no_secret() {
    let body = r#"{"error":"invalid_grant","error_description":"refresh token rt-1 revoked for app-secret/+"}"#;
    let endpoint = Endpoint::new(&[(400, body)]);
    let tokens = provider(&endpoint).with_refresh_token("rt-1");
    let error = tokens.access_token().await.unwrap_err();
    let Error::TokenProvider(inner) = &error else {
        panic!("{error:?}")
    };
    let oauth = inner.downcast_ref::<OAuthError>().unwrap();
    assert_eq!(oauth.status(), Some(400));
    assert_eq!(oauth.code(), Some("invalid_grant"));
    let shown = format!("{error} {error:?} {tokens:?}");
    assert!(shown.contains("invalid_grant"), "{shown}");
    for secret in ["rt-1", "app-secret"] {
        assert!(!shown.contains(secret), "{shown}");
    }

    for (status, body) in [(200, "{}"), (200, "<html>"), (500, "")] {
        let endpoint = Endpoint::new(&[(status, body)]);
        let error = provider(&endpoint)
            .with_client_credentials()
            .access_token()
            .await
            .unwrap_err();
        assert!(matches!(error, Error::TokenProvider(_)), "{error:?}");
    }
    let none = provider(&Endpoint::default())
        .access_token()
        .await
        .unwrap_err();
    assert!(chain(&none).contains("no grant"), "{none}");
}

#[tokio::test]
async fn a_transport_failure_is_the_source_of_the_error() {
    struct Down;
    impl Transport for Down {
        fn send(
            &self,
            _: http::Request<Vec<u8>>,
        ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
            Box::pin(async {
                Err(TransportError::new(
                    TransportErrorKind::Connect,
                    "refused, secret app-secret/+",
                ))
            })
        }
    }
    let tokens = OAuthTokens::new("http://127.0.0.1:9/token", "id", "app-secret/+")
        .unwrap()
        .transport(Down)
        .with_client_credentials();
    let error = tokens.access_token().await.unwrap_err();
    let Error::TokenProvider(inner) = &error else {
        panic!("{error:?}")
    };
    let source = std::error::Error::source(inner.as_ref()).expect("a source");
    assert!(chain(source).contains("refused"), "{}", chain(source));
    assert!(!format!("{error} {error:?}").contains("app-secret"));
}

#[tokio::test]
async fn a_token_request_that_times_out_is_a_timeout() {
    let mut endpoint = Endpoint::new(&[(200, r#"{"access_token":"late"}"#)]);
    endpoint.delay = Duration::from_secs(30);
    let error = provider(&endpoint)
        .with_client_credentials()
        .timeout(Duration::from_millis(20))
        .access_token()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(chain(&error).contains("timed out"), "{}", chain(&error));

    /// A transport whose own timer fires.
    struct Slow;
    impl Transport for Slow {
        fn send(
            &self,
            _: http::Request<Vec<u8>>,
        ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
            Box::pin(async { Err(TransportError::new(TransportErrorKind::Timeout, "slow")) })
        }
    }
    let tokens = provider(&endpoint)
        .transport(Slow)
        .with_client_credentials();
    let error = tokens.access_token().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    // Others are not.
    let refused = Endpoint::new(&[(400, r#"{"error":"invalid_grant"}"#)]);
    let error = provider(&refused)
        .with_client_credentials()
        .access_token()
        .await
        .unwrap_err();
    assert!(!error.is_timeout(), "{error:?}");
}

#[test]
fn an_http_client_that_cannot_be_built_is_a_failure_of_the_provider() {
    // A builder error, as `reqwest::ClientBuilder::build` gives when its TLS backend fails.
    let builder = reqwest::Client::new().get("not a url").build().unwrap_err();
    assert!(builder.is_builder());
    let error = failed(support::oauth::http_client_failed(builder));
    let Error::TokenProvider(inner) = &error else {
        panic!("{error:?}")
    };
    let oauth = inner.downcast_ref::<OAuthError>().expect("an OAuthError");
    assert!(oauth.status().is_none() && !oauth.is_timeout());
    let cause = std::error::Error::source(oauth).expect("reqwest's error");
    assert!(cause.downcast_ref::<reqwest::Error>().is_some());
    assert!(
        chain(&error).starts_with(
            "the token provider failed: the HTTP client of the token requests could not be built: builder error"
        ),
        "{}",
        chain(&error)
    );
}

#[test]
fn token_urls_must_be_https_or_loopback() {
    // The check itself is the support crate's; `new` turns its refusal into the client's error.
    assert!(OAuthTokens::new("https://api.example/oauth/v1/token", "id", "secret").is_ok());
    for bad in ["http://api.example/token", "/oauth/token"] {
        assert!(
            matches!(
                OAuthTokens::new(bad, "id", "secret"),
                Err(Error::InvalidRequest { .. })
            ),
            "{bad}"
        );
    }
}
