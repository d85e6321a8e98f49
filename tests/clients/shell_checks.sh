# Shared by the shell suites (source it): counts checks, starts a server, says the result.
#   check NAME EXPECTED ACTUAL      passes when they are equal
#   contains NAME NEEDLE HAYSTACK   passes when the needle is in the haystack
#   verdict NAME WHY COMMAND…       passes when COMMAND succeeds (says WHY when not)
#   start_ec2sim BINARY ARGS…       `ec2sim serve --memory --port 0 --quiet ARGS…` in the
#                                   background: sets pid, endpoint, out (a temporary
#                                   directory removed, with the server, on exit)
#   isolate_aws_cli                 Debian's aws-cli sees no config, profile, pager or
#                                   endpoint of the machine it runs on
#   finish                          prints "N passed, N failed"; fails if any failed
passed=0 failed=0

check() {
  if [[ "$2" == "$3" ]]; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); echo "FAIL $1: expected [$2] got [$3]"; fi
}
contains() {
  if [[ "$3" == *"$2"* ]]; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); echo "FAIL $1: [$2] not in [$3]"; fi
}
verdict() {
  if "${@:3}"; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); echo "FAIL $1: $2"; fi
}
start_ec2sim() {
  local binary=$1
  shift
  out=$(mktemp -d)
  # `|| true`: under errexit a server already stopped by its suite must not fail the exit.
  trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$out"' EXIT
  "$binary" serve --memory --port 0 --quiet "$@" >"$out/ready" 2>"$out/log" &
  pid=$!
  for _ in $(seq 100); do grep -q "ready on" "$out/ready" 2>/dev/null && break; sleep 0.05; done
  endpoint=$(grep -o 'http://[^ ]*' "$out/ready")
}
isolate_aws_cli() {
  export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
  unset AWS_PROFILE AWS_ENDPOINT_URL AWS_ENDPOINT_URL_EC2 || true
}
finish() {
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}
