//! The crate of `spec/fixtures/nullable.yaml` at run time, against a server on 127.0.0.1:
//! its error body is also a success body, so an optional nullable `correlationId` there is
//! an `Option<Option<String>>`, and the id still reaches `Error::correlation_id`.

use fixture_nullable::models::ContactPatch;
use fixture_nullable::{Client, Error};
use pipeline_tests::{Reply, TestServer};

async fn conflict(body: &str) -> Error {
    let server = TestServer::start(vec![Reply::json(409, body)]);
    let client = Client::builder().base_url(&server.base_url).max_attempts(1).build().expect("client");
    client.update_contact("7", &ContactPatch::new()).await.expect_err("a 409")
}

#[tokio::test]
async fn a_nullable_correlation_id_of_an_error_body_is_read() {
    let error = conflict(r#"{"id": "7", "nickname": null, "correlationId": "c-1"}"#).await;
    assert_eq!(error.correlation_id().as_deref(), Some("c-1"));
    let body = error.api().and_then(|e| e.body.as_ref()).expect("a decoded body");
    assert_eq!(body.correlation_id, Some(Some("c-1".to_string())));
}

#[tokio::test]
async fn a_null_correlation_id_is_none() {
    let error = conflict(r#"{"id": "7", "nickname": null, "correlationId": null}"#).await;
    assert_eq!(error.correlation_id(), None);
    let body = error.api().and_then(|e| e.body.as_ref()).expect("a decoded body");
    assert_eq!(body.correlation_id, Some(None));
}
