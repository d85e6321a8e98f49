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
contains "an unknown command is named, with the real ones" "unknown command 'strat'; the commands are serve, reset, clock, check, load-scenario, class, version, connect-info, ssh-config and ssh-proxy" "$message"
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

# A classroom in one command: keys a strict server takes, and a sheet to print.
"$binary" class init --students 3 --prefix lab --dir "$out/class" --endpoint http://10.0.0.5:4566 >"$out/class.txt"
contains "class init says how to serve the room" "ec2sim serve --host 0.0.0.0 --auth strict --credentials $out/class/class.json" \
  "$(cat "$out/class.txt")"
check "class init: one CSV row per student" "name,account_id,access_key,secret_key,region,endpoint,console lab01 lab02 lab03" \
  "$(cut -d, -f1-7 "$out/class/class-sheet.csv" | head -1) $(tail -n +2 "$out/class/class-sheet.csv" | cut -d, -f1 | xargs)"
check "… with the endpoint and the console link" "ap-northeast-2,http://10.0.0.5:4566,http://10.0.0.5:4566/console/" \
  "$(sed -n 2p "$out/class/class-sheet.csv" | cut -d, -f5-7)"
check "… AWS-shaped keys and distinct 12-digit accounts" "3 3 3" \
  "$(tail -n +2 "$out/class/class-sheet.csv" | cut -d, -f3 | grep -cE '^AKIA[A-Z2-7]{16}$') $(tail -n +2 "$out/class/class-sheet.csv" | cut -d, -f4 | grep -cE '^.{40}$') $(tail -n +2 "$out/class/class-sheet.csv" | cut -d, -f2 | sort -u | grep -cE '^[1-9][0-9]{11}$')"
check "… a printable card per student" "3" "$(grep -c 'class="card"' "$out/class/class-sheet.html")"
contains "… holding their keys" "<code>$(sed -n 2p "$out/class/class-sheet.csv" | cut -d, -f3)</code>" "$(cat "$out/class/class-sheet.html")"
check "… only its owner may read the keys" "600 600 600" "$(stat -c %a "$out"/class/class.json "$out"/class/class-sheet.* | xargs)"
"$binary" class init --students 2 --dir "$out/class" >/dev/null 2>"$out/class.err"
check "a second class init does not replace the keys" "1" "$?"
contains "… and says so" "exists; a new class would replace its keys (--force to do so)" "$(cat "$out/class.err")"
"$binary" class init --students 2 --dir "$out/class" --force >/dev/null
check "--force replaces them" "3" "$(wc -l <"$out/class/class-sheet.csv")"
"$binary" serve --memory --port 0 --quiet --auth strict --credentials "$out/class/class.json" >"$out/strict-ready" 2>&1 &
strict_pid=$!
for _ in $(seq 100); do grep -q "ready on" "$out/strict-ready" 2>/dev/null && break; sleep 0.05; done
strict=$(grep -o 'http://[^ ]*' "$out/strict-ready")
key=$(sed -n 2p "$out/class/class-sheet.csv")
check "a student's keys work against the class's server" "$(cut -d, -f2 <<<"$key")" \
  "$(AWS_ACCESS_KEY_ID=$(cut -d, -f3 <<<"$key") AWS_SECRET_ACCESS_KEY=$(cut -d, -f4 <<<"$key") AWS_CONFIG_FILE=/dev/null \
     /usr/bin/aws --endpoint-url "$strict" --region ap-northeast-2 sts get-caller-identity --query Account --output text)"
kill "$strict_pid"; wait "$strict_pid" 2>/dev/null

cmake --install "$build" --prefix "$out/prefix" >/dev/null
check "cmake --install puts a working ec2sim in bin/" "$version" "$("$out/prefix/bin/ec2sim" --version)"
(cd "$out" && cpack --config "$build/CPackConfig.cmake" -B "$out/deb" >/dev/null)
deb=$(ls "$out"/deb/*.deb 2>/dev/null | head -1)
contains "cpack makes a .deb holding /usr/bin/ec2sim" "./usr/bin/ec2sim" "$(dpkg-deb --contents "$deb" 2>&1)"
contains "… that depends on the libraries it links" "libsqlite3-0" "$(dpkg-deb --field "$deb" Depends 2>&1)"

finish
