"""Network interfaces through boto3, as Terraform's aws_network_interface and
aws_network_interface_attachment drive them: create in a subnet, attach to an instance
(device index and the type's interface limit), read back in DescribeInstances and
DescribeNetworkInterfaces, modify attributes, assign and unassign addresses, detach,
delete — and an instance's primary interface, which is its own.
Usage: /usr/bin/python3 network_interfaces_test.py PATH_TO_EC2SIM
"""
import os
import sys
import unittest
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import client as shared_client, error_code, error_of, run_tests  # noqa: E402

ENDPOINT = None  # set by run_tests


def fresh():
    return shared_client(ENDPOINT, key="%012d" % (uuid.uuid4().int % 10**12))


def launch(ec2, subnet, instance_type="t3.micro"):
    image = sorted(ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])
                   ["Images"], key=lambda i: i["CreationDate"])[-1]["ImageId"]
    iid = ec2.run_instances(ImageId=image, InstanceType=instance_type, MinCount=1, MaxCount=1,
                            SubnetId=subnet)["Instances"][0]["InstanceId"]
    ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    return iid


class NetworkInterfaces(unittest.TestCase):
    def test_create_attach_modify_detach_delete(self):
        ec2 = fresh()
        vpc = ec2.create_vpc(CidrBlock="10.80.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.80.1.0/24", AvailabilityZone="ap-northeast-2a")["Subnet"]["SubnetId"]
        group = ec2.create_security_group(GroupName="app", Description="app", VpcId=vpc)["GroupId"]
        made = ec2.create_network_interface(SubnetId=subnet, Description="app data", PrivateIpAddress="10.80.1.10",
                                            Groups=[group], SecondaryPrivateIpAddressCount=1, TagSpecifications=[
                                                {"ResourceType": "network-interface", "Tags": [{"Key": "Name", "Value": "data"}]}])
        eni = made["NetworkInterface"]
        eni_id = eni["NetworkInterfaceId"]
        self.assertEqual((eni["Status"], eni["PrivateIpAddress"], eni["InterfaceType"], eni["RequesterManaged"]),
                         ("pending", "10.80.1.10", "interface", False))
        self.assertEqual([(a["PrivateIpAddress"], a["Primary"]) for a in eni["PrivateIpAddresses"]],
                         [("10.80.1.10", True), ("10.80.1.4", False)])
        self.assertEqual(eni["TagSet"], [{"Key": "Name", "Value": "data"}])
        self.assertEqual(error_of(ec2.create_network_interface, SubnetId=subnet, PrivateIpAddress="10.80.1.10"),
                         ("InvalidIPAddress.InUse", "The specified address is already in use."))
        self.assertEqual(error_code(ec2.create_network_interface, SubnetId=subnet, PrivateIpAddress="10.80.2.10"),
                         "InvalidParameterValue")
        default = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]  # the VPC's default group
        self.assertEqual([g["GroupName"] for g in default["Groups"]], ["default"])
        shown = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"][0]
        self.assertEqual((shown["Status"], shown["Description"], shown["Groups"][0]["GroupId"]), ("available", "app data", group))
        # An instance in the same zone; its primary interface is listed too, and takes the next address.
        iid = launch(ec2, subnet)
        instance = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]
        self.assertEqual(instance["PrivateIpAddress"], "10.80.1.6")  # .4 and .5 are the interfaces'
        primary = instance["NetworkInterfaces"][0]["NetworkInterfaceId"]
        listed = ec2.describe_network_interfaces(Filters=[{"Name": "attachment.instance-id", "Values": [iid]}])["NetworkInterfaces"]
        self.assertEqual([(e["NetworkInterfaceId"], e["Attachment"]["DeviceIndex"], e["Status"]) for e in listed],
                         [(primary, 0, "in-use")])
        self.assertEqual(error_code(ec2.attach_network_interface, NetworkInterfaceId=eni_id, InstanceId=iid, DeviceIndex=0),
                         "InvalidParameterValue")
        attachment = ec2.attach_network_interface(NetworkInterfaceId=eni_id, InstanceId=iid, DeviceIndex=1)["AttachmentId"]
        self.assertTrue(attachment.startswith("eni-attach-"))
        interfaces = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["NetworkInterfaces"]
        self.assertEqual([(e["NetworkInterfaceId"], e["Attachment"]["DeviceIndex"]) for e in interfaces], [(primary, 0), (eni_id, 1)])
        self.assertEqual(ec2.describe_instances(Filters=[{"Name": "network-interface.network-interface-id", "Values": [eni_id]}])
                         ["Reservations"][0]["Instances"][0]["InstanceId"], iid)
        self.assertEqual(error_of(ec2.attach_network_interface, NetworkInterfaceId=default["NetworkInterfaceId"],
                                  InstanceId=iid, DeviceIndex=1),
                         ("InvalidParameterValue", "Instance '%s' already has an interface attached at device index '1'." % iid))
        # t3.micro takes two interfaces.
        self.assertEqual(error_of(ec2.attach_network_interface, NetworkInterfaceId=default["NetworkInterfaceId"],
                                  InstanceId=iid, DeviceIndex=2),
                         ("AttachmentLimitExceeded", "Interface count 3 exceeds the limit for t3.micro"))
        self.assertEqual(error_code(ec2.delete_network_interface, NetworkInterfaceId=eni_id), "InvalidParameterValue")
        # Attributes, one a call, on the attached interface and on the primary.
        ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, SourceDestCheck={"Value": False})
        ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, Description={"Value": "renamed"})
        ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, Attachment={"AttachmentId": attachment,
                                                                                     "DeleteOnTermination": True})
        self.assertEqual(ec2.describe_network_interface_attribute(NetworkInterfaceId=eni_id, Attribute="sourceDestCheck")
                         ["SourceDestCheck"]["Value"], False)
        self.assertEqual(ec2.describe_network_interface_attribute(NetworkInterfaceId=eni_id, Attribute="description")
                         ["Description"]["Value"], "renamed")
        ec2.modify_network_interface_attribute(NetworkInterfaceId=primary, Groups=[group])
        self.assertEqual([g["GroupId"] for g in ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]
                          ["SecurityGroups"]], [group])
        other = ec2.create_security_group(GroupName="elsewhere", Description="x")["GroupId"]  # the default VPC's
        self.assertEqual(error_code(ec2.modify_network_interface_attribute, NetworkInterfaceId=eni_id, Groups=[other]),
                         "InvalidGroup.NotFound")
        self.assertEqual(error_code(ec2.modify_network_interface_attribute, NetworkInterfaceId=eni_id,
                                    Description={"Value": "a"}, SourceDestCheck={"Value": True}), "InvalidParameterCombination")
        # Addresses: t3.micro holds 2 IPv4 addresses an interface; the secondary one goes, another comes.
        self.assertEqual(error_code(ec2.assign_private_ip_addresses, NetworkInterfaceId=eni_id, SecondaryPrivateIpAddressCount=1),
                         "PrivateIpAddressLimitExceeded")
        ec2.unassign_private_ip_addresses(NetworkInterfaceId=eni_id, PrivateIpAddresses=["10.80.1.4"])
        self.assertEqual(error_code(ec2.unassign_private_ip_addresses, NetworkInterfaceId=eni_id, PrivateIpAddresses=["10.80.1.10"]),
                         "InvalidParameterValue")  # the primary stays
        assigned = ec2.assign_private_ip_addresses(NetworkInterfaceId=eni_id, PrivateIpAddresses=["10.80.1.50"])
        self.assertEqual(assigned["AssignedPrivateIpAddresses"], [{"PrivateIpAddress": "10.80.1.50"}])
        ec2.assign_private_ip_addresses(NetworkInterfaceId=primary, SecondaryPrivateIpAddressCount=1)
        addresses = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["NetworkInterfaces"]
        self.assertEqual([[a["PrivateIpAddress"] for a in e["PrivateIpAddresses"]] for e in addresses],
                         [["10.80.1.6", "10.80.1.4"], ["10.80.1.10", "10.80.1.50"]])
        # Detach: never the primary.
        self.assertEqual(error_code(ec2.detach_network_interface, AttachmentId=interfaces[0]["Attachment"]["AttachmentId"]),
                         "OperationNotPermitted")
        ec2.detach_network_interface(AttachmentId=attachment)
        self.assertEqual(ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"][0]["Status"], "available")
        self.assertEqual(len(ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["NetworkInterfaces"]), 1)
        self.assertEqual(error_code(ec2.detach_network_interface, AttachmentId=attachment), "InvalidAttachmentID.NotFound")
        # Attached again with DeleteOnTermination, it goes with the instance; the other stays.
        again = ec2.attach_network_interface(NetworkInterfaceId=eni_id, InstanceId=iid, DeviceIndex=1)["AttachmentId"]
        ec2.modify_network_interface_attribute(NetworkInterfaceId=eni_id, Attachment={"AttachmentId": again,
                                                                                     "DeleteOnTermination": True})
        self.assertEqual(error_code(ec2.delete_subnet, SubnetId=subnet), "DependencyViolation")
        ec2.terminate_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[iid], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        self.assertEqual(error_code(ec2.describe_network_interfaces, NetworkInterfaceIds=[eni_id]), "InvalidNetworkInterfaceID.NotFound")
        self.assertEqual(error_code(ec2.describe_network_interfaces, NetworkInterfaceIds=[primary]), "InvalidNetworkInterfaceID.NotFound")
        self.assertEqual(error_code(ec2.describe_network_interfaces, NetworkInterfaceIds=["nope"]), "InvalidNetworkInterfaceId.Malformed")
        ec2.delete_network_interface(NetworkInterfaceId=default["NetworkInterfaceId"])
        ec2.delete_security_group(GroupId=group)
        ec2.delete_subnet(SubnetId=subnet)
        ec2.delete_vpc(VpcId=vpc)

    def test_zone_rule_and_a_surviving_interface(self):
        ec2 = fresh()
        subnets = {s["AvailabilityZone"]: s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]}
        iid = launch(ec2, subnets["ap-northeast-2a"], "t3.large")
        elsewhere = ec2.create_network_interface(SubnetId=subnets["ap-northeast-2b"])["NetworkInterface"]["NetworkInterfaceId"]
        self.assertEqual(error_code(ec2.attach_network_interface, NetworkInterfaceId=elsewhere, InstanceId=iid, DeviceIndex=1),
                         "InvalidParameterCombination")
        kept = ec2.create_network_interface(SubnetId=subnets["ap-northeast-2a"])["NetworkInterface"]["NetworkInterfaceId"]
        ec2.attach_network_interface(NetworkInterfaceId=kept, InstanceId=iid, DeviceIndex=2)
        self.assertEqual(ec2.describe_network_interface_attribute(NetworkInterfaceId=kept, Attribute="attachment")
                         ["Attachment"]["DeleteOnTermination"], False)
        ec2.terminate_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[iid], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        survivor = ec2.describe_network_interfaces(NetworkInterfaceIds=[kept])["NetworkInterfaces"][0]
        self.assertEqual((survivor["Status"], "Attachment" in survivor), ("available", False))
        for eni in (kept, elsewhere):
            ec2.delete_network_interface(NetworkInterfaceId=eni)
        self.assertEqual(error_code(ec2.delete_network_interface, NetworkInterfaceId=kept), "InvalidNetworkInterfaceID.NotFound")


class InterfacesAsTerraformUsesThem(unittest.TestCase):
    def test_an_existing_interface_as_an_instances_primary_outlives_it(self):
        # aws_instance { network_interface { network_interface_id = aws_network_interface.x.id, device_index = 0 } }
        ec2 = fresh()
        subnet = ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": ["ap-northeast-2a"]}])["Subnets"][0]
        group = ec2.create_security_group(GroupName="eni", Description="eni")["GroupId"]
        eni = ec2.create_network_interface(SubnetId=subnet["SubnetId"], Groups=[group], Description="fixed", TagSpecifications=[
            {"ResourceType": "network-interface", "Tags": [{"Key": "Name", "Value": "fixed"}]}])["NetworkInterface"]
        image = sorted(ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])
                       ["Images"], key=lambda i: i["CreationDate"])[-1]["ImageId"]
        self.assertEqual(error_code(ec2.run_instances, ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                    NetworkInterfaces=[{"DeviceIndex": 0, "NetworkInterfaceId": eni["NetworkInterfaceId"],
                                                        "SubnetId": subnet["SubnetId"]}]), "InvalidParameterCombination")
        instance = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1, NetworkInterfaces=[
            {"DeviceIndex": 0, "NetworkInterfaceId": eni["NetworkInterfaceId"]}])["Instances"][0]
        iid = instance["InstanceId"]
        self.assertEqual((instance["NetworkInterfaces"][0]["NetworkInterfaceId"], instance["PrivateIpAddress"]),
                         (eni["NetworkInterfaceId"], eni["PrivateIpAddress"]))
        self.assertEqual([g["GroupId"] for g in instance["SecurityGroups"]], [group])
        self.assertNotIn("PublicIpAddress", instance)  # no Amazon address for an existing interface
        shown = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni["NetworkInterfaceId"]])["NetworkInterfaces"][0]
        self.assertEqual((shown["Status"], shown["Attachment"]["InstanceId"], shown["Attachment"]["DeleteOnTermination"],
                          shown["Description"], shown["TagSet"]), ("in-use", iid, False, "fixed", [{"Key": "Name", "Value": "fixed"}]))
        self.assertEqual(error_code(ec2.delete_security_group, GroupId=group), "DependencyViolation")
        eip = ec2.allocate_address(Domain="vpc")
        ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=iid)
        ec2.terminate_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[iid], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        after = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni["NetworkInterfaceId"]])["NetworkInterfaces"][0]
        self.assertEqual((after["Status"], after["PrivateIpAddress"], "Attachment" in after), ("available", eni["PrivateIpAddress"], False))
        # Its Elastic IP stays with it, as on AWS: associated with the interface, no longer with an instance.
        self.assertEqual(after["Association"]["PublicIp"], eip["PublicIp"])
        address = ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"][0]
        self.assertEqual((address["NetworkInterfaceId"], address.get("InstanceId")), (eni["NetworkInterfaceId"], None))
        self.assertEqual(error_code(ec2.delete_security_group, GroupId=group), "DependencyViolation")  # the interface keeps it
        ec2.disassociate_address(AssociationId=address["AssociationId"])
        self.assertNotIn("Association", ec2.describe_network_interfaces(NetworkInterfaceIds=[eni["NetworkInterfaceId"]])
                         ["NetworkInterfaces"][0])
        ec2.release_address(AllocationId=eip["AllocationId"])
        ec2.delete_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"])
        ec2.delete_security_group(GroupId=group)

    def test_routes_elastic_ips_and_tags_on_interfaces(self):
        ec2 = fresh()
        vpc = ec2.create_vpc(CidrBlock="10.81.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.81.1.0/24")["Subnet"]["SubnetId"]
        igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
        eni = ec2.create_network_interface(SubnetId=subnet, SecondaryPrivateIpAddressCount=1)["NetworkInterface"]
        eni_id = eni["NetworkInterfaceId"]
        eip = ec2.allocate_address(Domain="vpc")
        self.assertEqual(error_code(ec2.associate_address, AllocationId=eip["AllocationId"], NetworkInterfaceId=eni_id),
                         "Gateway.NotAttached")
        ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
        association = ec2.associate_address(AllocationId=eip["AllocationId"], NetworkInterfaceId=eni_id)["AssociationId"]
        shown = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"][0]
        self.assertEqual((shown["Association"]["PublicIp"], shown["PrivateIpAddresses"][0]["Association"]["AssociationId"]),
                         (eip["PublicIp"], association))
        address = ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"][0]
        self.assertEqual((address["NetworkInterfaceId"], address["PrivateIpAddress"]), (eni_id, eni["PrivateIpAddress"]))
        self.assertEqual(error_code(ec2.detach_internet_gateway, InternetGatewayId=igw, VpcId=vpc), "DependencyViolation")
        # A route to it, as aws_route.network_interface_id makes; blackhole once it is gone.
        table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", NetworkInterfaceId=eni_id)
        ec2.disassociate_address(AssociationId=association)
        self.assertNotIn("Association", ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"][0])
        ec2.associate_address(AllocationId=eip["AllocationId"], NetworkInterfaceId=eni_id,
                              PrivateIpAddress=eni["PrivateIpAddresses"][1]["PrivateIpAddress"])
        ec2.delete_network_interface(NetworkInterfaceId=eni_id)  # its address is set free
        self.assertNotIn("AssociationId", ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"][0])
        [route] = [r for r in ec2.describe_route_tables(RouteTableIds=[table])["RouteTables"][0]["Routes"]
                   if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
        self.assertEqual((route["NetworkInterfaceId"], route["State"]), (eni_id, "blackhole"))
        # An instance's primary interface takes tags like any other.
        iid = launch(ec2, subnet)
        primary = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["NetworkInterfaces"][0]
        ec2.create_tags(Resources=[primary["NetworkInterfaceId"]], Tags=[{"Key": "role", "Value": "primary"}])
        self.assertEqual(ec2.describe_network_interfaces(Filters=[{"Name": "tag:role", "Values": ["primary"]}])
                         ["NetworkInterfaces"][0]["NetworkInterfaceId"], primary["NetworkInterfaceId"])
        self.assertEqual(ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [primary["NetworkInterfaceId"]]}])["Tags"],
                         [{"Key": "role", "ResourceId": primary["NetworkInterfaceId"], "ResourceType": "network-interface",
                           "Value": "primary"}])
        ec2.terminate_instances(InstanceIds=[iid])
        # aws_eip { network_interface } then aws_instance { network_interface { network_interface_id } }: the
        # instance comes up with the interface's Elastic IP.
        eni2 = ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]["NetworkInterfaceId"]
        ec2.associate_address(AllocationId=eip["AllocationId"], NetworkInterfaceId=eni2)
        image = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["ImageId"]
        adopted = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                    NetworkInterfaces=[{"DeviceIndex": 0, "NetworkInterfaceId": eni2}])["Instances"][0]
        self.assertEqual(adopted.get("PublicIpAddress"), eip["PublicIp"])
        self.assertEqual(ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"][0]["InstanceId"],
                         adopted["InstanceId"])
        self.assertEqual(error_code(ec2.detach_internet_gateway, InternetGatewayId=igw, VpcId=vpc), "DependencyViolation")
        ec2.terminate_instances(InstanceIds=[adopted["InstanceId"]])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[adopted["InstanceId"]], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        # The interface outlives the instance with its Elastic IP still on it.
        address = ec2.describe_addresses(AllocationIds=[eip["AllocationId"]])["Addresses"][0]
        self.assertEqual((address["NetworkInterfaceId"], address.get("InstanceId")), (eni2, None))
        self.assertEqual(error_code(ec2.release_address, AllocationId=eip["AllocationId"]), "InvalidIPAddress.InUse")
        ec2.disassociate_address(AssociationId=address["AssociationId"])
        ec2.release_address(AllocationId=eip["AllocationId"])

    def test_a_services_interface_is_its_own(self):
        ec2 = fresh()
        subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
        nat = ec2.create_nat_gateway(SubnetId=subnet, ConnectivityType="private")["NatGateway"]
        eni_id = nat["NatGatewayAddresses"][0]["NetworkInterfaceId"]
        shown = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni_id])["NetworkInterfaces"][0]
        self.assertEqual((shown["InterfaceType"], shown["RequesterManaged"]), ("nat_gateway", True))
        self.assertEqual(error_code(ec2.delete_network_interface, NetworkInterfaceId=eni_id), "InvalidParameterValue")
        self.assertEqual(error_code(ec2.assign_private_ip_addresses, NetworkInterfaceId=eni_id, SecondaryPrivateIpAddressCount=1),
                         "OperationNotPermitted")
        self.assertEqual(error_code(ec2.modify_network_interface_attribute, NetworkInterfaceId=eni_id,
                                    Description={"Value": "mine"}), "OperationNotPermitted")
        self.assertEqual(error_code(ec2.detach_network_interface, AttachmentId=shown["Attachment"]["AttachmentId"]),
                         "OperationNotPermitted")
        ec2.delete_nat_gateway(NatGatewayId=nat["NatGatewayId"])



class Ipv6Addresses(unittest.TestCase):
    def test_instances_and_interfaces_take_addresses_from_the_subnets_block(self):
        import ipaddress
        ec2 = fresh()
        vpc = ec2.create_vpc(CidrBlock="10.81.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
        block = ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
        subnet_block = block.replace("::/56", "::/64")
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.81.1.0/24", Ipv6CidrBlock=subnet_block,
                                   AvailabilityZone="ap-northeast-2a")["Subnet"]["SubnetId"]
        image = sorted(ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])
                       ["Images"], key=lambda i: i["CreationDate"])[-1]["ImageId"]
        limit = ec2.describe_instance_types(InstanceTypes=["t3.micro"])["InstanceTypes"][0]["NetworkInfo"]["Ipv6AddressesPerInterface"]
        self.assertGreaterEqual(limit, 2)
        iid = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=subnet,
                                Ipv6AddressCount=1)["Instances"][0]["InstanceId"]
        instance = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]
        addresses = [a["Ipv6Address"] for a in instance["NetworkInterfaces"][0]["Ipv6Addresses"]]
        self.assertEqual(len(addresses), 1)
        self.assertIn(ipaddress.ip_address(addresses[0]), ipaddress.ip_network(subnet_block))
        self.assertEqual(instance["Ipv6Address"], addresses[0])
        for name in ("ipv6-address", "network-interface.ipv6-addresses.ipv6-address"):
            self.assertEqual([i["InstanceId"] for r in ec2.describe_instances(Filters=[{"Name": name, "Values": [addresses[0]]}])
                              ["Reservations"] for i in r["Instances"]], [iid], name)
        # The primary interface shows them; more are assigned and unassigned there, within the type's limit.
        primary = instance["NetworkInterfaces"][0]["NetworkInterfaceId"]
        wanted = str(ipaddress.ip_network(subnet_block)[0x1234])
        assigned = ec2.assign_ipv6_addresses(NetworkInterfaceId=primary, Ipv6Addresses=[wanted])["AssignedIpv6Addresses"]
        self.assertEqual(assigned, [wanted])
        shown = ec2.describe_network_interfaces(NetworkInterfaceIds=[primary])["NetworkInterfaces"][0]
        self.assertEqual(sorted(a["Ipv6Address"] for a in shown["Ipv6Addresses"]), sorted(addresses + [wanted]))
        self.assertEqual(error_code(ec2.assign_ipv6_addresses, NetworkInterfaceId=primary, Ipv6AddressCount=limit),
                         "InvalidParameterValue")  # over the type's limit
        eni = ec2.create_network_interface(SubnetId=subnet, Ipv6AddressCount=1)["NetworkInterface"]
        self.assertEqual(len(eni["Ipv6Addresses"]), 1)
        self.assertEqual(error_code(ec2.assign_ipv6_addresses, NetworkInterfaceId=eni["NetworkInterfaceId"], Ipv6Addresses=[wanted]),
                         "InvalidIPAddress.InUse")
        self.assertEqual(error_code(ec2.assign_ipv6_addresses, NetworkInterfaceId=eni["NetworkInterfaceId"],
                                    Ipv6Addresses=["2001:db8::1"]), "InvalidParameterValue")  # not the subnet's
        unassigned = ec2.unassign_ipv6_addresses(NetworkInterfaceId=primary, Ipv6Addresses=[wanted])["UnassignedIpv6Addresses"]
        self.assertEqual(unassigned, [wanted])
        self.assertEqual(error_code(ec2.unassign_ipv6_addresses, NetworkInterfaceId=primary, Ipv6Addresses=[wanted]),
                         "InvalidParameterValue")
        taken = ec2.create_network_interface(SubnetId=subnet, Ipv6Addresses=[{"Ipv6Address": wanted}])["NetworkInterface"]
        self.assertEqual([a["Ipv6Address"] for a in taken["Ipv6Addresses"]], [wanted])
        # A subnet that assigns on creation gives one to each new instance and interface.
        ec2.modify_subnet_attribute(SubnetId=subnet, AssignIpv6AddressOnCreation={"Value": True})
        auto = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=subnet)["Instances"][0]
        self.assertEqual(len(auto["NetworkInterfaces"][0]["Ipv6Addresses"]), 1)
        self.assertEqual(len(ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]["Ipv6Addresses"]), 1)
        # With a public address as well: every derived member stays right (instance and interface agree).
        ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})
        public = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=subnet)["Instances"][0]
        for shown in (public, ec2.describe_instances(InstanceIds=[public["InstanceId"]])["Reservations"][0]["Instances"][0]):
            interface = shown["NetworkInterfaces"][0]
            self.assertEqual(interface["PrivateIpAddresses"][0]["PrivateDnsName"], shown["PrivateDnsName"])
            self.assertEqual(interface["Association"]["PublicIp"], shown["PublicIpAddress"])
            self.assertEqual(shown["Ipv6Address"], interface["Ipv6Addresses"][0]["Ipv6Address"])
        # An interface holding more IPv6 addresses than a type allows is not attached to it.
        crowded = ec2.create_network_interface(SubnetId=subnet, Ipv6AddressCount=limit + 1)["NetworkInterface"]["NetworkInterfaceId"]
        self.assertEqual(error_code(ec2.attach_network_interface, NetworkInterfaceId=crowded, InstanceId=public["InstanceId"],
                                    DeviceIndex=1), "InvalidParameterValue")
        # A subnet without an IPv6 block has none to give.
        plain = ec2.create_subnet(VpcId=vpc, CidrBlock="10.81.2.0/24")["Subnet"]["SubnetId"]
        self.assertEqual(error_code(ec2.run_instances, ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                    SubnetId=plain, Ipv6AddressCount=1), "InvalidParameterValue")
        # Terminated, the instance's addresses are free again.
        ec2.terminate_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[iid], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        again = ec2.create_network_interface(SubnetId=subnet, Ipv6Addresses=[{"Ipv6Address": addresses[0]}])["NetworkInterface"]
        self.assertEqual(again["Ipv6Addresses"][0]["Ipv6Address"], addresses[0])

if __name__ == "__main__":
    sys.exit(run_tests(sys.argv[1], sys.modules[__name__]))
