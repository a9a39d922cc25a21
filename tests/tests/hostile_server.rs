//! The generated client against servers on 127.0.0.1 that attack it: endless and huge bodies,
//! redirects to another origin, path parameters that would change the endpoint, page cursors
//! that go round in a loop, and `Retry-After` values that overflow naive arithmetic.

use std::io::Write;
use std::net::TcpListener;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use hubspot_custom_channels::models::{
    PublicChannelAccountStagingTokenUpdateRequest, PublicChannelIntegrationMessageUpdateRequest, PublicChannelIntegrationMessageUpdateRequestStatusType,
};
use hubspot_custom_channels::params::{ListChannelAccountsParams, ListChannelsParams};
use hubspot_custom_channels::{Client, Error, RequestOptions, RetryPolicy};
use pipeline_tests::{Reply, TestServer};

const TOKEN: &str = "pat-eu1-SECRET-TOKEN-5555";
const DEV_KEY: &str = "dev-SECRET-key-0123";
const MIB: u64 = 1024 * 1024;

fn client(base_url: &str) -> Client {
    Client::builder().base_url(base_url).oauth2_token(TOKEN).developer_hapikey(DEV_KEY).max_attempts(1).build().expect("client")
}

/// A server that answers every request with `head` and then, for a chunked head, 64 KiB
/// chunks until the client hangs up (or 1 GiB, so that the old code cannot fill the disk of
/// swap). Returns its base URL and the count of body bytes it managed to write.
fn endless_server(head: &'static str, chunked: bool) -> (String, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base_url = format!("http://{}", listener.local_addr().expect("addr"));
    let written = Arc::new(AtomicU64::new(0));
    let count = Arc::clone(&written);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let count = Arc::clone(&count);
            thread::spawn(move || {
                if pipeline_tests::read_request(&stream).is_none() || stream.write_all(head.as_bytes()).is_err() {
                    return;
                }
                if !chunked {
                    // Declares a body it never sends: a client that waits for it times out.
                    thread::sleep(Duration::from_secs(30));
                    return;
                }
                let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
                while count.load(Ordering::SeqCst) < 1024 * MIB {
                    if stream.write_all(chunk.as_bytes()).is_err() {
                        return;
                    }
                    count.fetch_add(0x10000, Ordering::SeqCst);
                }
            });
        }
    });
    (base_url, written)
}

const CHUNKED_201: &str = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_limit_of_the_client_or_of_the_call() {
    let (base_url, written) = endless_server(CHUNKED_201, true);
    let peak_before = peak_memory();
    let started = std::time::Instant::now();
    let update = PublicChannelIntegrationMessageUpdateRequest::new(PublicChannelIntegrationMessageUpdateRequestStatusType::Read);

    let limited = Client::builder().base_url(&base_url).oauth2_token(TOKEN).max_response_bytes(MIB).build().expect("client");
    let err = limited.update_message("1013", "m1", &update).await.expect_err("too large");
    assert!(matches!(err, Error::ResponseTooLarge { limit, .. } if limit == MIB), "{err:?}");
    assert!(err.to_string().contains("larger than the limit of 1048576 bytes"), "{err}");
    assert!(!err.is_retryable());

    let err = limited
        .with_options(RequestOptions::new().max_response_bytes(256 * 1024))
        .get_message("1013", "m1")
        .await
        .expect_err("too large");
    assert!(matches!(err, Error::ResponseTooLarge { limit: 262_144, .. }), "{err:?}");

    // The default limit, 16 MiB, holds too.
    let err = client(&base_url).get_message("1013", "m1").await.expect_err("too large");
    assert!(matches!(err, Error::ResponseTooLarge { limit, .. } if limit == 16 * MIB), "{err:?}");

    // Generous: the three calls take well under a second; without a limit they would read
    // until the 30 s timeout.
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());

    // The client hung up near the limit: what the server wrote is the three limits plus what
    // the sockets' buffers took, far from the 1 GiB it would have sent.
    thread::sleep(Duration::from_millis(200));
    let total = written.load(Ordering::SeqCst);
    assert!(total < 200 * MIB, "the server wrote {total} bytes");
    // The process's peak memory grew by the limits, not by what the server sent (other tests
    // of this binary run alongside, hence the margin).
    if let (Some(before), Some(after)) = (peak_before, peak_memory()) {
        assert!(after.saturating_sub(before) < 256 * MIB, "peak memory grew from {before} to {after} bytes");
    }
}

/// The peak resident set of this process (`VmHWM`), in bytes, where `/proc` tells it.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[tokio::test]
async fn a_content_length_over_the_limit_fails_before_reading_the_body() {
    let (base_url, _) = endless_server(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000000000000\r\n\r\n",
        false,
    );
    // The server never sends the body: a client that tried to read it would time out.
    let c = Client::builder().base_url(&base_url).oauth2_token(TOKEN).timeout(Duration::from_secs(20)).build().expect("client");
    let err = c.get_message("1013", "m1").await.expect_err("too large");
    assert!(matches!(err, Error::ResponseTooLarge { limit, .. } if limit == 16 * MIB), "{err:?}");
}

#[tokio::test]
async fn errors_keep_only_the_first_64_kib_of_a_body() {
    let big = "<html>".to_string() + &"y".repeat(MIB as usize);
    let server = TestServer::start(vec![Reply::html(500, &big), Reply::json(201, &big)]);
    let c = client(&server.base_url);

    let err = c.get_message("1013", "m1").await.expect_err("500");
    let api = err.api().expect("an API error");
    assert_eq!(api.raw.len(), 64 * 1024);
    assert!(big.starts_with(&api.raw));

    let err = c.get_message("1013", "m1").await.expect_err("decode");
    match &err {
        Error::Decode(e) if e.status == 201 => assert_eq!(e.body.len(), 64 * 1024),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// A first server that redirects to a second one (another port: another origin).
fn redirecting(status: u16, to: &TestServer, path: &str) -> TestServer {
    let reply = Reply::json(status, "{}").with_header("Location", &format!("{}{path}?hapikey=x", to.base_url));
    TestServer::start(vec![reply])
}

fn assert_not_followed(err: &Error, status: u16, other: &TestServer, first: &TestServer) {
    match err {
        Error::Redirect { status: s, to, .. } => {
            assert_eq!(*s, status);
            assert_eq!(to.as_deref(), Some(other.base_url.as_str()));
        }
        other => panic!("expected a redirect error, got {other:?}"),
    }
    assert!(!err.to_string().contains("hapikey"), "{err}");
    assert!(other.requests().is_empty(), "the other origin got {:?}", other.requests());
    let requests = first.requests();
    assert_eq!(requests.len(), 1);
    assert!(requests.iter().all(|r| r.header("referer").is_none()), "{requests:?}");
}

#[tokio::test]
async fn redirects_to_another_origin_are_not_followed_with_the_hubspot_credentials() {
    for status in [301, 302, 303, 307, 308] {
        // `hapikey` in the query.
        let other = TestServer::start(vec![Reply::json(200, r#"{"results":[]}"#)]);
        let first = redirecting(status, &other, "/elsewhere");
        let err = client(&first.base_url).list_channels(&ListChannelsParams::default()).await.expect_err("redirect");
        assert_not_followed(&err, status, &other, &first);

        // A bearer token, and a PATCH body a 307 would send again.
        let other = TestServer::start(vec![Reply::json(200, "{}")]);
        let first = redirecting(status, &other, "/elsewhere");
        let update = PublicChannelIntegrationMessageUpdateRequest::new(PublicChannelIntegrationMessageUpdateRequestStatusType::Read);
        let err = client(&first.base_url).update_message("1013", "m1", &update).await.expect_err("redirect");
        assert_not_followed(&err, status, &other, &first);
    }
}

#[tokio::test]
async fn redirects_are_not_followed_with_an_api_key_header_nor_a_post_body() {
    use fixture_operations::models::Item;
    for status in [302, 307] {
        let other = TestServer::start(vec![Reply::json(200, r#"{"name":"x"}"#)]);
        let first = redirecting(status, &other, "/items/1");
        let c = fixture_operations::Client::builder().base_url(&first.base_url).api_key("SECRET-api-key").build().expect("client");
        let since = "2024-01-02T03:04:05Z".parse().expect("date");
        let err = c.get_item(1, since, &Default::default()).await.expect_err("redirect");
        assert!(matches!(err, fixture_operations::Error::Redirect { status: s, to: Some(ref to), .. } if s == status && *to == other.base_url), "{err:?}");
        assert!(other.requests().is_empty());

        let other = TestServer::start(vec![Reply::json(201, r#"{"name":"x"}"#)]);
        let first = redirecting(status, &other, "/items");
        let c = fixture_operations::Client::builder().base_url(&first.base_url).bearer_token("SECRET-bearer").build().expect("client");
        let err = c.create_item(&Item::new("new")).await.expect_err("redirect");
        assert!(matches!(err, fixture_operations::Error::Redirect { .. }), "{err:?}");
        assert!(other.requests().is_empty());
        assert!(first.requests().iter().all(|r| r.header("referer").is_none()));
    }
}

#[tokio::test]
async fn a_redirect_to_the_same_origin_is_an_error_too() {
    let server = TestServer::start(vec![Reply::json(302, "{}").with_header("Location", "/conversations/v3/elsewhere?x=1")]);
    let err = client(&server.base_url).get_message("1013", "m1").await.expect_err("redirect");
    assert!(matches!(&err, Error::Redirect { status: 302, to: Some(to), .. } if *to == server.base_url), "{err:?}");
    assert_eq!(err.status(), Some(302));
    assert_eq!(server.requests().len(), 1);
}

const MESSAGES: &str = "/conversations/v3/custom-channels/1013/messages";

#[tokio::test]
async fn path_parameters_stay_inside_their_segment_or_are_refused() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]);
    let c = client(&server.base_url);
    let update = PublicChannelIntegrationMessageUpdateRequest::new(PublicChannelIntegrationMessageUpdateRequestStatusType::Read);

    // The URL parser drops tabs and line breaks before it encodes: `.\t.` would be `..`.
    for hostile in ["..", ".", "", ".\t.", "..\n", ".\r\n.", "\t", "m\n1"] {
        let err = c.update_message("1013", hostile, &update).await.expect_err("refused");
        assert!(matches!(&err, Error::InvalidRequest { message, .. } if message.contains("`{messageId}`")), "{hostile:?}: {err:?}");
        let err = c.get_message("1013", hostile).await.expect_err("refused");
        assert!(matches!(&err, Error::InvalidRequest { message, .. } if message.contains("`{messageId}`")), "{hostile:?}: {err:?}");
        let err = c.update_staging_token("1013", hostile, &PublicChannelAccountStagingTokenUpdateRequest::new()).await.expect_err("refused");
        assert!(matches!(&err, Error::InvalidRequest { message, .. } if message.contains("`{accountToken}`")), "{hostile:?}: {err:?}");
    }
    assert!(server.requests().is_empty(), "sent {:?}", server.requests());

    let encoded = [
        ("a/b", "a%2Fb"),
        ("../..", "..%2F.."),
        ("?x=1", "%3Fx=1"),
        ("#frag", "%23frag"),
        ("%2e%2e", "%252e%252e"),
        ("%2E", "%252E"),
        (".%2e", ".%252e"),
        ("a\\b", "a%5Cb"),
        ("...", "..."),
        (" ", "%20"),
        ("a\u{1}b", "a%01b"),
        ("%", "%25"),
        ("m1", "m1"),
    ];
    for (value, _) in encoded {
        let _ = c.update_message("1013", value, &update).await;
    }
    let targets: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    let expected: Vec<String> = encoded.iter().map(|(_, path)| format!("{MESSAGES}/{path}")).collect();
    assert_eq!(targets, expected);
}

fn page(ids: &[&str], next: Option<&str>) -> Reply {
    let results: Vec<String> = ids
        .iter()
        .map(|id| {
            format!(
                r#"{{"active":true,"archived":false,"authorized":true,"channelId":"1013","createdAt":"2024-05-01T10:00:00Z","id":"{id}","inboxId":"7","name":"Line {id}"}}"#
            )
        })
        .collect();
    let paging = next.map(|n| format!(r#","paging":{{"next":{{"after":"{n}"}}}}"#)).unwrap_or_default();
    Reply::json(200, &format!(r#"{{"results":[{}],"total":9{paging}}}"#, results.join(",")))
}

#[tokio::test]
async fn a_page_stream_ends_on_any_cursor_it_has_used_before() {
    // a → b → a → b …: the server would go round for ever.
    let server = TestServer::start(vec![page(&["1"], Some("a")), page(&["2"], Some("b")), page(&["3"], Some("a")), page(&["4"], Some("b"))]);
    let c = client(&server.base_url);
    let mut pages = c.list_channel_accounts_pages("1013", &ListChannelAccountsParams::default());
    let mut read = 0;
    while read < 20 {
        match pages.next_page().await {
            Some(page) => {
                page.expect("a page");
                read += 1;
            }
            None => break,
        }
    }
    assert_eq!(read, 3);
    assert!(pages.next_page().await.is_none());
    let cursors: Vec<Option<String>> = server.requests().iter().map(|r| r.query("after")).collect();
    assert_eq!(cursors, [None, Some("a".to_string()), Some("b".to_string())]);

    // A loop back to the cursor the caller started from.
    let server = TestServer::start(vec![page(&["1"], Some("y")), page(&["2"], Some("x"))]);
    let params = ListChannelAccountsParams { after: Some("x".into()), ..Default::default() };
    let mut items = client(&server.base_url).list_channel_accounts_stream("1013", &params);
    let mut ids = Vec::new();
    while ids.len() < 20 {
        match items.next_item().await {
            Some(item) => ids.push(item.expect("an item").id),
            None => break,
        }
    }
    assert_eq!(ids, ["1", "2"]);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn hostile_retry_after_values_neither_panic_nor_wait_past_the_cap() {
    let hostile = [
        ("Sun, 06 Nov 18446744073709551615 08:49:37 GMT", None),
        ("Sun, 06 Nov 1994 18446744073709551615:49:37 GMT", None),
        ("Sun, 06 Nov 99999999 08:49:37 GMT", None),
        ("Sun, 06 Nov 1994 99999:49:37 GMT", None),
        ("Sun, 06 Nov 2094 18446744073709551615:00:00 GMT", None),
        ("Sun, 06 Nov 2094 08:18446744073709551615:37 GMT", None),
        ("Sun, 06 Nov 2094 08:49:37:00 GMT", None),
        ("Sun, 99 Nov 2094 08:49:37 GMT", None),
        ("Sun, 06 Nov 1969 08:49:37 GMT", None),
        ("Sun, 06 Nov -1 08:49:37 GMT", None),
        ("-5", None),
        ("99999999999999999999999", None),
        ("18446744073709551615", Some(Duration::from_secs(u64::MAX))),
        ("Fri, 31 Dec 9999 23:59:59 GMT", Some(Duration::from_secs(253_402_300_799 - now()))),
    ];
    let policy = RetryPolicy::new()
        .max_attempts(2)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2))
        .max_retry_after(Duration::from_millis(5));
    for (value, expected) in hostile {
        let server = TestServer::start(vec![Reply::json(503, "{}").with_header("Retry-After", value)]);
        let c = Client::builder().base_url(&server.base_url).oauth2_token(TOKEN).retry_policy(policy.clone()).build().expect("client");
        let err = c.get_message("1013", "m1").await.expect_err("503");
        assert_eq!(server.requests().len(), 2, "{value}");
        let got = err.retry_after();
        match expected {
            // A second may pass between `now()` and the parse.
            Some(e) if e < Duration::from_secs(u64::MAX) => {
                assert!(got.is_some_and(|g| g <= e && e - g <= Duration::from_secs(2)), "{value}: {got:?}")
            }
            _ => assert_eq!(got, expected, "{value}"),
        }
    }
}

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_secs()
}

/// A transport that ignores the limit: it answers 2 MiB, and records the limit it was given.
struct Careless(Arc<std::sync::Mutex<Vec<Option<u64>>>>);

impl hubspot_custom_channels::Transport for Careless {
    fn send(
        &self,
        request: hubspot_custom_channels::http::Request<Vec<u8>>,
    ) -> hubspot_custom_channels::BoxFuture<'_, Result<hubspot_custom_channels::http::Response<Vec<u8>>, hubspot_custom_channels::TransportError>>
    {
        let limit = request.extensions().get::<hubspot_custom_channels::MaxResponseBytes>().map(|m| m.0);
        self.0.lock().expect("lock").push(limit);
        Box::pin(async { Ok(hubspot_custom_channels::http::Response::new(vec![b' '; 2 * MIB as usize])) })
    }
}

#[tokio::test]
async fn a_custom_transport_is_told_the_limit_and_held_to_it() {
    let limits = Arc::new(std::sync::Mutex::new(Vec::new()));
    let c = Client::builder().oauth2_token(TOKEN).transport(Careless(Arc::clone(&limits))).max_response_bytes(MIB).build().expect("client");
    let err = c.get_message("1013", "m1").await.expect_err("too large");
    assert!(matches!(err, Error::ResponseTooLarge { limit, .. } if limit == MIB), "{err:?}");
    let under_the_limit = c.with_options(RequestOptions::new().max_response_bytes(4 * MIB)).get_message("1013", "m1").await;
    assert!(matches!(under_the_limit, Err(Error::Decode(_))), "{under_the_limit:?}");
    assert_eq!(*limits.lock().expect("lock"), [Some(MIB), Some(4 * MIB)]);
}

#[tokio::test]
async fn an_answer_from_another_origin_through_a_callers_reqwest_client_is_an_error() {
    let other = TestServer::start(vec![Reply::json(200, r#"{"results":[]}"#)]);
    let first = redirecting(302, &other, "/elsewhere");
    // reqwest's default policy follows the redirect: the client must not take the other
    // origin's answer for the API's.
    let c = Client::builder()
        .base_url(&first.base_url)
        .developer_hapikey(DEV_KEY)
        .http_client(reqwest::Client::new())
        .max_attempts(1)
        .build()
        .expect("client");
    let err = c.list_channels(&ListChannelsParams::default()).await.expect_err("another origin");
    assert!(matches!(&err, Error::Transport(_)) && pipeline_tests::chain(&err).contains("another origin"), "{err:?}");
}

/// A success body that comes in many small chunks, written apart, decodes whole: the client
/// keeps a one-chunk body as it came and gathers the chunks of any other.
#[tokio::test]
async fn a_body_in_many_chunks_is_read_whole() {
    let json = std::fs::read_to_string(pipeline_tests::repo_root().join("tests/fixtures/publish-message.response.json")).expect("fixture");
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base_url = format!("http://{}", listener.local_addr().expect("addr"));
    let body = json.clone();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_nodelay(true);
            if pipeline_tests::read_request(&stream).is_none() {
                continue;
            }
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            for piece in body.as_bytes().chunks(97) {
                let _ = stream.write_all(format!("{:x}\r\n", piece.len()).as_bytes());
                let _ = stream.write_all(piece);
                let _ = stream.write_all(b"\r\n");
                let _ = stream.flush();
                thread::sleep(Duration::from_millis(2));
            }
            let _ = stream.write_all(b"0\r\n\r\n");
        }
    });
    let message = client(&base_url).get_message("1013", "m1").await.expect("the message").into_body();
    let expected: hubspot_custom_channels::models::PublicConversationsMessage = serde_json::from_str(&json).expect("the fixture decodes");
    assert!(json.len() > 3 * 97, "the body spans several chunks");
    assert_eq!(message, expected);
}
