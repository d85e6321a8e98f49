#!/usr/bin/env bash
# The seed lesson (shared/seed/ec2-launch-tutorial.ko.md) end to end with Debian's aws-cli
# v2, as a student types it: key pair, security group, launch, the instance list, the ssh of
# step 10, stop and start, termination protection, terminate — and an hour later it is gone.
# Usage: lesson_test.sh PATH_TO_EC2SIM
set -euo pipefail
source "$(dirname "$0")/cli_helpers.sh" "$1"
q() { aws ec2 describe-instances --instance-ids "$id" --query "Reservations[0].Instances[0].$1" --output text; }

# Step 8: the key pair aws-course, saved once with mode 400, usable by ssh.
aws ec2 create-key-pair --key-name aws-course --query KeyMaterial --output text >"$out/aws-course.pem"
chmod 400 "$out/aws-course.pem"
check "the .pem is mode 400" "400" "$(stat -c %a "$out/aws-course.pem")"
check "ssh-keygen reads the .pem" "ssh-rsa" "$(ssh-keygen -y -f "$out/aws-course.pem" | cut -d' ' -f1)"
check "its fingerprint is SHA-1 of the PKCS#8 DER, as AWS computes it" \
  "$(openssl pkcs8 -topk8 -nocrypt -in "$out/aws-course.pem" -outform DER | openssl sha1 -c | awk '{print $2}')" \
  "$(aws ec2 describe-key-pairs --key-names aws-course --query 'KeyPairs[0].KeyFingerprint' --output text)"
check "a second aws-course is a duplicate" "InvalidKeyPair.Duplicate" \
  "$(error_of aws ec2 create-key-pair --key-name aws-course)"
ssh-keygen -q -t ed25519 -N "" -f "$out/imported" -C student
check "an imported OpenSSH key keeps ssh-keygen's fingerprint" \
  "$(ssh-keygen -l -f "$out/imported.pub" | awk '{print $2}' | sed 's/^SHA256://')=" \
  "$(aws ec2 import-key-pair --key-name imported --public-key-material "fileb://$out/imported.pub" \
       --query KeyFingerprint --output text)"

# The same lesson for PuTTY users on Windows, and ED25519 keys: real keys that sign.
aws ec2 create-key-pair --key-name putty --key-format ppk --query KeyMaterial --output text >"$out/putty.ppk"
check "the .ppk is a PuTTY key whose MAC puttygen accepts" \
  "$(aws ec2 describe-key-pairs --key-names putty --include-public-key --query 'KeyPairs[0].PublicKey' --output text)" \
  "$(puttygen "$out/putty.ppk" -O public-openssh | cut -d' ' -f1,2)"
aws ec2 create-key-pair --key-name ed --key-type ed25519 --query KeyMaterial --output text >"$out/ed.pem"
chmod 600 "$out/ed.pem"
echo "lesson" >"$out/message"
ssh-keygen -Y sign -f "$out/ed.pem" -n file "$out/message" 2>/dev/null
echo "student $(ssh-keygen -y -f "$out/ed.pem")" >"$out/allowed"
check "the ED25519 key signs what its public key verifies" "verified" \
  "$(ssh-keygen -Y verify -f "$out/allowed" -I student -n file -s "$out/message.sig" <"$out/message" >/dev/null 2>&1 && echo verified)"

# Step 7: a security group that lets SSH in from one address, with a description.
sg=$(aws ec2 create-security-group --group-name launch-wizard-1 --description "SSH from my PC" --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id "$sg" \
  --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=203.0.113.7/32,Description="my PC"}]' >/dev/null
check "the SSH rule is listed with its description" "22	203.0.113.7/32	my PC" \
  "$(aws ec2 describe-security-groups --group-ids "$sg" \
       --query 'SecurityGroups[0].IpPermissions[0].[FromPort,IpRanges[0].CidrIp,IpRanges[0].Description]' --output text)"

# Steps 2-6 and 9: an Amazon Linux t2.micro in ap-northeast-2a named My-First-EC2.
ami=$(aws ec2 describe-images --owners amazon --filters 'Name=name,Values=al2023-ami-2023*-x86_64' \
        --query 'sort_by(Images,&CreationDate)[-1].ImageId' --output text)
read -r id launch_state < <(aws ec2 run-instances --image-id "$ami" --instance-type t2.micro --key-name aws-course \
       --security-group-ids "$sg" --placement AvailabilityZone=ap-northeast-2a \
       --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=My-First-EC2}]' \
       --query 'Instances[0].[InstanceId,State.Name]' --output text)
check "run-instances answers pending" "pending" "$launch_state"
aws ec2 wait instance-running --instance-ids "$id"
check "the instance list shows Name, ID, type, AZ, state" "My-First-EC2	$id	t2.micro	ap-northeast-2a	running" \
  "$(aws ec2 describe-instances --filters Name=tag:Name,Values=My-First-EC2 \
       --query 'Reservations[].Instances[].[Tags[?Key==`Name`]|[0].Value,InstanceId,InstanceType,Placement.AvailabilityZone,State.Name]' \
       --output text)"
public_ip=$(q PublicIpAddress)
private_ip=$(q PrivateIpAddress)
check "step 10: a public DNS name to ssh to" "ec2-${public_ip//./-}.ap-northeast-2.compute.amazonaws.com" "$(q PublicDnsName)"
# Step 10 itself: the lesson's literal ssh, through the block `ec2sim ssh-config` prints.
# First refused: the rule lets in 203.0.113.7, and this machine reaches ec2sim as 127.0.0.1.
"$binary" ssh-config --endpoint "$endpoint" >"$out/ssh_config"
lesson_ssh() {
  ssh -F "$out/ssh_config" -i "$out/aws-course.pem" -o BatchMode=yes -o StrictHostKeyChecking=accept-new \
      -o UserKnownHostsFile="$out/known_hosts" "$@" "ec2-user@$(q PublicDnsName)" 'whoami; hostname'
}
check "step 10: ssh without a rule for this address times out" "timed out" \
  "$(lesson_ssh -o ConnectTimeout=3 2>&1 | grep -o 'timed out' | head -1)"
aws ec2 authorize-security-group-ingress --group-id "$sg" --protocol tcp --port 22 --cidr 127.0.0.1/32 >/dev/null
check "step 10: ssh -i aws-course.pem ec2-user@<public DNS>" "ec2-user ip-${private_ip//./-}" "$(lesson_ssh | tr '\n' ' ' | xargs)"

aws ec2 stop-instances --instance-ids "$id" >/dev/null
aws ec2 wait instance-stopped --instance-ids "$id"
check "stopped: no public IP" "None" "$(q PublicIpAddress)"
check "stopped: the private IP stays" "$private_ip" "$(q PrivateIpAddress)"
aws ec2 start-instances --instance-ids "$id" >/dev/null
aws ec2 wait instance-running --instance-ids "$id"
new_ip=$(q PublicIpAddress)
check "started: a different public IP" "different" "$([[ $new_ip != "$public_ip" && $new_ip != None ]] && echo different || echo "$new_ip")"
check "started: the same private IP" "$private_ip" "$(q PrivateIpAddress)"

aws ec2 modify-instance-attribute --instance-id "$id" --disable-api-termination
check "termination protection blocks terminate" "OperationNotPermitted" \
  "$(error_of aws ec2 terminate-instances --instance-ids "$id")"
aws ec2 modify-instance-attribute --instance-id "$id" --no-disable-api-termination
aws ec2 terminate-instances --instance-ids "$id" >/dev/null
aws ec2 wait instance-terminated --instance-ids "$id"
check "terminated and still listed" "terminated" "$(q State.Name)"
check "the root volume went with it" "0" "$(aws ec2 describe-volumes --query 'length(Volumes)')"
curl -s -X POST -d '{"advance_seconds": 3700}' "$endpoint/_ec2sim/clock" >/dev/null
check "an hour later it is gone" "0" "$(aws ec2 describe-instances --query 'length(Reservations)')"

# Step 4's other details: a spread placement group, a capacity reservation preference and
# terminate-on-shutdown, as the launch wizard would send them.
check "a spread placement group" "available" \
  "$(aws ec2 create-placement-group --group-name lesson-spread --strategy spread --query PlacementGroup.State --output text)"
detailed=$(aws ec2 run-instances --image-id "$ami" --instance-type t2.micro --placement GroupName=lesson-spread \
             --capacity-reservation-specification CapacityReservationPreference=none \
             --instance-initiated-shutdown-behavior terminate --query 'Instances[0].InstanceId' --output text)
check "launched into the group" "lesson-spread	none" \
  "$(aws ec2 describe-instances --instance-ids "$detailed" \
       --query 'Reservations[0].Instances[0].[Placement.GroupName,CapacityReservationSpecification.CapacityReservationPreference]' \
       --output text)"
check "a group in use cannot be deleted" "InvalidPlacementGroup.InUse" \
  "$(error_of aws ec2 delete-placement-group --group-name lesson-spread)"

finish
