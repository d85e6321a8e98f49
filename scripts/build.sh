#!/usr/bin/env bash
# Configures and builds ec2sim. Extra arguments go to cmake.
#   scripts/build.sh [CMAKE_ARGS…]             Release into build/ (the server and the tests)
#   scripts/build.sh --sanitize [CMAKE_ARGS…]  clang with ASan + UBSan and the libFuzzer
#                                              targets into build-sanitize/
# CMake's configure output shows on a first run and stays quiet once the cache exists.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build
args=(-DCMAKE_BUILD_TYPE=Release)
if [[ "${1:-}" == "--sanitize" ]]; then
  shift
  dir=build-sanitize
  export CC=clang CXX=clang++
  # A unity build: sanitized compiles are slow and most of their time is the same headers.
  args=(-DCMAKE_BUILD_TYPE=Debug -DEC2SIM_SANITIZE=ON -DEC2SIM_FUZZ=ON -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=12)
fi
if [[ -f "$dir/CMakeCache.txt" ]]; then
  cmake -S . -B "$dir" "${args[@]}" "$@" >/dev/null
else
  cmake -S . -B "$dir" "${args[@]}" "$@"
fi
cmake --build "$dir" -j "$(nproc)"
