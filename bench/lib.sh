# Shared by the instance and storage benchmarks (source it): starts ec2sim on a durable
# SQLite file in a fresh temporary directory, with instant timing and no instance limit,
# and defines post ACCOUNT FORM_BODY and $ami (the newest Amazon Linux 2023, x86_64).
# start_server stops the running server, if any, and starts another on a new empty file.
dir=$(mktemp -d)
pid=""
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
start_server() {
  if [[ -n "$pid" ]]; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  port=$((20000 + RANDOM % 20000))
  rm -rf "$dir/bench.db" "$dir/bench.db-wal" "$dir/bench.db-shm" "$dir/bench.db.d"
  build/ec2sim serve --db "$dir/bench.db" --quiet --port "$port" --timing instant --quota vcpus-standard=1000000 --quota gp2-storage-tib=100000 --quota gp3-storage-tib=100000 --quota vpcs=10 &
  pid=$!
  sleep 0.3
  url="http://127.0.0.1:$port/"
}
post() {  # post ACCOUNT FORM_BODY
  curl -s -H "Authorization: AWS4-HMAC-SHA256 Credential=$1/20260101/ap-northeast-2/ec2/aws4_request, SignedHeaders=host, Signature=0" \
       --data "$2" "$url"
}
start_server
ami=$(post 123456789012 "Action=DescribeImages&Owner.1=amazon&Filter.1.Name=name&Filter.1.Value.1=al2023-ami-2023*-x86_64" |
        grep -o 'ami-[0-9a-f]*' | head -1)
