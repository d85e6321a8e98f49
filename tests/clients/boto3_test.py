"""boto3 (Debian's python3-boto3) against a real ec2sim: what an SDK user sees.

Usage: /usr/bin/python3 boto3_test.py PATH_TO_EC2SIM
"""
import http.client
import os
import sys
import unittest
import urllib.parse
import xml.etree.ElementTree as ET


sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import client as shared_client, error_code, run_tests  # noqa: E402

ENDPOINT = None  # set by run_tests


def client(service="ec2", region="ap-northeast-2", validate=True):
    return shared_client(ENDPOINT, service, region, validate=validate)


def with_extra_param(ec2, operation, name, value):
    """Makes ec2's next `operation` call carry a parameter its model lacks (boto3 itself
    would never send one)."""
    def add(request, **_):
        body = request.body if isinstance(request.body, str) else request.body.decode()
        request.body = body + "&" + urllib.parse.urlencode({name: value})
        request.headers["Content-Length"] = str(len(request.body))
    ec2.meta.events.register_first("before-send.ec2.%s" % operation, add)


def raw(method, path, body=None, headers=None):
    url = urllib.parse.urlparse(ENDPOINT)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp, data


class InstanceTypes(unittest.TestCase):
    def test_free_tier_lists_t2_micro_with_1_vcpu_and_1_gib(self):
        types = client().describe_instance_types(
            Filters=[{"Name": "free-tier-eligible", "Values": ["true"]}])["InstanceTypes"]
        by_name = {t["InstanceType"]: t for t in types}
        self.assertIn("t2.micro", by_name)
        self.assertEqual(by_name["t2.micro"]["VCpuInfo"]["DefaultVCpus"], 1)
        self.assertEqual(by_name["t2.micro"]["MemoryInfo"]["SizeInMiB"], 1024)
        self.assertTrue(all(t["FreeTierEligible"] for t in types))

    def test_paginator_walks_every_type_once(self):
        pages = client().get_paginator("describe_instance_types").paginate(PaginationConfig={"PageSize": 50})
        names = [t["InstanceType"] for page in pages for t in page["InstanceTypes"]]
        self.assertGreaterEqual(len(names), 300)
        self.assertEqual(len(names), len(set(names)))
        self.assertEqual(names, sorted(names))

    def test_wildcards_and_and_across_filters(self):
        types = client().describe_instance_types(Filters=[
            {"Name": "instance-type", "Values": ["m7g.*", "c7g.*"]},
            {"Name": "vcpu-info.default-vcpus", "Values": ["4"]},
        ])["InstanceTypes"]
        self.assertEqual(sorted(t["InstanceType"] for t in types), ["c7g.xlarge", "m7g.xlarge"])
        for t in types:
            self.assertEqual(t["ProcessorInfo"]["SupportedArchitectures"], ["arm64"])

    def test_memory_architecture_and_instance_storage_filters(self):
        ec2 = client()
        big = ec2.describe_instance_types(Filters=[{"Name": "memory-info.size-in-mib", "Values": ["3997696"]}])
        self.assertIn("x1e.32xlarge", [t["InstanceType"] for t in big["InstanceTypes"]])
        local = ec2.describe_instance_types(Filters=[
            {"Name": "instance-storage-supported", "Values": ["true"]},
            {"Name": "instance-type", "Values": ["i3.*", "t2.*"]}])["InstanceTypes"]
        names = {t["InstanceType"] for t in local}
        self.assertIn("i3.large", names)
        self.assertFalse(any(n.startswith("t2.") for n in names))
        i3 = [t for t in local if t["InstanceType"] == "i3.large"][0]
        self.assertEqual(i3["InstanceStorageInfo"]["TotalSizeInGB"], 475)
        arm = ec2.describe_instance_types(Filters=[
            {"Name": "processor-info.supported-architecture", "Values": ["arm64"]}])["InstanceTypes"]
        self.assertTrue(arm and all("arm64" in t["ProcessorInfo"]["SupportedArchitectures"] for t in arm))

    def test_unknown_type_and_unknown_filter(self):
        ec2 = client()
        self.assertEqual(error_code(ec2.describe_instance_types, InstanceTypes=["t2.mega"]), "InvalidInstanceType")
        self.assertEqual(error_code(ec2.describe_instance_types, Filters=[{"Name": "colour", "Values": ["red"]}]),
                         "InvalidParameterValue")

    def test_offerings_by_zone(self):
        offers = client().describe_instance_type_offerings(
            LocationType="availability-zone",
            Filters=[{"Name": "instance-type", "Values": ["t2.micro"]}])["InstanceTypeOfferings"]
        self.assertEqual(sorted(o["Location"] for o in offers),
                         ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"])
        ids = client().describe_instance_type_offerings(
            LocationType="availability-zone-id",
            Filters=[{"Name": "instance-type", "Values": ["t2.micro"]}])["InstanceTypeOfferings"]
        self.assertEqual(sorted(o["Location"] for o in ids), ["apne2-az1", "apne2-az2", "apne2-az3", "apne2-az4"])


class RegionsAndZones(unittest.TestCase):
    def test_seoul_has_zones_a_to_d(self):
        zones = client().describe_availability_zones()["AvailabilityZones"]
        self.assertEqual([z["ZoneName"] for z in zones],
                         ["ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"])
        self.assertEqual([z["ZoneId"] for z in zones], ["apne2-az1", "apne2-az2", "apne2-az3", "apne2-az4"])
        self.assertTrue(all(z["State"] == "available" for z in zones))

    def test_region_from_the_signature(self):
        zones = client(region="eu-west-1").describe_availability_zones()["AvailabilityZones"]
        self.assertEqual({z["RegionName"] for z in zones}, {"eu-west-1"})

    def test_regions_and_filters(self):
        ec2 = client()
        regions = ec2.describe_regions(AllRegions=True)["Regions"]
        names = {r["RegionName"] for r in regions}
        self.assertTrue({"us-east-1", "ap-northeast-2", "eu-central-1", "sa-east-1"} <= names)
        seoul = ec2.describe_regions(RegionNames=["ap-northeast-2"])["Regions"]
        self.assertEqual(seoul[0]["Endpoint"], "ec2.ap-northeast-2.amazonaws.com")
        eu = ec2.describe_regions(Filters=[{"Name": "region-name", "Values": ["eu-*"]}])["Regions"]
        self.assertTrue(eu and all(r["RegionName"].startswith("eu-") for r in eu))
        self.assertEqual(error_code(ec2.describe_regions, RegionNames=["moon-1"]), "InvalidParameterValue")

    def test_zone_errors(self):
        ec2 = client()
        self.assertEqual(error_code(ec2.describe_availability_zones, ZoneNames=["ap-northeast-2z"]),
                         "InvalidParameterValue")
        picked = ec2.describe_availability_zones(ZoneIds=["apne2-az3"])["AvailabilityZones"]
        self.assertEqual([z["ZoneName"] for z in picked], ["ap-northeast-2c"])


class Images(unittest.TestCase):
    def test_amazon_linux_2023_in_every_region(self):
        regions = [r["RegionName"] for r in client().describe_regions()["Regions"]]
        self.assertGreaterEqual(len(regions), 30)
        seen_ids = set()
        for region in regions:
            images = client(region=region).describe_images(
                Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023.*-x86_64"]},
                                            {"Name": "state", "Values": ["available"]}])["Images"]
            self.assertTrue(images, region)
            newest = max(images, key=lambda i: i["CreationDate"])
            self.assertEqual(newest["ImageOwnerAlias"], "amazon")
            self.assertEqual(newest["RootDeviceName"], "/dev/xvda")
            self.assertTrue(newest["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"].startswith("snap-"))
            seen_ids.add(newest["ImageId"])
        self.assertEqual(len(seen_ids), len(regions))  # AMI ids are per region

    def test_owner_platform_and_architecture_filters(self):
        ec2 = client()
        windows = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "platform", "Values": ["windows"]}])["Images"]
        self.assertTrue(windows and all(i["Platform"] == "windows" for i in windows))
        ubuntu = ec2.describe_images(Owners=["099720109477"], Filters=[
            {"Name": "name", "Values": ["ubuntu/images/*noble-24.04-arm64*"]},
            {"Name": "architecture", "Values": ["arm64"]}])["Images"]
        self.assertTrue(ubuntu)
        self.assertNotIn("ImageOwnerAlias", ubuntu[0])
        self.assertEqual(ec2.describe_images(Owners=["self"])["Images"], [])

    def test_ids_round_trip_and_errors(self):
        ec2 = client()
        some = ec2.describe_images(Owners=["amazon"])["Images"][0]
        again = ec2.describe_images(ImageIds=[some["ImageId"]])["Images"]
        self.assertEqual(again[0]["Name"], some["Name"])
        self.assertEqual(error_code(ec2.describe_images, ImageIds=["ami-0123456789abcdef0"]), "InvalidAMIID.NotFound")
        self.assertEqual(error_code(ec2.describe_images, ImageIds=["image-1"]), "InvalidAMIID.Malformed")


class KeyPairs(unittest.TestCase):
    def test_create_describe_delete_with_tags(self):
        ec2 = client()
        created = ec2.create_key_pair(KeyName="boto3-rsa", TagSpecifications=[
            {"ResourceType": "key-pair", "Tags": [{"Key": "course", "Value": "ec2"}]}])
        self.assertTrue(created["KeyMaterial"].startswith("-----BEGIN RSA PRIVATE KEY-----"))
        self.assertTrue(created["KeyPairId"].startswith("key-"))
        listed = ec2.describe_key_pairs(KeyNames=["boto3-rsa"])["KeyPairs"][0]
        self.assertEqual(listed["KeyFingerprint"], created["KeyFingerprint"])
        self.assertEqual(listed["KeyType"], "rsa")
        self.assertNotIn("PublicKey", listed)
        self.assertNotIn("KeyMaterial", listed)  # the private key is never shown again
        with_public = ec2.describe_key_pairs(KeyPairIds=[created["KeyPairId"]], IncludePublicKey=True)["KeyPairs"][0]
        self.assertTrue(with_public["PublicKey"].startswith("ssh-rsa "))
        tagged = ec2.describe_key_pairs(Filters=[{"Name": "tag:course", "Values": ["ec2"]}])["KeyPairs"]
        self.assertEqual([k["KeyName"] for k in tagged], ["boto3-rsa"])
        ec2.delete_key_pair(KeyName="boto3-rsa")
        self.assertEqual(error_code(ec2.describe_key_pairs, KeyNames=["boto3-rsa"]), "InvalidKeyPair.NotFound")
        ec2.delete_key_pair(KeyName="boto3-rsa")  # deleting a missing name succeeds, as on AWS

    def test_ed25519_and_import(self):
        ec2 = client()
        ed = ec2.create_key_pair(KeyName="boto3-ed", KeyType="ed25519")
        self.assertTrue(ed["KeyMaterial"].startswith("-----BEGIN OPENSSH PRIVATE KEY-----"))
        public = ec2.describe_key_pairs(KeyNames=["boto3-ed"], IncludePublicKey=True)["KeyPairs"][0]["PublicKey"]
        imported = ec2.import_key_pair(KeyName="boto3-imported", PublicKeyMaterial=public.encode())
        self.assertEqual(imported["KeyFingerprint"], ed["KeyFingerprint"])
        self.assertEqual(ec2.describe_key_pairs(Filters=[{"Name": "key-type", "Values": ["ed25519"]},
                                                         {"Name": "key-name", "Values": ["boto3-*"]}])["KeyPairs"]
                         .__len__(), 2)

    def test_key_pair_errors(self):
        ec2 = client()
        ec2.create_key_pair(KeyName="boto3-dup")
        self.assertEqual(error_code(ec2.create_key_pair, KeyName="boto3-dup"), "InvalidKeyPair.Duplicate")
        self.assertEqual(error_code(ec2.import_key_pair, KeyName="boto3-bad", PublicKeyMaterial=b"ssh-dss AAAA"),
                         "InvalidKey.Format")
        self.assertEqual(error_code(ec2.delete_key_pair, KeyPairId="key-0123456789abcdef0"), "InvalidKeyPair.NotFound")
        self.assertEqual(error_code(ec2.create_key_pair, KeyName="boto3-tag", TagSpecifications=[
            {"ResourceType": "key-pair", "Tags": [{"Key": "aws:reserved", "Value": "x"}]}]), "InvalidParameterValue")
        self.assertEqual(error_code(ec2.create_key_pair, KeyName="boto3-dry", DryRun=True), "DryRunOperation")
        self.assertEqual(error_code(ec2.describe_key_pairs, KeyNames=["boto3-dry"]), "InvalidKeyPair.NotFound")

    def test_accounts_are_isolated(self):
        client().create_key_pair(KeyName="boto3-mine")
        other = shared_client(ENDPOINT, key="210987654321")
        self.assertEqual(error_code(other.describe_key_pairs, KeyNames=["boto3-mine"]), "InvalidKeyPair.NotFound")
        other.create_key_pair(KeyName="boto3-mine")  # the same name is free in another account


class WireAndErrors(unittest.TestCase):
    def test_model_errors_through_client_error(self):
        ec2 = client(validate=False)
        with_extra_param(ec2, "DescribeRegions", "Colour", "blue")
        self.assertEqual(error_code(ec2.describe_regions), "UnknownParameter")
        # RunInstances without MinCount/MaxCount: the model's required members.
        self.assertEqual(error_code(ec2.run_instances, ImageId="ami-12345678"), "MissingParameter")
        self.assertEqual(error_code(ec2.describe_instance_type_offerings, LocationType="planet"),
                         "InvalidParameterValue")
        self.assertEqual(error_code(ec2.describe_instance_types, MaxResults=1000), "InvalidParameterValue")

    def test_dry_run_and_bad_token(self):
        ec2 = client()
        self.assertEqual(error_code(ec2.describe_regions, DryRun=True), "DryRunOperation")
        self.assertEqual(error_code(ec2.describe_instance_types, NextToken="bogus"), "InvalidPaginationToken")

    def test_sts_get_caller_identity(self):
        identity = client("sts", region="us-east-1").get_caller_identity()
        self.assertEqual(identity["Account"], "123456789012")
        self.assertEqual(identity["Arn"], "arn:aws:iam::123456789012:root")

    def test_unknown_action_unbuilt_operation_and_request_ids(self):
        resp, data = raw("POST", "/", "Action=LaunchRocket&Version=2016-11-15",
                         {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(resp.status, 400)
        root = ET.fromstring(data)
        self.assertEqual(root.find("Errors/Error/Code").text, "InvalidAction")
        self.assertEqual(root.find("RequestID").text, resp.getheader("x-amzn-RequestId"))
        # No Content-Type at all, and an operation the model has but ec2sim has not built.
        resp, data = raw("POST", "/", "Action=DescribeFleets&Version=2016-11-15")
        self.assertEqual(resp.status, 400)
        self.assertEqual(ET.fromstring(data).find("Errors/Error/Code").text, "UnsupportedOperation")

    def test_get_with_old_version_and_no_signature(self):
        resp, data = raw("GET", "/?Action=DescribeAvailabilityZones&Version=2012-12-01")
        self.assertEqual(resp.status, 200)
        ns = {"ec2": "http://ec2.amazonaws.com/doc/2012-12-01/"}  # answered in the version asked for
        zones = ET.fromstring(data).findall("ec2:availabilityZoneInfo/ec2:item/ec2:zoneName", ns)
        self.assertEqual(len(zones), 4)

    def test_oversized_body_is_an_error_not_a_crash(self):
        resp, data = raw("POST", "/", "Action=DescribeRegions&Pad=" + "x" * (2 << 20))
        self.assertEqual(resp.status, 413)
        self.assertEqual(ET.fromstring(data).find("Errors/Error/Code").text, "RequestEntityTooLarge")
        # ...and the server still answers.
        self.assertTrue(client().describe_regions()["Regions"])

    def test_health_route(self):
        resp, data = raw("GET", "/_ec2sim/health")
        self.assertEqual(resp.status, 200)
        self.assertIn(b'"status":"ok"', data)


if __name__ == "__main__":
    sys.exit(run_tests(sys.argv[1], sys.modules[__name__]))
