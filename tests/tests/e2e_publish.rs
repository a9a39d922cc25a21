//! `publish_message` against a real HTTP server on 127.0.0.1: what goes over the wire,
//! and how the 201 body and a HubSpot error body come back.

use hubspot_custom_channels::models::{ChannelIntegrationMessageEgg, PublicConversationsMessageDirection};
use hubspot_custom_channels::{Client, Error};
use pipeline_tests::{Reply, TestServer};

const TOKEN: &str = "pat-eu1-11111111-2222-3333-4444-555555555555";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(pipeline_tests::repo_root().join("tests/fixtures").join(name)).expect("fixture")
}

fn egg() -> ChannelIntegrationMessageEgg {
    serde_json::from_str(&fixture("publish-message.request.json")).expect("request fixture decodes")
}

fn client(server: &TestServer) -> Client {
    Client::builder().base_url(&server.base_url).oauth2_token(TOKEN).build().expect("client")
}

#[tokio::test]
async fn publish_message_sends_the_documented_request_and_decodes_the_201() {
    let body = fixture("publish-message.response.json");
    let location = "https://api.hubapi.com/conversations/v3/custom-channels/1013/messages/3d5b6a0c";
    let server = TestServer::start(vec![Reply::json(201, &body).with_header("Location", location)]);
    let egg = egg();

    let response = client(&server).publish_message("1013", &egg).await.expect("publishes");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let seen = &requests[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.target, "/conversations/v3/custom-channels/1013/messages");
    assert_eq!(seen.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.json(), serde_json::to_value(&egg).expect("encodes"));
    assert_eq!(seen.json()["messageDirection"], "INCOMING");
    assert!(seen.header("user-agent").is_some_and(|ua| ua.starts_with("hubspot-custom-channels/")));

    assert_eq!(response.status(), 201);
    assert_eq!(response.header("location"), Some(location));
    assert_eq!(response.id, "3d5b6a0c8e9f4a21b7c6d5e4f3a2b1c0");
    assert_eq!(response.direction, PublicConversationsMessageDirection::Incoming);
    assert_eq!(response.conversations_thread_id, "7387297390");
}

#[tokio::test]
async fn a_hubspot_error_body_is_decoded() {
    let error = r#"{"status":"error","message":"One or more Channel Capabilities specified had invalid values","correlationId":"0b7c7e0e-4f55-4c5c-9b7e-6f1f0c3e2d1a","context":{"capabilityKeysAndValues":["threadingModel=SOMETIMES"]},"category":"VALIDATION_ERROR","subCategory":"CustomChannelsError.INVALID_CHANNEL_CAPABILITY_VALUES"}"#;
    let server = TestServer::start(vec![Reply::json(400, error)]);

    let err = client(&server).publish_message("7", &egg()).await.expect_err("400 is an error");

    let Error::Api(api) = &err else { panic!("expected an API error, got {err:?}") };
    assert_eq!(api.status, 400);
    assert_eq!(err.status(), Some(400));
    let body = api.body.as_ref().expect("HubSpot's error body decodes");
    assert_eq!(body.category.as_deref(), Some("VALIDATION_ERROR"));
    assert_eq!(body.correlation_id.map(|u| u.to_string()).as_deref(), Some("0b7c7e0e-4f55-4c5c-9b7e-6f1f0c3e2d1a"));
    assert_eq!(body.message.as_deref(), Some("One or more Channel Capabilities specified had invalid values"));
    assert_eq!(body.sub_category.as_deref(), Some("CustomChannelsError.INVALID_CHANNEL_CAPABILITY_VALUES"));
    assert!(err.to_string().contains("400") && err.to_string().contains("Channel Capabilities"), "{err}");
}

#[tokio::test]
async fn an_error_body_that_is_not_hubspots_is_kept_raw() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = TestServer::start(vec![Reply { status: 502, headers: vec![("Content-Type".into(), "text/html".into())], body: html.into() }]);

    let err = client(&server).publish_message("7", &egg()).await.expect_err("502 is an error");

    let api = err.api().expect("an API error");
    assert_eq!(api.status, 502);
    assert!(api.body.is_none());
    assert_eq!(api.raw, html);
}

#[tokio::test]
async fn a_201_whose_body_does_not_match_is_a_decode_error_with_the_body() {
    let server = TestServer::start(vec![Reply::json(201, r#"{"id": 5}"#)]);

    let err = client(&server).publish_message("7", &egg()).await.expect_err("wrong shape");

    match err {
        Error::Decode(e) => {
            assert_eq!(e.status, 201);
            assert_eq!(e.body, r#"{"id": 5}"#);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_operation_without_its_credential_fails_before_sending() {
    let server = TestServer::start(vec![Reply::json(201, "{}")]);
    let client = Client::builder().base_url(&server.base_url).developer_hapikey("dev-key").build().expect("client");

    let err = client.publish_message("7", &egg()).await.expect_err("no OAuth token");

    assert!(matches!(err, Error::MissingCredentials { operation: "publish_message", .. }), "{err:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn channel_management_sends_the_developer_key_and_app_id_in_the_query() {
    let channel = r#"{"capabilities":{"allowInlineImages":true},"createdAt":"2024-05-01T10:00:00Z","id":"1013","name":"WhatsApp"}"#;
    let server = TestServer::start(vec![Reply::json(201, channel)]);
    let client = Client::builder().base_url(&server.base_url).developer_hapikey("dev-key-1").build().expect("client");
    let create = hubspot_custom_channels::models::PublicChannelIntegrationChannelCreate::new(Default::default(), "WhatsApp");

    let created = client.create_channel(4242, &create).await.expect("creates");

    let seen = &server.requests()[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.target, "/conversations/custom-channels/v3?appId=4242&hapikey=dev-key-1");
    assert!(seen.header("authorization").is_none());
    assert_eq!(created.id, "1013");
    assert_eq!(created.capabilities["allowInlineImages"], serde_json::json!(true));
}

#[test]
fn debug_output_never_shows_credentials() {
    let client = Client::builder().oauth2_token(TOKEN).developer_hapikey("dev-key-secret").build().expect("client");
    let text = format!("{client:?}");
    assert!(!text.contains(TOKEN) && !text.contains("dev-key-secret"), "{text}");
    assert!(text.contains("<redacted>"));
}
