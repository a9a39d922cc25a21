//! The `publish_message` example (tests/examples/publish_message.rs), run as a program against
//! a server on 127.0.0.1: what it sends, what it prints, its exit codes, and that it never
//! prints the token. `cargo test` builds examples before running tests; a test run that did
//! not build it (`--test example_publish_message` alone) prints a skip line.

use std::path::PathBuf;
use std::process::{Command, Output};

use pipeline_tests::{Reply, TestServer};

const TOKEN: &str = "pat-eu1-EXAMPLE-SECRET-0000";

fn example() -> Option<PathBuf> {
    let deps = std::env::current_exe().ok()?.parent()?.to_path_buf();
    let path = deps.parent()?.join("examples").join(format!("publish_message{}", std::env::consts::EXE_SUFFIX));
    path.exists().then_some(path)
}

fn run(base_url: &str, args: &[&str]) -> Option<Output> {
    run_with(base_url, args, &[])
}

fn run_with(base_url: &str, args: &[&str], env: &[(&str, &str)]) -> Option<Output> {
    let Some(program) = example() else {
        println!("skipped: the publish_message example is not built (run `cargo test --workspace`)");
        return None;
    };
    let output = Command::new(program)
        .args(args)
        .env("HUBSPOT_ACCESS_TOKEN", TOKEN)
        .env("HUBSPOT_BASE_URL", base_url)
        .env_remove("RUST_LOG")
        .envs(env.iter().copied())
        .output()
        .expect("the example runs");
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(!stdout.contains(TOKEN) && !stderr.contains(TOKEN), "the token was printed:\n{stdout}\n{stderr}");
    Some(output)
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(pipeline_tests::repo_root().join("tests/fixtures").join(name)).expect("fixture")
}

#[test]
fn it_publishes_an_incoming_message_and_prints_its_id_last() {
    let server = TestServer::start(vec![Reply::json(201, &fixture("publish-message.response.json"))]);
    let args = ["--channel-id", "1013", "--channel-account-id", "90012345", "--text", "Hallo!", "--idempotency-id", "wa:1", "--file-id", "184467440737"];
    let Some(output) = run(&server.base_url, &args) else { return };

    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.lines().last(), Some("3d5b6a0c8e9f4a21b7c6d5e4f3a2b1c0"), "{stdout}");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let seen = &requests[0];
    assert_eq!(seen.target, "/conversations/v3/custom-channels/1013/messages");
    assert_eq!(seen.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    let body = seen.json();
    assert_eq!(body["messageDirection"], "INCOMING");
    assert_eq!(body["channelAccountId"], "90012345");
    assert_eq!(body["text"], "Hallo!");
    assert_eq!(body["integrationIdempotencyId"], "wa:1");
    assert_eq!(body["attachments"], serde_json::json!([{"type": "FILE", "fileId": "184467440737"}]));
    assert_eq!(body["senders"][0]["deliveryIdentifier"]["type"], "CHANNEL_SPECIFIC_OPAQUE_ID");
    assert_eq!(body["recipients"][0]["deliveryIdentifier"]["value"], "channel-account-90012345");
    assert!(body["timestamp"].as_str().is_some_and(|t| t.starts_with("20")), "{body}");
}

#[test]
fn without_optional_flags_it_sends_no_attachment_and_no_idempotency_id() {
    let server = TestServer::start(vec![Reply::json(201, &fixture("publish-message.response.json"))]);
    let Some(output) = run(&server.base_url, &["--channel-id", "7", "--channel-account-id", "1", "--text", "hi"]) else { return };

    assert!(output.status.success(), "{output:?}");
    let body = server.requests()[0].json();
    assert_eq!(body["attachments"], serde_json::json!([]));
    assert!(body.get("integrationIdempotencyId").is_none(), "{body}");
}

#[test]
fn on_an_error_it_prints_status_category_and_correlation_id_and_exits_1() {
    let error = r#"{"status":"error","message":"Channel account not found","correlationId":"0b7c7e0e-4f55-4c5c-9b7e-6f1f0c3e2d1a","category":"OBJECT_NOT_FOUND"}"#;
    let server = TestServer::start(vec![Reply::json(404, error)]);
    let Some(output) = run(&server.base_url, &["--channel-id", "7", "--channel-account-id", "1", "--text", "hi"]) else { return };

    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("status: 404"), "{stderr}");
    assert!(stderr.contains("category: OBJECT_NOT_FOUND"), "{stderr}");
    assert!(stderr.contains("correlationId: 0b7c7e0e-4f55-4c5c-9b7e-6f1f0c3e2d1a"), "{stderr}");
}

#[test]
fn with_rust_log_it_logs_each_attempt_and_retry_decision_without_the_token() {
    let busy = Reply::json(503, &format!(r#"{{"message":"busy, token {TOKEN}"}}"#)).with_header("Retry-After", "0");
    let server = TestServer::start(vec![busy, Reply::json(201, &fixture("publish-message.response.json"))]);
    let args = ["--channel-id", "1013", "--channel-account-id", "9", "--text", "hi", "--idempotency-id", "wa:2"];
    let Some(output) = run_with(&server.base_url, &args, &[("RUST_LOG", "hubspot_custom_channels=debug")]) else { return };

    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let has = |needles: &[&str]| stderr.lines().any(|l| needles.iter().all(|n| l.contains(n)));
    assert!(has(&["operation=\"publish_message\"", "method=POST", "attempt answered", "attempt=1", "status=503"]), "{stderr}");
    assert!(has(&["retrying", "attempt=1", "wait_ms=0", "retry_after=true"]), "{stderr}");
    assert!(has(&["attempt answered", "attempt=2", "status=201"]), "{stderr}");
    assert!(!stderr.contains("/custom-channels/1013"), "the log shows the URL: {stderr}");

    // Without RUST_LOG, nothing is logged.
    let server = TestServer::start(vec![Reply::json(201, &fixture("publish-message.response.json"))]);
    let Some(quiet) = run(&server.base_url, &args) else { return };
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("attempt"), "{quiet:?}");
}

#[test]
fn help_documents_the_defaults_and_a_missing_argument_is_a_usage_error() {
    let Some(output) = run("http://127.0.0.1:1", &["--help"]) else { return };
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for needle in ["HUBSPOT_ACCESS_TOKEN", "HUBSPOT_REFRESH_TOKEN", "HUBSPOT_TOKEN_URL", "HUBSPOT_BASE_URL", "RUST_LOG", "senders", "recipients", "timestamp", "--idempotency-id", "--file-id", "--attach"] {
        assert!(help.contains(needle), "--help does not mention {needle}:\n{help}");
    }

    let Some(output) = run("http://127.0.0.1:1", &["--channel-id", "7"]) else { return };
    assert_eq!(output.status.code(), Some(2));
}

const CLIENT_SECRET: &str = "cs-EXAMPLE-SECRET-1111";
const REFRESH_TOKEN: &str = "rt-EXAMPLE-SECRET-2222";

/// Runs the example with a refresh token instead of an access token, and `extra` variables.
fn run_with_refresh_token(base_url: &str, extra: &[(&str, &str)], args: &[&str]) -> Option<Output> {
    let Some(program) = example() else {
        println!("skipped: the publish_message example is not built (run `cargo test --workspace`)");
        return None;
    };
    let mut command = Command::new(program);
    command
        .args(args)
        .env_remove("HUBSPOT_ACCESS_TOKEN")
        .env_remove("HUBSPOT_TOKEN_URL")
        .env("HUBSPOT_CLIENT_ID", "app-1")
        .env("HUBSPOT_CLIENT_SECRET", CLIENT_SECRET)
        .env("HUBSPOT_REFRESH_TOKEN", REFRESH_TOKEN)
        .env("HUBSPOT_BASE_URL", base_url);
    for (name, value) in extra {
        command.env(name, value);
    }
    let output = command.output().expect("the example runs");
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    for secret in [CLIENT_SECRET, REFRESH_TOKEN, "at-EXAMPLE"] {
        assert!(!stdout.contains(secret) && !stderr.contains(secret), "{secret} was printed:\n{stdout}\n{stderr}");
    }
    Some(output)
}

fn token(access: &str) -> Reply {
    Reply::json(200, &format!(r#"{{"access_token":"{access}","refresh_token":"{REFRESH_TOKEN}","expires_in":1800}}"#))
}

#[test]
fn with_a_refresh_token_it_gets_its_tokens_and_survives_a_revoked_one() {
    // One server stands in for HubSpot: the token endpoint (at HubSpot's path, rebased onto
    // HUBSPOT_BASE_URL) and the API. Its answers come in order: a token, a 401 (revoked), a
    // new token, the published message.
    let revoked = Reply::json(401, r#"{"status":"error","message":"expired","category":"EXPIRED_AUTHENTICATION"}"#);
    let server = TestServer::start(vec![
        token("at-EXAMPLE-1"),
        revoked,
        token("at-EXAMPLE-2"),
        Reply::json(201, &fixture("publish-message.response.json")),
    ]);
    let args = ["--channel-id", "1013", "--channel-account-id", "90012345", "--text", "hi"];
    let Some(output) = run_with_refresh_token(&server.base_url, &[], &args) else { return };

    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.lines().last(), Some("3d5b6a0c8e9f4a21b7c6d5e4f3a2b1c0"), "{stdout}");
    let requests = server.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.path()).collect();
    let publish = "/conversations/v3/custom-channels/1013/messages";
    assert_eq!(paths, ["/oauth/v1/token", publish, "/oauth/v1/token", publish]);
    assert_eq!(requests[1].header("authorization"), Some("Bearer at-EXAMPLE-1"));
    assert_eq!(requests[3].header("authorization"), Some("Bearer at-EXAMPLE-2"));
    let form = String::from_utf8_lossy(&requests[0].body).into_owned();
    assert!(form.starts_with("grant_type=refresh_token&refresh_token=rt-EXAMPLE-SECRET-2222&client_id=app-1&"), "{form}");
    for api_call in [&requests[1], &requests[3]] {
        let seen = format!("{:?} {}", api_call.headers, String::from_utf8_lossy(&api_call.body));
        assert!(!seen.contains(CLIENT_SECRET) && !seen.contains(REFRESH_TOKEN), "{seen}");
    }
}

#[test]
fn hubspot_token_url_names_another_token_endpoint() {
    let tokens = TestServer::start(vec![token("at-EXAMPLE-3")]);
    let api = TestServer::start(vec![Reply::json(201, &fixture("publish-message.response.json"))]);
    let url = format!("{}/custom/token", tokens.base_url);
    let args = ["--channel-id", "7", "--channel-account-id", "1", "--text", "hi"];
    let Some(output) = run_with_refresh_token(&api.base_url, &[("HUBSPOT_TOKEN_URL", &url)], &args) else { return };

    assert!(output.status.success(), "{output:?}");
    assert_eq!(tokens.requests().iter().map(|r| r.path().to_string()).collect::<Vec<_>>(), ["/custom/token"]);
    assert_eq!(api.requests().len(), 1);
    assert_eq!(api.requests()[0].header("authorization"), Some("Bearer at-EXAMPLE-3"));

    // A token URL that would send the secret in the clear is refused before anything is sent.
    let Some(output) = run_with_refresh_token(&api.base_url, &[("HUBSPOT_TOKEN_URL", "http://tokens.example/t")], &args) else {
        return;
    };
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("token URL"), "{output:?}");
    assert_eq!(api.requests().len(), 1);
}

/// A `File` record as HubSpot's Files API returns it for an upload.
const UPLOADED: &str = r#"{"id":"184467440999","name":"cat","extension":"png","type":"IMG","size":12,"access":"PRIVATE","archived":false,"createdAt":"2026-08-21T10:00:00Z","updatedAt":"2026-08-21T10:00:00Z","url":"https://files.example/cat.png"}"#;

/// A file of its own per test under the temporary folder, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, content: &[u8]) -> Self {
        let dir = std::env::temp_dir().join(format!("publish-message-attach-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, content).expect("temp file");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

#[test]
fn attach_uploads_the_file_then_publishes_it_as_a_file_attachment() {
    let content = b"\x89PNG\r\n\x1a\nnot-really";
    let file = TempFile::new("cat.png", content);
    let server = TestServer::start(vec![Reply::json(201, UPLOADED), Reply::json(201, &fixture("publish-message.response.json"))]);
    let path = file.0.to_str().expect("utf-8 path");
    let args = ["--channel-id", "1013", "--channel-account-id", "90012345", "--text", "a picture", "--attach", path];
    let Some(output) = run(&server.base_url, &args) else { return };

    assert!(output.status.success(), "{output:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    let (upload, publish) = (&requests[0], &requests[1]);
    assert_eq!((upload.method.as_str(), upload.target.as_str()), ("POST", "/files/v3/files"));
    assert_eq!(upload.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    let boundary = upload
        .header("content-type")
        .and_then(|t| t.strip_prefix("multipart/form-data; boundary="))
        .expect("a multipart upload")
        .to_string();
    let part = |head: &str, data: &[u8]| {
        let mut out = format!("--{boundary}\r\nContent-Disposition: form-data; {head}\r\n\r\n").into_bytes();
        out.extend_from_slice(data);
        out.extend_from_slice(b"\r\n");
        out
    };
    let mut expected = part("name=\"file\"; filename=\"cat.png\"\r\nContent-Type: image/png", content);
    expected.extend(part("name=\"fileName\"", b"cat.png"));
    expected.extend(part("name=\"folderPath\"", b"/custom-channel-attachments"));
    expected.extend(part("name=\"options\"\r\nContent-Type: application/json", br#"{"access":"PRIVATE"}"#));
    expected.extend(format!("--{boundary}--\r\n").into_bytes());
    assert_eq!(String::from_utf8_lossy(&upload.body), String::from_utf8_lossy(&expected));

    assert_eq!(publish.target, "/conversations/v3/custom-channels/1013/messages");
    let body = publish.json();
    assert_eq!(body["attachments"], serde_json::json!([{"type": "FILE", "fileId": "184467440999"}]));
    assert_eq!(body["text"], "a picture");
}

#[test]
fn a_failed_upload_publishes_nothing_and_exits_1() {
    let file = TempFile::new("notes.txt", b"hello");
    let error = r#"{"status":"error","message":"Folder not allowed","correlationId":"c-9","category":"VALIDATION_ERROR"}"#;
    let server = TestServer::start(vec![Reply::json(400, error)]);
    let path = file.0.to_str().expect("utf-8 path");
    let args = ["--channel-id", "7", "--channel-account-id", "1", "--text", "hi", "--attach", path];
    let Some(output) = run(&server.base_url, &args) else { return };

    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("status: 400") && stderr.contains("correlationId: c-9"), "{stderr}");
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "only the upload: {requests:?}");
    assert_eq!(requests[0].target, "/files/v3/files");
}

#[test]
fn with_only_a_refresh_token_it_uploads_and_publishes_through_a_revoked_token() {
    // The issue's whole job in one run: tokens from a refresh token, the access token revoked
    // mid-way (the upload's first try answers 401), then the upload and the publish with the
    // new token and the returned fileId.
    let file = TempFile::new("receipt.pdf", b"%PDF-1.4 not-really");
    let revoked = Reply::json(401, r#"{"status":"error","message":"expired","category":"EXPIRED_AUTHENTICATION"}"#);
    let server = TestServer::start(vec![
        token("at-EXAMPLE-1"),
        revoked,
        token("at-EXAMPLE-2"),
        Reply::json(201, UPLOADED),
        Reply::json(201, &fixture("publish-message.response.json")),
    ]);
    let path = file.0.to_str().expect("utf-8 path");
    let args = ["--channel-id", "1013", "--channel-account-id", "90012345", "--text", "the receipt", "--attach", path];
    let Some(output) = run_with_refresh_token(&server.base_url, &[], &args) else { return };

    assert!(output.status.success(), "{output:?}");
    let requests = server.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.path()).collect();
    let publish = "/conversations/v3/custom-channels/1013/messages";
    assert_eq!(paths, ["/oauth/v1/token", "/files/v3/files", "/oauth/v1/token", "/files/v3/files", publish]);
    assert_eq!(requests[1].header("authorization"), Some("Bearer at-EXAMPLE-1"));
    for later in &requests[3..] {
        assert_eq!(later.header("authorization"), Some("Bearer at-EXAMPLE-2"));
    }
    // The retried upload carries the same file, and the publish the id the upload returned.
    assert_eq!(requests[1].body, requests[3].body);
    assert!(String::from_utf8_lossy(&requests[3].body).contains("%PDF-1.4 not-really"));
    assert_eq!(requests[4].json()["attachments"], serde_json::json!([{"type": "FILE", "fileId": "184467440999"}]));
}
