#!/usr/bin/env bash
# The README's lesson, exactly as written there, against a server with the default
# (realistic) timing: a newcomer copies it line by line, so it must work line by line.
# Each command runs under `set -e`; the test then checks what the comments promise.
# Usage: readme_lesson_test.sh PATH_TO_EC2SIM README
set -euo pipefail
binary=$(realpath "$1") readme=$2
source "$(dirname "$0")/shell_checks.sh"
start_ec2sim "$binary"

# The block after the lesson's heading, pointed at this server: the aws() function's URL,
# `build/ec2sim` as this build's binary (its commands read EC2SIM_ENDPOINT), and the host keys
# ssh accepts kept in the test's own known_hosts.
sed -n '/^## The lesson, with aws-cli/,/^## /p' "$readme" | sed -n '/^```sh$/,/^```$/p' | sed '1d;$d' |
  sed "s|http://127.0.0.1:4566|$endpoint|g; s|^build/ec2sim |\"\$EC2SIM\" |; s| scenarios/| $(realpath "$(dirname "$readme")")/scenarios/|" |
  sed "s|StrictHostKeyChecking=accept-new|StrictHostKeyChecking=accept-new -o UserKnownHostsFile=$out/known_hosts|" >"$out/lesson.sh"
grep -q 'wait instance-terminated' "$out/lesson.sh"  # the block was found
isolate_aws_cli
export EC2SIM="$binary" EC2SIM_ENDPOINT="$endpoint"
(cd "$out" && bash -euo pipefail lesson.sh) >"$out/shown" 2>"$out/errors" || {
  echo "FAIL the README's lesson stopped:"; cat "$out/errors" "$out/shown"; exit 1; }
cat "$out/shown"

expect() {  # expect NAME REGEX: a line of what the lesson showed matches
  verdict "$1" "no line matches /$2/" grep -Eq "$2" "$out/shown"
}
expect "the SSH rule" $'^tcp\t22\t127\\.0\\.0\\.1/32$'
expect "the instance list" 'My-First-EC2 *\| *i-[0-9a-f]{17} *\| *t2\.micro *\| *ap-northeast-2a *\| *running *\| *[0-9.]+ *\| *172\.31\.'
expect "ssh logs in as the AMI's user" '^ec2-user$'
expect "the AMI's OS" '^PRETTY_NAME="Amazon Linux 2023'
expect "the lesson grades itself" '^8/8 checks pass$'
expect "stop answers stopping" '^stopping$'
expect "stopped: no public IP, the private IP stays" $'^stopped\tNone\t172\\.31\\.'
expect "start answers pending" '^pending$'
expect "running again with a public IP" $'^running\t[0-9.]+\t172\\.31\\.'
expect "terminate answers shutting-down" '^shutting-down$'
expect "an hour later the instance is gone" '^\[\]$'
expect "the root volume kept the file over the stop" '^written before the stop$'
first_ip=$(grep -Eo 'running *\| *[0-9.]+' "$out/shown" | grep -Eo '[0-9.]+$')
second_ip=$(grep -P '^running\t' "$out/shown" | cut -f2)
verdict "a new public IP after start" "$first_ip then $second_ip" test -n "$first_ip" -a "$first_ip" != "$second_ip"
verdict "aws-course.pem holds the key" "no RSA key in it" grep -q "BEGIN RSA PRIVATE KEY" "$out/aws-course.pem"
finish
