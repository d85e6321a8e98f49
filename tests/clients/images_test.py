"""AMIs of one's own through boto3 and the files route: bake an image from a configured
instance and stamp out identical copies, register one from a snapshot, copy one to
another Region, deregister, and the attributes and errors around them.
Usage: /usr/bin/python3 images_test.py PATH_TO_EC2SIM
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import client as shared_client, error_code, guest_file, run_tests  # noqa: E402
from instances_test import fresh_account, launch  # noqa: E402

ENDPOINT = None  # set by run_tests
WAIT = {"Delay": 1, "MaxAttempts": 10}


def client(key, region="ap-northeast-2"):
    return shared_client(ENDPOINT, key=key, region=region)


def running(ec2, **kwargs):
    ids = [i["InstanceId"] for i in launch(ec2, **kwargs)["Instances"]]
    ec2.get_waiter("instance_running").wait(InstanceIds=ids, WaiterConfig=WAIT)
    return ids


class Images(unittest.TestCase):
    def test_bake_and_stamp_out_copies(self):
        ec2 = client(fresh_account())
        [builder] = running(ec2, BlockDeviceMappings=[{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 2}}])
        guest_file(ENDPOINT, "PUT", builder, "xvda/etc/nginx/nginx.conf", b"worker_processes 4;")
        guest_file(ENDPOINT, "PUT", builder, "sdf/www/index.html", b"<h1>hello</h1>")
        image_id = ec2.create_image(InstanceId=builder, Name="web-v1", Description="nginx configured",
                                    TagSpecifications=[{"ResourceType": "image", "Tags": [{"Key": "app", "Value": "web"}]}])["ImageId"]
        ec2.get_waiter("image_available").wait(ImageIds=[image_id], WaiterConfig=WAIT)
        mine = ec2.describe_images(Owners=["self"])["Images"]
        self.assertEqual([(i["ImageId"], i["Name"], i["State"], i["Public"]) for i in mine],
                         [(image_id, "web-v1", "available", False)])
        self.assertEqual([m["DeviceName"] for m in mine[0]["BlockDeviceMappings"]], ["/dev/xvda", "/dev/sdf"])
        self.assertEqual(mine[0]["Tags"], [{"Key": "app", "Value": "web"}])
        self.assertEqual(len(ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]), 2)
        self.assertEqual(ec2.describe_images(Filters=[{"Name": "name", "Values": ["web-*"]}], Owners=["self"])["Images"][0]["ImageId"],
                         image_id)

        guest_file(ENDPOINT, "PUT", builder, "xvda/etc/nginx/nginx.conf", b"changed after the image")
        copies = running(ec2, ImageId=image_id, MinCount=2, MaxCount=2)
        for copy in copies:
            self.assertEqual(guest_file(ENDPOINT, "GET", copy, "xvda/etc/nginx/nginx.conf"), (200, b"worker_processes 4;"))
            self.assertEqual(guest_file(ENDPOINT, "GET", copy, "sdf/www/index.html"), (200, b"<h1>hello</h1>"))
            self.assertEqual(guest_file(ENDPOINT, "GET", copy, "xvda/etc/os-release")[0], 200)
        # An image of a copy (its AMI is the account's own) takes the instance's ENA support.
        ena = ec2.describe_instances(InstanceIds=[copies[0]])["Reservations"][0]["Instances"][0]["EnaSupport"]
        second = ec2.create_image(InstanceId=copies[0], Name="web-v1 copy", NoReboot=True)["ImageId"]
        self.assertEqual(ec2.describe_images(ImageIds=[second])["Images"][0]["EnaSupport"], ena)
        self.assertEqual(error_code(ec2.create_image, InstanceId=builder, Name="web-v1"), "InvalidAMIName.Duplicate")
        self.assertEqual(error_code(ec2.create_image, InstanceId=builder, Name="no"), "InvalidAMIName.Malformed")
        self.assertEqual(error_code(ec2.create_image, InstanceId="i-0123456789abcdef0", Name="web-v2"),
                         "InvalidInstanceID.NotFound")

        snapshot = mine[0]["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"]
        self.assertEqual(error_code(ec2.delete_snapshot, SnapshotId=snapshot), "InvalidSnapshot.InUse")
        ec2.deregister_image(ImageId=image_id)
        self.assertEqual(error_code(ec2.describe_images, ImageIds=[image_id]), "InvalidAMIID.NotFound")
        self.assertEqual(error_code(launch, ec2, ImageId=image_id), "InvalidAMIID.NotFound")
        self.assertEqual(error_code(ec2.deregister_image, ImageId=image_id), "InvalidAMIID.NotFound")
        ec2.delete_snapshot(SnapshotId=snapshot)  # no image uses it any more

    def test_register_from_a_snapshot_and_copy_to_another_region(self):
        account = fresh_account()
        seoul, virginia = client(account), client(account, "us-east-1")
        [iid] = running(seoul)
        guest_file(ENDPOINT, "PUT", iid, "xvda/home/ec2-user/notes.txt", b"baked")
        root = seoul.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["BlockDeviceMappings"][0]
        snapshot = seoul.create_snapshot(VolumeId=root["Ebs"]["VolumeId"])["SnapshotId"]
        seoul.get_waiter("snapshot_completed").wait(SnapshotIds=[snapshot], WaiterConfig=WAIT)
        registered = seoul.register_image(Name="from-snapshot", RootDeviceName="/dev/xvda", Architecture="x86_64",
                                          VirtualizationType="hvm", EnaSupport=True, BlockDeviceMappings=[
                                              {"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": snapshot}}])["ImageId"]
        seoul.get_waiter("image_available").wait(ImageIds=[registered], WaiterConfig=WAIT)
        [from_registered] = running(seoul, ImageId=registered)
        self.assertEqual(guest_file(ENDPOINT, "GET", from_registered, "xvda/home/ec2-user/notes.txt"), (200, b"baked"))
        self.assertEqual(error_code(seoul.register_image, Name="no-root", RootDeviceName="/dev/xvda"),
                         "InvalidParameterCombination")

        copied = virginia.copy_image(SourceRegion="ap-northeast-2", SourceImageId=registered, Name="copied")["ImageId"]
        virginia.get_waiter("image_available").wait(ImageIds=[copied], WaiterConfig=WAIT)
        [there] = running(virginia, ImageId=copied)
        self.assertEqual(guest_file(ENDPOINT, "GET", there, "xvda/home/ec2-user/notes.txt"), (200, b"baked"))
        self.assertEqual(error_code(virginia.copy_image, SourceRegion="ap-northeast-2",
                                    SourceImageId="ami-0123456789abcdef0", Name="x-copy"), "InvalidAMIID.NotFound")
        # A retried copy (the same ClientToken and parameters) is the first copy, not a second.
        retry = dict(SourceRegion="ap-northeast-2", SourceImageId=registered, Name="copied-once", ClientToken="copy-1")
        first = virginia.copy_image(**retry)["ImageId"]
        self.assertEqual(virginia.copy_image(**retry)["ImageId"], first)
        self.assertEqual(len(virginia.describe_images(Owners=["self"], Filters=[{"Name": "name", "Values": ["copied-once"]}])["Images"]), 1)
        self.assertEqual(error_code(virginia.copy_image, **dict(retry, Name="copied-twice")), "IdempotentParameterMismatch")

    def test_attributes(self):
        ec2 = client(fresh_account())
        [iid] = running(ec2)
        image_id = ec2.create_image(InstanceId=iid, Name="shared image", NoReboot=True)["ImageId"]
        ec2.modify_image_attribute(ImageId=image_id, LaunchPermission={"Add": [{"UserId": "111122223333"}]})
        ec2.modify_image_attribute(ImageId=image_id, Description={"Value": "for the team"})
        permissions = ec2.describe_image_attribute(ImageId=image_id, Attribute="launchPermission")["LaunchPermissions"]
        self.assertEqual(permissions, [{"UserId": "111122223333"}])
        self.assertEqual(ec2.describe_image_attribute(ImageId=image_id, Attribute="description")["Description"]["Value"],
                         "for the team")
        ec2.modify_image_attribute(ImageId=image_id, LaunchPermission={"Add": [{"Group": "all"}]})
        self.assertTrue(ec2.describe_images(ImageIds=[image_id])["Images"][0]["Public"])
        self.assertEqual(error_code(ec2.modify_image_attribute, ImageId=image_id,
                                    LaunchPermission={"Add": [{"UserId": "bob"}]}), "InvalidUserID.Malformed")
        self.assertEqual(error_code(ec2.describe_image_attribute, ImageId="ami-0123456789abcdef0", Attribute="description"),
                         "InvalidAMIID.NotFound")

    def test_launch_permission_lets_another_account_launch_it(self):
        friend_account = fresh_account()
        owner, friend, stranger = client(fresh_account()), client(friend_account), client(fresh_account())
        [iid] = running(owner)
        guest_file(ENDPOINT, "PUT", iid, "xvda/srv/app.txt", b"shared build")
        image_id = owner.create_image(InstanceId=iid, Name="team-base")["ImageId"]
        owner.get_waiter("image_available").wait(ImageIds=[image_id], WaiterConfig=WAIT)
        self.assertEqual(error_code(launch, friend, ImageId=image_id), "InvalidAMIID.NotFound")  # not shared yet
        owner.modify_image_attribute(ImageId=image_id, LaunchPermission={"Add": [{"UserId": friend_account}]})
        shared = friend.describe_images(ExecutableUsers=["self"], Filters=[{"Name": "name", "Values": ["team-base"]}])
        self.assertEqual([i["ImageId"] for i in shared["Images"]], [image_id])
        self.assertEqual(stranger.describe_images(Filters=[{"Name": "name", "Values": ["team-base"]}])["Images"], [])
        [copy] = running(friend, ImageId=image_id)
        self.assertEqual(guest_file(ENDPOINT, "GET", copy, "xvda/srv/app.txt"), (200, b"shared build"))
        self.assertEqual(error_code(launch, stranger, ImageId=image_id), "InvalidAMIID.NotFound")

    def test_sharing_as_aws_scopes_it(self):
        friend_account = fresh_account()
        owner, friend = client(fresh_account()), client(friend_account)
        [iid] = running(owner)
        image_id = owner.create_image(InstanceId=iid, Name="scoped", NoReboot=True)["ImageId"]
        owner.modify_image_attribute(ImageId=image_id, LaunchPermission={"Add": [{"UserId": friend_account}]})
        # ExecutableUsers names who may launch explicitly: never public images.
        named = [i["ImageId"] for i in owner.describe_images(ExecutableUsers=[friend_account])["Images"]]
        self.assertEqual(named, [image_id])
        mine = friend.describe_images(ExecutableUsers=[friend_account])["Images"]
        self.assertEqual([i["ImageId"] for i in mine], [image_id])
        self.assertTrue(all(i["Public"] for i in friend.describe_images(ExecutableUsers=["all"],
                                                                        Owners=["amazon"])["Images"]))
        # Making it public keeps the grant to the friend; organizations' grants are kept too.
        org = "arn:aws:organizations::123456789012:organization/o-abcdefghij"
        unit = "arn:aws:organizations::123456789012:ou/o-abcdefghij/ou-ab12-cdefghij"
        owner.modify_image_attribute(ImageId=image_id, LaunchPermission={
            "Add": [{"Group": "all"}, {"OrganizationArn": org}, {"OrganizationalUnitArn": unit}]})
        permissions = owner.describe_image_attribute(ImageId=image_id, Attribute="launchPermission")["LaunchPermissions"]
        self.assertCountEqual(permissions, [{"Group": "all"}, {"UserId": friend_account}, {"OrganizationArn": org},
                                            {"OrganizationalUnitArn": unit}])
        owner.modify_image_attribute(ImageId=image_id, OperationType="remove", OrganizationArns=[org])
        permissions = owner.describe_image_attribute(ImageId=image_id, Attribute="launchPermission")["LaunchPermissions"]
        self.assertNotIn({"OrganizationArn": org}, permissions)
        # The only group there is is `all`.
        self.assertEqual(error_code(owner.modify_image_attribute, ImageId=image_id, OperationType="add",
                                    UserGroups=["admins"]), "InvalidAMIAttributeItemValue")


if __name__ == "__main__":
    sys.exit(run_tests(sys.argv[1], sys.modules[__name__]))
