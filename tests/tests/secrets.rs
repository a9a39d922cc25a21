//! No credential ever shows in `Debug` or `Display` of the client's public types: the client,
//! its builder, per-call options, token providers, and errors of every kind, including a
//! transport error for a request whose URL carries the `hapikey`, in raw and percent-encoded
//! form.

use std::time::Duration;

use hubspot_custom_channels::params::ListChannelsParams;
use hubspot_custom_channels::{
    http, BoxFuture, Client, ClientBuilder, Error, RequestOptions, StaticToken, Transport, TransportError, TransportErrorKind,
};
use pipeline_tests::{Answer, Reply, TestServer};

const TOKEN: &str = "pat-eu1-SECRET-TOKEN-5555";
const PROVIDED: &str = "provided-SECRET-TOKEN-7777";
/// Needs percent-encoding in a query: the URL carries it as `dev+SECRET%2Fkey%3D%C3%BC`.
const DEV_KEY: &str = "dev SECRET/key=ü";
const ENCODED_KEY: &str = "dev+SECRET%2Fkey%3D%C3%BC";

fn assert_clean(what: &str, text: &str) {
    for secret in [TOKEN, PROVIDED, DEV_KEY, ENCODED_KEY, "SECRET"] {
        assert!(!text.contains(secret), "{what} shows `{secret}`: {text}");
    }
}

fn assert_error_clean(what: &str, err: &Error) {
    assert_clean(what, &format!("{err:?}"));
    assert_clean(what, &format!("{err}"));
    if let Error::Transport(t) = err {
        assert_clean(what, &format!("{:?}", t.cause()));
        assert_clean(what, &t.cause().to_string());
    }
}

fn builder(base_url: &str) -> ClientBuilder {
    Client::builder().base_url(base_url).oauth2_token(TOKEN).developer_hapikey(DEV_KEY).max_attempts(1)
}

#[test]
fn client_builder_options_and_token_providers_redact_credentials() {
    let b = builder("https://api.hubapi.com").header("x-trace", "t-1");
    assert_clean("ClientBuilder", &format!("{b:?}"));
    let client = b.build().expect("client");
    assert_clean("Client", &format!("{client:?}"));
    assert!(format!("{client:?}").contains("<redacted>"));

    let options = RequestOptions::new()
        .oauth2_token(TOKEN)
        .developer_hapikey(DEV_KEY)
        .header("authorization", format!("Bearer {TOKEN}"))
        .timeout(Duration::from_secs(1));
    assert_clean("RequestOptions", &format!("{options:?}"));
    let view = client.with_options(options);
    assert_clean("Client view", &format!("{view:?}"));

    let provider = StaticToken::new(PROVIDED);
    assert_clean("StaticToken", &format!("{provider:?}"));
    let with_provider = Client::builder().oauth2_token_provider(provider.clone()).build().expect("client");
    assert_clean("Client with a provider", &format!("{with_provider:?}"));
    let provided_options = RequestOptions::new().oauth2_token_provider(provider);
    assert_clean("RequestOptions with a provider", &format!("{provided_options:?}"));
}

#[tokio::test]
async fn errors_never_show_credentials() {
    // Nothing listens on port 1: a connect error for a URL with the hapikey in its query.
    let refused = builder("http://127.0.0.1:1").build().expect("client");
    let err = refused.list_channels(&ListChannelsParams::default()).await.expect_err("refused");
    assert!(matches!(&err, Error::Transport(t) if t.kind() == TransportErrorKind::Connect), "{err:?}");
    assert_error_clean("connect error", &err);

    // The same against a server that drops the connection, and one that is too slow.
    let server = TestServer::start_with(vec![Answer::Drop]);
    let err = builder(&server.base_url).build().expect("client").get_channel(1).await.expect_err("dropped");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_error_clean("broken connection", &err);
    let server = TestServer::start_with(vec![Answer::Delayed(Duration::from_millis(300), Reply::json(200, "{}"))]);
    let slow = builder(&server.base_url).timeout(Duration::from_millis(20)).build().expect("client");
    let err = slow.get_channel(1).await.expect_err("timeout");
    assert!(err.is_timeout(), "{err:?}");
    assert_error_clean("timeout", &err);

    // An error response, and a call without the credential it needs.
    let server = TestServer::start(vec![Reply::json(401, r#"{"message":"expired","category":"EXPIRED_AUTHENTICATION"}"#)]);
    let err = builder(&server.base_url).build().expect("client").get_message(1, "m").await.expect_err("401");
    assert_error_clean("401", &err);
    let only_token = Client::builder().base_url(&server.base_url).oauth2_token(TOKEN).build().expect("client");
    let err = only_token.get_channel(1).await.expect_err("no developer key");
    assert!(matches!(err, Error::MissingCredentials { .. }));
    assert_error_clean("missing credentials", &err);
}

/// A transport that puts the whole request URI and the `Authorization` header into its
/// error, as careless middleware does.
struct Leaky;

impl Transport for Leaky {
    fn send(&self, request: http::Request<Vec<u8>>) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        let auth = request.headers().get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let text = format!("failed to reach {} with `{auth}`", request.uri());
        Box::pin(async move { Err(TransportError::new(TransportErrorKind::Io, text)) })
    }
}

#[tokio::test]
async fn errors_of_a_custom_transport_are_redacted() {
    let client = builder("https://api.hubapi.com").transport(Leaky).build().expect("client");

    let err = client.list_channels(&ListChannelsParams::default()).await.expect_err("leaky transport");
    assert_error_clean("custom transport, hapikey", &err);
    assert!(err.to_string().contains("<redacted>"), "{err}");

    let err = client.get_message(1, "m").await.expect_err("leaky transport");
    assert_error_clean("custom transport, bearer token", &err);
}
