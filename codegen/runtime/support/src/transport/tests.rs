//! Unit tests of `transport.rs`.

use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use super::*;

#[test]
fn a_transport_error_that_shows_a_secret_keeps_only_its_redacted_text() {
    let secrets = crate::redact::Secrets::new(vec!["key123".to_string()]);
    let error = TransportError::new(
        TransportErrorKind::Connect,
        "GET https://h/x?hapikey=key123 failed",
    );
    let redacted = error.redact(&secrets);
    assert_eq!(redacted.kind(), TransportErrorKind::Connect);
    assert!(!format!("{redacted:?} {redacted}").contains("key123"));
    let clean = TransportError::new(TransportErrorKind::Io, "reset").redact(&secrets);
    assert_eq!(
        clean.to_string(),
        TransportError::new(TransportErrorKind::Io, "reset").to_string()
    );
    assert!(clean.is_retryable());
}

/// Polls `future` to its end on the calling thread, parking between polls: an executor that
/// is not Tokio's, as a caller may have.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
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

/// A transport whose reqwest client has timeouts of its own: reqwest makes their timers when
/// a request is executed, and a Tokio timer made outside a runtime panics.
fn timed_transport() -> ReqwestTransport {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .read_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    ReqwestTransport::new(client)
}

/// Port 1 on the loopback: nothing listens there, so a request gets an error, not an answer.
fn request() -> http::Request<Vec<u8>> {
    http::Request::get("http://127.0.0.1:1/")
        .body(Vec::new())
        .unwrap()
}

#[test]
fn a_request_polled_outside_a_tokio_runtime_is_an_error_not_a_panic() {
    let transport = timed_transport();
    let outcome = std::thread::spawn(move || block_on(transport.send(request())))
        .join()
        .expect("the transport panicked outside a Tokio runtime");
    let error = outcome.expect_err("a request outside a Tokio runtime cannot be sent");
    assert_eq!(error.kind(), TransportErrorKind::Other);
    assert!(!error.is_retryable());
    assert!(
        error.cause().to_string().contains("Tokio runtime"),
        "{error:?}"
    );
}

#[test]
fn a_request_made_outside_a_runtime_and_polled_inside_one_is_sent() {
    let transport = timed_transport();
    let pending = transport.send(request());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let error = runtime
        .block_on(pending)
        .expect_err("nothing listens on port 1");
    assert_eq!(error.kind(), TransportErrorKind::Connect, "{error:?}");
}

#[test]
fn the_builder_takes_absolute_http_urls_without_credentials_and_header_safe_agents() {
    let (url, agent) = client_parts("https://api.example/v3", "me/1").expect("valid");
    assert_eq!(
        (url.as_str(), agent.to_str().unwrap()),
        ("https://api.example/v3", "me/1")
    );
    assert_eq!(
        client_parts("ftp://x", "a").unwrap_err(),
        "`ftp://x` is not an absolute http(s) URL"
    );
    // A URL with an `@` may hold a password: the error does not repeat it.
    let error = client_parts("https://u:secret@h.example", "a").unwrap_err();
    assert!(error.starts_with("the base URL carries") && !error.contains("secret"));
    let error = client_parts("mailto:u:secret@h", "a").unwrap_err();
    assert_eq!(error, "the base URL is not an absolute http(s) URL");
    // Nor a query, which may hold an API key.
    let error = client_parts("https://api.example:99999/?hapikey=SECRET#FRAG", "a").unwrap_err();
    assert_eq!(
        error,
        "`https://api.example:99999/` is not an absolute http(s) URL"
    );
    assert!(client_parts("https://h.example", "bad\nagent").is_err());
    assert!(default_transport(std::time::Duration::from_secs(1)).is_ok());
}

#[test]
fn urls_are_shown_without_user_info_query_or_fragment() {
    assert_eq!(
        shown_url("https://api.example/v3"),
        "https://api.example/v3"
    );
    assert_eq!(
        shown_url("https://api.example/v3?hapikey=SECRET#x"),
        "https://api.example/v3"
    );
    assert_eq!(
        shown_url("https://api.example/#SECRET"),
        "https://api.example/"
    );
    assert_eq!(
        shown_url("https://u:SECRET@api.example/"),
        "<a URL with user info>"
    );
}
