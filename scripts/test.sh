#!/usr/bin/env bash
# The README's second command: install, build, and run every test through CTest — the
# Catch2 unit tests and the client suites (aws-cli, boto3, the Ruby SDK v1, the model-driven
# fuzz) against the Release build, then all of them again under AddressSanitizer +
# UndefinedBehaviorSanitizer (clang, build-sanitize/) with the libFuzzer targets' short runs.
#   scripts/test.sh                 everything (what CI runs)
#   scripts/test.sh --no-sanitize   the Release build's tests only (a quicker local loop)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh -DEC2SIM_TESTS=ON
(cd build && ctest --output-on-failure -j "$(nproc)")
[[ "${1:-}" == "--no-sanitize" ]] && exit 0

echo "== the same tests under ASan + UBSan, and the fuzz targets =="
scripts/build.sh --sanitize
# Any finding aborts the process that made it: a unit test, a fuzz target, or the server
# under a client suite (whose harness fails on the server's exit status; LeakSanitizer
# reports at exit).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd build-sanitize
ctest --output-on-failure -j "$(nproc)"
