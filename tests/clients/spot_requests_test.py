"""Spot Instance requests through boto3, as Terraform's aws_spot_instance_request, Packer's
spot builders and SDK code drive them: RequestSpotInstances (one-time and persistent),
DescribeSpotInstanceRequests with its states, status codes and filters, the instance each
launches, stop/start/terminate moving the request on, CancelSpotInstanceRequests, and
RunInstances with InstanceMarketOptions making a request of its own.
Usage: /usr/bin/python3 spot_requests_test.py PATH_TO_EC2SIM
"""
import datetime
import os
import sys
import unittest
import uuid

sys.path.insert(0, os.path.dirname(__file__))
from ec2sim_server import client as shared_client, control, error_code, error_of, run_tests  # noqa: E402

ENDPOINT = None  # set by run_tests
FAST = {"Delay": 1, "MaxAttempts": 30}


def fresh():
    return shared_client(ENDPOINT, key="%012d" % (uuid.uuid4().int % 10**12))


def image(ec2):
    return sorted(ec2.describe_images(Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])
                  ["Images"], key=lambda i: i["CreationDate"])[-1]["ImageId"]


def spot_request(ec2, rid):
    return ec2.describe_spot_instance_requests(SpotInstanceRequestIds=[rid])["SpotInstanceRequests"][0]


def instance(ec2, iid):
    return ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]


class SpotRequests(unittest.TestCase):
    def test_one_time_requests_fulfil_close_and_cancel(self):
        ec2 = fresh()
        ami = image(ec2)
        made = ec2.request_spot_instances(
            InstanceCount=2, LaunchSpecification={"ImageId": ami, "InstanceType": "t3.micro",
                                                  "Placement": {"AvailabilityZone": "ap-northeast-2a"}},
            TagSpecifications=[{"ResourceType": "spot-instances-request", "Tags": [{"Key": "Name", "Value": "batch"}]}],
        )["SpotInstanceRequests"]
        self.assertEqual(len(made), 2)  # one request per instance, as on AWS
        first = made[0]
        self.assertRegex(first["SpotInstanceRequestId"], r"^sir-[0-9a-f]{8}$")
        self.assertEqual((first["State"], first["Status"]["Code"], first["Type"], first["ProductDescription"],
                          first["InstanceInterruptionBehavior"]),
                         ("open", "pending-evaluation", "one-time", "Linux/UNIX", "terminate"))
        self.assertEqual(first["Status"]["Message"], "Your Spot request has been submitted for review, and is pending evaluation.")
        self.assertEqual(first["Tags"], [{"Key": "Name", "Value": "batch"}])
        self.assertEqual(first["LaunchSpecification"]["SecurityGroups"][0]["GroupName"], "default")
        self.assertEqual(first["LaunchSpecification"]["Placement"]["AvailabilityZone"], "ap-northeast-2a")
        valid_for = first["ValidUntil"] - first["CreateTime"]
        self.assertEqual(round(valid_for.total_seconds() / 86400), 7)  # AWS's default: a week
        # The price a request names by default (the on-demand price) is above the Spot price.
        market = ec2.describe_spot_price_history(InstanceTypes=["t3.micro"], ProductDescriptions=["Linux/UNIX"],
                                                 AvailabilityZone="ap-northeast-2a")["SpotPriceHistory"][0]["SpotPrice"]
        self.assertGreater(float(first["SpotPrice"]), float(market))

        ids = [r["SpotInstanceRequestId"] for r in made]
        ec2.get_waiter("spot_instance_request_fulfilled").wait(SpotInstanceRequestIds=ids, WaiterConfig=FAST)
        fulfilled = ec2.describe_spot_instance_requests(SpotInstanceRequestIds=ids)["SpotInstanceRequests"]
        self.assertEqual({(r["State"], r["Status"]["Code"], r["LaunchedAvailabilityZone"]) for r in fulfilled},
                         {("active", "fulfilled", "ap-northeast-2a")})
        self.assertEqual(fulfilled[0]["Status"]["Message"], "Your spot request is fulfilled.")
        iid = {r["SpotInstanceRequestId"]: r["InstanceId"] for r in fulfilled}[ids[0]]
        launched = instance(ec2, iid)
        self.assertEqual((launched["InstanceLifecycle"], launched["SpotInstanceRequestId"], launched["ImageId"],
                          launched["Placement"]["AvailabilityZone"]), ("spot", ids[0], ami, "ap-northeast-2a"))
        self.assertEqual([i["InstanceId"] for r in ec2.describe_instances(
            Filters=[{"Name": "spot-instance-request-id", "Values": [ids[0]]}])["Reservations"] for i in r["Instances"]], [iid])

        # Filters as AWS names them.
        def matching(name, *values):
            return sorted(r["SpotInstanceRequestId"] for r in ec2.describe_spot_instance_requests(
                Filters=[{"Name": name, "Values": list(values)}])["SpotInstanceRequests"])
        self.assertEqual(matching("state", "active"), sorted(ids))
        self.assertEqual(matching("instance-id", iid), [ids[0]])
        self.assertEqual(matching("tag:Name", "batch"), sorted(ids))
        self.assertEqual(matching("launch.instance-type", "t3.micro"), sorted(ids))
        self.assertEqual(matching("status-code", "fulfilled"), sorted(ids))
        self.assertEqual(matching("launched-availability-zone", "ap-northeast-2b"), [])
        self.assertEqual(error_code(ec2.describe_spot_instance_requests, Filters=[{"Name": "colour", "Values": ["x"]}]),
                         "InvalidParameterValue")

        # A one-time request's instance cannot stop; terminating it closes the request.
        code, message = error_of(ec2.stop_instances, InstanceIds=[iid])
        self.assertEqual(code, "UnsupportedOperation")
        self.assertIn("one-time Spot Instance request", message)
        ec2.terminate_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[iid], WaiterConfig=FAST)
        closed = spot_request(ec2, ids[0])
        self.assertEqual((closed["State"], closed["Status"]["Code"]), ("closed", "instance-terminated-by-user"))

        # Cancelling an active request leaves its instance running.
        other = spot_request(ec2, ids[1])["InstanceId"]
        self.assertEqual(ec2.cancel_spot_instance_requests(SpotInstanceRequestIds=[ids[1]])["CancelledSpotInstanceRequests"],
                         [{"SpotInstanceRequestId": ids[1], "State": "cancelled"}])
        cancelled = spot_request(ec2, ids[1])
        self.assertEqual((cancelled["State"], cancelled["Status"]["Code"]), ("cancelled", "request-canceled-and-instance-running"))
        self.assertEqual(instance(ec2, other)["State"]["Name"], "running")
        # A closed request, cancelled, stays closed.
        self.assertEqual(ec2.cancel_spot_instance_requests(SpotInstanceRequestIds=[ids[0]])["CancelledSpotInstanceRequests"][0]["State"],
                         "closed")

    def test_price_too_low_waits_and_cancels_before_fulfilment(self):
        ec2 = fresh()
        rid = ec2.request_spot_instances(SpotPrice="0.002", LaunchSpecification={"ImageId": image(ec2), "InstanceType": "m5.large"}
                                         )["SpotInstanceRequests"][0]["SpotInstanceRequestId"]
        waiting = spot_request(ec2, rid)
        self.assertEqual((waiting["State"], waiting["Status"]["Code"], waiting["SpotPrice"]), ("open", "price-too-low", "0.002"))
        self.assertIn("Your Spot request price of 0.002 is lower than the minimum required Spot request fulfillment price of",
                      waiting["Status"]["Message"])
        self.assertNotIn("InstanceId", waiting)
        ec2.cancel_spot_instance_requests(SpotInstanceRequestIds=[rid])
        gone = spot_request(ec2, rid)
        self.assertEqual((gone["State"], gone["Status"]["Code"]), ("cancelled", "canceled-before-fulfillment"))

    def test_persistent_request_follows_its_instance(self):
        ec2 = fresh()
        rid = ec2.request_spot_instances(Type="persistent", InstanceInterruptionBehavior="stop",
                                         LaunchSpecification={"ImageId": image(ec2), "InstanceType": "t3.micro"}
                                         )["SpotInstanceRequests"][0]["SpotInstanceRequestId"]
        ec2.get_waiter("spot_instance_request_fulfilled").wait(SpotInstanceRequestIds=[rid], WaiterConfig=FAST)
        iid = spot_request(ec2, rid)["InstanceId"]
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=FAST)
        ec2.stop_instances(InstanceIds=[iid])  # a persistent request's instance may stop
        ec2.get_waiter("instance_stopped").wait(InstanceIds=[iid], WaiterConfig=FAST)
        disabled = spot_request(ec2, rid)
        self.assertEqual((disabled["State"], disabled["Status"]["Code"]), ("disabled", "instance-stopped-by-user"))
        ec2.start_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_running").wait(InstanceIds=[iid], WaiterConfig=FAST)
        self.assertEqual(spot_request(ec2, rid)["State"], "active")
        # Terminated, the instance is replaced: the request opens again and launches anew.
        ec2.terminate_instances(InstanceIds=[iid])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[iid], WaiterConfig=FAST)
        ec2.get_waiter("spot_instance_request_fulfilled").wait(SpotInstanceRequestIds=[rid], WaiterConfig=FAST)
        again = spot_request(ec2, rid)
        self.assertEqual(again["State"], "active")
        self.assertNotEqual(again["InstanceId"], iid)
        self.assertEqual(instance(ec2, again["InstanceId"])["SpotInstanceRequestId"], rid)
        # Cancelling a disabled request terminates its stopped instance, as on AWS.
        replacement = again["InstanceId"]
        ec2.get_waiter("instance_running").wait(InstanceIds=[replacement], WaiterConfig=FAST)
        ec2.stop_instances(InstanceIds=[replacement])
        ec2.get_waiter("instance_stopped").wait(InstanceIds=[replacement], WaiterConfig=FAST)
        ec2.cancel_spot_instance_requests(SpotInstanceRequestIds=[rid])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[replacement], WaiterConfig=FAST)
        self.assertEqual(spot_request(ec2, rid)["State"], "cancelled")
        self.assertEqual(error_code(ec2.start_instances, InstanceIds=[replacement]), "IncorrectInstanceState")

    def test_run_instances_with_market_options_has_a_request(self):
        ec2 = fresh()
        ami = image(ec2)
        launched = ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                     InstanceMarketOptions={"MarketType": "spot"},
                                     TagSpecifications=[{"ResourceType": "spot-instances-request",
                                                         "Tags": [{"Key": "team", "Value": "ci"}]}])["Instances"][0]
        rid = launched["SpotInstanceRequestId"]
        self.assertEqual(launched["InstanceLifecycle"], "spot")
        request = spot_request(ec2, rid)
        self.assertEqual((request["State"], request["Status"]["Code"], request["InstanceId"], request["Type"]),
                         ("active", "fulfilled", launched["InstanceId"], "one-time"))
        self.assertEqual(request["Tags"], [{"Key": "team", "Value": "ci"}])
        self.assertEqual(ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [rid]}])["Tags"][0]["ResourceType"],
                         "spot-instances-request")
        code, message = error_of(ec2.run_instances, ImageId=ami, InstanceType="m5.large", MinCount=1, MaxCount=1,
                                 InstanceMarketOptions={"MarketType": "spot", "SpotOptions": {"MaxPrice": "0.002"}})
        self.assertEqual(code, "SpotMaxPriceTooLow")
        self.assertIn("lower than the minimum required Spot request fulfillment price", message)
        self.assertEqual(error_code(ec2.run_instances, ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                    InstanceMarketOptions={"MarketType": "spot", "SpotOptions": {"SpotInstanceType": "persistent"}}),
                         "InvalidParameterCombination")  # persistent wants stop or hibernate
        persistent = ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1, InstanceMarketOptions={
            "MarketType": "spot", "SpotOptions": {"SpotInstanceType": "persistent", "InstanceInterruptionBehavior": "stop",
                                                  "MaxPrice": "0.5"}})["Instances"][0]
        request = spot_request(ec2, persistent["SpotInstanceRequestId"])
        self.assertEqual((request["Type"], request["InstanceInterruptionBehavior"], request["SpotPrice"]), ("persistent", "stop", "0.5"))
        ec2.get_waiter("instance_running").wait(InstanceIds=[persistent["InstanceId"]], WaiterConfig=FAST)
        ec2.stop_instances(InstanceIds=[persistent["InstanceId"]])
        ec2.get_waiter("instance_stopped").wait(InstanceIds=[persistent["InstanceId"]], WaiterConfig=FAST)
        self.assertEqual(spot_request(ec2, persistent["SpotInstanceRequestId"])["State"], "disabled")

    def test_a_persistent_hibernating_request_launches_again(self):
        ec2 = fresh()
        launched = ec2.run_instances(ImageId=image(ec2), InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                     HibernationOptions={"Configured": True},
                                     BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": True, "VolumeSize": 8}}],
                                     InstanceMarketOptions={"MarketType": "spot", "SpotOptions": {"SpotInstanceType": "persistent"}}
                                     )["Instances"][0]
        rid = launched["SpotInstanceRequestId"]
        self.assertEqual(spot_request(ec2, rid)["InstanceInterruptionBehavior"], "hibernate")  # the default with hibernation
        ec2.terminate_instances(InstanceIds=[launched["InstanceId"]])
        ec2.get_waiter("instance_terminated").wait(InstanceIds=[launched["InstanceId"]], WaiterConfig=FAST)
        ec2.get_waiter("spot_instance_request_fulfilled").wait(SpotInstanceRequestIds=[rid], WaiterConfig=FAST)
        again = spot_request(ec2, rid)
        self.assertNotEqual(again["InstanceId"], launched["InstanceId"])
        self.assertTrue(instance(ec2, again["InstanceId"])["HibernationOptions"]["Configured"])

    def test_bad_requests_get_aws_errors(self):
        ec2 = fresh()
        ami = image(ec2)
        spec = {"ImageId": ami, "InstanceType": "t3.micro"}
        self.assertEqual(error_of(ec2.request_spot_instances, InstanceInterruptionBehavior="stop", LaunchSpecification=spec),
                         ("InvalidParameterCombination",
                          "The request with type 'one-time' is not supported when instanceInterruptionBehavior is set to 'stop'."))
        self.assertEqual(error_code(ec2.request_spot_instances, LaunchSpecification={"ImageId": "ami-12345678"}),
                         "InvalidAMIID.NotFound")
        self.assertEqual(error_code(ec2.request_spot_instances, SpotPrice="cheap", LaunchSpecification=spec), "InvalidParameterValue")
        self.assertEqual(error_code(ec2.request_spot_instances, InstanceCount=0, LaunchSpecification=spec), "InvalidParameterValue")
        past = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
        self.assertEqual(error_code(ec2.request_spot_instances, ValidUntil=past, LaunchSpecification=spec), "InvalidParameterValue")
        self.assertEqual(error_code(ec2.request_spot_instances, LaunchSpecification={**spec, "KeyName": "nope"}),
                         "InvalidKeyPair.NotFound")
        self.assertEqual(error_code(ec2.describe_spot_instance_requests, SpotInstanceRequestIds=["sir-12345678"]),
                         "InvalidSpotInstanceRequestID.NotFound")
        self.assertEqual(error_code(ec2.cancel_spot_instance_requests, SpotInstanceRequestIds=["sir-nope"]),
                         "InvalidSpotInstanceRequestID.Malformed")
        # A subnet with no address left: refused when asked, not failed later.
        vpc = ec2.create_vpc(CidrBlock="10.90.0.0/24")["Vpc"]["VpcId"]
        tiny = ec2.create_subnet(VpcId=vpc, CidrBlock="10.90.0.0/28")["Subnet"]["SubnetId"]
        for _ in range(11):  # a /28 gives 11
            ec2.create_network_interface(SubnetId=tiny)
        self.assertEqual(error_code(ec2.request_spot_instances, LaunchSpecification={**spec, "SubnetId": tiny}),
                         "InsufficientFreeAddressesInSubnet")
        # A ClientToken makes the call idempotent.
        token = uuid.uuid4().hex
        once = ec2.request_spot_instances(ClientToken=token, LaunchSpecification=spec)["SpotInstanceRequests"]
        twice = ec2.request_spot_instances(ClientToken=token, LaunchSpecification=spec)["SpotInstanceRequests"]
        self.assertEqual([r["SpotInstanceRequestId"] for r in once], [r["SpotInstanceRequestId"] for r in twice])
        self.assertEqual(len(ec2.describe_spot_instance_requests()["SpotInstanceRequests"]), 1)

    def test_z_requests_valid_later_and_closed_ones_are_forgotten(self):  # moves the server's clock: last
        ec2 = fresh()
        spec = {"ImageId": image(ec2), "InstanceType": "t3.micro"}
        later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
        rid = ec2.request_spot_instances(ValidFrom=later, LaunchSpecification=spec)["SpotInstanceRequests"][0]["SpotInstanceRequestId"]
        self.assertEqual(spot_request(ec2, rid)["Status"]["Code"], "not-scheduled-yet")
        cancelled = ec2.request_spot_instances(SpotPrice="0.002", LaunchSpecification={**spec, "InstanceType": "m5.large"}
                                               )["SpotInstanceRequests"][0]["SpotInstanceRequestId"]
        running = ec2.request_spot_instances(LaunchSpecification=spec)["SpotInstanceRequests"][0]["SpotInstanceRequestId"]
        ec2.cancel_spot_instance_requests(SpotInstanceRequestIds=[cancelled, running])
        control(ENDPOINT, "POST", "/_ec2sim/clock", {"advance_seconds": 3700})
        self.assertEqual(spot_request(ec2, rid)["State"], "active")  # its time came
        control(ENDPOINT, "POST", "/_ec2sim/clock", {"advance_seconds": 4 * 3600})
        self.assertEqual(error_code(ec2.describe_spot_instance_requests, SpotInstanceRequestIds=[cancelled]),
                         "InvalidSpotInstanceRequestID.NotFound")
        self.assertEqual(spot_request(ec2, rid)["State"], "active")  # an active one stays
        self.assertEqual(spot_request(ec2, running)["State"], "cancelled")  # as does one whose instance still runs


if __name__ == "__main__":
    run_tests(sys.argv[1], sys.modules[__name__])
