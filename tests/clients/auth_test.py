"""Authentication through real clients: a strict server (--auth strict --credentials FILE)
verifies boto3's and aws-cli's SigV4 signatures, headers and presigned URLs, and refuses
bad ones with AWS's codes; its control routes need the admin token; an open server refuses
a Region that does not exist and answers GET requests in any parameter order.
Usage: /usr/bin/python3 auth_test.py PATH_TO_EC2SIM
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile
import unittest
import urllib.parse
from unittest import mock

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import main, Ec2simServer, client, client_env, control, error_code, send  # noqa: E402

BINARY = None
STUDENT1 = ("AKIASTUDENT01EXAMPLE", "secret-one/+x")
STUDENT2 = ("AKIASTUDENT02EXAMPLE", "secret-two")
TEMPORARY = ("ASIATEMPORARYEXAMPLE", "secret-temp", "FwoGZXIvYXdzEXAMPLEtoken")
CREDENTIALS = {"credentials": [
    {"access_key": STUDENT1[0], "secret_key": STUDENT1[1], "account_id": "111122223333", "name": "student01"},
    {"access_key": STUDENT2[0], "secret_key": STUDENT2[1], "account_id": "444455556666", "name": "student02"},
    {"access_key": TEMPORARY[0], "secret_key": TEMPORARY[1], "account_id": "111122223333", "name": "temp",
     "session_token": TEMPORARY[2]}]}


def boto(endpoint, service="ec2", key=STUDENT1[0], secret=STUDENT1[1], **kwargs):
    return client(endpoint, service, key=key, secret=secret, **kwargs)


def signed(endpoint, method, path, body=b"", key=STUDENT1, service="ec2", when=None):
    """A request botocore's SigV4Auth signed (at `when`, default now): (target, headers)."""
    request = AWSRequest(method=method, url=endpoint + path, data=body)
    if when is None:
        SigV4Auth(Credentials(*key[:2]), service, "ap-northeast-2").add_auth(request)
    else:
        class Then(datetime.datetime):
            @classmethod
            def utcnow(cls):
                return when
        with mock.patch("botocore.auth.datetime.datetime", Then):
            SigV4Auth(Credentials(*key[:2]), service, "ap-northeast-2").add_auth(request)
    return path, dict(request.headers)


class StrictServer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.creds_file = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump(CREDENTIALS, cls.creds_file)
        cls.creds_file.close()
        cls.server = Ec2simServer(BINARY, "--auth", "strict", "--credentials", cls.creds_file.name).__enter__()
        cls.endpoint = cls.server.endpoint

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)
        os.unlink(cls.creds_file.name)

    def test_signed_requests_of_a_known_key_work(self):
        zones = boto(self.endpoint).describe_availability_zones()["AvailabilityZones"]
        self.assertIn("ap-northeast-2a", [z["ZoneName"] for z in zones])
        # Every signing path of botocore: Query POST, with a session token, for STS.
        self.assertEqual(boto(self.endpoint, key=TEMPORARY[0], secret=TEMPORARY[1], token=TEMPORARY[2])
                         .describe_regions()["ResponseMetadata"]["HTTPStatusCode"], 200)

    def test_get_caller_identity_names_the_user(self):
        me = boto(self.endpoint, "sts").get_caller_identity()
        self.assertEqual(me["Account"], "111122223333")
        self.assertEqual(me["Arn"], "arn:aws:iam::111122223333:user/student01")
        self.assertTrue(me["UserId"].startswith("AIDA") and len(me["UserId"]) == 21, me["UserId"])
        self.assertEqual(boto(self.endpoint, "sts", *STUDENT2).get_caller_identity()["Account"], "444455556666")

    def test_bad_credentials_get_aws_codes(self):
        ec2 = boto(self.endpoint, secret="wrong")
        self.assertEqual(error_code(ec2.describe_regions), "SignatureDoesNotMatch")
        # An unknown key: EC2's AuthFailure, STS's InvalidClientTokenId, as AWS answers them.
        self.assertEqual(error_code(boto(self.endpoint, key="AKIAUNKNOWNKEY0000").describe_regions), "AuthFailure")
        self.assertEqual(error_code(boto(self.endpoint, "sts", key="AKIAUNKNOWNKEY0000").get_caller_identity),
                         "InvalidClientTokenId")
        self.assertEqual(error_code(boto(self.endpoint, unsigned=True).describe_regions), "MissingAuthenticationToken")
        self.assertEqual(error_code(boto(self.endpoint, key=TEMPORARY[0], secret=TEMPORARY[1]).describe_regions),
                         "AuthFailure")  # temporary credentials without their token
        self.assertEqual(error_code(boto(self.endpoint, "sts", key=TEMPORARY[0], secret=TEMPORARY[1]).get_caller_identity),
                         "InvalidClientTokenId")
        self.assertEqual(error_code(boto(self.endpoint, region="ap-northeast-9").describe_regions), "AuthFailure")

    def test_tampered_and_stale_requests_are_refused(self):
        body = b"Action=DescribeRegions&Version=2016-11-15"
        target, headers = signed(self.endpoint, "POST", "/", body)
        self.assertEqual(send(self.endpoint, "POST", target, body, headers)[0], 200)
        status, reply = send(self.endpoint, "POST", target, body.replace(b"Regions", b"Images"), headers)
        self.assertEqual(status, 403)
        self.assertIn(b"<Code>SignatureDoesNotMatch</Code>", reply)
        old = datetime.datetime.utcnow() - datetime.timedelta(minutes=6)
        target, headers = signed(self.endpoint, "POST", "/", body, when=old)
        status, reply = send(self.endpoint, "POST", target, body, headers)
        self.assertIn(b"<Code>RequestExpired</Code>", reply)
        headers["Authorization"] = headers["Authorization"].split(", Signature=")[0]
        status, reply = send(self.endpoint, "POST", target, body, headers)
        self.assertIn(b"<Code>IncompleteSignature</Code>", reply)

    def test_presigned_urls(self):
        url = boto(self.endpoint).generate_presigned_url("describe_regions", ExpiresIn=60, HttpMethod="GET")
        parts = urllib.parse.urlparse(url)
        status, reply = send(self.endpoint, "GET", parts.path + "?" + parts.query)
        self.assertEqual(status, 200, reply)
        self.assertIn(b"<regionName>us-east-1</regionName>", reply)
        status, reply = send(self.endpoint, "GET", parts.path + "?" + parts.query.replace("DescribeRegions", "DescribeImages"))
        self.assertIn(b"<Code>SignatureDoesNotMatch</Code>", reply)

    def test_aws_cli(self):
        env = client_env()
        env.update(AWS_ACCESS_KEY_ID=STUDENT2[0], AWS_SECRET_ACCESS_KEY=STUDENT2[1])
        out = subprocess.run(["/usr/bin/aws", "--endpoint-url", self.endpoint, "sts", "get-caller-identity",
                              "--query", "Arn", "--output", "text"], env=env, capture_output=True, text=True)
        self.assertEqual(out.stdout.strip(), "arn:aws:iam::444455556666:user/student02", out.stderr)
        env.update(AWS_SECRET_ACCESS_KEY="wrong")
        out = subprocess.run(["/usr/bin/aws", "--endpoint-url", self.endpoint, "ec2", "describe-key-pairs"], env=env,
                             capture_output=True, text=True)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("SignatureDoesNotMatch", out.stderr)

    def test_control_routes_need_the_admin_token(self):
        token = self.server.admin_token
        self.assertTrue(token)
        self.assertEqual(control(self.endpoint, "GET", "/_ec2sim/health")["status"], "ok")  # health stays open
        status, answer = control(self.endpoint, "POST", "/_ec2sim/reset", {}, with_status=True)
        self.assertEqual((status, answer["error"]), (401, "AdminTokenRequired"))
        self.assertEqual(control(self.endpoint, "POST", "/_ec2sim/clock", {"advance_seconds": 1}, token="nope",
                                 with_status=True)[0], 401)
        self.assertEqual(control(self.endpoint, "GET", "/_ec2sim/clock", token=token, with_status=True)[0], 200)

    def test_reset_of_one_account(self):
        one, two = boto(self.endpoint), boto(self.endpoint, key=STUDENT2[0], secret=STUDENT2[1])
        one.create_key_pair(KeyName="reset-one")
        two.create_key_pair(KeyName="reset-two")
        status, answer = control(self.endpoint, "POST", "/_ec2sim/reset", {"account_id": "111122223333"},
                                 token=self.server.admin_token, with_status=True)
        self.assertEqual((status, answer), (200, {"reset": True, "account_id": "111122223333"}))
        self.assertNotIn("reset-one", [k["KeyName"] for k in one.describe_key_pairs()["KeyPairs"]])
        self.assertIn("reset-two", [k["KeyName"] for k in two.describe_key_pairs()["KeyPairs"]])
        self.assertEqual(control(self.endpoint, "POST", "/_ec2sim/reset", {"account_id": "../etc"},
                                 token=self.server.admin_token, with_status=True)[0], 400)

    def test_files_route_serves_the_instance_account(self):
        ec2 = boto(self.endpoint)
        image = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023*"]},
                                                               {"Name": "architecture", "Values": ["x86_64"]}])
        instance = ec2.run_instances(ImageId=image["Images"][0]["ImageId"], InstanceType="t2.micro", MinCount=1,
                                     MaxCount=1)["Instances"][0]["InstanceId"]
        path = "/_ec2sim/instances/%s/files/xvda/home/ec2-user/hello.txt" % instance
        target, headers = signed(self.endpoint, "PUT", path, b"hello")
        self.assertEqual(send(self.endpoint, "PUT", target, b"hello", headers)[0], 200)
        target, headers = signed(self.endpoint, "GET", path)
        self.assertEqual(send(self.endpoint, "GET", target, b"", headers), (200, b"hello"))
        # Another account's signature: no such instance. No signature: the admin's route.
        target, headers = signed(self.endpoint, "GET", path, key=STUDENT2)
        self.assertEqual(send(self.endpoint, "GET", target, b"", headers)[0], 404)
        self.assertEqual(send(self.endpoint, "GET", path)[0], 401)
        self.assertEqual(send(self.endpoint, "GET", path, b"",
                              {"Authorization": "Bearer " + self.server.admin_token}), (200, b"hello"))
        # Nor may a student shut the guest down from outside: that route is the admin's.
        target, headers = signed(self.endpoint, "POST", "/_ec2sim/instances/%s/shutdown" % instance)
        self.assertEqual(send(self.endpoint, "POST", target, b"", headers)[0], 401)


class OpenServer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Ec2simServer(BINARY).__enter__()
        cls.endpoint = cls.server.endpoint

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def test_get_with_the_action_last(self):
        # Regression: the last GET parameter once ran into bytes of earlier requests.
        for _ in range(50):
            status, reply = send(self.endpoint, "GET", "/?Version=2016-11-15&Action=DescribeRegions")
            self.assertEqual(status, 200, reply)
            self.assertIn(b"<DescribeRegionsResponse", reply)

    def test_a_region_that_does_not_exist_is_refused(self):
        ec2 = boto(self.endpoint, key="123456789012", secret="any", region="ap-northeast-9")
        self.assertEqual(error_code(ec2.describe_availability_zones), "AuthFailure")
        self.assertEqual(boto(self.endpoint, key="123456789012", secret="any").describe_regions()
                         ["ResponseMetadata"]["HTTPStatusCode"], 200)

    def test_loopback_needs_no_admin_token(self):
        self.assertIsNone(self.server.admin_token)
        self.assertEqual(control(self.endpoint, "GET", "/_ec2sim/clock", with_status=True)[0], 200)


if __name__ == "__main__":
    main(__name__)
