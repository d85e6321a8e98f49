# Shared by the instance and storage benchmarks (source it): starts ec2sim on a durable
# SQLite file in a fresh temporary directory, with instant timing and no instance limit,
# and defines post ACCOUNT FORM_BODY and $ami (the newest Amazon Linux 2023, x86_64).
port=$((20000 + RANDOM % 20000))
dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
build/ec2sim serve --db "$dir/bench.db" --quiet --port "$port" --timing instant --max-instances 100000 &
pid=$!
sleep 0.3
url="http://127.0.0.1:$port/"
post() {  # post ACCOUNT FORM_BODY
  curl -s -H "Authorization: AWS4-HMAC-SHA256 Credential=$1/20260101/ap-northeast-2/ec2/aws4_request, SignedHeaders=host, Signature=0" \
       --data "$2" "$url"
}
ami=$(post 123456789012 "Action=DescribeImages&Owner.1=amazon&Filter.1.Name=name&Filter.1.Value.1=al2023-ami-2023*-x86_64" |
        grep -o 'ami-[0-9a-f]*' | head -1)
