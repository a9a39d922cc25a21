//! Fuzz target: the whole generator pipeline (load → resolve → IR → names → plan → emit →
//! format) on arbitrary bytes read as UTF-8 text. Any outcome is fine, `Ok` or `Err` with
//! diagnostics; a panic, an abort or a hang is a bug (the generator promises not to panic on
//! a spec). Run with `fuzz/run.sh`; see docs/fuzzing.md.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

const SPEC_NAME: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/fixtures/refs/fuzz-input.yaml");

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // `$ref`s to other files are read from the disk, relative to this name: a file that does
    // not exist, in the folder of the multi-file fixture, so that `common.yaml` resolves.
    // Inputs that could reach special files are left out: a `$ref` to `/dev/zero` or
    // `/dev/stdin` makes the generator read forever (see docs/fuzzing.md), which the fuzzer
    // would report as a hang again and again.
    if text.contains("$ref") && ["/dev", "/proc", "/sys"].iter().any(|d| text.contains(d)) {
        return;
    }
    let config = codegen::Config::new("fuzz-client", "fuzz input", "fuzz");
    let _ = codegen::generate_from_str(&text, Path::new(SPEC_NAME), &config);
});
