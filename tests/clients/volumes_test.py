"""EBS volumes through boto3: CreateVolume with each type's limits at their edges,
AttachVolume/DetachVolume/DeleteVolume with AWS's error codes, waiters, and a volume's
files following it from one instance to another. Usage: /usr/bin/python3 volumes_test.py PATH_TO_EC2SIM
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import client as shared_client, error_code, guest_file, run_tests  # noqa: E402
from instances_test import fresh_account, instance, launch, newest_al2023  # noqa: E402

ENDPOINT = None  # set by run_tests
WAIT = {"Delay": 1, "MaxAttempts": 10}
ZONE = "ap-northeast-2a"


def client(key):
    return shared_client(ENDPOINT, key=key, region="ap-northeast-2")


def running(ec2, zone=ZONE, **kwargs):
    iid = launch(ec2, Placement={"AvailabilityZone": zone}, **kwargs)["Instances"][0]["InstanceId"]
    ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=WAIT)
    return iid


class Volumes(unittest.TestCase):
    def test_create_defaults_tags_and_waiter(self):
        ec2 = client(fresh_account())
        created = ec2.create_volume(AvailabilityZone=ZONE, Size=20, VolumeType="gp3", TagSpecifications=[
            {"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "data"}]}])
        self.assertEqual(created["State"], "creating")
        self.assertEqual((created["Iops"], created["Throughput"]), (3000, 125))
        # Members most volumes share are shown, though the record leaves them to its view.
        self.assertEqual((created["Encrypted"], created["MultiAttachEnabled"]), (False, False))
        ec2.get_waiter("volume_available").wait(VolumeIds=[created["VolumeId"]], WaiterConfig=WAIT)
        found = ec2.describe_volumes(Filters=[{"Name": "tag:Name", "Values": ["data"]}])["Volumes"]
        self.assertEqual([(v["VolumeId"], v["State"], v["Size"]) for v in found], [(created["VolumeId"], "available", 20)])
        encrypted = ec2.create_volume(AvailabilityZone=ZONE, Size=1, Encrypted=True)
        self.assertIn(":key/", encrypted["KmsKeyId"])
        ami = newest_al2023(ec2)
        root_snapshot = ec2.describe_images(ImageIds=[ami])["Images"][0]["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"]
        from_snapshot = ec2.create_volume(AvailabilityZone=ZONE, SnapshotId=root_snapshot)
        self.assertEqual((from_snapshot["Size"], from_snapshot["SnapshotId"]), (8, root_snapshot))
        again = ec2.create_volume(AvailabilityZone=ZONE, Size=2, ClientToken="vol-1")["VolumeId"]
        replayed = ec2.create_volume(AvailabilityZone=ZONE, Size=2, ClientToken="vol-1")
        self.assertEqual((replayed["VolumeId"], replayed["Encrypted"]), (again, False))
        self.assertEqual(error_code(ec2.create_volume, AvailabilityZone=ZONE, Size=3, ClientToken="vol-1"),
                         "IdempotentParameterMismatch")

    def test_type_limits_at_their_edges(self):
        ec2 = client(fresh_account())
        ok = [("gp2", 1, None), ("gp2", 16384, None), ("gp3", 1, 3000), ("gp3", 16384, 16000), ("io1", 4, 100),
              ("io1", 16384, 64000), ("io1", 2, 100), ("io2", 4, 100), ("io2", 65536, 256000), ("st1", 125, None),
              ("st1", 16384, None), ("sc1", 125, None), ("standard", 1, None), ("standard", 1024, None)]
        ok.remove(("io1", 2, 100))  # below io1's 4 GiB: listed among the failures
        bad = [("gp2", 0, None), ("gp2", 16385, None), ("gp3", 16385, None), ("gp3", 10, 2999), ("gp3", 40, 16001),
               ("io1", 3, 100), ("io1", 10, 99), ("io1", 10, 501), ("io2", 65537, 100), ("io2", 10, 10001),
               ("st1", 124, None), ("sc1", 124, None), ("sc1", 16385, None), ("standard", 1025, None)]
        for volume_type, size, iops in ok:
            args = {"AvailabilityZone": ZONE, "VolumeType": volume_type, "Size": size}
            if iops:
                args["Iops"] = iops
            self.assertEqual(ec2.create_volume(**args)["Size"], size, args)
        for volume_type, size, iops in bad:
            args = {"AvailabilityZone": ZONE, "VolumeType": volume_type, "Size": size}
            if iops:
                args["Iops"] = iops
            self.assertEqual(error_code(ec2.create_volume, **args), "InvalidParameterValue", args)
        cases = [
            ({"VolumeType": "io2", "Size": 10}, "MissingParameter"),
            ({"VolumeType": "st1", "Size": 500, "Iops": 500}, "InvalidParameterCombination"),
            ({"VolumeType": "gp2", "Size": 10, "Throughput": 200}, "InvalidParameterCombination"),
            ({"VolumeType": "gp3", "Size": 10, "Throughput": 1001}, "InvalidParameterValue"),
            ({"VolumeType": "gp3", "Size": 10, "MultiAttachEnabled": True}, "InvalidParameterCombination"),
            ({"Size": 10, "KmsKeyId": "alias/mine"}, "InvalidParameterDependency"),
            ({"SnapshotId": "snap-0123456789abcdef0"}, "InvalidSnapshot.NotFound"),
            ({}, "MissingParameter"),
        ]
        for args, code in cases:
            self.assertEqual(error_code(ec2.create_volume, AvailabilityZone=ZONE, **args), code, args)
        self.assertEqual(error_code(ec2.create_volume, AvailabilityZone="ap-northeast-2z", Size=1), "InvalidParameterValue")
        count = len(ec2.describe_volumes()["Volumes"])
        self.assertEqual(error_code(ec2.create_volume, AvailabilityZone=ZONE, Size=1, DryRun=True), "DryRunOperation")
        self.assertEqual(len(ec2.describe_volumes()["Volumes"]), count)

    def test_attach_detach_delete(self):
        ec2 = client(fresh_account())
        iid = running(ec2)
        vol = ec2.create_volume(AvailabilityZone=ZONE, Size=4)["VolumeId"]
        ec2.get_waiter("volume_available").wait(VolumeIds=[vol], WaiterConfig=WAIT)
        attached = ec2.attach_volume(VolumeId=vol, InstanceId=iid, Device="/dev/sdf")
        self.assertEqual((attached["State"], attached["Device"], attached["InstanceId"]), ("attaching", "/dev/sdf", iid))
        ec2.get_waiter("volume_in_use").wait(VolumeIds=[vol], WaiterConfig=WAIT)
        described = ec2.describe_volumes(VolumeIds=[vol])["Volumes"][0]
        self.assertEqual((described["State"], described["Attachments"][0]["State"]), ("in-use", "attached"))
        mapping = [m for m in instance(ec2, iid)["BlockDeviceMappings"] if m["DeviceName"] == "/dev/sdf"][0]
        self.assertEqual((mapping["Ebs"]["VolumeId"], mapping["Ebs"]["Status"]), (vol, "attached"))
        found = ec2.describe_volumes(Filters=[{"Name": "attachment.instance-id", "Values": [iid]}])["Volumes"]
        self.assertEqual(len(found), 2)  # the root volume and this one

        other = ec2.create_volume(AvailabilityZone=ZONE, Size=1)["VolumeId"]
        elsewhere = ec2.create_volume(AvailabilityZone="ap-northeast-2c", Size=1)["VolumeId"]
        root = instance(ec2, iid)["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
        cases = [
            ((vol, iid, "/dev/sdg"), "VolumeInUse"),
            ((other, iid, "/dev/sdf"), "InvalidParameterValue"),   # the device is taken
            ((other, iid, "/dev/nope"), "InvalidParameterValue"),
            ((elsewhere, iid, "/dev/sdh"), "InvalidVolume.ZoneMismatch"),
            (("vol-0123456789abcdef0", iid, "/dev/sdh"), "InvalidVolume.NotFound"),
            ((other, "i-0123456789abcdef0", "/dev/sdh"), "InvalidInstanceID.NotFound"),
        ]
        for (volume_id, instance_id, device), code in cases:
            self.assertEqual(error_code(ec2.attach_volume, VolumeId=volume_id, InstanceId=instance_id, Device=device),
                             code, (volume_id, device))
        self.assertEqual(error_code(ec2.delete_volume, VolumeId=vol), "VolumeInUse")
        self.assertEqual(error_code(ec2.detach_volume, VolumeId=other), "IncorrectState")
        self.assertEqual(error_code(ec2.detach_volume, VolumeId=root), "IncorrectState")  # root of a running instance
        self.assertEqual(error_code(ec2.detach_volume, VolumeId=vol, InstanceId="i-0123456789abcdef0"),
                         "InvalidAttachment.NotFound")

        self.assertEqual(ec2.detach_volume(VolumeId=vol)["State"], "detaching")
        ec2.get_waiter("volume_available").wait(VolumeIds=[vol], WaiterConfig=WAIT)
        self.assertNotIn("/dev/sdf", [m["DeviceName"] for m in instance(ec2, iid)["BlockDeviceMappings"]])
        ec2.delete_volume(VolumeId=vol)
        self.assertEqual(error_code(ec2.describe_volumes, VolumeIds=[vol]), "InvalidVolume.NotFound")
        self.assertEqual(error_code(ec2.delete_volume, VolumeId=vol), "InvalidVolume.NotFound")

    def test_files_follow_the_volume_to_another_instance(self):
        ec2 = client(fresh_account())
        first, second = running(ec2), running(ec2)
        vol = ec2.create_volume(AvailabilityZone=ZONE, Size=1)["VolumeId"]
        ec2.get_waiter("volume_available").wait(VolumeIds=[vol], WaiterConfig=WAIT)
        ec2.attach_volume(VolumeId=vol, InstanceId=first, Device="/dev/sdf")
        ec2.get_waiter("volume_in_use").wait(VolumeIds=[vol], WaiterConfig=WAIT)
        self.assertEqual(guest_file(ENDPOINT, "PUT", first, "sdf/backup/db.sql", b"INSERT 1;")[0], 200)
        ec2.detach_volume(VolumeId=vol)
        ec2.get_waiter("volume_available").wait(VolumeIds=[vol], WaiterConfig=WAIT)
        self.assertEqual(guest_file(ENDPOINT, "GET", first, "sdf/backup/db.sql")[0], 404)  # no device any more
        ec2.attach_volume(VolumeId=vol, InstanceId=second, Device="/dev/sdg")
        ec2.get_waiter("volume_in_use").wait(VolumeIds=[vol], WaiterConfig=WAIT)
        self.assertEqual(guest_file(ENDPOINT, "GET", second, "sdg/backup/db.sql"), (200, b"INSERT 1;"))

    def test_modify_a_volume_in_use(self):
        ec2 = client(fresh_account())
        iid = running(ec2)
        root = instance(ec2, iid)["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
        modification = ec2.modify_volume(VolumeId=root, Size=20, VolumeType="gp3", Iops=4000)["VolumeModification"]
        self.assertEqual((modification["ModificationState"], modification["OriginalSize"], modification["TargetSize"],
                          modification["OriginalVolumeType"], modification["TargetIops"]), ("modifying", 8, 20, "gp3", 4000))
        described = ec2.describe_volumes_modifications(VolumeIds=[root])["VolumesModifications"][0]
        self.assertEqual((described["ModificationState"], described["Progress"]), ("completed", 100))
        volume = ec2.describe_volumes(VolumeIds=[root])["Volumes"][0]
        self.assertEqual((volume["Size"], volume["VolumeType"], volume["Iops"], volume["Throughput"]), (20, "gp3", 4000, 125))
        done = ec2.describe_volumes_modifications(Filters=[{"Name": "modification-state", "Values": ["completed"]}])
        self.assertEqual([m["VolumeId"] for m in done["VolumesModifications"]], [root])
        cases = [
            ({"Size": 10}, "InvalidParameterValue"),                          # smaller
            ({"VolumeType": "io2"}, "MissingParameter"),                      # io2 needs IOPS
            ({"VolumeType": "gp3", "Iops": 20000}, "InvalidParameterValue"),
            ({"Size": 20}, "InvalidParameterValue"),                          # nothing changes
        ]
        for args, code in cases:
            self.assertEqual(error_code(ec2.modify_volume, VolumeId=root, **args), code, args)
        self.assertEqual(error_code(ec2.modify_volume, VolumeId="vol-0123456789abcdef0", Size=30), "InvalidVolume.NotFound")
        self.assertEqual(error_code(ec2.describe_volumes_modifications, VolumeIds=["vol-0123456789abcdef0"]),
                         "InvalidVolumeModification.NotFound")

        status = ec2.describe_volume_status(VolumeIds=[root])["VolumeStatuses"][0]
        self.assertEqual((status["VolumeStatus"]["Status"], status["AvailabilityZone"]), ("ok", ZONE))
        self.assertEqual(status["VolumeStatus"]["Details"][0], {"Name": "io-enabled", "Status": "passed"})
        ok = ec2.describe_volume_status(Filters=[{"Name": "volume-status.status", "Values": ["ok"]}])["VolumeStatuses"]
        self.assertEqual([v["VolumeId"] for v in ok], [root])

    def test_volume_attached_while_stopped_and_kept_on_terminate(self):
        ec2 = client(fresh_account())
        iid = running(ec2)
        ec2.stop_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_stopped").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        vol = ec2.create_volume(AvailabilityZone=ZONE, Size=1)["VolumeId"]
        ec2.get_waiter("volume_available").wait(VolumeIds=[vol], WaiterConfig=WAIT)
        ec2.attach_volume(VolumeId=vol, InstanceId=iid, Device="/dev/sdf")
        ec2.get_waiter("volume_in_use").wait(VolumeIds=[vol], WaiterConfig=WAIT)
        ec2.terminate_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        self.assertEqual(ec2.describe_volumes(VolumeIds=[vol])["Volumes"][0]["State"], "available")


if __name__ == "__main__":
    # Each volume type's own limits are tested here, so the account's storage and IOPS quotas
    # (io2: 20 TiB and 100,000 IOPS by default) are raised past a 64 TiB, 256,000-IOPS volume.
    sys.exit(run_tests(sys.argv[1], sys.modules[__name__], "--quota", "io2-storage-tib=100", "--quota",
                       "io2-iops=1000000", "--quota", "io1-iops=1000000"))
