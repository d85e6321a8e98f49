// EBS snapshots: CreateSnapshot, CreateSnapshots, DescribeSnapshots, CopySnapshot,
// DeleteSnapshot (sim/operations.hpp), and what other files need of them. A snapshot is a
// point-in-time copy of its volume's files (sim/guest_storage.hpp), pending until
// Timing.snapshot_completing has passed, then completed.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

// The snapshot a volume may start from: one of the account's (completed), or an AMI's
// root snapshot from the catalog. Returns its VolumeSize; throws InvalidSnapshot.Malformed,
// InvalidSnapshot.NotFound, or IncorrectState while it is pending.
int snapshot_size(const store::Writer& w, const RequestContext& ctx, const std::string& snapshot_id);

// Due snapshot completions in the request's scope (called by settle()).
bool any_snapshot_due(const store::Writer& w, const RequestContext& ctx);
void settle_snapshots(store::Writer& w, const RequestContext& ctx);

}  // namespace ec2sim::sim
