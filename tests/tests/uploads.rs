//! Typed multipart and binary request bodies (the operations fixture) against a server on
//! 127.0.0.1: the multipart body checked byte for byte (boundary, part names, file names,
//! media types, JSON parts), raw bodies with the media type the spec or the caller gives,
//! untyped forms, and readers that are never sent twice.

use std::time::Duration;

use fixture_operations::models::{Item, UploadFileBody, UploadFileBodyKind};
use fixture_operations::multipart::Form;
use fixture_operations::{Client, Error, FilePart, RequestOptions, RetryPolicy};
use pipeline_tests::{Recorded, Reply, TestServer};

fn client(server: &TestServer) -> Client {
    let quick = RetryPolicy::new().initial_backoff(Duration::from_millis(1));
    Client::builder().base_url(&server.base_url).api_key("k-1").retry_policy(quick).build().expect("client")
}

fn empty(status: u16) -> Reply {
    Reply { status, headers: Vec::new(), body: String::new() }
}

/// The boundary of a multipart request, from its `Content-Type`.
fn boundary(seen: &Recorded) -> String {
    let content_type = seen.header("content-type").expect("a content type");
    content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart/form-data with a boundary").to_string()
}

/// One part as a browser would encode it.
fn part(boundary: &str, head: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("--{boundary}\r\nContent-Disposition: form-data; {head}\r\n\r\n").into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
    out
}

#[tokio::test]
async fn a_typed_multipart_body_is_sent_byte_for_byte_as_its_parts() {
    let server = TestServer::start(vec![empty(200)]);
    // Bytes that look like a delimiter must not end the part.
    let content = b"\x89PNG\r\n--not-a-boundary\r\n\x00\xff".to_vec();
    let mut body = UploadFileBody::new(FilePart::bytes(content.clone()).file_name("cat \"1\".png").content_type("image/png"));
    body.name = Some("Cat".into());
    body.count = Some(3);
    body.kind = Some(UploadFileBodyKind::Large);
    body.tags = Some(vec!["a".into(), "b c".into()]);
    body.meta = Some(Item::new("meta"));
    body.options = Some(Item::new("opts"));
    body.extras = Some(vec![FilePart::bytes(b"x,y\n1,2\n".to_vec()).file_name("t.csv"), FilePart::bytes(b"z".to_vec())]);
    body.picture = Some(FilePart::reader(std::io::Cursor::new(b"streamed png".to_vec())).file_name("p.png"));
    client(&server).upload_file(&body).await.expect("200");

    let seen = &server.requests()[0];
    assert_eq!((seen.method.as_str(), seen.target.as_str()), ("POST", "/items/upload"));
    let b = boundary(seen);
    assert!(b.len() >= 16 && b.bytes().all(|c| c.is_ascii_alphanumeric()), "{b}");
    let mut expected = Vec::new();
    expected.extend(part(&b, "name=\"file\"; filename=\"cat %221%22.png\"\r\nContent-Type: image/png", &content));
    expected.extend(part(&b, "name=\"name\"", b"Cat"));
    expected.extend(part(&b, "name=\"count\"", b"3"));
    expected.extend(part(&b, "name=\"kind\"", b"large"));
    expected.extend(part(&b, "name=\"tags\"", b"a"));
    expected.extend(part(&b, "name=\"tags\"", b"b c"));
    expected.extend(part(&b, "name=\"meta\"\r\nContent-Type: application/json", br#"{"name":"meta"}"#));
    expected.extend(part(&b, "name=\"options\"\r\nContent-Type: application/json", br#"{"name":"opts"}"#));
    // The spec's `encoding` gives the extras `text/csv`; a file without a name is sent
    // under the part's name.
    expected.extend(part(&b, "name=\"extras\"; filename=\"t.csv\"\r\nContent-Type: text/csv", b"x,y\n1,2\n"));
    expected.extend(part(&b, "name=\"extras\"; filename=\"extras\"\r\nContent-Type: text/csv", b"z"));
    // `contentMediaType: image/png` (3.1) is the picture's media type.
    expected.extend(part(&b, "name=\"picture\"; filename=\"p.png\"\r\nContent-Type: image/png", b"streamed png"));
    expected.extend(format!("--{b}--\r\n").into_bytes());
    assert_eq!(String::from_utf8_lossy(&seen.body), String::from_utf8_lossy(&expected));
    assert_eq!(seen.body, expected);
    assert_eq!(seen.header("content-length"), Some(expected.len().to_string().as_str()));
}

#[tokio::test]
async fn only_the_required_parts_when_nothing_else_is_set() {
    let server = TestServer::start(vec![empty(200)]);
    client(&server).upload_file(&UploadFileBody::new(FilePart::bytes(b"1".to_vec()))).await.expect("200");
    let seen = &server.requests()[0];
    let b = boundary(seen);
    let mut expected = part(&b, "name=\"file\"; filename=\"file\"\r\nContent-Type: application/octet-stream", b"1");
    expected.extend(format!("--{b}--\r\n").into_bytes());
    assert_eq!(seen.body, expected);
}

#[tokio::test]
async fn a_multipart_body_without_properties_takes_an_untyped_form() {
    let server = TestServer::start(vec![empty(204)]);
    let form = Form::new().text("note", "hi").json("data", &serde_json::json!({"a": 1})).expect("json");
    client(&server).upload_form(&form).await.expect("204");
    let seen = &server.requests()[0];
    let b = boundary(seen);
    let mut expected = part(&b, "name=\"note\"", b"hi");
    expected.extend(part(&b, "name=\"data\"\r\nContent-Type: application/json", br#"{"a":1}"#));
    expected.extend(format!("--{b}--\r\n").into_bytes());
    assert_eq!(seen.body, expected);
}

#[tokio::test]
async fn wildcard_and_image_bodies_are_sent_raw_with_the_right_media_type() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    let server = TestServer::start(vec![empty(204)]);
    let c = client(&server);
    // `*/*`: the caller's media type; none given, octet-stream.
    c.put_avatar(&FilePart::bytes(png.clone()).content_type("image/png")).await.expect("204");
    c.put_avatar(&FilePart::bytes(b"raw".to_vec())).await.expect("204");
    // `image/png`: the spec's own, without being asked.
    c.put_picture(&FilePart::bytes(png.clone())).await.expect("204");
    // `image/*`: the caller picks which image.
    c.put_image(&FilePart::bytes(png.clone()).content_type("image/webp")).await.expect("204");
    // `application/x-tar`, from a reader.
    c.post_archive(&FilePart::reader(std::io::Cursor::new(b"tar bytes".to_vec()))).await.expect("204");

    let seen = server.requests();
    let got: Vec<(&str, &str, Option<&str>, &[u8])> =
        seen.iter().map(|r| (r.method.as_str(), r.path(), r.header("content-type"), r.body.as_slice())).collect();
    assert_eq!(
        got,
        vec![
            ("PUT", "/items/avatar", Some("image/png"), png.as_slice()),
            ("PUT", "/items/avatar", Some("application/octet-stream"), b"raw".as_slice()),
            ("PUT", "/items/picture", Some("image/png"), png.as_slice()),
            ("PUT", "/items/image", Some("image/webp"), png.as_slice()),
            ("POST", "/items/archive", Some("application/x-tar"), b"tar bytes".as_slice()),
        ]
    );
}

#[tokio::test]
async fn a_media_type_outside_the_wildcard_or_invalid_fails_before_sending() {
    let server = TestServer::start(vec![empty(204)]);
    let c = client(&server);
    let err = c.put_image(&FilePart::bytes(b"x".to_vec()).content_type("text/plain")).await.expect_err("not an image");
    assert!(matches!(err, Error::InvalidRequest(ref m) if m.contains("image/*")), "{err}");
    let err = c.put_avatar(&FilePart::bytes(b"x".to_vec()).content_type("image/png\r\nX-Evil: 1")).await.expect_err("no header");
    assert!(matches!(err, Error::InvalidRequest(_)), "{err}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_reader_is_sent_once_even_when_the_call_may_be_retried() {
    // A PUT is retried on 503 with bytes: each attempt sends the same bytes.
    let server = TestServer::start(vec![empty(503), empty(503), empty(204)]);
    client(&server).put_picture(&FilePart::bytes(b"again".to_vec())).await.expect("third attempt");
    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|r| r.body == b"again"));

    // The same PUT from a reader: one attempt, the 503 is the answer.
    let server = TestServer::start(vec![empty(503), empty(204)]);
    let reader = FilePart::reader(std::io::Cursor::new(b"once".to_vec()));
    let err = client(&server).put_picture(&reader).await.expect_err("not retried");
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.requests().len(), 1);
    // The reader is spent: sending it again fails before anything is sent.
    let err = client(&server).put_picture(&reader).await.expect_err("spent");
    assert!(matches!(err, Error::InvalidRequest(ref m) if m.contains("already sent")), "{err}");
    assert_eq!(server.requests().len(), 1);

    // A multipart upload with a reader, even when the caller says it is idempotent.
    let server = TestServer::start(vec![empty(503), empty(200)]);
    let body = UploadFileBody::new(FilePart::reader(std::io::Cursor::new(b"stream".to_vec())));
    let idempotent = client(&server).with_options(RequestOptions::new().idempotent(true));
    let err = idempotent.upload_file(&body).await.expect_err("not retried");
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.requests().len(), 1);

    // The same upload from bytes is retried when the caller says so.
    let server = TestServer::start(vec![empty(503), empty(200)]);
    let body = UploadFileBody::new(FilePart::bytes(b"bytes".to_vec()));
    client(&server).with_options(RequestOptions::new().idempotent(true)).upload_file(&body).await.expect("second attempt");
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    // Encoded once: the same boundary and bytes each time.
    assert_eq!(seen[0].body, seen[1].body);
}

#[tokio::test]
async fn an_upload_post_is_not_retried() {
    let server = TestServer::start(vec![empty(503), empty(200)]);
    let err = client(&server).upload_file(&UploadFileBody::new(FilePart::bytes(b"1".to_vec()))).await.expect_err("503");
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.requests().len(), 1);
}
