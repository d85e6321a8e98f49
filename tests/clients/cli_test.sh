#!/usr/bin/env bash
# The ec2sim command itself, as a newcomer meets it: --version and `version`, an unknown
# command, a port that is taken, `reset` and `clock` against a running server (with and
# without its admin token), and installing it: `cmake --install` and a CPack .deb.
# Usage: cli_test.sh PATH_TO_EC2SIM BUILD_DIR
set -uo pipefail
binary=$(realpath "$1") build=$(realpath "$2")
source "$(dirname "$0")/shell_checks.sh"

version=$("$binary" --version)
contains "--version names ec2sim and its API version" "EC2 API 2016-11-15" "$version"
check "version says the same" "$version" "$("$binary" version)"
message=$("$binary" strat 2>&1); status=$?
check "an unknown command exits 2" 2 "$status"
contains "an unknown command is named, with the real ones" "unknown command 'strat'; the commands are serve, reset, clock, check, load-scenario, version, connect-info, ssh-config and ssh-proxy" "$message"
contains "--help lists the commands" "clock" "$("$binary" --help)"

start_ec2sim "$binary" --admin-token s3cret
port=${endpoint##*:}
message=$("$binary" serve --memory --port "$port" 2>&1); status=$?
check "a taken port exits 1" 1 "$status"
contains "a taken port says so and suggests --port" "port $port on 127.0.0.1 is taken" "$message"
contains "… and names the option" "choose another port with --port" "$message"

message=$("$binary" clock --endpoint "$endpoint" 2>&1); status=$?
check "clock without the admin token fails" 1 "$status"
contains "… and says which token to pass" "--admin-token" "$message"
export EC2SIM_ENDPOINT=$endpoint EC2SIM_ADMIN_TOKEN=s3cret
offset() {  # offset [ADVANCE]: the clock's offset after `ec2sim clock [ADVANCE]`
  "$binary" clock "$@" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["offset_seconds"])'
}
check "clock shows the offset" "0.0" "$(offset)"
check "clock +1h moves an hour" "3600.0" "$(offset +1h)"
check "clock 90m moves 90 minutes more" "9000.0" "$(offset 90m)"
"$binary" clock soon >/dev/null 2>&1; check "clock with no duration exits 2" 2 "$?"
"$binary" clock inf >/dev/null 2>&1; check "clock with an infinite duration exits 2" 2 "$?"
"$binary" clock 200y >/dev/null 2>&1; check "clock with an unknown unit exits 2" 2 "$?"
"$binary" clock 40000d >/dev/null 2>&1; check "clock beyond a century exits 2" 2 "$?"
check "the route itself refuses more than a century" 400 \
  "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer s3cret" -d '{"advance_seconds": 1e300}' "$endpoint/_ec2sim/clock")"
isolate_aws_cli
export AWS_ACCESS_KEY_ID=123456789012 AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=ap-northeast-2
keys() { /usr/bin/aws --endpoint-url "$endpoint" ec2 describe-key-pairs --query 'KeyPairs[].KeyName' --output text; }
/usr/bin/aws --endpoint-url "$endpoint" ec2 create-key-pair --key-name kept --query KeyName --output text >/dev/null
"$binary" reset --account 999999999999 >/dev/null
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

finish
