//! Unit tests of `call.rs`, against the stand-in client and a fake transport.

use std::sync::{Arc, Mutex};

use super::*;
use crate::{BoxFuture, RequestOptions, RetryPolicy, Transport, TransportError};

/// A canned answer: status, headers, body.
type Canned = (u16, Vec<(&'static str, String)>, String);

/// Answers each request with the next of `answers` (status, headers, body), and keeps the
/// requests.
#[derive(Clone, Default)]
struct Fake {
    answers: Arc<Mutex<Vec<Canned>>>,
    sent: Arc<Mutex<Vec<http::Request<Vec<u8>>>>>,
}

impl Transport for Fake {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, TransportError>> {
        self.sent.lock().unwrap().push(request);
        let (status, headers, body) = self.answers.lock().unwrap().remove(0);
        let mut response = http::Response::new(body.into_bytes());
        *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
        for (name, value) in headers {
            response
                .headers_mut()
                .insert(name, HeaderValue::from_str(&value).unwrap());
        }
        Box::pin(async move { Ok(response) })
    }
}

fn fake_client(answers: Vec<Canned>, options: RequestOptions) -> (Client, Fake) {
    let fake = Fake::default();
    *fake.answers.lock().unwrap() = answers;
    let policy = RetryPolicy::new().initial_backoff(Duration::from_millis(1));
    (
        Client::new(fake.clone(), options.retry_policy(policy)),
        fake,
    )
}

fn call(method: Method, security: &'static [&'static [Scheme]]) -> Call {
    let mut call = Call::new(
        "op",
        "/things/{id}",
        method,
        Url::parse("http://127.0.0.1:1/things/1").unwrap(),
    );
    call.security = security;
    call.accepted = &["api_key"];
    call
}

#[tokio::test]
async fn transient_failures_are_retried_only_when_the_call_is_safe_to_repeat() {
    let busy = || (503, vec![], String::new());
    let (client, fake) = fake_client(
        vec![busy(), (200, vec![], "{\"a\":1}".to_string())],
        RequestOptions::new(),
    );
    let value: Response<serde_json::Value> = client.send(call(Method::GET, &[])).await.unwrap();
    assert_eq!(value["a"], 1);
    assert_eq!(fake.sent.lock().unwrap().len(), 2);

    let (client, fake) = fake_client(vec![busy(), busy()], RequestOptions::new());
    let error = client
        .send_empty(call(Method::POST, &[]))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(fake.sent.lock().unwrap().len(), 1);

    let (client, fake) = fake_client(
        vec![busy(), busy(), busy()],
        RequestOptions::new().idempotent(true),
    );
    assert!(client.send_empty(call(Method::POST, &[])).await.is_err());
    assert_eq!(fake.sent.lock().unwrap().len(), 3);
}

#[test]
fn a_call_polled_outside_a_tokio_runtime_is_a_transport_error_not_a_panic() {
    let (client, fake) = fake_client(vec![(200, vec![], String::new())], RequestOptions::new());
    let outcome = std::thread::spawn(move || block_on(client.send_empty(call(Method::GET, &[]))))
        .join()
        .expect("the client panicked outside a Tokio runtime");
    let error = outcome.expect_err("a call outside a Tokio runtime cannot be sent");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(!error.is_retryable());
    assert!(fake.sent.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_missing_credential_fails_before_sending_and_a_sent_one_never_shows() {
    let (client, fake) = fake_client(vec![], RequestOptions::new());
    let error = client
        .send_empty(call(Method::GET, &[&[Scheme::ApiKey]]))
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        Error::MissingCredentials {
            operation: "op",
            ..
        }
    ));
    assert!(fake.sent.lock().unwrap().is_empty());

    let echo = vec![("x-echo", "key=k%2By".to_string())];
    let body = "{\"message\":\"bad key k+y\",\"traceId\":\"t-1\"}".to_string();
    let (client, fake) = fake_client(
        vec![(401, echo, body)],
        RequestOptions::new().api_key("k+y"),
    );
    let error = client
        .send_empty(call(Method::GET, &[&[Scheme::ApiKey]]))
        .await
        .unwrap_err();
    assert!(fake.sent.lock().unwrap()[0]
        .uri()
        .query()
        .unwrap()
        .contains("key=k%2By"));
    let api = error.api().unwrap();
    assert_eq!(api.headers["x-echo"], "key=<redacted>");
    assert!(!format!("{error} {error:?}").contains("k+y"), "{error:?}");
    assert_eq!(error.correlation_id().as_deref(), Some("t-1"));
}

#[tokio::test]
async fn redirects_are_not_followed_and_name_only_the_origin() {
    let location = vec![(
        "location",
        "https://elsewhere.example:8443/a?key=k".to_string(),
    )];
    let (client, fake) = fake_client(vec![(302, location, String::new())], RequestOptions::new());
    let error = client.send_empty(call(Method::GET, &[])).await.unwrap_err();
    match error {
        Error::Redirect { status, to, .. } => {
            assert_eq!(status, 302);
            assert_eq!(to.as_deref(), Some("https://elsewhere.example:8443"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.sent.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn bodies_over_the_limit_and_bodies_that_do_not_decode_fail() {
    let big = "x".repeat(100);
    let (client, _) = fake_client(
        vec![(200, vec![], big)],
        RequestOptions::new().max_response_bytes(10),
    );
    let error = client.send_empty(call(Method::GET, &[])).await.unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { limit: 10, .. }));

    let (client, _) = fake_client(
        vec![(200, vec![], "not json".to_string())],
        RequestOptions::new(),
    );
    let error = client
        .send::<serde_json::Value>(call(Method::GET, &[]))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode(ref e) if e.status == 200 && e.body == "not json"));
}

#[test]
fn a_decode_error_s_path_and_message_are_bounded_however_long_what_they_quote() {
    use support::error::DECODE_TEXT_LIMIT;
    let long = "k".repeat(1_000_000);
    let secrets = Secrets::default();
    // The parser quotes a value of the wrong type whole in its message.
    let body = format!("\"{long}\"");
    let Err(Error::Decode(error)) = decode_json::<u8>(200, body.as_bytes(), &secrets) else {
        panic!("a string is no u8");
    };
    let message = error.message();
    assert!(
        message.starts_with("invalid type: string \"kkk"),
        "{message:.100}"
    );
    assert!(message.ends_with("kkk…") && message.len() <= DECODE_TEXT_LIMIT + '…'.len_utf8());
    // The key of an additional property is a step of the path.
    let body = format!("{{\"{long}\": \"x\"}}");
    let result =
        decode_json::<std::collections::BTreeMap<String, u8>>(200, body.as_bytes(), &secrets);
    let Err(Error::Decode(error)) = result else {
        panic!("\"x\" is no u8");
    };
    assert!(
        error.path.starts_with("kkk") && error.path.ends_with('…'),
        "{:.100}",
        error.path
    );
    assert!(error.path.len() <= DECODE_TEXT_LIMIT + '…'.len_utf8());
    assert!(error.message().starts_with("invalid type: string \"x\""));
    // Multi-byte characters are cut at a boundary; short texts are kept as they are.
    // (`a` puts the limit inside a two-byte `é`.)
    let body = format!("\"a{}\"", "é".repeat(DECODE_TEXT_LIMIT));
    let Err(Error::Decode(error)) = decode_json::<u8>(200, body.as_bytes(), &secrets) else {
        panic!("a string is no u8");
    };
    assert!(error.message().ends_with("é…"));
    let Err(Error::Decode(error)) = decode_json::<u8>(200, b"true", &secrets) else {
        panic!("a boolean is no u8");
    };
    assert_eq!(
        error.message(),
        "invalid type: boolean `true`, expected u8 at line 1 column 4"
    );
    assert_eq!(error.path, "");
}

#[test]
fn a_body_that_does_not_serialize_fails_with_the_serializer_s_error_as_source() {
    use std::error::Error as _;
    /// A body whose serialization fails, as a custom `Serialize` may.
    struct Refused;
    impl serde::Serialize for Refused {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no account id"))
        }
    }
    // JSON object keys must be strings.
    let keyed: std::collections::BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
    let mut call = call(Method::POST, &[]);
    let errors = [
        (call.json(&Refused).unwrap_err(), "no account id"),
        (call.form(&Refused).unwrap_err(), "no account id"),
        (call.json(&keyed).unwrap_err(), "key must be a string"),
    ];
    for (error, cause) in errors {
        assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
        // One level in `Display`, the serializer's words in the `source`.
        assert_eq!(
            error.to_string(),
            "invalid request: the body does not serialize"
        );
        let source = error.source().expect("a source");
        let serde = source.downcast_ref::<serde_json::Error>().expect("serde's");
        assert_eq!(serde.to_string(), cause);
    }
    assert!(call.body.is_empty(), "nothing was serialized");
    let header = call.header("bad name", "1").unwrap_err();
    assert!(header.source().is_none(), "{header:?}");
}

#[test]
fn bodies_and_parameters_set_their_headers() {
    let mut call = call(Method::POST, &[]);
    call.json(&serde_json::json!({"a": 1})).unwrap();
    assert_eq!(call.headers[CONTENT_TYPE], "application/json");
    call.form(&serde_json::json!({"a": "x y", "b": null, "c": 2}))
        .unwrap();
    assert_eq!(call.body, b"a=x+y&c=2");
    call.header("x-n", "1").unwrap();
    assert!(call.header("bad name", "1").is_err());
    call.cookie("a", "1").unwrap();
    call.cookie("b", "2").unwrap();
    assert_eq!(call.headers[http::header::COOKIE], "a=1; b=2");
    call.raw("text/plain", b"hi".to_vec());
    assert_eq!(call.headers[CONTENT_TYPE], "text/plain");
}

#[derive(Debug, serde::Deserialize)]
struct Outer {
    inner: Vec<Inner>,
}

#[derive(Debug, serde::Deserialize)]
struct Inner {
    #[serde(rename = "fileId")]
    file_id: String,
}

fn decode_failure(body: &str) -> Box<crate::error::DecodeError> {
    match decode_json::<Outer>(200, body.as_bytes(), &Secrets::default()) {
        Err(Error::Decode(e)) => e,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn a_body_that_decodes_is_read_once_and_one_that_does_not_names_its_path() {
    let ok: Outer = decode_json(
        200,
        br#"{"inner":[{"fileId":"a"}, {"fileId":"b"}]} "#,
        &Secrets::default(),
    )
    .unwrap();
    assert_eq!(ok.inner[1].file_id, "b");

    let e = decode_failure(r#"{"inner":[{"fileId":"a"},{"fileId":7}]}"#);
    assert_eq!(e.path, "inner[1].fileId");
    assert!(
        e.message().starts_with("invalid type: integer `7`"),
        "{}",
        e.message()
    );
    let e = decode_failure(r#"{"inner":[{}]}"#);
    assert_eq!(e.path, "inner[0]");
    assert!(e.message().starts_with("missing field `fileId`"));
}

#[test]
fn characters_after_the_body_fail_it_at_the_top() {
    let e = decode_failure(r#"{"inner":[]} {}"#);
    assert_eq!(e.path, "");
    assert!(
        e.message()
            .starts_with("trailing characters at line 1 column"),
        "{}",
        e.message()
    );
    let e = decode_failure("");
    assert_eq!(e.path, "");
    assert!(
        e.message().starts_with("EOF while parsing"),
        "{}",
        e.message()
    );
}

/// Polls `future` on this thread until it is ready, parking in between (as the support
/// crate's transport tests do: its test helpers are not compiled for this crate).
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut context) {
            return out;
        }
        std::thread::park();
    }
}
