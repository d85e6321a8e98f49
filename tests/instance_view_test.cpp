#include "sim/instance_view.hpp"

#include <filesystem>

#include "old_database.hpp"
#include "sim/store/store.hpp"
#include "test_support.hpp"

using namespace ec2sim::sim;
using json = nlohmann::ordered_json;

namespace {

json record(bool public_ip) {
  json r = {{"State", {{"Code", 16}, {"Name", "running"}}},
            {"_OwnerId", "123456789012"},
            {"InstanceId", "i-0123456789abcdef0"},
            {"LaunchTime", "2026-11-28T12:00:00.000Z"},
            {"Placement", {{"AvailabilityZone", "ap-northeast-2a"}, {"GroupName", ""}, {"Tenancy", "default"}}},
            {"PrivateIpAddress", "172.31.0.4"},
            {"SubnetId", "subnet-0123456789abcdef0"},
            {"VpcId", "vpc-0123456789abcdef0"},
            {"SecurityGroups", json::array({{{"GroupName", "default"}, {"GroupId", "sg-0123456789abcdef0"}}})},
            {"_EniId", "eni-0123456789abcdef0"},
            {"_EniAttachmentId", "eni-attach-0123456789abcdef0"},
            {"_MacAddress", "06:00:00:00:00:01"}};
  if (public_ip) r["PublicIpAddress"] = "3.34.1.2";
  return r;
}

}  // namespace

TEST_CASE("an instance shows its defaults and a primary interface derived from its record", "[instance-view]") {
  const json shown = complete(record(true), instance_view());
  CHECK(shown.at("Hypervisor") == "xen");
  CHECK(shown.at("SourceDestCheck") == true);
  CHECK(shown.at("UsageOperationUpdateTime") == "2026-11-28T12:00:00.000Z");
  const json& eni = shown.at("NetworkInterfaces").at(0);
  CHECK(eni.at("NetworkInterfaceId") == "eni-0123456789abcdef0");
  CHECK(eni.at("Attachment").at("AttachmentId") == "eni-attach-0123456789abcdef0");
  CHECK(eni.at("Attachment").at("AttachTime") == "2026-11-28T12:00:00.000Z");
  CHECK(eni.at("MacAddress") == "06:00:00:00:00:01");
  CHECK(eni.at("Groups") == record(true).at("SecurityGroups"));
  CHECK(eni.at("PrivateIpAddress") == "172.31.0.4");
  CHECK(eni.at("Association").at("IpOwnerId") == "amazon");
  CHECK(eni.at("Association").at("PublicIp") == "3.34.1.2");
  CHECK(eni.at("PrivateIpAddresses").at(0).at("Association") == eni.at("Association"));
  // Host names follow from the addresses and the zone's Region.
  CHECK(shown.at("PrivateDnsName") == "ip-172-31-0-4.ap-northeast-2.compute.internal");
  CHECK(shown.at("PublicDnsName") == "ec2-3-34-1-2.ap-northeast-2.compute.amazonaws.com");
  CHECK(eni.at("PrivateDnsName") == shown.at("PrivateDnsName"));
  CHECK(eni.at("Association").at("PublicDnsName") == shown.at("PublicDnsName"));
  json virginia = record(false);
  virginia["Placement"]["AvailabilityZone"] = "us-east-1f";
  CHECK(host_name_of(virginia) == "ip-172-31-0-4.ec2.internal");
}

TEST_CASE("deriving again for another instance leaves nothing of the previous one", "[instance-view]") {
  json elastic = record(true);
  elastic["_ElasticIp"] = "eipalloc-0123456789abcdef0";
  elastic["SourceDestCheck"] = false;
  CHECK(complete(elastic, instance_view()).at("NetworkInterfaces").at(0).at("Association").at("IpOwnerId") == "123456789012");
  CHECK(complete(elastic, instance_view()).at("NetworkInterfaces").at(0).at("SourceDestCheck") == false);
  json other = record(false);
  other["PrivateIpAddress"] = "172.31.0.9";
  other["SecurityGroups"] = json::array();
  const json shown = complete(other, instance_view());
  const json& eni = shown.at("NetworkInterfaces").at(0);
  CHECK(!eni.contains("Association"));
  CHECK(!eni.at("PrivateIpAddresses").at(0).contains("Association"));
  CHECK(eni.at("PrivateIpAddress") == "172.31.0.9");
  CHECK(eni.at("Groups") == json::array());
  CHECK(eni.at("SourceDestCheck") == true);
  CHECK(shown.at("PublicDnsName") == "");
}

TEST_CASE("secondary addresses follow the primary, which keeps its public association", "[instance-view]") {
  json many = record(true);
  many["_SecondaryIps"] = json::array({"172.31.0.10", "172.31.0.11", "172.31.0.12"});
  for (int round = 0; round < 2; ++round) {  // the second derives into the grown template
    const json shown = complete(many, instance_view());
    const json& addresses = shown.at("NetworkInterfaces").at(0).at("PrivateIpAddresses");
    REQUIRE(addresses.size() == 4);
    CHECK(addresses.at(0).at("Primary") == true);
    CHECK(addresses.at(0).at("Association").at("PublicIp") == "3.34.1.2");
    CHECK(addresses.at(3).at("PrivateIpAddress") == "172.31.0.12");
    CHECK(addresses.at(3).at("PrivateDnsName") == "ip-172-31-0-12.ap-northeast-2.compute.internal");
    CHECK(!addresses.at(1).contains("Association"));
  }
  CHECK(complete(record(true), instance_view()).at("NetworkInterfaces").at(0).at("PrivateIpAddresses").size() == 1);
}

TEST_CASE("a terminated instance shows no interface", "[instance-view]") {
  json terminated = record(false);
  for (const char* key : {"_EniId", "_EniAttachmentId", "_MacAddress"}) terminated.erase(key);
  terminated.erase("PrivateIpAddress");
  CHECK(complete(terminated, instance_view()).at("NetworkInterfaces") == json::array());
  CHECK(complete(terminated, instance_view()).at("PrivateDnsName") == "");
  CHECK(network_interface_id(terminated) == "");
}

TEST_CASE("a record keeps only the members that differ from the defaults", "[instance-view]") {
  json r = record(false);
  r["Hypervisor"] = "xen";
  r["SourceDestCheck"] = false;
  r["MetadataOptions"] = {{"State", "applied"}, {"HttpTokens", "optional"}};
  drop_defaults(r, instance_view());
  CHECK(!r.contains("Hypervisor"));
  CHECK(r.at("SourceDestCheck") == false);
  CHECK(r.at("MetadataOptions").at("HttpTokens") == "optional");
  CHECK(shown_member(r, instance_view(), "Hypervisor") == "xen");
}

TEST_CASE("an object keeps only its own members: the rest are the default's, member by member", "[instance-view]") {
  json r = record(false);
  r["Placement"]["Tenancy"] = "dedicated";
  drop_defaults(r, instance_view());
  CHECK(r.at("Placement") == json{{"AvailabilityZone", "ap-northeast-2a"}, {"Tenancy", "dedicated"}});
  CHECK(complete(r, instance_view()).at("Placement") ==
        json{{"GroupName", ""}, {"Tenancy", "dedicated"}, {"AvailabilityZone", "ap-northeast-2a"}});
  json plain = record(false);
  drop_defaults(plain, instance_view());
  CHECK(plain.at("Placement") == json{{"AvailabilityZone", "ap-northeast-2a"}});
  r["Monitoring"] = {{"State", "disabled"}};  // nothing of its own left: the member goes
  drop_defaults(r, instance_view());
  CHECK(!r.contains("Monitoring"));
}

TEST_CASE("instances recorded before views are upgraded to records on load, and show as before", "[instance-view][store]") {
  // Schema 6's documents: an instance written whole (interface and host names kept), a
  // terminated one (no interface), and a pending image without a due time.
  json whole = complete(record(true), instance_view());
  for (const char* key : {"_EniId", "_EniAttachmentId", "_MacAddress"}) whole.erase(key);
  json terminated = whole;
  terminated["NetworkInterfaces"] = json::array();
  terminated.erase("PublicIpAddress");
  json partial_interface = terminated;  // an interface that lacks some members: none becomes null
  partial_interface["NetworkInterfaces"] = json::array({{{"NetworkInterfaceId", "eni-0fedcba9876543210"}}});
  const auto path = old_database("ec2sim-upgrade-test.db", 6,
                                 {{"instance", "i-1", whole},
                                  {"instance", "i-2", terminated},
                                  {"instance", "i-3", partial_interface},
                                  {"image", "ami-1", json{{"ImageId", "ami-1"}, {"State", "pending"}}}});
  ec2sim::store::Store store(path);
  const ec2sim::store::Scope scope{"123456789012", "ap-northeast-2"};
  const json upgraded = *store.find(scope, "instance", "i-1");
  for (const char* derived : {"NetworkInterfaces", "PublicDnsName", "PrivateDnsName", "UsageOperationUpdateTime"})
    CHECK(!upgraded.contains(derived));
  CHECK(upgraded.at("_EniId") == "eni-0123456789abcdef0");
  CHECK(upgraded.at("_EniAttachmentId") == "eni-attach-0123456789abcdef0");
  CHECK(upgraded.at("_MacAddress") == "06:00:00:00:00:01");
  CHECK(nlohmann::json(complete(upgraded, instance_view())) == nlohmann::json(complete(record(true), instance_view())));
  const json gone = *store.find(scope, "instance", "i-2");
  CHECK(!gone.contains("NetworkInterfaces"));
  CHECK(!gone.contains("_EniId"));
  CHECK(complete(gone, instance_view()).at("NetworkInterfaces") == json::array());
  const json partial = *store.find(scope, "instance", "i-3");
  CHECK(partial.at("_EniId") == "eni-0fedcba9876543210");
  CHECK(!partial.contains("_MacAddress"));
  CHECK(!partial.contains("_EniAttachmentId"));
  CHECK(network_interface_id(partial) == "eni-0fedcba9876543210");
  CHECK(store.find(scope, "image", "ami-1")->at("_DueAt") == 1);  // due at once; settling re-arms it
  std::filesystem::remove(path);
}
