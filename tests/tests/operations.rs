//! The operations fixture's client against a real HTTP server on 127.0.0.1: parameters in
//! every place and style, and operations whose success responses differ.

use fixture_operations::models::{Item, SearchItemsFilter};
use fixture_operations::params::{GetItemParams, SearchItemsParams};
use fixture_operations::responses::{CreateItemResponse, SearchItemsResponse};
use fixture_operations::Client;
use pipeline_tests::{Reply, TestServer};

fn client(server: &TestServer) -> Client {
    Client::builder().base_url(&server.base_url).api_key("k-1").build().expect("client")
}

#[tokio::test]
async fn parameters_in_path_query_header_and_cookie() {
    let server = TestServer::start(vec![Reply::json(200, r#"{"name":"x"}"#).with_header("ETag", "\"v1\"")]);
    let since = "2024-01-02T03:04:05Z".parse().expect("date");
    let params = GetItemParams {
        tags: Some(vec!["a b".into(), "c".into()]),
        ids: Some(vec![1, 2]),
        x_request_id: Some("req-1".into()),
        session: Some("s1".into()),
    };
    let item = client(&server).get_item(42, since, &params).await.expect("ok");
    assert_eq!(item.name, "x");
    assert_eq!(item.header("etag"), Some("\"v1\""));
    let seen = &server.requests()[0];
    assert_eq!(seen.target, "/items/42?since=2024-01-02T03%3A04%3A05Z&tags=a+b&tags=c&ids=1%2C2");
    assert_eq!(seen.header("x-request-id"), Some("req-1"));
    assert_eq!(seen.header("cookie"), Some("session=s1"));
    assert_eq!(seen.header("x-api-key"), Some("k-1"));
}

#[tokio::test]
async fn deep_object_parameters_and_several_success_bodies() {
    let server = TestServer::start(vec![Reply::json(200, r#"[{"name":"a"},{"name":"b"}]"#), Reply::json(206, r#"{"name":"c"}"#)]);
    let mut filter = SearchItemsFilter::new();
    filter.color = Some("red".into());
    let params = SearchItemsParams { filter: Some(filter) };
    let c = client(&server);

    let first = c.search_items(&params).await.expect("200");
    assert!(matches!(first.body(), SearchItemsResponse::Status200(items) if items.len() == 2));
    let second = c.search_items(&params).await.expect("206");
    assert!(matches!(second.body(), SearchItemsResponse::Status206(item) if item.name == "c"));
    assert_eq!(server.requests()[0].target, "/items/search?filter%5Bcolor%5D=red");
}

#[tokio::test]
async fn a_success_without_a_body_next_to_one_with_a_body() {
    let server = TestServer::start(vec![Reply::json(202, ""), Reply::json(201, r#"{"name":"new"}"#)]);
    let c = client(&server);
    let accepted = c.create_item(&Item::new("new")).await.expect("202");
    assert_eq!(*accepted.body(), CreateItemResponse::Status202);
    let created = c.create_item(&Item::new("new")).await.expect("201");
    assert!(matches!(created.body(), CreateItemResponse::Status201(item) if item.name == "new"));
}

#[test]
fn server_variables_take_their_defaults() {
    assert_eq!(Client::DEFAULT_BASE_URL, "https://eu.example.com/v1");
}

#[tokio::test]
async fn text_bodies_stay_text() {
    let server = TestServer::start(vec![Reply { status: 200, headers: vec![("Content-Type".into(), "text/plain".into())], body: "plain words".into() }]);
    let text = client(&server).put_raw(&fixture_operations::FilePart::bytes(b"\x00\x01raw".to_vec())).await.expect("ok");
    assert_eq!(text.body(), "plain words");
    let seen = &server.requests()[0];
    assert_eq!(seen.body, b"\x00\x01raw");
    assert_eq!(seen.header("content-type"), Some("application/octet-stream"));
}
