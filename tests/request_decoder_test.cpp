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
  CHECK(AWS_ERROR_CODE(decode("DescribeImages", {{"Filter.0.Name", "name"}})) == "UnknownParameter");
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
  CHECK(model::operations().size() > 500);
  CHECK(model::find_operation("RunInstances") != nullptr);
  CHECK(model::find_operation("DescribeSpotPriceHistory") != nullptr);
  CHECK(model::find_operation("LaunchRocket") == nullptr);
}
