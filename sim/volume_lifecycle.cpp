#include "sim/volume_lifecycle.hpp"

#include "sim/due.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
constexpr std::string_view kType = "volume";

// The attachment's status as the instance sees it (BlockDeviceMappings.N.Ebs.Status);
// `status` empty: the mapping goes.
void mirror_on_instance(store::Writer& w, const RequestContext& ctx, const json& attachment, const std::string& status) {
  const std::string instance_id = attachment.at("InstanceId").get<std::string>();
  const json* found = w.find(ctx.scope(), "instance", instance_id);
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
  w.put(ctx.scope(), "instance", instance_id, std::move(instance));
}

}  // namespace

void settle_volume(store::Writer& w, const RequestContext& ctx, json& volume) {
  if (!is_due(volume, epoch_ms(ctx.now))) return;
  volume["_DueAt"] = kNothingDue;
  if (volume.at("State") == "creating") {
    volume["State"] = "available";
    return;
  }
  json& attachments = volume["Attachments"];
  if (attachments.empty()) return;
  json& attachment = attachments.at(0);
  if (attachment.at("State") == "attaching") {
    attachment["State"] = "attached";
    mirror_on_instance(w, ctx, attachment, "attached");
  } else if (attachment.at("State") == "detaching") {
    mirror_on_instance(w, ctx, attachment, "");
    attachments = json::array();
    volume["State"] = "available";
  }
}

bool any_volume_due(const store::Writer& w, const RequestContext& ctx) {
  const std::int64_t now = epoch_ms(ctx.now);
  for (const auto& [id, volume] : w.all(ctx.scope(), kType))
    if (is_due(volume, now)) return true;
  return false;
}

void settle_volumes(store::Writer& w, const RequestContext& ctx) {
  const std::int64_t now = epoch_ms(ctx.now);
  std::vector<std::string> due;
  for (const auto& [id, volume] : w.all(ctx.scope(), kType))
    if (is_due(volume, now)) due.push_back(id);
  for (const auto& id : due) {
    json volume = *w.find(ctx.scope(), kType, id);
    settle_volume(w, ctx, volume);
    w.put(ctx.scope(), kType, id, std::move(volume));
  }
}

}  // namespace ec2sim::sim
