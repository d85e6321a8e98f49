"""Accounts and Regions are walls: a resource of account A is, to account B, a resource that
does not exist (AWS's …NotFound code), never listed, never changed — for every kind of
resource ec2sim keeps. Run twice: an open server (12-digit keys are accounts) and a strict
one (keys of a credentials file, signatures verified).
Usage: /usr/bin/python3 isolation_test.py PATH_TO_EC2SIM
"""
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import main, Ec2simServer, client, error_code  # noqa: E402

BINARY = None
STRICT_KEYS = {"111122223333": ("AKIAACCOUNTAEXAMPLE", "secret-a"), "444455556666": ("AKIAACCOUNTBEXAMPLE", "secret-b")}


class Isolation:
    """The cases; a subclass names the server's mode and how an account is reached."""
    keys = None  # account id -> (access key, secret)

    @classmethod
    def start(cls, *args):
        cls.server = Ec2simServer(BINARY, *args).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def ec2(self, account, region="ap-northeast-2"):
        key, secret = self.keys[account]
        return client(self.server.endpoint, region=region, key=key, secret=secret)

    def setUp(self):
        self.a, self.b = self.ec2("111122223333"), self.ec2("444455556666")

    def ami(self, ec2):
        images = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023*"]},
                                                                 {"Name": "architecture", "Values": ["x86_64"]}])
        return images["Images"][0]["ImageId"]

    def launch(self, ec2):
        instance = ec2.run_instances(ImageId=self.ami(ec2), InstanceType="t2.micro", MinCount=1, MaxCount=1,
                                     Placement={"AvailabilityZone": "ap-northeast-2a"})["Instances"][0]
        return instance["InstanceId"]

    def assertNotFound(self, code, call, *args, **kwargs):
        self.assertEqual(error_code(call, *args, **kwargs), code)

    def test_instances(self):
        mine = self.launch(self.a)
        self.assertNotFound("InvalidInstanceID.NotFound", self.b.describe_instances, InstanceIds=[mine])
        self.assertNotFound("InvalidInstanceID.NotFound", self.b.terminate_instances, InstanceIds=[mine])
        self.assertNotFound("InvalidInstanceID.NotFound", self.b.stop_instances, InstanceIds=[mine])
        self.assertNotFound("InvalidInstanceID.NotFound", self.b.modify_instance_attribute, InstanceId=mine,
                            DisableApiTermination={"Value": True})
        self.assertNotFound("InvalidInstanceID.NotFound", self.b.get_console_output, InstanceId=mine)
        listed = [i["InstanceId"] for r in self.b.describe_instances()["Reservations"] for i in r["Instances"]]
        self.assertNotIn(mine, listed)
        status = self.b.describe_instance_status(IncludeAllInstances=True)["InstanceStatuses"]
        self.assertNotIn(mine, [s["InstanceId"] for s in status])
        # Another Region of the same account is another wall.
        self.assertNotFound("InvalidInstanceID.NotFound", self.ec2("111122223333", "eu-west-1").describe_instances,
                            InstanceIds=[mine])
        self.assertEqual(self.a.describe_instances(InstanceIds=[mine])["Reservations"][0]["Instances"][0]["State"]["Name"],
                         "running")

    def test_volumes(self):
        volume = self.a.create_volume(AvailabilityZone="ap-northeast-2a", Size=8)["VolumeId"]
        theirs = self.launch(self.b)
        self.assertNotFound("InvalidVolume.NotFound", self.b.describe_volumes, VolumeIds=[volume])
        self.assertNotFound("InvalidVolume.NotFound", self.b.attach_volume, VolumeId=volume, InstanceId=theirs,
                            Device="/dev/sdf")
        self.assertNotFound("InvalidVolume.NotFound", self.b.modify_volume, VolumeId=volume, Size=20)
        self.assertNotFound("InvalidVolume.NotFound", self.b.delete_volume, VolumeId=volume)
        self.assertNotIn(volume, [v["VolumeId"] for v in self.b.describe_volumes()["Volumes"]])
        self.assertEqual(self.a.describe_volumes(VolumeIds=[volume])["Volumes"][0]["Size"], 8)

    def test_snapshots(self):
        volume = self.a.create_volume(AvailabilityZone="ap-northeast-2a", Size=8)["VolumeId"]
        snapshot = self.a.create_snapshot(VolumeId=volume)["SnapshotId"]
        self.assertNotFound("InvalidSnapshot.NotFound", self.b.describe_snapshots, SnapshotIds=[snapshot])
        self.assertNotFound("InvalidSnapshot.NotFound", self.b.copy_snapshot, SourceSnapshotId=snapshot,
                            SourceRegion="ap-northeast-2")
        self.assertNotFound("InvalidSnapshot.NotFound", self.b.create_volume, AvailabilityZone="ap-northeast-2a",
                            SnapshotId=snapshot)
        self.assertNotFound("InvalidSnapshot.NotFound", self.b.delete_snapshot, SnapshotId=snapshot)
        self.assertNotIn(snapshot, [s["SnapshotId"] for s in self.b.describe_snapshots(OwnerIds=["self"])["Snapshots"]])
        self.assertEqual(len(self.a.describe_snapshots(SnapshotIds=[snapshot])["Snapshots"]), 1)

    def test_images_unless_shared(self):
        image = self.a.create_image(InstanceId=self.launch(self.a), Name="golden")["ImageId"]
        self.assertNotFound("InvalidAMIID.NotFound", self.b.describe_images, ImageIds=[image])
        self.assertNotFound("InvalidAMIID.NotFound", self.b.run_instances, ImageId=image, InstanceType="t2.micro",
                            MinCount=1, MaxCount=1)
        self.assertNotFound("InvalidAMIID.NotFound", self.b.deregister_image, ImageId=image)
        self.assertNotFound("InvalidAMIID.NotFound", self.b.modify_image_attribute, ImageId=image,
                            LaunchPermission={"Add": [{"UserId": "444455556666"}]})
        self.a.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"UserId": "444455556666"}]})
        self.assertEqual(self.b.describe_images(ImageIds=[image])["Images"][0]["OwnerId"], "111122223333")

    def test_key_pairs(self):
        pair = self.a.create_key_pair(KeyName="isolated")["KeyPairId"]
        self.assertNotFound("InvalidKeyPair.NotFound", self.b.describe_key_pairs, KeyNames=["isolated"])
        self.assertNotFound("InvalidKeyPair.NotFound", self.b.describe_key_pairs, KeyPairIds=[pair])
        self.assertNotFound("InvalidKeyPair.NotFound", self.b.delete_key_pair, KeyPairId=pair)
        self.b.create_key_pair(KeyName="isolated")  # a name of its own, no Duplicate
        self.b.delete_key_pair(KeyName="isolated")  # B's own pair goes, A's stays
        self.assertEqual(self.a.describe_key_pairs(KeyPairIds=[pair])["KeyPairs"][0]["KeyName"], "isolated")

    def test_security_groups_and_rules(self):
        group = self.a.create_security_group(GroupName="web", Description="web")["GroupId"]
        self.a.authorize_security_group_ingress(GroupId=group, IpProtocol="tcp", FromPort=22, ToPort=22,
                                                CidrIp="203.0.113.7/32")
        self.assertNotFound("InvalidGroup.NotFound", self.b.describe_security_groups, GroupIds=[group])
        self.assertNotFound("InvalidGroup.NotFound", self.b.authorize_security_group_ingress, GroupId=group,
                            IpProtocol="tcp", FromPort=80, ToPort=80, CidrIp="0.0.0.0/0")
        self.assertNotFound("InvalidGroup.NotFound", self.b.revoke_security_group_ingress, GroupId=group,
                            IpProtocol="tcp", FromPort=22, ToPort=22, CidrIp="203.0.113.7/32")
        self.assertNotFound("InvalidGroup.NotFound", self.b.delete_security_group, GroupId=group)
        rules = self.b.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])
        self.assertEqual(rules["SecurityGroupRules"], [])
        mine = self.a.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])
        self.assertEqual(len([r for r in mine["SecurityGroupRules"] if not r["IsEgress"]]), 1)

    def test_network(self):
        vpc = self.a.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
        subnet = self.a.create_subnet(VpcId=vpc, CidrBlock="10.1.1.0/24")["Subnet"]["SubnetId"]
        gateway = self.a.describe_internet_gateways()["InternetGateways"][0]["InternetGatewayId"]
        table = self.a.describe_route_tables()["RouteTables"][0]["RouteTableId"]
        self.assertNotFound("InvalidVpcID.NotFound", self.b.describe_vpcs, VpcIds=[vpc])
        self.assertNotFound("InvalidVpcID.NotFound", self.b.create_subnet, VpcId=vpc, CidrBlock="10.1.2.0/24")
        self.assertNotFound("InvalidVpcID.NotFound", self.b.delete_vpc, VpcId=vpc)
        self.assertNotFound("InvalidSubnetID.NotFound", self.b.describe_subnets, SubnetIds=[subnet])
        self.assertNotFound("InvalidSubnetID.NotFound", self.b.delete_subnet, SubnetId=subnet)
        self.assertNotFound("InvalidSubnetID.NotFound", self.b.run_instances, ImageId=self.ami(self.b),
                            InstanceType="t2.micro", MinCount=1, MaxCount=1, SubnetId=subnet)
        self.assertNotFound("InvalidInternetGatewayID.NotFound", self.b.describe_internet_gateways,
                            InternetGatewayIds=[gateway])
        self.assertNotFound("InvalidRouteTableID.NotFound", self.b.describe_route_tables, RouteTableIds=[table])
        self.assertEqual(self.a.describe_subnets(SubnetIds=[subnet])["Subnets"][0]["VpcId"], vpc)

    def test_addresses(self):
        allocation = self.a.allocate_address(Domain="vpc")["AllocationId"]
        theirs = self.launch(self.b)
        self.assertNotFound("InvalidAllocationID.NotFound", self.b.describe_addresses, AllocationIds=[allocation])
        self.assertNotFound("InvalidAllocationID.NotFound", self.b.associate_address, AllocationId=allocation,
                            InstanceId=theirs)
        self.assertNotFound("InvalidAllocationID.NotFound", self.b.release_address, AllocationId=allocation)
        self.assertEqual(len(self.a.describe_addresses(AllocationIds=[allocation])["Addresses"]), 1)

    def test_placement_groups(self):
        self.a.create_placement_group(GroupName="racks", Strategy="spread")
        self.assertNotFound("InvalidPlacementGroup.Unknown", self.b.describe_placement_groups, GroupNames=["racks"])
        self.assertNotFound("InvalidPlacementGroup.Unknown", self.b.delete_placement_group, GroupName="racks")
        self.b.create_placement_group(GroupName="racks", Strategy="cluster")  # a name of its own
        self.assertEqual(self.a.describe_placement_groups(GroupNames=["racks"])["PlacementGroups"][0]["Strategy"],
                         "spread")

    def test_tags(self):
        mine = self.launch(self.a)
        self.a.create_tags(Resources=[mine], Tags=[{"Key": "owner", "Value": "a"}])
        self.assertNotIn(mine, [t["ResourceId"] for t in self.b.describe_tags()["Tags"]])
        self.assertNotFound("InvalidInstanceID.NotFound", self.b.create_tags, Resources=[mine],
                            Tags=[{"Key": "owner", "Value": "b"}])
        self.assertNotFound("InvalidInstanceID.NotFound", self.b.delete_tags, Resources=[mine],
                            Tags=[{"Key": "owner"}])
        tags = self.a.describe_tags(Filters=[{"Name": "resource-id", "Values": [mine]}])["Tags"]
        self.assertEqual([(t["Key"], t["Value"]) for t in tags], [("owner", "a")])


class OpenMode(Isolation, unittest.TestCase):
    keys = {account: (account, "any") for account in STRICT_KEYS}

    @classmethod
    def setUpClass(cls):
        cls.start()


class StrictMode(Isolation, unittest.TestCase):
    keys = STRICT_KEYS

    @classmethod
    def setUpClass(cls):
        cls.creds = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump({"credentials": [{"access_key": key, "secret_key": secret, "account_id": account}
                                   for account, (key, secret) in STRICT_KEYS.items()]}, cls.creds)
        cls.creds.close()
        cls.start("--auth", "strict", "--credentials", cls.creds.name)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        os.unlink(cls.creds.name)


if __name__ == "__main__":
    main(__name__)
