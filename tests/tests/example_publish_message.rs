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
    for needle in ["HUBSPOT_ACCESS_TOKEN", "HUBSPOT_BASE_URL", "RUST_LOG", "senders", "recipients", "timestamp", "--idempotency-id", "--file-id"] {
        assert!(help.contains(needle), "--help does not mention {needle}:\n{help}");
    }

    let Some(output) = run("http://127.0.0.1:1", &["--channel-id", "7"]) else { return };
    assert_eq!(output.status.code(), Some(2));
}
