//! A generated client against bodies of unions nested in unions (a recursive `Node` with tag
//! `type`, whose `BRANCH` holds more `Node`s): each union level decodes its variant with a
//! deserializer of its own, so a failure deep inside once cost twice as much per level (30
//! levels: hours) and a valid body 5,000 levels deep overflowed tokio's 2 MiB worker stack
//! (an abort). The same for untagged ones (`Rec`, whose first variant fails only at the end
//! of its value, so that serde's untagged enum tried the second on the same value again, per
//! level: 2^30 reads of the leaf), and one that is its own first variant (`Loop`, which
//! recursed until the stack overflowed). The crate is generated from a spec built here, with a
//! test of its own that calls a server on 127.0.0.1 from a runtime whose workers have that
//! stack.

use std::path::Path;
use std::process::Command;

use codegen::Config;
use serde_json::json;

fn spec() -> String {
    let node = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
    let spec = json!({
        "openapi": "3.1.0",
        "info": {"title": "Trees", "version": "1"},
        "paths": {
            "/tree": {"get": {"operationId": "getTree", "responses": {"200": {
                "description": "ok", "content": {"application/json": {"schema": node("Node")}}
            }}}},
            "/rec": {"get": {"operationId": "getRec", "responses": {"200": {
                "description": "ok", "content": {"application/json": {"schema": node("Rec")}}
            }}}},
            "/loop": {"get": {"operationId": "getLoop", "responses": {"200": {
                "description": "ok", "content": {"application/json": {"schema": node("Loop")}}
            }}}}
        },
        "components": {"schemas": {
            "Node": {"oneOf": [node("Branch"), node("Leaf")], "discriminator": {"propertyName": "type", "mapping": {"BRANCH": "#/components/schemas/Branch", "LEAF": "#/components/schemas/Leaf"}}},
            "Branch": {"type": "object", "required": ["type"], "properties": {
                "type": {"type": "string"},
                "children": {"type": "array", "items": node("Node")},
                "child": node("Node")
            }},
            "Leaf": {"type": "object", "required": ["type", "fileId"], "properties": {"type": {"type": "string"}, "fileId": {"type": "string"}}},
            "Rec": {"oneOf": [node("Both"), node("Next"), {"type": "string"}]},
            "Both": {"type": "object", "required": ["next", "end"], "properties": {"next": node("Rec"), "end": {"type": "string"}}},
            "Next": {"type": "object", "required": ["next"], "properties": {"next": node("Rec")}},
            "Loop": {"oneOf": [node("Loop"), {"type": "string"}]}
        }}
    });
    serde_json::to_string(&spec).expect("spec text")
}

/// The generated crate's own test: bodies served over HTTP, decoded by the client on 2 MiB
/// workers (an overflow aborts the test binary, which fails this test).
const CLIENT_TEST: &str = r##"
use std::io::{Read, Write};
use std::net::TcpListener;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use trees::models::Rec;
use trees::{Client, Error};

/// Counts the bytes this thread allocates: the work of a decode, measured without a clock.
struct Counting;

thread_local! {
    static ALLOCATED: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATED.try_with(|n| n.set(n.get() + layout.size()));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

fn allocated(f: impl FnOnce()) -> usize {
    ALLOCATED.with(|n| n.set(0));
    f();
    ALLOCATED.with(Cell::get)
}

fn nested(levels: usize, leaf: &str) -> String {
    format!("{}{leaf}{}", r#"{"type":"BRANCH","children":["#.repeat(levels), "]}".repeat(levels))
}

fn chained(levels: usize, leaf: &str) -> String {
    format!("{}{leaf}{}", r#"{"type":"BRANCH","child":"#.repeat(levels), "}".repeat(levels))
}

/// A server that answers one request with `body`.
fn serve(body: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => request.extend_from_slice(&buf[..n]),
            }
        }
        let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body.as_bytes());
    });
    base_url
}

/// `levels` objects, each the `next` of the one around it, around `"x"`; each with the `end`
/// that `Both`, the first variant, needs, when `ended`.
fn rec(levels: usize, ended: bool) -> String {
    let close = if ended { r#","end":"e"}"# } else { "}" };
    format!("{}\"x\"{}", r#"{"next":"#.repeat(levels), close.repeat(levels))
}

const BUDGET: &str = "a union's value takes more than 128 passes over its text to decode";

fn get(body: String) -> Result<trees::models::Node, Error> {
    on_worker(body, |client| async move { client.get_tree().await.map(|r| r.into_body()) })
}

/// `call` of a client of a server that answers `body`, on a 2 MiB tokio worker.
fn on_worker<T: Send + 'static, F: std::future::Future<Output = Result<T, Error>> + Send + 'static>(
    body: String,
    call: impl FnOnce(Client) -> F + Send + 'static,
) -> Result<T, Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_stack_size(2 * 1024 * 1024)
        .enable_all()
        .build()
        .unwrap();
    let base_url = serve(body);
    runtime.block_on(async move {
        tokio::spawn(async move {
            let client = Client::builder().base_url(&base_url).max_attempts(1).build().unwrap();
            call(client).await
        })
        .await
        .unwrap()
    })
}

const LEAF: &str = r#"{"type":"LEAF","fileId":"a"}"#;

#[test]
fn a_failure_thirty_unions_deep_names_its_path() {
    let Err(Error::Decode(e)) = get(nested(30, r#"{"type":"LEAF","fileId":7}"#)) else { panic!("not a decode error") };
    assert_eq!(e.path, format!("{}fileId", "children[0].".repeat(30)));
    assert_eq!(e.message(), "invalid type: integer `7`, expected a string");
}

#[test]
fn unions_five_thousand_deep_are_a_decode_error() {
    for body in [nested(5_000, LEAF), chained(5_000, LEAF)] {
        let Err(Error::Decode(e)) = get(body) else { panic!("not a decode error") };
        assert!(e.message().starts_with("a union's value is nested more than 128 levels"), "{}", e.message());
    }
}

#[test]
fn unions_a_hundred_deep_decode() {
    assert!(matches!(get(chained(100, LEAF)), Ok(trees::models::Node::Branch(_))));
    assert!(matches!(get(nested(60, LEAF)), Ok(trees::models::Node::Branch(_))));
}

#[test]
fn a_hostile_untagged_union_ends_in_the_budget_error_after_bounded_work() {
    for levels in [16, 30, 100] {
        let body = rec(levels, false);
        let mut result = None;
        // Decoded as a caller would, with no client around it: the outermost union sets the
        // budget, 128 passes over its text. Each union copies its text once, and each attempt
        // that fails makes an error of some 100 bytes: a few bytes per byte read (0.12 MB
        // here for 16 levels, 0.86 MB for 100). Serde's untagged enum took twice as many per
        // level: 2.3 MB for 12 levels, a body of 111 bytes.
        let bytes = allocated(|| result = Some(serde_json::from_str::<Rec>(&body)));
        assert!(bytes <= 16 * 128 * body.len(), "{levels} levels: {bytes} bytes for a body of {}", body.len());
        let message = result.unwrap().unwrap_err().to_string();
        assert!(message.contains(BUDGET), "{message}");
        let Err(Error::Decode(e)) = on_worker(body, |c| async move { c.get_rec().await.map(|r| r.into_body()) }) else {
            panic!("not a decode error")
        };
        assert_eq!(e.message(), BUDGET);
        assert!(e.path.starts_with("next"), "{}", e.path);
    }
}

#[test]
fn valid_untagged_unions_decode_at_every_depth() {
    // A hundred levels that each take their first variant, then five that each retry once
    // (32 reads of the leaf: a retry per level doubles the work, which the budget bounds).
    let first = on_worker(rec(100, true), |c| async move { c.get_rec().await.map(|r| r.into_body()) });
    assert!(matches!(first, Ok(Rec::Both(_))), "{first:?}");
    let retried = serde_json::from_str::<Rec>(&rec(5, false));
    assert!(matches!(retried, Ok(Rec::Next(_))), "{retried:?}");
    let Ok(Rec::Next(next)) = serde_json::from_str::<Rec>(r#"{"next":"x","end":5}"#) else { panic!("not a `Next`") };
    assert_eq!(*next.next, Rec::String("x".to_string()));
    assert_eq!(serde_json::from_str::<Rec>("[1]").unwrap(), Rec::Unknown(serde_json::json!([1])));
}

#[test]
fn a_union_that_is_its_own_first_variant_is_an_error_not_a_stack_overflow() {
    let Err(Error::Decode(e)) = on_worker(r#""x""#.to_string(), |c| async move { c.get_loop().await.map(|r| r.into_body()) }) else {
        panic!("not a decode error")
    };
    assert_eq!(e.message(), BUDGET);
}
"##;

#[test]
fn nested_unions_decode_in_bounded_time_and_stack() {
    let generated = codegen::generate_from_str(&spec(), Path::new("trees.json"), &Config::new("trees", "trees.json", "test"))
        .unwrap_or_else(|d| panic!("the spec does not generate:\n{d}"));
    let mut files = generated.files.clone();
    for (path, text) in &mut files {
        if path == "Cargo.toml" {
            text.push_str("\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"rt-multi-thread\", \"net\", \"time\"] }\n");
        }
    }
    files.push(("tests/nested_unions.rs".to_string(), CLIENT_TEST.to_string()));
    let dir = pipeline_tests::crates::write_crate("trees", &files);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["test", "--quiet", "--test", "nested_unions", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", pipeline_tests::crates::target_dir())
        .output()
        .expect("run cargo");
    let out = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the crate's test in {} failed:\n{out}", dir.display());
    assert!(out.contains("6 passed"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}
