"""Launch templates through boto3, as Terraform's aws_launch_template and aws_instance use
them: create, versions ($Latest, $Default, numbers), the default version, RunInstances from
a template (by id or name, a version, parameters merged as AWS merges them, the
aws:ec2launchtemplate:* tags), GetLaunchTemplateData, and deletes.
Usage: /usr/bin/python3 launch_templates_test.py PATH_TO_EC2SIM
"""
import base64
import os
import sys
import unittest
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import client as shared_client, error_code, error_of, run_tests  # noqa: E402

ENDPOINT = None  # set by run_tests


def fresh():
    return shared_client(ENDPOINT, key="%012d" % (uuid.uuid4().int % 10**12))


def newest(ec2, pattern):
    images = ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": [pattern]}])["Images"]
    return sorted(images, key=lambda i: i["CreationDate"])[-1]["ImageId"]


class LaunchTemplates(unittest.TestCase):
    def test_versions_default_and_errors(self):
        ec2 = fresh()
        ami = newest(ec2, "al2023-ami-2023*-x86_64")
        made = ec2.create_launch_template(
            LaunchTemplateName="web", VersionDescription="first",
            LaunchTemplateData={"ImageId": ami, "InstanceType": "t3.micro"},
            TagSpecifications=[{"ResourceType": "launch-template", "Tags": [{"Key": "team", "Value": "web"}]}])["LaunchTemplate"]
        lt = made["LaunchTemplateId"]
        self.assertTrue(lt.startswith("lt-") and len(lt) == 20)
        self.assertEqual((made["DefaultVersionNumber"], made["LatestVersionNumber"], made["Tags"]),
                         (1, 1, [{"Key": "team", "Value": "web"}]))
        self.assertTrue(made["CreatedBy"].startswith("arn:aws:iam::") and made["CreatedBy"].endswith(":root"))
        self.assertEqual(error_of(ec2.create_launch_template, LaunchTemplateName="web",
                                  LaunchTemplateData={"ImageId": ami}),
                         ("InvalidLaunchTemplateName.AlreadyExistsException", "Launch template name already in use."))
        self.assertEqual(error_code(ec2.create_launch_template, LaunchTemplateName="no spaces",
                                    LaunchTemplateData={"ImageId": ami}), "InvalidLaunchTemplateName.MalformedException")
        # Version 2 from version 1: the source's data, the request's members over it.
        v2 = ec2.create_launch_template_version(LaunchTemplateName="web", SourceVersion="1",
                                                LaunchTemplateData={"InstanceType": "t3.small"})["LaunchTemplateVersion"]
        self.assertEqual((v2["VersionNumber"], v2["DefaultVersion"], v2["LaunchTemplateData"]),
                         (2, False, {"ImageId": ami, "InstanceType": "t3.small"}))
        v3 = ec2.create_launch_template_version(LaunchTemplateId=lt, LaunchTemplateData={"InstanceType": "t3.nano"})
        self.assertEqual(v3["LaunchTemplateVersion"]["LaunchTemplateData"], {"InstanceType": "t3.nano"})  # no source: only its own
        described = ec2.describe_launch_template_versions(LaunchTemplateId=lt, Versions=["$Latest", "$Default"])
        self.assertEqual(sorted(v["VersionNumber"] for v in described["LaunchTemplateVersions"]), [1, 3])
        ranged = ec2.describe_launch_template_versions(LaunchTemplateId=lt, MinVersion="2", MaxVersion="3")
        self.assertEqual([v["VersionNumber"] for v in ranged["LaunchTemplateVersions"]], [2, 3])
        self.assertEqual(error_of(ec2.describe_launch_template_versions, LaunchTemplateId=lt, Versions=["9"]),
                         ("InvalidLaunchTemplateId.VersionNotFound",
                          "Could not find the specified version 9 for the launch template with ID %s." % lt))
        self.assertEqual(error_code(ec2.describe_launch_template_versions, Versions=["1"]), "InvalidParameterValue")
        every = ec2.describe_launch_template_versions(Versions=["$Latest"])["LaunchTemplateVersions"]
        self.assertEqual([(v["LaunchTemplateId"], v["VersionNumber"]) for v in every], [(lt, 3)])
        found = ec2.describe_launch_template_versions(LaunchTemplateId=lt, Filters=[
            {"Name": "instance-type", "Values": ["t3.small"]}])["LaunchTemplateVersions"]
        self.assertEqual([v["VersionNumber"] for v in found], [2])
        # The default version moves, as Terraform's update_default_version does.
        modified = ec2.modify_launch_template(LaunchTemplateId=lt, DefaultVersion="2")["LaunchTemplate"]
        self.assertEqual(modified["DefaultVersionNumber"], 2)
        self.assertEqual(error_code(ec2.modify_launch_template, LaunchTemplateId=lt, DefaultVersion="7"),
                         "InvalidLaunchTemplateId.VersionNotFound")
        listed = ec2.describe_launch_templates(LaunchTemplateNames=["web"])["LaunchTemplates"]
        self.assertEqual([(t["LaunchTemplateId"], t["DefaultVersionNumber"], t["LatestVersionNumber"]) for t in listed],
                         [(lt, 2, 3)])
        self.assertEqual(ec2.describe_launch_templates(Filters=[{"Name": "tag:team", "Values": ["web"]}])
                         ["LaunchTemplates"][0]["LaunchTemplateId"], lt)
        self.assertEqual(error_of(ec2.describe_launch_templates, LaunchTemplateNames=["nope"]),
                         ("InvalidLaunchTemplateName.NotFoundException",
                          "At least one of the launch templates specified in the request does not exist."))
        self.assertEqual(error_code(ec2.describe_launch_templates, LaunchTemplateIds=["lt-00000000000000001"]),
                         "InvalidLaunchTemplateId.NotFound")
        deleted = ec2.delete_launch_template_versions(LaunchTemplateId=lt, Versions=["1", "2", "8"])
        self.assertEqual([v["VersionNumber"] for v in deleted["SuccessfullyDeletedLaunchTemplateVersions"]], [1])
        self.assertEqual([v["ResponseError"]["Code"] for v in deleted["UnsuccessfullyDeletedLaunchTemplateVersions"]],
                         ["unexpectedError", "launchTemplateVersionDoesNotExist"])  # the default stays
        self.assertEqual(ec2.delete_launch_template(LaunchTemplateName="web")["LaunchTemplate"]["LaunchTemplateId"], lt)
        self.assertEqual(error_code(ec2.delete_launch_template, LaunchTemplateId=lt), "InvalidLaunchTemplateId.NotFound")

    def test_run_instances_from_a_template_merges_as_aws_does(self):
        ec2 = fresh()
        ami = newest(ec2, "al2023-ami-2023*-x86_64")
        group = ec2.create_security_group(GroupName="web", Description="web")["GroupId"]
        ec2.create_key_pair(KeyName="lt-key")
        user_data = base64.b64encode(b"#!/bin/bash\necho hi\n").decode()
        lt = ec2.create_launch_template(LaunchTemplateName="app", LaunchTemplateData={
            "ImageId": ami, "InstanceType": "t3.micro", "KeyName": "lt-key", "SecurityGroupIds": [group],
            "UserData": user_data, "MetadataOptions": {"HttpTokens": "required"},
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 12, "VolumeType": "gp3"}},
                                    {"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 5}}],
            "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "app"},
                                                                       {"Key": "env", "Value": "test"}]}]})["LaunchTemplate"]
        ec2.create_launch_template_version(LaunchTemplateName="app", SourceVersion="1",
                                           LaunchTemplateData={"InstanceType": "t3.small"})
        # By name at $Latest; the request's type wins, its Name tag replaces the template's, its env stays.
        instance = ec2.run_instances(MinCount=1, MaxCount=1, InstanceType="t3.nano",
                                     LaunchTemplate={"LaunchTemplateName": "app", "Version": "$Latest"},
                                     BlockDeviceMappings=[{"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 7}}],
                                     TagSpecifications=[{"ResourceType": "instance",
                                                         "Tags": [{"Key": "Name", "Value": "mine"}]}])["Instances"][0]
        self.assertEqual((instance["ImageId"], instance["InstanceType"], instance["KeyName"]), (ami, "t3.nano", "lt-key"))
        self.assertEqual([g["GroupId"] for g in instance["SecurityGroups"]], [group])
        self.assertEqual(instance["MetadataOptions"]["HttpTokens"], "required")
        tags = {t["Key"]: t["Value"] for t in instance["Tags"]}
        self.assertEqual(tags, {"Name": "mine", "env": "test", "aws:ec2launchtemplate:id": lt["LaunchTemplateId"],
                                "aws:ec2launchtemplate:version": "2"})
        volumes = {v["Attachments"][0]["Device"]: v["Size"] for v in ec2.describe_volumes(Filters=[
            {"Name": "attachment.instance-id", "Values": [instance["InstanceId"]]}])["Volumes"]}
        self.assertEqual(volumes, {"/dev/xvda": 12, "/dev/sdf": 7})
        attribute = ec2.describe_instance_attribute(InstanceId=instance["InstanceId"], Attribute="userData")
        self.assertEqual(attribute["UserData"]["Value"], user_data)
        # By id, the default version (1): the template's type.
        by_id = ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateId": lt["LaunchTemplateId"]})
        self.assertEqual(by_id["Instances"][0]["InstanceType"], "t3.micro")
        self.assertEqual(error_code(ec2.create_tags, Resources=[instance["InstanceId"]],
                                    Tags=[{"Key": "aws:ec2launchtemplate:id", "Value": "x"}]), "InvalidParameterValue")
        # GetLaunchTemplateData gives back what a new template needs to launch the same.
        data = ec2.get_launch_template_data(InstanceId=instance["InstanceId"])["LaunchTemplateData"]
        self.assertEqual((data["ImageId"], data["InstanceType"], data["KeyName"]), (ami, "t3.nano", "lt-key"))
        self.assertEqual(data["NetworkInterfaces"][0]["Groups"], [group])
        self.assertEqual(sorted(m["DeviceName"] for m in data["BlockDeviceMappings"]), ["/dev/sdf", "/dev/xvda"])
        self.assertEqual(data["TagSpecifications"][0]["Tags"], [{"Key": "Name", "Value": "mine"}, {"Key": "env", "Value": "test"}])
        self.assertEqual(data["MetadataOptions"]["HttpTokens"], "required")
        data.pop("NetworkInterfaces")
        data["MetadataOptions"].pop("State")  # the response's shape has it, the request's does not (as on AWS)
        copy = ec2.create_launch_template(LaunchTemplateName="copy", LaunchTemplateData=data)["LaunchTemplate"]
        again = ec2.run_instances(MinCount=1, MaxCount=1, LaunchTemplate={"LaunchTemplateId": copy["LaunchTemplateId"]})
        self.assertEqual(again["Instances"][0]["InstanceType"], "t3.nano")
        # Errors RunInstances gives for a template that is not there.
        self.assertEqual(error_code(ec2.run_instances, MinCount=1, MaxCount=1,
                                    LaunchTemplate={"LaunchTemplateName": "nope"}), "InvalidLaunchTemplateName.NotFoundException")
        self.assertEqual(error_code(ec2.run_instances, MinCount=1, MaxCount=1,
                                    LaunchTemplate={"LaunchTemplateId": "lt-00000000000000001"}), "InvalidLaunchTemplateId.NotFound")
        self.assertEqual(error_code(ec2.run_instances, MinCount=1, MaxCount=1,
                                    LaunchTemplate={"LaunchTemplateName": "app", "Version": "5"}),
                         "InvalidLaunchTemplateId.VersionNotFound")
        # Groups beside a template's interfaces: refused, as on AWS.
        subnet = instance["SubnetId"]
        ec2.create_launch_template(LaunchTemplateName="eni", LaunchTemplateData={
            "ImageId": ami, "InstanceType": "t3.micro",
            "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": subnet, "Groups": [group]}]})
        self.assertEqual(error_code(ec2.run_instances, MinCount=1, MaxCount=1, SecurityGroupIds=[group],
                                    LaunchTemplate={"LaunchTemplateName": "eni"}), "InvalidParameterCombination")
        ids = [i["InstanceId"] for i in (instance, by_id["Instances"][0], again["Instances"][0])]
        ec2.terminate_instances(InstanceIds=ids)


if __name__ == "__main__":
    sys.exit(run_tests(sys.argv[1], sys.modules[__name__]))
