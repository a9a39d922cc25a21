#!/usr/bin/env bash
# Seeds the corpus from the spec fixtures and runs the `generate` fuzz target.
#   fuzz/run.sh [SECONDS] [extra libFuzzer flags...]     (default 600 s)
# The toolchain is stable: RUSTC_BOOTSTRAP=1 lets cargo-fuzz use the -Z flags it needs.
# FUZZ_SANITIZER=none turns AddressSanitizer off. Needs cargo-fuzz (`cargo install cargo-fuzz`).
# Crashes land in fuzz/artifacts/generate/. See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true

corpus=corpus/generate
mkdir -p "$corpus" artifacts/generate
for f in ../spec/custom-channels.yaml ../spec/fixtures/*.yaml ../spec/fixtures/*/*.yaml seeds/*.yaml; do
  [[ -e "$f" ]] || continue
  name="$(echo "${f#../}" | tr '/' '_')"
  cp "$f" "$corpus/seed_$name"
done

export RUSTC_BOOTSTRAP=1
exec cargo fuzz run --sanitizer "${FUZZ_SANITIZER:-address}" generate "$corpus" -- \
  -dict=generate.dict -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 "$@"
