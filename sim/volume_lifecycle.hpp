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

// Volumes and volume modifications are timed kinds (sim/timed_kinds.hpp); these advance
// one document once due, and are also called on a state just entered (instant timing).

// Performs the volume's transitions that are due; `w` is for the instance it concerns.
// Always true: a volume never goes by itself.
bool advance_volume(store::Writer& w, const RequestContext& ctx, nlohmann::ordered_json& volume);

// Advances a volume modification (type "volume-modification", keyed by volume id). Always true.
bool advance_modification(store::Writer& w, const RequestContext& ctx, nlohmann::ordered_json& modification);

}  // namespace ec2sim::sim
