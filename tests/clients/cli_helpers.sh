# Shared by the aws-cli suites (source it): starts a fresh ec2sim with instant timing,
# points Debian's aws-cli v2 at it as a student account, and counts checks.
# Usage: source cli_helpers.sh PATH_TO_EC2SIM
binary=$1
passed=0 failed=0

export AWS_ACCESS_KEY_ID=123456789012 AWS_SECRET_ACCESS_KEY=ec2sim AWS_DEFAULT_REGION=ap-northeast-2
export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_ENDPOINT_URL AWS_ENDPOINT_URL_EC2 || true

out=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$out"' EXIT
"$binary" serve --memory --port 0 --quiet --timing instant >"$out/ready" 2>"$out/log" &
pid=$!
for _ in $(seq 100); do grep -q "ready on" "$out/ready" 2>/dev/null && break; sleep 0.05; done
endpoint=$(grep -o 'http://[^ ]*' "$out/ready")
aws() { /usr/bin/aws --endpoint-url "$endpoint" "$@"; }

check() {  # check NAME EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); echo "FAIL $1: expected [$2] got [$3]"; fi
}
error_of() {  # the AWS error code a command fails with
  local message
  if message=$("$@" 2>&1); then echo "no error"; else sed -n 's/.*An error occurred (\([^)]*\)).*/\1/p' <<<"$message" | head -1; fi
}
finish() {
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}
