#!/usr/bin/env bash
# Builds the Terraform provider replay (tests/clients/terraform_replay, Go SDK v2 from
# Debian's golang-github-aws-aws-sdk-go-v2-dev, in GOPATH mode: no network) and runs it
# against a fresh ec2sim. Usage: terraform_replay_test.sh PATH_TO_EC2SIM WORK_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$2
mkdir -p "$work"
# The SDK's EC2 package takes a minute to compile the first time; Go's own build cache
# (~/.cache/go-build) keeps it for the next build, the sanitizer build's included.
cd "$here/terraform_replay"
GO111MODULE=off GOPATH=/usr/share/gocode go build -o "$work/terraform_replay" .
exec /usr/bin/python3 "$here/run_with_server.py" "$1" "$work/terraform_replay"
