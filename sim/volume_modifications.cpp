// ModifyVolume and DescribeVolumesModifications: an EBS volume grows, changes type, IOPS or
// throughput while in use (the timing is in sim/volume_lifecycle.hpp). One modification
// per volume is kept (the latest), keyed by the volume's id.
#include "sim/describe.hpp"
#include "sim/due.hpp"
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/time_format.hpp"
#include "sim/volume_lifecycle.hpp"
#include "sim/volumes.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

const FilterTable& modification_filters() {
  static const FilterTable table{{
                                     {"modification-state", Path::path("ModificationState")},
                                     {"original-iops", Path::path("OriginalIops")},
                                     {"original-size", Path::path("OriginalSize")},
                                     {"original-volume-type", Path::path("OriginalVolumeType")},
                                     {"originalMultiAttachEnabled", Path::path("OriginalMultiAttachEnabled")},
                                     {"start-time", Path::path("StartTime")},
                                     {"target-iops", Path::path("TargetIops")},
                                     {"target-size", Path::path("TargetSize")},
                                     {"target-volume-type", Path::path("TargetVolumeType")},
                                     {"targetMultiAttachEnabled", Path::path("TargetMultiAttachEnabled")},
                                     {"volume-id", Path::path("VolumeId")},
                                 },
                                 false};
  return table;
}

}  // namespace

json modify_volume(const RequestContext& ctx, const json& input) {
  const std::string volume_id = input.at("VolumeId").get<std::string>();
  return ctx.store.write([&](store::Writer& w) {
    const json& volume = find_volume(w, ctx, volume_id);
    if (volume.at("State") != "available" && volume.at("State") != "in-use")
      throw ApiError::client("IncorrectState", "The volume '" + volume_id + "' is not 'available' or 'in-use'.");
    if (const json* running = w.find(ctx.scope(), kind::volume_modification, volume_id);
        running && running->at("ModificationState") != "completed")
      throw ApiError::client("IncorrectModificationState", "Volume " + volume_id + " is already being modified.");
    // The volume as it will be: what the request changes, the rest as it is. IOPS and
    // throughput carry over only to a type that has them.
    const std::string type = input.value("VolumeType", volume.at("VolumeType").get<std::string>());
    json target = {{"VolumeType", type}, {"VolumeSize", input.value("Size", volume.at("Size").get<int>())}};
    if (input.contains("Iops")) target["Iops"] = input.at("Iops");
    else if (volume.contains("Iops") && type == volume.at("VolumeType") && type != "gp2") target["Iops"] = volume.at("Iops");
    if (input.contains("Throughput")) target["Throughput"] = input.at("Throughput");
    else if (volume.contains("Throughput") && type == "gp3") target["Throughput"] = volume.at("Throughput");
    if (target.at("VolumeSize").get<int>() < volume.at("Size").get<int>())
      throw ApiError::invalid_value("New size cannot be smaller than existing size (" +
                                    std::to_string(volume.at("Size").get<int>()) + " GiB).");
    const VolumeSpec spec = volume_spec_from(target, 0, "gp2");  // the new type's limits
    const bool multi_attach = input.value("MultiAttachEnabled", volume.value("MultiAttachEnabled", false));
    if (multi_attach && type != "io1" && type != "io2")
      throw ApiError::invalid_combination("Multi-Attach is supported only for io1 and io2 volumes, not " + type + ".");
    const bool unchanged = spec.size_gib == volume.at("Size") && type == volume.at("VolumeType") &&
                           spec.iops == volume.value("Iops", 0) && spec.throughput == volume.value("Throughput", 0) &&
                           multi_attach == volume.value("MultiAttachEnabled", false);
    if (unchanged)
      throw ApiError::invalid_value("The volume " + volume_id + " already has the requested configuration.");
    // The account's storage and IOPS quotas take what the volume grows by (all of it, for
    // a new type: the old type's share is given back when the change takes effect).
    VolumeSpec growth = spec;
    if (type == volume.at("VolumeType")) {
      growth.size_gib -= volume.at("Size").get<int>();
      growth.iops = std::max(0, spec.iops - volume.value("Iops", 0));
    }
    take_storage(w, ctx, {growth});

    json modification = {{"_Id", volume_id},
                         {"_DueAt", epoch_ms(ctx.now + ctx.settings.timing.volume_modifying)},
                         {"VolumeId", volume_id},
                         {"ModificationState", "modifying"},
                         {"TargetSize", spec.size_gib},
                         {"TargetVolumeType", type},
                         {"TargetMultiAttachEnabled", multi_attach},
                         {"OriginalSize", volume.at("Size")},
                         {"OriginalVolumeType", volume.at("VolumeType")},
                         {"OriginalMultiAttachEnabled", volume.value("MultiAttachEnabled", false)},
                         {"Progress", 0},
                         {"StartTime", format_iso8601(ctx.now)}};
    if (spec.iops) modification["TargetIops"] = spec.iops;
    if (spec.throughput) modification["TargetThroughput"] = spec.throughput;
    if (volume.contains("Iops")) modification["OriginalIops"] = volume.at("Iops");
    if (volume.contains("Throughput")) modification["OriginalThroughput"] = volume.at("Throughput");
    json answer = modification;
    advance_modification(w, ctx, modification);  // instant timing: completed at once
    w.put(ctx.scope(), kind::volume_modification, volume_id, std::move(modification));
    return json{{"VolumeModification", std::move(answer)}};
  });
}

json describe_volumes_modifications(const RequestContext& ctx, const json& input) {
  return describe_resources(ctx, input,
                            {kind::volume_modification, "VolumeIds", "InvalidVolumeModification.NotFound", "volume modification for",
                             modification_filters(), "VolumesModifications"});
}

}  // namespace ec2sim::sim
