"""Makes the fuzz targets' seed corpora (tests/fuzz/corpus/*) from real clients: aws-cli,
boto3, the Ruby SDK v1, curl (GET, chunked POST) and a SigV2 request, each sent through a
recording proxy in front of a real ec2sim. Run by hand when the clients change; the
corpus is checked in so that CI needs none of this.
Usage: /usr/bin/python3 make_seeds.py PATH_TO_EC2SIM
"""
import base64
import datetime
import hashlib
import hmac
import os
import socket
import subprocess
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "clients"))
from ec2sim_server import Ec2simServer, client_env  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDED = []


def read_message(sock, buffer):
    """One HTTP message (headers and a Content-Length or chunked body) from `sock`."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            return None, b""
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    headers = head.lower()
    if b"transfer-encoding: chunked" in headers:
        while not rest.endswith(b"0\r\n\r\n"):
            rest += sock.recv(65536)
        return head + b"\r\n\r\n" + rest, b""
    length = 0
    for line in headers.split(b"\r\n"):
        if line.startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    while len(rest) < length:
        rest += sock.recv(65536)
    return head + b"\r\n\r\n" + rest[:length], rest[length:]


def proxy(listener, upstream_port):
    while True:
        client, _ = listener.accept()
        threading.Thread(target=relay, args=(client, upstream_port), daemon=True).start()


def relay(client, upstream_port):
    upstream = socket.create_connection(("127.0.0.1", upstream_port))
    pending_in, pending_out = b"", b""
    while True:
        request, pending_in = read_message(client, pending_in)
        if request is None:
            break
        RECORDED.append(request)
        upstream.sendall(request)
        response, pending_out = read_message(upstream, pending_out)
        if response is None:
            break
        client.sendall(response)
    client.close()
    upstream.close()


def sigv2_request(port):
    params = {"Action": "DescribeImages", "Version": "2014-10-01", "Owner.1": "amazon", "AWSAccessKeyId": "123456789012",
              "SignatureVersion": "2", "SignatureMethod": "HmacSHA256",
              "Timestamp": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")}
    query = "&".join("%s=%s" % (urllib.parse.quote(k, safe="-_.~"), urllib.parse.quote(v, safe="-_.~"))
                     for k, v in sorted(params.items()))
    to_sign = "POST\n127.0.0.1:%d\n/\n%s" % (port, query)
    signature = base64.b64encode(hmac.new(b"secret", to_sign.encode(), hashlib.sha256).digest()).decode()
    body = query + "&Signature=" + urllib.parse.quote(signature, safe="")
    subprocess.run(["curl", "-s", "-o", "/dev/null", "-d", body, "http://127.0.0.1:%d/" % port], check=True)


def main(binary):
    with Ec2simServer(binary) as server:
        upstream_port = int(server.endpoint.rsplit(":", 1)[1])
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        port = listener.getsockname()[1]
        threading.Thread(target=proxy, args=(listener, upstream_port), daemon=True).start()
        endpoint = "http://127.0.0.1:%d" % port
        env = client_env()
        aws = ["/usr/bin/aws", "--endpoint-url", endpoint, "ec2"]
        for args in (["describe-regions"], ["describe-availability-zones", "--zone-names", "ap-northeast-2a"],
                     ["describe-instance-types", "--filters", "Name=free-tier-eligible,Values=true"],
                     ["create-key-pair", "--key-name", "aws-course"],
                     ["create-security-group", "--group-name", "ssh", "--description", "SSH from my PC"],
                     ["describe-images", "--owners", "amazon", "--filters", "Name=name,Values=al2023-ami-2023*-x86_64"]):
            subprocess.run(aws + args, env=env, capture_output=True)
        ami = subprocess.run(aws + ["describe-images", "--owners", "amazon", "--query", "Images[0].ImageId", "--output",
                                    "text"], env=env, capture_output=True, text=True).stdout.strip()
        subprocess.run(aws + ["run-instances", "--image-id", ami, "--instance-type", "t2.micro", "--key-name",
                              "aws-course", "--tag-specifications",
                              "ResourceType=instance,Tags=[{Key=Name,Value=My-First-EC2}]",
                              "--block-device-mappings", "DeviceName=/dev/sdf,Ebs={VolumeSize=8,VolumeType=gp3}"],
                       env=env, capture_output=True)
        subprocess.run(aws + ["describe-instances", "--filters", "Name=tag:Name,Values=My-*",
                              "Name=instance-state-name,Values=pending,running"], env=env, capture_output=True)
        subprocess.run(["/usr/bin/aws", "--endpoint-url", endpoint, "sts", "get-caller-identity"], env=env,
                       capture_output=True)
        subprocess.run(["/usr/bin/python3", "-c", """
import boto3, sys
ec2 = boto3.client("ec2", endpoint_url=sys.argv[1], region_name="eu-west-1", aws_access_key_id="111122223333",
                   aws_secret_access_key="x", aws_session_token="token")
ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])
ec2.describe_security_groups(MaxResults=5)
import urllib.request
urllib.request.urlopen(ec2.generate_presigned_url("describe_regions", ExpiresIn=60, HttpMethod="GET")).read()
""", endpoint], env=env, capture_output=True)
        subprocess.run(["ruby", "-e", """
require 'aws-sdk'; require 'uri'; u = URI(ARGV[0])
AWS.config(access_key_id: '123456789012', secret_access_key: 'x', region: 'ap-northeast-2')
c = AWS::EC2.new(ec2_endpoint: u.host, ec2_port: u.port, use_ssl: false).client
c.describe_images(owners: ['amazon'], filters: [{ name: 'name', values: ['al2023-ami-2023*'] }])
""", endpoint], capture_output=True)
        subprocess.run(["curl", "-s", "-o", "/dev/null", endpoint + "/?Version=2016-11-15&Action=DescribeRegions"])
        subprocess.run(["curl", "-s", "-o", "/dev/null", "-H", "Transfer-Encoding: chunked", "-d",
                        "Action=DescribeKeyPairs&Version=2016-11-15&KeyName.1=aws-course", endpoint + "/"])
        subprocess.run(["curl", "-s", "-o", "/dev/null", endpoint + "/_ec2sim/health"])
        sigv2_request(port)
    write_corpora()


def write(target, name, data):
    directory = os.path.join(HERE, "corpus", target)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def write_corpora():
    for i, raw in enumerate(RECORDED):
        name = "%02d-%s" % (i, hashlib.sha1(raw).hexdigest()[:10])
        write("http", name, raw)
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        method, target = lines[0].split(b" ")[:2]
        # The signatures target's text form: "METHOD TARGET", header lines, a blank line, the body.
        write("signatures", name, method + b" " + target + b"\n" + b"\n".join(lines[1:]) + b"\n\n" + body)
        query = target.partition(b"?")[2]
        for text in (body, query):
            if text and b"=" in text:
                write("query", name + ("-body" if text is body else "-query"), text)
                write("decoder", name + ("-body" if text is body else "-query"), text)
    for i, (pattern, text) in enumerate([(b"al2023-ami-2023*-x86_64", b"al2023-ami-2023.6.20241121.0-kernel-6.1-x86_64"),
                                         (b"t?.micro", b"t2.micro"), (b"My-\\*", b"My-*"), (b"*", b""),
                                         (b"ap-northeast-2?", b"ap-northeast-2a"), (b"\\\\?*", b"\\x")]):
        write("filters", "%02d" % i, pattern + b"\0" + text)
    strict_seeds()
    print("recorded %d requests" % len(RECORDED))


def strict_seeds():
    """Requests validly signed for fuzz_signatures' strict keys at its fixed time
    (2026-12-01T12:00Z), so that the fuzzer starts from the paths that accept."""
    from unittest import mock
    from botocore.auth import SigV4Auth, SigV4QueryAuth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    class Then(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return datetime.datetime(2026, 12, 1, 12, 0, 0)

    def text(request, body=""):
        target = request.url[len("http://127.0.0.1:4566"):]
        headers = "".join("%s: %s\n" % kv for kv in request.headers.items())
        return ("%s %s\nHost: 127.0.0.1:4566\n%s\n%s" % (request.method, target, headers, body)).encode()

    with mock.patch("botocore.auth.datetime.datetime", Then):
        student = Credentials("AKIAEC2SIMEXAMPLE01", "s3cr3t/EXAMPLE+key")
        body = "Action=DescribeRegions&Version=2016-11-15"
        header = AWSRequest(method="POST", url="http://127.0.0.1:4566/", data=body,
                            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        SigV4Auth(student, "ec2", "eu-west-1").add_auth(header)
        write("signatures", "strict-header", text(header, body))
        presigned = AWSRequest(method="GET", url="http://127.0.0.1:4566/?Action=DescribeRegions&Version=2016-11-15")
        SigV4QueryAuth(student, "ec2", "eu-west-1", expires=300).add_auth(presigned)
        write("signatures", "strict-presigned", text(presigned))
        body = "Action=GetCallerIdentity&Version=2011-06-15"
        sts = AWSRequest(method="POST", url="http://127.0.0.1:4566/", data=body)
        SigV4Auth(Credentials("ASIATEMPORARY", "x", "tok"), "sts", "us-east-1").add_auth(sts)
        write("signatures", "strict-sts-token", text(sts, body))


if __name__ == "__main__":
    main(sys.argv[1])
