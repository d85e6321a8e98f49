#!/usr/bin/env bash
# How cost grows with an account's size (not a test): one account holding 1,000, 10,000
# and 100,000 instances (launched 1,000 per call over as many subnets as their addresses
# need), each on a fresh server with a durable SQLite file. For each size:
#   RunInstances of one instance (p50 of one connection), DescribeInstances of one id, a
#   tag filter matching 10, the first page of 100 (wrk, one connection), RSS while the
#   account is in use, database size, and restart → first answer for that account (and
#   RSS then, its table read back from the file).
# Usage: bench/scale.sh [SECONDS_PER_LOAD (default 5)] [SIZES (default "1000 10000 100000")]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
sizes=${2:-"1000 10000 100000"}
scripts/install-deps.sh --bench
scripts/build.sh -DEC2SIM_TESTS=OFF
source bench/lib.sh
account=555555555555
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$pid/status; }
load() {  # load BODY: one connection, prints p50 ms and req/s
  wrk -t1 -c1 -d"${seconds}s" -s bench/ec2_query.lua "$url" -- "$1" "$account" | grep RESULT
}

printf "| instances | RunInstances p50 | by id p50 | tag filter (10) p50 | page of 100 p50 | RSS MiB | database | restart → first answer | RSS after restart |\n"
for size in $sizes; do
  start_server
  # Subnets enough for the addresses: the default VPC's four /20s, then /20s of /16 VPCs;
  # and one more, empty, for the RunInstances measurement.
  subnets=$(post $account "Action=DescribeSubnets" | grep -o 'subnet-[0-9a-f]*' | sort -u)
  for block in $(seq 0 $(( size / 60000 ))); do
    (( size > 15000 )) || break
    vpc=$(post $account "Action=CreateVpc&CidrBlock=10.$block.0.0/16" | grep -o 'vpc-[0-9a-f]*' | head -1)
    for n in $(seq 0 15); do
      subnets+=" $(post $account "Action=CreateSubnet&VpcId=$vpc&CidrBlock=10.$block.$((n * 16)).0/20" |
                   grep -o 'subnet-[0-9a-f]*' | head -1)"
    done
  done
  spare_vpc=$(post $account "Action=CreateVpc&CidrBlock=10.200.0.0/16" | grep -o 'vpc-[0-9a-f]*' | head -1)
  spare=$(post $account "Action=CreateSubnet&VpcId=$spare_vpc&CidrBlock=10.200.0.0/16" | grep -o 'subnet-[0-9a-f]*' | head -1)
  read -r -a subnet_list <<<"$(echo $subnets)"
  for ((n = 0; n < size / 1000; n++)); do
    subnet=${subnet_list[$((n % ${#subnet_list[@]}))]}
    post $account "Action=RunInstances&ImageId=$ami&InstanceType=t2.micro&MinCount=1000&MaxCount=1000&SubnetId=$subnet" |
      grep -q '<instancesSet>' || { echo "launch $n failed" >&2; exit 1; }
  done
  some=$(post $account "Action=DescribeInstances&MaxResults=10" | grep -o '<instanceId>i-[0-9a-f]*' | sed 's/<instanceId>//')
  args=""; n=1
  for id in $some; do args+="&ResourceId.$n=$id"; n=$((n + 1)); done
  post $account "Action=CreateTags$args&Tag.1.Key=role&Tag.1.Value=bench" >/dev/null
  one=$(echo "$some" | head -1)
  by_id=$(load "Action=DescribeInstances&Version=2016-11-15&InstanceId.1=$one")
  tagged=$(load "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=tag:role&Filter.1.Value.1=bench")
  page=$(load "Action=DescribeInstances&Version=2016-11-15&MaxResults=100")
  memory=$(rss)
  launch=$(wrk -t1 -c1 -d"${seconds}s" -s bench/ec2_query.lua "$url" -- \
             "Action=RunInstances&Version=2016-11-15&ImageId=$ami&InstanceType=t2.micro&MinCount=1&MaxCount=1&SubnetId=$spare" \
             "$account" | grep RESULT)
  size_on_disk=$(du -sh "$dir" | cut -f1)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  build/ec2sim serve --db "$dir/bench.db" --quiet --port "$port" --timing instant \
    --quota vcpus-standard=1000000 --quota gp2-storage-tib=100000 --quota gp3-storage-tib=100000 --quota vpcs=10 &
  pid=$!
  restart=$(/usr/bin/python3 - "$port" "$account" "$one" <<'PY'
import http.client, sys, time
port, account, instance = int(sys.argv[1]), sys.argv[2], sys.argv[3]
start = time.perf_counter()
while True:
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        c.request("POST", "/", "Action=DescribeInstances&InstanceId.1=" + instance, {
            "Authorization": "AWS4-HMAC-SHA256 Credential=%s/20260101/ap-northeast-2/ec2/aws4_request, "
                             "SignedHeaders=host, Signature=0" % account})
        if c.getresponse().status == 200:
            break
    except OSError:
        time.sleep(0.002)
print("%.0f ms" % ((time.perf_counter() - start) * 1000))
PY
)
  reloaded=$(rss)
  p50() {  # a load with errors measured something else: say so
    grep -q 'errors=0' <<<"$1" || { echo "errors in: $1" >&2; exit 1; }
    sed 's/.*p50_ms=\([0-9.]*\).*/\1 ms/' <<<"$1"
  }
  printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n" "$size" "$(p50 "$launch")" "$(p50 "$by_id")" "$(p50 "$tagged")" \
    "$(p50 "$page")" "$memory" "$size_on_disk" "$restart" "$reloaded"
done
