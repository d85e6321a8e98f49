// Placement groups: CreatePlacementGroup, DescribePlacementGroups, DeletePlacementGroup,
// and the rules a launch into one must follow (sim/placement_groups.hpp).
#include "sim/placement_groups.hpp"
#include "sim/records.hpp"

#include <algorithm>
#include <map>

#include "sim/describe.hpp"
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/resource_ids.hpp"
#include "sim/tags.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;
constexpr int kMaxPartitions = 7;
constexpr int kSpreadPerZone = 7;  // a rack spread group: seven running instances per zone

const FilterTable& placement_group_filters() {
  static const FilterTable table{{
                                     {"group-name", Path::path("GroupName")},
                                     {"group-arn", Path::path("GroupArn")},
                                     {"spread-level", Path::path("SpreadLevel")},
                                     {"state", Path::path("State")},
                                     {"strategy", Path::path("Strategy")},
                                 },
                                 /*has_tags=*/true};
  return table;
}

ApiError unknown(const std::string& name) {
  return ApiError::client("InvalidPlacementGroup.Unknown", "The Placement Group '" + name + "' is unknown.");
}

const json* find_group_by_name(const store::Documents& groups, const std::string& name) {
  for (const auto& [id, g] : groups)
    if (g.at("GroupName") == name) return &g;
  return nullptr;
}

// The account's instances in `group_name` that still hold a place in it.
std::vector<const json*> members_of(const RequestContext& ctx, const store::Reader& w, const std::string& group_name) {
  std::vector<const json*> out;
  for (const auto& [id, i] : w.all(ctx.scope(), kind::instance)) {
    if (InstanceRecord(i).placement_group() != group_name) continue;
    if (InstanceRecord(i).state() != "terminated") out.push_back(&i);
  }
  return out;
}

}  // namespace

json create_placement_group(const RequestContext& ctx, const json& input) {
  const std::string name = input.value("GroupName", "");
  if (name.empty()) throw ApiError::missing_parameter("The request must contain the parameter GroupName");
  if (name.size() > 255 || !std::all_of(name.begin(), name.end(), [](char c) { return c >= 0x20 && c < 0x7F; }))
    throw ApiError::invalid_value("Placement group names must be 1 to 255 ASCII characters; '" + name + "' is not.");
  if (!input.contains("Strategy")) throw ApiError::missing_parameter("The request must contain the parameter Strategy");
  const std::string strategy = input.at("Strategy").get<std::string>();
  if (input.contains("PartitionCount") && strategy != "partition")
    throw ApiError::invalid_combination("PartitionCount can be given only for a placement group with the partition strategy.");
  if (input.contains("SpreadLevel") && strategy != "spread")
    throw ApiError::invalid_combination("SpreadLevel can be given only for a placement group with the spread strategy.");
  const int partitions = input.value("PartitionCount", 2);  // AWS's default for a partition group
  if (partitions < 1 || partitions > kMaxPartitions)
    throw ApiError::invalid_value("PartitionCount must be between 1 and 7; " + std::to_string(partitions) + " is not.");
  const std::string spread_level = input.value("SpreadLevel", "rack");
  if (spread_level == "host")
    throw ApiError::invalid_value("Host-level spread placement groups are available only on AWS Outposts.");
  json tags = tags_for(input, kind::placement_group);

  return ctx.store.write([&](store::Writer& w) {
    if (find_group_by_name(w.all(ctx.scope(), kind::placement_group), name))
      throw ApiError::client("InvalidPlacementGroup.Duplicate", "The Placement Group '" + name + "' already exists.");
    const std::string id = new_id("pg");
    json group = {{"_Id", id},
                  {"GroupName", name},
                  {"State", "available"},
                  {"Strategy", strategy},
                  {"GroupId", id},
                  {"Tags", tags},
                  {"GroupArn", "arn:aws:ec2:" + ctx.region.name + ":" + ctx.account_id + ":placement-group/" + name}};
    if (strategy == "partition") group["PartitionCount"] = partitions;
    if (strategy == "spread") group["SpreadLevel"] = spread_level;
    w.put(ctx.scope(), kind::placement_group, id, group);
    return json{{"PlacementGroup", std::move(group)}};
  });
}

json describe_placement_groups(const RequestContext& ctx, const json& input) {
  json request = input;
  if (auto names = input.find("GroupNames"); names != input.end() && !names->empty()) {
    const auto groups = ctx.store.list(ctx.scope(), kind::placement_group);
    for (const auto& name : *names)
      if (std::none_of(groups.begin(), groups.end(), [&](const json& g) { return g.at("GroupName") == name; }))
        throw unknown(name.get<std::string>());
    // Naming groups narrows the answer exactly as a group-name filter does.
    request["Filters"].push_back({{"Name", "group-name"}, {"Values", *names}});
  }
  return describe_resources(ctx, request,
                            {kind::placement_group, "GroupIds", "InvalidPlacementGroup.Unknown", "placement group", "placement groups",
                             placement_group_filters(),
                             "PlacementGroups"});
}

json delete_placement_group(const RequestContext& ctx, const json& input) {
  const std::string name = input.value("GroupName", "");
  if (name.empty()) throw ApiError::missing_parameter("The request must contain the parameter GroupName");
  ctx.store.write([&](store::Writer& w) {
    const json* group = find_group_by_name(w.all(ctx.scope(), kind::placement_group), name);
    if (!group) throw unknown(name);
    if (!members_of(ctx, w, name).empty())
      throw ApiError::client("InvalidPlacementGroup.InUse",
                             "The placement group '" + name + "' is in use and may not be deleted.");
    const std::string id = group->at("GroupId").get<std::string>();
    w.erase(ctx.scope(), kind::placement_group, id);
  });
  return json::object();
}

GroupPlacement place_in_group(const RequestContext& ctx, const store::Reader& w, const json& input,
                              const catalog::InstanceType& type, const std::string& zone, int count) {
  const json placement = input.value("Placement", json::object());
  const std::string name = placement.value("GroupName", "");
  const std::string id = placement.value("GroupId", "");
  GroupPlacement out;
  if (name.empty() && id.empty()) {
    if (placement.contains("PartitionNumber"))
      throw ApiError::invalid_combination("A partition number can be given only with a partition placement group.");
    return out;
  }
  out.group = id.empty() ? find_group_by_name(w.all(ctx.scope(), kind::placement_group), name) : w.find(ctx.scope(), kind::placement_group, id);
  if (!out.group) throw unknown(id.empty() ? name : id);
  const json& group = *out.group;
  if (!name.empty() && group.at("GroupName") != name)
    throw ApiError::invalid_combination("Placement group " + id + " is not named '" + name + "'.");
  const std::string group_name = group.at("GroupName").get<std::string>();
  const std::string strategy = group.at("Strategy").get<std::string>();
  const auto members = members_of(ctx, w, group_name);

  if (placement.contains("PartitionNumber") && strategy != "partition")
    throw ApiError::invalid_combination("A partition number can be given only with a partition placement group.");
  if (strategy == "cluster") {
    if (type.info.value("BurstablePerformanceSupported", false))
      throw ApiError::invalid_combination("Cluster placement groups are not supported by the '" + type.name +
                                          "' instance type. Specify a supported instance type or change the placement "
                                          "group strategy, and try again.");
    for (const auto* m : members) {
      const std::string used = InstanceRecord(*m).availability_zone();
      if (used != zone)
        throw ApiError::client("InvalidPlacementGroup.InUse",
                               "The placement group '" + group_name + "' is in use in another availability zone: " + used);
    }
  } else if (strategy == "spread") {
    const auto running = std::count_if(members.begin(), members.end(), [&](const json* m) {
      const auto& state = m->at("State").at("Name");
      return InstanceRecord(*m).availability_zone() == zone && (state == "pending" || state == "running");
    });
    if (running + count > kSpreadPerZone)
      throw ApiError::client("InsufficientInstanceCapacity",
                             "The spread placement group '" + group_name + "' already has " + std::to_string(running) +
                                 " running instances in " + zone + "; a rack spread placement group holds at most " +
                                 std::to_string(kSpreadPerZone) + " per Availability Zone.");
  } else if (strategy == "partition") {
    const int partitions = group.at("PartitionCount").get<int>();
    if (placement.contains("PartitionNumber")) {
      const int asked = placement.at("PartitionNumber").get<int>();
      if (asked < 1 || asked > partitions)
        throw ApiError::invalid_value("Partition number " + std::to_string(asked) + " is not valid for placement group '" +
                                      group_name + "', which has " + std::to_string(partitions) + " partitions.");
      out.partitions.assign(static_cast<std::size_t>(count), asked);
    } else {
      // Like AWS, spread the launch evenly: each instance into the least used partition.
      std::map<int, int> used;
      for (int p = 1; p <= partitions; ++p) used[p] = 0;
      for (const auto* m : members) ++used[m->at("Placement").value("PartitionNumber", 1)];
      for (int n = 0; n < count; ++n) {
        auto least = std::min_element(used.begin(), used.end(),
                                      [](const auto& a, const auto& b) { return a.second < b.second; });
        out.partitions.push_back(least->first);
        ++least->second;
      }
    }
  }
  return out;
}

}  // namespace ec2sim::sim
