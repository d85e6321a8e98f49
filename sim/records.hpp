// Typed reads of the instance and volume records the store keeps.
//
// A record is JSON named as the EC2 model names members, plus `_`-prefixed members of its
// own, and it keeps only what is its own: members that equal the view's default are left
// out to save memory (sim/document_view.hpp). Code therefore reads records through these
// accessors, not by member name: each member is spelled once, here, with the default the
// record may leave to its view. An accessor refers to the record; it copies nothing, and
// what it returns lives as long as the record.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ec2sim::sim {

class InstanceRecord {
 public:
  explicit InstanceRecord(const nlohmann::ordered_json& record) : record_(record) {}

  const std::string& id() const;
  // pending, running, shutting-down, terminated, stopping or stopped.
  const std::string& state() const;
  bool in(std::initializer_list<std::string_view> states) const;
  const nlohmann::ordered_json& state_document() const;  // {"Code": 16, "Name": "running"}
  const std::string& instance_type() const;
  const std::string& image_id() const;
  const std::string& image_name() const;  // the AMI's name at launch ("" when unknown)
  const std::string& platform() const;    // "windows", or "" for Linux/UNIX
  const std::string& architecture() const;
  const std::string& root_device_name() const;
  const std::string& availability_zone() const;
  const std::string& placement_group() const;  // its name, "" outside one
  const std::string& reservation_id() const;
  const std::string& launch_time() const;
  int launch_index() const;
  // The network, "" once terminated (a terminated instance has no interface).
  const std::string& subnet_id() const;
  const std::string& vpc_id() const;
  const std::string& private_ip() const;
  const std::string& network_interface_id() const;
  const std::string& public_ip() const;  // "" without one
  bool public_ip_on_launch() const;      // gets an Amazon address whenever it starts
  const std::string& elastic_ip() const; // the associated Elastic IP's allocation id, or ""
  const std::string& key_name() const;   // "" without one
  const std::string& lifecycle() const;  // "spot", or "" on demand
  const std::string& shutdown_behavior() const;  // "stop" or "terminate"
  bool termination_protected() const;
  bool stop_protected() const;  // DisableApiStop
  bool ebs_optimized() const;
  bool ena_support() const;
  std::int64_t status_ok_at() const;  // ms since the epoch; status checks pass from then on
  const nlohmann::ordered_json& security_groups() const;        // [{GroupName, GroupId}]
  const nlohmann::ordered_json& block_device_mappings() const;  // [{DeviceName, Ebs: {VolumeId, …}}]
  const nlohmann::ordered_json& instance_store() const;         // [{DeviceName, …}]
  const nlohmann::ordered_json& tags() const;

 private:
  const nlohmann::ordered_json& record_;
};

class VolumeRecord {
 public:
  explicit VolumeRecord(const nlohmann::ordered_json& record) : record_(record) {}

  const std::string& id() const;
  const std::string& state() const;  // creating, available, in-use, deleting
  const std::string& volume_type() const;
  const std::string& availability_zone() const;
  const std::string& snapshot_id() const;  // "" when made empty
  int size_gib() const;
  int iops() const;        // 0 where the type has none of its own
  int throughput() const;  // 0 where the type has none of its own
  bool encrypted() const;
  bool multi_attach_enabled() const;
  const nlohmann::ordered_json& attachments() const;  // [{InstanceId, Device, State, …}]
  const nlohmann::ordered_json& tags() const;

 private:
  const nlohmann::ordered_json& record_;
};

// An Elastic IP: the API's Address, member for member.
class AddressRecord {
 public:
  explicit AddressRecord(const nlohmann::ordered_json& record) : record_(record) {}

  const std::string& allocation_id() const;
  const std::string& public_ip() const;
  bool associated() const;
  const std::string& association_id() const;  // "" when not associated
  const std::string& instance_id() const;     // "" when not associated

 private:
  const nlohmann::ordered_json& record_;
};

// A snapshot of the account's own (the catalog's are never stored).
class SnapshotRecord {
 public:
  explicit SnapshotRecord(const nlohmann::ordered_json& record) : record_(record) {}

  const std::string& id() const;
  const std::string& state() const;  // pending, completed, error
  const std::string& owner_id() const;
  const std::string& owner_alias() const;  // "amazon" for Amazon's, else ""
  std::int64_t started_at() const;         // ms since the epoch; 0 when unknown
  bool encrypted() const;

 private:
  const nlohmann::ordered_json& record_;
};

// An AMI of the account's own.
class ImageRecord {
 public:
  explicit ImageRecord(const nlohmann::ordered_json& record) : record_(record) {}

  const std::string& id() const;
  const std::string& name() const;
  const std::string& state() const;  // pending, available, failed
  bool is_public() const;
  const nlohmann::ordered_json& launch_permissions() const;    // [{UserId}] besides the public flag
  const nlohmann::ordered_json& block_device_mappings() const;

 private:
  const nlohmann::ordered_json& record_;
};

}  // namespace ec2sim::sim
