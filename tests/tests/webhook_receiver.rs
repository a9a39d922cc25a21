//! The `webhook_receiver` example end to end: the test stands in for HubSpot on both sides.
//! It POSTs signed events to the running receiver (valid, tampered, unsigned, stale,
//! duplicate, unknown type, sparse payload, channel account event), and its `TestServer` on
//! 127.0.0.1 is the API that receives the `PATCH` status reports. Each delivered message is
//! printed once and reported `SENT` once; rejected requests get 401 and no delivery; the
//! secret and the token never show. The events are signed by `support/sign.rs`, not by the
//! crate under test. A run that did not build the example prints a skip line.

#[path = "support/sign.rs"]
mod sign;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use pipeline_tests::{Reply, TestServer};

const SECRET: &str = "client-secret-EXAMPLE-0000-do-not-print";
const TOKEN: &str = "pat-eu1-EXAMPLE-TOKEN-0000";
const PUBLIC: &str = "https://hooks.example.test";

fn example() -> Option<PathBuf> {
    let deps = std::env::current_exe().ok()?.parent()?.to_path_buf();
    let path = deps.parent()?.join("examples").join(format!("webhook_receiver{}", std::env::consts::EXE_SUFFIX));
    path.exists().then_some(path)
}

/// The running receiver: its address, and its output as it comes.
struct Receiver {
    child: Child,
    addr: String,
    stdout: mpsc::Receiver<String>,
    stderr: thread::JoinHandle<String>,
}

impl Receiver {
    fn start(base_url: &str) -> Option<Receiver> {
        let Some(program) = example() else {
            println!("skipped: the webhook_receiver example is not built (run `cargo test --workspace`)");
            return None;
        };
        let mut child = Command::new(program)
            .args(["--listen", "127.0.0.1:0", "--public-url", PUBLIC])
            .env("HUBSPOT_CLIENT_SECRET", SECRET)
            .env("HUBSPOT_ACCESS_TOKEN", TOKEN)
            .env("HUBSPOT_BASE_URL", base_url)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the receiver starts");
        let (tx, stdout) = mpsc::channel();
        let out = child.stdout.take().expect("stdout");
        thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut err = child.stderr.take().expect("stderr");
        let stderr = thread::spawn(move || {
            let mut text = String::new();
            let _ = err.read_to_string(&mut text);
            text
        });
        let first = stdout.recv_timeout(Duration::from_secs(20)).expect("the receiver says where it listens");
        let addr = first.strip_prefix("listening on ").expect("a `listening on` line").to_string();
        Some(Receiver { child, addr, stdout, stderr })
    }

    /// POSTs `body` to `target` with these headers; the status code.
    fn post(&self, target: &str, headers: &[(&str, String)], body: &[u8]) -> u16 {
        let mut stream = TcpStream::connect(&self.addr).expect("connect to the receiver");
        stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
        let mut head = format!(
            "POST {target} HTTP/1.1\r\nHost: hooks.example.test\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("write");
        stream.write_all(body).expect("write");
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
    }

    /// Stops the receiver and returns everything it printed (stdout lines, stderr).
    fn stop(mut self) -> (Vec<String>, String) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let lines: Vec<String> = self.stdout.try_iter().collect();
        (lines, self.stderr.join().unwrap_or_default())
    }
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// HubSpot's v3 headers for `body` at `target`, signed now (or at `at`).
fn signed(target: &str, body: &[u8], at: u64) -> Vec<(&'static str, String)> {
    let ts = at.to_string();
    let sig = sign::v3(SECRET, "POST", &format!("{PUBLIC}{target}"), body, &ts);
    vec![("X-HubSpot-Signature-v3", sig), ("X-HubSpot-Request-Timestamp", ts)]
}

fn message_event(event_id: &str, message_id: &str, account: &str, text: &str) -> Vec<u8> {
    serde_json::json!({
        "type": "OUTGOING_CHANNEL_MESSAGE_CREATED",
        "portalId": "243842089",
        "channelId": "1013",
        "eventTimestamp": "2026-05-27T12:15:00Z",
        "eventId": event_id,
        "channelIntegrationThreadIds": ["thread-1"],
        "message": {
            "id": message_id, "type": "MESSAGE", "channelId": "1013", "channelAccountId": account,
            "conversationsThreadId": "8120000001", "createdAt": "2026-05-27T12:15:00Z", "createdBy": "A-12345",
            "senders": [{"actorId": "A-12345", "name": "Agent"}],
            "recipients": [{"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+4915112345678"}}],
            "text": text, "richText": "<p>x</p>", "direction": "OUTGOING", "truncationStatus": "NOT_TRUNCATED",
            "attachments": [{"type": "SOMETHING_NEW", "x": 1}], "brandNewField": {"a": 1}
        }
    })
    .to_string()
    .into_bytes()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(pipeline_tests::repo_root().join("tests/fixtures").join(name)).expect("fixture")
}

#[test]
fn the_receiver_verifies_delivers_once_and_reports_sent_once() {
    let hubspot = TestServer::start(vec![Reply::json(200, &fixture("publish-message.response.json"))]);
    let Some(receiver) = Receiver::start(&hubspot.base_url) else { return };
    let target = "/hubspot/webhook?app=custom-channel&v=3";

    // A valid event: 200, delivered, reported.
    let a = message_event("evt-a", "msg-a", "90012345", "Hello from the inbox");
    assert_eq!(receiver.post(target, &signed(target, &a, now_ms()), &a), 200);

    // Tampered body (the signature is for the other text): 401, nothing delivered.
    let b = message_event("evt-b", "msg-b", "90012345", "Pay 10 EUR");
    let headers = signed(target, &b, now_ms());
    let b_changed = message_event("evt-b", "msg-b", "90012345", "Pay 1000 EUR");
    assert_eq!(receiver.post(target, &headers, &b_changed), 401);
    // Another path than the one signed, and an escape outside HubSpot's table: 401.
    assert_eq!(receiver.post("/hubspot/webhook?v=3&app=custom-channel", &headers, &b), 401);
    assert_eq!(receiver.post("/hubspot/webhook?app=custom%2Dchannel&v=3", &signed(target, &b, now_ms()), &b), 401);
    // No signature, and a stale one: 401.
    assert_eq!(receiver.post(target, &[], &b), 401);
    assert_eq!(receiver.post(target, &signed(target, &b, now_ms() - 400_000), &b), 401);
    // Signed with another secret.
    let ts = now_ms().to_string();
    let foreign = sign::v3("another-app-secret", "POST", &format!("{PUBLIC}{target}"), &b, &ts);
    assert_eq!(receiver.post(target, &[("X-HubSpot-Signature-v3", foreign), ("X-HubSpot-Request-Timestamp", ts)], &b), 401);

    // HubSpot delivers event a again (new signature and timestamp), and the same message in
    // an event with another id: 200, no second delivery or report.
    assert_eq!(receiver.post(target, &signed(target, &a, now_ms()), &a), 200);
    let a_again = message_event("evt-a2", "msg-a", "90012345", "Hello from the inbox");
    assert_eq!(receiver.post(target, &signed(target, &a_again, now_ms()), &a_again), 200);

    // An event type nobody documented: acknowledged, nothing reported.
    let unknown = br#"{"type":"CONVERSATION_SOMETHING_NEW","eventId":"evt-u","message":{"id":"msg-u"}}"#;
    assert_eq!(receiver.post(target, &signed(target, unknown, now_ms()), unknown), 200);
    let account = br#"{"type":"CHANNEL_ACCOUNT_UPDATED","channelAccountId":90012345,"authorized":false,"eventId":7}"#;
    assert_eq!(receiver.post(target, &signed(target, account, now_ms()), account), 200);

    // A sparse payload: only what an integration cannot do without.
    let sparse = br#"{"type":"OUTGOING_CHANNEL_MESSAGE_CREATED","channelId":1013,"message":{"id":"msg-s","channelAccountId":"777"}}"#;
    assert_eq!(receiver.post(target, &signed(target, sparse, now_ms()), sparse), 200);

    // The last event: once its report arrives, every earlier one has been handled.
    let c = message_event("evt-c", "msg-c", "90012345", "Two\nlines");
    assert_eq!(receiver.post(target, &signed(target, &c, now_ms()), &c), 200);
    let deadline = Instant::now() + Duration::from_secs(20);
    let patches = loop {
        let patches: Vec<_> = hubspot.requests().into_iter().filter(|r| r.method == "PATCH").collect();
        let paths: Vec<&str> = patches.iter().map(|r| r.path()).collect();
        if paths.contains(&"/conversations/v3/custom-channels/1013/messages/msg-c") && paths.len() >= 3 {
            break patches;
        }
        assert!(Instant::now() < deadline, "reports seen so far: {paths:?}");
        thread::sleep(Duration::from_millis(20));
    };
    let (stdout, stderr) = receiver.stop();

    let mut paths: Vec<&str> = patches.iter().map(|r| r.path()).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/conversations/v3/custom-channels/1013/messages/msg-a",
            "/conversations/v3/custom-channels/1013/messages/msg-c",
            "/conversations/v3/custom-channels/1013/messages/msg-s",
        ],
        "each delivered message is reported exactly once"
    );
    for p in &patches {
        assert_eq!(p.json(), serde_json::json!({"statusType": "SENT"}));
        assert_eq!(p.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    }
    let mut delivered: Vec<&str> = stdout.iter().filter(|l| l.starts_with("deliver ")).map(String::as_str).collect();
    delivered.sort();
    assert_eq!(delivered, ["deliver 777 msg-s ", "deliver 90012345 msg-a Hello from the inbox", "deliver 90012345 msg-c Two\\nlines"], "{stdout:?}");
    let everything = format!("{}\n{stderr}", stdout.join("\n"));
    assert!(!everything.contains(SECRET) && !everything.contains(TOKEN), "a credential was printed:\n{everything}");
    assert!(stderr.contains("rejected"), "{stderr}");
    assert!(stderr.contains("CONVERSATION_SOMETHING_NEW"), "unknown events are logged: {stderr}");
}
