//! Decode and encode of one ~2.3 KB `PublicConversationsMessage`: the generated model against
//! the hand-written one (`bench_harness::hand`), interleaved repeat by repeat.
//!
//! Prints `pair decode GENERATED HAND` and `pair encode GENERATED HAND` lines (ns per
//! operation), one per repeat, for `cargo xtask bench`.

use std::hint::black_box;
use std::time::Instant;

use bench_harness::{hand, print_pair, sample};
use hubspot_custom_channels::models::PublicConversationsMessage as Generated;

const REPEATS: usize = 61;
const BATCH: usize = 1_000;

fn main() {
    let json = sample::message_json();
    eprintln!("serde_bench: {} bytes of JSON, {REPEATS} repeats of {BATCH}", json.len());
    let generated: Generated = match serde_json::from_slice(&json) {
        Ok(v) => v,
        Err(e) => return fail(&format!("the generated model does not decode the sample: {e}")),
    };
    let hand: hand::Message = match serde_json::from_slice(&json) {
        Ok(v) => v,
        Err(e) => return fail(&format!("the hand-written model does not decode the sample: {e}")),
    };
    // Both must read and write the same document, or the race is not fair.
    let (a, b) = (to_value(&generated), to_value(&hand));
    if a != b || a != serde_json::from_slice::<serde_json::Value>(&json).unwrap_or_default() {
        return fail("the two models do not encode the sample alike");
    }
    for _ in 0..3 {
        decode::<Generated>(&json);
        decode::<hand::Message>(&json);
    }
    for i in 0..REPEATS {
        // Alternate which side goes first so that neither always runs on a warmer cache.
        let (g, h) = if i % 2 == 0 {
            let g = decode::<Generated>(&json);
            (g, decode::<hand::Message>(&json))
        } else {
            let h = decode::<hand::Message>(&json);
            (decode::<Generated>(&json), h)
        };
        print_pair("decode", g, h);
        let (g, h) = if i % 2 == 0 {
            let g = encode(&generated);
            (g, encode(&hand))
        } else {
            let h = encode(&hand);
            (encode(&generated), h)
        };
        print_pair("encode", g, h);
    }
}

fn to_value<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

fn fail(why: &str) {
    eprintln!("serde_bench: {why}");
    std::process::exit(1);
}

/// Nanoseconds per decode, over one batch.
fn decode<T: serde::de::DeserializeOwned>(json: &[u8]) -> f64 {
    let start = Instant::now();
    for _ in 0..BATCH {
        let value: Result<T, _> = serde_json::from_slice(black_box(json));
        let _ = black_box(value);
    }
    start.elapsed().as_nanos() as f64 / BATCH as f64
}

/// Nanoseconds per encode into a buffer of the right size, over one batch.
fn encode<T: serde::Serialize>(value: &T) -> f64 {
    let mut buf = Vec::with_capacity(4096);
    let start = Instant::now();
    for _ in 0..BATCH {
        buf.clear();
        let _ = black_box(serde_json::to_writer(&mut buf, black_box(value)));
    }
    start.elapsed().as_nanos() as f64 / BATCH as f64
}
