"""Starts a real ec2sim for a client test and stops it afterwards.

The server is started on port 0 with in-memory state; the port is read from its
"ready" line, so parallel test runs never race for a port.
"""
import os
import re
import subprocess
import sys


class Ec2simServer:
    def __init__(self, binary, *extra_args):
        self.binary = binary
        self.args = list(extra_args)
        self.proc = None
        self.endpoint = None

    def __enter__(self):
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--memory", "--port", "0", "--quiet", *self.args],
            stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
        line = self.proc.stdout.readline()
        match = re.search(r"ready on (http://\S+)", line)
        if not match:
            self.proc.kill()
            raise RuntimeError("ec2sim did not report ready: %r" % line)
        self.endpoint = match.group(1)
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
