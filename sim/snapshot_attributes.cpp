// Snapshot attributes: createVolumePermission — sharing a snapshot with other accounts of
// this server (by id) or with everyone (`all`) — and productCodes (none: ec2sim has no
// Marketplace). Describe, Modify (the CreateVolumePermission.Add/Remove form and the older
// OperationType/UserIds/GroupNames one), Reset. An account a snapshot is shared with sees
// it in DescribeSnapshots and may make volumes from it and copy it (sim/snapshots.cpp).
#include <regex>

#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/records.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/snapshots.hpp"
#include "sim/volumes.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

void check_attribute(const std::string& attribute, bool modifiable) {
  if (attribute == "createVolumePermission" || (!modifiable && attribute == "productCodes")) return;
  throw ApiError::invalid_value("Value (" + attribute + ") for parameter attribute is invalid. " +
                                (modifiable ? "Only createVolumePermission can be changed."
                                            : "Valid values: createVolumePermission, productCodes."));
}

// One permission as AWS takes it: an account id, or the group `all`.
void check_permission(const json& p) {
  static const std::regex kAccount("[0-9]{12}");
  if (p.contains("UserId") == p.contains("Group"))
    throw ApiError::invalid_combination("A create volume permission names either a UserId or the Group 'all'.");
  if (p.contains("UserId") && !std::regex_match(p.at("UserId").get<std::string>(), kAccount))
    throw ApiError::client("InvalidUserID.Malformed", "Invalid user id: \"" + p.at("UserId").get<std::string>() + "\"");
  if (p.contains("Group") && p.at("Group") != "all")
    throw ApiError::invalid_value("Invalid attribute item value \"" + p.at("Group").get<std::string>() + "\" for UserGroup item type.");
}

// What AWS refuses to share of an encrypted snapshot.
void check_shareable(const json& snapshot, const json& added) {
  if (!SnapshotRecord(snapshot).encrypted()) return;
  for (const auto& p : added) {
    if (p.contains("Group"))
      throw ApiError::client("UnsupportedOperation", "Encrypted snapshots can't be shared publicly. Specify another snapshot.");
    if (is_default_ebs_key(snapshot.value("KmsKeyId", "")))
      throw ApiError::client("OperationNotPermitted", "Encrypted snapshots with EBS default key cannot be shared");
  }
}

}  // namespace

json describe_snapshot_attribute(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("SnapshotId").get<std::string>();
  const std::string attribute = input.at("Attribute").get<std::string>();
  check_attribute(attribute, false);
  const json snapshot = ctx.store.read([&](const store::Reader& r) { return owned_snapshot(r, ctx, id); });
  json out = {{"SnapshotId", id}};
  if (attribute == "createVolumePermission")
    out["CreateVolumePermissions"] = snapshot.value("_CreateVolumePermissions", json::array());
  else
    out["ProductCodes"] = json::array();
  return out;
}

json modify_snapshot_attribute(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("SnapshotId").get<std::string>();
  check_attribute(input.value("Attribute", "createVolumePermission"), true);
  json add = json::array(), remove = json::array();
  if (auto given = input.find("CreateVolumePermission"); given != input.end()) {
    add = given->value("Add", json::array());
    remove = given->value("Remove", json::array());
  }
  const std::string operation = input.value("OperationType", "");
  if ((input.contains("UserIds") || input.contains("GroupNames")) && operation != "add" && operation != "remove")
    throw ApiError::missing_parameter("The request must contain the parameter OperationType (add or remove) with UserIds or GroupNames.");
  for (const auto& user : input.value("UserIds", json::array())) (operation == "remove" ? remove : add).push_back({{"UserId", user}});
  for (const auto& group : input.value("GroupNames", json::array())) (operation == "remove" ? remove : add).push_back({{"Group", group}});
  if (add.empty() && remove.empty())
    throw ApiError::missing_parameter("The request must contain the parameter createVolumePermission (Add or Remove).");
  for (const auto& p : add) check_permission(p);
  for (const auto& p : remove) check_permission(p);
  ctx.store.write([&](store::Writer& w) {
    json snapshot = owned_snapshot(w, ctx, id);
    check_shareable(snapshot, add);
    json permissions = snapshot.value("_CreateVolumePermissions", json::array());
    for (const auto& p : add)
      if (std::find(permissions.begin(), permissions.end(), p) == permissions.end()) permissions.push_back(p);
    for (const auto& p : remove) permissions.erase(std::remove(permissions.begin(), permissions.end(), p), permissions.end());
    if (permissions.empty()) snapshot.erase("_CreateVolumePermissions");
    else snapshot["_CreateVolumePermissions"] = std::move(permissions);
    w.put(ctx.scope(), kind::snapshot, id, std::move(snapshot));
  });
  return json::object();
}

json reset_snapshot_attribute(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("SnapshotId").get<std::string>();
  check_attribute(input.at("Attribute").get<std::string>(), true);
  ctx.store.write([&](store::Writer& w) {
    json snapshot = owned_snapshot(w, ctx, id);
    snapshot.erase("_CreateVolumePermissions");  // shared with no one
    w.put(ctx.scope(), kind::snapshot, id, std::move(snapshot));
  });
  return json::object();
}

}  // namespace ec2sim::sim
