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
    assert!(matches!(err, Error::InvalidRequest { ref message, .. } if message.contains("image/*")), "{err}");
    let err = c.put_avatar(&FilePart::bytes(b"x".to_vec()).content_type("image/png\r\nX-Evil: 1")).await.expect_err("no header");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err}");
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
    assert!(matches!(err, Error::InvalidRequest { ref message, .. } if message.contains("already sent")), "{err}");
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

/// A reader whose device fails: the call fails before sending, with the I/O error as the
/// cause, so that a report (`anyhow`, `eyre`) shows why.
#[tokio::test]
async fn a_reader_that_fails_is_the_source_of_the_error_and_nothing_is_sent() {
    struct Broken;
    impl tokio::io::AsyncRead for Broken {
        fn poll_read(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
            _: &mut tokio::io::ReadBuf<'_>,
        ) -> std::task::Poll<std::io::Result<()>> {
            std::task::Poll::Ready(Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, "no access to p.png")))
        }
    }
    let server = TestServer::start(vec![empty(204)]);
    let err = client(&server).put_picture(&FilePart::reader(Broken)).await.expect_err("unreadable");
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(!err.to_string().contains("no access"), "Display is one level: {err}");
    let mut next = std::error::Error::source(&err);
    let mut io = None;
    while let Some(cause) = next {
        io = io.or(cause.downcast_ref::<std::io::Error>());
        next = cause.source();
    }
    assert_eq!(io.map(std::io::Error::kind), Some(std::io::ErrorKind::PermissionDenied), "{}", pipeline_tests::chain(&err));
    assert!(pipeline_tests::chain(&err).ends_with("failed: no access to p.png"), "{}", pipeline_tests::chain(&err));
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn an_upload_post_is_not_retried() {
    let server = TestServer::start(vec![empty(503), empty(200)]);
    let err = client(&server).upload_file(&UploadFileBody::new(FilePart::bytes(b"1".to_vec()))).await.expect_err("503");
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.requests().len(), 1);
}

/// A multipart body whose property names collide with everything the body's struct and its
/// `to_form` use, whose parts go through `$ref` chains to types named like the runtime's, a
/// body that is a union, one made of `allOf` members, and a media type no header can carry.
fn hostile_multipart_spec() -> serde_json::Value {
    let mut properties = serde_json::Map::new();
    for name in ["form", "value", "item", "self", "Self", "type", "new", "to_form", "Result", "Ok", "crate", "", "a\"b\r\nc", "file", "File", "FILE"] {
        properties.insert(name.to_string(), serde_json::json!({"type": "string"}));
    }
    properties.insert("loop".into(), serde_json::json!({"$ref": "#/components/schemas/Chain"}));
    properties.insert("files".into(), serde_json::json!({"type": "array", "items": {"$ref": "#/components/schemas/Form"}}));
    properties.insert("blob".into(), serde_json::json!({"type": "string", "format": "binary"}));
    properties.insert("json".into(), serde_json::json!({"type": "string", "contentMediaType": "application/json", "contentSchema": {"$ref": "#/components/schemas/Body"}}));
    let multipart = |schema: serde_json::Value| serde_json::json!({"content": {"multipart/form-data": {"schema": schema}}});
    serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "Hostile multipart", "version": "1"},
        "paths": {
            "/a": {"post": {"operationId": "form", "requestBody": multipart(serde_json::json!({"type": "object", "required": ["", "self", "blob"], "properties": properties})), "responses": {"204": {"description": "ok"}}}},
            "/b": {"post": {"operationId": "union", "requestBody": multipart(serde_json::json!({"oneOf": [{"type": "object"}, {"type": "string"}]})), "responses": {"204": {"description": "ok"}}}},
            "/c": {"post": {"operationId": "selfRef", "requestBody": multipart(serde_json::json!({"allOf": [{"$ref": "#/components/schemas/Chain"}, {"$ref": "#/components/schemas/Body"}]})), "responses": {"204": {"description": "ok"}}}},
            "/d": {"put": {"operationId": "raw", "requestBody": {"content": {"image/*\r\nX: 1": {"schema": {}}}}, "responses": {"204": {"description": "ok"}}}}
        },
        "components": {"schemas": {
            "Chain": {"$ref": "#/components/schemas/Chain2"},
            "Chain2": {"$ref": "#/components/schemas/Body"},
            "Body": {"type": "object", "properties": {"FilePart": {"$ref": "#/components/schemas/FilePart"}, "Form": {"$ref": "#/components/schemas/Form"}}},
            "FilePart": {"type": "object", "properties": {"x": {"type": "string"}}},
            "Form": {"type": "string", "format": "binary"}
        }}
    })
}

#[test]
fn hostile_multipart_bodies_generate_a_crate_that_passes_clippy() {
    let spec = hostile_multipart_spec();
    let config = codegen::Config::new("hostile-multipart", "hostile-multipart.json", "test");
    let started = std::time::Instant::now();
    let files = match codegen::generate_from_str(&spec.to_string(), std::path::Path::new("hostile-multipart.json"), &config) {
        Ok(generated) => generated.files,
        Err(d) => panic!("the spec does not generate:\n{d}"),
    };
    assert!(started.elapsed() < Duration::from_secs(20), "generating took {:?}", started.elapsed());
    let models = files.iter().find(|(path, _)| path == "src/models.rs").map(|(_, text)| text.clone()).expect("models.rs");
    // Every property is a part under its own wire name, the hostile one escaped only in the
    // header (the runtime's job), and the union stays an untyped form.
    for wire in ["\"form\"", "\"to_form\"", "\"self\"", "\"\"", "\"a\\\"b\\r\\nc\"", "\"FILE\"", "\"loop\"", "\"files\"", "\"json\""] {
        assert!(models.contains(&format!("form.value({wire}")) || models.contains(&format!("form.json({wire}")) || models.contains(&format!("form.file_part({wire}")), "no part {wire}");
    }
    let client = files.iter().find(|(path, _)| path == "src/client.rs").map(|(_, text)| text.clone()).expect("client.rs");
    assert!(client.contains("body: &crate::multipart::Form"), "the union body is not a form");

    pipeline_tests::crates::assert_passes_clippy("hostile-multipart", &files);
}

/// The diagnostics of a spec whose one body (of `media`) has properties that lead into a
/// `$ref` loop, as (place, message) pairs in order.
fn loop_diagnostics(media: &str) -> Vec<(String, String)> {
    let spec = serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "Loops", "version": "1"},
        "paths": {"/a": {"post": {"operationId": "up", "requestBody": {"content": {media: {"schema": {
            "type": "object",
            "properties": {
                "file": {"$ref": "#/components/schemas/A"},
                "files": {"type": "array", "items": {"$ref": "#/components/schemas/B"}},
                "ok": {"type": "string", "format": "binary"}
            }
        }}}}, "responses": {"204": {"description": "ok"}}}}},
        "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}}
    });
    let config = codegen::Config::new("loops", "loops.json", "test");
    match codegen::generate_from_str(&spec.to_string(), std::path::Path::new("loops.json"), &config) {
        Ok(_) => panic!("a `$ref` loop generated"),
        Err(d) => d.iter().map(|d| (d.place.clone(), d.message.clone())).collect(),
    }
}

#[test]
fn a_multipart_body_through_ref_loops_is_reported_as_a_json_body_is_and_no_more() {
    let json = loop_diagnostics("application/json");
    assert!(json.iter().any(|(place, _)| place.ends_with("/components/schemas/A")), "{json:#?}");
    // Reading the parts follows the same `$ref`s again: that adds no report of its own.
    assert_eq!(loop_diagnostics("multipart/form-data"), json);
}
