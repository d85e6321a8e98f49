#!/usr/bin/env bash
# Debian's aws-cli v2 (/usr/bin/aws) against a real ec2sim: the catalog a student browses
# in the first steps of the seed lesson (Regions and zones, an AMI, a free-tier type).
# Usage: aws_cli_test.sh PATH_TO_EC2SIM
set -euo pipefail
source "$(dirname "$0")/cli_helpers.sh" "$1"

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

check "unknown instance type" "InvalidInstanceType" "$(error_of aws ec2 describe-instance-types --instance-types t2.mega)"
check "unknown filter" "InvalidParameterValue" \
  "$(error_of aws ec2 describe-images --owners amazon --filters Name=colour,Values=red)"
check "bad enum value" "InvalidParameterValue" \
  "$(error_of aws ec2 describe-instance-type-offerings --location-type planet)"
check "dry run" "DryRunOperation" "$(error_of aws ec2 describe-regions --dry-run)"
check "operation not built yet" "UnsupportedOperation" "$(error_of aws ec2 describe-fleets)"
check "a spot price for t3.micro in each zone" "4" \
  "$(aws ec2 describe-spot-price-history --instance-types t3.micro --product-descriptions Linux/UNIX --query 'length(SpotPriceHistory)')"
check "sts get-caller-identity" "123456789012" "$(aws sts get-caller-identity --query Account --output text)"

# AWS's own tutorial finds Amazon Linux through SSM's public parameter, then launches by alias.
param=/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
newest=$(aws ec2 describe-images --owners amazon --filters 'Name=name,Values=al2023-ami-2023*-x86_64' \
           --query 'sort_by(Images,&CreationDate)[-1].ImageId' --output text)
check "ssm get-parameters names the newest AL2023" "$newest" \
  "$(aws ssm get-parameters --names "$param" --query 'Parameters[0].Value' --output text)"
check "run-instances --image-id resolve:ssm:" "$newest" \
  "$(aws ec2 run-instances --image-id "resolve:ssm:$param" --instance-type t3.micro --query 'Instances[0].ImageId' --output text)"
check "an unknown parameter" "ParameterNotFound" "$(error_of aws ssm get-parameter --name /aws/service/nope)"
check "a service ec2sim does not serve" "InvalidAction" "$(error_of aws iam list-users)"

# A Windows instance's password, decrypted by aws-cli with the key pair's .pem.
aws ec2 create-key-pair --key-name windows-key --query KeyMaterial --output text > "$out/windows-key.pem"
windows=$(aws ssm get-parameter --name /aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base \
            --query Parameter.Value --output text)
windows_instance=$(aws ec2 run-instances --image-id "$windows" --instance-type t3.large --key-name windows-key \
                     --query 'Instances[0].InstanceId' --output text)
check "get-password-data --priv-launch-key decrypts a 32-character password" "32" \
  "$(aws ec2 get-password-data --instance-id "$windows_instance" --priv-launch-key "$out/windows-key.pem" \
       --query PasswordData --output text | tr -d '\n' | wc -c)"

# Newer SDKs and aws-cli read the endpoint from AWS_ENDPOINT_URL_EC2; Debian's 2.9 predates
# it, so only check it where the CLI supports it.
if /usr/bin/aws --version 2>&1 | grep -qE 'aws-cli/2\.(1[3-9]|[2-9][0-9])'; then
  check "AWS_ENDPOINT_URL_EC2" "4" \
    "$(AWS_ENDPOINT_URL_EC2=$endpoint /usr/bin/aws ec2 describe-availability-zones --query 'length(AvailabilityZones)')"
fi

finish
