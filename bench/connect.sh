#!/usr/bin/env bash
# Connect benchmark (not a test): a class of thirty, each student with a key pair, an SSH
# rule and a running instance, logging in at the same moment with the real OpenSSH client.
#   - one login, alone: ssh -i key ec2-user@127.0.0.1 -p PORT true (median of 10);
#   - thirty logins at once, each running a command, until the last one is back;
#   - the memory that costs: ec2sim's RSS, and the thirty sandboxes' processes' RSS.
# Usage: bench/connect.sh [STUDENTS (default 30)]
set -euo pipefail
cd "$(dirname "$0")/.."
students=${1:-30}
scripts/install-deps.sh --bench
scripts/build.sh -DEC2SIM_TESTS=OFF
source bench/lib.sh

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
connect_port() { curl -s "${url}_ec2sim/instances/$1/connect" | grep -o '"port":[0-9]*' | cut -d: -f2; }
login() {  # login KEY PORT COMMAND
  ssh -i "$1" -p "$2" -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
      -o LogLevel=error ec2-user@127.0.0.1 "$3"
}

ids=() ports=() keys=()
for n in $(seq "$students"); do
  account=$((400000000000 + n))
  post $account "Action=CreateKeyPair&KeyName=student" |
    python3 -c 'import re, sys; print(re.search(r"<keyMaterial>(.*?)</keyMaterial>", sys.stdin.read(), re.S).group(1))' \
    >"$dir/key-$n.pem"
  chmod 400 "$dir/key-$n.pem"
  sg=$(post $account "Action=CreateSecurityGroup&GroupName=ssh&GroupDescription=ssh" | grep -o 'sg-[0-9a-f]*' | head -1)
  post $account "Action=AuthorizeSecurityGroupIngress&GroupId=$sg&IpProtocol=tcp&FromPort=22&ToPort=22&CidrIp=127.0.0.1/32" >/dev/null
  id=$(post $account "Action=RunInstances&ImageId=$ami&InstanceType=t2.micro&MinCount=1&MaxCount=1&KeyName=student&SecurityGroupId.1=$sg" |
         grep -o '<instanceId>i-[0-9a-f]*' | sed 's/<instanceId>//')
  ids+=("$id") keys+=("$dir/key-$n.pem") ports+=("$(connect_port "$id")")
done

echo "== one login, alone (median of 10; the first starts the instance's sandbox)"
login "${keys[0]}" "${ports[0]}" true
times=()
for _ in $(seq 10); do
  started=$(date +%s%N)
  login "${keys[0]}" "${ports[0]}" true
  times+=($(( ($(date +%s%N) - started) / 1000000 )))
done
echo "ssh … true: $(printf '%s\n' "${times[@]}" | sort -n | sed -n 5p) ms"

echo "== $students students log in at once (each a first login: its sandbox starts)"
started=$(date +%s%N)
sessions=()
for n in $(seq 1 $((students - 1))); do
  login "${keys[$n]}" "${ports[$n]}" 'test "$(whoami)" = ec2-user && sleep 1' &
  sessions+=($!)
done
wait "${sessions[@]}"  # not the server, also a child of this shell
echo "all $((students - 1)) sessions done in $(( ($(date +%s%N) - started) / 1000000 )) ms (each sleeps 1 s inside)"

echo "== memory with $students sandboxes"
sandbox_kib=0
for p in $(pgrep -f 'sleep infinity' || true); do sandbox_kib=$((sandbox_kib + $(rss_kib "$p"))); done
for p in $(pgrep -x bwrap || true); do sandbox_kib=$((sandbox_kib + $(rss_kib "$p"))); done
echo "ec2sim RSS $(( $(rss_kib "$pid") / 1024 )) MiB; sandboxes' processes $((sandbox_kib / 1024)) MiB in all"
