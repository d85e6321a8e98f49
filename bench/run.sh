#!/usr/bin/env bash
# ec2sim's benchmark (not a test): builds Release, then measures on this machine
#   - time from exec to the first answered request, and idle RSS;
#   - requests/s and p50/p99 latency of DescribeAvailabilityZones and of one
#     100-type page of DescribeInstanceTypes, driven by wrk over keep-alive connections.
# Usage: bench/run.sh [SECONDS_PER_LOAD (default 10)] [CONNECTIONS (default 32)]
# On a 2-core machine wrk and ec2sim share the cores: wrk gets one thread, ec2sim two.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-32}
scripts/install-deps.sh --bench
scripts/build.sh -DEC2SIM_TESTS=OFF
port=$((20000 + RANDOM % 20000))

echo "== start-up"
/usr/bin/python3 bench/first_answer.py build/ec2sim "$port" 20

build/ec2sim serve --memory --quiet --port "$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
sleep 0.3

load() {  # load NAME FORM_BODY
  echo "== $1"
  wrk -t1 -c"$connections" -d"${seconds}s" -s bench/ec2_query.lua "http://127.0.0.1:$port/" -- "$2" | grep RESULT
}
load "DescribeAvailabilityZones" "Action=DescribeAvailabilityZones&Version=2016-11-15"
load "DescribeInstanceTypes (page of 100)" "Action=DescribeInstanceTypes&Version=2016-11-15&MaxResults=100"
load "DescribeInstanceTypes (filtered: free tier)" \
  "Action=DescribeInstanceTypes&Version=2016-11-15&Filter.1.Name=free-tier-eligible&Filter.1.Value.1=true"
echo "== RSS after load: $(awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' /proc/$pid/status)"
