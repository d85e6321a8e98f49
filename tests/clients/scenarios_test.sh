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
check "first-instance, SSH from anywhere: exactly that check fails" "ssh-from-one-address" \
  "$(failing "$scenarios/first-instance.json")"
check "... and check exits 1" "1" "$(exit_of grade "$scenarios/first-instance.json")"
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
check "first-instance, Ubuntu t3.micro and no login: those three fail" "free-tier-type amazon-linux logged-in" \
  "$(failing "$scenarios/first-instance.json")"
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
check "termination-protection, half done: exactly the last check fails" "terminated-after" \
  "$(failing "$scenarios/termination-protection.json")"
aws ec2 modify-instance-attribute --instance-id "$server" --no-disable-api-termination
aws ec2 terminate-instances --instance-ids "$server" >/dev/null
check "termination-protection, correct: every check passes" "0" "$(exit_of grade "$scenarios/termination-protection.json")"
"$binary" load-scenario --endpoint "$endpoint" --account 555555555555 "$scenarios/termination-protection.json" >/dev/null
as 555555555555
aws ec2 terminate-instances --instance-ids "$(instance_named Practice-Server)" >/dev/null
check "termination-protection, terminated unprotected: the protection checks fail" \
  "protection-on termination-refused terminated-after" "$(failing "$scenarios/termination-protection.json")"
contains "... hint in Korean" "힌트: 종료 방지가 켜진 상태에서 인스턴스 상태 > 인스턴스 종료를 고르세요" \
  "$(grade --lang ko "$scenarios/termination-protection.json" || true)"

# --- fixed-ip --------------------------------------------------------------------------
"$binary" load-scenario --endpoint "$endpoint" --account 666666666666 "$scenarios/fixed-ip.json" >/dev/null
as 666666666666
web=$(instance_named Web-Server)
restart "$web"
alloc=$(aws ec2 allocate-address --query AllocationId --output text)
aws ec2 associate-address --allocation-id "$alloc" --instance-id "$web" >/dev/null
check "fixed-ip, associated but not restarted since: exactly that check fails" "address-kept" \
  "$(failing "$scenarios/fixed-ip.json")"
restart "$web"
check "fixed-ip, correct: every check passes" "0" "$(exit_of grade "$scenarios/fixed-ip.json")"

# --- instance-store-vs-ebs ---------------------------------------------------------------
"$binary" load-scenario --endpoint "$endpoint" --account 777777777777 "$scenarios/instance-store-vs-ebs.json" >/dev/null
as 777777777777
lab=$(instance_named Storage-Lab)
files() { curl -s -o /dev/null -w '%{http_code}' -X "$1" ${3+--data-binary "$3"} "$endpoint/_ec2sim/instances/$lab/files/$2"; }
check "the setup put notes.txt on the EBS root volume" "200" "$(files GET xvda/home/ec2-user/notes.txt)"
check "... and scratch.txt on the instance store" "200" "$(files GET ephemeral0/scratch.txt)"
aws ec2 reboot-instances --instance-ids "$lab"
check "instance-store-vs-ebs, only rebooted: restart, instance store and answer fail" "restarted instance-store-lost answer" \
  "$(failing "$scenarios/instance-store-vs-ebs.json")"
restart "$lab"
files PUT xvda/home/ec2-user/answer.txt "scratch.txt" >/dev/null
check "instance-store-vs-ebs, wrong answer: exactly the answer fails" "answer" "$(failing "$scenarios/instance-store-vs-ebs.json")"
files PUT xvda/home/ec2-user/answer.txt "notes.txt" >/dev/null
check "instance-store-vs-ebs, correct: every check passes" "0" "$(exit_of grade "$scenarios/instance-store-vs-ebs.json")"

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
start_ec2sim "$binary" --timing instant --scenario "$scenarios/vcpu-quota.json"
as 888888888888
aws ec2 run-instances --image-id "$ami" --instance-type t3.medium \
  --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=Batch}]' >/dev/null
check "vcpu-quota, never hit the limit: exactly that check fails" "limit-met" "$(failing "$scenarios/vcpu-quota.json")"
as 999999999999
check "vcpu-quota: c5.2xlarge is refused" "VcpuLimitExceeded" \
  "$(error_of aws ec2 run-instances --image-id "$ami" --instance-type c5.2xlarge \
       --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=Batch}]')"
aws ec2 run-instances --image-id "$ami" --instance-type t3.medium \
  --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=Batch}]' >/dev/null
check "vcpu-quota, correct: every check passes" "0" "$(exit_of grade "$scenarios/vcpu-quota.json")"
kill "$pid"; wait "$pid" 2>/dev/null || true
rm -rf "$out"

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
