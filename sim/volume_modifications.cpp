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
#include "sim/records.hpp"

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
    // Read before the modification is advanced below, which may put a new volume document.
    const VolumeRecord volume(find_volume(w, ctx, volume_id));
    if (volume.state() != "available" && volume.state() != "in-use")
      throw ApiError::client("IncorrectState", "The volume '" + volume_id + "' is not 'available' or 'in-use'.");
    if (const json* running = w.find(ctx.scope(), kind::volume_modification, volume_id);
        running && running->at("ModificationState") != "completed")
      throw ApiError::client("IncorrectModificationState", "Volume " + volume_id + " is already being modified.");
    // The volume as it will be: what the request changes, the rest as it is. IOPS and
    // throughput carry over only to a type that has them.
    const std::string type = input.value("VolumeType", volume.volume_type());
    json target = {{"VolumeType", type}, {"VolumeSize", input.value("Size", volume.size_gib())}};
    if (input.contains("Iops")) target["Iops"] = input.at("Iops");
    else if (volume.iops() && type == volume.volume_type() && type != "gp2") target["Iops"] = volume.iops();
    if (input.contains("Throughput")) target["Throughput"] = input.at("Throughput");
    else if (volume.throughput() && type == "gp3") target["Throughput"] = volume.throughput();
    if (target.at("VolumeSize").get<int>() < volume.size_gib())
      throw ApiError::invalid_value("New size cannot be smaller than existing size (" +
                                    std::to_string(volume.size_gib()) + " GiB).");
    const VolumeSpec spec = volume_spec_from(target, 0, "gp2");  // the new type's limits
    const bool multi_attach = input.value("MultiAttachEnabled", volume.multi_attach_enabled());
    if (multi_attach && type != "io1" && type != "io2")
      throw ApiError::invalid_combination("Multi-Attach is supported only for io1 and io2 volumes, not " + type + ".");
    const bool unchanged = spec.size_gib == volume.size_gib() && type == volume.volume_type() &&
                           spec.iops == volume.iops() && spec.throughput == volume.throughput() &&
                           multi_attach == volume.multi_attach_enabled();
    if (unchanged)
      throw ApiError::invalid_value("The volume " + volume_id + " already has the requested configuration.");
    // The account's storage and IOPS quotas take what the volume grows by (all of it, for
    // a new type: the old type's share is given back when the change takes effect).
    VolumeSpec growth = spec;
    if (type == volume.volume_type()) {
      growth.size_gib -= volume.size_gib();
      growth.iops = std::max(0, spec.iops - volume.iops());
    }
    take_storage(w, ctx, {growth});

    json modification = {{"_Id", volume_id},
                         {"_DueAt", epoch_ms(ctx.now + ctx.settings.timing.volume_modifying)},
                         {"VolumeId", volume_id},
                         {"ModificationState", "modifying"},
                         {"TargetSize", spec.size_gib},
                         {"TargetVolumeType", type},
                         {"TargetMultiAttachEnabled", multi_attach},
                         {"OriginalSize", volume.size_gib()},
                         {"OriginalVolumeType", volume.volume_type()},
                         {"OriginalMultiAttachEnabled", volume.multi_attach_enabled()},
                         {"Progress", 0},
                         {"StartTime", format_iso8601(ctx.now)}};
    if (spec.iops) modification["TargetIops"] = spec.iops;
    if (spec.throughput) modification["TargetThroughput"] = spec.throughput;
    if (volume.iops()) modification["OriginalIops"] = volume.iops();
    if (volume.throughput()) modification["OriginalThroughput"] = volume.throughput();
    json answer = modification;
    advance_modification(w, ctx, modification);  // instant timing: completed at once
    w.put(ctx.scope(), kind::volume_modification, volume_id, std::move(modification));
    return json{{"VolumeModification", std::move(answer)}};
  });
}

json describe_volumes_modifications(const RequestContext& ctx, const json& input) {
  return describe_resources(ctx, input,
                            {kind::volume_modification, "VolumeIds", "InvalidVolumeModification.NotFound", "modification for volume", "modifications for volumes",
                             modification_filters(), "VolumesModifications"});
}

}  // namespace ec2sim::sim
