//! What the micro-benchmarks share: a realistic message, a hand-written model of the same
//! shape, a keep-alive HTTP server on 127.0.0.1, and the sample format `cargo xtask bench`
//! reads.

pub mod cpu;
pub mod hand;
pub mod sample;
pub mod server;

/// One line per repeat for `cargo xtask bench`: `pair NAME OURS REFERENCE`, in nanoseconds
/// per operation. The ratios and their spread are computed there, for every figure alike.
pub fn print_pair(name: &str, ours_ns: f64, reference_ns: f64) {
    println!("pair {name} {ours_ns:.1} {reference_ns:.1}");
}
