#!/usr/bin/env bash
# Instance benchmark (not a test): ec2sim with a durable SQLite file, driven by wrk.
#   - RunInstances, one t2.micro per call, spread over 100 accounts: requests/s, p50/p99;
#   - DescribeInstances in an account with 1,000 instances: the first page of 100, and a
#     tag filter that matches 10;
#   - resident memory of a fresh server once it holds 10,000 instances (100 accounts of
#     100), while every account is in use and after they have all been idle past
#     --evict-after (60 s).
# Usage: bench/instances.sh [SECONDS_PER_LOAD (default 5)] [CONNECTIONS (default 16)]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
connections=${2:-16}
scripts/install-deps.sh --bench
scripts/build.sh -DEC2SIM_TESTS=OFF
source bench/lib.sh

echo "== RunInstances (one per call, durable, 100 accounts)"
wrk -t1 -c"$connections" -d"${seconds}s" -s bench/run_instances.lua "$url" -- "$ami" 100 | grep RESULT

echo "== DescribeInstances over 1,000 instances"
for _ in $(seq 10); do
  post 222222222222 "Action=RunInstances&ImageId=$ami&InstanceType=t2.micro&MinCount=100&MaxCount=100" >/dev/null
done
tagged=$(post 222222222222 "Action=DescribeInstances&MaxResults=10" | grep -o '<instanceId>i-[0-9a-f]*' | sed 's/<instanceId>//')
args=""; n=1
for id in $tagged; do args+="&ResourceId.$n=$id"; n=$((n + 1)); done
post 222222222222 "Action=CreateTags$args&Tag.1.Key=role&Tag.1.Value=bench" >/dev/null
wrk -t1 -c"$connections" -d"${seconds}s" -s bench/ec2_query.lua "$url" -- \
  "Action=DescribeInstances&Version=2016-11-15&MaxResults=100" 222222222222 | grep RESULT | sed 's/^/page of 100: /'
wrk -t1 -c"$connections" -d"${seconds}s" -s bench/ec2_query.lua "$url" -- \
  "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=tag:role&Filter.1.Value.1=bench" 222222222222 |
  grep RESULT | sed 's/^/tag filter (10 of 1,000): /'
check=$(post 222222222222 "Action=DescribeInstances&Filter.1.Name=tag:role&Filter.1.Value.1=bench" | grep -o '<instanceId>' | wc -l)
echo "tag filter matches: $check"

echo "== Memory with 10,000 instances (a fresh server)"
start_server
rss() { awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' /proc/$pid/status; }
echo "RSS $(rss) before any instance"
for account in $(seq 300000000000 300000000099); do
  post $account "Action=RunInstances&ImageId=$ami&InstanceType=t2.micro&MinCount=100&MaxCount=100" >/dev/null
done
total=0
for account in $(seq 300000000000 300000000099); do
  total=$((total + $(post $account "Action=DescribeInstances" | grep -o '<instanceId>' | wc -l)))
done
echo "instances: $total; RSS $(rss) while every account is in use; database $(du -sh "$dir" | cut -f1)"
sleep "${IDLE_WAIT:-62}"
echo "RSS $(rss) after 60 s idle (unused accounts' documents evicted to the database)"
started=$(date +%s%N)
post 300000000000 "Action=DescribeInstances&MaxResults=1000" >/dev/null
echo "first DescribeInstances of an evicted account (100 instances): $(( ($(date +%s%N) - started) / 1000000 )) ms; RSS $(rss)"
