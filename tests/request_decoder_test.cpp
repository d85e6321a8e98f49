#include "api/request_decoder.hpp"

#include "test_support.hpp"

using namespace ec2sim;
using namespace ec2sim::api;

namespace {

nlohmann::ordered_json decode(std::string_view action, QueryParams params) {
  const auto* op = model::find_operation(action);
  REQUIRE(op != nullptr);
  return decode_request(*op, params, DecodeOptions{[](std::string_view s) { return s == "InstanceType"; }});
}

}  // namespace

TEST_CASE("lists and structures nest by index and member name", "[decoder]") {
  auto in = decode("DescribeImages", {{"Action", "DescribeImages"},
                                       {"Version", "2016-11-15"},
                                       {"Owner.1", "amazon"},
                                       {"Filter.2.Name", "architecture"},
                                       {"Filter.2.Value.1", "arm64"},
                                       {"Filter.1.Name", "name"},
                                       {"Filter.1.Value.2", "b*"},
                                       {"Filter.1.Value.1", "a*"},
                                       {"Filter.10.Name", "state"},
                                       {"Filter.10.Value.1", "available"}});
  REQUIRE(in["Owners"] == nlohmann::ordered_json::array({"amazon"}));
  REQUIRE(in["Filters"].size() == 3);
  // Items keep their numeric order, so Filter.10 follows Filter.2.
  CHECK(in["Filters"][0]["Name"] == "name");
  CHECK(in["Filters"][0]["Values"] == nlohmann::ordered_json::array({"a*", "b*"}));
  CHECK(in["Filters"][1]["Name"] == "architecture");
  CHECK(in["Filters"][2]["Name"] == "state");
}

TEST_CASE("deep RunInstances members decode with their types", "[decoder]") {
  auto in = decode("RunInstances", {{"ImageId", "ami-12345678"},
                                     {"MinCount", "1"},
                                     {"MaxCount", "2"},
                                     {"InstanceType", "m7i-flex.large"},
                                     {"BlockDeviceMapping.1.DeviceName", "/dev/xvda"},
                                     {"BlockDeviceMapping.1.Ebs.VolumeSize", "30"},
                                     {"BlockDeviceMapping.1.Ebs.DeleteOnTermination", "false"},
                                     {"TagSpecification.1.ResourceType", "instance"},
                                     {"TagSpecification.1.Tag.1.Key", "Name"},
                                     {"TagSpecification.1.Tag.1.Value", "My-First-EC2"},
                                     {"NetworkInterface.1.AssociatePublicIpAddress", "true"},
                                     {"NetworkInterface.1.DeviceIndex", "0"}});
  CHECK(in["MinCount"] == 1);
  CHECK(in["MaxCount"] == 2);
  CHECK(in["InstanceType"] == "m7i-flex.large");  // newer than the model: the catalog decides
  CHECK(in["BlockDeviceMappings"][0]["Ebs"]["VolumeSize"] == 30);
  CHECK(in["BlockDeviceMappings"][0]["Ebs"]["DeleteOnTermination"] == false);
  CHECK(in["TagSpecifications"][0]["Tags"][0]["Value"] == "My-First-EC2");
  CHECK(in["NetworkInterfaces"][0]["AssociatePublicIpAddress"] == true);
}

TEST_CASE("older SDKs' lowerCamel spellings are accepted", "[decoder]") {
  // DryRun's locationName is dryRun; the EC2 protocol capitalises it, old clients may not.
  auto in = decode("DescribeRegions", {{"dryRun", "true"}});
  CHECK(in["DryRun"] == true);
}

TEST_CASE("protocol and signing parameters are not operation members", "[decoder]") {
  auto in = decode("DescribeRegions", {{"AWSAccessKeyId", "AKID"},
                                        {"SignatureVersion", "2"},
                                        {"SignatureMethod", "HmacSHA256"},
                                        {"Signature", "abc"},
                                        {"Timestamp", "2024-01-01T00:00:00Z"},
                                        {"X-Amz-Credential", "AKID/20240101/us-east-1/ec2/aws4_request"}});
  CHECK(in.empty());
}

TEST_CASE("model checks give AWS's error codes", "[decoder]") {
  CHECK(AWS_ERROR_CODE(decode("DescribeRegions", {{"Bogus", "1"}})) == "UnknownParameter");
  CHECK(AWS_ERROR_CODE(decode("DescribeImages", {{"Filter.x.Name", "name"}})) == "UnknownParameter");
  CHECK(AWS_ERROR_CODE(decode("DescribeImages", {{"Filter.1", "name"}})) == "UnknownParameter");
  CHECK(AWS_ERROR_CODE(decode("DescribeImages", {{"Filter.-1.Name", "name"}})) == "UnknownParameter");
  CHECK(AWS_ERROR_CODE(decode("DescribeImages", {{"Owner.x", "amazon"}})) == "UnknownParameter");
  CHECK(AWS_ERROR_CODE(decode("DescribeImages", {{"Filter.1.Name.Extra", "name"}})) == "UnknownParameter");
  CHECK(AWS_ERROR_CODE(decode("RunInstances", {{"ImageId", "ami-1"}, {"MaxCount", "1"}})) == "MissingParameter");
  CHECK(AWS_ERROR_CODE(decode("RunInstances", {{"MinCount", "one"}, {"MaxCount", "1"}})) == "InvalidParameterValue");
  CHECK(AWS_ERROR_CODE(decode("DescribeRegions", {{"AllRegions", "maybe"}})) == "InvalidParameterValue");
  CHECK(AWS_ERROR_CODE(decode("DescribeInstanceTypeOfferings", {{"LocationType", "planet"}})) == "InvalidParameterValue");
  CHECK(AWS_ERROR_CODE(decode("DescribeInstanceTypes", {{"MaxResults", "1000"}})) == "InvalidParameterValue");
  CHECK(AWS_ERROR_CODE(decode("DescribeInstanceTypes", {{"MaxResults", "4"}})) == "InvalidParameterValue");
  CHECK(AWS_ERROR_CODE(decode("DescribeInstanceTypes", {{"MaxResults", "99999999999"}})) == "InvalidParameterValue");
  CHECK(AWS_ERROR_CODE(decode("DescribeInstanceTypes", {{"MaxResults", "100"}})) == "");
}

TEST_CASE("a nested required member is reported with its wire path", "[decoder]") {
  try {
    decode("CreateTags", {{"ResourceId.1", "i-1"}});
    FAIL("expected MissingParameter");
  } catch (const ApiError& e) {
    CHECK(e.code() == "MissingParameter");
    CHECK(std::string(e.what()).find("Tag") != std::string::npos);
  }
}

TEST_CASE("every model operation is recognised", "[decoder]") {
  CHECK(model::operations().size() >= 627);  // aws-sdk 2.1693.0's, merged over botocore's 576
  CHECK(model::find_operation("RunInstances") != nullptr);
  CHECK(model::find_operation("DescribeSpotPriceHistory") != nullptr);
  CHECK(model::find_operation("LaunchRocket") == nullptr);
}

TEST_CASE("lists as real clients send them: unindexed, 0-based, 1-based", "[decoder]") {
  // libcloud: DescribeKeyPairs&KeyName=x; Net::Amazon::EC2: Owner=amazon, InstanceId=i-…
  CHECK(decode("DescribeKeyPairs", {{"KeyName", "aws-course"}})["KeyNames"] == nlohmann::ordered_json::array({"aws-course"}));
  CHECK(decode("DescribeImages", {{"Owner", "amazon"}})["Owners"] == nlohmann::ordered_json::array({"amazon"}));
  // fog-aws: 0-based, in index order.
  auto in = decode("DescribeInstances", {{"InstanceId.1", "i-2"}, {"InstanceId.0", "i-1"}});
  CHECK(in["InstanceIds"] == nlohmann::ordered_json::array({"i-1", "i-2"}));
  // A structure list without an index is one item.
  auto filtered = decode("DescribeImages", {{"Filter.Name", "name"}, {"Filter.Value", "al2023*"}});
  REQUIRE(filtered["Filters"].size() == 1);
  CHECK(filtered["Filters"][0]["Values"] == nlohmann::ordered_json::array({"al2023*"}));
  CHECK(AWS_ERROR_CODE(decode("DescribeImages", {{"Filter", "name"}})) == "UnknownParameter");
  // One list both indexed and not would silently merge: refused, in either order.
  CHECK(AWS_ERROR_CODE(decode("DescribeInstances", {{"InstanceId", "i-1"}, {"InstanceId.1", "i-2"}})) == "UnknownParameter");
  CHECK(AWS_ERROR_CODE(decode("DescribeInstances", {{"InstanceId.1", "i-1"}, {"InstanceId", "i-2"}})) == "UnknownParameter");
  CHECK(AWS_ERROR_CODE(decode("DescribeImages", {{"Filter.Name", "a"}, {"Filter.1.Value.1", "b"}})) == "UnknownParameter");
}

TEST_CASE("an optional id or name given empty is not given; values in lists stay", "[decoder]") {
  // Packer's amazon-ebs: CreateSecurityGroup … VpcId= (the default VPC is meant).
  auto group = decode("CreateSecurityGroup", {{"GroupName", "packer"}, {"GroupDescription", "d"}, {"VpcId", ""}});
  CHECK(!group.contains("VpcId"));
  auto run = decode("RunInstances", {{"MinCount", "1"}, {"MaxCount", "1"}, {"KeyName", ""}, {"Placement.GroupName", ""}});
  CHECK(!run.contains("KeyName"));
  CHECK(!run["Placement"].contains("GroupName"));
  CHECK(AWS_ERROR_CODE(decode("CreateSecurityGroup", {{"GroupName", "g"}, {"GroupDescription", "d"}, {"VpcId.", ""}})) ==
        "UnknownParameter");
  // A required one stays, for its handler to refuse; a tag's empty value is a value.
  CHECK(decode("CreateSecurityGroup", {{"GroupName", ""}, {"GroupDescription", "d"}})["GroupName"] == "");
  auto tags = decode("CreateTags", {{"ResourceId.1", "i-1"}, {"Tag.1.Key", "Name"}, {"Tag.1.Value", ""}});
  CHECK(tags["Tags"][0]["Value"] == "");
  auto filters = decode("DescribeInstances", {{"Filter.1.Name", "placement-group-name"}, {"Filter.1.Value.1", ""}});
  CHECK(filters["Filters"][0]["Values"] == nlohmann::ordered_json::array({""}));
}

TEST_CASE("MaxResults within the operation's documented bounds, in AWS's words, clamped where AWS clamps", "[decoder]") {
  try {
    decode("DescribeInstances", {{"MaxResults", "3"}});
    FAIL("expected InvalidParameterValue");
  } catch (const ApiError& e) {
    CHECK(e.code() == "InvalidParameterValue");
    CHECK(std::string(e.what()) == "Value ( 3 ) for parameter maxResults is invalid. Expecting a value greater than 5.");
  }
  CHECK(AWS_ERROR_CODE(decode("DescribeInstances", {{"MaxResults", "1001"}})) == "InvalidParameterValue");
  CHECK(decode("DescribeInstances", {{"MaxResults", "1000"}})["MaxResults"] == 1000);
  CHECK(decode("DescribeVolumes", {{"MaxResults", "1000"}})["MaxResults"] == 500);  // AWS returns 500
  CHECK(decode("DescribeSnapshots", {{"MaxResults", "5000"}})["MaxResults"] == 1000);
  CHECK(AWS_ERROR_CODE(decode("DescribeVolumes", {{"MaxResults", "4"}})) == "InvalidParameterValue");
  CHECK(AWS_ERROR_CODE(decode("DescribeInstances", {{"MaxResults", "x"}})) == "InvalidParameterValue");
}

TEST_CASE("today's model: members and operations newer than Debian's botocore", "[decoder]") {
  // boto3 1.4x sends ClientToken to CreateRouteTable; RunInstances takes EnablePrimaryIpv6,
  // CopyImage and RegisterImage TagSpecifications; DescribeImages pages.
  CHECK(decode("CreateRouteTable", {{"VpcId", "vpc-1"}, {"ClientToken", "t-1"}})["ClientToken"] == "t-1");
  CHECK(decode("RunInstances", {{"MinCount", "1"}, {"MaxCount", "1"}, {"EnablePrimaryIpv6", "false"}})["EnablePrimaryIpv6"] == false);
  auto copy = decode("CopyImage", {{"Name", "n"}, {"SourceImageId", "ami-1"}, {"SourceRegion", "us-east-1"},
                                   {"TagSpecification.1.ResourceType", "image"}, {"TagSpecification.1.Tag.1.Key", "k"}});
  CHECK(copy["TagSpecifications"][0]["Tags"][0]["Key"] == "k");
  CHECK(decode("DescribeImages", {{"MaxResults", "6"}})["MaxResults"] == 6);
  // Enums botocore's model knows still bind (the newer model has none).
  CHECK(AWS_ERROR_CODE(decode("DescribeInstanceTypeOfferings", {{"LocationType", "planet"}})) == "InvalidParameterValue");
  // An operation only the newer model has.
  CHECK(model::find_operation("DescribeCapacityBlockOfferings") != nullptr);
}
