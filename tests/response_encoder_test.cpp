#include "api/response_encoder.hpp"

#include <pugixml.hpp>

#include "test_support.hpp"

using namespace ec2sim;
using json = nlohmann::ordered_json;

namespace {

pugi::xml_document parse(const std::string& xml) {
  pugi::xml_document doc;
  REQUIRE(doc.load_string(xml.c_str()));
  return doc;
}

}  // namespace

TEST_CASE("results are written under the action's Response element", "[encoder]") {
  const auto* op = model::find_operation("DescribeAvailabilityZones");
  json result = {{"AvailabilityZones",
                  json::array({{{"ZoneName", "ap-northeast-2a"}, {"ZoneId", "apne2-az1"}, {"Messages", json::array()}}})}};
  auto doc = parse(api::encode_response(*op, result, "req-1", api::ec2_namespace("2016-11-15")));
  auto root = doc.child("DescribeAvailabilityZonesResponse");
  REQUIRE(root);
  CHECK(std::string(root.attribute("xmlns").value()) == "http://ec2.amazonaws.com/doc/2016-11-15/");
  CHECK(std::string(root.child_value("requestId")) == "req-1");
  auto item = root.child("availabilityZoneInfo").child("item");
  CHECK(std::string(item.child_value("zoneName")) == "ap-northeast-2a");
  CHECK(std::string(item.child_value("zoneId")) == "apne2-az1");
  // An empty list is still written, so clients see [] rather than nothing.
  CHECK(item.child("messageSet"));
  CHECK(!item.child("messageSet").first_child());
}

TEST_CASE("scalars: booleans, integers, doubles, escaped text", "[encoder]") {
  const auto* op = model::find_operation("DescribeInstanceTypes");
  json type = {{"InstanceType", "t2.micro"},
               {"FreeTierEligible", true},
               {"BareMetal", false},
               {"VCpuInfo", {{"DefaultVCpus", 1}}},
               {"ProcessorInfo", {{"SustainedClockSpeedInGhz", 2.5}, {"SupportedArchitectures", {"i386", "x86_64"}}}},
               {"NetworkInfo", {{"NetworkPerformance", "Low <to> Moderate & more"}}},
               {"NotInTheModel", "dropped"}};
  auto xml = api::encode_response(*op, {{"InstanceTypes", json::array({type})}, {"NextToken", "tok"}}, "r", api::ec2_namespace(""));
  auto doc = parse(xml);
  auto item = doc.child("DescribeInstanceTypesResponse").child("instanceTypeSet").child("item");
  CHECK(std::string(item.child_value("freeTierEligible")) == "true");
  CHECK(std::string(item.child_value("bareMetal")) == "false");
  CHECK(std::string(item.child("vCpuInfo").child_value("defaultVCpus")) == "1");
  CHECK(std::string(item.child("processorInfo").child_value("sustainedClockSpeedInGhz")) == "2.5");
  CHECK(std::string(item.child("processorInfo").child("supportedArchitectures").last_child().child_value()) == "x86_64");
  CHECK(std::string(item.child("networkInfo").child_value("networkPerformance")) == "Low <to> Moderate & more");
  CHECK(xml.find("NotInTheModel") == std::string::npos);
  CHECK(std::string(doc.child("DescribeInstanceTypesResponse").child_value("nextToken")) == "tok");
}

TEST_CASE("a malformed result is a server fault, not a crash", "[encoder]") {
  const auto* op = model::find_operation("DescribeRegions");
  CHECK(AWS_ERROR_CODE(api::encode_response(*op, {{"Regions", "not-a-list"}}, "r", api::ec2_namespace(""))) == "InternalError");
}

TEST_CASE("the namespace follows the requested API version", "[encoder]") {
  CHECK(api::ec2_namespace("2014-10-01") == "http://ec2.amazonaws.com/doc/2014-10-01/");
  CHECK(api::ec2_namespace("") == "http://ec2.amazonaws.com/doc/2016-11-15/");
  CHECK(api::ec2_namespace("latest\"><x") == "http://ec2.amazonaws.com/doc/2016-11-15/");
}

TEST_CASE("borrowed documents are written in place of their stand-ins", "[encoder]") {
  const auto* op = model::find_operation("DescribeInstanceTypes");
  json type = {{"InstanceType", "t3.micro"}, {"FreeTierEligible", true}};
  std::vector<sim::BorrowedDocument> borrowed{{&type}};
  json result = {{"InstanceTypes", json::array({{{"$borrowed", 0}}, {{"InstanceType", "m5.large"}}})}};
  auto doc = parse(api::encode_response(*op, result, "r", api::ec2_namespace(""), borrowed));
  auto items = doc.child("DescribeInstanceTypesResponse").child("instanceTypeSet");
  CHECK(std::string(items.first_child().child_value("instanceType")) == "t3.micro");
  CHECK(std::string(items.first_child().child_value("freeTierEligible")) == "true");
  CHECK(std::string(items.last_child().child_value("instanceType")) == "m5.large");
  json dangling = {{"InstanceTypes", json::array({{{"$borrowed", 3}}})}};
  CHECK(AWS_ERROR_CODE(api::encode_response(*op, dangling, "r", api::ec2_namespace(""), borrowed)) == "InternalError");
}

TEST_CASE("a viewed record is written with its defaults and derived members, its own winning", "[encoder]") {
  const auto* op = model::find_operation("DescribeInstanceTypes");
  static const json defaults = {{"FreeTierEligible", false}, {"Hypervisor", "xen"}, {"BareMetal", false}};
  sim::DocumentView view{&defaults, [](const json& record) -> const json& {
                           thread_local json out;
                           out = {{"CurrentGeneration", record.at("InstanceType") == "t3.micro"}};
                           return out;
                         }};
  json record = {{"InstanceType", "t3.micro"}, {"FreeTierEligible", true}};
  std::vector<sim::BorrowedDocument> borrowed{{&record, &view}};
  json result = {{"InstanceTypes", json::array({{{"$borrowed", 0}}})}};
  auto doc = parse(api::encode_response(*op, result, "r", api::ec2_namespace(""), borrowed));
  auto item = doc.child("DescribeInstanceTypesResponse").child("instanceTypeSet").first_child();
  CHECK(std::string(item.child_value("freeTierEligible")) == "true");  // the record's own
  CHECK(std::string(item.child_value("hypervisor")) == "xen");          // a default
  CHECK(std::string(item.child_value("bareMetal")) == "false");
  CHECK(std::string(item.child_value("currentGeneration")) == "true");  // derived
  CHECK(sim::complete(record, view) == json{{"FreeTierEligible", true}, {"Hypervisor", "xen"}, {"BareMetal", false},
                                            {"CurrentGeneration", true}, {"InstanceType", "t3.micro"}});
}

TEST_CASE("a stored record is borrowed only while the response holds the store's read lock", "[encoder]") {
  const json record = {{"InstanceId", "i-0123456789abcdef0"}};
  sim::DocumentView view;
  sim::Borrowed borrowed;
  CHECK_THROWS_AS(sim::show(&borrowed, record, view), std::logic_error);  // a pointer that could dangle
  const json& kept = borrowed.own(record);  // the response's own copy lives as long as it does
  CHECK(sim::show(&borrowed, kept, view) == json{{"$borrowed", 0}});
  std::shared_mutex store_lock;
  borrowed.hold = std::shared_lock(store_lock);
  CHECK(sim::show(&borrowed, record, view) == json{{"$borrowed", 1}});
}

TEST_CASE("an object default is a default per member: the record's own object shows over it", "[encoder]") {
  const auto* op = model::find_operation("DescribeInstanceTypes");
  // ProcessorInfo: the default gives the clock speed, the record its architectures.
  static const json defaults = {{"ProcessorInfo", {{"SustainedClockSpeedInGhz", 2.5}, {"SupportedArchitectures", {"i386"}}}}};
  sim::DocumentView view{&defaults, nullptr};
  json record = {{"InstanceType", "t3.micro"}, {"ProcessorInfo", {{"SupportedArchitectures", {"x86_64"}}}}};
  std::vector<sim::BorrowedDocument> borrowed{{&record, &view}};
  json result = {{"InstanceTypes", json::array({{{"$borrowed", 0}}})}};
  auto doc = parse(api::encode_response(*op, result, "r", api::ec2_namespace(""), borrowed));
  auto processor = doc.child("DescribeInstanceTypesResponse").child("instanceTypeSet").first_child().child("processorInfo");
  CHECK(std::string(processor.child_value("sustainedClockSpeedInGhz")) == "2.5");
  CHECK(std::string(processor.child("supportedArchitectures").first_child().child_value()) == "x86_64");
  CHECK(std::distance(processor.children().begin(), processor.children().end()) == 2);  // each member once
  CHECK(sim::complete(record, view).at("ProcessorInfo") ==
        json{{"SustainedClockSpeedInGhz", 2.5}, {"SupportedArchitectures", {"x86_64"}}});
}

TEST_CASE("a derived object replaces its default whole, as complete() shows it", "[encoder]") {
  const auto* op = model::find_operation("DescribeInstanceTypes");
  static const json defaults = {{"ProcessorInfo", {{"SustainedClockSpeedInGhz", 2.5}}}};
  sim::DocumentView view{&defaults, [](const json&) -> const json& {
                           static const json derived = {{"ProcessorInfo", {{"SupportedArchitectures", {"arm64"}}}}};
                           return derived;
                         }};
  json record = {{"InstanceType", "t4g.micro"}};
  std::vector<sim::BorrowedDocument> borrowed{{&record, &view}};
  json result = {{"InstanceTypes", json::array({{{"$borrowed", 0}}})}};
  auto doc = parse(api::encode_response(*op, result, "r", api::ec2_namespace(""), borrowed));
  auto processor = doc.child("DescribeInstanceTypesResponse").child("instanceTypeSet").first_child().child("processorInfo");
  CHECK(processor.child("sustainedClockSpeedInGhz").empty());
  CHECK(std::string(processor.child("supportedArchitectures").first_child().child_value()) == "arm64");
  CHECK(sim::complete(record, view).at("ProcessorInfo") == json{{"SupportedArchitectures", {"arm64"}}});
}

TEST_CASE("an untagged resource has no tagSet; other empty lists are written", "[encoder]") {
  const auto* op = model::find_operation("DescribeKeyPairs");
  json result = {{"KeyPairs", json::array({{{"KeyName", "k"}, {"Tags", json::array()}}})}};
  auto doc = parse(api::encode_response(*op, result, "r", api::ec2_namespace("")));
  auto item = doc.child("DescribeKeyPairsResponse").child("keySet").child("item");
  CHECK(std::string(item.child_value("keyName")) == "k");
  CHECK(!item.child("tagSet"));
  // DescribeTags's list of tag descriptions is no resource's tags: written even when empty.
  auto tags = parse(api::encode_response(*model::find_operation("DescribeTags"), {{"Tags", json::array()}}, "r",
                                         api::ec2_namespace("")));
  CHECK(tags.child("DescribeTagsResponse").child("tagSet"));
}

TEST_CASE("a call that succeeded says <return>true</return>", "[encoder]") {
  // An action with nothing else to return (CreateTags) …
  auto tagged = parse(api::encode_response(*model::find_operation("CreateTags"), json::object(), "r", api::ec2_namespace("")));
  CHECK(std::string(tagged.child("CreateTagsResponse").child_value("return")) == "true");
  // … and one whose result has a Return its handler left out (DeleteKeyPair's KeyPairId
  // beside it), while a handler's own Return wins.
  const auto* op = model::find_operation("DeleteKeyPair");
  auto deleted = parse(api::encode_response(*op, {{"KeyPairId", "key-1"}}, "r", api::ec2_namespace("")));
  CHECK(std::string(deleted.child("DeleteKeyPairResponse").child_value("return")) == "true");
  CHECK(std::string(deleted.child("DeleteKeyPairResponse").child_value("keyPairId")) == "key-1");
  auto refused = parse(api::encode_response(*op, {{"Return", false}}, "r", api::ec2_namespace("")));
  CHECK(std::string(refused.child("DeleteKeyPairResponse").child_value("return")) == "false");
}
