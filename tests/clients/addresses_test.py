"""Elastic IPs through boto3: an associated address replaces the instance's public IPv4
and survives stop/start (without one the address changes), moves with
AllowReassociation, and AWS's codes for the rest. Usage: /usr/bin/python3 addresses_test.py PATH_TO_EC2SIM
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import client as shared_client, error_code, run_tests  # noqa: E402
from instances_test import fresh_account, instance, launch  # noqa: E402

ENDPOINT = None  # set by run_tests
WAIT = {"Delay": 1, "MaxAttempts": 10}


def client(key):
    return shared_client(ENDPOINT, key=key, region="ap-northeast-2")


def running(ec2, **kwargs):
    iid = launch(ec2, **kwargs)["Instances"][0]["InstanceId"]
    ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=WAIT)
    return iid


def stop_start(ec2, iid):
    ec2.stop_instances(InstanceIds=[iid])
    ec2.get_waiter("instance_stopped").wait(InstanceIds=[iid], WaiterConfig=WAIT)
    ec2.start_instances(InstanceIds=[iid])
    ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=WAIT)


class Addresses(unittest.TestCase):
    def test_fixed_address_survives_stop_and_start(self):
        ec2 = client(fresh_account())
        iid = running(ec2)
        auto = instance(ec2, iid)["PublicIpAddress"]
        eip = ec2.allocate_address(Domain="vpc", TagSpecifications=[
            {"ResourceType": "elastic-ip", "Tags": [{"Key": "Name", "Value": "web"}]}])
        self.assertTrue(eip["AllocationId"].startswith("eipalloc-"))
        association = ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=iid)["AssociationId"]
        shown = instance(ec2, iid)
        self.assertEqual(shown["PublicIpAddress"], eip["PublicIp"])
        self.assertNotEqual(shown["PublicIpAddress"], auto)
        self.assertEqual(shown["NetworkInterfaces"][0]["Association"]["IpOwnerId"], shown["NetworkInterfaces"][0]["OwnerId"])
        stop_start(ec2, iid)
        self.assertEqual(instance(ec2, iid)["PublicIpAddress"], eip["PublicIp"])
        described = ec2.describe_addresses(Filters=[{"Name": "instance-id", "Values": [iid]}])["Addresses"]
        self.assertEqual([(a["PublicIp"], a["AssociationId"]) for a in described], [(eip["PublicIp"], association)])
        self.assertEqual(ec2.describe_addresses(Filters=[{"Name": "tag:Name", "Values": ["web"]}])["Addresses"][0]["AllocationId"],
                         eip["AllocationId"])

        ec2.disassociate_address(AssociationId=association)
        after = instance(ec2, iid)["PublicIpAddress"]
        self.assertNotIn(after, (eip["PublicIp"], None))  # launched with a public IP: a new one
        ec2.release_address(AllocationId=eip["AllocationId"])
        self.assertEqual(error_code(ec2.describe_addresses, AllocationIds=[eip["AllocationId"]]),
                         "InvalidAllocationID.NotFound")

    def test_release_disassociates_in_the_default_vpc_only(self):
        ec2 = client(fresh_account())
        iid = running(ec2)  # in the default VPC
        eip = ec2.allocate_address(Domain="vpc")
        ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=iid)
        ec2.release_address(AllocationId=eip["AllocationId"])
        self.assertNotEqual(instance(ec2, iid).get("PublicIpAddress"), eip["PublicIp"])
        self.assertEqual(error_code(ec2.describe_addresses, AllocationIds=[eip["AllocationId"]]),
                         "InvalidAllocationID.NotFound")
        vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.1.0.0/24")["Subnet"]["SubnetId"]
        gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]  # an Elastic IP needs one
        ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
        elsewhere = running(ec2, SubnetId=subnet)
        other = ec2.allocate_address(Domain="vpc")
        ec2.associate_address(AllocationId=other["AllocationId"], InstanceId=elsewhere)
        self.assertEqual(error_code(ec2.release_address, AllocationId=other["AllocationId"]), "InvalidIPAddress.InUse")

    def test_without_an_elastic_ip_the_address_changes(self):
        ec2 = client(fresh_account())
        iid = running(ec2)
        before = instance(ec2, iid)["PublicIpAddress"]
        stop_start(ec2, iid)
        self.assertNotEqual(instance(ec2, iid)["PublicIpAddress"], before)

    def test_reassociation_network_interfaces_and_termination(self):
        ec2 = client(fresh_account())
        first, second = running(ec2), running(ec2)
        eip = ec2.allocate_address(Domain="vpc")
        ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=first)
        self.assertEqual(error_code(ec2.associate_address, AllocationId=eip["AllocationId"], InstanceId=second),
                         "Resource.AlreadyAssociated")
        eni = instance(ec2, second)["NetworkInterfaces"][0]["NetworkInterfaceId"]
        ec2.associate_address(AllocationId=eip["AllocationId"], NetworkInterfaceId=eni, AllowReassociation=True)
        self.assertEqual(instance(ec2, second)["PublicIpAddress"], eip["PublicIp"])
        self.assertNotEqual(instance(ec2, first).get("PublicIpAddress"), eip["PublicIp"])
        by_ip = ec2.describe_addresses(PublicIps=[eip["PublicIp"]])["Addresses"][0]
        self.assertEqual((by_ip["InstanceId"], by_ip["NetworkInterfaceId"]), (second, eni))

        ec2.terminate_instances(InstanceIds=[second])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[second], WaiterConfig=WAIT)
        left = ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"][0]
        self.assertNotIn("InstanceId", left)
        ec2.release_address(PublicIp=eip["PublicIp"])

    def test_errors(self):
        ec2 = client(fresh_account())
        iid = running(ec2)
        cases = [
            (ec2.associate_address, {"AllocationId": "eipalloc-0123456789abcdef0", "InstanceId": iid},
             "InvalidAllocationID.NotFound"),
            (ec2.associate_address, {"PublicIp": "203.0.113.9", "InstanceId": iid}, "InvalidAddress.NotFound"),
            (ec2.disassociate_address, {"AssociationId": "eipassoc-0123456789abcdef0"}, "InvalidAssociationID.NotFound"),
            (ec2.release_address, {"AllocationId": "eipalloc-0123456789abcdef0"}, "InvalidAllocationID.NotFound"),
            (ec2.describe_addresses, {"PublicIps": ["203.0.113.9"]}, "InvalidAddress.NotFound"),
            (ec2.describe_addresses, {"Filters": [{"Name": "colour", "Values": ["red"]}]}, "InvalidParameterValue"),
            (ec2.allocate_address, {"DryRun": True}, "DryRunOperation"),
        ]
        for call, args, code in cases:
            self.assertEqual(error_code(call, **args), code, args)
        eip = ec2.allocate_address(Domain="vpc")
        self.assertEqual(error_code(ec2.associate_address, AllocationId=eip["AllocationId"],
                                    InstanceId="i-0123456789abcdef0"), "InvalidInstanceID.NotFound")
        self.assertEqual(len(ec2.describe_addresses()["Addresses"]), 1)


class ReverseDns(unittest.TestCase):
    def test_an_addresses_ptr_record_is_amazons_until_set(self):
        ec2 = client(fresh_account())
        eip = ec2.allocate_address(Domain="vpc")
        [shown] = ec2.describe_addresses_attribute(AllocationIds=[eip["AllocationId"]], Attribute="domain-name")["Addresses"]
        self.assertEqual(shown["PtrRecord"], "ec2-%s.ap-northeast-2.compute.amazonaws.com." % eip["PublicIp"].replace(".", "-"))
        update = ec2.modify_address_attribute(AllocationId=eip["AllocationId"], DomainName="mail.example.com")["Address"]
        self.assertEqual(update["PtrRecordUpdate"], {"Value": "mail.example.com.", "Status": "PENDING"})
        self.assertEqual(ec2.describe_addresses_attribute(AllocationIds=[eip["AllocationId"]], Attribute="domain-name")
                         ["Addresses"][0]["PtrRecord"], "mail.example.com.")
        self.assertEqual(error_code(ec2.modify_address_attribute, AllocationId=eip["AllocationId"], DomainName="bad name"),
                         "InvalidParameterValue")
        ec2.reset_address_attribute(AllocationId=eip["AllocationId"], Attribute="domain-name")
        self.assertEqual(ec2.describe_addresses_attribute(AllocationIds=[eip["AllocationId"]], Attribute="domain-name")
                         ["Addresses"][0]["PtrRecord"], shown["PtrRecord"])
        self.assertEqual(error_code(ec2.describe_addresses_attribute, AllocationIds=["eipalloc-00000000000000001"],
                                    Attribute="domain-name"), "InvalidAllocationID.NotFound")


if __name__ == "__main__":
    sys.exit(run_tests(sys.argv[1], sys.modules[__name__]))
