//! The `verify_signature` example (tests/examples/verify_signature.rs), run as a program: the
//! published vectors print `valid` and exit 0, tampered ones `invalid: REASON` and exit 1, a
//! wrong command line exits 2, the secret is never printed, and random v3 cases from the
//! independent Python implementation get the verdict Python expects. `cargo test` builds
//! examples before running tests; a run that did not build it prints a skip line.

use std::path::PathBuf;
use std::process::{Command, Output};

const SECRET: &str = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";

fn example() -> Option<PathBuf> {
    let deps = std::env::current_exe().ok()?.parent()?.to_path_buf();
    let path = deps.parent()?.join("examples").join(format!("verify_signature{}", std::env::consts::EXE_SUFFIX));
    path.exists().then_some(path)
}

struct Run {
    code: Option<i32>,
    stdout: String,
}

fn run(secret: &str, args: &[&str], body: &[u8]) -> Option<Run> {
    let Some(program) = example() else {
        println!("skipped: the verify_signature example is not built (run `cargo test --workspace`)");
        return None;
    };
    let dir = std::env::temp_dir().join(format!("verify-signature-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let body_file = dir.join("body");
    std::fs::write(&body_file, body).expect("body file");
    let output: Output = Command::new(program)
        .arg("--secret")
        .arg(secret)
        .args(args)
        .arg("--body-file")
        .arg(&body_file)
        .output()
        .expect("the example runs");
    let _ = std::fs::remove_dir_all(&dir);
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout).to_string(), String::from_utf8_lossy(&output.stderr).to_string());
    assert!(!stdout.contains(secret) && !stderr.contains(secret), "the secret was printed:\n{stdout}\n{stderr}");
    Some(Run { code: output.status.code(), stdout })
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

#[test]
fn the_vectors_are_valid_and_tampered_ones_are_not() {
    let body = br#"{"type":"OUTGOING_CHANNEL_MESSAGE_CREATED"}"#;
    let v3 = [
        "--method", "POST", "--url", "https://example.com/hubspot/custom-channel?x=1", "--timestamp", "1700000000000",
        "--signature", "PC8YoYUQULo1+903qz70M3aNC9SgJNkuC8f7twAnafI=", "--now-ms", "1700000060000",
    ];
    let Some(ok) = run(SECRET, &v3, body) else { return };
    assert_eq!((ok.code, ok.stdout.trim()), (Some(0), "valid"));

    let tampered = run(SECRET, &v3, br#"{"type":"OUTGOING_CHANNEL_MESSAGE_CREATED" }"#).expect("built");
    assert_eq!((tampered.code, tampered.stdout.trim()), (Some(1), "invalid: bad signature (v3)"));

    let mut late = v3;
    late[9] = "1700000300000";
    let stale = run(SECRET, &late, body).expect("built");
    assert_eq!(stale.code, Some(1));
    assert!(stale.stdout.starts_with("invalid: stale timestamp"), "{}", stale.stdout);

    let mut early = v3;
    early[9] = "1699999000000";
    let future = run(SECRET, &early, body).expect("built");
    assert_eq!(future.code, Some(1));
    assert!(future.stdout.starts_with("invalid: timestamp from the future"), "{}", future.stdout);

    let v2 = ["--version", "v2", "--method", "GET", "--url", "https://www.example.com/webhook_uri", "--signature", "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e"];
    let r = run(SECRET, &v2, b"").expect("built");
    assert_eq!((r.code, r.stdout.trim()), (Some(0), "valid"));
    let mut v2_post = v2;
    v2_post[3] = "POST";
    let r = run(SECRET, &v2_post, b"").expect("built");
    assert_eq!((r.code, r.stdout.trim()), (Some(1), "invalid: bad signature (v2)"));

    let v1_body = br#"[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]"#;
    let v1 = ["--version", "v1", "--method", "POST", "--url", "https://any.test/", "--signature", "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de"];
    let r = run(SECRET, &v1, v1_body).expect("built");
    assert_eq!((r.code, r.stdout.trim()), (Some(0), "valid"));
    let r = run("another-secret", &v1, v1_body).expect("built");
    assert_eq!((r.code, r.stdout.trim()), (Some(1), "invalid: bad signature (v1)"));
}

#[test]
fn a_wrong_command_line_exits_2() {
    let Some(r) = run(SECRET, &["--method", "POST"], b"") else { return };
    assert_eq!(r.code, Some(2));
    let r = run(SECRET, &["--method", "POST", "--url", "u", "--signature", "s", "--version", "v4"], b"").expect("built");
    assert_eq!(r.code, Some(2));
    // v3 needs the timestamp.
    let r = run(SECRET, &["--method", "POST", "--url", "u", "--signature", "s"], b"").expect("built");
    assert_eq!(r.code, Some(2));
}

#[test]
fn random_python_cases_agree_with_the_program() {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/v3_cases.py");
    let Ok(output) = Command::new("python3").arg(&script).arg("7").arg("40").output() else {
        println!("skipped: python3 is not installed, so there is no independent Python implementation to compare with");
        return;
    };
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let case: serde_json::Value = serde_json::from_str(line).expect("a JSON case");
        let s = |k: &str| case[k].as_str().expect(k).to_string();
        let hex = s("body_hex");
        let body: Vec<u8> = (0..hex.len() / 2).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex")).collect();
        let now = case["now_ms"].to_string();
        let (method, url, ts, sig) = (s("method"), s("url"), s("timestamp"), s("signature"));
        let args = ["--method", &method, "--url", &url, "--timestamp", &ts, "--signature", &sig, "--now-ms", &now];
        let Some(r) = run(&s("secret"), &args, &body) else { return };
        let expected = match s("expect").as_str() {
            "valid" => "valid",
            "bad-signature" => "invalid: bad signature",
            "expired" => "invalid: stale timestamp",
            "future" => "invalid: timestamp from the future",
            _ => "invalid: invalid timestamp",
        };
        assert!(r.stdout.starts_with(expected), "{case}: {}", r.stdout);
        assert_eq!(r.code, Some(if expected == "valid" { 0 } else { 1 }), "{case}");
    }
}
