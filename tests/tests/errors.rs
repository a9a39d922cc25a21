//! The client's errors by the Rust API guidelines (C-GOOD-ERR), against real servers on
//! 127.0.0.1: `Display` says one thing and `source()` leads to the root cause (transport,
//! timeout, decode); decode errors name the field path, through unions too; an error body that is not the
//! documented one says so and shows a bounded excerpt; a retried call says how many attempts
//! it made and how long it waited.

use std::error::Error as _;
use std::time::Duration;

use hubspot_custom_channels::{Client, Error, RetryPolicy, TransportErrorKind};
use pipeline_tests::{chain, Answer, Reply, TestServer};

const TOKEN: &str = "pat-eu1-ERRORS-SECRET-0000";

fn client(base_url: &str) -> Client {
    Client::builder().base_url(base_url).oauth2_token(TOKEN).max_attempts(1).build().expect("client")
}

/// The causes of `error`, itself first.
fn causes<'a>(error: &'a (dyn std::error::Error + 'static)) -> Vec<&'a (dyn std::error::Error + 'static)> {
    let mut out = vec![error];
    let mut current = error;
    while let Some(next) = current.source() {
        out.push(next);
        current = next;
    }
    out
}

fn account(id: &str, name: &str) -> String {
    format!(
        r#"{{"active":true,"archived":false,"authorized":true,"channelId":"1013","createdAt":"2024-05-01T10:00:00Z","id":"{id}","inboxId":"7","name":{name}}}"#
    )
}

#[tokio::test]
async fn a_connect_error_leads_by_source_to_the_refused_connection() {
    // Nothing listens on port 1.
    let err = client("http://127.0.0.1:1").get_message("1013", "m1").await.expect_err("refused");

    let Error::Transport(transport) = &err else { panic!("expected a transport error, got {err:?}") };
    assert_eq!(transport.kind(), TransportErrorKind::Connect);
    assert_eq!(err.to_string(), "the request got no complete response");
    let chain_of = causes(&err);
    assert_eq!(chain_of[1].to_string(), "could not connect");
    // Each level says its own thing: no message repeats the one below it.
    for pair in chain_of.windows(2) {
        assert!(!pair[0].to_string().contains(&pair[1].to_string()), "{}", chain(&err));
    }
    let root = chain_of.last().expect("a root");
    let io = root.downcast_ref::<std::io::Error>().unwrap_or_else(|| panic!("the root is the socket's error: {}", chain(&err)));
    assert_eq!(io.kind(), std::io::ErrorKind::ConnectionRefused);
}

#[tokio::test]
async fn a_timeout_of_the_transport_leads_by_source_to_its_timer() {
    let server = TestServer::start_with(vec![Answer::Delayed(Duration::from_millis(2000), Reply::json(200, "{}"))]);
    let http = reqwest::Client::builder()
        .timeout(Duration::from_millis(50))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client");
    let c = Client::builder().base_url(&server.base_url).oauth2_token(TOKEN).http_client(http).max_attempts(1).build().expect("client");

    let err = c.get_message("1013", "m1").await.expect_err("the transport times out");

    assert!(matches!(&err, Error::Timeout { after: None, transport: Some(t), .. } if t.kind() == TransportErrorKind::Timeout), "{err:?}");
    assert_eq!(err.to_string(), "the request timed out");
    let chain_of = causes(&err);
    assert!(chain_of.len() >= 3, "{}", chain(&err));
    assert_eq!(chain_of[1].to_string(), "timed out");
    assert!(chain_of.last().expect("a root").to_string().contains("timed out"), "{}", chain(&err));
}

#[tokio::test]
async fn a_timeout_of_the_client_is_its_own_root() {
    let server = TestServer::start_with(vec![Answer::Delayed(Duration::from_millis(2000), Reply::json(200, "{}"))]);
    let c = Client::builder().base_url(&server.base_url).oauth2_token(TOKEN).timeout(Duration::from_millis(40)).max_attempts(1).build().expect("client");

    let err = c.get_message("1013", "m1").await.expect_err("the client times out");

    assert_eq!(err.to_string(), "the request timed out after 40ms");
    assert!(err.source().is_none());
}

#[tokio::test]
async fn a_decode_error_names_the_field_path_and_leads_to_the_parser_message() {
    let page = format!(r#"{{"results":[{},{}],"total":2}}"#, account("a1", r#""Line 1""#), account("a2", "123"));
    let server = TestServer::start(vec![Reply::json(200, &page)]);

    let err = client(&server.base_url).list_channel_accounts("1013", &Default::default()).await.expect_err("a number for a name");

    let Error::Decode(decode) = &err else { panic!("expected a decode error, got {err:?}") };
    assert_eq!(decode.path, "results[1].name");
    assert_eq!(decode.body, page);
    assert_eq!(err.to_string(), "the body of a 200 response does not have the documented shape at `results[1].name`");
    let chain_of = causes(&err);
    assert_eq!(chain_of.len(), 2, "{}", chain(&err));
    assert!(chain_of[1].to_string().starts_with("invalid type: integer `123`, expected a string"), "{}", chain(&err));
    assert_eq!(chain_of[1].to_string(), decode.message());
}

#[tokio::test]
async fn a_decode_error_inside_an_attachment_names_the_field_inside_it() {
    let mut message: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(pipeline_tests::repo_root().join("tests/fixtures/publish-message.response.json")).expect("fixture"))
            .expect("json");
    let first = message["attachments"][0].clone();
    let mut second = first.clone();
    second["fileId"] = serde_json::json!(123);
    message["attachments"] = serde_json::json!([first, second]);
    let server = TestServer::start(vec![Reply::json(200, &message.to_string())]);

    let err = client(&server.base_url).get_message("1013", "m1").await.expect_err("a number for a fileId");

    let Error::Decode(decode) = &err else { panic!("expected a decode error, got {err:?}") };
    // The union of attachments decodes its variant with a deserializer of its own; the path
    // goes on into it all the same, and is shown once.
    assert_eq!(decode.path, "attachments[1].fileId");
    assert_eq!(err.to_string(), "the body of a 200 response does not have the documented shape at `attachments[1].fileId`");
    assert!(decode.message().starts_with("invalid type: integer `123`, expected a string at line 1 column "), "{}", decode.message());
    assert!(!decode.message().contains("fileId"), "{}", decode.message());
}

/// The body of `createEvent` in the unions fixture, with `extra` members.
fn envelope(extra: &str) -> String {
    format!(r#"{{"event":{{"kind":"click","x":1,"y":2}},"pets":[],"attachments":[],"values":[]{extra}}}"#)
}

fn click() -> fixture_unions::models::Event {
    use fixture_unions::models::{Click, ClickRequired, Event};
    Event::Click(Click::new(ClickRequired { kind: "click".into(), x: 1, y: 2 }))
}

/// The decode error of the unions fixture's `createEvent` answering `body`.
async fn union_decode_error(body: &str) -> Box<fixture_unions::DecodeError> {
    let server = TestServer::start(vec![Reply::json(201, body)]);
    let c = fixture_unions::Client::builder().base_url(&server.base_url).build().expect("client");
    match c.create_event(&click()).await {
        Err(fixture_unions::Error::Decode(decode)) => {
            let shown = decode.to_string();
            assert_eq!(shown.matches(&format!("`{}`", decode.path)).count(), 1, "{shown}");
            assert!(!decode.message().contains(&decode.path), "the path once: {}", decode.message());
            decode
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_path_goes_on_through_a_union_inside_a_union() {
    let body = envelope(
        r#","parcels":[{"kind":"Letter","text":"t"},{"kind":"Packet","contents":[{"type":"FILE","fileId":"f"},{"type":"FILE","fileId":false}]}]"#,
    );
    let decode = union_decode_error(&body).await;
    assert_eq!(decode.path, "parcels[1].contents[1].fileId");
    assert!(decode.message().starts_with("invalid type: boolean `false`, expected a string"), "{}", decode.message());

    // A field missing in the variant: the path ends at the variant, the message names the field.
    let body = envelope(r#","parcels":[{"kind":"Packet","contents":[{"type":"FILE"}]}]"#);
    let decode = union_decode_error(&body).await;
    assert_eq!(decode.path, "parcels[0].contents[0]");
    assert!(decode.message().starts_with("missing field `fileId`"), "{}", decode.message());
}

#[tokio::test]
async fn the_path_goes_on_through_a_union_in_an_object_with_additional_properties() {
    // `Flexible` has additional properties, which serde's derive read through its buffer (and
    // its `Shape` through a `serde_json::Value`); `deserialize_struct!` reads them in place.
    let body = envelope(r#","flexible":{"note":"n","shape":{"form":"Circle","radius":"big"}}"#);
    let decode = union_decode_error(&body).await;
    assert_eq!(decode.path, "flexible.shape.radius");
    assert!(decode.message().starts_with("invalid type: string \"big\", expected f64"), "{}", decode.message());

    // Its additional properties: the key is named.
    let body = envelope(r#","flexible":{"note":5}"#);
    let decode = union_decode_error(&body).await;
    assert_eq!(decode.path, "flexible.note");
    assert!(decode.message().starts_with("invalid type: integer `5`, expected a string"), "{}", decode.message());
}

#[tokio::test]
async fn an_untagged_union_keeps_what_matches_no_variant_and_unknown_tags_stay_unknown() {
    use fixture_unions::models::{Attachment, Either, Parcel, Shape};
    let body = envelope(
        r#","either":{"shape":{"form":"Circle","radius":"big"}},"parcels":[{"kind":"Crate","size":3},{"kind":"Packet","contents":[{"type":"STICKER","fileId":5}]}],"flexible":{"shape":{"form":"Hexagon"}}"#,
    );
    let server = TestServer::start(vec![Reply::json(201, &body)]);
    let c = fixture_unions::Client::builder().base_url(&server.base_url).build().expect("client");
    let envelope = c.create_event(&click()).await.expect("unknown kinds decode").into_body();

    // A `Held` whose shape does not decode is no `Held`: the untagged union keeps it as sent.
    assert_eq!(envelope.either, Some(Either::Unknown(serde_json::json!({"shape": {"form": "Circle", "radius": "big"}}))));
    let parcels = envelope.parcels.expect("parcels");
    assert_eq!(parcels[0], Parcel::Unknown(serde_json::json!({"kind": "Crate", "size": 3})));
    let Parcel::Packet(packet) = &parcels[1] else { panic!("{:?}", parcels[1]) };
    assert_eq!(packet.contents, vec![Attachment::Unknown(serde_json::json!({"type": "STICKER", "fileId": 5}))]);
    assert_eq!(envelope.flexible.expect("flexible").shape, Some(Shape::Unknown(serde_json::json!({"form": "Hexagon"}))));
}

#[tokio::test]
async fn an_error_body_that_is_not_the_documented_one_says_so_with_a_bounded_excerpt() {
    // A gateway's JSON: it decodes (every field of HubSpot's error is optional) but lacks the
    // required `category`, `correlationId` and `message`.
    let gateway = format!(r#"{{"error":"upstream request timeout","detail":"{}"}}"#, "d".repeat(100_000));
    let server = TestServer::start(vec![Reply::json(504, &gateway)]);

    let err = client(&server.base_url).get_message("1013", "m1").await.expect_err("504");

    let api = err.api().expect("an API error");
    assert!(api.body.is_some(), "HubSpot's error type takes any object");
    assert!(!api.matched);
    assert_eq!(api.raw.len(), 64 * 1024);
    let shown = err.to_string();
    assert!(shown.starts_with(r#"the API answered 504, with a body that is not the documented error shape: {"error":"upstream request timeout","detail":"ddd"#), "{shown}");
    assert!(shown.len() < 400 && shown.ends_with('…'), "{} bytes: {shown}", shown.len());
    assert_eq!(api.excerpt().chars().count(), 201);

    let documented = r#"{"status":"error","message":"Channel not found","correlationId":"0b7c7e0e-4f55-4c5c-9b7e-6f1f0c3e2d1a","category":"OBJECT_NOT_FOUND"}"#;
    let server = TestServer::start(vec![Reply::json(404, documented)]);
    let err = client(&server.base_url).get_message("1013", "m1").await.expect_err("404");
    assert!(err.api().expect("an API error").matched);
    assert_eq!(err.to_string(), "the API answered 404: Channel not found");
}

#[tokio::test]
async fn a_documented_error_message_is_shown_bounded_and_on_one_line_and_the_error_stands_alone() {
    // A documented body whose message is a page of text with line breaks: `Display` shows its
    // beginning on one line, as it shows an excerpt, and never the whole of it.
    let message = format!("first line\n\r\tsecond {}", "m".repeat(5_000));
    let body = serde_json::json!({"status": "error", "message": message, "correlationId": "0b7c7e0e-4f55-4c5c-9b7e-6f1f0c3e2d1a", "category": "VALIDATION_ERROR"});
    let server = TestServer::start(vec![Reply::json(400, &body.to_string())]);
    let err = client(&server.base_url).get_message("1013", "m1").await.expect_err("400");
    let shown = err.to_string();
    assert!(shown.starts_with("the API answered 400: first line second mmm"), "{shown}");
    assert!(shown.len() < 400 && shown.ends_with('…') && !shown.contains('\n'), "{} bytes: {shown}", shown.len());

    // Taken out of the client's error, the API error is an error of its own (`?`, anyhow).
    let api: Box<dyn std::error::Error + Send + Sync + 'static> = Box::new(err.api().expect("an API error").clone());
    assert!(api.source().is_none());
    assert!(api.to_string().starts_with("the API answered 400"));
}

#[tokio::test]
async fn a_retried_call_says_how_many_attempts_it_made_and_the_last_wait() {
    let server = TestServer::start(vec![Reply::json(503, "").with_header("Retry-After", "0"), Reply::json(503, "")]);
    let policy = RetryPolicy::new().max_attempts(3).initial_backoff(Duration::from_millis(20)).max_backoff(Duration::from_millis(20));
    let c = Client::builder().base_url(&server.base_url).oauth2_token(TOKEN).retry_policy(policy).build().expect("client");

    let err = c.get_message("1013", "m1").await.expect_err("503 three times");

    let Error::Exhausted { attempts, last_wait, last, .. } = &err else { panic!("expected the attempts, got {err:?}") };
    assert_eq!(*attempts, 3);
    // The backoff after the second attempt: between half and all of 20 ms.
    assert!((Duration::from_millis(10)..=Duration::from_millis(20)).contains(last_wait), "{last_wait:?}");
    assert_eq!(last.status(), Some(503));
    assert_eq!(server.requests().len(), 3);
    assert!(err.to_string().starts_with("gave up after 3 attempts (the last one "), "{err}");
    assert_eq!(err.source().map(|s| s.to_string()).as_deref(), Some("the API answered 503"));
    assert_eq!((err.status(), err.attempts(), err.is_retryable()), (Some(503), 3, true));
    assert!(!chain(&err).contains(TOKEN));
}
