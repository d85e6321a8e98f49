"""What independent EC2 clients send, byte for byte as they send it, against a real ec2sim
(issue 11): libcloud's and Net::Amazon::EC2's unindexed lists, fog-aws's 0-based ones,
Packer's empty VpcId, members only today's model has, MaxResults as AWS bounds it, and
answers as AWS gives them (no tagSet when untagged, <return>true</return>); boto3 for the rest.

Usage: /usr/bin/python3 real_clients_test.py PATH_TO_EC2SIM
"""
import http.client
import ipaddress
import os
import subprocess
import sys
import tempfile
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import client as shared_client, error_code, error_of, run_tests  # noqa: E402
from instances_test import newest_al2023  # noqa: E402

ENDPOINT = None  # set by run_tests
ACCOUNT = "123456789012"


def client():
    return shared_client(ENDPOINT, key=ACCOUNT)


def query(pairs, method="GET"):
    """Sends `pairs` ([(name, value)], in the order a client writes them) as that client
    would: a GET query string or a POST form, with a header naming the account (open
    mode does not check signatures). Returns (status, parsed XML)."""
    url = urllib.parse.urlparse(ENDPOINT)
    text = urllib.parse.urlencode(pairs)
    auth = {"Authorization": "AWS4-HMAC-SHA256 Credential=%s/20260101/ap-northeast-2/ec2/aws4_request, "
                             "SignedHeaders=host, Signature=0" % ACCOUNT}
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    if method == "GET":
        conn.request("GET", "/?" + text, headers=auth)
    else:
        conn.request("POST", "/", body=text,
                     headers=dict(auth, **{"Content-Type": "application/x-www-form-urlencoded"}))
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, ET.fromstring(body)


def texts(root, tag):
    """The text of every `tag` element, in a response's namespace or an error's (none)."""
    return [e.text for e in root.iter() if e.tag.rsplit("}", 1)[-1] == tag]


class Lists(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ec2 = client()
        cls.ec2.create_key_pair(KeyName="libcloud-key")
        ami = newest_al2023(cls.ec2)
        cls.ids = [i["InstanceId"] for i in cls.ec2.run_instances(
            ImageId=ami, InstanceType="t3.micro", MinCount=2, MaxCount=2)["Instances"]]

    def test_libcloud_names_one_key_pair_without_an_index(self):
        status, root = query([("Action", "DescribeKeyPairs"), ("KeyName", "libcloud-key"), ("Version", "2016-11-15")])
        self.assertEqual((status, texts(root, "keyName")), (200, ["libcloud-key"]))

    def test_net_amazon_ec2_sends_single_values_unindexed(self):
        status, root = query([("Action", "DescribeImages"), ("Owner", "amazon"), ("Version", "2016-11-15")])
        self.assertEqual(status, 200)
        self.assertGreater(len(texts(root, "imageId")), 10)
        self.assertEqual(set(texts(root, "imageOwnerAlias")), {"amazon"})
        status, root = query([("Action", "DescribeInstances"), ("InstanceId", self.ids[0]), ("Version", "2016-11-15")],
                             method="POST")
        self.assertEqual((status, texts(root, "instanceId")), (200, [self.ids[0]]))

    def test_fog_aws_counts_from_zero(self):
        status, root = query([("Action", "DescribeInstances"), ("InstanceId.0", self.ids[1]),
                              ("InstanceId.1", self.ids[0]), ("Version", "2016-11-15")])
        self.assertEqual((status, sorted(texts(root, "instanceId"))), (200, sorted(self.ids)))
        status, root = query([("Action", "DescribeImages"), ("Owner.0", "amazon"), ("Version", "2016-11-15")])
        self.assertEqual((status, set(texts(root, "imageOwnerAlias"))), (200, {"amazon"}))

    def test_a_bad_index_is_still_an_unknown_parameter(self):
        status, root = query([("Action", "DescribeInstances"), ("InstanceId.first", self.ids[0]),
                              ("Version", "2016-11-15")])
        self.assertEqual((status, texts(root, "Code")), (400, ["UnknownParameter"]))


class EmptyMeansAbsent(unittest.TestCase):
    def test_packer_creates_its_group_with_an_empty_vpc_id(self):
        status, root = query([("Action", "CreateSecurityGroup"), ("GroupName", "packer_6571"),
                              ("GroupDescription", "Temporary group for Packer"), ("VpcId", ""),
                              ("Version", "2016-11-15")], method="POST")
        self.assertEqual(status, 200, ET.tostring(root))
        [group_id] = texts(root, "groupId")
        ec2 = client()
        default_vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
        self.assertEqual(ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]["VpcId"], default_vpc)

    def test_an_empty_tag_value_is_a_value(self):
        ec2 = client()
        group = ec2.create_security_group(GroupName="tagged", Description="d")["GroupId"]
        ec2.create_tags(Resources=[group], Tags=[{"Key": "team", "Value": ""}])
        tags = ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["Tags"]
        self.assertEqual(tags, [{"Key": "team", "Value": ""}])


class TodaysModel(unittest.TestCase):
    """Members today's SDKs send that Debian's 2022 botocore model lacks (the codec is
    generated from aws-sdk's newer model merged over it)."""

    def test_run_instances_with_enable_primary_ipv6(self):
        ec2 = client()
        ami = newest_al2023(ec2)
        status, root = query([("Action", "RunInstances"), ("ImageId", ami), ("InstanceType", "t3.micro"),
                              ("MinCount", "1"), ("MaxCount", "1"), ("EnablePrimaryIpv6", "false"),
                              ("Version", "2016-11-15")], method="POST")
        self.assertEqual((status, len(texts(root, "instanceId"))), (200, 1), ET.tostring(root))

    def retried_once(self, action, params, token, id_tag):
        """Sends `action` twice with one ClientToken (boto3's 2022 model lacks the member):
        the retry answers the same resource."""
        made = []
        for _ in range(2):
            status, root = query([("Action", action)] + params + [("ClientToken", token), ("Version", "2016-11-15")])
            self.assertEqual((status, texts(root, "clientToken")), (200, [token]), ET.tostring(root))
            made += texts(root, id_tag)
        self.assertEqual(len(set(made)), 1)

    def test_create_route_table_with_the_client_token_boto3_sends(self):
        vpc = client().create_vpc(CidrBlock="10.41.0.0/16")["Vpc"]["VpcId"]
        self.retried_once("CreateRouteTable", [("VpcId", vpc)], "rtb-once", "routeTableId")

    def test_create_network_acl_with_a_client_token(self):
        vpc = client().create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
        self.retried_once("CreateNetworkAcl", [("VpcId", vpc)], "acl-once", "networkAclId")

    def test_nat_gateway_addresses_say_which_is_primary(self):
        subnet = client().describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0]["SubnetId"]
        status, root = query([("Action", "CreateNatGateway"), ("SubnetId", subnet), ("ConnectivityType", "private"),
                              ("Version", "2016-11-15")])
        self.assertEqual((status, texts(root, "isPrimary"), texts(root, "status")), (200, ["true"], ["assigning"]),
                         ET.tostring(root))

    def test_describe_instance_topology(self):
        ec2 = client()
        ec2.create_placement_group(GroupName="topology", Strategy="cluster")
        iid = ec2.run_instances(ImageId=newest_al2023(ec2), InstanceType="p4d.24xlarge", MinCount=1, MaxCount=1,
                                Placement={"GroupName": "topology"})["Instances"][0]["InstanceId"]
        small = ec2.run_instances(ImageId=newest_al2023(ec2), InstanceType="t3.micro", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid, small], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        status, root = query([("Action", "DescribeInstanceTopology"), ("Version", "2016-11-15")])
        self.assertEqual(status, 200, ET.tostring(root))
        self.assertIn(iid, texts(root, "instanceId"))
        self.assertNotIn(small, texts(root, "instanceId"))  # not a type AWS maps
        self.assertEqual(texts(root, "groupName"), ["topology"] * texts(root, "instanceId").count(iid))
        self.assertEqual(len([t for t in texts(root, "item") if t and t.startswith("nn-")]), 3 * len(texts(root, "instanceId")))
        status, root = query([("Action", "DescribeInstanceTopology"), ("Filter.1.Name", "colour"), ("Filter.1.Value.1", "red"),
                              ("Version", "2016-11-15")])
        self.assertEqual((status, texts(root, "Code")), (400, ["InvalidParameterValue"]))
        ec2.terminate_instances(InstanceIds=[iid, small])

    def test_copy_image_tags_the_copy(self):
        ec2 = client()
        ami = newest_al2023(ec2)
        status, root = query([("Action", "CopyImage"), ("Name", "tagged copy"), ("SourceImageId", ami),
                              ("SourceRegion", "ap-northeast-2"), ("TagSpecification.1.ResourceType", "image"),
                              ("TagSpecification.1.Tag.1.Key", "team"), ("TagSpecification.1.Tag.1.Value", "web"),
                              ("Version", "2016-11-15")], method="POST")
        self.assertEqual(status, 200, ET.tostring(root))
        [copy] = texts(root, "imageId")
        self.assertEqual(ec2.describe_images(ImageIds=[copy])["Images"][0]["Tags"], [{"Key": "team", "Value": "web"}])


class Answers(unittest.TestCase):
    def test_an_untagged_resource_has_no_tags_at_all(self):
        ec2 = client()
        key = ec2.create_key_pair(KeyName="untagged")
        self.assertNotIn("Tags", key)
        self.assertNotIn("Tags", ec2.describe_key_pairs(KeyNames=["untagged"])["KeyPairs"][0])
        volume = ec2.create_volume(AvailabilityZone="ap-northeast-2a", Size=1)
        self.assertNotIn("Tags", volume)
        ec2.create_tags(Resources=[volume["VolumeId"]], Tags=[{"Key": "k", "Value": "v"}])
        shown = ec2.describe_volumes(VolumeIds=[volume["VolumeId"]])["Volumes"][0]
        self.assertEqual(shown["Tags"], [{"Key": "k", "Value": "v"}])

    def test_stop_protection_is_kept_and_enforced(self):
        ec2 = client()
        ami = newest_al2023(ec2)
        status, root = query([("Action", "RunInstances"), ("ImageId", ami), ("InstanceType", "t3.micro"),
                              ("MinCount", "1"), ("MaxCount", "1"), ("DisableApiStop", "true"),
                              ("Version", "2016-11-15")], method="POST")
        [iid] = texts(root, "instanceId")
        attribute = [("Action", "DescribeInstanceAttribute"), ("InstanceId", iid), ("Attribute", "disableApiStop"),
                     ("Version", "2016-11-15")]
        self.assertEqual(texts(query(attribute)[1], "value"), ["true"])
        stop = [("Action", "StopInstances"), ("InstanceId.1", iid), ("Version", "2016-11-15")]
        status, root = query(stop)
        self.assertEqual((status, texts(root, "Code")), (400, ["OperationNotPermitted"]))
        query([("Action", "ModifyInstanceAttribute"), ("InstanceId", iid), ("DisableApiStop.Value", "false"),
               ("Version", "2016-11-15")])
        self.assertEqual(texts(query(attribute)[1], "value"), ["false"])
        self.assertEqual(query(stop)[0], 200)

    def test_a_volume_from_an_encrypted_snapshot_is_encrypted(self):
        ec2 = client()
        source = ec2.create_volume(AvailabilityZone="ap-northeast-2a", Size=1, Encrypted=True)["VolumeId"]
        ec2.get_waiter("volume_available").wait(VolumeIds=[source], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        snapshot = ec2.create_snapshot(VolumeId=source)["SnapshotId"]
        ec2.get_waiter("snapshot_completed").wait(SnapshotIds=[snapshot], WaiterConfig={"Delay": 1, "MaxAttempts": 60})
        self.assertIs(ec2.create_volume(AvailabilityZone="ap-northeast-2a", SnapshotId=snapshot)["Encrypted"], True)

    def test_a_tag_specification_needs_a_tag(self):
        ec2 = client()
        self.assertEqual(error_of(ec2.create_volume, AvailabilityZone="ap-northeast-2a", Size=1,
                                  TagSpecifications=[{"ResourceType": "volume", "Tags": []}]),
                         ("InvalidParameterValue", "Tag specification must have at least one tag"))

    def test_security_groups_as_aws_answers(self):
        status, root = query([("Action", "CreateSecurityGroup"), ("GroupName", "with-arn"), ("GroupDescription", "d"),
                              ("Version", "2016-11-15")])
        [group] = texts(root, "groupId")
        self.assertEqual(texts(root, "securityGroupArn"),
                         ["arn:aws:ec2:ap-northeast-2:%s:security-group/%s" % (ACCOUNT, group)])
        ec2 = client()
        self.assertEqual(error_code(ec2.describe_security_group_rules,
                                    Filters=[{"Name": "group-id", "Values": ["foobar"]}]), "InvalidGroupId.Malformed")
        code, message = error_of(ec2.describe_security_group_rules,
                                 SecurityGroupRuleIds=["sgr-00000000000000001", "sgr-00000000000000002"])
        self.assertEqual(code, "InvalidSecurityGroupRuleId.NotFound")
        self.assertIn("sgr-00000000000000001, sgr-00000000000000002", message)

    def test_security_group_rules_are_taggable(self):
        ec2 = client()
        group = ec2.create_security_group(GroupName="rules-tagged", Description="d")["GroupId"]
        rule = ec2.authorize_security_group_ingress(GroupId=group, IpProtocol="tcp", FromPort=22, ToPort=22,
                                                    CidrIp="10.0.0.0/8")["SecurityGroupRules"][0]["SecurityGroupRuleId"]
        ec2.create_tags(Resources=[rule], Tags=[{"Key": "purpose", "Value": "ssh"}])
        found = ec2.describe_security_group_rules(Filters=[{"Name": "tag:purpose", "Values": ["ssh"]}])
        self.assertEqual([r["SecurityGroupRuleId"] for r in found["SecurityGroupRules"]], [rule])
        tags = ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [rule]}])["Tags"]
        self.assertEqual([(t["ResourceType"], t["Key"], t["Value"]) for t in tags],
                         [("security-group-rule", "purpose", "ssh")])
        ec2.delete_tags(Resources=[rule], Tags=[{"Key": "purpose"}])
        self.assertNotIn("Tags", ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule])["SecurityGroupRules"][0])
        self.assertEqual(error_code(ec2.create_tags, Resources=["sgr-00000000000000009"], Tags=[{"Key": "k", "Value": "v"}]),
                         "InvalidSecurityGroupRuleId.NotFound")

    def test_describe_instances_takes_the_documented_filters(self):
        ec2 = client()
        iid = ec2.run_instances(ImageId=newest_al2023(ec2), InstanceType="t2.micro", MinCount=1,
                                MaxCount=1)["Instances"][0]["InstanceId"]  # no EBS optimisation
        for name, value in [("source-dest-check", "true"), ("ebs-optimized", "false"),
                            ("metadata-options.http-tokens", "required"), ("boot-mode", "uefi-preferred"),
                            ("hibernation-options.configured", "false"), ("usage-operation", "RunInstances")]:
            found = ec2.describe_instances(InstanceIds=[iid], Filters=[{"Name": name, "Values": [value]}])
            self.assertEqual([i["InstanceId"] for r in found["Reservations"] for i in r["Instances"]], [iid], name)
        none = ec2.describe_instances(InstanceIds=[iid], Filters=[{"Name": "source-dest-check", "Values": ["false"]}])
        self.assertEqual(none["Reservations"], [])

    def test_ipv6_blocks_for_vpcs_and_subnets(self):
        ec2 = client()
        vpc = ec2.create_vpc(CidrBlock="10.60.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]
        [association] = vpc["Ipv6CidrBlockAssociationSet"]
        block = ipaddress.ip_network(association["Ipv6CidrBlock"])
        self.assertEqual((block.prefixlen, association["Ipv6Pool"], association["NetworkBorderGroup"]),
                         (56, "Amazon", "ap-northeast-2"))
        vpc_id = vpc["VpcId"]
        shown = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"][0]
        self.assertEqual(shown["Ipv6CidrBlockState"]["State"], "associated")
        first, second, third = (str(s) for s in list(block.subnets(new_prefix=64))[:3])
        dual = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.60.1.0/24", Ipv6CidrBlock=first)["Subnet"]
        self.assertEqual(dual["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"], first)
        only = ec2.create_subnet(VpcId=vpc_id, Ipv6Native=True, Ipv6CidrBlock=second)["Subnet"]
        self.assertNotIn("CidrBlock", only)
        self.assertEqual((only["Ipv6Native"], only["AssignIpv6AddressOnCreation"]), (True, True))
        found = ec2.describe_subnets(Filters=[{"Name": "ipv6-native", "Values": ["true"]},
                                              {"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
        self.assertEqual([s["SubnetId"] for s in found], [only["SubnetId"]])
        for kwargs, code in [({"Ipv6Native": True}, "MissingParameter"),
                             ({"Ipv6Native": True, "Ipv6CidrBlock": third, "CidrBlock": "10.60.2.0/24"},
                              "InvalidParameterCombination"),
                             ({"CidrBlock": "10.60.3.0/24", "Ipv6CidrBlock": first}, "InvalidSubnet.Conflict"),
                             ({"CidrBlock": "10.60.4.0/24", "Ipv6CidrBlock": "2001:db8::/64"}, "InvalidSubnet.Range"),
                             ({"CidrBlock": "10.60.5.0/24", "Ipv6CidrBlock": third.replace("/64", "/65")},
                              "InvalidParameterValue"),
                             ({}, "MissingParameter")]:
            self.assertEqual(error_code(ec2.create_subnet, VpcId=vpc_id, **kwargs), code, kwargs)
        # The VPC's IPv6 block is local in its main route table; its groups may send to ::/0.
        [main] = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc_id]},
                                                    {"Name": "association.main", "Values": ["true"]}])["RouteTables"]
        self.assertIn((str(block), "local"), [(r.get("DestinationIpv6CidrBlock"), r["GatewayId"]) for r in main["Routes"]])
        group = ec2.create_security_group(GroupName="v6", Description="d", VpcId=vpc_id)["GroupId"]
        for group_id in [group] + [g["GroupId"] for g in ec2.describe_security_groups(
                Filters=[{"Name": "vpc-id", "Values": [vpc_id]}, {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"]]:
            egress = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]["IpPermissionsEgress"]
            self.assertEqual([r["CidrIpv6"] for p in egress for r in p.get("Ipv6Ranges", [])], ["::/0"], group_id)
        # A block is kept in its canonical spelling, however it was written.
        spelled = str(list(block.subnets(new_prefix=64))[9]).replace("::", ":0:0::").upper()
        canonical = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.60.9.0/24", Ipv6CidrBlock=spelled)["Subnet"]
        self.assertEqual(canonical["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"],
                         str(list(block.subnets(new_prefix=64))[9]))
        # A VPC without IPv6 has no block for a subnet to take from.
        plain = ec2.create_vpc(CidrBlock="10.61.0.0/16")["Vpc"]
        self.assertEqual(plain["Ipv6CidrBlockAssociationSet"] if "Ipv6CidrBlockAssociationSet" in plain else [], [])
        self.assertEqual(error_code(ec2.create_subnet, VpcId=plain["VpcId"], CidrBlock="10.61.0.0/24",
                                    Ipv6CidrBlock=third), "InvalidSubnet.Range")

    def test_interface_filters_read_every_address(self):
        ec2 = client()
        subnet = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]},
                                               {"Name": "availability-zone", "Values": ["ap-northeast-2c"]}])["Subnets"][0]
        iid = ec2.run_instances(ImageId=newest_al2023(ec2), InstanceType="t3.small", MinCount=1, MaxCount=1,
                                NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet["SubnetId"],
                                                    "SecondaryPrivateIpAddressCount": 2}])["Instances"][0]["InstanceId"]
        [eni] = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["NetworkInterfaces"]
        secondary = [a["PrivateIpAddress"] for a in eni["PrivateIpAddresses"] if not a["Primary"]]
        self.assertEqual(len(secondary), 2)
        for name, value in [("network-interface.addresses.private-ip-address", secondary[1]),
                            ("network-interface.addresses.primary", "false"),
                            ("network-interface.attachment.device-index", "0"),
                            ("network-interface.attachment.instance-id", iid),
                            ("network-interface.group-name", "default"),
                            ("network-interface.requester-managed", "false"),
                            ("availability-zone-id", subnet["AvailabilityZoneId"]),
                            ("private-dns-name-options.enable-resource-name-dns-a-record", "false")]:
            found = ec2.describe_instances(InstanceIds=[iid], Filters=[{"Name": name, "Values": [value]}])
            self.assertEqual([i["InstanceId"] for r in found["Reservations"] for i in r["Instances"]], [iid], name)

    def test_elastic_ips_on_secondary_addresses(self):
        ec2 = client()
        iid = ec2.run_instances(ImageId=newest_al2023(ec2), InstanceType="t3.small", MinCount=1, MaxCount=1,
                                NetworkInterfaces=[{"DeviceIndex": 0, "AssociatePublicIpAddress": False,
                                                    "SecondaryPrivateIpAddressCount": 2}])["Instances"][0]["InstanceId"]
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig={"Delay": 1, "MaxAttempts": 30})

        def interface():
            return ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["NetworkInterfaces"][0]
        primary, first, second = [a["PrivateIpAddress"] for a in interface()["PrivateIpAddresses"]]
        eip = ec2.allocate_address(Domain="vpc")
        association = ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=iid,
                                            PrivateIpAddress=second)["AssociationId"]
        shown = {a["PrivateIpAddress"]: a.get("Association", {}).get("PublicIp") for a in interface()["PrivateIpAddresses"]}
        self.assertEqual(shown, {primary: None, first: None, second: eip["PublicIp"]})
        self.assertNotIn("PublicIpAddress", ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0])
        [address] = ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"]
        self.assertEqual((address["InstanceId"], address["PrivateIpAddress"], address["AssociationId"]), (iid, second, association))
        for name, value in [("network-interface.addresses.association.public-ip", eip["PublicIp"]),
                            ("network-interface.addresses.association.allocation-id", eip["AllocationId"])]:
            found = ec2.describe_instances(Filters=[{"Name": name, "Values": [value]}])["Reservations"]
            self.assertEqual([i["InstanceId"] for r in found for i in r["Instances"]], [iid], name)
        ec2.disassociate_address(AssociationId=association)
        self.assertNotIn("Association", interface()["PrivateIpAddresses"][2])
        ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=iid, PrivateIpAddress=first)
        ec2.terminate_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[iid], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        self.assertNotIn("InstanceId", ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"][0])

    def test_network_interface_addresses_as_asked(self):
        ec2 = client()
        subnet = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]},
                                               {"Name": "availability-zone", "Values": ["ap-northeast-2b"]}])["Subnets"][0]
        network = ipaddress.ip_network(subnet["CidrBlock"])
        first, second, third = (str(network[n]) for n in (301, 302, 303))  # past what launches took
        ami = newest_al2023(ec2)
        # The one marked Primary is primary wherever it stands in the list.
        instance = ec2.run_instances(
            ImageId=ami, InstanceType="t3.small", MinCount=1, MaxCount=1,  # 4 addresses per interface
            NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet["SubnetId"],
                                "PrivateIpAddresses": [{"PrivateIpAddress": first, "Primary": False},
                                                       {"PrivateIpAddress": second, "Primary": True},
                                                       {"PrivateIpAddress": third}]}])["Instances"][0]
        self.assertEqual(instance["PrivateIpAddress"], second)
        [eni] = ec2.describe_instances(InstanceIds=[instance["InstanceId"]])["Reservations"][0]["Instances"][0][
            "NetworkInterfaces"]
        self.assertEqual([(a["PrivateIpAddress"], a["Primary"]) for a in eni["PrivateIpAddresses"]],
                         [(second, True), (first, False), (third, False)])
        # A taken secondary address is in use for the next launch, too.
        self.assertEqual(error_code(ec2.run_instances, ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                    NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet["SubnetId"],
                                                        "PrivateIpAddress": third}]), "InvalidIPAddress.InUse")
        # t3.micro takes 2 addresses per interface.
        self.assertEqual(error_code(ec2.run_instances, ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                    NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet["SubnetId"],
                                                        "SecondaryPrivateIpAddressCount": 2}]),
                         "PrivateIpAddressLimitExceeded")
        # Instance-level subnet, groups or address beside an interface are refused, whether or
        # not the interface names its own.
        group = ec2.describe_security_groups(GroupNames=["default"])["SecurityGroups"][0]["GroupId"]
        for interface in ({"DeviceIndex": 0}, {"DeviceIndex": 0, "SubnetId": subnet["SubnetId"]}):
            for beside in ({"SubnetId": subnet["SubnetId"]}, {"SecurityGroupIds": [group]},
                           {"PrivateIpAddress": str(network[400])}):
                self.assertEqual(error_code(ec2.run_instances, ImageId=ami, InstanceType="t3.micro", MinCount=1,
                                            MaxCount=1, NetworkInterfaces=[interface], **beside),
                                 "InvalidParameterCombination", beside)
        # The subnet's five reserved addresses are not to be had.
        for reserved in (network[1], network[3], network[-1]):
            self.assertEqual(error_code(ec2.run_instances, ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                        NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet["SubnetId"],
                                                            "PrivateIpAddress": str(reserved)}]),
                             "InvalidParameterValue", reserved)

    def test_import_key_pair_takes_the_three_documented_formats(self):
        ec2 = client()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "key")
            for kind in ("rsa", "ed25519"):
                subprocess.run(["ssh-keygen", "-q", "-t", kind, "-N", "", "-f", path + kind], check=True)
                openssh = open(path + kind + ".pub", "rb").read()
                rfc4716 = subprocess.run(["ssh-keygen", "-e", "-m", "RFC4716", "-f", path + kind + ".pub"],
                                         check=True, capture_output=True).stdout
                forms = [("openssh", openssh), ("rfc4716", rfc4716)]
                if kind == "rsa":  # ssh-keygen writes DER (PKCS8) for RSA keys only
                    pem = subprocess.run(["ssh-keygen", "-e", "-m", "PKCS8", "-f", path + kind + ".pub"],
                                         check=True, capture_output=True).stdout
                    der_base64 = b"".join(line for line in pem.splitlines() if not line.startswith(b"-----"))
                    forms += [("der", der_base64), ("pem", pem)]
                fingerprints = set()
                for form, material in forms:
                    name = "%s-%s" % (kind, form)
                    fingerprints.add(ec2.import_key_pair(KeyName=name, PublicKeyMaterial=material)["KeyFingerprint"])
                    shown = ec2.describe_key_pairs(KeyNames=[name], IncludePublicKey=True)["KeyPairs"][0]
                    self.assertEqual(shown["PublicKey"].split()[:2], openssh.decode().split()[:2], name)
                self.assertEqual(len(fingerprints), 1, kind)  # one key, however it came

    def test_errors_name_every_missing_id(self):
        ec2 = client()
        cases = [
            (ec2.describe_instances, {"InstanceIds": ["i-00000000000000001", "i-00000000000000002"]},
             "InvalidInstanceID.NotFound", "The instance IDs 'i-00000000000000001, i-00000000000000002' do not exist"),
            (ec2.describe_images, {"ImageIds": ["ami-00000000000000001", "ami-00000000000000002"]},
             "InvalidAMIID.NotFound", "The image ids '[ami-00000000000000001, ami-00000000000000002]' do not exist"),
            (ec2.describe_snapshots, {"SnapshotIds": ["snap-00000000000000001", "snap-00000000000000002"]},
             "InvalidSnapshot.NotFound", "The snapshots 'snap-00000000000000001, snap-00000000000000002' do not exist."),
            (ec2.describe_volumes, {"VolumeIds": ["vol-00000000000000001", "vol-00000000000000002"]},
             "InvalidVolume.NotFound", "The volumes 'vol-00000000000000001, vol-00000000000000002' do not exist"),
            (ec2.describe_vpcs, {"VpcIds": ["vpc-00000000000000001", "vpc-00000000000000002"]},
             "InvalidVpcID.NotFound", "The vpc IDs 'vpc-00000000000000001, vpc-00000000000000002' do not exist"),
            (ec2.describe_key_pairs, {"KeyNames": ["gone-1", "gone-2"]},
             "InvalidKeyPair.NotFound", "The key pairs 'gone-1, gone-2' do not exist"),
            (ec2.describe_addresses, {"AllocationIds": ["eipalloc-00000000000000001", "eipalloc-00000000000000002"]},
             "InvalidAllocationID.NotFound",
             "The allocation IDs 'eipalloc-00000000000000001, eipalloc-00000000000000002' do not exist"),
            (ec2.describe_security_groups, {"GroupIds": ["sg-00000000000000001", "sg-00000000000000002"]},
             "InvalidGroup.NotFound", "The security groups 'sg-00000000000000001, sg-00000000000000002' do not exist"),
            # One missing among several that exist is named alone.
            (ec2.describe_security_groups, {"GroupNames": ["default", "gone"]},
             "InvalidGroup.NotFound", None),
        ]
        for call, kwargs, code, message in cases:
            got = error_of(call, **kwargs)
            self.assertEqual(got[0], code, kwargs)
            if message:
                self.assertEqual(got[1], message, kwargs)
            else:
                self.assertTrue(got[1].startswith("The security group 'gone' does not exist in default VPC 'vpc-"), got)

    def test_net_amazon_ec2_reads_return_true(self):
        status, root = query([("Action", "CreateSecurityGroup"), ("GroupName", "to-tag"),
                              ("GroupDescription", "d"), ("Version", "2016-11-15")])
        self.assertEqual((status, texts(root, "return")), (200, ["true"]))
        [group] = texts(root, "groupId")
        status, root = query([("Action", "CreateTags"), ("ResourceId.1", group), ("Tag.1.Key", "k"),
                              ("Tag.1.Value", "v"), ("Version", "2016-11-15")])
        self.assertEqual((status, texts(root, "return")), (200, ["true"]))
        status, root = query([("Action", "DeleteTags"), ("ResourceId.1", group), ("Tag.1.Key", "k"),
                              ("Version", "2016-11-15")])
        self.assertEqual((status, texts(root, "return")), (200, ["true"]))
        # Deleted by name, the answer still names the group's id.
        status, root = query([("Action", "DeleteSecurityGroup"), ("GroupName", "to-tag"), ("Version", "2016-11-15")])
        self.assertEqual((status, texts(root, "return"), texts(root, "groupId")), (200, ["true"], [group]))


class Catalog(unittest.TestCase):
    def test_each_region_offers_its_own_types(self):
        seoul, virginia = client(), shared_client(ENDPOINT, key=ACCOUNT, region="us-east-1")
        self.assertEqual(error_code(seoul.describe_instance_types, InstanceTypes=["m1.small"]), "InvalidInstanceType")
        self.assertEqual(virginia.describe_instance_types(InstanceTypes=["m1.small"])["InstanceTypes"][0]["CurrentGeneration"],
                         False)
        offered = {o["InstanceType"] for p in seoul.get_paginator("describe_instance_type_offerings").paginate()
                   for o in p["InstanceTypeOfferings"]}
        self.assertIn("t2.micro", offered)
        self.assertNotIn("a1.large", offered)
        listed = {t["InstanceType"] for p in seoul.get_paginator("describe_instance_types").paginate()
                  for t in p["InstanceTypes"]}
        self.assertEqual(listed, offered)
        self.assertEqual(error_of(seoul.run_instances, ImageId=newest_al2023(seoul), InstanceType="a1.large",
                                  MinCount=1, MaxCount=1)[0], "Unsupported")

    def test_run_instances_defaults_to_m1_small_where_offered(self):
        virginia = shared_client(ENDPOINT, key=ACCOUNT, region="us-east-1")
        launched = virginia.run_instances(ImageId=newest_al2023(virginia), MinCount=1, MaxCount=1)["Instances"][0]
        self.assertEqual(launched["InstanceType"], "m1.small")
        self.assertEqual(error_code(client().run_instances, ImageId=newest_al2023(client()), MinCount=1, MaxCount=1),
                         "Unsupported")  # Seoul offers no m1

    def test_newest_families_and_valid_cores(self):
        ec2 = client()
        [c8i] = ec2.describe_instance_types(InstanceTypes=["c8i.xlarge"])["InstanceTypes"]
        self.assertEqual((c8i["VCpuInfo"]["DefaultVCpus"], c8i["MemoryInfo"]["SizeInMiB"]), (4, 8192))
        found = ec2.describe_instance_types(Filters=[{"Name": "vcpu-info.valid-cores", "Values": ["3"]},
                                                     {"Name": "instance-type", "Values": ["t3.*", "m7i.*"]}])
        names = {t["InstanceType"] for t in found["InstanceTypes"]}
        self.assertIn("m7i.2xlarge", names)  # 1 to 4 cores
        self.assertNotIn("m7i.xlarge", names)  # 1 or 2
        self.assertNotIn("t3.2xlarge", names)  # 2 or 4
        self.assertFalse(any(n.endswith(".metal-24xl") for n in names))  # bare metal: no CPU options


class MaxResults(unittest.TestCase):
    def test_below_the_minimum_is_refused_in_aws_words(self):
        ec2 = client()
        self.assertEqual(error_of(ec2.describe_instances, MaxResults=3),
                         ("InvalidParameterValue",
                          "Value ( 3 ) for parameter maxResults is invalid. Expecting a value greater than 5."))
        self.assertEqual(error_code(ec2.describe_instances, MaxResults=5000), "InvalidParameterValue")
        self.assertIsNone(error_code(ec2.describe_instances, MaxResults=5))

    def test_describe_volumes_clamps_what_aws_cli_asks(self):
        ec2 = client()
        ec2.create_volume(AvailabilityZone="ap-northeast-2a", Size=1)
        # aws-cli pages DescribeVolumes with MaxResults=1000; AWS returns at most 500.
        self.assertGreaterEqual(len(ec2.describe_volumes(MaxResults=1000)["Volumes"]), 1)
        self.assertEqual(error_code(ec2.describe_volumes, MaxResults=4), "InvalidParameterValue")


if __name__ == "__main__":
    sys.exit(run_tests(sys.argv[1], sys.modules[__name__]))
