// AttachVolume and DetachVolume: an EBS volume joins or leaves an instance's block
// devices (the attaching/detaching times are in sim/volume_lifecycle.hpp). The volume's
// files go with it: whatever the files route wrote on it is there on the next instance.
#include <regex>

#include "sim/due.hpp"
#include "sim/errors.hpp"
#include "sim/instance_lifecycle.hpp"
#include "sim/instances.hpp"
#include "sim/handlers.hpp"
#include "sim/time_format.hpp"
#include "sim/volume_lifecycle.hpp"
#include "sim/volumes.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/records.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

bool valid_device_name(const std::string& device) {
  static const std::regex kLinux(R"(/dev/(sd|xvd|hd)[a-z]{1,2}[0-9]{0,2})");
  static const std::regex kWindows(R"(xvd[a-z]{1,2})");
  return std::regex_match(device, kLinux) || std::regex_match(device, kWindows);
}

json attachment_answer(const json& attachment) {
  json out = attachment;
  out.erase("DeleteOnTermination");  // AttachVolume's answer leaves it out unless set
  return out;
}

}  // namespace

json attach_volume(const RequestContext& ctx, const json& input) {
  const std::string volume_id = input.at("VolumeId").get<std::string>();
  const std::string device = input.at("Device").get<std::string>();
  return ctx.store.write([&](store::Writer& w) {
    json volume = find_volume(w, ctx, volume_id);
    json instance = instances_named(w, ctx, json::array({input.at("InstanceId")})).at(0);
    const std::string instance_id = InstanceRecord(instance).id();
    if (!VolumeRecord(volume).attachments().empty())
      throw ApiError::client("VolumeInUse", volume_id + " is already attached to an instance");
    if (VolumeRecord(volume).state() != "available")
      throw ApiError::client("IncorrectState", "The volume '" + volume_id + "' is not 'available'.");
    if (VolumeRecord(volume).availability_zone() != InstanceRecord(instance).availability_zone())
      throw ApiError::client("InvalidVolume.ZoneMismatch", "The volume '" + volume_id +
                                                               "' is not in the same availability zone as instance '" +
                                                               instance_id + "'");
    const std::string state = InstanceRecord(instance).state();
    if (state != "running" && state != "stopped")
      throw ApiError::client("IncorrectInstanceState", "Instance '" + instance_id + "' is not 'running'.");
    if (!valid_device_name(device))
      throw ApiError::invalid_value("Value (" + device + ") for parameter device is invalid. " + device +
                                    " is not a valid EBS device name.");
    auto taken = [&](const std::string& name) { return name == device; };
    for (const auto& m : InstanceRecord(instance).block_device_mappings())
      if (taken(m.at("DeviceName").get<std::string>()))
        throw ApiError::invalid_value("Invalid value '" + device + "' for unixDevice. Attachment point " + device +
                                      " is already in use");
    for (const auto& v : InstanceRecord(instance).instance_store())
      if (taken(v.at("DeviceName").get<std::string>()))
        throw ApiError::invalid_value("Invalid value '" + device + "' for unixDevice. Attachment point " + device +
                                      " is already in use");

    const std::string now = format_iso8601(ctx.now);
    json attachment = {{"AttachTime", now}, {"Device", device},         {"InstanceId", instance_id},
                       {"State", "attaching"}, {"VolumeId", volume_id}, {"DeleteOnTermination", false}};
    instance["BlockDeviceMappings"].push_back(
        {{"DeviceName", device},
         {"Ebs", {{"AttachTime", now}, {"DeleteOnTermination", false}, {"Status", "attaching"}, {"VolumeId", volume_id}}}});
    w.put(ctx.scope(), kind::instance, instance_id, std::move(instance));
    volume["State"] = "in-use";
    volume["Attachments"] = json::array({attachment});
    volume["_DueAt"] = epoch_ms(ctx.now + ctx.settings.timing.attaching);
    advance_volume(w, ctx, volume);  // instant timing: attached at once
    w.put(ctx.scope(), kind::volume, volume_id, std::move(volume));
    return attachment_answer(attachment);
  });
}

json detach_volume(const RequestContext& ctx, const json& input) {
  const std::string volume_id = input.at("VolumeId").get<std::string>();
  return ctx.store.write([&](store::Writer& w) {
    json volume = find_volume(w, ctx, volume_id);
    if (VolumeRecord(volume).attachments().empty())
      throw ApiError::client("IncorrectState", "Volume '" + volume_id + "' is in the '" +
                                                   VolumeRecord(volume).state() + "' state.");
    json& attachment = volume["Attachments"][0];
    const std::string instance_id = attachment.at("InstanceId").get<std::string>();
    if (input.value("InstanceId", instance_id) != instance_id || input.value("Device", attachment.at("Device")) != attachment.at("Device"))
      throw ApiError::client("InvalidAttachment.NotFound", "The volume " + volume_id + " is not attached to " +
                                                               input.value("InstanceId", instance_id) + " at " +
                                                               input.value("Device", attachment.at("Device").get<std::string>()));
    if (attachment.at("State") == "detaching")
      throw ApiError::client("IncorrectState", "Volume '" + volume_id + "' is already detaching.");
    if (const json* instance = w.find(ctx.scope(), kind::instance, instance_id)) {
      const std::string state = InstanceRecord(*instance).state();
      if (attachment.at("Device") == InstanceRecord(*instance).root_device_name() && state != "stopped")
        throw ApiError::client("IncorrectState",
                               "Unable to detach root volume '" + volume_id + "' from instance '" + instance_id + "'");
      json updated = *instance;
      for (auto& m : updated["BlockDeviceMappings"])
        if (m.at("Ebs").value("VolumeId", "") == volume_id) m["Ebs"]["Status"] = "detaching";
      w.put(ctx.scope(), kind::instance, instance_id, std::move(updated));
    }
    attachment["State"] = "detaching";
    json answer = attachment_answer(attachment);
    volume["_DueAt"] = epoch_ms(ctx.now + ctx.settings.timing.detaching);
    advance_volume(w, ctx, volume);  // instant timing: available at once
    w.put(ctx.scope(), kind::volume, volume_id, std::move(volume));
    return answer;
  });
}

}  // namespace ec2sim::sim
