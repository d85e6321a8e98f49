// Snapshot storage tiers (sim/snapshot_tiers.cpp): what the snapshots' own code needs.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

// Finishes an archival or a restore that has come due, and sends a temporarily restored
// snapshot back to the archive tier when its restore expires. Part of advance_snapshot.
void advance_tiering(nlohmann::ordered_json& snapshot, const RequestContext& ctx);

// An archived snapshot makes no volume and no copy until restored: IncorrectState.
void require_standard_tier(const nlohmann::ordered_json& snapshot);

}  // namespace ec2sim::sim
