#include "sim/own_images.hpp"
#include "sim/records.hpp"

#include <regex>

#include "sim/due.hpp"
#include "sim/errors.hpp"
#include "sim/instance_lifecycle.hpp"
#include "sim/instances.hpp"
#include "sim/client_tokens.hpp"
#include "sim/handlers.hpp"
#include "sim/resource_ids.hpp"
#include "sim/snapshots.hpp"
#include "sim/tags.hpp"
#include "sim/time_format.hpp"
#include "sim/timed_kinds.hpp"
#include "sim/volumes.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

ApiError image_not_found(const std::string& id) {
  return ApiError::client("InvalidAMIID.NotFound", "The image id '[" + id + "]' does not exist");
}

void check_name(const store::Reader& w, const RequestContext& ctx, const std::string& name) {
  static const std::regex kName(R"([a-zA-Z0-9()\[\] ./\-'@_]{3,128})");
  if (!std::regex_match(name, kName))
    throw ApiError::client("InvalidAMIName.Malformed",
                           "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, "
                           "'(', ')', '.', '-', '/', '_', ' ', '[', ']', '@' and '''; '" + name + "' is not.");
  for (const auto& [id, image] : w.all(ctx.scope(), kind::image))
    if (ImageRecord(image).name() == name)
      throw ApiError::client("InvalidAMIName.Duplicate", "AMI name " + name + " is already in use by AMI " + id);
}

// The image's snapshots still pending, and when the last of them is due to complete (0
// when none of them waits on time).
struct PendingSnapshots {
  bool any = false;
  std::int64_t last_due = kNothingDue;
};

PendingSnapshots pending_snapshots(const store::Reader& w, const RequestContext& ctx, const json& image) {
  PendingSnapshots pending;
  for (const auto& m : ImageRecord(image).block_device_mappings()) {
    const std::string snapshot = m.value("Ebs", json::object()).value("SnapshotId", "");
    if (snapshot.empty()) continue;
    const json* s = w.find(ctx.scope(), kind::snapshot, snapshot);
    if (!s || s->at("State") == "completed") continue;
    pending.any = true;
    pending.last_due = std::max(pending.last_due, s->value("_DueAt", kNothingDue));
  }
  return pending;
}

// A new image document; pending until its snapshots complete.
json image_document(const RequestContext& ctx, const std::string& name, const std::string& description,
                    const json& like, json mappings, const json& tags) {
  const std::string id = new_id("ami");
  json image = {{"_Id", id},
                {"_ImageName", like.value("_ImageName", like.value("Name", name))},  // the OS, for boot logs
                {"Architecture", like.value("Architecture", "x86_64")},
                {"CreationDate", format_iso8601(ctx.now)},
                {"ImageId", id},
                {"ImageLocation", ctx.account_id + "/" + name},
                {"ImageType", "machine"},
                {"Public", false},
                {"OwnerId", ctx.account_id},
                {"PlatformDetails", like.value("PlatformDetails", "Linux/UNIX")},
                {"UsageOperation", like.value("UsageOperation", "RunInstances")},
                {"State", "pending"},
                {"BlockDeviceMappings", std::move(mappings)},
                {"Description", description},
                {"EnaSupport", like.value("EnaSupport", true)},
                {"Hypervisor", "xen"},
                {"Name", name},
                {"RootDeviceName", like.value("RootDeviceName", "/dev/xvda")},
                {"RootDeviceType", "ebs"},
                {"SriovNetSupport", "simple"},
                {"Tags", tags},
                {"VirtualizationType", "hvm"},
                {"_LaunchPermissions", json::array()}};
  for (const char* key : {"Platform", "BootMode", "ImdsSupport"})
    if (like.contains(key)) image[key] = like.at(key);
  return image;
}

void store_image(store::Writer& w, const RequestContext& ctx, json image) {
  advance_image(w, ctx, image);  // due when its snapshots are, or available at once
  const std::string id = ImageRecord(image).id();
  w.put(ctx.scope(), kind::image, id, std::move(image));
}

}  // namespace

std::vector<catalog::Image> own_images(const store::Reader& w, const RequestContext& ctx) {
  std::vector<catalog::Image> out;
  for (const auto& [id, image] : w.all(ctx.scope(), kind::image)) out.push_back({id, image});
  return out;
}

std::optional<catalog::Image> find_own_image(const store::Reader& w, const RequestContext& ctx, const std::string& id) {
  if (const json* image = w.find(ctx.scope(), kind::image, id)) return catalog::Image{id, *image};
  for (auto& shared : images_shared_with(w, ctx))
    if (shared.id == id) return shared;
  return std::nullopt;
}

std::vector<catalog::Image> images_shared_with(const store::Reader& w, const RequestContext& ctx) {
  std::vector<catalog::Image> out;
  for (auto& [account, image] : w.across_accounts(kind::image, ctx.region.name)) {
    if (account == ctx.account_id || ImageRecord(image).state() != "available") continue;
    const json me = {{"UserId", ctx.account_id}};
    const auto& permissions = ImageRecord(image).launch_permissions();
    if (ImageRecord(image).is_public() || std::find(permissions.begin(), permissions.end(), me) != permissions.end()) {
      std::string id = ImageRecord(image).id();
      out.push_back({std::move(id), std::move(image)});
    }
  }
  return out;
}

bool advance_image(store::Writer& w, const RequestContext& ctx, json& image) {
  image["_DueAt"] = kNothingDue;
  if (ImageRecord(image).state() != "pending") return true;
  // Snapshots settle before images (sim/timed_kinds.cpp), so one completing now counts.
  const PendingSnapshots pending = pending_snapshots(w, ctx, image);
  if (!pending.any)
    image["State"] = "available";
  else
    image["_DueAt"] = pending.last_due;  // due with its last snapshot
  return true;
}

json create_image(const RequestContext& ctx, const json& input) {
  const std::string name = input.at("Name").get<std::string>();
  auto tags_of = tags_by_type(input, {"image", "snapshot"});
  const json tags = tags_of.contains("image") ? tags_of.at("image") : json::array();
  const json snapshot_tags = tags_of.contains("snapshot") ? tags_of.at("snapshot") : json::array();
  return ctx.store.write([&](store::Writer& w) {
    check_name(w, ctx, name);
    const json instance = instances_named(w, ctx, json::array({input.at("InstanceId")})).at(0);
    const std::string state = InstanceRecord(instance).state();
    if (state != "running" && state != "stopped")
      throw ApiError::client("IncorrectInstanceState", "The instance '" + InstanceRecord(instance).id() +
                                                           "' is not in the 'running' or 'stopped' state.");
    json like = instance;
    like["EnaSupport"] = InstanceRecord(instance).ena_support();  // a default the record may leave out
    if (const auto* source = ctx.catalog.find_image(ctx.region.name, InstanceRecord(instance).image_id()))
      for (const char* key : {"EnaSupport", "BootMode", "ImdsSupport", "Platform", "PlatformDetails", "UsageOperation"})
        if (source->info.contains(key)) like[key] = source->info.at(key);
    // A snapshot of every EBS volume, each mapped at the device it had.
    json mappings = json::array();
    for (const auto& m : InstanceRecord(instance).block_device_mappings()) {
      const json& stored = find_volume(w, ctx, m.at("Ebs").at("VolumeId").get<std::string>());
      const VolumeRecord volume(stored);
      const json snapshot = take_snapshot(w, ctx, stored, "Created by CreateImage(" +
                                          InstanceRecord(instance).id() + ") for " + name, snapshot_tags);
      json ebs = {{"DeleteOnTermination", m.at("Ebs").value("DeleteOnTermination", true)},
                  {"SnapshotId", snapshot.at("SnapshotId")},
                  {"VolumeSize", volume.size_gib()},
                  {"VolumeType", volume.volume_type()},
                  {"Encrypted", volume.encrypted()}};
      if (volume.iops() && volume.volume_type() != "gp2") ebs["Iops"] = volume.iops();
      if (volume.throughput()) ebs["Throughput"] = volume.throughput();
      mappings.push_back({{"DeviceName", m.at("DeviceName")}, {"Ebs", std::move(ebs)}});
    }
    // Instance-store volumes are mapped by name; their contents are never captured.
    for (const auto& v : InstanceRecord(instance).instance_store())
      mappings.push_back({{"DeviceName", v.at("DeviceName")}, {"VirtualName", v.at("VirtualName")}});
    json image = image_document(ctx, name, input.value("Description", ""), like, std::move(mappings), tags);
    const std::string id = ImageRecord(image).id();
    store_image(w, ctx, std::move(image));
    return json{{"ImageId", id}};
  });
}

json register_image(const RequestContext& ctx, const json& input) {
  const std::string name = input.at("Name").get<std::string>();
  if (input.contains("ImageLocation"))
    throw ApiError::client("InvalidParameterValue", "ec2sim registers EBS-backed images only (no ImageLocation).");
  const json mappings = input.value("BlockDeviceMappings", json::array());
  const std::string root = input.value("RootDeviceName", "/dev/xvda");
  const json tags = tags_for(input, "image");
  return ctx.store.write([&](store::Writer& w) {
    check_name(w, ctx, name);
    json checked = json::array();
    bool has_root = false;
    for (const auto& m : mappings) {
      json mapping = m;
      if (m.contains("Ebs")) {
        json& ebs = mapping["Ebs"];
        const std::string snapshot = ebs.value("SnapshotId", "");
        const int size = snapshot.empty() ? 0 : snapshot_size(w, ctx, snapshot);
        volume_spec_from(ebs, size, "gp2");  // the type's limits, as for a launch
        if (!ebs.contains("VolumeSize")) ebs["VolumeSize"] = size;
        if (!ebs.contains("DeleteOnTermination")) ebs["DeleteOnTermination"] = true;
        if (!ebs.contains("VolumeType")) ebs["VolumeType"] = "gp2";
        if (m.value("DeviceName", "") == root) has_root = !snapshot.empty();
      }
      checked.push_back(std::move(mapping));
    }
    if (!has_root)
      throw ApiError::invalid_combination("The root device " + root + " must be mapped to an EBS snapshot.");
    json like = {{"RootDeviceName", root}, {"Architecture", input.value("Architecture", "x86_64")},
                 {"EnaSupport", input.value("EnaSupport", true)}};
    if (input.contains("BootMode")) like["BootMode"] = input.at("BootMode");
    if (input.contains("ImdsSupport")) like["ImdsSupport"] = input.at("ImdsSupport");
    json image = image_document(ctx, name, input.value("Description", ""), like, std::move(checked), tags);
    const std::string id = ImageRecord(image).id();
    store_image(w, ctx, std::move(image));
    return json{{"ImageId", id}};
  });
}

json copy_image(const RequestContext& ctx, const json& input) {
  const std::string source_region = input.at("SourceRegion").get<std::string>();
  const std::string source_id = input.at("SourceImageId").get<std::string>();
  const std::string name = input.at("Name").get<std::string>();
  const auto* region = ctx.catalog.find_region(source_region);
  if (!region) throw ApiError::invalid_value("Invalid region: " + source_region);
  const RequestContext source{ctx.account_id, *region, ctx.catalog, ctx.store, ctx.now, ctx.settings};
  const json tags = tags_for(input, "image");
  return ctx.store.write([&](store::Writer& w) {
    if (const json* previous = replayed_call(w, ctx, "CopyImage", input)) return json{{"ImageId", previous->at("ImageId")}};
    settle(w, source);  // the source Region's own transitions (this one's are settled already)
    check_name(w, ctx, name);
    json original;
    if (auto own = find_own_image(w, source, source_id)) {
      original = own->info;
    } else if (const auto* image = ctx.catalog.find_image(source_region, source_id)) {
      original = image->info;
    }
    if (original.is_null()) throw image_not_found(source_id);
    if (original.value("State", "available") != "available")
      throw ApiError::client("IncorrectState", "The image '" + source_id + "' is not 'available'.");
    // Each snapshot copied into this Region (its files shared), then the image over them.
    json mappings = original.at("BlockDeviceMappings");
    for (auto& m : mappings) {
      if (!m.contains("Ebs") || !m.at("Ebs").contains("SnapshotId")) continue;
      const std::string snapshot = m.at("Ebs").at("SnapshotId").get<std::string>();
      json copied = copy_snapshot_within(w, ctx, source_region, snapshot,
                                         "Copied for DestinationAmi from " + source_id, json::array(), false);
      m["Ebs"]["SnapshotId"] = copied.at("SnapshotId");
      if (input.value("Encrypted", false)) m["Ebs"]["Encrypted"] = true;
    }
    json image = image_document(ctx, name, input.value("Description", original.value("Description", "")), original,
                                std::move(mappings), tags);
    const std::string id = ImageRecord(image).id();
    store_image(w, ctx, std::move(image));
    remember_call(w, ctx, "CopyImage", input, {{"ImageId", id}});
    return json{{"ImageId", id}};
  });
}

json deregister_image(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("ImageId").get<std::string>();
  if (!is_id(id, "ami")) throw ApiError::client("InvalidAMIID.Malformed", "Invalid id: \"" + id + "\" (expecting \"ami-...\")");
  ctx.store.write([&](store::Writer& w) {
    if (!w.find(ctx.scope(), kind::image, id)) throw image_not_found(id);
    w.erase(ctx.scope(), kind::image, id);  // its snapshots stay, as on AWS
  });
  return json::object();
}

json describe_image_attribute(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("ImageId").get<std::string>();
  const std::string attribute = input.at("Attribute").get<std::string>();
  return ctx.store.read([&](const store::Reader& w) {
    auto image = find_own_image(w, ctx, id);
    if (const auto* public_image = ctx.catalog.find_image(ctx.region.name, id); !image && public_image) image = *public_image;
    if (!image) throw image_not_found(id);
    const json& info = image->info;
    json out = {{"ImageId", id}};
    if (attribute == "description")
      out["Description"] = {{"Value", info.value("Description", "")}};
    else if (attribute == "launchPermission") {  // public or not, the grants to accounts and organizations stay
      json permissions = info.value("Public", false) ? json::array({{{"Group", "all"}}}) : json::array();
      for (const auto& p : ImageRecord(info).launch_permissions()) permissions.push_back(p);
      out["LaunchPermissions"] = std::move(permissions);
    }
    else if (attribute == "blockDeviceMapping")
      out["BlockDeviceMappings"] = info.at("BlockDeviceMappings");
    else if (attribute == "productCodes")
      out["ProductCodes"] = json::array();
    else if (attribute == "bootMode")
      out["BootMode"] = {{"Value", info.value("BootMode", "")}};
    else if (attribute == "sriovNetSupport")
      out["SriovNetSupport"] = {{"Value", info.value("SriovNetSupport", "simple")}};
    else if (attribute == "imdsSupport")
      out["ImdsSupport"] = {{"Value", info.value("ImdsSupport", "")}};
    else if (attribute == "kernel" || attribute == "ramdisk")
      ;  // HVM images have neither
    else
      throw ApiError::invalid_value("Value (" + attribute + ") for parameter attribute is invalid.");
    return out;
  });
}

namespace {

// One launch permission as AWS takes it: exactly one of an account id, the group `all`,
// an organization's or an organizational unit's ARN.
void check_launch_permission(const json& p) {
  static const std::regex kAccount("[0-9]{12}");
  static const std::regex kOrganization("arn:aws[a-z-]*:organizations::[0-9]{12}:organization/o-[a-z0-9]{10,32}");
  static const std::regex kUnit("arn:aws[a-z-]*:organizations::[0-9]{12}:ou/o-[a-z0-9]{10,32}/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}");
  auto item = [&](const char* key) { return p.value(key, ""); };
  auto invalid = [](const std::string& value, const char* type) {
    return ApiError::client("InvalidAMIAttributeItemValue",
                            "Invalid attribute item value \"" + value + "\" for " + type + " item type.");
  };
  if (p.size() != 1)
    throw ApiError::invalid_combination("A launch permission names one of UserId, Group, OrganizationArn or OrganizationalUnitArn.");
  if (p.contains("UserId") && !std::regex_match(item("UserId"), kAccount))
    throw ApiError::client("InvalidUserID.Malformed", "Invalid user id: \"" + item("UserId") + "\"");
  if (p.contains("Group") && item("Group") != "all") throw invalid(item("Group"), "UserGroup");
  if (p.contains("OrganizationArn") && !std::regex_match(item("OrganizationArn"), kOrganization))
    throw invalid(item("OrganizationArn"), "OrganizationArn");
  if (p.contains("OrganizationalUnitArn") && !std::regex_match(item("OrganizationalUnitArn"), kUnit))
    throw invalid(item("OrganizationalUnitArn"), "OrganizationalUnitArn");
}

}  // namespace

json modify_image_attribute(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("ImageId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    const json* found = w.find(ctx.scope(), kind::image, id);
    if (!found) throw image_not_found(id);
    json image = *found;
    if (auto d = input.find("Description"); d != input.end()) image["Description"] = d->value("Value", "");
    // Launch permissions: LaunchPermission.Add/Remove, or the older Attribute/OperationType/UserIds form.
    json add = json::array(), remove = json::array();
    if (auto lp = input.find("LaunchPermission"); lp != input.end()) {
      add = lp->value("Add", json::array());
      remove = lp->value("Remove", json::array());
    }
    const std::string operation = input.value("OperationType", "");
    for (const auto& user : input.value("UserIds", json::array()))
      (operation == "remove" ? remove : add).push_back({{"UserId", user}});
    for (const auto& group : input.value("UserGroups", json::array()))
      (operation == "remove" ? remove : add).push_back({{"Group", group}});
    for (const auto& arn : input.value("OrganizationArns", json::array()))
      (operation == "remove" ? remove : add).push_back({{"OrganizationArn", arn}});
    for (const auto& arn : input.value("OrganizationalUnitArns", json::array()))
      (operation == "remove" ? remove : add).push_back({{"OrganizationalUnitArn", arn}});
    for (const auto& p : add) check_launch_permission(p);
    for (const auto& p : remove) check_launch_permission(p);
    json permissions = ImageRecord(image).launch_permissions();
    for (const auto& p : add) {
      if (p.value("Group", "") == "all") image["Public"] = true;  // the grants to accounts stay
      else if (std::find(permissions.begin(), permissions.end(), p) == permissions.end()) permissions.push_back(p);
    }
    for (const auto& p : remove) {
      if (p.value("Group", "") == "all") image["Public"] = false;
      permissions.erase(std::remove(permissions.begin(), permissions.end(), p), permissions.end());
    }
    image["_LaunchPermissions"] = std::move(permissions);
    w.put(ctx.scope(), kind::image, id, std::move(image));
  });
  return json::object();
}

}  // namespace ec2sim::sim
