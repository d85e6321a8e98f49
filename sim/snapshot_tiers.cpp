// Snapshot storage tiers: ModifySnapshotTier (standard -> archive), RestoreSnapshotTier
// (for some days, or for good) and DescribeSnapshotTierStatus. Archiving and restoring take
// Timing.snapshot_tiering of simulated time (AWS takes a day or three); an archived
// snapshot makes no volume or copy until restored, and a temporary restore goes back to
// the archive when it expires. The snapshot keeps the operation in `_Tiering`.
#include "sim/snapshot_tiers.hpp"

#include <algorithm>

#include "sim/describe.hpp"
#include "sim/due.hpp"
#include "sim/errors.hpp"
#include "sim/filters.hpp"
#include "sim/handlers.hpp"
#include "sim/records.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/snapshots.hpp"
#include "sim/time_format.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;
using Clock = std::chrono::system_clock;

std::string tier_of(const json& snapshot) { return snapshot.value("StorageTier", "standard"); }
std::string tiering_status(const json& snapshot) {
  return snapshot.value("_Tiering", json::object()).value("Status", "");
}
bool tiering_in_progress(const json& snapshot) { return tiering_status(snapshot).ends_with("-in-progress"); }

// Starts a tiering operation: done after Timing.snapshot_tiering (`days`: a temporary restore's).
void start(json& snapshot, const RequestContext& ctx, std::string_view status, int days = 0) {
  const auto due = epoch_ms(ctx.now + ctx.settings.timing.snapshot_tiering);
  json tiering = {{"Status", status}, {"StartTime", format_iso8601(ctx.now)}, {"StartedAt", epoch_ms(ctx.now)}, {"DueAt", due}};
  if (days > 0) tiering["Days"] = days;
  snapshot["_Tiering"] = std::move(tiering);
  snapshot["_DueAt"] = due;
}

// The row DescribeSnapshotTierStatus shows for a snapshot.
json tier_status(const json& snapshot, std::int64_t now_ms) {
  json row = {{"SnapshotId", snapshot.at("SnapshotId")},
              {"VolumeId", snapshot.value("VolumeId", "")},
              {"Status", snapshot.at("State")},
              {"OwnerId", snapshot.at("OwnerId")},
              {"Tags", snapshot.value("Tags", json::array())},
              {"StorageTier", tier_of(snapshot)}};
  if (const auto tiering = snapshot.find("_Tiering"); tiering != snapshot.end()) {
    const std::int64_t started = tiering->at("StartedAt").get<std::int64_t>(), due = tiering->at("DueAt").get<std::int64_t>();
    row["LastTieringStartTime"] = tiering->at("StartTime");
    row["LastTieringProgress"] =
        tiering_in_progress(snapshot) && due > started ? static_cast<int>(std::min<std::int64_t>(99, (now_ms - started) * 100 / (due - started))) : 100;
    row["LastTieringOperationStatus"] = tiering->at("Status");
  }
  for (const char* key : {"ArchivalCompleteTime", "RestoreExpiryTime"})
    if (snapshot.contains(key)) row[key] = snapshot.at(key);
  return row;
}

}  // namespace

void advance_tiering(json& snapshot, const RequestContext& ctx) {
  const std::int64_t now = epoch_ms(ctx.now);
  if (tiering_in_progress(snapshot) && snapshot.at("_Tiering").at("DueAt").get<std::int64_t>() <= now) {
    // No reference into `snapshot` is held across the members added below: adding one may move the rest.
    const std::string status = tiering_status(snapshot);
    const int days = snapshot.at("_Tiering").value("Days", 1);
    // When it finished (not when settling got to it: a clock moved far ahead counts from then).
    const Clock::time_point finished{std::chrono::milliseconds(snapshot.at("_Tiering").at("DueAt").get<std::int64_t>())};
    std::string done;
    if (status == "archival-in-progress") {
      snapshot["StorageTier"] = "archive";
      snapshot["ArchivalCompleteTime"] = format_iso8601(finished);
      snapshot.erase("_CreateVolumePermissions");  // AWS stops sharing an archived snapshot
      done = "archival-completed";
    } else if (status == "permanent-restore-in-progress") {
      snapshot["StorageTier"] = "standard";
      snapshot.erase("RestoreExpiryTime");
      snapshot.erase("_RestoreExpiresAt");
      done = "permanent-restore-completed";
    } else {  // temporary-restore-in-progress: standard for the days asked, then back to the archive
      snapshot["StorageTier"] = "standard";
      const auto expiry = finished + std::chrono::hours(24) * days;
      snapshot["RestoreExpiryTime"] = format_iso8601(expiry);
      snapshot["_RestoreExpiresAt"] = epoch_ms(expiry);
      done = "temporary-restore-completed";
    }
    snapshot["_Tiering"]["Status"] = done;
  }
  if (snapshot.contains("_RestoreExpiresAt") && snapshot.at("_RestoreExpiresAt").get<std::int64_t>() <= now) {
    snapshot["StorageTier"] = "archive";
    snapshot.erase("RestoreExpiryTime");
    snapshot.erase("_RestoreExpiresAt");
  }
  snapshot["_DueAt"] = tiering_in_progress(snapshot)            ? snapshot.at("_Tiering").at("DueAt")
                       : snapshot.contains("_RestoreExpiresAt") ? snapshot.at("_RestoreExpiresAt")
                                                                : json(kNothingDue);
}

void require_standard_tier(const json& snapshot) {
  if (tier_of(snapshot) == "archive")
    throw ApiError::client("IncorrectState", "The snapshot '" + snapshot.at("SnapshotId").get<std::string>() +
                                                 "' is in the archive tier; restore it (RestoreSnapshotTier) first.");
}

json modify_snapshot_tier(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("SnapshotId").get<std::string>();
  const std::string tier = input.value("StorageTier", "archive");
  if (tier != "archive") throw ApiError::invalid_value("Value (" + tier + ") for parameter storageTier is invalid. Valid values: archive.");
  return ctx.store.write([&](store::Writer& w) {
    json snapshot = owned_snapshot(w, ctx, id);
    if (SnapshotRecord(snapshot).state() != "completed")
      throw ApiError::client("IncorrectState", "Snapshot '" + id + "' is not 'completed'.");
    if (tier_of(snapshot) == "archive" || tiering_in_progress(snapshot))
      throw ApiError::client("IncorrectState", "Snapshot '" + id + "' is already archived, or being archived or restored.");
    for (const auto& [image_id, image] : w.all(ctx.scope(), kind::image))  // AWS archives no snapshot of a registered AMI
      for (const auto& m : ImageRecord(image).block_device_mappings())
        if (m.value("Ebs", json::object()).value("SnapshotId", "") == id)
          throw ApiError::client("IncorrectState", "Snapshot '" + id + "' is used by the image " + image_id +
                                                       "; deregister the image before archiving the snapshot.");
    snapshot.erase("RestoreExpiryTime");  // a temporary restore being archived again
    snapshot.erase("_RestoreExpiresAt");
    start(snapshot, ctx, "archival-in-progress");
    const json answer = {{"SnapshotId", id}, {"TieringStartTime", snapshot.at("_Tiering").at("StartTime")}};
    advance_tiering(snapshot, ctx);  // instant timing: archived at once
    w.put(ctx.scope(), kind::snapshot, id, std::move(snapshot));
    return answer;
  });
}

json restore_snapshot_tier(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("SnapshotId").get<std::string>();
  const bool permanent = input.value("PermanentRestore", false);
  const bool temporary = input.contains("TemporaryRestoreDays");
  if (permanent == temporary)
    throw ApiError::invalid_combination("Specify either TemporaryRestoreDays or PermanentRestore.");
  const int days = input.value("TemporaryRestoreDays", 0);
  if (temporary && (days < 1 || days > 180))
    throw ApiError::invalid_value("Value (" + std::to_string(days) + ") for parameter temporaryRestoreDays is invalid. Expected 1 to 180.");
  return ctx.store.write([&](store::Writer& w) {
    json snapshot = owned_snapshot(w, ctx, id);
    if (snapshot.contains("_RestoreExpiresAt") && !tiering_in_progress(snapshot)) {
      // Temporarily restored already: a new period from now, or restored for good, at once (as on AWS).
      json answer = {{"SnapshotId", id}, {"RestoreStartTime", format_iso8601(ctx.now)}, {"IsPermanentRestore", permanent}};
      if (permanent) {
        snapshot.erase("RestoreExpiryTime");
        snapshot.erase("_RestoreExpiresAt");
        snapshot["_Tiering"]["Status"] = "permanent-restore-completed";
      } else {
        const auto expiry = ctx.now + std::chrono::hours(24) * days;
        snapshot["RestoreExpiryTime"] = format_iso8601(expiry);
        snapshot["_RestoreExpiresAt"] = epoch_ms(expiry);
        answer["RestoreDuration"] = days;
      }
      advance_tiering(snapshot, ctx);  // re-arms its due time
      w.put(ctx.scope(), kind::snapshot, id, std::move(snapshot));
      return answer;
    }
    if (tier_of(snapshot) != "archive" || tiering_in_progress(snapshot))
      throw ApiError::client("IncorrectState", "Snapshot '" + id + "' is not in the archive tier.");
    if (permanent) start(snapshot, ctx, "permanent-restore-in-progress");
    else start(snapshot, ctx, "temporary-restore-in-progress", days);
    json answer = {{"SnapshotId", id}, {"RestoreStartTime", snapshot.at("_Tiering").at("StartTime")}, {"IsPermanentRestore", permanent}};
    if (!permanent) answer["RestoreDuration"] = days;
    advance_tiering(snapshot, ctx);
    w.put(ctx.scope(), kind::snapshot, id, std::move(snapshot));
    return answer;
  });
}

json describe_snapshot_tier_status(const RequestContext& ctx, const json& input) {
  static const FilterTable kFilters{{{"snapshot-id", Path::path("SnapshotId")},
                                     {"volume-id", Path::path("VolumeId")},
                                     {"last-tiering-operation", Path::path("LastTieringOperationStatus")}}};
  const std::int64_t now = epoch_ms(ctx.now);
  std::vector<json> rows;
  for (const auto& snapshot : ctx.store.list(ctx.scope(), kind::snapshot)) {
    rows.push_back(tier_status(snapshot, now));
    rows.back()["_Id"] = snapshot.at("SnapshotId");
  }
  return describe_documents(input, std::move(rows),
                            {kind::snapshot, "", "InvalidSnapshot.NotFound", "snapshot", "snapshots", kFilters, "SnapshotTierStatuses"});
}

}  // namespace ec2sim::sim
