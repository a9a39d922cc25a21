//! Per-request cost of the generated client (`get_message`) against bare reqwest + serde_json
//! doing the same work, both against one keep-alive server on 127.0.0.1, in interleaved blocks.
//!
//! The same work: the bare side's `reqwest::Client` has the settings the generated default
//! transport gives its own (`default_transport_with` in the generated `client.rs`: connect
//! timeout 10 s, `redirect::Policy::none()`, `referer(false)`, and otherwise reqwest's defaults,
//! `tcp_nodelay` and the pool included), and sends the same request: the same URL, the same
//! `User-Agent` and `Authorization: Bearer` headers in the same order, and reqwest's default
//! `Accept`, so the server reads the same bytes from both (the bench checks it). It reads the whole body and decodes it with
//! `serde_json::from_slice` into the same model, as the generated client does. What the
//! generated client does on top — the bounded body read, the per-attempt timeout, retries
//! bookkeeping, secrets kept out of errors, the `Response` wrapper, a `tracing` span (no
//! subscriber installed) — is the overhead measured.
//!
//! The client (a single-threaded tokio runtime) and the server (one thread for both
//! connections) are pinned to the same CPU when the system allows (see `cpu.rs`): left to the
//! scheduler, the CPU wake-ups between them were three quarters of the figure and varied
//! with where each thread landed.
//!
//! Prints `pair request GENERATED BARE` lines (ns per request), one per block; `pair cpu
//! GENERATED BARE` lines, the CPU time of the client thread per request in the same blocks
//! (without the server's work, the waits, and the time other processes take the CPU, so it
//! moves much less with the machine's load, and shows the client's own cost undiluted); and, when
//! `valgrind` is installed, `pair instructions GENERATED BARE` lines: the instructions the
//! client thread executes per request under `valgrind --tool=callgrind` (the server's thread
//! not counted), a figure that does not depend on the machine's load; `skip instructions WHY`
//! otherwise. `cargo xtask bench` reads both. `client_bench count SIDE N` is the process the
//! instruction count runs: N requests of one side after the warm-up, nothing printed.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use bench_harness::{cpu, print_pair, sample, server};
use hubspot_custom_channels::models::PublicConversationsMessage;
use hubspot_custom_channels::Client;

const BLOCKS: usize = 40;
const PER_BLOCK: usize = 50;
const WARM_UP: usize = 200;
const TOKEN: &str = "bench-token";
const USER_AGENT: &str = "client-bench/1";
/// Requests per process of the instruction count: the figure is the difference of the two
/// divided by theirs, so that start-up and warm-up cancel out.
const COUNTS: [usize; 2] = [100, 400];

/// Both clients, for the same server.
struct Clients {
    generated: Client,
    bare: reqwest::Client,
    url: String,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let counted = match args.as_slice() {
        [] => None,
        [mode, side, n] if mode == "count" => match (side.as_str(), n.parse::<usize>()) {
            ("generated" | "bare", Ok(n)) => Some((side.clone(), n)),
            _ => return fail("usage: client_bench [count generated|bare N]"),
        },
        _ => return fail("usage: client_bench [count generated|bare N]"),
    };
    let pinned = cpu::current().filter(|&c| cpu::pin(c));
    let body = sample::message_json();
    let addr = match server::start(body, pinned) {
        Ok(a) => a,
        Err(e) => return fail(&format!("cannot listen on 127.0.0.1: {e}")),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => return fail(&format!("no tokio runtime: {e}")),
    };
    let clients = match clients(&format!("http://{addr}")) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    runtime.block_on(async {
        for side in ["generated", "bare"] {
            if let Err(e) = run(&clients, side, WARM_UP).await {
                return fail(&format!("the {side} client failed: {e}"));
            }
        }
        if let Some((side, n)) = &counted {
            if let Err(e) = run(&clients, side, *n).await {
                fail(&e);
            }
            return;
        }
        let heads = server::request_heads();
        if heads.len() != 2 || heads[0] != heads[1] {
            return fail(&format!("the two clients do not send the same request: {heads:?}"));
        }
        let cpu = pinned.map_or_else(|| "not pinned".to_string(), |c| format!("both on CPU {c}"));
        eprintln!("client_bench: {BLOCKS} blocks of {PER_BLOCK} requests each, on {addr}, {cpu}");
        for i in 0..BLOCKS {
            let (g, b) = if i % 2 == 0 {
                let g = run(&clients, "generated", PER_BLOCK).await;
                (g, run(&clients, "bare", PER_BLOCK).await)
            } else {
                let b = run(&clients, "bare", PER_BLOCK).await;
                (run(&clients, "generated", PER_BLOCK).await, b)
            };
            match (g, b) {
                (Ok(g), Ok(b)) => {
                    print_pair("request", per_request(g.wall, PER_BLOCK), per_request(b.wall, PER_BLOCK));
                    if let (Some(gc), Some(bc)) = (g.cpu, b.cpu) {
                        print_pair("cpu", per_request(gc, PER_BLOCK), per_request(bc, PER_BLOCK));
                    }
                }
                (Err(e), _) | (_, Err(e)) => return fail(&e),
            }
        }
        eprintln!("client_bench: {} connections for {} requests", server::connections(), 2 * (WARM_UP + BLOCKS * PER_BLOCK));
    });
    if counted.is_none() {
        instructions();
    }
}

fn clients(base: &str) -> Result<Clients, String> {
    let generated = Client::builder()
        .base_url(base)
        .user_agent(USER_AGENT)
        .oauth2_token(TOKEN)
        .build()
        .map_err(|e| format!("cannot build the client: {e}"))?;
    // What the generated `default_transport_with` builds.
    let bare = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .build()
        .map_err(|e| format!("cannot build the reqwest client: {e}"))?;
    let url = format!("{base}/conversations/v3/custom-channels/1013/messages/a1b2c3d4");
    Ok(Clients { generated, bare, url })
}

fn fail(why: &str) {
    eprintln!("client_bench: {why}");
    std::process::exit(1);
}

fn per_request(elapsed: Duration, n: usize) -> f64 {
    elapsed.as_nanos() as f64 / n as f64
}

/// How long a block of requests took: wall time, and the client thread's CPU time.
struct Took {
    wall: Duration,
    cpu: Option<Duration>,
}

/// How long `n` requests of `side` took.
async fn run(clients: &Clients, side: &str, n: usize) -> Result<Took, String> {
    let cpu = cpu::thread_time();
    let start = Instant::now();
    for _ in 0..n {
        let message = if side == "generated" {
            clients.generated.get_message("1013", "a1b2c3d4").await.map_err(|e| e.to_string())?.into_body()
        } else {
            bare_reqwest(&clients.bare, &clients.url).await?
        };
        std::hint::black_box(message);
    }
    let wall = start.elapsed();
    let cpu = cpu.zip(cpu::thread_time()).map(|(before, after)| after.saturating_sub(before));
    Ok(Took { wall, cpu })
}

/// One request with reqwest and serde_json alone.
async fn bare_reqwest(http: &reqwest::Client, url: &str) -> Result<PublicConversationsMessage, String> {
    let response = http
        .get(url)
        .header(reqwest::header::USER_AGENT, USER_AGENT)
        .bearer_auth(TOKEN)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| e.to_string())?;
    let bytes = response.bytes().await.map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

/// The `pair instructions` lines: this binary run under callgrind, per side, at both counts.
fn instructions() {
    let Ok(exe) = std::env::current_exe() else {
        return println!("skip instructions cannot find the bench binary");
    };
    if Command::new("valgrind").arg("--version").output().is_err() {
        return println!("skip instructions valgrind is not installed");
    }
    let dir = std::env::temp_dir().join(format!("client-bench-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return println!("skip instructions cannot create {}: {e}", dir.display());
    }
    eprintln!("client_bench: counting instructions under callgrind");
    let mut per_side = Vec::new();
    for side in ["generated", "bare"] {
        let mut totals = Vec::new();
        for n in COUNTS {
            match callgrind(&exe, &dir, side, n) {
                Ok(total) => totals.push(total),
                Err(why) => {
                    let _ = std::fs::remove_dir_all(&dir);
                    return println!("skip instructions {why}");
                }
            }
        }
        let (low, high) = (totals[0], totals[1]);
        per_side.push(high.saturating_sub(low) as f64 / (COUNTS[1] - COUNTS[0]) as f64);
    }
    let _ = std::fs::remove_dir_all(&dir);
    print_pair("instructions", per_side[0], per_side[1]);
}

/// Instructions of the main (client) thread of `client_bench count SIDE N` under callgrind.
fn callgrind(exe: &Path, dir: &Path, side: &str, n: usize) -> Result<u64, String> {
    let out = dir.join(format!("{side}-{n}"));
    let status = Command::new("valgrind")
        .args(["--tool=callgrind", "--separate-threads=yes", "--dump-instr=no"])
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(exe)
        .args(["count", side, &n.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("cannot run valgrind: {e}"))?;
    if !status.success() {
        return Err(format!("`valgrind --tool=callgrind client_bench count {side} {n}` failed"));
    }
    // With `--separate-threads`, thread 1 (the main thread, which runs the client's runtime)
    // writes `OUT-01`.
    let main_thread = dir.join(format!("{side}-{n}-01"));
    let text = std::fs::read_to_string(&main_thread).map_err(|e| format!("cannot read {}: {e}", main_thread.display()))?;
    text.lines()
        .find_map(|l| l.strip_prefix("summary:").or_else(|| l.strip_prefix("totals:")))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("no instruction total in {}", main_thread.display()))
}
