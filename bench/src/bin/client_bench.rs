//! Per-request cost of the generated client (`get_message`) against bare reqwest + serde_json
//! doing the same request (same URL, bearer token, JSON decode into the same model), both
//! against one keep-alive server on 127.0.0.1, in interleaved blocks.
//!
//! Prints `pair request GENERATED BARE` lines (ns per request), one per block, for
//! `cargo xtask bench`.

use std::time::Instant;

use bench_harness::{print_pair, sample, server};
use hubspot_custom_channels::models::PublicConversationsMessage;
use hubspot_custom_channels::Client;

const BLOCKS: usize = 40;
const PER_BLOCK: usize = 50;
const WARM_UP: usize = 200;
const TOKEN: &str = "bench-token";

fn main() {
    let body = sample::message_json();
    let addr = match server::start(body) {
        Ok(a) => a,
        Err(e) => return fail(&format!("cannot listen on 127.0.0.1: {e}")),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => return fail(&format!("no tokio runtime: {e}")),
    };
    let base = format!("http://{addr}");
    let client = match Client::builder().base_url(&base).oauth2_token(TOKEN).build() {
        Ok(c) => c,
        Err(e) => return fail(&format!("cannot build the client: {e}")),
    };
    let bare = reqwest::Client::new();
    let url = format!("{base}/conversations/v3/custom-channels/1013/messages/a1b2c3d4");
    eprintln!("client_bench: {BLOCKS} blocks of {PER_BLOCK} requests each, on {addr}");
    runtime.block_on(async {
        for (name, result) in [("generated", generated(&client, WARM_UP).await), ("bare", bare_reqwest(&bare, &url, WARM_UP).await)] {
            if let Err(e) = result {
                return fail(&format!("the {name} client failed: {e}"));
            }
        }
        for i in 0..BLOCKS {
            let (g, b) = if i % 2 == 0 {
                let g = generated(&client, PER_BLOCK).await;
                (g, bare_reqwest(&bare, &url, PER_BLOCK).await)
            } else {
                let b = bare_reqwest(&bare, &url, PER_BLOCK).await;
                (generated(&client, PER_BLOCK).await, b)
            };
            match (g, b) {
                (Ok(g), Ok(b)) => print_pair("request", g, b),
                (Err(e), _) | (_, Err(e)) => return fail(&e),
            }
        }
        eprintln!("client_bench: {} connections for {} requests", server::connections(), 2 * (WARM_UP + BLOCKS * PER_BLOCK));
    });
}

fn fail(why: &str) {
    eprintln!("client_bench: {why}");
    std::process::exit(1);
}

/// Nanoseconds per request through the generated client.
async fn generated(client: &Client, n: usize) -> Result<f64, String> {
    let start = Instant::now();
    for _ in 0..n {
        let message = client.get_message("1013", "a1b2c3d4").await.map_err(|e| e.to_string())?;
        std::hint::black_box(message);
    }
    Ok(start.elapsed().as_nanos() as f64 / n as f64)
}

/// Nanoseconds per request with reqwest and serde_json alone.
async fn bare_reqwest(http: &reqwest::Client, url: &str, n: usize) -> Result<f64, String> {
    let start = Instant::now();
    for _ in 0..n {
        let response = http
            .get(url)
            .bearer_auth(TOKEN)
            .header("accept", "application/json")
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| e.to_string())?;
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        let message: PublicConversationsMessage = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
        std::hint::black_box(message);
    }
    Ok(start.elapsed().as_nanos() as f64 / n as f64)
}
