"""EBS snapshots through boto3 and the files route: a snapshot is a point-in-time copy of
its volume's files, restores in another zone and (copied) in another Region, shares
unchanged files with its volume on disk, and Describe/Copy/Delete give AWS's codes.
Usage: /usr/bin/python3 snapshots_test.py PATH_TO_EC2SIM
"""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import Ec2simServer, client as shared_client, control, error_code, guest_file, run_tests  # noqa: E402
from instances_test import fresh_account, launch  # noqa: E402

ENDPOINT = None  # set by run_tests
DATA_DIR = None
BINARY = None
WAIT = {"Delay": 1, "MaxAttempts": 10}


def client(key, region="ap-northeast-2"):
    return shared_client(ENDPOINT, key=key, region=region)


def running(ec2, zone):
    iid = launch(ec2, Placement={"AvailabilityZone": zone})["Instances"][0]["InstanceId"]
    ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=WAIT)
    return iid


def attached_volume(ec2, iid, zone, device="/dev/sdf", **kwargs):
    vol = ec2.create_volume(AvailabilityZone=zone, Size=1, **kwargs)["VolumeId"]
    ec2.get_waiter("volume_available").wait(VolumeIds=[vol], WaiterConfig=WAIT)
    ec2.attach_volume(VolumeId=vol, InstanceId=iid, Device=device)
    ec2.get_waiter("volume_in_use").wait(VolumeIds=[vol], WaiterConfig=WAIT)
    return vol


def files_named(name):
    return [os.path.join(root, name) for root, _, files in os.walk(DATA_DIR) if name in files]


class Snapshots(unittest.TestCase):
    def test_point_in_time_copy_restored_in_another_zone(self):
        ec2 = client(fresh_account())
        first = running(ec2, "ap-northeast-2a")
        vol = attached_volume(ec2, first, "ap-northeast-2a")
        guest_file(ENDPOINT, "PUT", first, "sdf/app/config.yml", b"version: 1")
        guest_file(ENDPOINT, "PUT", first, "sdf/app/unchanged.txt", b"same")
        snap = ec2.create_snapshot(VolumeId=vol, Description="before upgrade")
        self.assertEqual((snap["State"], snap["VolumeSize"], snap["VolumeId"]), ("pending", 1, vol))
        ec2.get_waiter("snapshot_completed").wait(SnapshotIds=[snap["SnapshotId"]], WaiterConfig=WAIT)
        guest_file(ENDPOINT, "PUT", first, "sdf/app/config.yml", b"version: 2")  # after the snapshot

        second = running(ec2, "ap-northeast-2c")
        restored = ec2.create_volume(AvailabilityZone="ap-northeast-2c", SnapshotId=snap["SnapshotId"])
        self.assertEqual(restored["Size"], 1)
        ec2.get_waiter("volume_available").wait(VolumeIds=[restored["VolumeId"]], WaiterConfig=WAIT)
        ec2.attach_volume(VolumeId=restored["VolumeId"], InstanceId=second, Device="/dev/sdg")
        ec2.get_waiter("volume_in_use").wait(VolumeIds=[restored["VolumeId"]], WaiterConfig=WAIT)
        self.assertEqual(guest_file(ENDPOINT, "GET", second, "sdg/app/config.yml"), (200, b"version: 1"))
        self.assertEqual(guest_file(ENDPOINT, "GET", first, "sdf/app/config.yml"), (200, b"version: 2"))
        # Unchanged files are one file on disk (hard links), not copies: nobody's shell writes
        # this volume in place (tests/clients/connect_test.py covers the copy when one does).
        inodes = {os.stat(path).st_ino for path in files_named("unchanged.txt")}
        self.assertEqual((len(files_named("unchanged.txt")), len(inodes)), (3, 1))

    def test_copy_to_another_region_keeps_the_files(self):
        account = fresh_account()
        seoul, virginia = client(account), client(account, "us-east-1")
        iid = running(seoul, "ap-northeast-2a")
        vol = attached_volume(seoul, iid, "ap-northeast-2a")
        guest_file(ENDPOINT, "PUT", iid, "sdf/report.csv", b"a,b\n1,2\n")
        snap = seoul.create_snapshot(VolumeId=vol)["SnapshotId"]
        seoul.get_waiter("snapshot_completed").wait(SnapshotIds=[snap], WaiterConfig=WAIT)
        copied = virginia.copy_snapshot(SourceRegion="ap-northeast-2", SourceSnapshotId=snap)["SnapshotId"]
        self.assertNotEqual(copied, snap)
        virginia.get_waiter("snapshot_completed").wait(SnapshotIds=[copied], WaiterConfig=WAIT)
        shown = virginia.describe_snapshots(SnapshotIds=[copied])["Snapshots"][0]
        self.assertIn(snap, shown["Description"])
        there = running(virginia, "us-east-1a")
        restored = virginia.create_volume(AvailabilityZone="us-east-1a", SnapshotId=copied)["VolumeId"]
        virginia.get_waiter("volume_available").wait(VolumeIds=[restored], WaiterConfig=WAIT)
        virginia.attach_volume(VolumeId=restored, InstanceId=there, Device="/dev/sdf")
        virginia.get_waiter("volume_in_use").wait(VolumeIds=[restored], WaiterConfig=WAIT)
        self.assertEqual(guest_file(ENDPOINT, "GET", there, "sdf/report.csv"), (200, b"a,b\n1,2\n"))
        self.assertEqual(error_code(virginia.copy_snapshot, SourceRegion="ap-northeast-2",
                                    SourceSnapshotId="snap-0123456789abcdef0"), "InvalidSnapshot.NotFound")

    def test_shared_with_another_account_by_create_volume_permission(self):
        owner_id, other_id = fresh_account(), fresh_account()
        owner, other = client(owner_id), client(other_id)
        iid = running(owner, "ap-northeast-2a")
        vol = attached_volume(owner, iid, "ap-northeast-2a")
        guest_file(ENDPOINT, "PUT", iid, "sdf/shared/notes.txt", b"from the owner")
        snap = owner.create_snapshot(VolumeId=vol)["SnapshotId"]
        owner.get_waiter("snapshot_completed").wait(SnapshotIds=[snap], WaiterConfig=WAIT)
        self.assertEqual(owner.describe_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission")
                         ["CreateVolumePermissions"], [])
        self.assertEqual(error_code(other.create_volume, AvailabilityZone="ap-northeast-2a", SnapshotId=snap),
                         "InvalidSnapshot.NotFound")  # not shared yet
        owner.modify_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission",
                                        CreateVolumePermission={"Add": [{"UserId": other_id}]})
        self.assertEqual(owner.describe_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission")
                         ["CreateVolumePermissions"], [{"UserId": other_id}])
        # The other account sees it (by id, by owner, as restorable by itself), makes a volume with its files, copies it.
        seen = other.describe_snapshots(SnapshotIds=[snap])["Snapshots"][0]
        self.assertEqual(seen["OwnerId"], owner_id)
        self.assertEqual([s["SnapshotId"] for s in other.describe_snapshots(OwnerIds=[owner_id])["Snapshots"]], [snap])
        self.assertIn(snap, [s["SnapshotId"] for s in other.describe_snapshots(RestorableByUserIds=["self"])["Snapshots"]])
        self.assertEqual(other.describe_snapshots(OwnerIds=["self"])["Snapshots"], [])
        theirs = running(other, "ap-northeast-2b")
        restored = other.create_volume(AvailabilityZone="ap-northeast-2b", SnapshotId=snap)["VolumeId"]
        other.get_waiter("volume_available").wait(VolumeIds=[restored], WaiterConfig=WAIT)
        other.attach_volume(VolumeId=restored, InstanceId=theirs, Device="/dev/sdf")
        other.get_waiter("volume_in_use").wait(VolumeIds=[restored], WaiterConfig=WAIT)
        self.assertEqual(guest_file(ENDPOINT, "GET", theirs, "sdf/shared/notes.txt"), (200, b"from the owner"))
        copied = other.copy_snapshot(SourceRegion="ap-northeast-2", SourceSnapshotId=snap)["SnapshotId"]
        self.assertEqual(other.describe_snapshots(SnapshotIds=[copied])["Snapshots"][0]["OwnerId"], other_id)
        # Only the owner reads or changes its permissions, or deletes it.
        self.assertEqual(error_code(other.modify_snapshot_attribute, SnapshotId=snap, Attribute="createVolumePermission",
                                    CreateVolumePermission={"Add": [{"Group": "all"}]}), "InvalidSnapshot.NotFound")
        self.assertEqual(error_code(other.delete_snapshot, SnapshotId=snap), "InvalidSnapshot.NotFound")
        # Public with `all`; the older OperationType form; reset shares it with no one.
        owner.modify_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission", OperationType="add", GroupNames=["all"])
        third = client(fresh_account())
        self.assertEqual(third.describe_snapshots(SnapshotIds=[snap])["Snapshots"][0]["SnapshotId"], snap)
        owner.modify_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission", OperationType="remove",
                                        UserIds=[other_id])
        self.assertEqual(owner.describe_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission")
                         ["CreateVolumePermissions"], [{"Group": "all"}])
        owner.reset_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission")
        self.assertEqual(error_code(third.describe_snapshots, SnapshotIds=[snap]), "InvalidSnapshot.NotFound")
        self.assertEqual(error_code(other.create_volume, AvailabilityZone="ap-northeast-2a", SnapshotId=snap),
                         "InvalidSnapshot.NotFound")
        # AWS's codes for what it refuses.
        self.assertEqual(error_code(owner.modify_snapshot_attribute, SnapshotId=snap, Attribute="createVolumePermission",
                                    CreateVolumePermission={"Add": [{"UserId": "12345"}]}), "InvalidUserID.Malformed")
        self.assertEqual(error_code(owner.modify_snapshot_attribute, SnapshotId=snap, Attribute="productCodes",
                                    CreateVolumePermission={"Add": [{"UserId": other_id}]}), "InvalidParameterValue")
        self.assertEqual(error_code(owner.describe_snapshot_attribute, SnapshotId=snap, Attribute="colour"),
                         "InvalidParameterValue")
        self.assertEqual(owner.describe_snapshot_attribute(SnapshotId=snap, Attribute="productCodes")["ProductCodes"], [])
        encrypted_volume = owner.create_volume(AvailabilityZone="ap-northeast-2a", Size=1, Encrypted=True)["VolumeId"]
        owner.get_waiter("volume_available").wait(VolumeIds=[encrypted_volume], WaiterConfig=WAIT)
        encrypted = owner.create_snapshot(VolumeId=encrypted_volume)["SnapshotId"]
        self.assertEqual(error_code(owner.modify_snapshot_attribute, SnapshotId=encrypted, Attribute="createVolumePermission",
                                    CreateVolumePermission={"Add": [{"Group": "all"}]}), "UnsupportedOperation")
        self.assertEqual(error_code(owner.modify_snapshot_attribute, SnapshotId=encrypted, Attribute="createVolumePermission",
                                    CreateVolumePermission={"Add": [{"UserId": other_id}]}), "OperationNotPermitted")

    def test_progress_over_simulated_time(self):
        with Ec2simServer(BINARY, timing="realistic") as server:  # pending for 5 s of simulated time
            ec2 = shared_client(server.endpoint, key=fresh_account())
            vol = ec2.create_volume(AvailabilityZone="ap-northeast-2a", Size=1)["VolumeId"]
            control(server.endpoint, "POST", "/_ec2sim/clock", {"advance_seconds": 4})
            snap = ec2.create_snapshot(VolumeId=vol)["SnapshotId"]
            control(server.endpoint, "POST", "/_ec2sim/clock", {"advance_seconds": 2})
            pending = ec2.describe_snapshots(SnapshotIds=[snap])["Snapshots"][0]
            self.assertEqual(pending["State"], "pending")
            self.assertTrue(30 <= int(pending["Progress"].rstrip("%")) <= 60, pending["Progress"])
            control(server.endpoint, "POST", "/_ec2sim/clock", {"advance_seconds": 4})
            done = ec2.describe_snapshots(SnapshotIds=[snap])["Snapshots"][0]
            self.assertEqual((done["State"], done["Progress"]), ("completed", "100%"))

    def test_archive_and_restore_over_simulated_time(self):
        with Ec2simServer(BINARY, timing="realistic") as server:  # a minute of simulated time to archive or restore
            ec2 = shared_client(server.endpoint, key=fresh_account())
            vol = ec2.create_volume(AvailabilityZone="ap-northeast-2a", Size=1)["VolumeId"]
            control(server.endpoint, "POST", "/_ec2sim/clock", {"advance_seconds": 4})
            snap = ec2.create_snapshot(VolumeId=vol)["SnapshotId"]
            self.assertEqual(error_code(ec2.modify_snapshot_tier, SnapshotId=snap, StorageTier="archive"), "IncorrectState")  # pending
            control(server.endpoint, "POST", "/_ec2sim/clock", {"advance_seconds": 6})
            started = ec2.modify_snapshot_tier(SnapshotId=snap, StorageTier="archive")
            self.assertEqual(started["SnapshotId"], snap)
            status = lambda: ec2.describe_snapshot_tier_status(Filters=[{"Name": "snapshot-id", "Values": [snap]}])["SnapshotTierStatuses"][0]
            self.assertEqual((status()["LastTieringOperationStatus"], status()["StorageTier"]), ("archival-in-progress", "standard"))
            self.assertEqual(error_code(ec2.modify_snapshot_tier, SnapshotId=snap, StorageTier="archive"), "IncorrectState")
            control(server.endpoint, "POST", "/_ec2sim/clock", {"advance_seconds": 61})
            archived = status()
            self.assertEqual((archived["LastTieringOperationStatus"], archived["StorageTier"], archived["LastTieringProgress"]),
                             ("archival-completed", "archive", 100))
            self.assertIn("ArchivalCompleteTime", archived)
            self.assertEqual(ec2.describe_snapshots(SnapshotIds=[snap])["Snapshots"][0]["StorageTier"], "archive")
            self.assertEqual([s["SnapshotId"] for s in ec2.describe_snapshots(
                Filters=[{"Name": "storage-tier", "Values": ["archive"]}])["Snapshots"]], [snap])
            # Archived, it makes no volume until restored.
            self.assertEqual(error_code(ec2.create_volume, AvailabilityZone="ap-northeast-2a", SnapshotId=snap), "IncorrectState")
            self.assertEqual(error_code(ec2.restore_snapshot_tier, SnapshotId=snap), "InvalidParameterCombination")
            restore = ec2.restore_snapshot_tier(SnapshotId=snap, TemporaryRestoreDays=2)
            self.assertEqual((restore["RestoreDuration"], restore["IsPermanentRestore"]), (2, False))
            control(server.endpoint, "POST", "/_ec2sim/clock", {"advance_seconds": 61})
            restored = status()
            self.assertEqual((restored["LastTieringOperationStatus"], restored["StorageTier"]), ("temporary-restore-completed", "standard"))
            self.assertIn("RestoreExpiryTime", ec2.describe_snapshots(SnapshotIds=[snap])["Snapshots"][0])
            ec2.create_volume(AvailabilityZone="ap-northeast-2a", SnapshotId=snap)
            # Restored again: a new period, from now.
            again = ec2.restore_snapshot_tier(SnapshotId=snap, TemporaryRestoreDays=5)
            self.assertEqual(again["RestoreDuration"], 5)
            control(server.endpoint, "POST", "/_ec2sim/clock", {"advance_seconds": 3 * 86400})  # past the first period
            self.assertEqual(status()["StorageTier"], "standard")
            ec2.restore_snapshot_tier(SnapshotId=snap, TemporaryRestoreDays=2)
            # A temporary restore can be made permanent at once.
            ec2.restore_snapshot_tier(SnapshotId=snap, PermanentRestore=True)
            self.assertEqual((status()["LastTieringOperationStatus"], status()["StorageTier"]), ("permanent-restore-completed", "standard"))
            self.assertNotIn("RestoreExpiryTime", status())
            control(server.endpoint, "POST", "/_ec2sim/clock", {"advance_seconds": 3 * 86400})  # past the old expiry: stays
            self.assertEqual(status()["StorageTier"], "standard")
            self.assertEqual(error_code(ec2.restore_snapshot_tier, SnapshotId=snap, PermanentRestore=True), "IncorrectState")
            # Times count from when an operation finished, however late the clock is read: a one-day
            # restore read ten days on is back in the archive.
            ec2.modify_snapshot_tier(SnapshotId=snap, StorageTier="archive")
            control(server.endpoint, "POST", "/_ec2sim/clock", {"advance_seconds": 61})
            ec2.restore_snapshot_tier(SnapshotId=snap, TemporaryRestoreDays=1)
            control(server.endpoint, "POST", "/_ec2sim/clock", {"advance_seconds": 10 * 86400})
            self.assertEqual(status()["StorageTier"], "archive")
            # AWS archives no snapshot an AMI is registered from.
            used = ec2.create_snapshot(VolumeId=vol)["SnapshotId"]
            control(server.endpoint, "POST", "/_ec2sim/clock", {"advance_seconds": 6})
            ec2.register_image(Name="from-snapshot", RootDeviceName="/dev/xvda", VirtualizationType="hvm", Architecture="x86_64",
                               BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": used}}])
            self.assertEqual(error_code(ec2.modify_snapshot_tier, SnapshotId=used, StorageTier="archive"), "IncorrectState")

    def test_describe_owners_filters_and_errors(self):
        ec2 = client(fresh_account())
        iid = running(ec2, "ap-northeast-2a")
        vol = attached_volume(ec2, iid, "ap-northeast-2a", TagSpecifications=[
            {"ResourceType": "volume", "Tags": [{"Key": "app", "Value": "db"}]}])
        both = ec2.create_snapshots(InstanceSpecification={"InstanceId": iid}, CopyTagsFromSource="volume")["Snapshots"]
        self.assertEqual(len(both), 2)  # root and data volume
        data_only = ec2.create_snapshots(InstanceSpecification={"InstanceId": iid, "ExcludeBootVolume": True})["Snapshots"]
        self.assertEqual([s["VolumeId"] for s in data_only], [vol])
        mine = ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]
        self.assertEqual(len(mine), 3)
        amazon = ec2.describe_snapshots(OwnerIds=["amazon"])["Snapshots"]
        self.assertTrue(amazon and all(s["OwnerAlias"] == "amazon" for s in amazon))
        by_volume = ec2.describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "volume-id", "Values": [vol]}])
        self.assertEqual(len(by_volume["Snapshots"]), 2)
        tagged = ec2.describe_snapshots(OwnerIds=["self"], Filters=[{"Name": "tag:app", "Values": ["db"]}])
        self.assertEqual(len(tagged["Snapshots"]), 1)
        paged = ec2.describe_snapshots(OwnerIds=["self"], MaxResults=5)
        self.assertEqual(len(paged["Snapshots"]), 3)
        self.assertEqual(error_code(ec2.describe_snapshots, SnapshotIds=["snap-0123456789abcdef0"]),
                         "InvalidSnapshot.NotFound")
        self.assertEqual(error_code(ec2.describe_snapshots, SnapshotIds=["nope"]), "InvalidSnapshot.Malformed")
        self.assertEqual(error_code(ec2.create_snapshot, VolumeId="vol-0123456789abcdef0"), "InvalidVolume.NotFound")
        self.assertEqual(error_code(ec2.create_snapshot, VolumeId=vol, DryRun=True), "DryRunOperation")
        self.assertEqual(len(ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]), 3)

        first = mine[0]["SnapshotId"]
        ec2.delete_snapshot(SnapshotId=first)
        self.assertEqual(error_code(ec2.delete_snapshot, SnapshotId=first), "InvalidSnapshot.NotFound")
        self.assertEqual(error_code(ec2.create_volume, AvailabilityZone="ap-northeast-2a", SnapshotId=first),
                         "InvalidSnapshot.NotFound")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as data_dir:
        DATA_DIR = data_dir
        BINARY = sys.argv[1]
        sys.exit(run_tests(sys.argv[1], sys.modules[__name__], "--data-dir", data_dir))
