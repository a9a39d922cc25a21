#!/usr/bin/env bash
# Runs a fuzz target of the generator.
#   fuzz/run.sh [generate|graph] [SECONDS] [extra libFuzzer flags...]   (default: generate, 600 s)
# `generate` fuzzes the pipeline on arbitrary text, its corpus seeded from the spec fixtures.
# `graph` (fuzz target `generate_graph`) builds spec graphs with `arbitrary` from the bytes.
# The toolchain is stable: RUSTC_BOOTSTRAP=1 lets cargo-fuzz use the -Z flags it needs.
# FUZZ_SANITIZER=none turns AddressSanitizer off. Needs cargo-fuzz (`cargo install cargo-fuzz`).
# Crashes land in fuzz/artifacts/<target>/. See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")"
target=generate
case "${1:-}" in
  generate) shift ;;
  graph | generate_graph) target=generate_graph; shift ;;
esac
seconds="${1:-600}"
shift || true

corpus="corpus/$target"
mkdir -p "$corpus" "artifacts/$target"
flags=()
if [[ "$target" == generate ]]; then
  for f in ../spec/custom-channels.yaml ../spec/fixtures/*.yaml ../spec/fixtures/*/*.yaml seeds/*.yaml; do
    [[ -e "$f" ]] || continue
    name="$(echo "${f#../}" | tr '/' '_')"
    cp "$f" "$corpus/seed_$name"
  done
  flags+=(-dict=generate.dict)
fi

export RUSTC_BOOTSTRAP=1
exec cargo fuzz run --sanitizer "${FUZZ_SANITIZER:-address}" "$target" "$corpus" -- \
  "${flags[@]}" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 "$@"
