"""Starts a real ec2sim for a client test and stops it afterwards.

The server is started on port 0 with in-memory state and instant timing (every
transition is due at once; the clock control route moves simulated time); the port is
read from its "ready" line, so parallel test runs never race for a port.
"""
import os
import re
import subprocess
import sys


class Ec2simServer:
    def __init__(self, binary, *extra_args, timing="instant", db=None):
        self.binary = binary
        self.args = list(extra_args)
        self.timing = timing
        self.state = ["--db", db] if db else ["--memory"]  # a file keeps state across restarts
        self.proc = None
        self.endpoint = None
        self.admin_token = None  # printed in the ready line when the server makes one up

    def __enter__(self):
        self.proc = subprocess.Popen(
            [self.binary, "serve", *self.state, "--port", "0", "--quiet", "--timing", self.timing, *self.args],
            stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
        line = self.proc.stdout.readline()
        match = re.search(r"ready on (http://\S+)", line)
        if not match:
            self.proc.kill()
            raise RuntimeError("ec2sim did not report ready: %r" % line)
        self.endpoint = match.group(1)
        token = re.search(r"admin token (\w+)", line)
        self.admin_token = token.group(1) if token else None
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            code = self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise RuntimeError("ec2sim did not stop on SIGTERM")
        finally:
            self.proc.stdout.close()
        if code != 0:
            raise RuntimeError("ec2sim exited with %d" % code)


def client_env():
    """Credentials for a student account (a 12-digit key is the account id)."""
    env = dict(os.environ)
    env.update(AWS_ACCESS_KEY_ID="123456789012", AWS_SECRET_ACCESS_KEY="ec2sim",
               AWS_DEFAULT_REGION="ap-northeast-2", AWS_PAGER="", AWS_EC2_METADATA_DISABLED="true")
    env.pop("AWS_PROFILE", None)
    return env


def client(endpoint, service="ec2", region="ap-northeast-2", key="123456789012", validate=True):
    """A boto3 client for `endpoint` as a student account."""
    import boto3
    from botocore.config import Config
    return boto3.client(service, endpoint_url=endpoint, region_name=region, aws_access_key_id=key,
                        aws_secret_access_key="ec2sim",
                        config=Config(parameter_validation=validate, retries={"max_attempts": 1}))


def error_code(call, *args, **kwargs):
    """The AWS error code `call` fails with, or None when it succeeds."""
    from botocore.exceptions import ClientError
    try:
        call(*args, **kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def control(endpoint, method, path, body=None, token=None, with_status=False):
    """Calls a /_ec2sim/ control route (with the admin `token`, if given); returns the
    decoded JSON answer, or (HTTP status, answer) when `with_status`."""
    import http.client
    import json
    import urllib.parse
    url = urllib.parse.urlparse(endpoint)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    headers = {"Authorization": "Bearer " + token} if token else {}
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    resp = conn.getresponse()
    data = json.loads(resp.read())
    conn.close()
    return (resp.status, data) if with_status else data


def guest_file(endpoint, method, instance_id, device_path, body=None):
    """Calls the files control route (/_ec2sim/instances/{id}/files/{device}/{path});
    returns (HTTP status, body bytes)."""
    import http.client
    import urllib.parse
    url = urllib.parse.urlparse(endpoint)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request(method, "/_ec2sim/instances/%s/files/%s" % (instance_id, urllib.parse.quote(device_path)), body=body)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, data


def run_tests(binary, module, *server_args):
    """Starts ec2sim (with `server_args`), sets `module.ENDPOINT`, runs the module's
    unittest cases, prints a 'N passed, N failed' line and returns the process exit status."""
    import unittest
    with Ec2simServer(binary, *server_args) as server:
        module.ENDPOINT = server.endpoint
        suite = unittest.defaultTestLoader.loadTestsFromModule(module)
        result = unittest.TextTestRunner(verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    return 0 if result.wasSuccessful() else 1
