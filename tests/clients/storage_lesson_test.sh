#!/usr/bin/env bash
# The seed lesson's storage warning, with Debian's aws-cli v2 and the files route: local
# (instance-store) data is gone after a stop, EBS data stays; a reboot keeps both; on
# terminate the root volume goes (DeleteOnTermination) and an extra volume stays.
# Usage: storage_lesson_test.sh PATH_TO_EC2SIM
set -euo pipefail
source "$(dirname "$0")/cli_helpers.sh" "$1"
files() {  # files METHOD DEVICE/PATH [DATA]: prints the body, then the HTTP status on its own line
  curl -s -X "$1" ${3+--data-binary "$3"} -w '\n%{http_code}' "$endpoint/_ec2sim/instances/$id/files/$2"
}
status_of() { files "$@" | tail -1; }
body_of() { files "$@" | sed '$d'; }

ami=$(aws ec2 describe-images --owners amazon --filters 'Name=name,Values=al2023-ami-2023*-x86_64' \
        --query 'sort_by(Images,&CreationDate)[-1].ImageId' --output text)
id=$(aws ec2 run-instances --image-id "$ami" --instance-type i3.large \
       --block-device-mappings 'DeviceName=/dev/sdf,Ebs={VolumeSize=10,DeleteOnTermination=false}' \
       --query 'Instances[0].InstanceId' --output text)
aws ec2 wait instance-running --instance-ids "$id"
check "i3.large has one 475 GB NVMe instance-store disk" "1	475" \
  "$(aws ec2 describe-instance-types --instance-types i3.large \
       --query 'InstanceTypes[0].InstanceStorageInfo.Disks[0].[Count,SizeInGB]' --output text)"

check "write to the EBS root volume" "200" "$(status_of PUT xvda/home/ec2-user/report.txt 'kept on EBS')"
check "write to the instance store" "200" "$(status_of PUT ephemeral0/tmp/cache.txt 'lost on stop')"
check "write to the extra EBS volume" "200" "$(status_of PUT sdf/data.txt 'outlives the instance')"

aws ec2 reboot-instances --instance-ids "$id"
check "reboot: EBS kept" "kept on EBS" "$(body_of GET xvda/home/ec2-user/report.txt)"
check "reboot: instance store kept" "lost on stop" "$(body_of GET ephemeral0/tmp/cache.txt)"

aws ec2 stop-instances --instance-ids "$id" >/dev/null
aws ec2 wait instance-stopped --instance-ids "$id"
check "stopped: the disks can't be read" "409" "$(status_of GET xvda/home/ec2-user/report.txt)"
aws ec2 start-instances --instance-ids "$id" >/dev/null
aws ec2 wait instance-running --instance-ids "$id"
check "stop/start: EBS kept" "kept on EBS" "$(body_of GET xvda/home/ec2-user/report.txt)"
check "stop/start: the instance store is empty" "404" "$(status_of GET ephemeral0/tmp/cache.txt)"
check "stop/start: the extra volume kept" "outlives the instance" "$(body_of GET sdf/data.txt)"

extra=$(aws ec2 describe-instances --instance-ids "$id" \
          --query "Reservations[0].Instances[0].BlockDeviceMappings[?DeviceName=='/dev/sdf'].Ebs.VolumeId" --output text)
aws ec2 terminate-instances --instance-ids "$id" >/dev/null
aws ec2 wait instance-terminated --instance-ids "$id"
check "terminate: only the extra volume is left, available" "$extra	available" \
  "$(aws ec2 describe-volumes --query 'Volumes[].[VolumeId,State]' --output text)"

finish
