#!/usr/bin/env bash
# The ec2sim command itself, as a newcomer meets it: --version and `version`, an unknown
# command, a port that is taken, `reset` and `clock` against a running server (with and
# without its admin token), and installing it: `cmake --install` and a CPack .deb.
# Usage: cli_test.sh PATH_TO_EC2SIM BUILD_DIR
set -uo pipefail
binary=$(realpath "$1") build=$(realpath "$2")
passed=0 failed=0
check() {  # check NAME EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); echo "FAIL $1: expected [$2] got [$3]"; fi
}
contains() {  # contains NAME NEEDLE HAYSTACK
  if [[ "$3" == *"$2"* ]]; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); echo "FAIL $1: [$2] not in [$3]"; fi
}
out=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$out"' EXIT

version=$("$binary" --version)
contains "--version names ec2sim and its API version" "EC2 API 2016-11-15" "$version"
check "version says the same" "$version" "$("$binary" version)"
message=$("$binary" strat 2>&1); status=$?
check "an unknown command exits 2" 2 "$status"
contains "an unknown command is named, with the real ones" "unknown command 'strat'; the commands are serve, reset, clock and version" "$message"
contains "--help lists the commands" "clock" "$("$binary" --help)"

"$binary" serve --memory --port 0 --quiet --admin-token s3cret >"$out/ready" 2>"$out/log" &
pid=$!
for _ in $(seq 100); do grep -q "ready on" "$out/ready" 2>/dev/null && break; sleep 0.05; done
endpoint=$(grep -o 'http://[^ ]*' "$out/ready")
port=${endpoint##*:}
message=$("$binary" serve --memory --port "$port" 2>&1); status=$?
check "a taken port exits 1" 1 "$status"
contains "a taken port says so and suggests --port" "port $port on 127.0.0.1 is taken" "$message"
contains "… and names the option" "choose another port with --port" "$message"

message=$("$binary" clock --endpoint "$endpoint" 2>&1); status=$?
check "clock without the admin token fails" 1 "$status"
contains "… and says which token to pass" "--admin-token" "$message"
export EC2SIM_ENDPOINT=$endpoint EC2SIM_ADMIN_TOKEN=s3cret
before=$("$binary" clock | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["offset_seconds"])')
check "clock shows the offset" "0.0" "$before"
after=$("$binary" clock +1h | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["offset_seconds"])')
check "clock +1h moves an hour" "3600.0" "$after"
after=$("$binary" clock 90m | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["offset_seconds"])')
check "clock 90m moves 90 minutes more" "9000.0" "$after"
"$binary" clock soon >/dev/null 2>&1; check "clock with no duration exits 2" 2 "$?"
"$binary" clock inf >/dev/null 2>&1; check "clock with an infinite duration exits 2" 2 "$?"
"$binary" clock 200y >/dev/null 2>&1; check "clock with an unknown unit exits 2" 2 "$?"
"$binary" clock 40000d >/dev/null 2>&1; check "clock beyond a century exits 2" 2 "$?"
check "the route itself refuses more than a century" 400 \
  "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer s3cret" -d '{"advance_seconds": 1e300}' "$endpoint/_ec2sim/clock")"
AWS_ACCESS_KEY_ID=123456789012 AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=ap-northeast-2 AWS_CONFIG_FILE=/dev/null \
  /usr/bin/aws --endpoint-url "$endpoint" ec2 create-key-pair --key-name kept --query KeyName --output text >/dev/null
"$binary" reset --account 999999999999 >/dev/null
keys() { AWS_ACCESS_KEY_ID=123456789012 AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=ap-northeast-2 AWS_CONFIG_FILE=/dev/null \
  /usr/bin/aws --endpoint-url "$endpoint" ec2 describe-key-pairs --query 'KeyPairs[].KeyName' --output text; }
check "reset of another account keeps this one's key" "kept" "$(keys)"
"$binary" reset >/dev/null
check "reset forgets it" "" "$(keys)"
unset EC2SIM_ENDPOINT EC2SIM_ADMIN_TOKEN

cmake --install "$build" --prefix "$out/prefix" >/dev/null
check "cmake --install puts a working ec2sim in bin/" "$version" "$("$out/prefix/bin/ec2sim" --version)"
(cd "$out" && cpack --config "$build/CPackConfig.cmake" -B "$out/deb" >/dev/null)
deb=$(ls "$out"/deb/*.deb 2>/dev/null | head -1)
contains "cpack makes a .deb holding /usr/bin/ec2sim" "./usr/bin/ec2sim" "$(dpkg-deb --contents "$deb" 2>&1)"
contains "… that depends on the libraries it links" "libsqlite3-0" "$(dpkg-deb --field "$deb" Depends 2>&1)"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
