// EBS volumes over simulated time:
//
//   creating --(Timing.volume_creating)--> available
//   available --AttachVolume--> in-use, attachment attaching --(Timing.attaching)--> attached
//   attached --DetachVolume--> detaching --(Timing.detaching)--> available
//
//   ModifyVolume: modifying --(Timing.volume_modifying)--> optimizing (the new size, type,
//   IOPS and throughput in effect) --(Timing.volume_optimizing)--> completed
//
// The instance a volume attaches to shows the same attachment status in its
// BlockDeviceMappings, and loses the mapping when the detach completes.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

// Performs the volume's transitions that are due; `w` is for the instance it concerns.
void settle_volume(store::Writer& w, const RequestContext& ctx, nlohmann::ordered_json& volume);

// Advances a volume modification (type "volume-modification", keyed by volume id).
void settle_modification(store::Writer& w, const RequestContext& ctx, nlohmann::ordered_json& modification);

// Every due volume transition in the request's scope (called by settle(), which callers use).
bool any_volume_due(const store::Writer& w, const RequestContext& ctx);
void settle_volumes(store::Writer& w, const RequestContext& ctx);

}  // namespace ec2sim::sim
