"""What a VPC carries beyond subnets and routes, through boto3 as Terraform's AWS provider
drives it: DHCP options sets, network ACLs, NAT gateways and default subnets — each
created, read back, modified, and destroyed in dependency order (the wrong order gets
AWS's DependencyViolation). Usage: /usr/bin/python3 vpc_services_test.py PATH_TO_EC2SIM
"""
import datetime
import os
import sys
import unittest
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import client as shared_client, control, error_code, error_of, run_tests  # noqa: E402

ENDPOINT = None  # set by run_tests


def fresh(region="ap-northeast-2", key=None):
    return shared_client(ENDPOINT, region=region, key=key or "%012d" % (uuid.uuid4().int % 10**12))


def entries(ec2, acl):
    return [(e["RuleNumber"], e["Egress"], e["RuleAction"], e.get("CidrBlock") or e.get("Ipv6CidrBlock"), e["Protocol"])
            for e in ec2.describe_network_acls(NetworkAclIds=[acl])["NetworkAcls"][0]["Entries"]]


class DhcpOptions(unittest.TestCase):
    def test_default_set_custom_set_association_and_delete(self):
        key = "%012d" % (uuid.uuid4().int % 10**12)
        ec2 = fresh(key=key)
        vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]
        default = ec2.describe_dhcp_options(DhcpOptionsIds=[vpc["DhcpOptionsId"]])["DhcpOptions"][0]
        self.assertEqual({c["Key"]: [v["Value"] for v in c["Values"]] for c in default["DhcpConfigurations"]},
                         {"domain-name": ["ap-northeast-2.compute.internal"], "domain-name-servers": ["AmazonProvidedDNS"]})
        mine = ec2.create_vpc(CidrBlock="10.70.0.0/16")["Vpc"]
        self.assertEqual(mine["DhcpOptionsId"], vpc["DhcpOptionsId"])  # new VPCs take the Region's default set
        virginia = fresh(region="us-east-1", key=key)
        virginia.describe_vpcs()  # the account's first use of the Region's network
        self.assertIn("ec2.internal", str(virginia.describe_dhcp_options()["DhcpOptions"]))

        made = ec2.create_dhcp_options(
            DhcpConfigurations=[{"Key": "domain-name", "Values": ["corp.example"]},
                                {"Key": "domain-name-servers", "Values": ["10.70.0.2", "AmazonProvidedDNS"]}],
            TagSpecifications=[{"ResourceType": "dhcp-options", "Tags": [{"Key": "Name", "Value": "corp"}]}])["DhcpOptions"]
        dopt = made["DhcpOptionsId"]
        self.assertTrue(dopt.startswith("dopt-"))
        self.assertEqual(made["Tags"], [{"Key": "Name", "Value": "corp"}])
        found = ec2.describe_dhcp_options(Filters=[{"Name": "key", "Values": ["domain-name"]},
                                                   {"Name": "value", "Values": ["corp.example"]}])["DhcpOptions"]
        self.assertEqual([d["DhcpOptionsId"] for d in found], [dopt])
        self.assertEqual(error_code(ec2.create_dhcp_options, DhcpConfigurations=[{"Key": "colour", "Values": ["blue"]}]),
                         "InvalidParameterValue")
        self.assertEqual(error_code(ec2.create_dhcp_options, DhcpConfigurations=[
            {"Key": "domain-name-servers", "Values": ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"]}]),
            "InvalidParameterValue")

        ec2.associate_dhcp_options(DhcpOptionsId=dopt, VpcId=mine["VpcId"])
        self.assertEqual(ec2.describe_vpcs(VpcIds=[mine["VpcId"]])["Vpcs"][0]["DhcpOptionsId"], dopt)
        self.assertEqual(error_of(ec2.delete_dhcp_options, DhcpOptionsId=dopt),
                         ("DependencyViolation", "The dhcpOptions '%s' has dependencies and cannot be deleted." % dopt))
        ec2.associate_dhcp_options(DhcpOptionsId="default", VpcId=mine["VpcId"])  # no options at all
        self.assertEqual(ec2.describe_vpcs(VpcIds=[mine["VpcId"]])["Vpcs"][0]["DhcpOptionsId"], "default")
        ec2.delete_dhcp_options(DhcpOptionsId=dopt)
        self.assertEqual(error_of(ec2.describe_dhcp_options, DhcpOptionsIds=[dopt]),
                         ("InvalidDhcpOptionID.NotFound", "The dhcpOption ID '%s' does not exist" % dopt))
        self.assertEqual(error_code(ec2.associate_dhcp_options, DhcpOptionsId=dopt, VpcId=mine["VpcId"]),
                         "InvalidDhcpOptionID.NotFound")
        self.assertEqual(error_code(ec2.delete_dhcp_options, DhcpOptionsId="default"), "InvalidDhcpOptionsId.Malformed")
        ec2.delete_vpc(VpcId=mine["VpcId"])


class NetworkAcls(unittest.TestCase):
    def test_default_acl_entries_associations_and_destroy_order(self):
        ec2 = fresh()
        vpc = ec2.create_vpc(CidrBlock="10.71.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.71.1.0/24")["Subnet"]["SubnetId"]
        # As Terraform's aws_vpc reads its default_network_acl_id.
        [default] = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                       {"Name": "default", "Values": ["true"]}])["NetworkAcls"]
        acl0 = default["NetworkAclId"]
        self.assertEqual(entries(ec2, acl0), [(100, True, "allow", "0.0.0.0/0", "-1"), (32767, True, "deny", "0.0.0.0/0", "-1"),
                                              (100, False, "allow", "0.0.0.0/0", "-1"), (32767, False, "deny", "0.0.0.0/0", "-1")])
        self.assertEqual([a["SubnetId"] for a in default["Associations"]], [subnet])
        # An IPv6 block brings the default ACL's IPv6 entries.
        ec2.associate_vpc_cidr_block(VpcId=vpc, AmazonProvidedIpv6CidrBlock=True)
        self.assertIn((101, False, "allow", None, "-1"),
                      [(n, e, a, c if c != "::/0" else None, p) for n, e, a, c, p in entries(ec2, acl0)])

        made = ec2.create_network_acl(VpcId=vpc, TagSpecifications=[
            {"ResourceType": "network-acl", "Tags": [{"Key": "Name", "Value": "private"}]}])
        acl = made["NetworkAcl"]["NetworkAclId"]
        self.assertFalse(made["NetworkAcl"]["IsDefault"])
        self.assertEqual([(n, a, c) for n, e, a, c, p in entries(ec2, acl) if e],
                         [(32767, "deny", "0.0.0.0/0"), (32768, "deny", "::/0")])
        ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=110, Protocol="6", RuleAction="allow", Egress=False,
                                     CidrBlock="10.0.0.0/8", PortRange={"From": 22, "To": 22})
        self.assertEqual(error_of(ec2.create_network_acl_entry, NetworkAclId=acl, RuleNumber=110, Protocol="-1",
                                  RuleAction="deny", Egress=False, CidrBlock="0.0.0.0/0"),
                         ("NetworkAclEntryAlreadyExists", "The network acl entry identified by 110 already exists."))
        # The same number the other way is another entry.
        ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=110, Protocol="-1", RuleAction="allow", Egress=True,
                                     CidrBlock="0.0.0.0/0")
        self.assertEqual(error_code(ec2.create_network_acl_entry, NetworkAclId=acl, RuleNumber=120, Protocol="6",
                                    RuleAction="allow", Egress=False, CidrBlock="10.0.0.0/8"), "InvalidParameterValue")
        self.assertEqual(error_code(ec2.create_network_acl_entry, NetworkAclId=acl, RuleNumber=120, Protocol="tcp",
                                    RuleAction="allow", Egress=False, CidrBlock="10.0.0.0/8",
                                    PortRange={"From": 1, "To": 2}), "InvalidParameterValue")  # numbers only
        self.assertEqual(error_code(ec2.create_network_acl_entry, NetworkAclId=acl, RuleNumber=32767, Protocol="-1",
                                    RuleAction="allow", Egress=False, CidrBlock="10.0.0.0/8"), "InvalidParameterValue")
        ec2.replace_network_acl_entry(NetworkAclId=acl, RuleNumber=110, Protocol="17", RuleAction="deny", Egress=False,
                                      CidrBlock="10.1.0.0/16", PortRange={"From": 53, "To": 53})
        [replaced] = [e for e in ec2.describe_network_acls(NetworkAclIds=[acl])["NetworkAcls"][0]["Entries"]
                      if e["RuleNumber"] == 110 and not e["Egress"]]
        self.assertEqual((replaced["Protocol"], replaced["RuleAction"], replaced["CidrBlock"], replaced["PortRange"]),
                         ("17", "deny", "10.1.0.0/16", {"From": 53, "To": 53}))
        self.assertEqual(error_code(ec2.replace_network_acl_entry, NetworkAclId=acl, RuleNumber=111, Protocol="-1",
                                    RuleAction="deny", Egress=False, CidrBlock="10.1.0.0/16"), "InvalidNetworkAclEntry.NotFound")
        found = ec2.describe_network_acls(Filters=[{"Name": "entry.port-range.from", "Values": ["53"]}])["NetworkAcls"]
        self.assertEqual([a["NetworkAclId"] for a in found], [acl])
        for n in range(1, 20):  # 20 entries a direction, the final deny not counted
            ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=200 + n, Protocol="-1", RuleAction="allow",
                                         Egress=False, CidrBlock="10.%d.0.0/16" % n)
        self.assertEqual(error_code(ec2.create_network_acl_entry, NetworkAclId=acl, RuleNumber=300, Protocol="-1",
                                    RuleAction="allow", Egress=False, CidrBlock="10.200.0.0/16"), "NetworkAclEntryLimitExceeded")
        ec2.delete_network_acl_entry(NetworkAclId=acl, RuleNumber=201, Egress=False)
        self.assertEqual(error_code(ec2.delete_network_acl_entry, NetworkAclId=acl, RuleNumber=201, Egress=False),
                         "InvalidNetworkAclEntry.NotFound")

        # Moving the subnet, as Terraform's subnet_ids does; the default ACL then has none.
        association = default["Associations"][0]["NetworkAclAssociationId"]
        moved = ec2.replace_network_acl_association(AssociationId=association, NetworkAclId=acl)["NewAssociationId"]
        self.assertNotEqual(moved, association)
        self.assertEqual(ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [subnet]}])
                         ["NetworkAcls"][0]["NetworkAclId"], acl)
        self.assertEqual(error_code(ec2.replace_network_acl_association, AssociationId=association, NetworkAclId=acl),
                         "InvalidAssociationID.NotFound")
        self.assertEqual(error_code(ec2.delete_network_acl, NetworkAclId=acl), "DependencyViolation")
        self.assertEqual(error_code(ec2.delete_network_acl, NetworkAclId=acl0), "InvalidParameterValue")  # the default stays
        self.assertEqual(error_code(ec2.delete_vpc, VpcId=vpc), "DependencyViolation")
        ec2.replace_network_acl_association(AssociationId=moved, NetworkAclId=acl0)
        ec2.delete_network_acl(NetworkAclId=acl)
        self.assertEqual(error_code(ec2.describe_network_acls, NetworkAclIds=[acl]), "InvalidNetworkAclID.NotFound")
        ec2.delete_subnet(SubnetId=subnet)
        self.assertEqual(ec2.describe_network_acls(NetworkAclIds=[acl0])["NetworkAcls"][0]["Associations"], [])
        ec2.delete_vpc(VpcId=vpc)  # its default ACL goes with it
        self.assertEqual(error_code(ec2.describe_network_acls, NetworkAclIds=[acl0]), "InvalidNetworkAclID.NotFound")

    def test_the_default_vpc_has_its_acl_with_every_default_subnet(self):
        ec2 = fresh()
        [acl] = ec2.describe_network_acls(Filters=[{"Name": "default", "Values": ["true"]}])["NetworkAcls"]
        self.assertEqual(len(acl["Associations"]), 4)  # one per zone of Seoul


class NatGateways(unittest.TestCase):
    def network(self, ec2, cidr):
        vpc = ec2.create_vpc(CidrBlock=cidr + ".0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr + ".1.0/24")["Subnet"]["SubnetId"]
        return vpc, subnet

    def test_public_gateway_lifecycle_with_its_elastic_ip_and_routes(self):
        ec2 = fresh()
        vpc, subnet = self.network(ec2, "10.72")
        igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        eip = ec2.allocate_address(Domain="vpc")
        create = dict(SubnetId=subnet, AllocationId=eip["AllocationId"], ClientToken="nat-1",
                      TagSpecifications=[{"ResourceType": "natgateway", "Tags": [{"Key": "Name", "Value": "nat"}]}])
        made = ec2.create_nat_gateway(**create)
        gateway = made["NatGateway"]
        nat = gateway["NatGatewayId"]
        self.assertEqual((gateway["State"], gateway["VpcId"], gateway["ConnectivityType"]), ("pending", vpc, "public"))
        address = gateway["NatGatewayAddresses"][0]
        self.assertEqual((address["AllocationId"], address["PublicIp"]), (eip["AllocationId"], eip["PublicIp"]))
        self.assertEqual(address["PrivateIp"], "10.72.1.4")  # the subnet's first free address
        self.assertEqual(ec2.create_nat_gateway(**create)["NatGateway"]["NatGatewayId"], nat)  # a retry
        ec2.get_waiter("nat_gateway_available").wait(NatGatewayIds=[nat], WaiterConfig={"Delay": 1, "MaxAttempts": 20})
        shown = ec2.describe_nat_gateways(Filter=[{"Name": "vpc-id", "Values": [vpc]}])["NatGateways"]
        self.assertEqual([(g["NatGatewayId"], g["State"], g["Tags"]) for g in shown], [(nat, "available", [{"Key": "Name", "Value": "nat"}])])
        # The Elastic IP now shows the gateway's interface, and is AWS's to keep until the gateway goes.
        held = ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"][0]
        self.assertEqual((held["NetworkInterfaceId"], held["PrivateIpAddress"]), (address["NetworkInterfaceId"], "10.72.1.4"))
        self.assertTrue(held["AssociationId"].startswith("eipassoc-"))
        self.assertEqual(error_code(ec2.release_address, AllocationId=eip["AllocationId"]), "AuthFailure")
        self.assertEqual(error_code(ec2.disassociate_address, AssociationId=held["AssociationId"]), "AuthFailure")
        # An instance in the subnet gets the next address; the gateway's is taken.
        image = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"][0]
        instance = ec2.run_instances(ImageId=image["ImageId"], InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                     SubnetId=subnet)["Instances"][0]
        self.assertEqual(instance["PrivateIpAddress"], "10.72.1.5")
        ec2.terminate_instances(InstanceIds=[instance["InstanceId"]])
        # A private subnet's default route through it, as Terraform's aws_route does.
        table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
        self.assertEqual(ec2.describe_route_tables(Filters=[{"Name": "route.nat-gateway-id", "Values": [nat]}])
                         ["RouteTables"][0]["RouteTableId"], table)
        # The wrong destroy order: the subnet holds the gateway, the gateway's address holds the internet gateway.
        self.assertEqual(error_code(ec2.delete_subnet, SubnetId=subnet), "DependencyViolation")
        self.assertEqual(error_code(ec2.detach_internet_gateway, InternetGatewayId=igw, VpcId=vpc), "DependencyViolation")
        self.assertEqual(ec2.delete_nat_gateway(NatGatewayId=nat)["NatGatewayId"], nat)
        ec2.get_waiter("nat_gateway_deleted").wait(NatGatewayIds=[nat], WaiterConfig={"Delay": 1, "MaxAttempts": 20})
        gone = ec2.describe_nat_gateways(NatGatewayIds=[nat])["NatGateways"][0]
        self.assertEqual(gone["State"], "deleted")
        self.assertIn("DeleteTime", gone)
        self.assertNotIn("AssociationId", ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"][0])
        [route] = [r for r in ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"]
                   if r.get("NatGatewayId") == nat]
        self.assertEqual(route["State"], "blackhole")
        self.assertEqual(error_code(ec2.delete_nat_gateway, NatGatewayId=nat), "NatGatewayNotFound")
        ec2.delete_route_table(RouteTableId=table)
        ec2.delete_subnet(SubnetId=subnet)
        ec2.release_address(AllocationId=eip["AllocationId"])
        ec2.detach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        ec2.delete_internet_gateway(InternetGatewayId=igw)
        ec2.delete_vpc(VpcId=vpc)

    def test_failures_aws_reports_on_the_gateway_and_errors_it_reports_at_once(self):
        ec2 = fresh()
        vpc, subnet = self.network(ec2, "10.73")
        eip = ec2.allocate_address(Domain="vpc")["AllocationId"]
        # No internet gateway: accepted, then failed, as AWS does it.
        nat = ec2.create_nat_gateway(SubnetId=subnet, AllocationId=eip)["NatGateway"]["NatGatewayId"]
        failed = ec2.describe_nat_gateways(NatGatewayIds=[nat])["NatGateways"][0]
        self.assertEqual((failed["State"], failed["FailureCode"], failed["FailureMessage"]),
                         ("failed", "Gateway.NotAttached", "Network %s has no Internet gateway attached" % vpc))
        self.assertNotIn("AssociationId", ec2.describe_addresses(AllocationIds=[eip])["Addresses"][0])
        ec2.delete_subnet(SubnetId=subnet)  # a failed gateway holds nothing
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.73.2.0/24")["Subnet"]["SubnetId"]
        # A private gateway needs no internet gateway and takes no Elastic IP.
        private = ec2.create_nat_gateway(SubnetId=subnet, ConnectivityType="private")["NatGateway"]["NatGatewayId"]
        ec2.get_waiter("nat_gateway_available").wait(NatGatewayIds=[private], WaiterConfig={"Delay": 1, "MaxAttempts": 20})
        self.assertEqual(error_code(ec2.create_nat_gateway, SubnetId=subnet, ConnectivityType="private", AllocationId=eip),
                         "InvalidParameterCombination")
        self.assertEqual(error_code(ec2.create_nat_gateway, SubnetId=subnet), "MissingParameter")
        self.assertEqual(error_code(ec2.create_nat_gateway, SubnetId=subnet, AllocationId="eipalloc-00000000000000001"),
                         "InvalidAllocationID.NotFound")
        self.assertEqual(error_code(ec2.create_nat_gateway, SubnetId="subnet-00000000000000001", ConnectivityType="private"),
                         "InvalidSubnetID.NotFound")
        self.assertEqual(error_of(ec2.describe_nat_gateways, NatGatewayIds=["nat-00000000000000001"])[0], "NatGatewayNotFound")
        self.assertEqual(error_code(ec2.delete_nat_gateway, NatGatewayId="nat-00000000000000001"), "NatGatewayNotFound")
        ec2.delete_nat_gateway(NatGatewayId=private)
        ec2.get_waiter("nat_gateway_deleted").wait(NatGatewayIds=[private], WaiterConfig={"Delay": 1, "MaxAttempts": 20})
        # Deleted and failed gateways stay listed for an hour, then are gone.
        control(ENDPOINT, "POST", "/_ec2sim/clock", {"advance_seconds": 3601})
        self.assertEqual(ec2.describe_nat_gateways(Filter=[{"Name": "vpc-id", "Values": [vpc]}])["NatGateways"], [])


class DefaultSubnets(unittest.TestCase):
    def test_a_deleted_default_subnet_comes_back_in_its_zone(self):
        ec2 = fresh()
        [old] = ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": ["ap-northeast-2b"]}])["Subnets"]
        self.assertEqual(error_code(ec2.create_default_subnet, AvailabilityZone="ap-northeast-2b"),
                         "DefaultSubnetAlreadyExistsInAvailabilityZone")
        ec2.delete_subnet(SubnetId=old["SubnetId"])
        new = ec2.create_default_subnet(AvailabilityZone="ap-northeast-2b")["Subnet"]
        self.assertEqual((new["CidrBlock"], new["DefaultForAz"], new["MapPublicIpOnLaunch"]), (old["CidrBlock"], True, True))
        [acl] = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [new["SubnetId"]]}])["NetworkAcls"]
        self.assertTrue(acl["IsDefault"])
        self.assertEqual(error_code(ec2.create_default_subnet, AvailabilityZone="ap-northeast-2z"), "InvalidParameterValue")
        for s in ec2.describe_subnets()["Subnets"]:
            ec2.delete_subnet(SubnetId=s["SubnetId"])
        for g in ec2.describe_internet_gateways()["InternetGateways"]:
            ec2.detach_internet_gateway(InternetGatewayId=g["InternetGatewayId"], VpcId=g["Attachments"][0]["VpcId"])
            ec2.delete_internet_gateway(InternetGatewayId=g["InternetGatewayId"])
        ec2.delete_vpc(VpcId=ec2.describe_vpcs()["Vpcs"][0]["VpcId"])
        self.assertEqual(error_code(ec2.create_default_subnet, AvailabilityZone="ap-northeast-2a"), "DefaultVpcDoesNotExist")


class SubnetIpv6Blocks(unittest.TestCase):
    def test_a_subnet_gains_and_loses_its_ipv6_block(self):
        ec2 = fresh()
        vpc = ec2.create_vpc(CidrBlock="10.74.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
        block = ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.74.1.0/24")["Subnet"]["SubnetId"]
        wanted = block.replace("::/56", "::/64")
        made = ec2.associate_subnet_cidr_block(SubnetId=subnet, Ipv6CidrBlock=wanted)
        self.assertEqual((made["SubnetId"], made["Ipv6CidrBlockAssociation"]["Ipv6CidrBlockState"]["State"]), (subnet, "associating"))
        shown = ec2.describe_subnets(SubnetIds=[subnet])["Subnets"][0]["Ipv6CidrBlockAssociationSet"]
        self.assertEqual([(a["Ipv6CidrBlock"], a["Ipv6CidrBlockState"]["State"]) for a in shown], [(wanted, "associated")])
        self.assertEqual(error_code(ec2.associate_subnet_cidr_block, SubnetId=subnet, Ipv6CidrBlock=wanted), "InvalidParameterValue")
        other = ec2.create_subnet(VpcId=vpc, CidrBlock="10.74.2.0/24")["Subnet"]["SubnetId"]
        self.assertEqual(error_code(ec2.associate_subnet_cidr_block, SubnetId=other, Ipv6CidrBlock=wanted), "InvalidSubnet.Conflict")
        self.assertEqual(error_code(ec2.associate_subnet_cidr_block, SubnetId=other, Ipv6CidrBlock="2001:db8::/64"),
                         "InvalidSubnet.Range")
        gone = ec2.disassociate_subnet_cidr_block(AssociationId=made["Ipv6CidrBlockAssociation"]["AssociationId"])
        self.assertEqual(gone["Ipv6CidrBlockAssociation"]["Ipv6CidrBlockState"]["State"], "disassociating")
        self.assertEqual(ec2.describe_subnets(SubnetIds=[subnet])["Subnets"][0]["Ipv6CidrBlockAssociationSet"], [])
        self.assertEqual(error_code(ec2.disassociate_subnet_cidr_block, AssociationId=made["Ipv6CidrBlockAssociation"]["AssociationId"]),
                         "InvalidSubnetCidrBlockAssociationID.NotFound")
        for s in (subnet, other):
            ec2.delete_subnet(SubnetId=s)
        ec2.delete_vpc(VpcId=vpc)


class SubnetCidrReservations(unittest.TestCase):
    def test_reserved_addresses_are_given_only_when_named(self):
        ec2 = fresh()
        vpc = ec2.create_vpc(CidrBlock="10.75.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
        block = ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.75.1.0/24", Ipv6CidrBlock=block.replace("::/56", "::/64"),
                                   AvailabilityZone="ap-northeast-2a")["Subnet"]["SubnetId"]
        made = ec2.create_subnet_cidr_reservation(SubnetId=subnet, Cidr="10.75.1.0/28", ReservationType="explicit",
                                                  Description="appliances", TagSpecifications=[
                                                      {"ResourceType": "subnet-cidr-reservation", "Tags": [{"Key": "Name", "Value": "low"}]}]
                                                  )["SubnetCidrReservation"]
        self.assertRegex(made["SubnetCidrReservationId"], r"^scr-[0-9a-f]{17}$")
        self.assertEqual((made["SubnetId"], made["Cidr"], made["ReservationType"], made["Description"], made["Tags"]),
                         (subnet, "10.75.1.0/28", "explicit", "appliances", [{"Key": "Name", "Value": "low"}]))
        v6 = ec2.create_subnet_cidr_reservation(SubnetId=subnet, Cidr=block.replace("::/56", "::/120"),
                                                ReservationType="prefix")["SubnetCidrReservation"]
        # IPv6 addresses given out skip an IPv6 reservation too: half the block reserved, every one lands in the other half.
        import ipaddress
        subnet_block = ipaddress.ip_network(block.replace("::/56", "::/64"))
        high_half = list(subnet_block.subnets(prefixlen_diff=1))[1]
        half = ec2.create_subnet_cidr_reservation(SubnetId=subnet, Cidr=str(high_half), ReservationType="explicit")["SubnetCidrReservation"]
        for _ in range(8):
            given = ec2.create_network_interface(SubnetId=subnet, Ipv6AddressCount=1)["NetworkInterface"]
            self.assertNotIn(ipaddress.ip_address(given["Ipv6Addresses"][0]["Ipv6Address"]), high_half)
            ec2.delete_network_interface(NetworkInterfaceId=given["NetworkInterfaceId"])
        ec2.delete_subnet_cidr_reservation(SubnetCidrReservationId=half["SubnetCidrReservationId"])
        # Addresses given out skip the reservation; one a request names from it is taken.
        eni = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]
        self.assertEqual(eni["PrivateIpAddress"], "10.75.1.16")
        named = ec2.create_network_interface(SubnetId=subnet, PrivateIpAddress="10.75.1.5")["NetworkInterface"]
        self.assertEqual(named["PrivateIpAddress"], "10.75.1.5")
        # Reading back as Terraform does, IPv4 and IPv6 apart; filters.
        got = ec2.get_subnet_cidr_reservations(SubnetId=subnet)
        self.assertEqual([r["SubnetCidrReservationId"] for r in got["SubnetIpv4CidrReservations"]], [made["SubnetCidrReservationId"]])
        self.assertEqual([r["SubnetCidrReservationId"] for r in got["SubnetIpv6CidrReservations"]], [v6["SubnetCidrReservationId"]])
        prefix = ec2.get_subnet_cidr_reservations(SubnetId=subnet, Filters=[{"Name": "reservationType", "Values": ["prefix"]}])
        self.assertEqual((prefix["SubnetIpv4CidrReservations"], len(prefix["SubnetIpv6CidrReservations"])), ([], 1))
        # AWS's codes for what it refuses.
        for cidr in ("10.75.1.8/29", "10.76.0.0/28", "10.75.1.1/28", "banana"):
            self.assertEqual(error_code(ec2.create_subnet_cidr_reservation, SubnetId=subnet, Cidr=cidr, ReservationType="explicit"),
                             "InvalidParameterValue", cidr)
        self.assertEqual(error_code(ec2.create_subnet_cidr_reservation, SubnetId=subnet, Cidr="10.75.1.64/28", ReservationType="odd"),
                         "InvalidParameterValue")
        self.assertEqual(error_code(ec2.create_subnet_cidr_reservation, SubnetId="subnet-12345678", Cidr="10.75.1.64/28",
                                    ReservationType="explicit"), "InvalidSubnetID.NotFound")
        deleted = ec2.delete_subnet_cidr_reservation(SubnetCidrReservationId=made["SubnetCidrReservationId"])
        self.assertEqual(deleted["DeletedSubnetCidrReservation"]["Cidr"], "10.75.1.0/28")
        self.assertEqual(error_code(ec2.delete_subnet_cidr_reservation, SubnetCidrReservationId=made["SubnetCidrReservationId"]),
                         "InvalidSubnetCidrReservationID.NotFound")
        self.assertEqual(ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]["PrivateIpAddress"], "10.75.1.4")
        # They go with their subnet.
        for e in ec2.describe_network_interfaces(Filters=[{"Name": "subnet-id", "Values": [subnet]}])["NetworkInterfaces"]:
            ec2.delete_network_interface(NetworkInterfaceId=e["NetworkInterfaceId"])
        ec2.delete_subnet(SubnetId=subnet)
        self.assertEqual(error_code(ec2.delete_subnet_cidr_reservation, SubnetCidrReservationId=v6["SubnetCidrReservationId"]),
                         "InvalidSubnetCidrReservationID.NotFound")


class VpcPeering(unittest.TestCase):
    def route_state(self, ec2, table, pcx):
        routes = ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"]
        return [r["State"] for r in routes if r.get("VpcPeeringConnectionId") == pcx]

    def test_request_accept_route_and_delete_within_an_account(self):
        ec2 = fresh()
        a = ec2.create_vpc(CidrBlock="10.60.0.0/16")["Vpc"]["VpcId"]
        b = ec2.create_vpc(CidrBlock="10.61.0.0/16")["Vpc"]["VpcId"]
        made = ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=b, TagSpecifications=[
            {"ResourceType": "vpc-peering-connection", "Tags": [{"Key": "Name", "Value": "a-b"}]}])["VpcPeeringConnection"]
        pcx = made["VpcPeeringConnectionId"]
        self.assertRegex(pcx, r"^pcx-[0-9a-f]{17}$")
        self.assertEqual(made["Status"]["Code"], "initiating-request")
        self.assertEqual((made["RequesterVpcInfo"]["VpcId"], made["RequesterVpcInfo"]["CidrBlock"], made["AccepterVpcInfo"]["VpcId"],
                          made["AccepterVpcInfo"]["Region"]), (a, "10.60.0.0/16", b, "ap-northeast-2"))
        shown = ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"][0]
        self.assertEqual(shown["Status"], {"Code": "pending-acceptance", "Message": "Pending Acceptance by " + shown["AccepterVpcInfo"]["OwnerId"]})
        self.assertEqual(round((shown["ExpirationTime"] - datetime.datetime.now(datetime.timezone.utc)).total_seconds() / 86400), 7)
        self.assertEqual(shown["Tags"], [{"Key": "Name", "Value": "a-b"}])
        # A route to it waits as blackhole until the peer accepts.
        table = ec2.create_route_table(VpcId=a)["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=table, DestinationCidrBlock="10.61.0.0/16", VpcPeeringConnectionId=pcx)
        self.assertEqual(self.route_state(ec2, table, pcx), ["blackhole"])
        accepted = ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)["VpcPeeringConnection"]
        self.assertEqual(accepted["Status"]["Code"], "active")
        self.assertFalse(accepted["AccepterVpcInfo"]["PeeringOptions"]["AllowDnsResolutionFromRemoteVpc"])
        self.assertEqual(self.route_state(ec2, table, pcx), ["active"])
        self.assertEqual(error_code(ec2.accept_vpc_peering_connection, VpcPeeringConnectionId=pcx), "InvalidStateTransition")
        options = ec2.modify_vpc_peering_connection_options(VpcPeeringConnectionId=pcx, RequesterPeeringConnectionOptions={
            "AllowDnsResolutionFromRemoteVpc": True})
        self.assertTrue(options["RequesterPeeringConnectionOptions"]["AllowDnsResolutionFromRemoteVpc"])
        for name, value in (("status-code", "active"), ("requester-vpc-info.vpc-id", a), ("accepter-vpc-info.cidr-block", "10.61.0.0/16"),
                            ("tag:Name", "a-b")):
            self.assertEqual([p["VpcPeeringConnectionId"] for p in ec2.describe_vpc_peering_connections(
                Filters=[{"Name": name, "Values": [value]}])["VpcPeeringConnections"]], [pcx], name)
        # Errors AWS gives.
        c = ec2.create_vpc(CidrBlock="10.62.0.0/16")["Vpc"]["VpcId"]
        other_table = ec2.create_route_table(VpcId=c)["RouteTable"]["RouteTableId"]
        self.assertEqual(error_code(ec2.create_route, RouteTableId=other_table, DestinationCidrBlock="10.61.0.0/16",
                                    VpcPeeringConnectionId=pcx), "InvalidParameterValue")  # c is not peered
        self.assertEqual(error_code(ec2.create_route, RouteTableId=table, DestinationCidrBlock="10.70.0.0/16",
                                    VpcPeeringConnectionId="pcx-0123456789abcdef0"), "InvalidVpcPeeringConnectionID.NotFound")
        self.assertEqual(error_code(ec2.create_vpc_peering_connection, VpcId=a, PeerVpcId="vpc-0123456789abcdef0"),
                         "InvalidVpcID.NotFound")
        self.assertEqual(error_code(ec2.describe_vpc_peering_connections, VpcPeeringConnectionIds=["pcx-0123456789abcdef0"]),
                         "InvalidVpcPeeringConnectionID.NotFound")
        overlapping = ec2.create_vpc(CidrBlock="10.60.0.0/24")["Vpc"]["VpcId"]
        failed = ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=overlapping)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
        self.assertEqual(ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[failed])["VpcPeeringConnections"][0]["Status"],
                         {"Code": "failed", "Message": "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range."})
        # Security groups may name a group of the peered VPC (not of one that is not peered).
        ga = ec2.create_security_group(GroupName="app", Description="app", VpcId=a)["GroupId"]
        gb = ec2.create_security_group(GroupName="db", Description="db", VpcId=b)["GroupId"]
        gc = ec2.create_security_group(GroupName="other", Description="other", VpcId=c)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=ga, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": gb}]}])
        pair = ec2.describe_security_groups(GroupIds=[ga])["SecurityGroups"][0]["IpPermissions"][0]["UserIdGroupPairs"][0]
        self.assertEqual((pair["GroupId"], pair["VpcId"], pair["VpcPeeringConnectionId"], pair["PeeringStatus"]), (gb, b, pcx, "active"))
        self.assertEqual(error_of(ec2.authorize_security_group_ingress, GroupId=ga, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "UserIdGroupPairs": [{"GroupId": gc}]}]),
            ("InvalidGroup.NotFound", "You have specified two resources that belong to different networks."))
        self.assertEqual(ec2.describe_security_group_references(GroupId=[gb])["SecurityGroupReferenceSet"],
                         [{"GroupId": gb, "ReferencingVpcId": a, "VpcPeeringConnectionId": pcx}])
        self.assertEqual(ec2.describe_security_group_references(GroupId=[ga])["SecurityGroupReferenceSet"], [])
        self.assertEqual(ec2.describe_stale_security_groups(VpcId=a)["StaleSecurityGroupSet"], [])
        # Deleted: routes lead nowhere; the connection is listed as deleted a while.
        self.assertTrue(ec2.delete_vpc_peering_connection(VpcPeeringConnectionId=pcx)["Return"])
        [stale] = ec2.describe_stale_security_groups(VpcId=a)["StaleSecurityGroupSet"]
        self.assertEqual((stale["GroupId"], stale["GroupName"]), (ga, "app"))
        gone = stale["StaleIpPermissions"][0]
        self.assertEqual((gone["IpProtocol"], gone["FromPort"], gone["UserIdGroupPairs"][0]["GroupId"],
                          gone["UserIdGroupPairs"][0]["PeeringStatus"]), ("tcp", 5432, gb, "deleted"))
        self.assertEqual(ec2.describe_security_groups(GroupIds=[ga])["SecurityGroups"][0]["IpPermissions"][0]
                         ["UserIdGroupPairs"][0]["PeeringStatus"], "deleted")
        self.assertEqual(ec2.describe_security_group_references(GroupId=[gb])["SecurityGroupReferenceSet"], [])
        # A stale rule is revoked as Terraform revokes it: by its permission.
        ec2.revoke_security_group_ingress(GroupId=ga, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": gb}]}])
        self.assertEqual(ec2.describe_stale_security_groups(VpcId=a)["StaleSecurityGroupSet"], [])
        self.assertEqual(self.route_state(ec2, table, pcx), ["blackhole"])
        self.assertEqual(ec2.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"][0]["Status"]["Code"],
                         "deleted")
        self.assertEqual(error_code(ec2.delete_vpc_peering_connection, VpcPeeringConnectionId=pcx), "InvalidStateTransition")

    def test_between_accounts_and_regions(self):
        requester_id, accepter_id = "%012d" % (uuid.uuid4().int % 10**12), "%012d" % (uuid.uuid4().int % 10**12)
        requester, accepter = fresh(key=requester_id), fresh(key=accepter_id)
        mine = requester.create_vpc(CidrBlock="10.63.0.0/16")["Vpc"]["VpcId"]
        theirs = accepter.create_vpc(CidrBlock="10.64.0.0/16")["Vpc"]["VpcId"]
        pcx = requester.create_vpc_peering_connection(VpcId=mine, PeerVpcId=theirs, PeerOwnerId=accepter_id, TagSpecifications=[
            {"ResourceType": "vpc-peering-connection", "Tags": [{"Key": "side", "Value": "requester"}]}]
                                                      )["VpcPeeringConnection"]["VpcPeeringConnectionId"]
        self.assertEqual(error_code(requester.accept_vpc_peering_connection, VpcPeeringConnectionId=pcx), "OperationNotPermitted")
        seen = accepter.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"][0]
        self.assertEqual((seen["Status"]["Code"], seen["RequesterVpcInfo"]["OwnerId"]), ("pending-acceptance", requester_id))
        self.assertEqual(seen.get("Tags", []), [])  # tags are each account's own
        accepter.create_tags(Resources=[pcx], Tags=[{"Key": "side", "Value": "accepter"}])
        requester.create_tags(Resources=[pcx], Tags=[{"Key": "later", "Value": "yes"}])
        self.assertTrue(accepter.reject_vpc_peering_connection(VpcPeeringConnectionId=pcx)["Return"])
        rejected = requester.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"][0]
        self.assertEqual(rejected["Status"], {"Code": "rejected", "Message": "Rejected by " + accepter_id})
        self.assertEqual(sorted(t["Key"] for t in rejected["Tags"]), ["later", "side"])  # kept through the other side's write
        self.assertEqual(accepter.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"][0]["Tags"],
                         [{"Key": "side", "Value": "accepter"}])
        # Across Regions: accepted from the peer's Region.
        virginia = fresh(region="us-east-1", key=requester_id)
        far = virginia.create_vpc(CidrBlock="10.65.0.0/16")["Vpc"]["VpcId"]
        pcx = requester.create_vpc_peering_connection(VpcId=mine, PeerVpcId=far, PeerRegion="us-east-1"
                                                      )["VpcPeeringConnection"]["VpcPeeringConnectionId"]
        self.assertEqual(error_code(requester.accept_vpc_peering_connection, VpcPeeringConnectionId=pcx), "OperationNotPermitted")
        self.assertEqual(virginia.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)["VpcPeeringConnection"]["Status"]["Code"],
                         "active")
        shown = requester.describe_vpc_peering_connections(VpcPeeringConnectionIds=[pcx])["VpcPeeringConnections"][0]
        self.assertEqual((shown["Status"]["Code"], shown["AccepterVpcInfo"]["Region"]), ("active", "us-east-1"))


class SecurityGroupRuleDescriptions(unittest.TestCase):
    def test_descriptions_change_alone(self):
        ec2 = fresh()
        group = ec2.create_security_group(GroupName="described", Description="d")["GroupId"]
        ssh = {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": "office"}]}
        rule = ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[ssh])["SecurityGroupRules"][0]
        ssh["IpRanges"][0]["Description"] = "vpn"
        self.assertTrue(ec2.update_security_group_rule_descriptions_ingress(GroupId=group, IpPermissions=[ssh])["Return"])
        rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [group]}])["SecurityGroupRules"]
        [ingress] = [r for r in rules if not r["IsEgress"]]
        self.assertEqual((ingress["SecurityGroupRuleId"], ingress["Description"]), (rule["SecurityGroupRuleId"], "vpn"))
        [egress] = [r for r in rules if r["IsEgress"]]
        ec2.update_security_group_rule_descriptions_egress(GroupId=group, SecurityGroupRuleDescriptions=[
            {"SecurityGroupRuleId": egress["SecurityGroupRuleId"], "Description": "all out"}])
        self.assertEqual(ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["IpPermissionsEgress"][0]
                         ["IpRanges"][0]["Description"], "all out")
        ssh["FromPort"] = ssh["ToPort"] = 23
        self.assertEqual(error_code(ec2.update_security_group_rule_descriptions_ingress, GroupId=group, IpPermissions=[ssh]),
                         "InvalidPermission.NotFound")
        self.assertEqual(ec2.describe_security_group_references(GroupId=[group])["SecurityGroupReferenceSet"], [])
        self.assertEqual(error_code(ec2.describe_security_group_references, GroupId=["sg-00000000000000001"]), "InvalidGroup.NotFound")
        vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
        self.assertEqual(ec2.describe_stale_security_groups(VpcId=vpc)["StaleSecurityGroupSet"], [])


class PrefixLists(unittest.TestCase):
    def test_aws_lists_and_ones_own_in_rules_and_routes(self):
        ec2 = fresh()
        aws = ec2.describe_prefix_lists()["PrefixLists"]
        self.assertEqual(sorted(p["PrefixListName"] for p in aws),
                         ["com.amazonaws.ap-northeast-2.dynamodb", "com.amazonaws.ap-northeast-2.s3"])
        self.assertTrue(all(p["PrefixListId"].startswith("pl-") and p["Cidrs"] for p in aws))
        made = ec2.create_managed_prefix_list(PrefixListName="office", AddressFamily="IPv4", MaxEntries=3, Entries=[
            {"Cidr": "203.0.113.0/24", "Description": "hq"}], TagSpecifications=[
            {"ResourceType": "prefix-list", "Tags": [{"Key": "team", "Value": "net"}]}])["PrefixList"]
        pl = made["PrefixListId"]
        self.assertEqual((made["State"], made["Version"], made["OwnerId"] != "AWS"), ("create-in-progress", 1, True))
        listed = ec2.describe_managed_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": ["office"]}])["PrefixLists"]
        self.assertEqual([(p["PrefixListId"], p["State"]) for p in listed], [(pl, "create-complete")])
        self.assertEqual(len(ec2.describe_managed_prefix_lists(Filters=[{"Name": "owner-id", "Values": ["AWS"]}])["PrefixLists"]), 2)
        modified = ec2.modify_managed_prefix_list(PrefixListId=pl, CurrentVersion=1, AddEntries=[{"Cidr": "198.51.100.0/24"}])
        self.assertEqual(modified["PrefixList"]["Version"], 2)
        self.assertEqual(error_code(ec2.modify_managed_prefix_list, PrefixListId=pl, CurrentVersion=1,
                                    AddEntries=[{"Cidr": "192.0.2.0/24"}]), "PrefixListVersionMismatch")
        self.assertEqual(error_code(ec2.modify_managed_prefix_list, PrefixListId=pl, CurrentVersion=2,
                                    AddEntries=[{"Cidr": "192.0.2.0/24"}, {"Cidr": "192.0.3.0/24"}]), "PrefixListMaxEntriesExceeded")
        self.assertEqual([e["Cidr"] for e in ec2.get_managed_prefix_list_entries(PrefixListId=pl)["Entries"]],
                         ["198.51.100.0/24", "203.0.113.0/24"])
        self.assertEqual([e["Cidr"] for e in ec2.get_managed_prefix_list_entries(PrefixListId=pl, TargetVersion=1)["Entries"]],
                         ["203.0.113.0/24"])
        # Named by a rule and a route; then it stays until they go.
        group = ec2.create_security_group(GroupName="from-office", Description="o")["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": pl}]}])
        self.assertEqual(error_code(ec2.authorize_security_group_ingress, GroupId=group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "PrefixListIds": [{"PrefixListId": "pl-0000000000000000a"}]}]),
            "InvalidPrefixListID.NotFound")
        vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
        table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        igw = ec2.describe_internet_gateways()["InternetGateways"][0]["InternetGatewayId"]
        ec2.create_route(RouteTableId=table, DestinationPrefixListId=pl, GatewayId=igw)
        self.assertEqual(error_code(ec2.create_route, RouteTableId=table, DestinationPrefixListId=aws[0]["PrefixListId"],
                                    GatewayId=igw), "InvalidParameterValue")
        users = ec2.get_managed_prefix_list_associations(PrefixListId=pl)["PrefixListAssociations"]
        self.assertEqual(sorted(a["ResourceId"] for a in users), sorted([group, table]))
        self.assertEqual(error_code(ec2.delete_managed_prefix_list, PrefixListId=pl), "PrefixListInUse")
        ec2.delete_route(RouteTableId=table, DestinationPrefixListId=pl)
        ec2.delete_security_group(GroupId=group)
        self.assertEqual(ec2.delete_managed_prefix_list(PrefixListId=pl)["PrefixList"]["State"], "delete-in-progress")
        self.assertEqual(error_code(ec2.get_managed_prefix_list_entries, PrefixListId=pl), "InvalidPrefixListID.NotFound")
        ec2.delete_route_table(RouteTableId=table)


class VpcEndpoints(unittest.TestCase):
    def test_gateway_and_interface_endpoints_as_terraform_makes_them(self):
        ec2 = fresh()
        vpc = ec2.create_vpc(CidrBlock="10.75.0.0/16")["Vpc"]["VpcId"]
        subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock="10.75.%d.0/24" % n, AvailabilityZone=zone)["Subnet"]["SubnetId"]
                   for n, zone in ((1, "ap-northeast-2a"), (2, "ap-northeast-2b"), (3, "ap-northeast-2a"))]
        table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        services = ec2.describe_vpc_endpoint_services()["ServiceNames"]
        self.assertIn("com.amazonaws.ap-northeast-2.s3", services)
        s3_list = [p for p in ec2.describe_prefix_lists()["PrefixLists"] if p["PrefixListName"].endswith(".s3")][0]["PrefixListId"]
        # A gateway endpoint for S3: a route to S3's prefix list in the table.
        gateway = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName="com.amazonaws.ap-northeast-2.s3", RouteTableIds=[table],
                                          TagSpecifications=[{"ResourceType": "vpc-endpoint", "Tags": [{"Key": "Name", "Value": "s3"}]}])
        endpoint = gateway["VpcEndpoint"]
        self.assertEqual((endpoint["VpcEndpointType"], endpoint["State"], endpoint["RouteTableIds"]), ("Gateway", "available", [table]))
        [route] = [r for r in ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"]
                   if r.get("DestinationPrefixListId") == s3_list]
        self.assertEqual(route["GatewayId"], endpoint["VpcEndpointId"])
        self.assertEqual(error_code(ec2.create_vpc_endpoint, VpcId=vpc, ServiceName="com.amazonaws.ap-northeast-2.nope"),
                         "InvalidServiceName")
        # An interface endpoint needs the VPC's DNS host names for private DNS.
        self.assertEqual(error_code(ec2.create_vpc_endpoint, VpcId=vpc, VpcEndpointType="Interface",
                                    ServiceName="com.amazonaws.ap-northeast-2.ssm", SubnetIds=[subnets[0]]), "InvalidParameterValue")
        ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
        self.assertEqual(error_code(ec2.create_vpc_endpoint, VpcId=vpc, VpcEndpointType="Interface",
                                    ServiceName="com.amazonaws.ap-northeast-2.ssm", SubnetIds=[subnets[0], subnets[2]]),
                         "DuplicateSubnetsInSameZone")
        interface = ec2.create_vpc_endpoint(VpcId=vpc, VpcEndpointType="Interface", ServiceName="com.amazonaws.ap-northeast-2.ssm",
                                            SubnetIds=subnets[:2])["VpcEndpoint"]
        self.assertEqual((interface["State"], len(interface["NetworkInterfaceIds"]), interface["PrivateDnsEnabled"]), ("pending", 2, True))
        self.assertIn("ssm.ap-northeast-2.amazonaws.com", [d["DnsName"] for d in interface["DnsEntries"]])
        enis = ec2.describe_network_interfaces(NetworkInterfaceIds=interface["NetworkInterfaceIds"])["NetworkInterfaces"]
        self.assertEqual({(e["InterfaceType"], e["RequesterManaged"]) for e in enis}, {("vpc_endpoint", True)})
        group = ec2.create_security_group(GroupName="endpoint", Description="e", VpcId=vpc)["GroupId"]
        ec2.modify_vpc_endpoint(VpcEndpointId=interface["VpcEndpointId"], AddSecurityGroupIds=[group], RemoveSubnetIds=[subnets[1]])
        shown = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-endpoint-type", "Values": ["Interface"]}, {"Name": "vpc-id", "Values": [vpc]}])
        [described] = shown["VpcEndpoints"]
        self.assertEqual((described["State"], described["SubnetIds"], sorted(g["GroupName"] for g in described["Groups"])),
                         ("available", [subnets[0]], ["default", "endpoint"]))
        gateway_services = ec2.describe_vpc_endpoint_services(Filters=[
            {"Name": "service-name", "Values": ["com.amazonaws.ap-northeast-2.s3"]}, {"Name": "service-type", "Values": ["Gateway"]}])
        self.assertEqual([d["ServiceType"][0]["ServiceType"] for d in gateway_services["ServiceDetails"]], ["Gateway"])
        self.assertEqual(error_code(ec2.delete_route, RouteTableId=table, DestinationPrefixListId=s3_list), "InvalidParameterValue")
        self.assertEqual(error_code(ec2.delete_security_group, GroupId=group), "DependencyViolation")
        # The wrong destroy order, then the right one.
        self.assertEqual(error_code(ec2.delete_vpc, VpcId=vpc), "DependencyViolation")
        self.assertEqual(error_code(ec2.delete_subnet, SubnetId=subnets[0]), "DependencyViolation")
        gone = ec2.delete_vpc_endpoints(VpcEndpointIds=[endpoint["VpcEndpointId"], interface["VpcEndpointId"], "vpce-00000000000000001"])
        self.assertEqual([u["ResourceId"] for u in gone["Unsuccessful"]], ["vpce-00000000000000001"])
        self.assertFalse([r for r in ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"]
                          if r.get("DestinationPrefixListId")])
        ec2.delete_security_group(GroupId=group)
        ec2.delete_route_table(RouteTableId=table)
        for subnet in subnets:
            ec2.delete_subnet(SubnetId=subnet)
        ec2.delete_vpc(VpcId=vpc)


if __name__ == "__main__":
    sys.exit(run_tests(sys.argv[1], sys.modules[__name__]))
