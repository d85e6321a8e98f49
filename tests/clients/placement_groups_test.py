"""Placement groups through boto3: create, describe, delete, and launching into cluster,
spread and partition groups by their rules. Usage: /usr/bin/python3 placement_groups_test.py PATH_TO_EC2SIM
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import client as shared_client, error_code, run_tests  # noqa: E402
from instances_test import fresh_account, instance, launch  # noqa: E402

ENDPOINT = None  # set by run_tests


def client(key):
    return shared_client(ENDPOINT, key=key, region="ap-northeast-2")


class PlacementGroups(unittest.TestCase):
    def test_create_describe_delete(self):
        ec2 = client(fresh_account())
        created = ec2.create_placement_group(GroupName="hpc", Strategy="cluster", TagSpecifications=[
            {"ResourceType": "placement-group", "Tags": [{"Key": "team", "Value": "ml"}]}])["PlacementGroup"]
        self.assertTrue(created["GroupId"].startswith("pg-"))
        self.assertEqual((created["State"], created["Strategy"]), ("available", "cluster"))
        ec2.create_placement_group(GroupName="racks", Strategy="spread")
        ec2.create_placement_group(GroupName="kafka", Strategy="partition", PartitionCount=3)

        groups = {g["GroupName"]: g for g in ec2.describe_placement_groups()["PlacementGroups"]}
        self.assertEqual(set(groups), {"hpc", "racks", "kafka"})
        self.assertEqual(groups["racks"]["SpreadLevel"], "rack")
        self.assertEqual(groups["kafka"]["PartitionCount"], 3)
        self.assertTrue(groups["hpc"]["GroupArn"].endswith(":placement-group/hpc"))
        self.assertEqual(groups["hpc"]["Tags"], [{"Key": "team", "Value": "ml"}])
        by_name = ec2.describe_placement_groups(GroupNames=["kafka"])["PlacementGroups"]
        self.assertEqual([g["GroupName"] for g in by_name], ["kafka"])
        by_id = ec2.describe_placement_groups(GroupIds=[created["GroupId"]])["PlacementGroups"]
        self.assertEqual([g["GroupName"] for g in by_id], ["hpc"])
        spread = ec2.describe_placement_groups(Filters=[{"Name": "strategy", "Values": ["spread"]}])["PlacementGroups"]
        self.assertEqual([g["GroupName"] for g in spread], ["racks"])
        tagged = ec2.describe_placement_groups(Filters=[{"Name": "tag:team", "Values": ["ml"]}])["PlacementGroups"]
        self.assertEqual([g["GroupName"] for g in tagged], ["hpc"])

        ec2.delete_placement_group(GroupName="racks")
        self.assertEqual(error_code(ec2.describe_placement_groups, GroupNames=["racks"]), "InvalidPlacementGroup.Unknown")
        self.assertEqual(error_code(ec2.delete_placement_group, GroupName="racks"), "InvalidPlacementGroup.Unknown")

    def test_bad_requests(self):
        ec2 = client(fresh_account())
        ec2.create_placement_group(GroupName="hpc", Strategy="cluster")
        cases = [
            ({"GroupName": "hpc", "Strategy": "cluster"}, "InvalidPlacementGroup.Duplicate"),
            ({"GroupName": "p", "Strategy": "partition", "PartitionCount": 8}, "InvalidParameterValue"),
            ({"GroupName": "p", "Strategy": "cluster", "PartitionCount": 2}, "InvalidParameterCombination"),
            ({"GroupName": "p", "Strategy": "spread", "SpreadLevel": "host"}, "InvalidParameterValue"),
            ({"GroupName": "p", "Strategy": "pyramid"}, "InvalidParameterValue"),
            ({"GroupName": "p"}, "MissingParameter"),
        ]
        for args, code in cases:
            self.assertEqual(error_code(ec2.create_placement_group, **args), code, args)
        self.assertEqual(error_code(ec2.create_placement_group, GroupName="x", Strategy="cluster", DryRun=True),
                         "DryRunOperation")
        self.assertEqual([g["GroupName"] for g in ec2.describe_placement_groups()["PlacementGroups"]], ["hpc"])

    def test_cluster_group_takes_one_zone_and_no_burstable_types(self):
        ec2 = client(fresh_account())
        group_id = ec2.create_placement_group(GroupName="hpc", Strategy="cluster")["PlacementGroup"]["GroupId"]
        self.assertEqual(error_code(launch, ec2, Placement={"GroupName": "hpc"}), "InvalidParameterCombination")  # t2.micro
        iid = launch(ec2, InstanceType="c5.large",
                     Placement={"GroupName": "hpc", "AvailabilityZone": "ap-northeast-2a"})["Instances"][0]["InstanceId"]
        placement = instance(ec2, iid)["Placement"]
        self.assertEqual((placement["GroupName"], placement["GroupId"]), ("hpc", group_id))
        found = ec2.describe_instances(Filters=[{"Name": "placement-group-name", "Values": ["hpc"]}])["Reservations"]
        self.assertEqual(len(found), 1)
        self.assertEqual(error_code(launch, ec2, InstanceType="c5.large",
                                    Placement={"GroupName": "hpc", "AvailabilityZone": "ap-northeast-2c"}),
                         "InvalidPlacementGroup.InUse")
        self.assertEqual(error_code(ec2.delete_placement_group, GroupName="hpc"), "InvalidPlacementGroup.InUse")
        ec2.terminate_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[iid], WaiterConfig={"Delay": 1, "MaxAttempts": 10})
        ec2.delete_placement_group(GroupName="hpc")

    def test_spread_group_holds_seven_per_zone(self):
        ec2 = client(fresh_account())
        ec2.create_placement_group(GroupName="racks", Strategy="spread")
        zone_a = {"GroupName": "racks", "AvailabilityZone": "ap-northeast-2a"}
        launch(ec2, MinCount=7, MaxCount=7, Placement=zone_a)
        self.assertEqual(error_code(launch, ec2, Placement=zone_a), "InsufficientInstanceCapacity")
        launch(ec2, Placement={"GroupName": "racks", "AvailabilityZone": "ap-northeast-2b"})  # another zone: fine

    def test_partition_group_spreads_and_places_on_request(self):
        ec2 = client(fresh_account())
        ec2.create_placement_group(GroupName="kafka", Strategy="partition", PartitionCount=3)
        launched = launch(ec2, InstanceType="m5.large", MinCount=6, MaxCount=6, Placement={"GroupName": "kafka"})
        partitions = sorted(i["Placement"]["PartitionNumber"] for i in launched["Instances"])
        self.assertEqual(partitions, [1, 1, 2, 2, 3, 3])
        chosen = launch(ec2, InstanceType="m5.large", Placement={"GroupName": "kafka", "PartitionNumber": 3})
        self.assertEqual(chosen["Instances"][0]["Placement"]["PartitionNumber"], 3)
        in_three = ec2.describe_instances(Filters=[{"Name": "placement-partition-number", "Values": ["3"]}])
        self.assertEqual(sum(len(r["Instances"]) for r in in_three["Reservations"]), 3)
        self.assertEqual(error_code(launch, ec2, InstanceType="m5.large",
                                    Placement={"GroupName": "kafka", "PartitionNumber": 4}), "InvalidParameterValue")


if __name__ == "__main__":
    sys.exit(run_tests(sys.argv[1], sys.modules[__name__]))
