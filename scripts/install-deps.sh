#!/usr/bin/env bash
# Installs the Debian 12 packages ec2sim needs. `install-deps.sh` installs what building and
# serving needs; `install-deps.sh --test` adds the test clients, `--bench` the load
# generator. Packages already present are not fetched again.
set -euo pipefail

packages=(g++ cmake make ccache python3 python3-botocore libboost1.81-dev libboost-url1.81-dev
          libsqlite3-dev nlohmann-json3-dev libcli11-dev libssl-dev libjemalloc-dev
          libssh-dev pkg-config bubblewrap python3-yaml curl procps)
# libssh, bubblewrap and python3-yaml serve `ssh` into instances (connect/); curl and procps
# are programs a student expects inside one (the guest runs the host's /usr).
# npm fetches the newest EC2 API model at build time (cmake/fetch_ec2_model.cmake) and the
# console's packages (console/package-lock.json), which esbuild bundles into the binary; a
# machine with Node.js from elsewhere already has it. The console's browser tests (--test)
# drive Debian's Chromium; fonts-noto-cjk draws its Korean.
command -v npm >/dev/null || packages+=(nodejs npm)
for arg in "$@"; do
  case "$arg" in
    --test) packages+=(catch2 libpugixml-dev clang libclang-rt-14-dev llvm awscli python3-boto3 ruby-aws-sdk openssh-client openssl curl putty-tools
                   golang-go golang-github-aws-aws-sdk-go-v2-dev chromium fonts-noto-cjk) ;;
    --bench) packages+=(wrk procps) ;;
    *) echo "usage: $0 [--test] [--bench]" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
# A first run installs a few hundred MB: apt's own lines show how far it has got.
echo "installing: ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
