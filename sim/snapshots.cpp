#include "sim/snapshots.hpp"
#include "sim/snapshot_tiers.hpp"
#include "sim/records.hpp"

#include "sim/due.hpp"
#include "sim/errors.hpp"
#include "sim/filters.hpp"
#include "sim/guest_storage.hpp"
#include "sim/instance_lifecycle.hpp"
#include "sim/instances.hpp"
#include "sim/own_images.hpp"
#include "sim/handlers.hpp"
#include "sim/pagination.hpp"
#include "sim/resource_ids.hpp"
#include "sim/tags.hpp"
#include "sim/time_format.hpp"
#include "sim/timed_kinds.hpp"
#include "sim/volumes.hpp"
#include "sim/quotas.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

const FilterTable& snapshot_filters() {
  static const FilterTable table{{
                                     {"description", Path::path("Description")},
                                     {"encrypted", Path::path("Encrypted")},
                                     {"owner-alias", Path::path("OwnerAlias")},
                                     {"owner-id", Path::path("OwnerId")},
                                     {"progress", Path::path("Progress")},
                                     {"snapshot-id", Path::path("SnapshotId")},
                                     {"start-time", Path::path("StartTime")},
                                     {"status", Path::path("State")},
                                     {"storage-tier", Path::path("StorageTier")},
                                     {"volume-id", Path::path("VolumeId")},
                                     {"volume-size", Path::path("VolumeSize")},
                                 },
                                 /*has_tags=*/true};
  return table;
}

// The public snapshot behind one of the catalog's AMIs, as DescribeSnapshots shows Amazon's.
json amazon_snapshot(const catalog::Image& image) {
  const auto& ebs = image.info.at("BlockDeviceMappings").at(0).at("Ebs");
  return {{"Description", "Root volume of " + image.info.value("Name", image.id)},
          {"Encrypted", false},
          {"OwnerId", image.info.value("OwnerId", "")},
          {"Progress", "100%"},
          {"SnapshotId", ebs.at("SnapshotId")},
          {"StartTime", image.info.value("CreationDate", "")},
          {"State", "completed"},
          {"VolumeId", "vol-ffffffff"},
          {"VolumeSize", ebs.at("VolumeSize")},
          {"OwnerAlias", "amazon"},
          {"StorageTier", "standard"}};
}


void require_snapshot_room(const store::Reader& w, const RequestContext& ctx) {
  require_within(ctx.settings.quotas, "snapshots", static_cast<std::int64_t>(w.all(ctx.scope(), kind::snapshot).size()), 1,
                 "SnapshotLimitExceeded", "The maximum number of snapshots (" +
                                              std::to_string(ctx.settings.quotas["snapshots"]) + ") has been reached in " +
                                              ctx.region.name + ".");
}

}  // namespace

json take_snapshot(store::Writer& w, const RequestContext& ctx, const json& volume, const std::string& description,
                   const json& tags) {
  require_snapshot_room(w, ctx);
  const std::string id = new_id("snap");
  json snapshot = {{"_Id", id},
                   {"_DueAt", epoch_ms(ctx.now + ctx.settings.timing.snapshot_completing)},
                   {"_StartedAt", epoch_ms(ctx.now)},
                   {"Description", description},
                   {"Encrypted", VolumeRecord(volume).encrypted()},
                   {"OwnerId", ctx.account_id},
                   {"Progress", "0%"},
                   {"SnapshotId", id},
                   {"StartTime", format_iso8601(ctx.now)},
                   {"State", "pending"},
                   {"VolumeId", VolumeRecord(volume).id()},
                   {"VolumeSize", VolumeRecord(volume).size_gib()},
                   {"Tags", tags},
                   {"StorageTier", "standard"}};
  if (volume.contains("KmsKeyId")) snapshot["KmsKeyId"] = volume.at("KmsKeyId");
  if (!ctx.settings.data_dir.empty())
    snapshot_contents(w, volume_dir(ctx, VolumeRecord(volume).id()), snapshot_dir(ctx, id));
  json answer = snapshot;  // pending, as AWS answers
  advance_snapshot(w, ctx, snapshot);  // instant timing: completed at once
  w.put(ctx.scope(), kind::snapshot, id, std::move(snapshot));
  return answer;
}


void check_snapshot_id(const std::string& id) {
  if (!is_id(id, "snap"))
    throw ApiError::client("InvalidSnapshot.Malformed", "Invalid id: \"" + id + "\" (expecting \"snap-...\")");
}

ApiError snapshot_not_found(const std::vector<std::string>& ids) {
  return ApiError::not_found("InvalidSnapshot.NotFound", "snapshot", "snapshots", ids, "'", "'", ".");
}

json owned_snapshot(const store::Reader& r, const RequestContext& ctx, const std::string& id) {
  check_snapshot_id(id);
  const json* found = r.find(ctx.scope(), kind::snapshot, id);
  if (!found) throw snapshot_not_found({id});
  return *found;
}

bool shared_with(const json& snapshot, const std::string& account) {
  for (const auto& p : snapshot.value("_CreateVolumePermissions", json::array()))
    if (p.value("Group", "") == "all" || p.value("UserId", "") == account) return true;
  return false;
}

std::optional<RestorableSnapshot> find_restorable_snapshot(const store::Reader& r, const RequestContext& ctx, const std::string& id) {
  check_snapshot_id(id);
  if (const json* own = r.find(ctx.scope(), kind::snapshot, id)) return RestorableSnapshot{*own, ""};
  if (const auto* image = ctx.catalog.image_with_snapshot(ctx.region.name, id)) return RestorableSnapshot{amazon_snapshot(*image), ""};
  for (auto& [account, theirs] : r.across_accounts(kind::snapshot, ctx.region.name))  // a scan: sharing is rare
    if (account != ctx.account_id && SnapshotRecord(theirs).id() == id && shared_with(theirs, ctx.account_id))
      return RestorableSnapshot{std::move(theirs), account};
  return std::nullopt;
}

RestorableSnapshot restorable_snapshot(const store::Reader& r, const RequestContext& ctx, const std::string& id) {
  auto found = find_restorable_snapshot(r, ctx, id);
  if (!found) throw snapshot_not_found({id});
  if (SnapshotRecord(found->snapshot).state() != "completed")
    throw ApiError::client("IncorrectState", "Snapshot '" + id + "' is not 'completed'.");
  require_standard_tier(found->snapshot);
  return std::move(*found);
}

int snapshot_size(const store::Reader& r, const RequestContext& ctx, const std::string& id) {
  return restorable_snapshot(r, ctx, id).snapshot.at("VolumeSize").get<int>();
}

bool advance_snapshot(store::Writer&, const RequestContext& ctx, json& snapshot) {
  if (!is_due(snapshot, epoch_ms(ctx.now))) return true;
  if (SnapshotRecord(snapshot).state() != "pending") {  // an archival or restore (sim/snapshot_tiers.cpp)
    advance_tiering(snapshot, ctx);
    return true;
  }
  snapshot["_DueAt"] = kNothingDue;
  snapshot["State"] = "completed";
  snapshot["Progress"] = "100%";
  return true;
}

json create_snapshot(const RequestContext& ctx, const json& input) {
  const std::string volume_id = input.at("VolumeId").get<std::string>();
  const json tags = tags_for(input, kind::snapshot);
  return ctx.store.write([&](store::Writer& w) {
    const json& volume = find_volume(w, ctx, volume_id);
    return take_snapshot(w, ctx, volume, input.value("Description", ""), tags);
  });
}

json create_snapshots(const RequestContext& ctx, const json& input) {
  const json spec = input.at("InstanceSpecification");
  if (!spec.contains("InstanceId"))
    throw ApiError::missing_parameter("The request must contain the parameter InstanceSpecification.InstanceId");
  const json tags = tags_for(input, kind::snapshot);
  const bool copy_tags = input.value("CopyTagsFromSource", "") == "volume";
  return ctx.store.write([&](store::Writer& w) {
    const json instance = instances_named(w, ctx, json::array({spec.at("InstanceId")})).at(0);
    const json excluded = spec.value("ExcludeDataVolumeIds", json::array());
    json snapshots = json::array();
    for (const auto& m : InstanceRecord(instance).block_device_mappings()) {
      const std::string volume_id = m.at("Ebs").at("VolumeId").get<std::string>();
      const bool boot = m.at("DeviceName") == InstanceRecord(instance).root_device_name();
      if ((boot && spec.value("ExcludeBootVolume", false)) ||
          std::find(excluded.begin(), excluded.end(), volume_id) != excluded.end())
        continue;
      const json& volume = find_volume(w, ctx, volume_id);
      json own_tags = tags;
      if (copy_tags)
        for (const auto& t : VolumeRecord(volume).tags()) own_tags.push_back(t);
      json s = take_snapshot(w, ctx, volume, input.value("Description", ""), own_tags);
      json info = json::object();
      for (const char* key : {"Description", "Tags", "Encrypted", "VolumeId", "State", "VolumeSize", "StartTime",
                              "Progress", "OwnerId", "SnapshotId"})
        info[key] = s.at(key);
      snapshots.push_back(std::move(info));
    }
    return json{{"Snapshots", std::move(snapshots)}};
  });
}

json describe_snapshots(const RequestContext& ctx, const json& input) {
  auto filters = filters_from_request(input);
  snapshot_filters().validate(filters);
  const auto page = page_request(input, 0);
  std::vector<json> docs = ctx.store.list(ctx.scope(), kind::snapshot);
  // A pending snapshot's progress is the share of its time already spent (never 100%
  // before it completes).
  const std::int64_t now = epoch_ms(ctx.now);
  for (auto& s : docs) {
    const std::int64_t started = SnapshotRecord(s).started_at(), due = due_at(s);
    if (SnapshotRecord(s).state() == "pending" && started && due > started)
      s["Progress"] = std::to_string(std::min<std::int64_t>(99, (now - started) * 100 / (due - started))) + "%";
  }
  for (const auto& image : ctx.catalog.images(ctx.region.name)) docs.push_back(amazon_snapshot(image));
  auto shared = ctx.store.read([&](const store::Reader& r) { return r.across_accounts(kind::snapshot, ctx.region.name); });
  for (auto& [account, s] : shared)  // other accounts' snapshots this one may use
    if (account != ctx.account_id && shared_with(s, ctx.account_id)) docs.push_back(std::move(s));
  std::sort(docs.begin(), docs.end(), [](const json& a, const json& b) { return SnapshotRecord(a).id() < SnapshotRecord(b).id(); });

  const json owners = input.value("OwnerIds", json::array());
  auto owned = [&](const json& s) {
    if (owners.empty()) return true;
    for (const auto& o : owners) {
      const std::string owner = o.get<std::string>();
      if ((owner == "self" && SnapshotRecord(s).owner_id() == ctx.account_id) || SnapshotRecord(s).owner_id() == owner ||
          (owner == "amazon" && SnapshotRecord(s).owner_alias() == "amazon"))
        return true;
    }
    return false;
  };
  // RestorableByUserIds: snapshots those accounts may make volumes from — their own, those
  // shared with them, and public ones.
  const json restorable_by = input.value("RestorableByUserIds", json::array());
  auto restorable = [&](const json& s) {
    if (restorable_by.empty()) return true;
    for (const auto& u : restorable_by) {
      const std::string user = u.get<std::string>() == "self" ? ctx.account_id : u.get<std::string>();
      if (SnapshotRecord(s).owner_id() == user || SnapshotRecord(s).owner_alias() == "amazon" || shared_with(s, user)) return true;
    }
    return false;
  };
  const json ids = input.value("SnapshotIds", json::array());
  std::vector<std::string> missing;
  for (const auto& id : ids) {
    check_snapshot_id(id.get<std::string>());
    if (std::none_of(docs.begin(), docs.end(), [&](const json& s) { return SnapshotRecord(s).id() == id; }))
      missing.push_back(id.get<std::string>());
  }
  if (!missing.empty()) throw snapshot_not_found(missing);
  std::vector<const json*> matching;
  for (const auto& s : docs) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), SnapshotRecord(s).id()) == ids.end()) continue;
    if (owned(s) && restorable(s) && snapshot_filters().matches(filters, s)) matching.push_back(&s);
  }
  return paged_result(
      "Snapshots", matching, page, [](const json& s) -> const std::string& { return SnapshotRecord(s).id(); },
      [](const json& s) { return s; });
}

json copy_snapshot_within(store::Writer& w, const RequestContext& ctx, const std::string& source_region,
                          const std::string& source_id, const std::string& description, const json& tags, bool encrypted) {
  check_snapshot_id(source_id);
  const auto* region = ctx.catalog.find_region(source_region);
  if (!region) throw ApiError::invalid_value("Invalid region: " + source_region);
  const RequestContext source{ctx.account_id, *region, ctx.catalog, ctx.store, ctx.now, ctx.settings};
  settle(w, source);
  // The account's own, one shared with it, or one of Amazon's public snapshots.
  RestorableSnapshot original = restorable_snapshot(w, source, source_id);
  json copy = std::move(original.snapshot);
  for (const char* key : {"_CreateVolumePermissions", "_Tiering", "ArchivalCompleteTime", "RestoreExpiryTime", "_RestoreExpiresAt"})
    copy.erase(key);  // a copy is shared with no one, in the standard tier
  copy["StorageTier"] = "standard";
  const std::string id = new_id("snap");
  copy.erase("OwnerAlias");
  copy["_Id"] = id;
  copy["SnapshotId"] = id;
  copy["OwnerId"] = ctx.account_id;
  copy["_DueAt"] = epoch_ms(ctx.now + ctx.settings.timing.snapshot_completing);
  copy["_StartedAt"] = epoch_ms(ctx.now);
  copy["State"] = "pending";
  copy["Progress"] = "0%";
  copy["StartTime"] = format_iso8601(ctx.now);
  copy["VolumeId"] = "vol-ffffffff";  // as AWS shows a copied snapshot's volume
  copy["Description"] = description.empty() ? "[Copied " + source_id + " from " + source_region + "]" : description;
  copy["Tags"] = tags;
  if (encrypted) copy["Encrypted"] = true;
  RequestContext owner = source;
  if (!original.owner.empty()) owner.account_id = original.owner;
  if (!ctx.settings.data_dir.empty()) share_contents(w, snapshot_dir(owner, source_id), snapshot_dir(ctx, id));
  advance_snapshot(w, ctx, copy);
  require_snapshot_room(w, ctx);
  w.put(ctx.scope(), kind::snapshot, id, std::move(copy));
  return json{{"SnapshotId", id}, {"Tags", tags}};
}

json copy_snapshot(const RequestContext& ctx, const json& input) {
  const json tags = tags_for(input, kind::snapshot);
  return ctx.store.write([&](store::Writer& w) {
    return copy_snapshot_within(w, ctx, input.at("SourceRegion").get<std::string>(),
                                input.at("SourceSnapshotId").get<std::string>(), input.value("Description", ""), tags,
                                input.value("Encrypted", false));
  });
}

json delete_snapshot(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("SnapshotId").get<std::string>();
  check_snapshot_id(id);
  ctx.store.write([&](store::Writer& w) {
    const json* snapshot = w.find(ctx.scope(), kind::snapshot, id);
    if (!snapshot) throw snapshot_not_found({id});
    for (const auto& [image_id, image] : w.all(ctx.scope(), kind::image))
      for (const auto& m : ImageRecord(image).block_device_mappings())
        if (m.value("Ebs", json::object()).value("SnapshotId", "") == id)
          throw ApiError::client("InvalidSnapshot.InUse", "The snapshot " + id + " is currently in use by " + image_id);
    w.erase(ctx.scope(), kind::snapshot, id);
    if (!ctx.settings.data_dir.empty()) discard_contents(w, snapshot_dir(ctx, id));
  });
  return json::object();
}

}  // namespace ec2sim::sim
