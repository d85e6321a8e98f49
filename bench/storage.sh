#!/usr/bin/env bash
# Storage benchmark (not a test): ec2sim with a durable SQLite file and a data directory.
#   - CreateVolume + AttachVolume + DetachVolume + DeleteVolume cycles per second;
#   - CreateSnapshot of a volume holding 100 MiB: time and disk used (snapshots share
#     unchanged files with their volume as hard links);
#   - exec -> first answered request with 10,000 volumes (and their instances) in the file.
# Usage: bench/storage.sh [SECONDS_PER_LOAD (default 5)]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
scripts/install-deps.sh --bench
scripts/build.sh -DEC2SIM_TESTS=OFF
source bench/lib.sh
launch() { post "$1" "Action=RunInstances&ImageId=$ami&InstanceType=t2.micro&MinCount=1&MaxCount=1&Placement.AvailabilityZone=ap-northeast-2a" |
             grep -o '<instanceId>i-[0-9a-f]*' | sed 's/<instanceId>//'; }

echo "== CreateVolume + AttachVolume + DetachVolume + DeleteVolume (2 chains of dependent requests)"
wrk -t2 -c2 -d"${seconds}s" -s bench/volume_cycle.lua "$url" -- 123456789012 "$(launch 123456789012)" "$(launch 123456789012)" | grep RESULT

echo "== CreateSnapshot of a volume holding 100 MiB"
iid=$(launch 222222222222)
vol=$(post 222222222222 "Action=CreateVolume&AvailabilityZone=ap-northeast-2a&Size=1" | grep -o 'vol-[0-9a-f]*' | head -1)
post 222222222222 "Action=AttachVolume&VolumeId=$vol&InstanceId=$iid&Device=/dev/sdf" >/dev/null
head -c 1000000 /dev/urandom >"$dir/chunk"
for n in $(seq 105); do  # 105 x 1,000,000 bytes = 100.1 MiB
  curl -s -X PUT --data-binary "@$dir/chunk" "${url}_ec2sim/instances/$iid/files/sdf/data/part-$n" >/dev/null
done
before=$(du -sk "$dir/bench.db.d" | cut -f1)
started=$(date +%s%N)
snap=$(post 222222222222 "Action=CreateSnapshot&VolumeId=$vol" | grep -o 'snap-[0-9a-f]*' | head -1)
elapsed=$(( ($(date +%s%N) - started) / 1000 ))
after=$(du -sk "$dir/bench.db.d" | cut -f1)
state=$(post 222222222222 "Action=DescribeSnapshots&SnapshotId.1=$snap" | grep -o '<status>[a-z]*' | sed 's/<status>//')
echo "snapshot $snap ($state): CreateSnapshot answered in $((elapsed / 1000)).$(( (elapsed % 1000) / 100 )) ms;" \
     "guest data $((before / 1024)) MiB before, $((after / 1024)) MiB after (du counts shared files once)"

echo "== Start-up with 10,000 volumes in the database"
for n in $(seq 100); do
  post $((300000000000 + n)) "Action=RunInstances&ImageId=$ami&InstanceType=t2.micro&MinCount=100&MaxCount=100" >/dev/null
  post $((300000000000 + n)) "Action=CreateVolume&AvailabilityZone=ap-northeast-2a&Size=1" >/dev/null
done
kill $pid; wait $pid 2>/dev/null || true
echo "database $(du -sh "$dir/bench.db" | cut -f1)"
/usr/bin/python3 bench/first_answer.py build/ec2sim "$port" 5 --db "$dir/bench.db"
