// Placement groups, as RunInstances sees them: the group a launch names, checked against
// the strategy's rules (the operations themselves are in sim/handlers.hpp).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "sim/context.hpp"

namespace ec2sim::sim {

// Where a launch's instances go inside their placement group.
struct GroupPlacement {
  const nlohmann::ordered_json* group = nullptr;  // null: the launch names no group
  std::vector<int> partitions;                    // partition strategy: one per instance
};

// The placement group the request's Placement names (GroupName or GroupId), checked for
// `count` instances of `type` in `zone`:
//   - it must exist (InvalidPlacementGroup.Unknown);
//   - cluster: no burstable types (InvalidParameterCombination), and one zone for the
//     whole group (InvalidPlacementGroup.InUse);
//   - spread: at most seven running instances per zone (InsufficientInstanceCapacity);
//   - partition: PartitionNumber within the group's partitions, else each instance goes
//     to the partition with the fewest instances.
GroupPlacement place_in_group(const RequestContext& ctx, const store::Reader& w, const nlohmann::ordered_json& input,
                              const catalog::InstanceType& type, const std::string& zone, int count);

}  // namespace ec2sim::sim
