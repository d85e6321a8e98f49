"""Guest storage through boto3 and the files control route: what survives a reboot, a
stop and a termination on EBS and on instance store, as the seed lesson warns.
Usage: /usr/bin/python3 guest_storage_test.py PATH_TO_EC2SIM
"""
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import client as shared_client, error_code, guest_file, run_tests  # noqa: E402
from instances_test import fresh_account, instance, launch  # noqa: E402

ENDPOINT = None  # set by run_tests
DATA_DIR = None  # the server's --data-dir
WAIT = {"Delay": 1, "MaxAttempts": 10}


def client(key):
    return shared_client(ENDPOINT, key=key, region="ap-northeast-2")


def put(iid, path, text):
    return guest_file(ENDPOINT, "PUT", iid, path, text.encode())[0]


def get(iid, path):
    status, body = guest_file(ENDPOINT, "GET", iid, path)
    return status, body.decode(errors="replace")


class GuestStorage(unittest.TestCase):
    def running_i3(self, ec2, **kwargs):
        iid = launch(ec2, InstanceType="i3.large", **kwargs)["Instances"][0]["InstanceId"]
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        return iid

    def test_instance_store_is_lost_on_stop_and_ebs_is_kept(self):
        ec2 = client(fresh_account())
        iid = self.running_i3(ec2)
        self.assertEqual(put(iid, "xvda/home/ec2-user/notes.txt", "on EBS"), 200)
        self.assertEqual(put(iid, "ephemeral0/scratch/cache.txt", "on instance store"), 200)
        self.assertEqual(get(iid, "sdb/scratch/cache.txt"), (200, "on instance store"))  # its device name

        ec2.reboot_instances(InstanceIds=[iid])
        self.assertEqual(get(iid, "xvda/home/ec2-user/notes.txt"), (200, "on EBS"))
        self.assertEqual(get(iid, "ephemeral0/scratch/cache.txt"), (200, "on instance store"))

        self.assertEqual(error_code(ec2.stop_instances, InstanceIds=[iid], DryRun=True), "DryRunOperation")
        self.assertEqual(get(iid, "ephemeral0/scratch/cache.txt"), (200, "on instance store"))  # a dry run wipes nothing
        ec2.stop_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_stopped").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        status, body = get(iid, "xvda/home/ec2-user/notes.txt")
        self.assertEqual((status, json.loads(body)["error"]), (409, "IncorrectInstanceState"))
        ec2.start_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        self.assertEqual(get(iid, "xvda/home/ec2-user/notes.txt"), (200, "on EBS"))
        status, body = get(iid, "ephemeral0/scratch/cache.txt")
        self.assertEqual((status, json.loads(body)["error"]), (404, "NoSuchFile"))
        self.assertEqual(json.loads(get(iid, "ephemeral0/")[1])["entries"], [])  # every block reset

    def test_root_volume_starts_from_the_ami_and_lists_directories(self):
        ec2 = client(fresh_account())
        iid = self.running_i3(ec2)
        status, body = get(iid, "xvda/etc/os-release")
        self.assertEqual(status, 200)
        self.assertIn("Amazon Linux", body)
        host = instance(ec2, iid)["PrivateDnsName"].split(".")[0]
        self.assertEqual(get(iid, "xvda/etc/hostname"), (200, host + "\n"))
        listing = json.loads(get(iid, "xvda/etc")[1])
        self.assertEqual(listing["device"], "/dev/xvda")
        self.assertEqual([e["name"] for e in listing["entries"]], ["group", "hostname", "hosts", "os-release", "passwd"])
        self.assertEqual(put(iid, "xvda/home/ec2-user/my notes.txt", "spaces"), 200)
        self.assertEqual(get(iid, "xvda/home/ec2-user/my notes.txt"), (200, "spaces"))
        self.assertEqual(guest_file(ENDPOINT, "DELETE", iid, "xvda/home/ec2-user/my notes.txt")[0], 200)
        self.assertEqual(get(iid, "xvda/home/ec2-user/my notes.txt")[0], 404)

    def test_terminate_keeps_only_volumes_that_outlive_the_instance(self):
        ec2 = client(fresh_account())
        iid = self.running_i3(ec2, BlockDeviceMappings=[
            {"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 1, "DeleteOnTermination": False}}])
        self.assertEqual(put(iid, "sdf/keep.txt", "kept"), 200)
        self.assertEqual(put(iid, "xvda/gone.txt", "gone"), 200)
        volumes = {m["DeviceName"]: m["Ebs"]["VolumeId"] for m in instance(ec2, iid)["BlockDeviceMappings"]}
        ec2.terminate_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        kept = ec2.describe_volumes(VolumeIds=[volumes["/dev/sdf"]])["Volumes"][0]
        self.assertEqual(kept["State"], "available")
        on_disk = {name for _, dirs, _ in os.walk(DATA_DIR) for name in dirs}
        self.assertIn(volumes["/dev/sdf"], on_disk)       # its contents stay for the next attach
        self.assertNotIn(volumes["/dev/xvda"], on_disk)   # the root volume went with the instance
        self.assertNotIn(iid, on_disk)                    # and so did the instance store

    def test_instance_store_devices_from_block_device_mappings(self):
        ec2 = client(fresh_account())
        # An i3en.2xlarge has two local disks (sdb, sdc): ephemeral0 moved to /dev/sdf,
        # ephemeral1's /dev/sdc suppressed.
        iid = launch(ec2, InstanceType="i3en.2xlarge", BlockDeviceMappings=[
            {"DeviceName": "/dev/sdf", "VirtualName": "ephemeral0"},
            {"DeviceName": "/dev/sdc", "NoDevice": ""}])["Instances"][0]["InstanceId"]
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=WAIT)
        self.assertEqual(put(iid, "sdf/a.txt", "local"), 200)
        self.assertEqual(get(iid, "ephemeral0/a.txt"), (200, "local"))
        status, body = get(iid, "ephemeral1/")
        self.assertEqual((status, json.loads(body)["error"]), (404, "NoSuchDevice"))
        self.assertEqual(json.loads(body)["message"].split("it has: ")[1], "xvda, ephemeral0")
        # The instance's own EBS block devices do not list instance store, as on AWS.
        self.assertEqual([m["DeviceName"] for m in instance(ec2, iid)["BlockDeviceMappings"]], ["/dev/xvda"])

    def test_bad_requests(self):
        ec2 = client(fresh_account())
        iid = self.running_i3(ec2, BlockDeviceMappings=[{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 1}}])
        status, body = get(iid, "sdz/x")
        self.assertEqual((status, json.loads(body)["error"]), (404, "NoSuchDevice"))
        self.assertIn("xvda", json.loads(body)["message"])
        status, body = get(iid, "xvda/../../etc/passwd")
        self.assertEqual((status, json.loads(body)["error"]), (400, "InvalidPath"))
        self.assertEqual(get("i-0123456789abcdef0", "xvda/x")[0], 404)
        self.assertEqual(put(iid, "xvda/etc", "a directory"), 409)
        # A 1 GiB volume holds 1 GiB: fill it with a sparse file, then one more byte is refused.
        put(iid, "sdf/start.txt", "x")
        volume_id = [m["Ebs"]["VolumeId"] for m in instance(ec2, iid)["BlockDeviceMappings"]
                     if m["DeviceName"] == "/dev/sdf"][0]
        volume_dir = [root for root, dirs, _ in os.walk(DATA_DIR) if os.path.basename(root) == volume_id][0]
        with open(os.path.join(volume_dir, "big"), "wb") as f:
            f.truncate(2**30 - 1)
        status, body = guest_file(ENDPOINT, "PUT", iid, "sdf/more.txt", b"xy")
        self.assertEqual((status, json.loads(body)["error"]), (507, "NoSpaceLeft"))
        self.assertEqual(put(iid, "sdf/start.txt", ""), 200)  # replacing a file frees its bytes first


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as data_dir:
        DATA_DIR = data_dir
        sys.exit(run_tests(sys.argv[1], sys.modules[__name__], "--data-dir", data_dir))
