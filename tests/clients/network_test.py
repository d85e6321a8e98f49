"""The network through boto3: the default VPC every account gets, VPCs and subnets of
one's own, and security groups with their rules. Usage: /usr/bin/python3 network_test.py PATH_TO_EC2SIM
"""
import os
import sys
import unittest
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import Ec2simServer, client as shared_client, error_code, error_of, run_tests  # noqa: E402

ENDPOINT = None  # set by run_tests
BINARY = None  # for the cases that need a server of their own


def fresh():
    return shared_client(ENDPOINT, key="%012d" % (uuid.uuid4().int % 10**12))


def ssh_rule(cidr="203.0.113.7/32", description=None):
    r = {"CidrIp": cidr}
    if description:
        r["Description"] = description
    return [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [r]}]


class DefaultNetwork(unittest.TestCase):
    def test_default_vpc_subnets_gateway_routes_group(self):
        ec2 = fresh()
        vpcs = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]
        self.assertEqual(len(vpcs), 1)
        vpc = vpcs[0]
        self.assertEqual(vpc["CidrBlock"], "172.31.0.0/16")
        attrs = ec2.describe_account_attributes(AttributeNames=["default-vpc"])["AccountAttributes"]
        self.assertEqual(attrs[0]["AttributeValues"][0]["AttributeValue"], vpc["VpcId"])
        subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
        self.assertEqual(sorted(s["AvailabilityZone"] for s in subnets),
                         ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"])
        self.assertTrue(all(s["MapPublicIpOnLaunch"] and s["CidrBlock"].endswith("/20") for s in subnets))
        one = ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": ["ap-northeast-2c"]}])["Subnets"]
        self.assertEqual(one[0]["CidrBlock"], "172.31.32.0/20")
        gateways = ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [vpc["VpcId"]]}])
        self.assertEqual(len(gateways["InternetGateways"]), 1)
        routes = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["RouteTables"][0]
        self.assertEqual(sorted(r["DestinationCidrBlock"] for r in routes["Routes"]), ["0.0.0.0/0", "172.31.0.0/16"])
        default = ec2.describe_security_groups(GroupNames=["default"])["SecurityGroups"][0]
        self.assertEqual(default["IpPermissions"][0]["UserIdGroupPairs"][0]["GroupId"], default["GroupId"])
        self.assertEqual(default["IpPermissionsEgress"][0]["IpRanges"][0]["CidrIp"], "0.0.0.0/0")
        self.assertEqual(error_code(ec2.describe_vpcs, VpcIds=["vpc-0123456789abcdef0"]), "InvalidVpcID.NotFound")

    def test_regions_and_accounts_have_their_own(self):
        a, b = fresh(), fresh()
        self.assertNotEqual(a.describe_vpcs()["Vpcs"][0]["VpcId"], b.describe_vpcs()["Vpcs"][0]["VpcId"])
        tokyo = shared_client(ENDPOINT, region="ap-northeast-1", key="%012d" % (uuid.uuid4().int % 10**12))
        zones = sorted(s["AvailabilityZone"] for s in tokyo.describe_subnets()["Subnets"])
        self.assertEqual(zones, ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"])


class VpcsAndSubnets(unittest.TestCase):
    def test_create_and_delete_with_dependencies(self):
        ec2 = fresh()
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=[
            {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "lab"}]}])["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="ap-northeast-2b")["Subnet"]
        self.assertEqual((subnet["AvailableIpAddressCount"], subnet["MapPublicIpOnLaunch"]), (251, False))
        self.assertEqual(error_code(ec2.create_subnet, VpcId=vpc, CidrBlock="10.0.1.128/25"), "InvalidSubnet.Conflict")
        self.assertEqual(error_code(ec2.create_subnet, VpcId=vpc, CidrBlock="192.168.0.0/24"), "InvalidSubnet.Range")
        self.assertEqual(error_code(ec2.create_vpc, CidrBlock="10.0.0.0/8"), "InvalidVpc.Range")
        self.assertEqual(error_code(ec2.delete_vpc, VpcId=vpc), "DependencyViolation")
        ec2.delete_subnet(SubnetId=subnet["SubnetId"])
        ec2.delete_vpc(VpcId=vpc)
        self.assertEqual(error_code(ec2.describe_vpcs, VpcIds=[vpc]), "InvalidVpcID.NotFound")
        self.assertEqual(error_code(ec2.create_default_vpc), "DefaultVpcAlreadyExists")

    def test_default_network_is_created_once(self):
        ec2 = fresh()
        default = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
        for s in ec2.describe_subnets()["Subnets"]:
            ec2.delete_subnet(SubnetId=s["SubnetId"])
        self.assertEqual(error_code(ec2.delete_vpc, VpcId=default), "DependencyViolation")  # its gateway
        # Deleted default subnets stay deleted: the default network is not made again.
        self.assertEqual(ec2.describe_subnets()["Subnets"], [])
        self.assertEqual(len(ec2.describe_vpcs()["Vpcs"]), 1)


class Attributes(unittest.TestCase):
    def test_vpc_and_subnet_switches_as_terraform_sets_them(self):
        ec2 = fresh()
        vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]

        def attribute(name):
            key = name[0].upper() + name[1:]
            return ec2.describe_vpc_attribute(VpcId=vpc, Attribute=name)[key]["Value"]
        self.assertEqual((attribute("enableDnsSupport"), attribute("enableDnsHostnames"),
                          attribute("enableNetworkAddressUsageMetrics")), (True, False, False))
        default = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
        self.assertTrue(ec2.describe_vpc_attribute(VpcId=default, Attribute="enableDnsHostnames")
                        ["EnableDnsHostnames"]["Value"])
        ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
        self.assertTrue(attribute("enableDnsHostnames"))
        self.assertEqual(error_code(ec2.modify_vpc_attribute, VpcId=vpc, EnableDnsHostnames={"Value": True},
                                    EnableDnsSupport={"Value": True}), "InvalidParameterCombination")
        self.assertEqual(error_code(ec2.modify_vpc_attribute, VpcId=vpc, EnableDnsSupport={"Value": False}),
                         "InvalidParameterValue")  # host names are on
        self.assertEqual(error_code(ec2.describe_vpc_attribute, VpcId=vpc, Attribute="enableSomething"),
                         "InvalidParameterValue")
        self.assertEqual(error_code(ec2.describe_vpc_attribute, VpcId="vpc-00000000000000001", Attribute="enableDnsSupport"),
                         "InvalidVpcID.NotFound")
        # A subnet that maps public addresses gives them to the instances launched in it.
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24", AvailabilityZone="ap-northeast-2a")["Subnet"]
        self.assertFalse(subnet["MapPublicIpOnLaunch"])
        ec2.modify_subnet_attribute(SubnetId=subnet["SubnetId"], MapPublicIpOnLaunch={"Value": True})
        ec2.modify_subnet_attribute(SubnetId=subnet["SubnetId"], PrivateDnsHostnameTypeOnLaunch="resource-name")
        shown = ec2.describe_subnets(SubnetIds=[subnet["SubnetId"]])["Subnets"][0]
        self.assertEqual((shown["MapPublicIpOnLaunch"], shown["PrivateDnsNameOptionsOnLaunch"]["HostnameType"]),
                         (True, "resource-name"))
        self.assertEqual(error_code(ec2.modify_subnet_attribute, SubnetId=subnet["SubnetId"],
                                    AssignIpv6AddressOnCreation={"Value": True}), "InvalidParameterValue")  # no IPv6 block
        image = sorted(ec2.describe_images(Owners=["amazon"], Filters=[
            {"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"], key=lambda i: i["CreationDate"])[-1]["ImageId"]
        launched = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                     SubnetId=subnet["SubnetId"])["Instances"][0]
        ec2.get_waiter("instance_running").wait(InstanceIds=[launched["InstanceId"]],
                                                WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        running = ec2.describe_instances(InstanceIds=[launched["InstanceId"]])["Reservations"][0]["Instances"][0]
        self.assertIn("PublicIpAddress", running)
        self.assertTrue(running["PublicDnsName"])  # host names were turned on above
        ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": False})  # off: no public name
        running = ec2.describe_instances(InstanceIds=[launched["InstanceId"]])["Reservations"][0]["Instances"][0]
        self.assertEqual(running["PublicDnsName"], "")
        ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
        running = ec2.describe_instances(InstanceIds=[launched["InstanceId"]])["Reservations"][0]["Instances"][0]
        self.assertTrue(running["PublicDnsName"].endswith(".ap-northeast-2.compute.amazonaws.com"))
        # An Elastic IP needs a way out: the VPC has no internet gateway.
        eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
        self.assertEqual(error_code(ec2.associate_address, AllocationId=eip, InstanceId=launched["InstanceId"]),
                         "Gateway.NotAttached")


class CidrBlocks(unittest.TestCase):
    def test_blocks_added_to_a_vpc_are_local_everywhere_until_removed(self):
        ec2 = fresh()
        vpc = ec2.create_vpc(CidrBlock="10.50.0.0/16")["Vpc"]
        vpc_id, primary = vpc["VpcId"], vpc["CidrBlockAssociationSet"][0]["AssociationId"]
        added = ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock="10.51.0.0/16")["CidrBlockAssociation"]
        self.assertEqual((added["CidrBlock"], added["CidrBlockState"]["State"]), ("10.51.0.0/16", "associating"))
        v6 = ec2.associate_vpc_cidr_block(VpcId=vpc_id, AmazonProvidedIpv6CidrBlock=True)["Ipv6CidrBlockAssociation"]
        self.assertTrue(v6["Ipv6CidrBlock"].endswith("/56"))
        shown = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"][0]
        self.assertEqual([b["CidrBlock"] for b in shown["CidrBlockAssociationSet"]], ["10.50.0.0/16", "10.51.0.0/16"])
        self.assertEqual(shown["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlockState"]["State"], "associated")
        table = ec2.create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
        for t in ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["RouteTables"]:
            local = {r.get("DestinationCidrBlock") or r.get("DestinationIpv6CidrBlock") for r in t["Routes"]
                     if r.get("GatewayId") == "local"}
            self.assertEqual(local, {"10.50.0.0/16", "10.51.0.0/16", v6["Ipv6CidrBlock"]}, t["RouteTableId"])
        subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.51.1.0/24")["Subnet"]["SubnetId"]  # in the new block
        self.assertEqual(error_code(ec2.associate_vpc_cidr_block, VpcId=vpc_id, CidrBlock="10.50.128.0/17"),
                         "InvalidVpc.Range")  # overlaps the first
        self.assertEqual(error_code(ec2.disassociate_vpc_cidr_block, AssociationId=primary), "OperationNotPermitted")
        self.assertEqual(error_code(ec2.disassociate_vpc_cidr_block, AssociationId=added["AssociationId"]),
                         "InvalidCidrBlock.InUse")
        ec2.delete_subnet(SubnetId=subnet)
        gone = ec2.disassociate_vpc_cidr_block(AssociationId=added["AssociationId"])["CidrBlockAssociation"]
        self.assertEqual(gone["CidrBlockState"]["State"], "disassociating")
        routes = ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"]
        self.assertNotIn("10.51.0.0/16", [r.get("DestinationCidrBlock") for r in routes])
        self.assertEqual(error_code(ec2.disassociate_vpc_cidr_block, AssociationId=added["AssociationId"]),
                         "InvalidVpcCidrBlockAssociationID.NotFound")


class InternetGateways(unittest.TestCase):
    def test_create_attach_detach_delete_in_aws_order(self):
        ec2 = fresh()
        vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
        other = ec2.create_vpc(CidrBlock="10.31.0.0/16")["Vpc"]["VpcId"]
        gateway = ec2.create_internet_gateway(TagSpecifications=[
            {"ResourceType": "internet-gateway", "Tags": [{"Key": "Name", "Value": "main"}]}])["InternetGateway"]
        igw = gateway["InternetGatewayId"]
        self.assertEqual((gateway["Attachments"], gateway["Tags"]), ([], [{"Key": "Name", "Value": "main"}]))
        ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        shown = ec2.describe_internet_gateways(Filters=[{"Name": "attachment.vpc-id", "Values": [vpc]}])["InternetGateways"]
        self.assertEqual([(g["InternetGatewayId"], g["Attachments"]) for g in shown],
                         [(igw, [{"State": "available", "VpcId": vpc}])])
        self.assertEqual(error_code(ec2.attach_internet_gateway, InternetGatewayId=igw, VpcId=other),
                         "Resource.AlreadyAssociated")
        second = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        self.assertEqual(error_code(ec2.attach_internet_gateway, InternetGatewayId=second, VpcId=vpc),
                         "InvalidParameterValue")  # one gateway per VPC
        # Destroyed in the wrong order, AWS refuses.
        self.assertEqual(error_code(ec2.delete_internet_gateway, InternetGatewayId=igw), "DependencyViolation")
        self.assertEqual(error_code(ec2.delete_vpc, VpcId=vpc), "DependencyViolation")
        self.assertEqual(error_code(ec2.detach_internet_gateway, InternetGatewayId=igw, VpcId=other), "Gateway.NotAttached")
        ec2.detach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        ec2.delete_internet_gateway(InternetGatewayId=igw)
        ec2.delete_vpc(VpcId=vpc)
        self.assertEqual(error_code(ec2.describe_internet_gateways, InternetGatewayIds=[igw]),
                         "InvalidInternetGatewayID.NotFound")

    def test_public_addresses_keep_the_gateway_and_routes_go_blackhole_without_it(self):
        ec2 = fresh()
        default = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
        [igw] = [g["InternetGatewayId"] for g in ec2.describe_internet_gateways(
            Filters=[{"Name": "attachment.vpc-id", "Values": [default]}])["InternetGateways"]]
        image = sorted(ec2.describe_images(Owners=["amazon"], Filters=[
            {"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"], key=lambda i: i["CreationDate"])[-1]["ImageId"]
        iid = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        self.assertEqual(error_code(ec2.detach_internet_gateway, InternetGatewayId=igw, VpcId=default), "DependencyViolation")
        ec2.terminate_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[iid], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        ec2.detach_internet_gateway(InternetGatewayId=igw, VpcId=default)

        def route_state():
            [table] = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [default]}])["RouteTables"]
            return [r["State"] for r in table["Routes"] if r.get("GatewayId") == igw]
        self.assertEqual(route_state(), ["blackhole"])
        ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=default)
        self.assertEqual(route_state(), ["active"])


class EgressOnlyGateways(unittest.TestCase):
    def test_ipv6_out_only_created_attached_and_deleted_with_its_routes_blackhole(self):
        ec2 = fresh()
        vpc = ec2.create_vpc(CidrBlock="10.60.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
        made = ec2.create_egress_only_internet_gateway(VpcId=vpc, TagSpecifications=[
            {"ResourceType": "egress-only-internet-gateway", "Tags": [{"Key": "Name", "Value": "out"}]}])
        gateway = made["EgressOnlyInternetGateway"]
        eigw = gateway["EgressOnlyInternetGatewayId"]
        self.assertEqual(gateway["Attachments"], [{"State": "attached", "VpcId": vpc}])
        found = ec2.describe_egress_only_internet_gateways(Filters=[{"Name": "tag:Name", "Values": ["out"]}])
        self.assertEqual([g["EgressOnlyInternetGatewayId"] for g in found["EgressOnlyInternetGateways"]], [eigw])
        table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=table, DestinationIpv6CidrBlock="::/0", EgressOnlyInternetGatewayId=eigw)
        self.assertEqual(error_code(ec2.create_route, RouteTableId=table, DestinationCidrBlock="0.0.0.0/0",
                                    EgressOnlyInternetGatewayId=eigw), "InvalidParameterValue")  # IPv6 only
        self.assertEqual(error_code(ec2.delete_vpc, VpcId=vpc), "DependencyViolation")
        self.assertTrue(ec2.delete_egress_only_internet_gateway(EgressOnlyInternetGatewayId=eigw)["ReturnCode"])
        [route] = [r for r in ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"]
                   if r.get("DestinationIpv6CidrBlock") == "::/0"]
        self.assertEqual((route["EgressOnlyInternetGatewayId"], route["State"]), (eigw, "blackhole"))
        self.assertEqual(error_code(ec2.describe_egress_only_internet_gateways, EgressOnlyInternetGatewayIds=[eigw]),
                         "InvalidEgressOnlyInternetGatewayId.NotFound")


class RouteTables(unittest.TestCase):
    def test_a_public_subnet_as_terraform_builds_and_destroys_it(self):
        ec2 = fresh()
        vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.40.1.0/24")["Subnet"]["SubnetId"]
        igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        made = ec2.create_route_table(VpcId=vpc)["RouteTable"]
        table = made["RouteTableId"]
        self.assertEqual([(r["DestinationCidrBlock"], r["GatewayId"], r["State"]) for r in made["Routes"]],
                         [("10.40.0.0/16", "local", "active")])
        self.assertTrue(ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)["Return"])
        self.assertEqual(error_code(ec2.create_route, RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw),
                         "RouteAlreadyExists")
        self.assertEqual(error_code(ec2.create_route, RouteTableId=table, DestinationCidrBlock="10.9.0.0/16",
                                    GatewayId="igw-00000000000000001"), "InvalidGatewayID.NotFound")
        self.assertEqual(error_code(ec2.delete_route, RouteTableId=table, DestinationCidrBlock="10.40.0.0/16"),
                         "InvalidParameterValue")  # the local route stays
        self.assertEqual(error_code(ec2.delete_route, RouteTableId=table, DestinationCidrBlock="10.99.0.0/16"),
                         "InvalidRoute.NotFound")
        self.assertEqual(error_of(ec2.replace_route, RouteTableId=table, DestinationCidrBlock="10.99.0.0/16", GatewayId=igw),
                         ("InvalidParameterValue",
                          "There is no route defined for '10.99.0.0/16' in the route table. Use CreateRoute instead."))
        self.assertEqual(error_code(ec2.create_route, RouteTableId=table, DestinationCidrBlock="10.40.7.0/24", GatewayId=igw),
                         "InvalidParameterValue")  # inside the VPC: only to an instance or interface
        self.assertEqual(error_code(ec2.create_route, RouteTableId=table, DestinationPrefixListId="pl-00000001",
                                    GatewayId=igw), "InvalidPrefixListID.NotFound")
        association = ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
        self.assertEqual(association["AssociationState"]["State"], "associated")
        found = ec2.describe_route_tables(Filters=[{"Name": "association.subnet-id", "Values": [subnet]}])["RouteTables"]
        self.assertEqual([t["RouteTableId"] for t in found], [table])
        other = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        self.assertEqual(error_code(ec2.associate_route_table, RouteTableId=other, SubnetId=subnet),
                         "Resource.AlreadyAssociated")
        moved = ec2.replace_route_table_association(AssociationId=association["AssociationId"], RouteTableId=other)
        self.assertEqual([t["RouteTableId"] for t in ec2.describe_route_tables(
            Filters=[{"Name": "association.subnet-id", "Values": [subnet]}])["RouteTables"]], [other])
        # An instance as a route's target; its termination leaves the route blackhole.
        image = sorted(ec2.describe_images(Owners=["amazon"], Filters=[
            {"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"], key=lambda i: i["CreationDate"])[-1]["ImageId"]
        iid = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                SubnetId=subnet)["Instances"][0]["InstanceId"]
        ec2.replace_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", InstanceId=iid)
        # The local route may lead through an instance (a middlebox), then back to local; it stays.
        ec2.replace_route(RouteTableId=table, DestinationCidrBlock="10.40.0.0/16", InstanceId=iid)
        self.assertEqual(error_code(ec2.delete_route, RouteTableId=table, DestinationCidrBlock="10.40.0.0/16"),
                         "InvalidParameterValue")
        ec2.replace_route(RouteTableId=table, DestinationCidrBlock="10.40.0.0/16", LocalTarget=True)
        [local] = [r for r in ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"]
                   if r.get("DestinationCidrBlock") == "10.40.0.0/16"]
        self.assertEqual((local["GatewayId"], local["State"]), ("local", "active"))
        ec2.terminate_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[iid], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        [route] = [r for r in ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"]
                   if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
        self.assertEqual((route["InstanceId"], route["State"]), (iid, "blackhole"))
        # Destroyed in the wrong order, AWS refuses; in the right one, all goes.
        self.assertEqual(error_code(ec2.delete_route_table, RouteTableId=other), "DependencyViolation")  # a subnet uses it
        main = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                  {"Name": "association.main", "Values": ["true"]}])["RouteTables"][0]
        self.assertEqual(error_code(ec2.delete_route_table, RouteTableId=main["RouteTableId"]), "DependencyViolation")
        self.assertEqual(error_code(ec2.disassociate_route_table,
                                    AssociationId=main["Associations"][0]["RouteTableAssociationId"]), "InvalidParameterValue")
        ec2.disassociate_route_table(AssociationId=moved["NewAssociationId"])
        # A gateway a table associates with (an edge association) stays attached until it goes.
        edge = ec2.associate_route_table(RouteTableId=other, GatewayId=igw)["AssociationId"]
        self.assertEqual(error_code(ec2.detach_internet_gateway, InternetGatewayId=igw, VpcId=vpc), "DependencyViolation")
        ec2.disassociate_route_table(AssociationId=edge)
        ec2.delete_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0")
        self.assertEqual(error_code(ec2.delete_vpc, VpcId=vpc), "DependencyViolation")  # its tables remain
        for t in (table, other):
            ec2.delete_route_table(RouteTableId=t)
        ec2.delete_subnet(SubnetId=subnet)
        ec2.detach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        ec2.delete_internet_gateway(InternetGatewayId=igw)
        ec2.delete_vpc(VpcId=vpc)
        self.assertEqual(error_code(ec2.describe_route_tables, RouteTableIds=[table]), "InvalidRouteTableID.NotFound")


class SecurityGroups(unittest.TestCase):
    def test_rules_both_spellings(self):
        ec2 = fresh()
        group = ec2.create_security_group(GroupName="web", Description="web servers")["GroupId"]
        added = ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=ssh_rule(description="my PC"),
                                                     TagSpecifications=[{"ResourceType": "security-group-rule",
                                                                         "Tags": [{"Key": "who", "Value": "me"}]}])
        self.assertTrue(added["SecurityGroupRules"][0]["SecurityGroupRuleId"].startswith("sgr-"))
        ec2.authorize_security_group_ingress(GroupName="web", IpProtocol="tcp", FromPort=80, ToPort=80, CidrIp="0.0.0.0/0")
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
            {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "UserIdGroupPairs": [{"GroupId": group}]}])
        perms = ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["IpPermissions"]
        by_port = {(p["IpProtocol"], p.get("FromPort")): p for p in perms}
        self.assertEqual(by_port[("tcp", 22)]["IpRanges"], [{"CidrIp": "203.0.113.7/32", "Description": "my PC"}])
        self.assertEqual(by_port[("tcp", 80)]["IpRanges"], [{"CidrIp": "0.0.0.0/0"}])
        self.assertEqual(by_port[("udp", 53)]["Ipv6Ranges"], [{"CidrIpv6": "::/0"}])
        self.assertEqual(by_port[("icmp", -1)]["UserIdGroupPairs"][0]["GroupId"], group)
        rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])["SecurityGroupRules"]
        self.assertEqual(len(rules), 5)  # four ingress + the default egress
        ssh = [r for r in rules if r.get("FromPort") == 22][0]
        self.assertEqual(ssh["Tags"], [{"Key": "who", "Value": "me"}])
        found = ec2.describe_security_groups(Filters=[{"Name": "ip-permission.from-port", "Values": ["22"]},
                                                      {"Name": "group-name", "Values": ["w*"]}])["SecurityGroups"]
        self.assertEqual([g["GroupId"] for g in found], [group])
        ec2.revoke_security_group_ingress(GroupId=group, IpPermissions=ssh_rule())
        self.assertEqual(error_code(ec2.revoke_security_group_ingress, GroupId=group, IpPermissions=ssh_rule()),
                         "InvalidPermission.NotFound")
        rule_id = [r for r in ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])
                   ["SecurityGroupRules"] if r.get("FromPort") == 80][0]["SecurityGroupRuleId"]
        ec2.modify_security_group_rules(GroupId=group, SecurityGroupRules=[{
            "SecurityGroupRuleId": rule_id,
            "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "CidrIpv4": "10.0.0.0/8",
                                  "Description": "moved"}}])
        moved = ec2.describe_security_group_rules(SecurityGroupRuleIds=[rule_id])["SecurityGroupRules"][0]
        self.assertEqual((moved["FromPort"], moved["CidrIpv4"], moved["Description"]), (8080, "10.0.0.0/8", "moved"))
        self.assertEqual(error_code(ec2.modify_security_group_rules, GroupId=group, SecurityGroupRules=[{
            "SecurityGroupRuleId": "sgr-0123456789abcdef0",
            "SecurityGroupRule": {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1, "CidrIpv4": "10.0.0.0/8"}}]),
            "InvalidSecurityGroupRuleId.NotFound")
        ec2.revoke_security_group_ingress(GroupId=group, SecurityGroupRuleIds=[rule_id])

    def test_group_errors(self):
        ec2 = fresh()
        group = ec2.create_security_group(GroupName="ssh", Description="ssh")["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=ssh_rule())
        self.assertEqual(error_code(ec2.create_security_group, GroupName="ssh", Description="again"),
                         "InvalidGroup.Duplicate")
        self.assertEqual(error_code(ec2.authorize_security_group_ingress, GroupId=group, IpPermissions=ssh_rule()),
                         "InvalidPermission.Duplicate")
        self.assertEqual(error_code(ec2.authorize_security_group_ingress, GroupId=group,
                                    IpPermissions=ssh_rule("300.1.2.3/32")), "InvalidParameterValue")
        self.assertEqual(error_code(ec2.authorize_security_group_ingress, GroupId=group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 90, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]),
            "InvalidParameterValue")
        self.assertEqual(error_code(ec2.authorize_security_group_ingress, GroupId=group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 1, "ToPort": 2, "PrefixListIds": [{"Description": "no id"}]}]),
            "MissingParameter")
        self.assertEqual(error_code(ec2.create_security_group, GroupName="default", Description="x"),
                         "InvalidParameterValue")
        default = ec2.describe_security_groups(GroupNames=["default"])["SecurityGroups"][0]["GroupId"]
        self.assertEqual(error_code(ec2.delete_security_group, GroupId=default), "CannotDelete")
        self.assertEqual(error_code(ec2.delete_security_group, GroupId="sg-0123456789abcdef0"), "InvalidGroup.NotFound")
        image = max(ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])
                    ["Images"], key=lambda i: i["CreationDate"])["ImageId"]
        iid = ec2.run_instances(ImageId=image, InstanceType="t2.micro", MinCount=1, MaxCount=1,
                                SecurityGroupIds=[group])["Instances"][0]["InstanceId"]
        self.assertEqual(error_code(ec2.delete_security_group, GroupId=group), "DependencyViolation")
        ec2.terminate_instances(InstanceIds=[iid])
        ec2.describe_instances()
        ec2.delete_security_group(GroupId=group)
        self.assertEqual(error_code(ec2.describe_security_groups, GroupIds=[group]), "InvalidGroup.NotFound")


class DeletesRightAfterTermination(unittest.TestCase):
    """A script (or Terraform's destroy) deletes what an instance used as soon as the
    instance is terminated by the clock: the request must see the termination even when
    the one-second scheduler has not run since it fell due."""

    def test_group_subnet_vpc_and_placement_group_are_free_once_terminated(self):
        import time
        with Ec2simServer(BINARY, timing="realistic") as server:
            ec2 = shared_client(server.endpoint)
            vpc = ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
            subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.7.1.0/24", AvailabilityZone="ap-northeast-2a")["Subnet"]["SubnetId"]
            group = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
            ec2.create_placement_group(GroupName="spread-1", Strategy="spread")
            image = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"][0]["ImageId"]
            iid = ec2.run_instances(ImageId=image, InstanceType="t2.micro", MinCount=1, MaxCount=1, SubnetId=subnet,
                                    SecurityGroupIds=[group], Placement={"GroupName": "spread-1"})["Instances"][0]["InstanceId"]
            state = ec2.terminate_instances(InstanceIds=[iid])["TerminatingInstances"][0]["CurrentState"]["Name"]
            self.assertEqual(state, "shutting-down")
            time.sleep(4.05)  # shutting-down lasts 4 s: due now, and the scheduler most likely has not run yet
            ec2.delete_security_group(GroupId=group)
            ec2.delete_placement_group(GroupName="spread-1")
            ec2.delete_subnet(SubnetId=subnet)
            ec2.delete_vpc(VpcId=vpc)
            self.assertEqual(ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["State"]["Name"],
                             "terminated")


if __name__ == "__main__":
    BINARY = sys.argv[1]
    sys.exit(run_tests(sys.argv[1], sys.modules[__name__]))
