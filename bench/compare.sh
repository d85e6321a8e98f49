#!/usr/bin/env bash
# Compares two ec2sim binaries on one request, alternating them so that both see the
# same machine (a 2-core machine's speed drifts by ±20% over an hour): each round runs
# BIN_A then BIN_B, each on a fresh in-memory server, under wrk (one thread, 32
# keep-alive connections, 5 s). Build the other binary from a worktree, e.g.
#   git worktree add /tmp/base <commit> && cmake -S /tmp/base -B /tmp/base/b -DEC2SIM_TESTS=OFF
#   cmake --build /tmp/base/b --target ec2sim
# Usage: bench/compare.sh BIN_A BIN_B FORM_BODY [ROUNDS (default 3)]
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 3 ]] || { echo "usage: $0 BIN_A BIN_B FORM_BODY [ROUNDS]" >&2; exit 2; }
scripts/install-deps.sh --bench
pid=""
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq "${4:-3}"); do
  for bin in "$1" "$2"; do
    port=$((20000 + RANDOM % 20000))
    "$bin" serve --memory --quiet --port "$port" >/dev/null 2>&1 &
    pid=$!
    sleep 0.3
    printf "%s " "$bin"
    wrk -t1 -c32 -d5s -s bench/ec2_query.lua "http://127.0.0.1:$port/" -- "$3" | grep RESULT
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done
