#include "sim/records.hpp"

#include <algorithm>

#include "sim/document_view.hpp"
#include "sim/instance_view.hpp"
#include "sim/volumes.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

const std::string& text_of(const json& value) {
  static const std::string kEmpty;
  return value.is_string() ? value.get_ref<const std::string&>() : kEmpty;
}

const json& list_of(const json& value) {
  static const json kEmpty = json::array();
  return value.is_array() ? value : kEmpty;
}

template <class T>
T number_of(const json& value) {
  return value.is_number() ? value.get<T>() : T{};
}

bool flag_of(const json& value) { return value.is_boolean() && value.get<bool>(); }

}  // namespace

// --- InstanceRecord

const std::string& InstanceRecord::id() const { return text_of(own_member(record_, "InstanceId")); }
const std::string& InstanceRecord::state() const { return text_of(own_member(state_document(), "Name")); }
bool InstanceRecord::in(std::initializer_list<std::string_view> states) const {
  return std::find(states.begin(), states.end(), state()) != states.end();
}
const json& InstanceRecord::state_document() const { return own_member(record_, "State"); }
const std::string& InstanceRecord::instance_type() const { return text_of(own_member(record_, "InstanceType")); }
const std::string& InstanceRecord::image_id() const { return text_of(own_member(record_, "ImageId")); }
const std::string& InstanceRecord::image_name() const { return text_of(own_member(record_, "_ImageName")); }
const std::string& InstanceRecord::platform() const { return text_of(own_member(record_, "Platform")); }
const std::string& InstanceRecord::architecture() const { return text_of(own_member(record_, "Architecture")); }
const std::string& InstanceRecord::root_device_name() const { return text_of(own_member(record_, "RootDeviceName")); }
const std::string& InstanceRecord::availability_zone() const {
  return text_of(own_member(own_member(record_, "Placement"), "AvailabilityZone"));
}
const std::string& InstanceRecord::placement_group() const {
  return text_of(own_member(own_member(record_, "Placement"), "GroupName"));
}
const std::string& InstanceRecord::reservation_id() const { return text_of(own_member(record_, "_ReservationId")); }
const std::string& InstanceRecord::launch_time() const { return text_of(own_member(record_, "LaunchTime")); }
int InstanceRecord::launch_index() const {
  return number_of<int>(own_or_default(record_, instance_view(), "AmiLaunchIndex"));
}
const std::string& InstanceRecord::subnet_id() const { return text_of(own_member(record_, "SubnetId")); }
const std::string& InstanceRecord::vpc_id() const { return text_of(own_member(record_, "VpcId")); }
const std::string& InstanceRecord::private_ip() const { return text_of(own_member(record_, "PrivateIpAddress")); }
const std::string& InstanceRecord::network_interface_id() const { return text_of(own_member(record_, "_EniId")); }
const std::string& InstanceRecord::public_ip() const { return text_of(own_member(record_, "PublicIpAddress")); }
bool InstanceRecord::public_ip_on_launch() const { return flag_of(own_member(record_, "_PublicIpOnLaunch")); }
const std::string& InstanceRecord::elastic_ip() const { return text_of(own_member(record_, "_ElasticIp")); }
const std::string& InstanceRecord::key_name() const { return text_of(own_member(record_, "KeyName")); }
const std::string& InstanceRecord::lifecycle() const { return text_of(own_member(record_, "InstanceLifecycle")); }
const std::string& InstanceRecord::shutdown_behavior() const {
  return text_of(own_or_default(record_, instance_view(), "_ShutdownBehavior"));
}
bool InstanceRecord::termination_protected() const {
  return flag_of(own_or_default(record_, instance_view(), "_DisableApiTermination"));
}
bool InstanceRecord::stop_protected() const {
  return flag_of(own_or_default(record_, instance_view(), "_DisableApiStop"));
}
bool InstanceRecord::ebs_optimized() const { return flag_of(own_or_default(record_, instance_view(), "EbsOptimized")); }
bool InstanceRecord::ena_support() const { return flag_of(own_or_default(record_, instance_view(), "EnaSupport")); }
std::int64_t InstanceRecord::status_ok_at() const { return number_of<std::int64_t>(own_member(record_, "_StatusOkAt")); }
const json& InstanceRecord::security_groups() const { return list_of(own_member(record_, "SecurityGroups")); }
const json& InstanceRecord::block_device_mappings() const { return list_of(own_member(record_, "BlockDeviceMappings")); }
const json& InstanceRecord::instance_store() const { return list_of(own_member(record_, "_InstanceStore")); }
const json& InstanceRecord::tags() const { return list_of(own_member(record_, "Tags")); }

// --- VolumeRecord

const std::string& VolumeRecord::id() const { return text_of(own_member(record_, "VolumeId")); }
const std::string& VolumeRecord::state() const { return text_of(own_member(record_, "State")); }
const std::string& VolumeRecord::volume_type() const { return text_of(own_member(record_, "VolumeType")); }
const std::string& VolumeRecord::availability_zone() const { return text_of(own_member(record_, "AvailabilityZone")); }
const std::string& VolumeRecord::snapshot_id() const { return text_of(own_member(record_, "SnapshotId")); }
int VolumeRecord::size_gib() const { return number_of<int>(own_member(record_, "Size")); }
int VolumeRecord::iops() const { return number_of<int>(own_member(record_, "Iops")); }
int VolumeRecord::throughput() const { return number_of<int>(own_member(record_, "Throughput")); }
bool VolumeRecord::encrypted() const { return flag_of(own_or_default(record_, volume_view(), "Encrypted")); }
bool VolumeRecord::multi_attach_enabled() const {
  return flag_of(own_or_default(record_, volume_view(), "MultiAttachEnabled"));
}
const json& VolumeRecord::attachments() const { return list_of(own_member(record_, "Attachments")); }
const json& VolumeRecord::tags() const { return list_of(own_member(record_, "Tags")); }

// --- AddressRecord

const std::string& AddressRecord::allocation_id() const { return text_of(own_member(record_, "AllocationId")); }
const std::string& AddressRecord::public_ip() const { return text_of(own_member(record_, "PublicIp")); }
bool AddressRecord::associated() const { return record_.contains("AssociationId"); }
const std::string& AddressRecord::association_id() const { return text_of(own_member(record_, "AssociationId")); }
const std::string& AddressRecord::instance_id() const { return text_of(own_member(record_, "InstanceId")); }

// --- SnapshotRecord

const std::string& SnapshotRecord::id() const { return text_of(own_member(record_, "SnapshotId")); }
const std::string& SnapshotRecord::state() const { return text_of(own_member(record_, "State")); }
const std::string& SnapshotRecord::owner_id() const { return text_of(own_member(record_, "OwnerId")); }
const std::string& SnapshotRecord::owner_alias() const { return text_of(own_member(record_, "OwnerAlias")); }
bool SnapshotRecord::encrypted() const { return flag_of(own_member(record_, "Encrypted")); }
std::int64_t SnapshotRecord::started_at() const { return number_of<std::int64_t>(own_member(record_, "_StartedAt")); }

// --- ImageRecord

const std::string& ImageRecord::id() const { return text_of(own_member(record_, "ImageId")); }
const std::string& ImageRecord::name() const { return text_of(own_member(record_, "Name")); }
const std::string& ImageRecord::state() const { return text_of(own_member(record_, "State")); }
bool ImageRecord::is_public() const { return flag_of(own_member(record_, "Public")); }
const json& ImageRecord::launch_permissions() const { return list_of(own_member(record_, "_LaunchPermissions")); }
const json& ImageRecord::block_device_mappings() const { return list_of(own_member(record_, "BlockDeviceMappings")); }

}  // namespace ec2sim::sim
