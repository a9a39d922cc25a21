//! Every operation of the generated client against Prism mock servers of
//! spec/custom-channels.yaml, with request validation on (`--errors`): Prism must find no
//! violation of the spec in what the client sends (no 422 or 401, no `sl-violations`
//! header), and the client must decode what Prism answers, in static mode (the spec's
//! examples, else schema defaults) and in dynamic mode (random data generated from the
//! schemas).
//!
//! `.ci/run` starts both servers and passes their URLs in `PRISM_STATIC_URL` and
//! `PRISM_DYNAMIC_URL`; without them (a fresh clone without Node), each test prints a skip
//! line and passes.

use std::fmt::Debug;

use hubspot_custom_channels::models::*;
use hubspot_custom_channels::params::{GetChannelAccountParams, GetFileSignedUrlParams, ListChannelAccountsParams, ListChannelsParams};
use hubspot_custom_channels::{Client, Error, FilePart, Response};

fn client(var: &str) -> Option<Client> {
    let Some(url) = std::env::var(var).ok().filter(|u| !u.is_empty()) else {
        println!("skipped: {var} is not set; `.ci/run` starts Prism and sets it");
        return None;
    };
    let client = Client::builder()
        .base_url(url)
        .oauth2_token("prism-oauth-token")
        .developer_hapikey("prism-developer-key")
        .max_attempts(1)
        .build()
        .expect("client");
    Some(client)
}

/// The call succeeded, decoded, and Prism reported no violation.
fn check<T: Debug>(mode: &str, operation: &str, result: Result<Response<T>, Error>) -> Vec<String> {
    match result {
        Ok(response) => match response.header("sl-violations") {
            Some(violations) => vec![format!("{mode} {operation}: {} with violations {violations}", response.status())],
            None => Vec::new(),
        },
        Err(err) => {
            let violations = err
                .api()
                .and_then(|api| api.headers.get("sl-violations"))
                .and_then(|v| v.to_str().ok())
                .unwrap_or("none")
                .to_string();
            let raw = err.api().map(|api| api.raw.clone()).unwrap_or_default();
            vec![format!("{mode} {operation}: {err}; violations: {violations}; body: {raw}")]
        }
    }
}

fn egg() -> ChannelIntegrationMessageEgg {
    let text = std::fs::read_to_string(pipeline_tests::repo_root().join("tests/fixtures/publish-message.request.json")).expect("fixture");
    serde_json::from_str(&text).expect("fixture decodes")
}

async fn every_operation(mode: &str, c: &Client) -> Vec<String> {
    let mut problems = Vec::new();
    let create = PublicChannelIntegrationChannelCreate::new(serde_json::json!({"allowInlineImages": true}), "WhatsApp");
    let mut patch = PublicChannelIntegrationChannelPatch::new();
    patch.webhook_url = Some("https://example.com/hubspot".into());
    let mut staging = PublicChannelAccountStagingTokenUpdateRequest::new();
    staging.account_name = Some("Support line".into());
    let required = PublicChannelAccountEggRequired { authorized: true, inbox_id: "7".into(), name: "Support line".into() };
    let account = PublicChannelAccountEgg::new(required);
    let mut account_update = PublicChannelAccountUpdateRequest::new();
    account_update.name = Some("Renamed".into());
    let status = PublicChannelIntegrationMessageUpdateRequest::new(PublicChannelIntegrationMessageUpdateRequestStatusType::Sent);
    let list = ListChannelsParams { limit: Some(10), ..Default::default() };
    let accounts = ListChannelAccountsParams {
        limit: Some(10),
        delivery_identifier_type: Some(vec![ListChannelAccountsDeliveryIdentifierTypeItem::HsPhoneNumber]),
        ..Default::default()
    };

    problems.extend(check(mode, "list_channels", c.list_channels(&list).await));
    problems.extend(check(mode, "create_channel", c.create_channel(4242, &create).await));
    problems.extend(check(mode, "get_channel", c.get_channel("1013").await));
    problems.extend(check(mode, "archive_channel", c.archive_channel("1013").await));
    problems.extend(check(mode, "update_channel", c.update_channel("1013", &patch).await));
    problems.extend(check(mode, "update_staging_token", c.update_staging_token("1013", "staging-token", &staging).await));
    problems.extend(check(mode, "list_channel_accounts", c.list_channel_accounts("1013", &accounts).await));
    problems.extend(check(mode, "create_channel_account", c.create_channel_account("1013", &account).await));
    let archived = GetChannelAccountParams { archived: Some(false) };
    problems.extend(check(mode, "get_channel_account", c.get_channel_account("1013", "90012345", &archived).await));
    problems.extend(check(mode, "update_channel_account", c.update_channel_account("1013", "90012345", &account_update).await));
    problems.extend(check(mode, "publish_message", c.publish_message("1013", &egg()).await));
    problems.extend(check(mode, "get_message", c.get_message("1013", "3d5b6a0c").await));
    problems.extend(check(mode, "update_message", c.update_message("1013", "3d5b6a0c", &status).await));
    problems.extend(files(mode, c).await);

    // The first page of each list as a stream: Prism's pages may carry a next cursor, so
    // only the first item (or the end) is read.
    let mut items = c.list_channel_accounts_stream("1013", &accounts);
    if let Some(Err(err)) = items.next_item().await {
        problems.push(format!("{mode} list_channel_accounts_stream: {err}"));
    }
    let mut pages = c.list_channels_pages(&list);
    if let Some(Err(err)) = pages.next_page().await {
        problems.push(format!("{mode} list_channels_pages: {err}"));
    }
    problems
}

/// The Files operations: a multipart upload with every part set (a file from bytes and one
/// from a reader), a file's record and its signed link.
async fn files(mode: &str, c: &Client) -> Vec<String> {
    let mut problems = Vec::new();
    let png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut options = FileUploadOptions::new(FileAccess::Private);
    options.overwrite = Some(false);
    options.duplicate_validation_strategy = Some(FileUploadOptionsDuplicateValidationStrategy::None);
    let mut upload = UploadFileBody::new(FilePart::bytes(png).file_name("cat.png").content_type("image/png"));
    upload.file_name = Some("cat.png".into());
    upload.folder_path = Some("/attachments".into());
    upload.charset_hunch = Some("utf-8".into());
    upload.options = Some(options);
    problems.extend(check(mode, "upload_file", c.upload_file(&upload).await));
    let mut streamed = UploadFileBody::new(FilePart::reader(std::io::Cursor::new(b"notes".to_vec())).file_name("notes.txt"));
    streamed.folder_id = Some("12345".into());
    problems.extend(check(mode, "upload_file (reader)", c.upload_file(&streamed).await));
    problems.extend(check(mode, "get_file", c.get_file("184467440737").await));
    let link = GetFileSignedUrlParams { expiration_seconds: Some(600), size: Some(GetFileSignedUrlSize::Thumb), upscale: Some(true) };
    problems.extend(check(mode, "get_file_signed_url", c.get_file_signed_url("184467440737", &link).await));
    problems
}

#[tokio::test]
async fn every_operation_against_prism_in_static_mode() {
    let Some(client) = client("PRISM_STATIC_URL") else { return };
    let problems = every_operation("static", &client).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn every_operation_against_prism_in_dynamic_mode() {
    let Some(client) = client("PRISM_DYNAMIC_URL") else { return };
    // Dynamic answers are random: three rounds try more of them.
    let mut problems = Vec::new();
    for round in 1..=3 {
        problems.extend(every_operation(&format!("dynamic#{round}"), &client).await);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn prism_rejects_a_request_that_breaks_the_spec() {
    // The check above means something only if Prism does validate: a call without the
    // developer key must be refused.
    let Some(url) = std::env::var("PRISM_STATIC_URL").ok().filter(|u| !u.is_empty()) else {
        println!("skipped: PRISM_STATIC_URL is not set; `.ci/run` starts Prism and sets it");
        return;
    };
    let response = reqwest_free_get(&url, "/conversations/v3/custom-channels/1013").await;
    assert!(response.contains("sl-violations") || response.starts_with("HTTP/1.1 4") || response.starts_with("HTTP/1.1 5"), "{response}");
}

/// A bare GET without credentials, over a plain socket, so that nothing of the client helps.
async fn reqwest_free_get(base: &str, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = base.trim_start_matches("http://").trim_end_matches('/').to_string();
    let mut stream = tokio::net::TcpStream::connect(&host).await.expect("connect to Prism");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("read");
    String::from_utf8_lossy(&response).into_owned()
}
