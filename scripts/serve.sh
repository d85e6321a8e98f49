#!/usr/bin/env bash
# The README's first command: install, build, and run ec2sim on 127.0.0.1:4566 with its state
# in ec2sim.db (kept across restarts). Extra arguments go to `ec2sim serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DEC2SIM_TESTS=OFF
exec build/ec2sim serve "$@"
