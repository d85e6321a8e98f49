"""Bad input never makes a server fault: thousands of requests generated from the EC2 model
for every operation ec2sim implements — members left out or repeated, values of the
wrong kind, ids that do not exist — must each get a 4xx (or succeed), never a 5xx, and
the server must still be healthy afterwards. Seeded, so a failure replays exactly.
Usage: /usr/bin/python3 fuzz_test.py PATH_TO_EC2SIM
"""
import http.client
import json
import os
import random
import socket
import sys
import unittest
import urllib.parse

import botocore

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import client, control, run_tests  # noqa: E402

ENDPOINT = None  # set by run_tests
MODEL = json.load(open(os.path.join(os.path.dirname(botocore.__file__), "data/ec2/2016-11-15/service-2.json")))
SHAPES = MODEL["shapes"]
IMPLEMENTED = os.path.join(os.path.dirname(__file__), "..", "..", "api", "operation_table.cpp")
VALUES = ["", "x", "-1", "0", "22", "65536", "true", "10.0.0.0/16", "1.2.3.4/32", "::/0", "300.1.1.1/8",
          "sg-0123456789abcdef0", "i-0123456789abcdef0", "vpc-0123456789abcdef0", "subnet-0123456789abcdef0",
          "key-0123456789abcdef0", "vol-0123456789abcdef0", "tcp", "icmp", "-1", "default", "gp3", "io1", "/dev/sdf",
          "/dev/xvda", "ap-northeast-2a", "aws:reserved", "ssh-rsa AAAA", "c3NoLWVkMjU1MTkgQUFBQQ==", "\u00e9\u00fc",
          "x" * 300]


def implemented_operations():
    text = open(IMPLEMENTED).read()
    return sorted({line.split('"')[1] for line in text.splitlines() if "&sim::" in line})


def cap(s):
    return s[:1].upper() + s[1:]


def generate(rng, shape, prefix, out, depth=0, values=VALUES):
    s = SHAPES[shape]
    if s["type"] == "structure":
        for name, member in s["members"].items():
            if name == "DryRun" or (rng.random() < 0.5 and name not in s.get("required", [])):
                continue
            wire = member.get("queryName") or cap(member.get("locationName", name))
            generate(rng, member["shape"], prefix + "." + wire if prefix else wire, out, depth + 1, values)
    elif s["type"] == "list":
        if depth < 6:
            for i in range(rng.randint(0, 3)):
                generate(rng, s["member"]["shape"], "%s.%d" % (prefix, i + 1), out, depth + 1, values)
    else:
        choices = s["enum"] if "enum" in s and rng.random() < 0.7 else values
        out.append((prefix, rng.choice(choices)))


class Fuzz(unittest.TestCase):
    def test_no_server_faults(self):
        rng = random.Random(int(os.environ.get("FUZZ_SEED", "20261128")))  # other seeds by hand
        ops = [op for op in implemented_operations() if op in MODEL["operations"]]  # botocore's 2022 model lacks newer ones
        self.assertGreater(len(ops), 40)
        # Real resources too, so that some generated ids and names hit something. The
        # requests are unsigned, so they act in account 000000000000 of the default Region.
        ec2 = client(ENDPOINT, key="000000000000")
        group = ec2.create_security_group(GroupName="fuzz", Description="fuzz")["GroupId"]
        ec2.create_key_pair(KeyName="fuzz")
        image = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "architecture", "Values": ["x86_64"]}])["Images"][0]
        launched = ec2.run_instances(ImageId=image["ImageId"], InstanceType="t3.micro", MinCount=2, MaxCount=2,
                                     BlockDeviceMappings=[{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 8}}])
        values = VALUES + [group, "fuzz", image["ImageId"], "t3.micro"] + [i["InstanceId"] for i in launched["Instances"]]
        values += [m["Ebs"]["VolumeId"] for i in launched["Instances"] for m in i["BlockDeviceMappings"]]
        url = urllib.parse.urlparse(ENDPOINT)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        faults = []
        for n in range(int(os.environ.get("FUZZ_REQUESTS", "4000"))):
            op = ops[n % len(ops)] if n < len(ops) else rng.choice(ops)
            params = [("Action", op), ("Version", "2016-11-15")]
            generate(rng, MODEL["operations"][op]["input"]["shape"], "", params, values=values)
            body = urllib.parse.urlencode(params)
            conn.request("POST", "/", body, {"Content-Type": "application/x-www-form-urlencoded"})
            response = conn.getresponse()
            data = response.read()
            if response.status >= 500:
                faults.append("%d %s %s" % (response.status, body[:200], data[:200]))
        conn.close()
        self.assertEqual(faults[:5], [])
        self.assertEqual(control(ENDPOINT, "GET", "/_ec2sim/health")["status"], "ok")

    def test_bytes_that_are_not_text(self):
        # Found by fuzz_http: a control route's path that is not UTF-8 once ended the server
        # (the JSON error naming the path threw). Parameters that are not UTF-8 are refused.
        url = urllib.parse.urlparse(ENDPOINT)
        with socket.create_connection((url.hostname, url.port), timeout=10) as raw:
            raw.sendall(b"GET /_ec2sim/healt\xb2h HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := raw.recv(65536):
                answer += chunk
        self.assertTrue(answer.startswith(b"HTTP/1.1 404"), answer[:100])
        self.assertIn(b"\xef\xbf\xbd", answer)  # U+FFFD stands for the byte
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        conn.request("POST", "/", "Action=CreateKeyPair&Version=2016-11-15&KeyName=%B2",
                     {"Content-Type": "application/x-www-form-urlencoded"})
        response = conn.getresponse()
        self.assertEqual(response.status, 400)
        self.assertIn(b"<Code>MalformedQueryString</Code>", response.read())
        conn.close()
        self.assertEqual(control(ENDPOINT, "GET", "/_ec2sim/health")["status"], "ok")


if __name__ == "__main__":
    sys.exit(run_tests(sys.argv[1], sys.modules[__name__]))
