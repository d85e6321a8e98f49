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


def client(endpoint, service="ec2", region="ap-northeast-2", key="123456789012", validate=True, secret="ec2sim",
           token=None, unsigned=False):
    """A boto3 client for `endpoint` as a student account (`unsigned`: no signature at all)."""
    import boto3
    from botocore import UNSIGNED
    from botocore.config import Config
    return boto3.client(service, endpoint_url=endpoint, region_name=region, aws_access_key_id=key,
                        aws_secret_access_key=secret, aws_session_token=token,
                        config=Config(parameter_validation=validate, retries={"max_attempts": 1},
                                      signature_version=UNSIGNED if unsigned else None))


def error_of(call, *args, **kwargs):
    """The AWS error (code, message) `call` fails with, or None when it succeeds."""
    from botocore.exceptions import ClientError
    try:
        call(*args, **kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    return None


def error_code(call, *args, **kwargs):
    """The AWS error code `call` fails with, or None when it succeeds."""
    error = error_of(call, *args, **kwargs)
    return error and error[0]


def send(endpoint, method, target, body=None, headers=None):
    """One HTTP request to `endpoint` on a connection of its own: (status, body bytes)."""
    import http.client
    import urllib.parse
    url = urllib.parse.urlparse(endpoint)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request(method, target, body=body, headers=headers or {})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, data


def control(endpoint, method, path, body=None, token=None, with_status=False):
    """Calls a /_ec2sim/ control route (with the admin `token`, if given); returns the
    decoded JSON answer, or (HTTP status, answer) when `with_status`."""
    import json
    headers = {"Authorization": "Bearer " + token} if token else {}
    status, data = send(endpoint, method, path, None if body is None else json.dumps(body), headers)
    return (status, json.loads(data)) if with_status else json.loads(data)


def guest_file(endpoint, method, instance_id, device_path, body=None):
    """Calls the files control route (/_ec2sim/instances/{id}/files/{device}/{path});
    returns (HTTP status, body bytes)."""
    import urllib.parse
    return send(endpoint, method, "/_ec2sim/instances/%s/files/%s" % (instance_id, urllib.parse.quote(device_path)), body)


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


def main(module_name):
    """The entry point of a test module that starts its own servers: takes the ec2sim binary
    from argv[1] into the module's BINARY, runs its cases, prints a 'N passed, N failed'
    line and exits with the run's status."""
    import unittest
    module = sys.modules[module_name]
    module.BINARY = sys.argv.pop(1)
    result = unittest.main(module=module, exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print("%d passed, %d failed" % (result.testsRun - failed, failed))
    sys.exit(0 if result.wasSuccessful() else 1)
