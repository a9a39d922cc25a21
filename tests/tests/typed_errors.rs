//! Typed per-operation errors (spec/fixtures/errors.yaml, whose operations document different
//! error bodies per status, as Slack's and SendGrid's do), against a server on 127.0.0.1:
//! `responses::<Op>Error::of` decodes an error response's body into the type documented for
//! its status (exact code, then range, then `default`), and gives `None` for a status or body
//! the operation does not document, whose raw body stays in `ApiError::raw`.

use fixture_errors::models::{Item, NotFound, Outage, Problem, Tombstone, ValidationFailure};
use fixture_errors::responses::{CreateItemError, DeleteItemError, GetItemError};
use fixture_errors::Client;
use pipeline_tests::{Reply, TestServer};

fn client(server: &TestServer) -> Client {
    Client::builder().base_url(&server.base_url).max_attempts(1).build().expect("client")
}

#[tokio::test]
async fn each_status_decodes_into_its_documented_body() {
    let server = TestServer::start(vec![
        Reply::json(400, r#"{"errors":[{"field":"name","problem":"empty"}]}"#),
        Reply::json(503, r#"{"retryInSeconds":30}"#),
        Reply::json(418, r#"{"title":"teapot","detail":"short and stout"}"#),
        Reply::html(502, "<html>Bad gateway</html>"),
    ]);
    let c = client(&server);
    let item = Item::new("");

    let err = c.create_item(&item).await.expect_err("400");
    let Some(CreateItemError::Status400(ValidationFailure { errors: Some(errors), .. })) = CreateItemError::of(&err) else {
        panic!("the 400's body: {err:?}")
    };
    assert_eq!((errors[0].field.as_deref(), errors[0].problem.as_deref()), (Some("name"), Some("empty")));

    let err = c.create_item(&item).await.expect_err("503");
    assert!(matches!(CreateItemError::of(&err), Some(CreateItemError::Status5xx(Outage { retry_in_seconds: Some(30), .. }))), "{err:?}");

    let err = c.create_item(&item).await.expect_err("418");
    let Some(CreateItemError::Other(Problem { title, detail, .. })) = CreateItemError::of(&err) else { panic!("default: {err:?}") };
    assert_eq!((title.as_deref(), detail.as_deref()), (Some("teapot"), Some("short and stout")));

    // Not JSON: no documented body, the raw one is kept.
    let err = c.create_item(&item).await.expect_err("502");
    assert_eq!(CreateItemError::of(&err), None);
    assert_eq!(err.api().expect("an API error").raw, "<html>Bad gateway</html>");
}

#[tokio::test]
async fn a_status_the_operation_does_not_document_has_only_the_raw_body() {
    let server = TestServer::start(vec![
        Reply::json(404, r#"{"resource":"item","id":"i-9"}"#),
        Reply::json(409, r#"{"resource":"item","id":"i-9"}"#),
    ]);
    let c = client(&server);

    let err = c.get_item("i-9").await.expect_err("404");
    let Some(GetItemError::Status404(NotFound { resource, id, .. })) = GetItemError::of(&err) else { panic!("{err:?}") };
    assert_eq!((resource.as_deref(), id.as_deref()), (Some("item"), Some("i-9")));

    let err = c.get_item("i-9").await.expect_err("409");
    assert_eq!(GetItemError::of(&err), None);
    assert_eq!(err.api().expect("an API error").raw, r#"{"resource":"item","id":"i-9"}"#);
    // No error response at all: nothing to decode.
    let refused = Client::builder().base_url("http://127.0.0.1:1").max_attempts(1).build().expect("client");
    let err = refused.get_item("i-9").await.expect_err("refused");
    assert_eq!(GetItemError::of(&err), None);
}

#[tokio::test]
async fn a_large_body_decodes_into_its_boxed_variant_and_a_default_alone_takes_every_status() {
    let server = TestServer::start(vec![
        Reply::json(410, r#"{"id":"i-9","reason":"expired"}"#),
        Reply::json(404, r#"{"title":"gone"}"#),
        Reply::json(500, r#"{"title":"broken"}"#),
        Reply::html(400, "<html>no</html>"),
    ]);
    let c = client(&server);

    let err = c.get_item("i-9").await.expect_err("410");
    let Some(GetItemError::Status410(tombstone)) = GetItemError::of(&err) else { panic!("{err:?}") };
    let Tombstone { id, reason, name, .. } = *tombstone;
    assert_eq!((id.as_deref(), reason.as_deref(), name), (Some("i-9"), Some("expired"), None));

    for (status, title) in [(404, "gone"), (500, "broken")] {
        let err = c.delete_item("i-9").await.expect_err("error");
        assert_eq!(err.status(), Some(status));
        let Some(DeleteItemError::Other(Problem { title: got, .. })) = DeleteItemError::of(&err) else { panic!("{err:?}") };
        assert_eq!(got.as_deref(), Some(title));
    }
    let err = c.delete_item("i-9").await.expect_err("400");
    assert_eq!(DeleteItemError::of(&err), None);
}
