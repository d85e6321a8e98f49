"""AWS's public SSM parameters for AMIs through boto3's ssm client, as CDK's
latestAmazonLinux2023() and Terraform's aws_ssm_parameter read them, and `resolve:ssm:` in
RunInstances and launch templates; requests for services ec2sim does not serve get a clean
error naming the service. Usage: /usr/bin/python3 ssm_parameters_test.py PATH_TO_EC2SIM
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import client, error_code, error_of, run_tests, send  # noqa: E402

ENDPOINT = None  # set by run_tests
AL2023 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"


def newest(ec2, pattern):
    images = ec2.describe_images(Owners=["amazon", "099720109477", "136693071363"],  # and Canonical, Debian
                                 Filters=[{"Name": "name", "Values": [pattern]}])["Images"]
    return sorted(images, key=lambda i: i["CreationDate"])[-1]


class PublicParameters(unittest.TestCase):
    def test_each_parameter_names_the_regions_newest_image_of_its_family(self):
        for region in ("ap-northeast-2", "us-east-1"):
            ssm, ec2 = client(ENDPOINT, "ssm", region=region), client(ENDPOINT, region=region)
            cases = {AL2023: "al2023-ami-2023*-x86_64",
                     "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64": "al2023-ami-2023*-arm64",
                     "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id":
                         "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*",
                     "/aws/service/debian/release/12/latest/arm64": "debian-12-arm64-*",
                     "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base": "Windows_Server-2022-English-Full-Base-*"}
            for name, pattern in cases.items():
                parameter = ssm.get_parameter(Name=name)["Parameter"]
                image = newest(ec2, pattern)
                self.assertEqual((parameter["Value"], parameter["Type"], parameter["Version"]), (image["ImageId"], "String", 1), name)
                self.assertEqual(parameter["ARN"], "arn:aws:ssm:%s::parameter%s" % (region, name))

    def test_get_parameters_by_path_and_errors(self):
        ssm = client(ENDPOINT, "ssm")
        both = ssm.get_parameters(Names=[AL2023, "/aws/service/nope"])
        self.assertEqual(([p["Name"] for p in both["Parameters"]], both["InvalidParameters"]), ([AL2023], ["/aws/service/nope"]))
        self.assertEqual(error_of(ssm.get_parameter, Name="/aws/service/nope"),
                         ("ParameterNotFound", "Parameter /aws/service/nope not found."))
        # A path's own parameters, a page of at most 10 at a time; recursive goes deeper.
        names, token = [], None
        while True:
            page = ssm.get_parameters_by_path(Path="/aws/service/ami-amazon-linux-latest", MaxResults=5,
                                              **({"NextToken": token} if token else {}))
            self.assertLessEqual(len(page["Parameters"]), 5)
            names += [p["Name"] for p in page["Parameters"]]
            token = page.get("NextToken")
            if not token:
                break
        self.assertEqual(len(names), 12)
        self.assertIn(AL2023, names)
        self.assertEqual(ssm.get_parameters_by_path(Path="/aws/service/canonical")["Parameters"], [])
        deep = ssm.get_parameters_by_path(Path="/aws/service/canonical", Recursive=True)
        self.assertEqual(len(deep["Parameters"]), 8)
        self.assertEqual(error_code(ssm.put_parameter, Name="/mine", Value="x", Type="String"), "UnknownOperationException")

    def test_resolve_ssm_in_run_instances_and_launch_templates(self):
        ec2 = client(ENDPOINT)
        image = newest(ec2, "al2023-ami-2023*-x86_64")["ImageId"]
        launched = ec2.run_instances(ImageId="resolve:ssm:" + AL2023, InstanceType="t3.micro", MinCount=1, MaxCount=1)
        self.assertEqual(launched["Instances"][0]["ImageId"], image)
        ec2.create_launch_template(LaunchTemplateName="by-alias", LaunchTemplateData={
            "ImageId": "resolve:ssm:" + AL2023, "InstanceType": "t3.micro"})
        templated = ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateName": "by-alias"})
        self.assertEqual(templated["Instances"][0]["ImageId"], image)
        self.assertEqual(error_code(ec2.run_instances, ImageId="resolve:ssm:/aws/service/nope", InstanceType="t3.micro",
                                    MinCount=1, MaxCount=1), "InvalidParameterValue")
        ec2.terminate_instances(InstanceIds=[launched["Instances"][0]["InstanceId"], templated["Instances"][0]["InstanceId"]])

    def test_other_services_are_named_not_misread(self):
        self.assertEqual(error_of(client(ENDPOINT, "iam").list_users)[0], "InvalidAction")
        self.assertIn("'iam' service", error_of(client(ENDPOINT, "iam").list_users)[1])
        code, message = error_of(client(ENDPOINT, "dynamodb").list_tables)
        self.assertEqual(code, "UnknownOperationException")
        self.assertIn("'dynamodb' service", message)
        # A body that is no JSON object, or a member of the wrong type: the client's error, not a fault.
        for body in (b"[1, 2]", b'{"Name": 42}', b"{not json", b'{"Path": "/aws/service", "NextToken": 5}',
                     b'{"Path": "/aws/service", "MaxResults": 1e20}', b'{"Names": [1]}'):
            status, reply = send(ENDPOINT, "POST", "/", body, {"X-Amz-Target": "AmazonSSM.GetParameter",
                                                                "Content-Type": "application/x-amz-json-1.1"})
            self.assertEqual(status, 400, reply)


if __name__ == "__main__":
    sys.exit(run_tests(sys.argv[1], sys.modules[__name__]))
