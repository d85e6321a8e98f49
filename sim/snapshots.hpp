// EBS snapshots: CreateSnapshot, CreateSnapshots, DescribeSnapshots, CopySnapshot,
// DeleteSnapshot (sim/handlers.hpp), and what other files need of them. A snapshot is a
// point-in-time copy of its volume's files (sim/guest_storage.hpp), pending until
// Timing.snapshot_completing has passed, then completed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"
#include "sim/errors.hpp"

namespace ec2sim::sim {

// A snapshot the account may make volumes from, and whose it is.
struct RestorableSnapshot {
  nlohmann::ordered_json snapshot;
  std::string owner;  // another account's id for one shared with this one; "" for its own or Amazon's
};
// The account's own snapshot, one another account shared with it (createVolumePermission:
// its id, or `all`) in the same Region, or an AMI's root snapshot from the catalog; nullopt
// for none. Throws InvalidSnapshot.Malformed for what is not a snapshot id.
std::optional<RestorableSnapshot> find_restorable_snapshot(const store::Reader& r, const RequestContext& ctx,
                                                           const std::string& snapshot_id);
// The same, required completed: InvalidSnapshot.NotFound, or IncorrectState while pending.
RestorableSnapshot restorable_snapshot(const store::Reader& r, const RequestContext& ctx, const std::string& snapshot_id);
// Its VolumeSize: the least a volume made from it may have.
int snapshot_size(const store::Reader& w, const RequestContext& ctx, const std::string& snapshot_id);

// A copy of one of the account's own snapshots, which only the owner may change or read
// the attributes of; throws InvalidSnapshot.Malformed or InvalidSnapshot.NotFound.
nlohmann::ordered_json owned_snapshot(const store::Reader& r, const RequestContext& ctx, const std::string& snapshot_id);

// Is the snapshot shared with `account` (createVolumePermission names it, or `all`)?
bool shared_with(const nlohmann::ordered_json& snapshot, const std::string& account);
// InvalidSnapshot.Malformed for what is not a snapshot id; the NotFound error for ids.
void check_snapshot_id(const std::string& id);
ApiError snapshot_not_found(const std::vector<std::string>& ids);

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
