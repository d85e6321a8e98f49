"""Instances through boto3 (Debian's python3-boto3): launch, lifecycle over simulated time,
attributes, status checks, waiters, filters, paging, dry runs, idempotency, tags and the
volumes instances come with. Usage: /usr/bin/python3 instances_test.py PATH_TO_EC2SIM
"""
import os
import sys
import unittest
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import client as shared_client, control, error_code, run_tests  # noqa: E402

ENDPOINT = None  # set by run_tests
FAST_WAIT = {"Delay": 1, "MaxAttempts": 10}


def client(key="123456789012", region="ap-northeast-2"):
    return shared_client(ENDPOINT, key=key, region=region)


def newest_al2023(ec2, arch="x86_64"):
    images = ec2.describe_images(Owners=["amazon"], Filters=[
        {"Name": "name", "Values": ["al2023-ami-2023*-" + arch]}])["Images"]
    return max(images, key=lambda i: i["CreationDate"])["ImageId"]


def fresh_account():
    """A new 12-digit account, so each test starts from an empty account."""
    return "%012d" % (uuid.uuid4().int % 10**12)


def launch(ec2, **kwargs):
    args = {"ImageId": newest_al2023(ec2), "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1}
    args.update(kwargs)
    return ec2.run_instances(**args)


def instance(ec2, instance_id):
    return ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]


class Lesson(unittest.TestCase):
    """The seed lesson, steps 6 to 9, as boto3 code would do them."""

    def test_launch_stop_start_protect_terminate(self):
        ec2 = client(fresh_account())
        ec2.create_key_pair(KeyName="aws-course")
        group = ec2.create_security_group(GroupName="ssh-only", Description="SSH from my PC")["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{
            "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
            "IpRanges": [{"CidrIp": "203.0.113.7/32", "Description": "my PC"}]}])
        reservation = launch(ec2, KeyName="aws-course", SecurityGroupIds=[group],
                             Placement={"AvailabilityZone": "ap-northeast-2a"},
                             TagSpecifications=[{"ResourceType": "instance",
                                                 "Tags": [{"Key": "Name", "Value": "My-First-EC2"}]}])
        launched = reservation["Instances"][0]
        self.assertEqual(launched["State"]["Name"], "pending")
        self.assertTrue(reservation["ReservationId"].startswith("r-"))
        iid = launched["InstanceId"]
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=FAST_WAIT)

        running = instance(ec2, iid)
        self.assertEqual(running["State"], {"Code": 16, "Name": "running"})
        self.assertEqual(running["InstanceType"], "t2.micro")
        self.assertEqual(running["Placement"]["AvailabilityZone"], "ap-northeast-2a")
        self.assertEqual(running["KeyName"], "aws-course")
        self.assertEqual(running["SecurityGroups"][0]["GroupId"], group)
        self.assertEqual(running["Tags"], [{"Key": "Name", "Value": "My-First-EC2"}])
        self.assertTrue(running["PrivateIpAddress"].startswith("172.31."))
        self.assertTrue(running["PublicDnsName"].endswith(".ap-northeast-2.compute.amazonaws.com"))
        public_ip, private_ip = running["PublicIpAddress"], running["PrivateIpAddress"]

        stopping = ec2.stop_instances(InstanceIds=[iid])["StoppingInstances"][0]
        self.assertEqual((stopping["PreviousState"]["Name"], stopping["CurrentState"]["Name"]), ("running", "stopping"))
        ec2.get_waiter("instance_stopped").wait(InstanceIds=[iid], WaiterConfig=FAST_WAIT)
        stopped = instance(ec2, iid)
        self.assertNotIn("PublicIpAddress", stopped)
        self.assertEqual(stopped["PrivateIpAddress"], private_ip)
        self.assertTrue(stopped["StateTransitionReason"].startswith("User initiated ("))
        self.assertEqual(stopped["StateReason"]["Code"], "Client.UserInitiatedShutdown")

        ec2.start_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=FAST_WAIT)
        restarted = instance(ec2, iid)
        self.assertEqual(restarted["PrivateIpAddress"], private_ip)
        self.assertIn("PublicIpAddress", restarted)
        self.assertNotEqual(restarted["PublicIpAddress"], public_ip)

        ec2.modify_instance_attribute(InstanceId=iid, DisableApiTermination={"Value": True})
        self.assertEqual(error_code(ec2.terminate_instances, InstanceIds=[iid]), "OperationNotPermitted")
        self.assertTrue(ec2.describe_instance_attribute(InstanceId=iid, Attribute="disableApiTermination")
                        ["DisableApiTermination"]["Value"])
        ec2.modify_instance_attribute(InstanceId=iid, DisableApiTermination={"Value": False})
        ec2.terminate_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[iid], WaiterConfig=FAST_WAIT)
        self.assertEqual(instance(ec2, iid)["State"]["Name"], "terminated")

        control(ENDPOINT, "POST", "/_ec2sim/clock", {"advance_seconds": 1800})
        self.assertEqual(instance(ec2, iid)["State"]["Name"], "terminated")  # still listed after 30 minutes
        control(ENDPOINT, "POST", "/_ec2sim/clock", {"advance_seconds": 1801})
        self.assertEqual(error_code(ec2.describe_instances, InstanceIds=[iid]), "InvalidInstanceID.NotFound")


class Lifecycle(unittest.TestCase):
    def test_impossible_transitions(self):
        ec2 = client(fresh_account())
        iid = launch(ec2)["Instances"][0]["InstanceId"]
        ec2.terminate_instances(InstanceIds=[iid])
        self.assertEqual(error_code(ec2.start_instances, InstanceIds=[iid]), "IncorrectInstanceState")
        self.assertEqual(error_code(ec2.stop_instances, InstanceIds=[iid]), "IncorrectInstanceState")
        self.assertEqual(error_code(ec2.reboot_instances, InstanceIds=[iid]), "IncorrectInstanceState")
        again = ec2.terminate_instances(InstanceIds=[iid])["TerminatingInstances"][0]
        self.assertEqual(again["CurrentState"]["Name"], "terminated")

    def test_instance_type_changes_only_while_stopped(self):
        ec2 = client(fresh_account())
        iid = launch(ec2)["Instances"][0]["InstanceId"]
        self.assertEqual(error_code(ec2.modify_instance_attribute, InstanceId=iid, InstanceType={"Value": "t3.small"}),
                         "IncorrectInstanceState")
        ec2.stop_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_stopped").wait(InstanceIds=[iid], WaiterConfig=FAST_WAIT)
        ec2.modify_instance_attribute(InstanceId=iid, InstanceType={"Value": "t3.small"})
        self.assertEqual(ec2.describe_instance_attribute(InstanceId=iid, Attribute="instanceType")
                         ["InstanceType"]["Value"], "t3.small")

    def test_status_checks_and_waiter(self):
        ec2 = client(fresh_account())
        iid = launch(ec2)["Instances"][0]["InstanceId"]
        ec2.get_waiter("instance_status_ok").wait(InstanceIds=[iid], WaiterConfig=FAST_WAIT)
        status = ec2.describe_instance_status(InstanceIds=[iid])["InstanceStatuses"][0]
        self.assertEqual(status["InstanceStatus"]["Status"], "ok")
        self.assertEqual(status["SystemStatus"]["Details"][0]["Status"], "passed")
        ec2.stop_instances(InstanceIds=[iid])
        self.assertEqual(ec2.describe_instance_status(InstanceIds=[iid])["InstanceStatuses"], [])
        every = ec2.describe_instance_status(InstanceIds=[iid], IncludeAllInstances=True)["InstanceStatuses"]
        self.assertEqual(every[0]["InstanceState"]["Name"], "stopped")

    def test_volumes_follow_delete_on_termination(self):
        ec2 = client(fresh_account())
        launched = launch(ec2, BlockDeviceMappings=[
            {"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 30, "VolumeType": "gp3"}},
            {"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 100, "VolumeType": "io2", "Iops": 5000,
                                               "DeleteOnTermination": False}}],
            TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "course", "Value": "ec2"}]}])
        iid = launched["Instances"][0]["InstanceId"]
        mappings = {m["DeviceName"]: m["Ebs"] for m in instance(ec2, iid)["BlockDeviceMappings"]}
        root, data = mappings["/dev/xvda"]["VolumeId"], mappings["/dev/sdf"]["VolumeId"]
        volumes = {v["VolumeId"]: v for v in ec2.describe_volumes(VolumeIds=[root, data])["Volumes"]}
        self.assertEqual((volumes[root]["Size"], volumes[root]["VolumeType"], volumes[root]["Iops"]), (30, "gp3", 3000))
        self.assertEqual(volumes[data]["Attachments"][0]["InstanceId"], iid)
        self.assertEqual(volumes[data]["Tags"], [{"Key": "course", "Value": "ec2"}])
        ec2.terminate_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[iid], WaiterConfig=FAST_WAIT)
        self.assertEqual(error_code(ec2.describe_volumes, VolumeIds=[root]), "InvalidVolume.NotFound")
        kept = ec2.describe_volumes(VolumeIds=[data])["Volumes"][0]
        self.assertEqual((kept["State"], kept["Attachments"]), ("available", []))


class Console(unittest.TestCase):
    def test_boot_log_names_the_host_and_keeps_its_host_keys(self):
        ec2 = client(fresh_account())
        iid = launch(ec2)["Instances"][0]["InstanceId"]
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=FAST_WAIT)
        host = instance(ec2, iid)["PrivateDnsName"].split(".")[0]
        first = ec2.get_console_output(InstanceId=iid)["Output"]  # boto3 decodes the base64
        self.assertIn("Linux version 6.1", first)
        self.assertIn(host + " login:", first)
        fingerprints = [line for line in first.splitlines() if line.startswith("256 SHA256:")]
        self.assertEqual(len(fingerprints), 1)
        ec2.reboot_instances(InstanceIds=[iid])
        self.assertIn(fingerprints[0], ec2.get_console_output(InstanceId=iid)["Output"])
        self.assertEqual(error_code(ec2.get_console_output, InstanceId="i-0123456789abcdef0"), "InvalidInstanceID.NotFound")

    def test_boot_log_follows_the_types_hypervisor(self):
        ec2 = client(fresh_account(), region="us-east-1")  # a1 is not offered in Seoul
        for instance_type, type_hypervisor, seen, unseen in [
            ("t2.micro", "xen", ["Hypervisor detected: Xen HVM", "EXT4-fs (xvda1)", "|  eth0  |"], ["KVM", "nvme"]),
            ("t3.micro", "nitro", ["Hypervisor detected: KVM", "EXT4-fs (nvme0n1p1)", "|  ens5  |"], ["Xen", "xvda"]),
            ("a1.metal", None, ["EXT4-fs (nvme0n1p1)"], ["Hypervisor detected"]),  # 16 vCPUs: within the suite's quota
        ]:
            hypervisor = ec2.describe_instance_types(InstanceTypes=[instance_type])["InstanceTypes"][0].get("Hypervisor")
            self.assertEqual(hypervisor, type_hypervisor)
            arch = "arm64" if instance_type.startswith("a1") else "x86_64"
            image = sorted(ec2.describe_images(Owners=["amazon"], Filters=[
                {"Name": "name", "Values": ["al2023-ami-2023*-" + arch]}])["Images"], key=lambda i: i["CreationDate"])[-1]
            iid = launch(ec2, InstanceType=instance_type, ImageId=image["ImageId"])["Instances"][0]["InstanceId"]
            ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=FAST_WAIT)
            log = ec2.get_console_output(InstanceId=iid)["Output"]
            for text in seen:
                self.assertIn(text, log, f"{instance_type} ({hypervisor})")
            for text in unseen:
                self.assertNotIn(text, log, f"{instance_type} ({hypervisor})")


class Launching(unittest.TestCase):
    def test_launch_errors(self):
        ec2 = client(fresh_account())
        image = newest_al2023(ec2)
        base = {"ImageId": image, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1}
        cases = [
            ({"ImageId": "ami-0123456789abcdef0"}, "InvalidAMIID.NotFound"),
            ({"ImageId": "image"}, "InvalidAMIID.Malformed"),
            ({"InstanceType": "t2.mega"}, "InvalidParameterValue"),
            ({"InstanceType": "m7g.large"}, "InvalidParameterValue"),  # arm64 type, x86_64 AMI
            ({"KeyName": "missing"}, "InvalidKeyPair.NotFound"),
            ({"SubnetId": "subnet-0123456789abcdef0"}, "InvalidSubnetID.NotFound"),
            ({"SecurityGroupIds": ["sg-0123456789abcdef0"]}, "InvalidGroup.NotFound"),
            ({"Placement": {"AvailabilityZone": "ap-northeast-2z"}}, "InvalidParameterValue"),
            ({"MinCount": 3, "MaxCount": 2}, "InvalidParameterValue"),
            ({"MinCount": 25, "MaxCount": 25}, "VcpuLimitExceeded"),  # this server: 24 standard vCPUs
            ({"BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 4}}]}, "InvalidBlockDeviceMapping"),
            ({"BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 20000}}]}, "InvalidParameterValue"),
            ({"BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 10, "VolumeType": "gp2",
                                                                         "Iops": 3000}}]}, "InvalidParameterCombination"),
            ({"BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 10, "VolumeType": "io1"}}]},
             "MissingParameter"),
            ({"BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 10, "VolumeType": "st1"}}]},
             "InvalidParameterValue"),
            ({"InstanceInitiatedShutdownBehavior": "hibernate"}, "InvalidParameterValue"),
            ({"Placement": {"GroupName": "cluster-1"}}, "InvalidPlacementGroup.Unknown"),
            ({"Placement": {"PartitionNumber": 1}}, "InvalidParameterCombination"),
            ({"LaunchTemplate": {"LaunchTemplateName": "web"}}, "InvalidLaunchTemplateName.NotFoundException"),
            ({"LaunchTemplate": {"LaunchTemplateId": "lt-0123456789abcdef0"}}, "InvalidLaunchTemplateId.NotFound"),
            ({"LaunchTemplate": {"LaunchTemplateId": "web"}}, "InvalidLaunchTemplateId.Malformed"),
            ({"CapacityReservationSpecification": {"CapacityReservationTarget": {
                "CapacityReservationId": "cr-0123456789abcdef0"}}}, "InvalidCapacityReservationId.NotFound"),
            ({"CreditSpecification": {"CpuCredits": "turbo"}}, "InvalidParameterValue"),
            ({"InstanceType": "m5.large", "CreditSpecification": {"CpuCredits": "unlimited"}}, "InvalidParameterCombination"),
            ({"Ipv6AddressCount": 1}, "InvalidParameterValue"),
            ({"Ipv6AddressCount": 1, "Ipv6Addresses": [{"Ipv6Address": "2001:db8::1"}]}, "InvalidParameterCombination"),
            ({"HibernationOptions": {"Configured": True}}, "UnsupportedHibernationConfiguration"),  # root not encrypted
            ({"InstanceType": "m5.metal", "HibernationOptions": {"Configured": True}}, "UnsupportedHibernationConfiguration"),
            ({"TagSpecifications": [{"ResourceType": "vpc", "Tags": [{"Key": "a", "Value": "b"}]}]},
             "InvalidParameterValue"),
            ({"SubnetId": "subnet-0123456789abcdef0",
              "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": "subnet-0123456789abcdef0"}]},
             "InvalidParameterCombination"),
        ]
        for change, code in cases:
            args = dict(base)
            args.update(change)
            self.assertEqual(error_code(ec2.run_instances, **args), code, change)
        self.assertEqual(ec2.describe_instances()["Reservations"], [])  # nothing half-created

    def test_dry_run_checks_then_creates_nothing(self):
        ec2 = client(fresh_account())
        self.assertEqual(error_code(launch, ec2, DryRun=True), "DryRunOperation")
        self.assertEqual(error_code(launch, ec2, DryRun=True, KeyName="missing"), "InvalidKeyPair.NotFound")
        self.assertEqual(ec2.describe_instances()["Reservations"], [])

    def test_client_token_replays_and_mismatches(self):
        ec2 = client(fresh_account())
        first = launch(ec2, ClientToken="lesson-1")["Instances"][0]["InstanceId"]
        again = launch(ec2, ClientToken="lesson-1")["Instances"][0]["InstanceId"]
        self.assertEqual(first, again)
        self.assertEqual(len(ec2.describe_instances()["Reservations"]), 1)
        self.assertEqual(error_code(launch, ec2, ClientToken="lesson-1", InstanceType="t3.micro"),
                         "IdempotentParameterMismatch")

    def test_capacity_preference_credits_and_hibernation(self):
        ec2 = client(fresh_account())
        iid = launch(ec2, CapacityReservationSpecification={"CapacityReservationPreference": "none"},
                     CreditSpecification={"CpuCredits": "unlimited"},
                     BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": True}}],
                     HibernationOptions={"Configured": True})["Instances"][0]["InstanceId"]
        described = instance(ec2, iid)
        self.assertEqual(described["CapacityReservationSpecification"]["CapacityReservationPreference"], "none")
        self.assertTrue(described["HibernationOptions"]["Configured"])
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=FAST_WAIT)
        ec2.stop_instances(InstanceIds=[iid], Hibernate=True)
        ec2.get_waiter("instance_stopped").wait(InstanceIds=[iid], WaiterConfig=FAST_WAIT)
        self.assertEqual(instance(ec2, iid)["StateReason"]["Code"], "Client.UserInitiatedHibernate")

    def test_metadata_and_cpu_options(self):
        ec2 = client(fresh_account())
        iid = launch(ec2, InstanceType="m5.xlarge", CpuOptions={"CoreCount": 2, "ThreadsPerCore": 1},
                     MetadataOptions={"HttpTokens": "required", "HttpPutResponseHopLimit": 3})["Instances"][0]["InstanceId"]
        described = instance(ec2, iid)
        self.assertEqual(described["CpuOptions"], {"CoreCount": 2, "ThreadsPerCore": 1})
        self.assertEqual((described["MetadataOptions"]["HttpTokens"], described["MetadataOptions"]["HttpPutResponseHopLimit"]),
                         ("required", 3))
        for cores in (9, 1):  # m5.xlarge takes 2 cores only, as AWS lists its ValidCores
            self.assertEqual(error_code(launch, ec2, InstanceType="m5.xlarge",
                                        CpuOptions={"CoreCount": cores, "ThreadsPerCore": 2}), "InvalidParameterValue")
        self.assertEqual(error_code(launch, ec2, MetadataOptions={"HttpPutResponseHopLimit": 65}), "InvalidParameterValue")

    def test_options_terraform_reads_and_changes(self):
        ec2 = client(fresh_account())
        t2 = launch(ec2, InstanceType="t2.micro")["Instances"][0]["InstanceId"]
        t3 = launch(ec2, InstanceType="t3.micro")["Instances"][0]["InstanceId"]
        m5 = launch(ec2, InstanceType="m5.large")["Instances"][0]["InstanceId"]
        credits = ec2.describe_instance_credit_specifications(InstanceIds=[t2, t3, m5])["InstanceCreditSpecifications"]
        self.assertEqual(sorted((c["InstanceId"], c["CpuCredits"]) for c in credits),
                         sorted([(t2, "standard"), (t3, "unlimited")]))  # T2 standard, later T unlimited; m5 has none
        changed = ec2.modify_instance_credit_specification(InstanceCreditSpecifications=[
            {"InstanceId": t3, "CpuCredits": "standard"}, {"InstanceId": m5, "CpuCredits": "standard"}])
        self.assertEqual([c["InstanceId"] for c in changed["SuccessfulInstanceCreditSpecifications"]], [t3])
        self.assertEqual([c["InstanceId"] for c in changed["UnsuccessfulInstanceCreditSpecifications"]], [m5])
        self.assertEqual(ec2.describe_instance_credit_specifications(InstanceIds=[t3])["InstanceCreditSpecifications"],
                         [{"InstanceId": t3, "CpuCredits": "standard"}])
        self.assertEqual(error_code(ec2.modify_instance_credit_specification, InstanceCreditSpecifications=[
            {"InstanceId": t3, "CpuCredits": "turbo"}]), "InvalidParameterValue")
        # Metadata options: the answer says pending, the instance then shows them applied.
        answer = ec2.modify_instance_metadata_options(InstanceId=t3, HttpTokens="required", HttpPutResponseHopLimit=3,
                                                      InstanceMetadataTags="enabled")
        self.assertEqual((answer["InstanceMetadataOptions"]["State"], answer["InstanceMetadataOptions"]["HttpTokens"]),
                         ("pending", "required"))
        shown = instance(ec2, t3)["MetadataOptions"]
        self.assertEqual((shown["State"], shown["HttpTokens"], shown["HttpPutResponseHopLimit"], shown["InstanceMetadataTags"],
                          shown["HttpEndpoint"]), ("applied", "required", 3, "enabled", "enabled"))
        self.assertEqual(error_code(ec2.modify_instance_metadata_options, InstanceId=t3, HttpPutResponseHopLimit=65),
                         "InvalidParameterValue")
        self.assertEqual(ec2.modify_instance_maintenance_options(InstanceId=m5, AutoRecovery="disabled")["AutoRecovery"],
                         "disabled")
        self.assertEqual(instance(ec2, m5)["MaintenanceOptions"]["AutoRecovery"], "disabled")
        self.assertEqual(instance(ec2, t3)["MaintenanceOptions"]["AutoRecovery"], "default")
        self.assertEqual(error_code(ec2.modify_instance_maintenance_options, InstanceId="i-00000000000000001",
                                    AutoRecovery="disabled"), "InvalidInstanceID.NotFound")

    def test_chosen_private_address(self):
        ec2 = client(fresh_account())
        subnet = ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": ["ap-northeast-2a"]}])["Subnets"][0]
        iid = launch(ec2, SubnetId=subnet["SubnetId"], PrivateIpAddress="172.31.5.9")["Instances"][0]["InstanceId"]
        self.assertEqual(instance(ec2, iid)["PrivateIpAddress"], "172.31.5.9")
        self.assertEqual(error_code(launch, ec2, SubnetId=subnet["SubnetId"], PrivateIpAddress="172.31.5.9"),
                         "InvalidIPAddress.InUse")
        self.assertEqual(error_code(launch, ec2, SubnetId=subnet["SubnetId"], PrivateIpAddress="10.9.9.9"),
                         "InvalidParameterValue")

    def test_addresses_and_the_instance_limit_follow_every_change(self):
        # RunInstances keeps a census of the account's instances between requests (their
        # addresses, how many are live); launches, dry runs and terminations must all show.
        import ipaddress
        ec2 = client(fresh_account())
        subnet = ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": ["ap-northeast-2b"]}])["Subnets"][0]
        base = ipaddress.ip_network(subnet["CidrBlock"]).network_address

        def address(reservation, n=0):
            return reservation["Instances"][n]["PrivateIpAddress"]

        first = launch(ec2, SubnetId=subnet["SubnetId"])
        self.assertEqual(error_code(launch, ec2, SubnetId=subnet["SubnetId"], DryRun=True), "DryRunOperation")
        second = launch(ec2, SubnetId=subnet["SubnetId"])
        self.assertEqual([address(first), address(second)], [str(base + 4), str(base + 5)])
        ec2.terminate_instances(InstanceIds=[first["Instances"][0]["InstanceId"]])
        self.assertEqual(address(launch(ec2, SubnetId=subnet["SubnetId"])), str(base + 4))  # freed, taken again
        # This server allows 24 standard vCPUs (24 t2.micro); terminated ones do not count.
        many = launch(ec2, SubnetId=subnet["SubnetId"], MinCount=22, MaxCount=22)
        self.assertEqual(address(many, 21), str(base + 27))
        self.assertEqual(error_code(launch, ec2), "VcpuLimitExceeded")
        ec2.terminate_instances(InstanceIds=[many["Instances"][0]["InstanceId"]])
        self.assertEqual(address(launch(ec2, SubnetId=subnet["SubnetId"])), address(many, 0))

    def test_network_interface_and_public_ip_choice(self):
        ec2 = client(fresh_account())
        private = launch(ec2, NetworkInterfaces=[{"DeviceIndex": 0, "AssociatePublicIpAddress": False}])
        iid = private["Instances"][0]["InstanceId"]
        self.assertNotIn("PublicIpAddress", instance(ec2, iid))
        eni = instance(ec2, iid)["NetworkInterfaces"][0]
        self.assertTrue(eni["NetworkInterfaceId"].startswith("eni-"))
        self.assertEqual(eni["Attachment"]["DeviceIndex"], 0)


class Reading(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ec2 = client(fresh_account())
        cls.ec2.create_key_pair(KeyName="reader")
        cls.web = launch(cls.ec2, MinCount=3, MaxCount=3, KeyName="reader", Placement={"AvailabilityZone": "ap-northeast-2b"},
                         TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "role", "Value": "web"}]}])
        cls.db = launch(cls.ec2, MinCount=9, MaxCount=9, InstanceType="t3.micro",
                        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "role", "Value": "db"}]}])
        cls.ec2.describe_instances()  # everything is running from here on

    def ids(self, filters):
        found = self.ec2.describe_instances(Filters=filters)["Reservations"]
        return sorted(i["InstanceId"] for r in found for i in r["Instances"])

    def test_filters(self):
        web = sorted(i["InstanceId"] for i in self.web["Instances"])
        self.assertEqual(self.ids([{"Name": "tag:role", "Values": ["web"]}]), web)
        self.assertEqual(self.ids([{"Name": "instance-type", "Values": ["t2.*"]}]), web)
        self.assertEqual(self.ids([{"Name": "key-name", "Values": ["reader"]}]), web)
        self.assertEqual(self.ids([{"Name": "availability-zone", "Values": ["ap-northeast-2b"]},
                                   {"Name": "tag-key", "Values": ["role"]},
                                   {"Name": "tag-value", "Values": ["web"]}]), web)
        self.assertEqual(len(self.ids([{"Name": "instance-state-name", "Values": ["running"]}])), 12)
        self.assertEqual(len(self.ids([{"Name": "instance-state-code", "Values": ["16"]}])), 12)
        one = instance(self.ec2, web[0])
        self.assertEqual(self.ids([{"Name": "private-ip-address", "Values": [one["PrivateIpAddress"]]}]), [web[0]])
        self.assertEqual(self.ids([{"Name": "ip-address", "Values": [one["PublicIpAddress"]]}]), [web[0]])
        self.assertEqual(len(self.ids([{"Name": "vpc-id", "Values": [one["VpcId"]]},
                                       {"Name": "instance.group-id", "Values": [one["SecurityGroups"][0]["GroupId"]]},
                                       {"Name": "image-id", "Values": [one["ImageId"]]},
                                       {"Name": "launch-time", "Values": [one["LaunchTime"].strftime("%Y-%m-%d") + "*"]}])), 12)
        self.assertEqual(self.ids([{"Name": "subnet-id", "Values": [one["SubnetId"]]},
                                   {"Name": "tag:role", "Values": ["web"]}]), web)
        self.assertEqual(error_code(self.ec2.describe_instances, Filters=[{"Name": "colour", "Values": ["x"]}]),
                         "InvalidParameterValue")

    def test_reservations_group_their_instances(self):
        reservations = self.ec2.describe_instances()["Reservations"]
        self.assertEqual(sorted(len(r["Instances"]) for r in reservations), [3, 9])
        launch_indexes = sorted(i["AmiLaunchIndex"] for i in self.web["Instances"])
        self.assertEqual(launch_indexes, [0, 1, 2])

    def test_paging(self):
        pages = list(self.ec2.get_paginator("describe_instances").paginate(PaginationConfig={"PageSize": 5}))
        counts = [sum(len(r["Instances"]) for r in p["Reservations"]) for p in pages]
        self.assertEqual(counts, [5, 5, 2])
        self.assertEqual(error_code(self.ec2.describe_instances, MaxResults=5, InstanceIds=[self.web["Instances"][0]["InstanceId"]]),
                         "InvalidParameterCombination")

    def test_unknown_ids(self):
        self.assertEqual(error_code(self.ec2.describe_instances, InstanceIds=["i-0123456789abcdef0"]),
                         "InvalidInstanceID.NotFound")
        self.assertEqual(error_code(self.ec2.describe_instances, InstanceIds=["instance-1"]), "InvalidInstanceID.Malformed")
        self.assertEqual(error_code(self.ec2.stop_instances, InstanceIds=["i-0123456789abcdef0"]),
                         "InvalidInstanceID.NotFound")


class WindowsPassword(unittest.TestCase):
    def test_password_comes_a_few_minutes_in_encrypted_for_the_launch_key(self):
        import subprocess
        import tempfile
        ec2 = client(key="%012d" % (uuid.uuid4().int % 10**12))
        pem = ec2.create_key_pair(KeyName="win")["KeyMaterial"]
        image = ec2.describe_images(Owners=["amazon"], Filters=[
            {"Name": "name", "Values": ["Windows_Server-2022-English-Full-Base-*"]}])["Images"][0]["ImageId"]
        iid = ec2.run_instances(ImageId=image, InstanceType="t3.large", KeyName="win", MinCount=1,
                                MaxCount=1)["Instances"][0]["InstanceId"]
        data = ec2.get_password_data(InstanceId=iid)["PasswordData"]
        # RSA PKCS#1 v1.5 for the key pair: what `aws ec2 get-password-data --priv-launch-key` decrypts.
        with tempfile.NamedTemporaryFile("w", suffix=".pem") as key, tempfile.NamedTemporaryFile("wb") as secret:
            key.write(pem)
            key.flush()
            import base64
            secret.write(base64.b64decode(data))
            secret.flush()
            password = subprocess.run(["openssl", "pkeyutl", "-decrypt", "-inkey", key.name, "-in", secret.name,
                                       "-pkeyopt", "rsa_padding_mode:pkcs1"], check=True, capture_output=True).stdout
        self.assertEqual(len(password), 32)
        ed = ec2.create_key_pair(KeyName="ed", KeyType="ed25519")["KeyName"]
        self.assertEqual(error_code(ec2.run_instances, ImageId=image, InstanceType="t3.large", KeyName=ed, MinCount=1,
                                    MaxCount=1), "InvalidParameterValue")
        linux = ec2.run_instances(ImageId=newest_al2023(ec2), InstanceType="t3.micro", KeyName="win", MinCount=1,
                                  MaxCount=1)["Instances"][0]["InstanceId"]
        self.assertEqual(ec2.get_password_data(InstanceId=linux)["PasswordData"], "")
        ec2.terminate_instances(InstanceIds=[iid, linux])

    def test_no_password_before_windows_has_set_it(self):
        from ec2sim_server import Ec2simServer
        with Ec2simServer(sys.argv[1], timing="realistic") as server:
            ec2 = shared_client(server.endpoint)
            ec2.create_key_pair(KeyName="win")
            image = ec2.describe_images(Owners=["amazon"], Filters=[
                {"Name": "name", "Values": ["Windows_Server-2022-English-Core-Base-*"]}])["Images"][0]["ImageId"]
            iid = ec2.run_instances(ImageId=image, InstanceType="t3.large", KeyName="win", MinCount=1,
                                    MaxCount=1)["Instances"][0]["InstanceId"]
            self.assertEqual(ec2.get_password_data(InstanceId=iid)["PasswordData"], "")
            control(server.endpoint, "POST", "/_ec2sim/clock", {"advance_seconds": 241})
            self.assertNotEqual(ec2.get_password_data(InstanceId=iid)["PasswordData"], "")


class SpotPrices(unittest.TestCase):
    def test_prices_per_type_zone_and_product_the_same_for_the_same_moment(self):
        import datetime
        ec2 = client()
        now = ec2.describe_spot_price_history(InstanceTypes=["m5.large"], ProductDescriptions=["Linux/UNIX"])["SpotPriceHistory"]
        self.assertEqual(sorted(p["AvailabilityZone"] for p in now),
                         ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"])
        self.assertTrue(all(0.01 < float(p["SpotPrice"]) < 0.118 for p in now))  # below m5.large's on-demand price
        windows = ec2.describe_spot_price_history(InstanceTypes=["m5.large"], ProductDescriptions=["Windows"],
                                                  AvailabilityZone="ap-northeast-2a")["SpotPriceHistory"]
        self.assertGreater(float(windows[0]["SpotPrice"]), float([p for p in now if p["AvailabilityZone"] == "ap-northeast-2a"][0]["SpotPrice"]))
        # A day back from the server's now (other tests here move its clock).
        server_now = datetime.datetime.fromisoformat(control(ENDPOINT, "GET", "/_ec2sim/clock")["now"].replace("Z", "+00:00"))
        day = ec2.describe_spot_price_history(InstanceTypes=["m5.large"], ProductDescriptions=["Linux/UNIX"],
                                              AvailabilityZone="ap-northeast-2a", StartTime=server_now - datetime.timedelta(days=1))
        stamps = [p["Timestamp"] for p in day["SpotPriceHistory"]]
        self.assertIn(len(stamps), (4, 5))  # a price every six hours
        self.assertEqual(stamps, sorted(stamps, reverse=True))  # newest first
        self.assertEqual(ec2.describe_spot_price_history(InstanceTypes=["m5.large"], ProductDescriptions=["Linux/UNIX"])
                         ["SpotPriceHistory"], now)
        cheap = ec2.describe_spot_price_history(InstanceTypes=["m5.large", "c5.xlarge"], Filters=[
            {"Name": "product-description", "Values": ["Linux/UNIX"]}, {"Name": "availability-zone", "Values": ["ap-northeast-2b"]}])
        self.assertEqual(sorted(p["InstanceType"] for p in cheap["SpotPriceHistory"]), ["c5.xlarge", "m5.large"])
        self.assertEqual(error_code(ec2.describe_spot_price_history, AvailabilityZone="ap-northeast-2z"), "InvalidParameterValue")


class Tags(unittest.TestCase):
    def test_create_delete_describe(self):
        ec2 = client(fresh_account())
        iid = launch(ec2)["Instances"][0]["InstanceId"]
        ec2.create_tags(Resources=[iid], Tags=[{"Key": "Name", "Value": "web"}, {"Key": "env", "Value": "dev"}])
        ec2.create_tags(Resources=[iid], Tags=[{"Key": "env", "Value": "prod"}])
        tags = ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [iid]}])["Tags"]
        self.assertEqual(sorted((t["Key"], t["Value"], t["ResourceType"]) for t in tags),
                         [("Name", "web", "instance"), ("env", "prod", "instance")])
        ec2.delete_tags(Resources=[iid], Tags=[{"Key": "env", "Value": "dev"}])  # value differs: kept
        ec2.delete_tags(Resources=[iid], Tags=[{"Key": "Name"}])
        self.assertEqual(instance(ec2, iid)["Tags"], [{"Key": "env", "Value": "prod"}])
        self.assertEqual(error_code(ec2.create_tags, Resources=[iid], Tags=[{"Key": "aws:x", "Value": "y"}]),
                         "InvalidParameterValue")
        self.assertEqual(error_code(ec2.create_tags, Resources=[iid],
                                    Tags=[{"Key": "k%d" % n, "Value": "v"} for n in range(50)]), "TagLimitExceeded")
        self.assertEqual(error_code(ec2.create_tags, Resources=["i-0123456789abcdef0"], Tags=[{"Key": "a", "Value": "b"}]),
                         "InvalidInstanceID.NotFound")


if __name__ == "__main__":
    sys.exit(run_tests(sys.argv[1], sys.modules[__name__], "--quota", "vcpus-standard=24"))
