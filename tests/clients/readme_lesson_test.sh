#!/usr/bin/env bash
# The README's lesson, exactly as written there, against a server with the default
# (realistic) timing: a newcomer copies it line by line, so it must work line by line.
# Each command runs under `set -e`; the test then checks what the comments promise.
# Usage: readme_lesson_test.sh PATH_TO_EC2SIM README
set -euo pipefail
binary=$(realpath "$1") readme=$2
out=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$out"' EXIT
"$binary" serve --memory --port 0 --quiet >"$out/ready" 2>"$out/log" &
pid=$!
for _ in $(seq 100); do grep -q "ready on" "$out/ready" 2>/dev/null && break; sleep 0.05; done
endpoint=$(grep -o 'http://[^ ]*' "$out/ready")

# The block after the lesson's heading, pointed at this server: the aws() function's URL,
# `build/ec2sim` as this build's binary (its commands read EC2SIM_ENDPOINT).
sed -n '/^## The lesson, with aws-cli/,/^## /p' "$readme" | sed -n '/^```sh$/,/^```$/p' | sed '1d;$d' |
  sed "s|http://127.0.0.1:4566|$endpoint|g; s|^build/ec2sim |\"\$EC2SIM\" |" >"$out/lesson.sh"
grep -q 'wait instance-terminated' "$out/lesson.sh"  # the block was found
export EC2SIM="$binary" EC2SIM_ENDPOINT="$endpoint" AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true \
       AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_ENDPOINT_URL AWS_ENDPOINT_URL_EC2 || true
(cd "$out" && bash -euo pipefail lesson.sh) >"$out/shown" 2>"$out/errors" || {
  echo "FAIL the README's lesson stopped:"; cat "$out/errors" "$out/shown"; exit 1; }
cat "$out/shown"

passed=0 failed=0
expect() {  # expect NAME REGEX: a line of what the lesson showed matches
  if grep -Eq "$2" "$out/shown"; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); echo "FAIL $1: no line matches /$2/"; fi
}
expect "the SSH rule" $'^tcp\t22\t203\\.0\\.113\\.7/32$'
expect "the instance list" 'My-First-EC2 *\| *i-[0-9a-f]{17} *\| *t2\.micro *\| *ap-northeast-2a *\| *running *\| *[0-9.]+ *\| *172\.31\.'
expect "stop answers stopping" '^stopping$'
expect "stopped: no public IP, the private IP stays" $'^stopped\tNone\t172\\.31\\.'
expect "start answers pending" '^pending$'
expect "running again with a public IP" $'^running\t[0-9.]+\t172\\.31\\.'
expect "terminate answers shutting-down" '^shutting-down$'
expect "an hour later the instance is gone" '^\[\]$'
first_ip=$(grep -Eo 'running *\| *[0-9.]+' "$out/shown" | grep -Eo '[0-9.]+$')
second_ip=$(grep -P '^running\t' "$out/shown" | cut -f2)
if [[ -n $first_ip && $first_ip != "$second_ip" ]]; then passed=$((passed + 1)); echo "ok   a new public IP after start"
else failed=$((failed + 1)); echo "FAIL a new public IP after start: $first_ip then $second_ip"; fi
[[ -s $out/aws-course.pem ]] && grep -q "BEGIN RSA PRIVATE KEY" "$out/aws-course.pem" && passed=$((passed + 1)) ||
  { failed=$((failed + 1)); echo "FAIL aws-course.pem holds the key"; }
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
