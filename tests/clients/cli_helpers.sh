# Shared by the aws-cli suites (source it): starts a fresh ec2sim with instant timing,
# points Debian's aws-cli v2 at it as a student account, and counts checks
# (shell_checks.sh: check, finish …).
# Usage: source cli_helpers.sh PATH_TO_EC2SIM
binary=$1
source "$(dirname "${BASH_SOURCE[0]}")/shell_checks.sh"

isolate_aws_cli
export AWS_ACCESS_KEY_ID=123456789012 AWS_SECRET_ACCESS_KEY=ec2sim AWS_DEFAULT_REGION=ap-northeast-2
start_ec2sim "$binary" --timing instant
aws() { /usr/bin/aws --endpoint-url "$endpoint" "$@"; }

error_of() {  # the AWS error code a command fails with
  local message
  if message=$("$@" 2>&1); then echo "no error"; else sed -n 's/.*An error occurred (\([^)]*\)).*/\1/p' <<<"$message" | head -1; fi
}
