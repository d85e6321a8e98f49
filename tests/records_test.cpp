#include "sim/records.hpp"

#include <filesystem>

#include "sim/document_view.hpp"
#include "sim/instance_view.hpp"
#include "old_database.hpp"
#include "sim/store/store.hpp"
#include "sim/volumes.hpp"
#include "test_support.hpp"

using namespace ec2sim::sim;
using json = nlohmann::ordered_json;

TEST_CASE("an instance record reads its own members, and the view's default for those it leaves out", "[records]") {
  json r = {{"State", {{"Code", 80}, {"Name", "stopped"}}},
            {"InstanceId", "i-0123456789abcdef0"},
            {"InstanceType", "t3.micro"},
            {"Placement", {{"AvailabilityZone", "ap-northeast-2c"}}},
            {"_ReservationId", "r-0123456789abcdef0"},
            {"_ShutdownBehavior", "terminate"},
            {"AmiLaunchIndex", 3},
            {"BlockDeviceMappings", json::array({{{"DeviceName", "/dev/xvda"}}})}};
  const InstanceRecord instance(r);
  CHECK(instance.id() == "i-0123456789abcdef0");
  CHECK(instance.state() == "stopped");
  CHECK(instance.in({"stopping", "stopped"}));
  CHECK(!instance.in({"running"}));
  CHECK(instance.state_document().at("Code") == 80);
  CHECK(instance.availability_zone() == "ap-northeast-2c");
  CHECK(instance.placement_group().empty());
  CHECK(instance.shutdown_behavior() == "terminate");  // its own
  CHECK(instance.launch_index() == 3);
  CHECK(instance.block_device_mappings().size() == 1);
  // Left to the view: the defaults every instance shares.
  CHECK(!instance.termination_protected());
  CHECK(!instance.ebs_optimized());
  CHECK(instance.tags() == json::array());
  CHECK(instance.security_groups() == json::array());
  CHECK(instance.instance_store() == json::array());
  // Absent once terminated, or never had: empty, never a throw.
  CHECK(instance.subnet_id().empty());
  CHECK(instance.public_ip().empty());
  CHECK(instance.key_name().empty());
  CHECK(instance.elastic_ip().empty());
  r.erase("_ShutdownBehavior");
  r.erase("AmiLaunchIndex");
  CHECK(instance.shutdown_behavior() == "stop");  // the default, read through the same record
  CHECK(instance.launch_index() == 0);
}

TEST_CASE("a volume keeps only what is its own and shows as before", "[records]") {
  json v = {{"Attachments", json::array()}, {"AvailabilityZone", "ap-northeast-2a"}, {"Encrypted", false},
            {"Size", 8},  {"State", "available"}, {"VolumeId", "vol-0123456789abcdef0"},
            {"Tags", json::array()}, {"VolumeType", "gp3"}, {"MultiAttachEnabled", false}, {"Iops", 3000}};
  const json whole = v;
  drop_defaults(v, volume_view());
  CHECK(!v.contains("Encrypted"));
  CHECK(!v.contains("Tags"));
  CHECK(!v.contains("MultiAttachEnabled"));
  const VolumeRecord volume(v);
  CHECK(volume.id() == "vol-0123456789abcdef0");
  CHECK(volume.state() == "available");
  CHECK(volume.size_gib() == 8);
  CHECK(volume.iops() == 3000);
  CHECK(volume.throughput() == 0);
  CHECK(!volume.encrypted());
  CHECK(!volume.multi_attach_enabled());
  CHECK(volume.attachments().empty());
  json shown = complete(v, volume_view());
  CHECK(shown.at("_Id") == "vol-0123456789abcdef0");  // Describe pages by it
  shown.erase("_Id");
  CHECK(nlohmann::json(shown) == nlohmann::json(whole));  // the same members and values
}

TEST_CASE("instance and volume records of schema 7 leave their defaults to the view once loaded", "[records][store]") {
  json instance = {{"State", {{"Code", 16}, {"Name", "running"}}},
                   {"InstanceId", "i-0123456789abcdef0"},
                   {"Tags", json::array()},
                   {"AmiLaunchIndex", 0},
                   {"EbsOptimized", false},
                   {"EnaSupport", true},  // its own: kept
                   {"_CpuCredits", "standard"},  // a burstable type's: kept
                   {"Placement", {{"AvailabilityZone", "ap-northeast-2a"}, {"GroupName", ""}, {"Tenancy", "default"}}}};
  json volume = {{"_Id", "vol-0123456789abcdef0"}, {"VolumeId", "vol-0123456789abcdef0"}, {"Tags", json::array()},
                 {"Encrypted", false},  {"MultiAttachEnabled", false}, {"Size", 8}};
  const auto path = old_database("ec2sim-records-upgrade-test.db", 7,
                                 {{"instance", "i-0123456789abcdef0", instance}, {"volume", "vol-0123456789abcdef0", volume}});
  ec2sim::store::Store store(path);
  const ec2sim::store::Scope scope{"123456789012", "ap-northeast-2"};
  const json upgraded = *store.find(scope, "instance", "i-0123456789abcdef0");
  CHECK(upgraded == json{{"State", {{"Code", 16}, {"Name", "running"}}},
                         {"InstanceId", "i-0123456789abcdef0"},
                         {"EnaSupport", true},
                         {"_CpuCredits", "standard"},
                         {"Placement", {{"AvailabilityZone", "ap-northeast-2a"}}}});
  json shown_before = complete(instance, instance_view()), shown_after = complete(upgraded, instance_view());
  CHECK(nlohmann::json(shown_after) == nlohmann::json(shown_before));
  const json upgraded_volume = *store.find(scope, "volume", "vol-0123456789abcdef0");
  CHECK(upgraded_volume == json{{"VolumeId", "vol-0123456789abcdef0"}, {"Size", 8}});
  CHECK(nlohmann::json(complete(upgraded_volume, volume_view())) == nlohmann::json(complete(volume, volume_view())));
  std::filesystem::remove(path);
}

TEST_CASE("address, snapshot and image records read their members, empty when absent", "[records]") {
  const json address = {{"AllocationId", "eipalloc-0123456789abcdef0"}, {"PublicIp", "3.34.1.2"}};
  CHECK(AddressRecord(address).public_ip() == "3.34.1.2");
  CHECK(!AddressRecord(address).associated());
  CHECK(AddressRecord(address).instance_id().empty());
  const json snapshot = {{"SnapshotId", "snap-0123456789abcdef0"}, {"State", "pending"}, {"_StartedAt", 1000}};
  CHECK(SnapshotRecord(snapshot).state() == "pending");
  CHECK(SnapshotRecord(snapshot).started_at() == 1000);
  CHECK(SnapshotRecord(snapshot).owner_alias().empty());
  const json image = {{"ImageId", "ami-0123456789abcdef0"}, {"Name", "mine"}, {"State", "available"}};
  CHECK(ImageRecord(image).name() == "mine");
  CHECK(!ImageRecord(image).is_public());
  CHECK(ImageRecord(image).launch_permissions() == json::array());
  CHECK(ImageRecord(image).block_device_mappings() == json::array());
}
