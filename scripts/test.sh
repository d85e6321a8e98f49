#!/usr/bin/env bash
# The README's second command: install, build, and run every test (Catch2 unit tests and
# the aws-cli and boto3 client suites) through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/build.sh -DEC2SIM_TESTS=ON
cd build
ctest --output-on-failure -j "$(nproc)"
