"""EC2's quotas as AWS has them today, through boto3: vCPUs per instance bucket (on-demand
and spot apart), Elastic IPs, key pairs, VPCs, security groups and their rules, EBS storage
and IOPS per volume type, snapshots, tags — each answering AWS's code — and `--quota` to
set them (a classroom's 32 vCPUs). A server with default quotas launches 1,000 t2.micro.
Usage: /usr/bin/python3 quotas_test.py PATH_TO_EC2SIM
"""
import os
import subprocess
import sys
import unittest
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import main, Ec2simServer, client, error_code  # noqa: E402

BINARY = None
CLASSROOM = ["--quota", "vcpus-standard=32", "--quota", "key-pairs=3", "--quota", "gp3-storage-tib=1",
             "--quota", "io2-iops=1000", "--quota", "snapshots=2"]


def fresh(endpoint):
    return client(endpoint, key="%012d" % (uuid.uuid4().int % 10**12))


def ami(ec2):
    return ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023*"]},
                                                          {"Name": "architecture", "Values": ["x86_64"]}])["Images"][0]["ImageId"]


def launch(ec2, **kwargs):
    args = {"ImageId": ami(ec2), "InstanceType": "t3.large", "MinCount": 1, "MaxCount": 1}
    args.update(kwargs)
    return [i["InstanceId"] for i in ec2.run_instances(**args)["Instances"]]


class Classroom(unittest.TestCase):
    """A server whose accounts have a classroom's quotas."""

    @classmethod
    def setUpClass(cls):
        cls.server = Ec2simServer(BINARY, *CLASSROOM).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def setUp(self):
        self.ec2 = fresh(self.server.endpoint)

    def test_vcpus_of_running_instances(self):
        ec2 = self.ec2
        launched = launch(ec2, MaxCount=50)  # as many as fit: 16 × 2 vCPUs
        self.assertEqual(len(launched), 16)
        try:
            launch(ec2)
            self.fail("a 17th t3.large launched")
        except ec2.exceptions.ClientError as e:
            self.assertEqual(e.response["Error"]["Code"], "VcpuLimitExceeded")
            self.assertIn("current vCPU limit of 32 allows", e.response["Error"]["Message"])
        # A stopped instance holds no vCPUs; starting it again needs room.
        ec2.stop_instances(InstanceIds=[launched[0]])
        ec2.get_waiter("instance_stopped").wait(InstanceIds=[launched[0]], WaiterConfig={"Delay": 1})
        replacement = launch(ec2)
        self.assertEqual(error_code(ec2.start_instances, InstanceIds=[launched[0]]), "VcpuLimitExceeded")
        ec2.terminate_instances(InstanceIds=replacement)
        ec2.start_instances(InstanceIds=[launched[0]])
        # Other buckets and spot count apart.
        self.assertEqual(len(launch(ec2, InstanceType="g4dn.xlarge")), 1)
        self.assertEqual(len(launch(ec2, InstanceMarketOptions={"MarketType": "spot"})), 1)
        self.assertEqual(error_code(launch, ec2, MinCount=2, MaxCount=2), "VcpuLimitExceeded")

    def test_key_pairs(self):
        for n in range(3):
            self.ec2.create_key_pair(KeyName="k%d" % n)
        self.assertEqual(error_code(self.ec2.create_key_pair, KeyName="k3"), "KeyPairLimitExceeded")

    def test_ebs_storage_and_iops(self):
        big = self.ec2.create_volume(AvailabilityZone="ap-northeast-2a", Size=1024, VolumeType="gp3")["VolumeId"]
        self.assertEqual(error_code(self.ec2.create_volume, AvailabilityZone="ap-northeast-2a", Size=1, VolumeType="gp3"),
                         "VolumeLimitExceeded")
        self.assertEqual(error_code(self.ec2.modify_volume, VolumeId=big, Size=1025), "VolumeLimitExceeded")
        # A launch's volumes count too; gp2 has its own 50 TiB.
        self.assertEqual(error_code(launch, self.ec2, InstanceType="t3.micro", BlockDeviceMappings=[
            {"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 8, "VolumeType": "gp3"}}]), "VolumeLimitExceeded")
        self.ec2.create_volume(AvailabilityZone="ap-northeast-2a", Size=100, VolumeType="gp2")
        self.ec2.create_volume(AvailabilityZone="ap-northeast-2a", Size=100, VolumeType="io2", Iops=1000)
        self.assertEqual(error_code(self.ec2.create_volume, AvailabilityZone="ap-northeast-2a", Size=100,
                                    VolumeType="io2", Iops=100), "MaxIOPSLimitExceeded")

    def test_snapshots(self):
        volume = self.ec2.create_volume(AvailabilityZone="ap-northeast-2a", Size=8)["VolumeId"]
        first = self.ec2.create_snapshot(VolumeId=volume)["SnapshotId"]
        self.ec2.create_snapshot(VolumeId=volume)
        self.assertEqual(error_code(self.ec2.create_snapshot, VolumeId=volume), "SnapshotLimitExceeded")
        self.ec2.delete_snapshot(SnapshotId=first)
        self.ec2.create_snapshot(VolumeId=volume)

    def test_elastic_ips(self):
        for _ in range(5):
            self.ec2.allocate_address(Domain="vpc")
        self.assertEqual(error_code(self.ec2.allocate_address, Domain="vpc"), "AddressLimitExceeded")
        attributes = {a["AttributeName"]: a["AttributeValues"][0]["AttributeValue"]
                      for a in self.ec2.describe_account_attributes()["AccountAttributes"]}
        self.assertEqual(attributes["vpc-max-elastic-ips"], "5")

    def test_vpcs_groups_and_rules(self):
        for n in range(4):  # the default VPC is the fifth
            self.ec2.create_vpc(CidrBlock="10.%d.0.0/16" % n)
        self.assertEqual(error_code(self.ec2.create_vpc, CidrBlock="10.9.0.0/16"), "VpcLimitExceeded")
        group = self.ec2.create_security_group(GroupName="many", Description="many")["GroupId"]
        ranges = [{"CidrIp": "10.0.%d.0/24" % n} for n in range(60)]
        self.ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": ranges}])
        self.assertEqual(error_code(self.ec2.authorize_security_group_ingress, GroupId=group, IpProtocol="tcp",
                                    FromPort=80, ToPort=80, CidrIp="0.0.0.0/0"), "RulesPerSecurityGroupLimitExceeded")
        # Outbound counts apart: the default egress rule and 59 more fit.
        self.ec2.authorize_security_group_egress(GroupId=group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": ranges[:59]}])
        groups = [self.ec2.create_security_group(GroupName="g%d" % n, Description="g")["GroupId"] for n in range(6)]
        self.assertEqual(error_code(launch, self.ec2, InstanceType="t3.micro", SecurityGroupIds=groups),
                         "SecurityGroupsPerInterfaceLimitExceeded")
        self.assertEqual(len(launch(self.ec2, InstanceType="t3.micro", SecurityGroupIds=groups[:5])), 1)

    def test_tags(self):
        volume = self.ec2.create_volume(AvailabilityZone="ap-northeast-2a", Size=8)["VolumeId"]
        tags = [{"Key": "k%d" % n, "Value": "v"} for n in range(51)]
        self.assertEqual(error_code(self.ec2.create_tags, Resources=[volume], Tags=tags), "TagLimitExceeded")


def scoped(account):
    """An Authorization header naming `account` (an open server reads, never checks, it)."""
    return {"Authorization": "AWS4-HMAC-SHA256 Credential=%s/20260101/ap-northeast-2/ec2/aws4_request, "
                             "SignedHeaders=host, Signature=00" % account,
            "Content-Type": "application/x-www-form-urlencoded"}


def post(conn, account, body="Action=DescribeRegions&Version=2016-11-15"):
    conn.request("POST", "/", body, scoped(account))
    response = conn.getresponse()
    return response.status, response.read()


class Throttling(unittest.TestCase):
    def test_one_account_flooding_does_not_starve_another(self):
        import http.client
        import threading
        import time
        import urllib.parse
        with Ec2simServer(BINARY, "--rate-limit", "20") as server:
            url = urllib.parse.urlparse(server.endpoint)
            flood_statuses, stop = [], threading.Event()

            def flood():
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
                while not stop.is_set():
                    status, body = post(conn, "111111111111")
                    flood_statuses.append(status)
                    if status == 503:
                        self.assertIn(b"<Code>RequestLimitExceeded</Code>", body)
                conn.close()

            flooders = [threading.Thread(target=flood) for _ in range(4)]
            for t in flooders:
                t.start()
            calm = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
            calm_statuses = []
            for _ in range(15):  # 10 a second, within its 20
                calm_statuses.append(post(calm, "222222222222")[0])
                time.sleep(0.1)
            stop.set()
            for t in flooders:
                t.join()
            calm.close()
            self.assertEqual(calm_statuses, [200] * 15)
            self.assertIn(503, flood_statuses)
            self.assertIn(200, flood_statuses)

    def test_connections_beyond_the_limit_are_refused(self):
        import http.client
        import urllib.parse
        with Ec2simServer(BINARY, "--max-connections", "3") as server:
            url = urllib.parse.urlparse(server.endpoint)
            held = [http.client.HTTPConnection(url.hostname, url.port, timeout=10) for _ in range(3)]
            for conn in held:
                self.assertEqual(post(conn, "111111111111")[0], 200)
            extra = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
            status, body = post(extra, "111111111111")
            self.assertEqual(status, 503)
            self.assertIn(b"<Code>RequestLimitExceeded</Code>", body)
            extra.close()
            held.pop().close()
            again = None
            for _ in range(50):  # the server notices the close a moment later
                again = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
                if post(again, "111111111111")[0] == 200:
                    break
                again.close()
            else:
                self.fail("a freed connection slot was not given again")
            again.close()
            for conn in held:
                conn.close()


class Defaults(unittest.TestCase):
    def test_a_thousand_t2_micro_launch_in_one_account(self):
        with Ec2simServer(BINARY) as server:
            ec2 = fresh(server.endpoint)
            self.assertEqual(error_code(launch, ec2, InstanceType="t2.micro", MinCount=1001, MaxCount=1001),
                             "InstanceLimitExceeded")  # one request launches at most 1,000
            self.assertEqual(len(launch(ec2, InstanceType="t2.micro", MinCount=1000, MaxCount=1000)), 1000)
            # 1,152 standard vCPUs: 152 t2.micro more, then no more.
            self.assertEqual(len(launch(ec2, InstanceType="t2.micro", MaxCount=500)), 152)
            self.assertEqual(error_code(launch, ec2, InstanceType="t2.micro"), "VcpuLimitExceeded")

    def test_an_unknown_quota_is_refused_at_start(self):
        out = subprocess.run([BINARY, "serve", "--memory", "--quota", "instances=5"], capture_output=True, text=True,
                             timeout=10)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("unknown quota 'instances'", out.stderr)
        self.assertIn("vcpus-standard", out.stderr)


if __name__ == "__main__":
    main(__name__)
