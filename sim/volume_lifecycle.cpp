#include "sim/volume_lifecycle.hpp"
#include "sim/records.hpp"

#include "sim/due.hpp"
#include "sim/time_format.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

// The attachment's status as the instance sees it (BlockDeviceMappings.N.Ebs.Status);
// `status` empty: the mapping goes.
void mirror_on_instance(store::Writer& w, const RequestContext& ctx, const json& attachment, const std::string& status) {
  const std::string instance_id = attachment.at("InstanceId").get<std::string>();
  const json* found = w.find(ctx.scope(), kind::instance, instance_id);
  if (!found) return;
  json instance = *found;
  json& mappings = instance["BlockDeviceMappings"];
  for (auto it = mappings.begin(); it != mappings.end(); ++it) {
    if (it->at("Ebs").value("VolumeId", "") != attachment.at("VolumeId")) continue;
    if (status.empty())
      mappings.erase(it);
    else
      (*it)["Ebs"]["Status"] = status;
    break;
  }
  w.put(ctx.scope(), kind::instance, instance_id, std::move(instance));
}

}  // namespace

bool advance_volume(store::Writer& w, const RequestContext& ctx, json& volume) {
  if (!is_due(volume, epoch_ms(ctx.now))) return true;
  volume["_DueAt"] = kNothingDue;
  if (VolumeRecord(volume).state() == "creating") {
    volume["State"] = "available";
    return true;
  }
  json& attachments = volume["Attachments"];
  if (attachments.empty()) return true;
  json& attachment = attachments.at(0);
  if (attachment.at("State") == "attaching") {
    attachment["State"] = "attached";
    mirror_on_instance(w, ctx, attachment, "attached");
  } else if (attachment.at("State") == "detaching") {
    mirror_on_instance(w, ctx, attachment, "");
    attachments = json::array();
    volume["State"] = "available";
  }
  return true;
}

bool advance_modification(store::Writer& w, const RequestContext& ctx, json& modification) {
  const std::int64_t now = epoch_ms(ctx.now);
  while (is_due(modification, now)) {
    if (modification.at("ModificationState") == "modifying") {
      const std::string volume_id = modification.at("VolumeId").get<std::string>();
      if (const json* found = w.find(ctx.scope(), kind::volume, volume_id)) {  // the targets take effect
        json volume = *found;
        volume["Size"] = modification.at("TargetSize");
        volume["VolumeType"] = modification.at("TargetVolumeType");
        volume.erase("Iops");
        volume.erase("Throughput");
        if (modification.contains("TargetIops")) volume["Iops"] = modification.at("TargetIops");
        if (modification.contains("TargetThroughput")) volume["Throughput"] = modification.at("TargetThroughput");
        volume["MultiAttachEnabled"] = modification.value("TargetMultiAttachEnabled", false);
        w.put(ctx.scope(), kind::volume, volume_id, std::move(volume));
      }
      modification["ModificationState"] = "optimizing";
      modification["Progress"] = 50;
      modification["_DueAt"] = modification.at("_DueAt").get<std::int64_t>() + ctx.settings.timing.volume_optimizing.count();
    } else {
      modification["ModificationState"] = "completed";
      modification["Progress"] = 100;
      modification["EndTime"] = format_iso8601(ctx.now);
      modification["_DueAt"] = kNothingDue;
    }
  }
  return true;
}

}  // namespace ec2sim::sim
