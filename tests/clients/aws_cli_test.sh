#!/usr/bin/env bash
# Debian's aws-cli v2 (/usr/bin/aws) against a real ec2sim: the first steps of the seed
# lesson (see the dashboard, pick an AMI, pick a free-tier type) as a student types them.
# Usage: aws_cli_test.sh PATH_TO_EC2SIM
set -euo pipefail
binary=$1
passed=0 failed=0

export AWS_ACCESS_KEY_ID=123456789012 AWS_SECRET_ACCESS_KEY=ec2sim AWS_DEFAULT_REGION=ap-northeast-2
export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_ENDPOINT_URL AWS_ENDPOINT_URL_EC2 || true

out=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$out"' EXIT
"$binary" serve --memory --port 0 --quiet --timing instant >"$out/ready" 2>"$out/log" &
pid=$!
for _ in $(seq 100); do grep -q "ready on" "$out/ready" 2>/dev/null && break; sleep 0.05; done
endpoint=$(grep -o 'http://[^ ]*' "$out/ready")
aws() { /usr/bin/aws --endpoint-url "$endpoint" "$@"; }

check() {  # check NAME EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); echo "FAIL $1: expected [$2] got [$3]"; fi
}
error_of() {  # the AWS error code a command fails with
  local message
  if message=$("$@" 2>&1); then echo "no error"; else sed -n 's/.*An error occurred (\([^)]*\)).*/\1/p' <<<"$message" | head -1; fi
}

check "free tier lists t2.micro with 1 vCPU and 1024 MiB" "t2.micro	1	1024" \
  "$(aws ec2 describe-instance-types --filters Name=free-tier-eligible,Values=true \
       --query 'InstanceTypes[?InstanceType==`t2.micro`].[InstanceType,VCpuInfo.DefaultVCpus,MemoryInfo.SizeInMiB]' --output text)"

check "zones of ap-northeast-2 are a, b, c, d" "ap-northeast-2a ap-northeast-2b ap-northeast-2c ap-northeast-2d" \
  "$(aws ec2 describe-availability-zones --query 'AvailabilityZones[].ZoneName' --output text | tr '\t' ' ')"

check "--region picks the region's zones" "eu-west-1a" \
  "$(aws ec2 describe-availability-zones --region eu-west-1 --query 'AvailabilityZones[0].ZoneName' --output text)"

all_types=$(aws ec2 describe-instance-types --query 'length(InstanceTypes)')
check "at least 300 instance types" "yes" "$([[ $all_types -ge 300 ]] && echo yes || echo "$all_types")"
check "small pages give the same total" "$all_types" \
  "$(aws ec2 describe-instance-types --page-size 7 --query 'length(InstanceTypes)')"

check "wildcard type filter with vCPU filter" "c7g.large m7g.large" \
  "$(aws ec2 describe-instance-types --filters 'Name=instance-type,Values=m7g.*,c7g.*' Name=vcpu-info.default-vcpus,Values=2 \
       --query 'sort(InstanceTypes[].InstanceType)' --output text | tr '\t' ' ')"

check "t2.micro offered in four zones" "4" \
  "$(aws ec2 describe-instance-type-offerings --location-type availability-zone \
       --filters Name=instance-type,Values=t2.micro --query 'length(InstanceTypeOfferings)')"

missing=""
for region in $(aws ec2 describe-regions --query 'Regions[].RegionName' --output text); do
  name=$(aws ec2 describe-images --region "$region" --owners amazon \
           --filters 'Name=name,Values=al2023-ami-2023*-x86_64' \
           --query 'sort_by(Images,&CreationDate)[-1].Name' --output text)
  [[ $name == al2023-ami-2023* ]] || missing+=" $region"
done
check "Amazon Linux 2023 found with --owners amazon in every region" "" "$missing"

# Lesson step 8: the key pair, saved once with mode 400, usable by ssh.
aws ec2 create-key-pair --key-name aws-course --query KeyMaterial --output text >"$out/aws-course.pem"
chmod 400 "$out/aws-course.pem"
check "the .pem is a usable private key" "ssh-rsa" "$(ssh-keygen -y -f "$out/aws-course.pem" | cut -d' ' -f1)"
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

check "unknown instance type" "InvalidInstanceType" "$(error_of aws ec2 describe-instance-types --instance-types t2.mega)"
check "unknown filter" "InvalidParameterValue" \
  "$(error_of aws ec2 describe-images --owners amazon --filters Name=colour,Values=red)"
check "bad enum value" "InvalidParameterValue" \
  "$(error_of aws ec2 describe-instance-type-offerings --location-type planet)"
check "dry run" "DryRunOperation" "$(error_of aws ec2 describe-regions --dry-run)"
check "operation not built yet" "UnsupportedOperation" "$(error_of aws ec2 describe-spot-price-history)"
check "sts get-caller-identity" "123456789012" "$(aws sts get-caller-identity --query Account --output text)"

# Newer SDKs and aws-cli read the endpoint from AWS_ENDPOINT_URL_EC2; Debian's 2.9 predates
# it, so only check it where the CLI supports it.
if /usr/bin/aws --version 2>&1 | grep -qE 'aws-cli/2\.(1[3-9]|[2-9][0-9])'; then
  check "AWS_ENDPOINT_URL_EC2" "4" \
    "$(AWS_ENDPOINT_URL_EC2=$endpoint /usr/bin/aws ec2 describe-availability-zones --query 'length(AvailabilityZones)')"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
