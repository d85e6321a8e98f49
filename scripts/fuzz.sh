#!/usr/bin/env bash
# A long fuzzing run of every libFuzzer target (tests/fuzz), one after another, each for
# SECONDS (default 600), on the sanitizer build. New inputs land in
# build-sanitize/tests/fuzz/found/NAME; a crash leaves its input in the current directory
# (crash-…), to replay with: build-sanitize/tests/fuzz/fuzz_NAME crash-…
#   scripts/fuzz.sh [SECONDS] [TARGET…]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(http query signatures filters decoder)
scripts/install-deps.sh --test
scripts/build.sh --sanitize
for name in "${targets[@]}"; do
  echo "== fuzz_${name}: ${seconds} s =="
  build-sanitize/tests/fuzz/fuzz_${name} -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
    -print_final_stats=1 "build-sanitize/tests/fuzz/found/${name}" "tests/fuzz/corpus/${name}"
done
