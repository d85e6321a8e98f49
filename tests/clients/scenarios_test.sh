#!/usr/bin/env bash
# The shipped scenarios (scenarios/*.json), each played with Debian's aws-cli v2 (and ssh
# where the lesson logs in) and graded by `ec2sim check`: a correct solution passes every
# check (exit 0); a wrong one fails exactly the check it should, with that check's hint,
# in English and in Korean. Students are accounts of one open server; the vCPU quota and
# the fixture each get a server started with --scenario.
# Usage: scenarios_test.sh PATH_TO_EC2SIM SCENARIOS_DIR
set -euo pipefail
source "$(dirname "$0")/cli_helpers.sh" "$1"
scenarios=$2
as() { export AWS_ACCESS_KEY_ID=$1; }  # a student: in open mode the access key is the account
grade() { "$binary" check --endpoint "$endpoint" "$@"; }
# The ids of the checks that fail, in order, from `ec2sim check --json`.
failing() {
  grade --json "$@" | /usr/bin/python3 -c 'import json,sys; print(" ".join(c["id"] for c in json.load(sys.stdin)["checks"] if not c["passed"]))'
}
exit_of() { "$@" >/dev/null 2>&1 && echo 0 || echo $?; }
hint_of() {  # hint_of FILE CHECK LANG: the hint the scenario gives
  /usr/bin/python3 -c 'import json,sys; print(next(c["hint"][sys.argv[3]] for c in json.load(open(sys.argv[1]))["checks"] if c["id"] == sys.argv[2]))' "$@"
}
wrong() {  # wrong NAME FILE "IDS": exactly those checks fail, each with its hint in English and in Korean
  local en ko id
  check "$1: exactly [$3] fail" "$3" "$(failing "$2")"
  check "$1: check exits 1" "1" "$(exit_of grade "$2")"
  en=$(grade --lang en "$2" || true)
  ko=$(grade --lang ko "$2" || true)
  for id in $3; do
    contains "$1: $id's hint in English" "Hint: $(hint_of "$2" "$id" en)" "$en"
    contains "$1: $id's hint in Korean" "힌트: $(hint_of "$2" "$id" ko)" "$ko"
  done
}
instance_named() {
  aws ec2 describe-instances --filters "Name=tag:Name,Values=$1" "Name=instance-state-name,Values=pending,running,stopped" \
    --query 'Reservations[0].Instances[0].InstanceId' --output text
}
restart() {
  aws ec2 stop-instances --instance-ids "$1" >/dev/null
  aws ec2 wait instance-stopped --instance-ids "$1"
  aws ec2 start-instances --instance-ids "$1" >/dev/null
  aws ec2 wait instance-running --instance-ids "$1"
}
ami=$(aws ec2 describe-images --owners amazon --filters 'Name=name,Values=al2023-ami-2023*-x86_64' \
        --query 'sort_by(Images,&CreationDate)[-1].ImageId' --output text)
"$binary" ssh-config --endpoint "$endpoint" >"$out/ssh_config"

# --- first-instance: the seed lesson, every step, including the ssh login -------------
first_instance() {  # first_instance ACCOUNT SOURCE_CIDR: the lesson, with SSH allowed from SOURCE_CIDR
  as "$1"
  aws ec2 create-key-pair --key-name aws-course --query KeyMaterial --output text >"$out/$1.pem"
  chmod 400 "$out/$1.pem"
  local sg id
  sg=$(aws ec2 create-security-group --group-name launch-wizard-1 --description "SSH from my PC" --query GroupId --output text)
  aws ec2 authorize-security-group-ingress --group-id "$sg" --protocol tcp --port 22 --cidr "$2" >/dev/null
  id=$(aws ec2 run-instances --image-id "$ami" --instance-type t2.micro --key-name aws-course --security-group-ids "$sg" \
         --placement AvailabilityZone=ap-northeast-2a \
         --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=My-First-EC2}]' \
         --query 'Instances[0].InstanceId' --output text)
  aws ec2 wait instance-running --instance-ids "$id"
  ssh -F "$out/ssh_config" -i "$out/$1.pem" -o BatchMode=yes -o StrictHostKeyChecking=accept-new \
      -o UserKnownHostsFile="$out/known_hosts" "ec2-user@$(aws ec2 describe-instances --instance-ids "$id" \
      --query 'Reservations[0].Instances[0].PublicDnsName' --output text)" whoami
}
check "first-instance, before anything: every check but none fails" \
  "key-pair instance-running free-tier-type amazon-linux zone-2a key-pair-used ssh-from-one-address logged-in" \
  "$(failing "$scenarios/first-instance.json" --account 111111111111)"
first_instance 111111111111 127.0.0.1/32 >"$out/whoami" 2>/dev/null
check "first-instance, correct: ssh logs in" "ec2-user" "$(cat "$out/whoami")"
check "first-instance, correct: every check passes (exit 0)" "0" "$(exit_of grade "$scenarios/first-instance.json")"
report=$(grade "$scenarios/first-instance.json" --lang en)
check "first-instance, correct: eight ✓ lines" "8" "$(grep -c '^✓ ' <<<"$report")"
contains "first-instance, correct: the summary" "8/8 checks pass" "$report"
contains "the account comes from AWS_ACCESS_KEY_ID" "account 111111111111" "$report"

# Wrong: SSH open to the world.
first_instance 222222222222 0.0.0.0/0 >/dev/null 2>&1 || true
wrong "first-instance, SSH from anywhere: exactly that check fails" "$scenarios/first-instance.json" "ssh-from-one-address"
report=$(grade "$scenarios/first-instance.json" --lang en || true)
contains "... with its hint in English" "✗ Its security group allows only SSH (TCP 22), from one address
    Hint: In step 6 (Configure Security Group) keep one rule: type SSH, source My IP (a /32)." "$report"
report=$(LANG=ko_KR.UTF-8 grade "$scenarios/first-instance.json" || true)
contains "... and in Korean when LANG is Korean" "✗ 보안 그룹이 한 주소에서 오는 SSH(TCP 22)만 허용합니다
    힌트: 6단계(보안 그룹 구성)에서 규칙을 하나만 두세요" "$report"
contains "... Korean summary" "7/8 항목 통과" "$report"

# Wrong: an Ubuntu t3.micro, never logged in to.
as 333333333333
aws ec2 create-key-pair --key-name aws-course --query KeyMaterial --output text >/dev/null
sg=$(aws ec2 create-security-group --group-name launch-wizard-1 --description "SSH" --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id "$sg" --protocol tcp --port 22 --cidr 127.0.0.1/32 >/dev/null
ubuntu=$(aws ec2 describe-images --owners 099720109477 --filters 'Name=name,Values=ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-*' \
           --query 'Images[0].ImageId' --output text)
aws ec2 run-instances --image-id "$ubuntu" --instance-type t3.micro --key-name aws-course --security-group-ids "$sg" \
  --placement AvailabilityZone=ap-northeast-2a \
  --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=My-First-EC2}]' >/dev/null
wrong "first-instance, Ubuntu t3.micro and no login: those three fail" "$scenarios/first-instance.json" "free-tier-type amazon-linux logged-in"
contains "the JSON says what was found" '"detail": "0 of 1 instances match"' "$(grade --json "$scenarios/first-instance.json" || true)"

# --- termination-protection: loaded into the running server for one account -------------
check "load-scenario: setup runs for the account" "termination-protection 444444444444" \
  "$("$binary" load-scenario --endpoint "$endpoint" --account 444444444444 "$scenarios/termination-protection.json" |
     /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["loaded"], *r["set_up"])')"
as 444444444444
server=$(instance_named Practice-Server)
check "the setup's instance is running before the student starts" "running" \
  "$(aws ec2 describe-instances --instance-ids "$server" --query 'Reservations[0].Instances[0].State.Name' --output text)"
check "the check route grades an account by its loaded scenario" "termination-protection 0/3" \
  "$(curl -s -X POST -d '{"account_id": "444444444444"}' "$endpoint/_ec2sim/check" |
     /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["scenario"], "%d/%d" % (r["passed"], r["total"]))')"
aws ec2 modify-instance-attribute --instance-id "$server" --disable-api-termination
check "termination-protection: terminate is refused" "OperationNotPermitted" \
  "$(error_of aws ec2 terminate-instances --instance-ids "$server")"
wrong "termination-protection, half done: exactly the last check fails" "$scenarios/termination-protection.json" "terminated-after"
aws ec2 modify-instance-attribute --instance-id "$server" --no-disable-api-termination
aws ec2 terminate-instances --instance-ids "$server" >/dev/null
check "termination-protection, correct: every check passes" "0" "$(exit_of grade "$scenarios/termination-protection.json")"
"$binary" load-scenario --endpoint "$endpoint" --account 555555555555 "$scenarios/termination-protection.json" >/dev/null
as 555555555555
aws ec2 terminate-instances --instance-ids "$(instance_named Practice-Server)" >/dev/null
wrong "termination-protection, terminated unprotected" "$scenarios/termination-protection.json" \
  "protection-on termination-refused terminated-after"

# --- fixed-ip --------------------------------------------------------------------------
"$binary" load-scenario --endpoint "$endpoint" --account 666666666666 "$scenarios/fixed-ip.json" >/dev/null
as 666666666666
web=$(instance_named Web-Server)
restart "$web"
alloc=$(aws ec2 allocate-address --query AllocationId --output text)
aws ec2 associate-address --allocation-id "$alloc" --instance-id "$web" >/dev/null
wrong "fixed-ip, associated but not restarted since: exactly that check fails" "$scenarios/fixed-ip.json" "address-kept"
restart "$web"
check "fixed-ip, correct: every check passes" "0" "$(exit_of grade "$scenarios/fixed-ip.json")"

# --- instance-store-vs-ebs ---------------------------------------------------------------
"$binary" load-scenario --endpoint "$endpoint" --account 777777777777 "$scenarios/instance-store-vs-ebs.json" >/dev/null
as 777777777777
lab=$(instance_named Storage-Lab)
install -m 400 "$scenarios/keys/storage-lab.pem" "$out/storage-lab.pem"  # as the lesson says: chmod 400
on_lab() {  # a command on Storage-Lab over ssh, with the scenario's lab key
  ssh -F "$out/ssh_config" -i "$out/storage-lab.pem" -o BatchMode=yes -o StrictHostKeyChecking=accept-new \
      -o UserKnownHostsFile="$out/known_hosts" "ec2-user@$(aws ec2 describe-instances --instance-ids "$lab" \
      --query 'Reservations[0].Instances[0].PublicDnsName' --output text)" "$1" 2>/dev/null
}
check "the setup's notes, seen over ssh with the lab key" "I am on the EBS root volume. I am on the instance store." \
  "$(on_lab 'cat ~/notes.txt /media/ephemeral0/scratch.txt' | xargs)"
aws ec2 reboot-instances --instance-ids "$lab"
wrong "instance-store-vs-ebs, only rebooted" "$scenarios/instance-store-vs-ebs.json" "restarted instance-store-lost answer"
restart "$lab"
check "after a stop and start, only the EBS note is there" "notes.txt" "$(on_lab 'ls ~/notes.txt /media/ephemeral0/scratch.txt 2>/dev/null | xargs -n1 basename')"
on_lab 'echo scratch.txt > ~/answer.txt'
wrong "instance-store-vs-ebs, wrong answer" "$scenarios/instance-store-vs-ebs.json" "answer"
on_lab 'echo notes.txt > ~/answer.txt'
check "instance-store-vs-ebs, correct: every check passes" "0" "$(exit_of grade "$scenarios/instance-store-vs-ebs.json")"

# --- spot-interruption: the timeline runs on the simulated clock ----------------------
"$binary" load-scenario --endpoint "$endpoint" --account 121212121212 "$scenarios/spot-interruption.json" >/dev/null
as 121212121212
aws ec2 create-key-pair --key-name k --query KeyMaterial --output text >"$out/k.pem"
chmod 400 "$out/k.pem"
sg=$(aws ec2 create-security-group --group-name ssh --description "SSH" --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id "$sg" --protocol tcp --port 22 --cidr 127.0.0.1/32 >/dev/null
worker=$(aws ec2 run-instances --image-id "$ami" --instance-type t3.micro --key-name k --security-group-ids "$sg" \
           --instance-market-options MarketType=spot \
           --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=Worker}]' --query 'Instances[0].InstanceId' --output text)
aws ec2 wait instance-running --instance-ids "$worker"
spot_status() { aws ec2 describe-spot-instance-requests --query 'SpotInstanceRequests[0].[State,Status.Code]' --output text; }
imds_action() {
  ssh -F "$out/ssh_config" -i "$out/k.pem" -o BatchMode=yes -o StrictHostKeyChecking=accept-new \
      -o UserKnownHostsFile="$out/known_hosts" "ec2-user@$(aws ec2 describe-instances --instance-ids "$worker" \
      --query 'Reservations[0].Instances[0].PublicDnsName' --output text)" \
      'T=$(curl -s -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 60");
       curl -s -o /dev/null -w "%{http_code} " -H "X-aws-ec2-metadata-token: $T" http://169.254.169.254/latest/meta-data/spot/instance-action;
       curl -s -H "X-aws-ec2-metadata-token: $T" http://169.254.169.254/latest/meta-data/spot/instance-action' 2>/dev/null
}
check "spot: no notice before its time" "active	fulfilled" "$(spot_status)"
contains "spot: IMDS has no instance-action yet" "404" "$(imds_action)"
"$binary" clock --endpoint "$endpoint" +9m >/dev/null
check "spot: nine minutes in, still no notice" "active	fulfilled" "$(spot_status)"
"$binary" clock --endpoint "$endpoint" +1m >/dev/null
check "spot: ten minutes after it ran, the request is marked for termination" "active	marked-for-termination" "$(spot_status)"
contains "spot: IMDS spot/instance-action says terminate" '200 {"action":"terminate","time":"' "$(imds_action)"
check "spot: DescribeInstanceStatus shows the event" "instance-retirement	Spot Instance interruption: the instance will be terminated" \
  "$(aws ec2 describe-instance-status --instance-ids "$worker" --query 'InstanceStatuses[0].Events[0].[Code,Description]' --output text)"
check "spot: the two minutes are not over" "running" \
  "$(aws ec2 describe-instances --instance-ids "$worker" --query 'Reservations[0].Instances[0].State.Name' --output text)"
"$binary" clock --endpoint "$endpoint" +2m >/dev/null
check "spot: then it is terminated, for capacity" "terminated	Server.SpotInstanceTermination	Server.SpotInstanceTermination: Spot instance termination" \
  "$(aws ec2 describe-instances --instance-ids "$worker" --query 'Reservations[0].Instances[0].[State.Name,StateReason.Code,StateReason.Message]' --output text)"
check "spot: its request closed, no capacity" "closed	instance-terminated-no-capacity" "$(spot_status)"
wrong "spot-interruption, not relaunched: exactly that check fails" "$scenarios/spot-interruption.json" "on-demand-again"
aws ec2 run-instances --image-id "$ami" --instance-type t3.micro \
  --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=Worker}]' >/dev/null
check "spot-interruption, relaunched on demand: every check passes" "0" "$(exit_of grade "$scenarios/spot-interruption.json")"

# --- az-outage --------------------------------------------------------------------------
"$binary" load-scenario --endpoint "$endpoint" --account 131313131313 "$scenarios/az-outage.json" >/dev/null
as 131313131313
web_a=$(instance_named Web-A)
status_of_a() { aws ec2 describe-instance-status --instance-ids "$web_a" --query 'InstanceStatuses[0].[SystemStatus.Status,InstanceStatus.Status]' --output text; }
launch_b() { aws ec2 run-instances --image-id "$ami" --instance-type t2.micro "$@" \
               --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=Web-B}]' --query 'Instances[0].Placement.AvailabilityZone' --output text; }
check "az-outage: before the outage Web-A is ok" "ok	ok" "$(status_of_a)"
"$binary" clock --endpoint "$endpoint" +1m >/dev/null
check "az-outage: then its status checks are impaired" "impaired	impaired" "$(status_of_a)"
message=$(launch_b --placement AvailabilityZone=ap-northeast-2a 2>&1 || true)
contains "az-outage: a launch into 2a is refused as AWS words it" "An error occurred (InsufficientInstanceCapacity) when calling the RunInstances operation: We currently do not have sufficient t2.micro capacity in the Availability Zone you requested (ap-northeast-2a). Our system will be working on provisioning additional capacity. You can currently get t2.micro capacity by not specifying an Availability Zone in your request or choosing ap-northeast-2b, ap-northeast-2c, ap-northeast-2d." "$message"
wrong "az-outage, refused only: exactly the relaunch check fails" "$scenarios/az-outage.json" "web-b-elsewhere"
zones=""
for _ in 1 2 3 4 5 6; do zones+="$(launch_b) "; done
check "az-outage: without a zone, EC2 picks one with capacity" "no 2a" "$([[ $zones == *ap-northeast-2a* ]] && echo "$zones" || echo "no 2a")"
check "az-outage, relaunched elsewhere: every check passes" "0" "$(exit_of grade "$scenarios/az-outage.json")"
"$binary" clock --endpoint "$endpoint" +30m >/dev/null
check "az-outage: thirty minutes later Web-A recovers" "ok	ok" "$(status_of_a)"
check "az-outage: and 2a launches again" "ap-northeast-2a" "$(launch_b --placement AvailabilityZone=ap-northeast-2a)"

# --- scheduled events and volume impairment, from a scenario of the test's own ------------
cat >"$out/maintenance.json" <<'JSON'
{"name": "maintenance", "title": {"en": "Maintenance", "ko": "유지 관리"},
 "setup": [
   {"as": "old", "call": "RunInstances", "input": {"ImageId": "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
     "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1,
     "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "old-host"}]}]}},
   {"as": "moved", "call": "RunInstances", "input": {"ImageId": "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
     "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1,
     "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "moved-host"}]}]}},
   {"call": "CreateVolume", "input": {"AvailabilityZone": "ap-northeast-2a", "Size": 8,
     "TagSpecifications": [{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "data"}]}]}}],
 "timeline": [
   {"id": "retire", "at": "0s", "scheduled_event": {"code": "instance-retirement", "in": "2d",
     "where": {"Tags[*].Value": {"one_of": ["old-host", "moved-host"]}}}},
   {"id": "reboot", "at": "0s", "scheduled_event": {"code": "system-reboot", "in": "1d", "window": "2h",
     "where": {"Tags[*].Value": "old-host"}}},
   {"id": "disk", "at": "5m", "volume_impairment": {"where": {"Tags[*].Value": "data"}, "for": "1h"}}]}
JSON
"$binary" load-scenario --endpoint "$endpoint" --account 141414141414 "$out/maintenance.json" >/dev/null
as 141414141414
old=$(instance_named old-host)
moved=$(instance_named moved-host)
"$binary" clock --endpoint "$endpoint" +1s >/dev/null
events_of() {  # "code description;" per event, sorted
  aws ec2 describe-instance-status --instance-ids "$1" --query 'InstanceStatuses[0].Events[].[Code,Description]' --output text |
    sort | tr '\n\t' '; '
}
check "scheduled: retirement and a reboot, with their descriptions" \
  "instance-retirement The instance is running on degraded hardware;system-reboot scheduled reboot;" "$(events_of "$old")"
check "scheduled: the reboot has a two-hour window" "7200" \
  "$(aws ec2 describe-instance-status --instance-ids "$old" --output json --query 'InstanceStatuses[0].Events[?Code==`system-reboot`]|[0].[NotBefore,NotAfter]' |
     /usr/bin/python3 -c 'import json,sys,datetime as d; a,b=json.load(sys.stdin); print(int((d.datetime.fromisoformat(b)-d.datetime.fromisoformat(a)).total_seconds()))')"
restart "$moved"
check "scheduled: a stop and start moves the instance off the retiring hardware" "" "$(events_of "$moved")"
"$binary" clock --endpoint "$endpoint" +1d >/dev/null
check "scheduled: a day later the reboot is done" "instance-retirement The instance is running on degraded hardware;system-reboot [Completed] scheduled reboot;" \
  "$(events_of "$old")"
"$binary" clock --endpoint "$endpoint" +1d >/dev/null
check "scheduled: two days later the retiring instance is stopped" "stopped	Server.ScheduledStop" \
  "$(aws ec2 describe-instances --instance-ids "$old" --query 'Reservations[0].Instances[0].[State.Name,StateReason.Code]' --output text)"
check "scheduled: the moved one runs on" "running" \
  "$(aws ec2 describe-instances --instance-ids "$moved" --query 'Reservations[0].Instances[0].State.Name' --output text)"
volume_status() { aws ec2 describe-volume-status --volume-ids "$(aws ec2 describe-volumes --filters Name=tag:Name,Values=data \
                    --query 'Volumes[0].VolumeId' --output text)" --query 'VolumeStatuses[0].[VolumeStatus.Status,Events[0].EventType,Actions[0].Code]' --output text; }
check "volume impairment: long over two days later" "ok	None	None" "$(volume_status)"
"$binary" load-scenario --endpoint "$endpoint" --account 151515151515 "$out/maintenance.json" >/dev/null
as 151515151515
check "volume impairment: the volume is ok at first" "ok	None	None" "$(volume_status)"
"$binary" clock --endpoint "$endpoint" +5m >/dev/null
check "volume impairment: then impaired, with its event and action" "impaired	potential-data-inconsistency	enable-volume-io" "$(volume_status)"
"$binary" clock --endpoint "$endpoint" +1h >/dev/null
check "volume impairment: an hour later ok again" "ok	None	None" "$(volume_status)"
"$binary" load-scenario --endpoint "$endpoint" --account 161616161616 "$out/maintenance.json" >/dev/null
as 161616161616
"$binary" clock --endpoint "$endpoint" +5m >/dev/null
aws ec2 enable-volume-io --volume-id "$(aws ec2 describe-volumes --filters Name=tag:Name,Values=data --query 'Volumes[0].VolumeId' --output text)"
check "volume impairment: EnableVolumeIO ends it at once" "ok	None	None" "$(volume_status)"
check "EnableVolumeIO of a volume that does not exist" "InvalidVolume.NotFound" \
  "$(error_of aws ec2 enable-volume-io --volume-id vol-0000000000000dead)"

# --- a mistake is refused with where it is; quotas are a server's -------------------------
echo '{"name": "x", "title": {"en": "X", "ko": "엑스"}, "checks": [{"id": "a", "title": {"en": "A", "ko": "에이"},
  "hint": {"en": "H", "ko": "에이치"}, "find": "instances", "where": {"State.Name": {"like": "run"}}}]}' >"$out/bad.json"
check "a malformed scenario: check exits 2" "2" "$(exit_of grade "$out/bad.json" --account 111111111111)"
contains "... saying where" "checks[0].where.State.Name: 'like' is not an operator" \
  "$(grade "$out/bad.json" --account 111111111111 2>&1 || true)"
contains "a scenario's quotas cannot be loaded into a running server" "quotas are set when a server starts" \
  "$("$binary" load-scenario --endpoint "$endpoint" "$scenarios/vcpu-quota.json" 2>&1 || true)"
check "check names the account when the server has several" "2" \
  "$(AWS_ACCESS_KEY_ID=x exit_of grade "$scenarios/first-instance.json")"
kill "$pid"; wait "$pid" 2>/dev/null || true
rm -rf "$out"

# --- vcpu-quota: a server started with the scenario -------------------------------------
start_ec2sim "$binary" --timing instant --scenario "$scenarios/vcpu-quota.json" --quota vcpus-standard=6  # --quota has the last word
as 888888888888
aws ec2 run-instances --image-id "$ami" --instance-type t3.medium \
  --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=Batch}]' >/dev/null
wrong "vcpu-quota, never hit the limit: exactly that check fails" "$scenarios/vcpu-quota.json" "limit-met"
as 999999999999
contains "vcpu-quota: c5.2xlarge is refused, under the server's quota" "(VcpuLimitExceeded) when calling the RunInstances operation: You have requested more vCPU capacity than your current vCPU limit of 6" \
  "$(aws ec2 run-instances --image-id "$ami" --instance-type c5.2xlarge \
       --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=Batch}]' 2>&1)"
aws ec2 run-instances --image-id "$ami" --instance-type t3.medium \
  --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=Batch}]' >/dev/null
check "vcpu-quota, correct: every check passes" "0" "$(exit_of grade "$scenarios/vcpu-quota.json")"
kill "$pid"; wait "$pid" 2>/dev/null || true
rm -rf "$out"

# --- a class: a student grades their own account with their own keys ----------------------
class_dir=$(mktemp -d)
"$binary" class init --students 2 --dir "$class_dir" --endpoint http://127.0.0.1:4566 >/dev/null
start_ec2sim "$binary" --timing instant --auth strict --credentials "$class_dir/class.json" \
  --scenario "$scenarios/first-instance.json"
token=$(grep -o 'admin token [0-9a-f]*' "$out/ready" | cut -d' ' -f3)
student() {  # student N COMMAND…: as the class sheet's student N
  local row
  row=$(sed -n "$(($1 + 1))p" "$class_dir/class-sheet.csv")
  AWS_ACCESS_KEY_ID=$(cut -d, -f3 <<<"$row") AWS_SECRET_ACCESS_KEY=$(cut -d, -f4 <<<"$row") "${@:2}"
}
student 1 aws ec2 create-key-pair --key-name aws-course --query KeyName --output text >/dev/null
report=$(student 1 "$binary" check --endpoint "$endpoint" --lang en "$scenarios/first-instance.json" || true)
contains "strict: a student's own keys grade their own account, no admin token" \
  "(first-instance, account $(sed -n 2p "$class_dir/class-sheet.csv" | cut -d, -f2))" "$report"
contains "... where their key pair counts" "✓ The key pair aws-course exists" "$report"
contains "strict: another account is not theirs to grade" "403: AccessDenied: a student's keys grade their own account" \
  "$(student 1 "$binary" check --endpoint "$endpoint" --account "$(sed -n 3p "$class_dir/class-sheet.csv" | cut -d, -f2)" \
       "$scenarios/first-instance.json" 2>&1)"
contains "strict: a wrong secret is refused" "403: AccessDenied: SignatureDoesNotMatch" \
  "$(AWS_ACCESS_KEY_ID=$(sed -n 2p "$class_dir/class-sheet.csv" | cut -d, -f3) AWS_SECRET_ACCESS_KEY=wrong \
       "$binary" check --endpoint "$endpoint" "$scenarios/first-instance.json" 2>&1)"
check "strict: the instructor's token grades anyone" "0/8" \
  "$("$binary" check --endpoint "$endpoint" --admin-token "$token" --json --account "$(sed -n 3p "$class_dir/class-sheet.csv" | cut -d, -f2)" \
       "$scenarios/first-instance.json" | /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin); print("%d/%d" % (r["passed"], r["total"]))')"
kill "$pid"; wait "$pid" 2>/dev/null || true
rm -rf "$out" "$class_dir"

# --- the fixture for other tools' tests -------------------------------------------------
fixture() {  # the ids a fresh server's fixture gives account 123456789012
  start_ec2sim "$binary" --timing instant --scenario "$scenarios/vpc-bastion-fixture.json"
  as 123456789012
  aws ec2 describe-vpcs --filters Name=tag:Name,Values=fixture-vpc --query 'Vpcs[0].[VpcId,CidrBlock]' --output text
  aws ec2 describe-instances --filters Name=tag:Name,Values=bastion \
    --query 'Reservations[0].Instances[0].[InstanceId,State.Name,SubnetId!=`null`,PublicIpAddress!=`null`]' --output text
  aws ec2 describe-nat-gateways --query 'NatGateways[0].[NatGatewayId,State]' --output text
  grade "$scenarios/vpc-bastion-fixture.json" >/dev/null && echo graded
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$out"
}
first=$(fixture)
contains "fixture: the VPC" "10.0.0.0/16" "$first"
contains "fixture: the bastion runs with a public IP" "running	True	True" "$first"
contains "fixture: the NAT gateway is available" "available" "$first"
contains "fixture: its checks pass" "graded" "$first"
check "fixture: the same seed gives the same ids on another server" "$first" "$(fixture)"
finish
