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
    assert_clean(what, &pipeline_tests::chain(err));
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

    // A key in the base URL's query, a password in its user info (which `build` refuses).
    let keyed = Client::builder().base_url("https://api.hubapi.com/?hapikey=SECRET");
    assert_clean("ClientBuilder with a query", &format!("{keyed:?}"));
    let keyed = keyed.build().expect("client");
    assert_clean("Client with a query", &format!("{keyed:?}"));
    assert!(format!("{keyed:?}").contains("https://api.hubapi.com/"), "{keyed:?}");
    let with_user = Client::builder().base_url("https://u:SECRET@api.hubapi.com");
    assert_clean("ClientBuilder with user info", &format!("{with_user:?}"));
    let err = with_user.build().expect_err("user info is refused");
    assert_error_clean("user info", &err);
    let err = Client::builder().base_url("https://api.hubapi.com:99999/?hapikey=SECRET").build().expect_err("bad port");
    assert_error_clean("bad base URL", &err);

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
    let err = builder(&server.base_url).build().expect("client").get_channel("1").await.expect_err("dropped");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_error_clean("broken connection", &err);
    let server = TestServer::start_with(vec![Answer::Delayed(Duration::from_millis(300), Reply::json(200, "{}"))]);
    let slow = builder(&server.base_url).timeout(Duration::from_millis(20)).build().expect("client");
    let err = slow.get_channel("1").await.expect_err("timeout");
    assert!(err.is_timeout(), "{err:?}");
    assert_error_clean("timeout", &err);

    // An error response, and a call without the credential it needs.
    let server = TestServer::start(vec![Reply::json(401, r#"{"message":"expired","category":"EXPIRED_AUTHENTICATION"}"#)]);
    let err = builder(&server.base_url).build().expect("client").get_message("1", "m").await.expect_err("401");
    assert_error_clean("401", &err);
    let only_token = Client::builder().base_url(&server.base_url).oauth2_token(TOKEN).build().expect("client");
    let err = only_token.get_channel("1").await.expect_err("no developer key");
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
    assert!(pipeline_tests::chain(&err).contains("<redacted>"), "{err}");

    let err = client.get_message("1", "m").await.expect_err("leaky transport");
    assert_error_clean("custom transport, bearer token", &err);
}

/// A server (or proxy) that echoes what it received: the target, every header, the body,
/// the `hapikey` decoded and Basic credentials decoded, in a JSON error (`401`), an HTML page
/// (`502`), a `200` whose body does not decode (its `attachments` a string, which serde's
/// message quotes), and in response headers; in turn, the first `kinds` of these three.
fn echo_server(kinds: usize) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let base_url = format!("http://{}", listener.local_addr().expect("addr"));
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let Some(request) = pipeline_tests::read_request(&stream) else { continue };
            let decoded_basic = request
                .header("authorization")
                .and_then(|v| v.strip_prefix("Basic "))
                .map(base64_decode)
                .unwrap_or_default();
            let echo = format!(
                "{} {} {:?} {} hapikey={:?} basic={decoded_basic}",
                request.method,
                request.target,
                request.headers,
                String::from_utf8_lossy(&request.body),
                request.query("hapikey"),
            );
            let n = count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let (status, content_type, body) = match n % kinds {
                // Escaped as many JSON writers do: `\/` and `\u00fc`.
                0 => {
                    let json = serde_json::json!({"message": echo, "category": "INVALID", "correlationId": echo}).to_string();
                    (401, "application/json", json.replace('/', "\\/").replace('ü', "\\u00fc"))
                }
                1 => (502, "text/html", format!("<html><body>bad gateway for {echo}</body></html>")),
                _ => (200, "application/json", serde_json::json!({"attachments": echo, "message": echo}).to_string()),
            };
            let authorization = request.header("authorization").unwrap_or("none").to_string();
            let api_key = request.header("x-api-key").unwrap_or("none").to_string();
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nX-Echo: {}\r\nWWW-Authenticate: {authorization}\r\nX-Key: {api_key}\r\nConnection: close\r\n\r\n",
                body.len(),
                request.target,
            );
            use std::io::Write;
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
    });
    base_url
}

fn base64_decode(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.bytes().filter(|c| *c != b'=') {
        let Some(v) = ALPHABET.iter().position(|a| *a == c) else { break };
        bits = (bits << 6) | v as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every form of `secrets` a server may echo, base64 included.
fn forms(secrets: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for s in secrets {
        out.push(s.to_string());
        let encoded: String = s
            .bytes()
            .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { char::from(b).to_string() } else { format!("%{b:02X}") })
            .collect();
        out.push(encoded);
        out.push(s.replace(' ', "+").replace('/', "%2F").replace('=', "%3D").replace('ü', "%C3%BC"));
        out.push(pipeline_tests_base64(s));
    }
    out
}

fn pipeline_tests_base64(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            out.push(if i <= chunk.len() { char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]) } else { '=' });
        }
    }
    out
}

/// Display, Debug and everything an error keeps of the response show none of `secrets`, and
/// the server did echo something (so the check is not vacuous).
fn assert_redacted(what: &str, texts: &[String], secrets: &[&str]) {
    let forms = forms(secrets);
    for text in texts {
        for form in &forms {
            assert!(!text.contains(form.as_str()), "{what} shows `{form}`: {text}");
        }
        assert!(!text.contains("SECRET"), "{what} shows a secret: {text}");
    }
    assert!(texts.iter().any(|t| t.contains("<redacted>")), "{what}: nothing was echoed: {texts:?}");
}

fn hubspot_texts(err: &Error) -> Vec<String> {
    let mut texts = vec![pipeline_tests::chain(err), format!("{err:?}")];
    match err {
        Error::Api(api) => {
            texts.push(api.raw.clone());
            texts.push(format!("{:?}", api.headers));
            texts.push(format!("{:?}", api.body));
            texts.push(format!("{:?}", api.correlation_id()));
        }
        Error::Decode(e) => {
            texts.push(e.body.clone());
            texts.push(e.message().to_string());
            texts.push(e.path.clone());
        }
        other => panic!("expected an error response, got {other:?}"),
    }
    texts
}

#[tokio::test]
async fn secrets_a_server_echoes_are_redacted_from_hubspot_errors() {
    let base_url = echo_server(3);
    let c = builder(&base_url).build().expect("client");
    for _ in 0..3 {
        let err = c.get_message("1", "m").await.expect_err("echoed");
        assert_redacted("bearer token", &hubspot_texts(&err), &[TOKEN]);
        let err = c.list_channels(&ListChannelsParams::default()).await.expect_err("echoed");
        assert_redacted("hapikey", &hubspot_texts(&err), &[DEV_KEY]);
    }
}

#[tokio::test]
async fn secrets_a_server_echoes_are_redacted_for_api_key_bearer_and_basic_credentials() {
    use fixture_operations::Error as OpError;
    fn texts(err: &OpError) -> Vec<String> {
        let mut texts = vec![pipeline_tests::chain(err), format!("{err:?}")];
        match err {
            OpError::Api(api) => {
                texts.push(api.raw.clone());
                texts.push(format!("{:?}", api.headers));
                texts.push(format!("{:?}", api.body));
            }
            OpError::Decode(e) => {
                texts.push(e.body.clone());
                texts.push(e.message().to_string());
            }
            other => panic!("expected an error response, got {other:?}"),
        }
        texts
    }
    const API_KEY: &str = "k-SECRET-api/1=";
    const BEARER: &str = "b-SECRET-bearer";
    const USER: &str = "user-SECRET";
    const PASSWORD: &str = "pass SECRET/ü";
    // Two kinds only: `put_raw` and `create_item` take any 2xx body.
    let base_url = echo_server(2);
    let builder = || fixture_operations::Client::builder().base_url(&base_url).max_attempts(1);
    let key = builder().api_key(API_KEY).build().expect("client");
    let bearer = builder().bearer_token(BEARER).build().expect("client");
    let basic = builder().basic_credentials(format!("{USER}:{PASSWORD}")).build().expect("client");
    let since = "2024-01-02T03:04:05Z".parse().expect("date");
    let user_and_password = format!("{USER}:{PASSWORD}");
    for _ in 0..2 {
        let err = key.get_item(1, since, &Default::default()).await.expect_err("echoed");
        assert_redacted("api key header", &texts(&err), &[API_KEY]);
        let err = bearer.create_item(&fixture_operations::models::Item::new("n")).await.expect_err("echoed");
        assert_redacted("bearer", &texts(&err), &[BEARER]);
        let err = basic.put_raw(&fixture_operations::FilePart::bytes(b"raw".to_vec())).await.expect_err("echoed");
        assert_redacted("basic", &texts(&err), &[&user_and_password, PASSWORD]);
    }
}

#[tokio::test]
async fn the_cut_of_a_long_error_body_leaves_no_piece_of_a_secret() {
    // The token starts 5 bytes before the 64 KiB cut: a plain cut would keep `pat-e`.
    let body = "y".repeat(64 * 1024 - 5) + TOKEN + " was refused";
    let server = TestServer::start(vec![Reply::html(401, &body)]);
    let err = builder(&server.base_url).build().expect("client").get_message("1", "m").await.expect_err("401");
    let raw = &err.api().expect("an API error").raw;
    assert!(raw.len() <= 64 * 1024);
    assert!(!raw.contains("pat-"), "{}", &raw[raw.len().saturating_sub(20)..]);
    assert!(raw.starts_with(&"y".repeat(64 * 1024 - 5)));
}

#[tokio::test]
async fn a_secret_hidden_behind_json_escapes_is_redacted_too() {
    // `\u0070at` is `pat`: the text never shows the token, its value does.
    let escaped = TOKEN.replacen('p', "\\u0070", 1);
    let body = format!(r#"{{"message":"token {escaped} expired","category":"EXPIRED_AUTHENTICATION"}}"#);
    let server = TestServer::start(vec![Reply::json(401, &body)]);
    let err = builder(&server.base_url).build().expect("client").get_message("1", "m").await.expect_err("401");
    let api = err.api().expect("an API error");
    for text in [format!("{err}"), format!("{err:?}"), api.raw.clone(), format!("{:?}", api.body), format!("{:?}", api.json())] {
        assert!(!text.contains("SECRET") && !text.contains(&escaped), "{text}");
    }
    assert_eq!(api.body.as_ref().and_then(|b| b.message.as_deref()), Some("token <redacted> expired"));
}

/// A user name or password in the base URL would travel in every request's URI (reqwest's
/// `Request::new` leaves it there) and show in the client's `Debug`: `build` refuses it, and
/// its error does not repeat the password, nor does the error of a base URL that is not one.
#[test]
fn a_base_url_with_a_user_name_or_password_is_refused_without_showing_it() {
    for url in [
        "http://alice:s3cret-pw@127.0.0.1:9/",
        "https://s3cret-pw@api.example.com/",
        "http://:s3cret-pw@127.0.0.1/",
        "ftp://alice:s3cret-pw@127.0.0.1/",
        "not a url s3cret-pw@",
    ] {
        let err = Client::builder().base_url(url).build().err().unwrap_or_else(|| panic!("{url} was accepted"));
        assert!(matches!(err, Error::InvalidRequest { .. }), "{url}: {err:?}");
        for text in [err.to_string(), format!("{err:?}")] {
            assert!(!text.contains("s3cret-pw"), "{url}: {text}");
        }
    }
    assert!(Client::builder().base_url("http://127.0.0.1:9/").build().is_ok());
}
