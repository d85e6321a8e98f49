#include "sim/faults.hpp"
#include "sim/volumes.hpp"
#include "sim/records.hpp"

#include <map>
#include <unordered_map>

#include "sim/describe.hpp"
#include "sim/due.hpp"
#include "sim/errors.hpp"
#include "sim/guest_storage.hpp"
#include "sim/client_tokens.hpp"
#include "sim/handlers.hpp"
#include "sim/resource_ids.hpp"
#include "sim/snapshots.hpp"
#include "sim/tags.hpp"
#include "sim/time_format.hpp"
#include "sim/volume_lifecycle.hpp"
#include "sim/quotas.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

struct TypeLimits {
  const char* type;
  int min_size, max_size;
  int min_iops, max_iops;  // 0, 0: IOPS cannot be set
  int iops_per_gib;        // 0: no ratio limit
  bool iops_required;
};

constexpr TypeLimits kLimits[] = {
    {"gp2", 1, 16384, 0, 0, 0, false},       {"gp3", 1, 16384, 3000, 16000, 500, false},
    {"io1", 4, 16384, 100, 64000, 50, true}, {"io2", 4, 65536, 100, 256000, 1000, true},
    {"st1", 125, 16384, 0, 0, 0, false},     {"sc1", 125, 16384, 0, 0, 0, false},
    {"standard", 1, 1024, 0, 0, 0, false},
};

const FilterTable& volume_filters() {
  static const FilterTable table{{
                                     {"attachment.attach-time", Path::path("Attachments.AttachTime")},
                                     {"attachment.delete-on-termination", Path::path("Attachments.DeleteOnTermination")},
                                     {"attachment.device", Path::path("Attachments.Device")},
                                     {"attachment.instance-id", Path::path("Attachments.InstanceId")},
                                     {"attachment.status", Path::path("Attachments.State")},
                                     {"availability-zone", Path::path("AvailabilityZone")},
                                     {"create-time", Path::path("CreateTime")},
                                     {"encrypted", Path::path("Encrypted")},
                                     {"multi-attach-enabled", Path::path("MultiAttachEnabled")},
                                     {"size", Path::path("Size")},
                                     {"snapshot-id", Path::path("SnapshotId")},
                                     {"status", Path::path("State")},
                                     {"throughput", Path::path("Throughput")},
                                     {"volume-id", Path::path("VolumeId")},
                                     {"volume-type", Path::path("VolumeType")},
                                 },
                                 true};
  return table;
}

}  // namespace

VolumeSpec volume_spec_from(const json& ebs, int min_size, const std::string& default_type) {
  VolumeSpec spec;
  spec.type = ebs.value("VolumeType", default_type);
  const TypeLimits* limits = nullptr;
  for (const auto& l : kLimits)
    if (spec.type == l.type) limits = &l;
  if (!limits) throw ApiError::invalid_value("Value (" + spec.type + ") for parameter volumeType is invalid.");
  spec.snapshot_id = ebs.value("SnapshotId", "");
  spec.encrypted = ebs.value("Encrypted", false);
  if (ebs.contains("VolumeSize")) {
    spec.size_gib = ebs.at("VolumeSize").get<int>();
  } else if (min_size > 0) {
    spec.size_gib = min_size;
  } else {
    throw ApiError::missing_parameter("The request must contain the parameter size or snapshotId");
  }
  if (min_size > 0 && spec.size_gib < min_size)
    throw ApiError::client("InvalidBlockDeviceMapping", "Volume of size " + std::to_string(spec.size_gib) +
                                                            "GB is smaller than snapshot '" + spec.snapshot_id +
                                                            "', expect size >= " + std::to_string(min_size) + "GB");
  if (spec.size_gib < limits->min_size || spec.size_gib > limits->max_size)
    throw ApiError::invalid_value("Volume size " + std::to_string(spec.size_gib) + " GiB is not valid for volume type " +
                                  spec.type + "; it must be between " + std::to_string(limits->min_size) + " and " +
                                  std::to_string(limits->max_size) + " GiB.");

  if (ebs.contains("Iops")) {
    spec.iops = ebs.at("Iops").get<int>();
    if (limits->max_iops == 0)
      throw ApiError::invalid_combination("The parameter iops is not supported for " + spec.type + " volumes.");
    if (spec.iops < limits->min_iops || spec.iops > limits->max_iops)
      throw ApiError::invalid_value("Iops " + std::to_string(spec.iops) + " is not valid for volume type " + spec.type +
                                    "; it must be between " + std::to_string(limits->min_iops) + " and " +
                                    std::to_string(limits->max_iops) + ".");
    // The ratio limits IOPS above a type's floor: a gp3 has its 3,000 at any size.
    if (limits->iops_per_gib && spec.iops > std::max(limits->min_iops, limits->iops_per_gib * spec.size_gib))
      throw ApiError::invalid_value("Iops to volume size ratio of " + std::to_string(spec.iops / spec.size_gib) +
                                    " is too high; maximum is " + std::to_string(limits->iops_per_gib) + ".");
  } else if (limits->iops_required) {
    throw ApiError::missing_parameter("The request must contain the parameter iops for " + spec.type + " volumes.");
  } else if (spec.type == "gp3") {
    spec.iops = 3000;
  }
  if (ebs.contains("Throughput")) {
    if (spec.type != "gp3")
      throw ApiError::invalid_combination("The parameter throughput is not supported for " + spec.type + " volumes.");
    spec.throughput = ebs.at("Throughput").get<int>();
    if (spec.throughput < 125 || spec.throughput > 1000)
      throw ApiError::invalid_value("Throughput " + std::to_string(spec.throughput) +
                                    " MiB/s is not valid for gp3; it must be between 125 and 1000.");
    if (spec.throughput * 4 > spec.iops)
      throw ApiError::invalid_value("Throughput " + std::to_string(spec.throughput) + " MiB/s is too high for " +
                                    std::to_string(spec.iops) + " IOPS; the maximum is 0.25 MiB/s per IOPS.");
  } else if (spec.type == "gp3") {
    spec.throughput = 125;
  }
  // gp2's IOPS follow from its size: 3 per GiB, at least 100, at most 16000.
  if (spec.type == "gp2") spec.iops = std::clamp(3 * spec.size_gib, 100, 16000);
  return spec;
}

namespace {

struct StorageUse {
  std::map<std::string, std::int64_t, std::less<>> gib, iops;  // by volume type
};

// The account's storage by volume type, kept with its volume table between launches.
StorageUse& storage_use(store::Writer& w, const RequestContext& ctx) {
  return w.derived<StorageUse>(ctx.scope(), kind::volume, [&](StorageUse& use) {
    for (const auto& [id, v] : w.all(ctx.scope(), kind::volume)) {
      const auto& type = VolumeRecord(v).volume_type();
      use.gib[type] += VolumeRecord(v).size_gib();
      if (type == "io1" || type == "io2") use.iops[type] += VolumeRecord(v).iops();
    }
  });
}

}  // namespace

void take_storage(store::Writer& w, const RequestContext& ctx, const std::vector<VolumeSpec>& specs, int count) {
  StorageUse& use = storage_use(w, ctx);
  std::map<std::string, std::int64_t, std::less<>> gib, iops;
  for (const auto& spec : specs) {
    gib[spec.type] += std::int64_t{spec.size_gib} * count;
    if (spec.type == "io1" || spec.type == "io2") iops[spec.type] += std::int64_t{spec.iops} * count;
  }
  for (const auto& [type, more] : gib) {
    const std::int64_t tib = ctx.settings.quotas[type + "-storage-tib"];
    if (use.gib[type] + more > tib * 1024)
      throw ApiError::client("VolumeLimitExceeded",
                             "You have exceeded your maximum " + type + " storage limit of " + std::to_string(tib) +
                                 " TiB in this region. Please contact AWS Support to request an Elastic Block Store "
                                 "service limit increase");
  }
  for (const auto& [type, more] : iops) {
    const std::int64_t limit = ctx.settings.quotas[type + "-iops"];
    if (use.iops[type] + more > limit)
      throw ApiError::client("MaxIOPSLimitExceeded", "You have exceeded your maximum " + type + " IOPS limit of " +
                                                         std::to_string(limit) + " in this region.");
  }
  // Counted now, with the volumes the caller puts next; should the write not commit, the
  // tally is taken again next time.
  for (const auto& [type, more] : gib) use.gib[type] += more;
  for (const auto& [type, more] : iops) use.iops[type] += more;
  w.keep_current<StorageUse>(ctx.scope(), kind::volume);
}

const DocumentView& volume_view() {
  static const json defaults = {{"Encrypted", false}, {"MultiAttachEnabled", false}, {"Tags", json::array()}};
  // Describe pages by `_Id`; a volume's is its VolumeId (records before session 6 keep their own).
  static const auto derive = [](const json& record) -> const json& {
    thread_local json derived = {{"_Id", ""}};
    assign_in_place(derived["_Id"], record.at("VolumeId"));
    return derived;
  };
  static const DocumentView view{&defaults, derive};
  return view;
}

std::string default_ebs_key(const RequestContext& ctx) {
  return "arn:aws:kms:" + ctx.region.name + ":" + ctx.account_id + ":key/aws-ebs-default";
}

bool is_default_ebs_key(const std::string& key_id) {
  return key_id.empty() || key_id.ends_with(":key/aws-ebs-default") || key_id.ends_with("alias/aws/ebs");
}

json volume_document(const RequestContext& ctx, const std::string& id, const std::string& zone, const VolumeSpec& spec,
                     const json& tags, const std::string& state) {
  json v = {{"Attachments", json::array()},
            {"AvailabilityZone", zone},
            {"CreateTime", format_iso8601(ctx.now)},
            {"Encrypted", spec.encrypted},
            {"Size", spec.size_gib},
            {"SnapshotId", spec.snapshot_id},
            {"State", state},
            {"VolumeId", id},
            {"Tags", tags},
            {"VolumeType", spec.type},
            {"MultiAttachEnabled", false}};
  if (spec.iops) v["Iops"] = spec.iops;
  if (spec.throughput) v["Throughput"] = spec.throughput;
  if (spec.encrypted)
    v["KmsKeyId"] = default_ebs_key(ctx);
  drop_defaults(v, volume_view());  // the record keeps only what is its own
  return v;
}

json create_volume(const RequestContext& ctx, const json& input) {
  const std::string zone = input.at("AvailabilityZone").get<std::string>();
  if (!ctx.region.find_zone(zone)) throw ApiError::invalid_value("Invalid availability zone: [" + zone + "]");
  json ebs = {{"VolumeType", input.value("VolumeType", "gp2")}, {"Encrypted", input.value("Encrypted", false)}};
  if (input.contains("Size")) ebs["VolumeSize"] = input.at("Size");
  for (const char* key : {"Iops", "Throughput", "SnapshotId"})
    if (input.contains(key)) ebs[key] = input.at(key);
  const json tags = tags_for(input, "volume");

  return ctx.store.write([&](store::Writer& w) {
    const std::string snapshot = input.value("SnapshotId", "");
    // The account's own, one shared with it, or Amazon's.
    const auto source = snapshot.empty() ? std::nullopt : std::optional(restorable_snapshot(w, ctx, snapshot));
    const int min_size = source ? source->snapshot.at("VolumeSize").get<int>() : 0;
    // A volume made from an encrypted snapshot is encrypted, whatever the request says.
    const json* own = source ? &source->snapshot : nullptr;
    const bool from_encrypted = own && SnapshotRecord(*own).encrypted();
    if (from_encrypted) ebs["Encrypted"] = true;
    const VolumeSpec spec = volume_spec_from(ebs, min_size, "gp2");
    if (input.value("MultiAttachEnabled", false) && spec.type != "io1" && spec.type != "io2")
      throw ApiError::invalid_combination("Multi-Attach is supported only for io1 and io2 volumes, not " + spec.type + ".");
    if (input.contains("KmsKeyId") && !spec.encrypted)
      throw ApiError::client("InvalidParameterDependency",
                             "The parameter KmsKeyId requires the parameter Encrypted to be set.");
    if (const json* volume = replayed_resource(w, ctx, "CreateVolume", input, kind::volume, "VolumeId"))
      return complete(*volume, volume_view());
    take_storage(w, ctx, {spec});
    const std::string id = new_id("vol");
    json volume = volume_document(ctx, id, zone, spec, tags, "creating");
    volume["_DueAt"] = epoch_ms(ctx.now + ctx.settings.timing.volume_creating);
    if (input.contains("KmsKeyId")) volume["KmsKeyId"] = input.at("KmsKeyId");
    else if (from_encrypted && own->contains("KmsKeyId")) volume["KmsKeyId"] = own->at("KmsKeyId");  // the snapshot's key
    if (input.value("MultiAttachEnabled", false)) volume["MultiAttachEnabled"] = true;
    start_from_snapshot(w, ctx, id, snapshot, source ? source->owner : "");
    json created = complete(volume, volume_view());  // the answer says creating, as AWS's does
    advance_volume(w, ctx, volume);
    w.put(ctx.scope(), kind::volume, id, std::move(volume));
    remember_call(w, ctx, "CreateVolume", input, {{"VolumeId", id}});
    return created;
  });
}

json delete_volume(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("VolumeId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    const json& volume = find_volume(w, ctx, id);
    if (!VolumeRecord(volume).attachments().empty())
      throw ApiError::client("VolumeInUse", "Volume " + id + " is currently attached to " +
                                                VolumeRecord(volume).attachments().at(0).at("InstanceId").get<std::string>());
    w.erase(ctx.scope(), kind::volume, id);
    discard_volume_contents(w, ctx, id);
  });
  return json::object();
}

// I/O that a volume impairment disabled (sim/faults.hpp) is enabled again.
json enable_volume_io(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("VolumeId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    json volume = find_volume(w, ctx, id);
    if (volume.erase("_Impaired") > 0) w.put(ctx.scope(), kind::volume, id, std::move(volume));
  });
  return json::object();
}

const json& find_volume(const store::Reader& w, const RequestContext& ctx, const std::string& id) {
  if (!is_id(id, "vol")) throw ApiError::client("InvalidVolumeID.Malformed", "Invalid id: \"" + id + "\" (expecting \"vol-...\")");
  const json* volume = w.find(ctx.scope(), kind::volume, id);
  if (!volume) throw ApiError::client("InvalidVolume.NotFound", "The volume '" + id + "' does not exist.");
  return *volume;
}

namespace {

const FilterTable& volume_status_filters() {
  static const FilterTable table{{
                                     {"availability-zone", Path::path("AvailabilityZone")},
                                     {"volume-status.status", Path::path("VolumeStatus.Status")},
                                     {"volume-status.details-name", Path::path("VolumeStatus.Details.Name")},
                                     {"volume-status.details-status", Path::path("VolumeStatus.Details.Status")},
                                     {"action.code", Path::path("Actions.Code")},
                                     {"action.description", Path::path("Actions.Description")},
                                     {"action.event-id", Path::path("Actions.EventId")},
                                     {"event.description", Path::path("Events.Description")},
                                     {"event.event-id", Path::path("Events.EventId")},
                                     {"event.event-type", Path::path("Events.EventType")},
                                     {"event.not-after", Path::path("Events.NotAfter")},
                                     {"event.not-before", Path::path("Events.NotBefore")},
                                 },
                                 false};
  return table;
}

// A simulated volume's status checks always pass: I/O is enabled, performance is normal.
json volume_status(const json& volume) {
  const VolumeRecord record(volume);
  const bool provisioned = record.volume_type() == "io1" || record.volume_type() == "io2";
  json status = {{"_Id", record.id()},
          {"Actions", json::array()},
          {"AvailabilityZone", record.availability_zone()},
          {"Events", json::array()},
          {"VolumeId", record.id()},
          {"VolumeStatus",
           {{"Details", json::array({{{"Name", "io-enabled"}, {"Status", "passed"}},
                                     {{"Name", "io-performance"}, {"Status", provisioned ? "normal" : "not-applicable"}}})},
            {"Status", "ok"}}}};
  add_volume_fault_status(volume, status);
  return status;
}

}  // namespace

json describe_volume_status(const RequestContext& ctx, const json& input) {
  return describe_resources(ctx, input,
                            {kind::volume, "VolumeIds", "InvalidVolume.NotFound", "volume", "volumes", volume_status_filters(),
                             "VolumeStatuses", &volume_status});
}

json describe_volumes(const RequestContext& ctx, const json& input) {
  return describe_resources(ctx, input,
                            {kind::volume, "VolumeIds", "InvalidVolume.NotFound", "volume", "volumes", volume_filters(), "Volumes",
                             [](const json& stored) { return complete(stored, volume_view()); }});
}

}  // namespace ec2sim::sim
