// EBS snapshots: CreateSnapshot, CreateSnapshots, DescribeSnapshots, CopySnapshot,
// DeleteSnapshot (sim/handlers.hpp), and what other files need of them. A snapshot is a
// point-in-time copy of its volume's files (sim/guest_storage.hpp), pending until
// Timing.snapshot_completing has passed, then completed.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

// The snapshot a volume may start from: one of the account's (completed), or an AMI's
// root snapshot from the catalog. Returns its VolumeSize; throws InvalidSnapshot.Malformed,
// InvalidSnapshot.NotFound, or IncorrectState while it is pending.
int snapshot_size(const store::Reader& w, const RequestContext& ctx, const std::string& snapshot_id);

// A new pending snapshot of `volume` (its files captured once the write commits), stored;
// returns it as CreateSnapshot answers (pending).
nlohmann::ordered_json take_snapshot(store::Writer& w, const RequestContext& ctx, const nlohmann::ordered_json& volume,
                                     const std::string& description, const nlohmann::ordered_json& tags);

// CopySnapshot inside the write `w` (CopyImage copies an image's snapshots this way):
// a new pending snapshot in ctx's Region holding the source's files. Amazon's public
// snapshots can be copied too.
nlohmann::ordered_json copy_snapshot_within(store::Writer& w, const RequestContext& ctx, const std::string& source_region,
                                            const std::string& source_id, const std::string& description,
                                            const nlohmann::ordered_json& tags, bool encrypted);

// Completes a pending snapshot once due (snapshots are a timed kind, sim/timed_kinds.hpp).
bool advance_snapshot(store::Writer& w, const RequestContext& ctx, nlohmann::ordered_json& snapshot);

}  // namespace ec2sim::sim
