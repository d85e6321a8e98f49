// DescribeInstances and the user-initiated state changes: StartInstances, StopInstances,
// RebootInstances, TerminateInstances (the state machine itself is instance_lifecycle).
#include "sim/instances.hpp"

#include "sim/errors.hpp"
#include "sim/filters.hpp"
#include "sim/instance_lifecycle.hpp"
#include "sim/operations.hpp"
#include "sim/pagination.hpp"
#include "sim/resource_ids.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;
constexpr std::string_view kType = "instance";

const FilterTable& instance_filters() {
  static const FilterTable table{{
                                     {"affinity", Path::path("Placement.Affinity")},
                                     {"architecture", Path::path("Architecture")},
                                     {"availability-zone", Path::path("Placement.AvailabilityZone")},
                                     {"block-device-mapping.device-name", Path::path("BlockDeviceMappings.DeviceName")},
                                     {"block-device-mapping.volume-id", Path::path("BlockDeviceMappings.Ebs.VolumeId")},
                                     {"block-device-mapping.status", Path::path("BlockDeviceMappings.Ebs.Status")},
                                     {"block-device-mapping.delete-on-termination", Path::path("BlockDeviceMappings.Ebs.DeleteOnTermination")},
                                     {"client-token", Path::path("ClientToken")},
                                     {"dns-name", Path::path("PublicDnsName")},
                                     {"hypervisor", Path::path("Hypervisor")},
                                     {"iam-instance-profile.arn", Path::path("IamInstanceProfile.Arn")},
                                     {"image-id", Path::path("ImageId")},
                                     {"instance-id", Path::path("InstanceId")},
                                     {"instance-lifecycle", Path::path("InstanceLifecycle")},
                                     {"instance-state-code", Path::path("State.Code")},
                                     {"instance-state-name", Path::path("State.Name")},
                                     {"instance-type", Path::path("InstanceType")},
                                     {"instance.group-id", Path::path("SecurityGroups.GroupId")},
                                     {"instance.group-name", Path::path("SecurityGroups.GroupName")},
                                     {"group-id", Path::path("SecurityGroups.GroupId")},
                                     {"group-name", Path::path("SecurityGroups.GroupName")},
                                     {"ip-address", Path::path("PublicIpAddress")},
                                     {"key-name", Path::path("KeyName")},
                                     {"launch-index", Path::path("AmiLaunchIndex")},
                                     {"launch-time", Path::path("LaunchTime")},
                                     {"monitoring-state", Path::path("Monitoring.State")},
                                     {"network-interface.network-interface-id", Path::path("NetworkInterfaces.NetworkInterfaceId")},
                                     {"network-interface.addresses.private-ip-address", Path::path("NetworkInterfaces.PrivateIpAddresses.PrivateIpAddress")},
                                     {"network-interface.subnet-id", Path::path("NetworkInterfaces.SubnetId")},
                                     {"network-interface.vpc-id", Path::path("NetworkInterfaces.VpcId")},
                                     {"owner-id", Path::path("_OwnerId")},
                                     {"placement-group-name", Path::path("Placement.GroupName")},
                                     {"placement-partition-number", Path::path("Placement.PartitionNumber")},
                                     {"platform", Path::path("Platform")},
                                     {"platform-details", Path::path("PlatformDetails")},
                                     {"private-dns-name", Path::path("PrivateDnsName")},
                                     {"private-ip-address", Path::path("PrivateIpAddress")},
                                     {"reason", Path::path("StateTransitionReason")},
                                     {"reservation-id", Path::path("_ReservationId")},
                                     {"root-device-name", Path::path("RootDeviceName")},
                                     {"root-device-type", Path::path("RootDeviceType")},
                                     {"state-reason-code", Path::path("StateReason.Code")},
                                     {"state-reason-message", Path::path("StateReason.Message")},
                                     {"subnet-id", Path::path("SubnetId")},
                                     {"tenancy", Path::path("Placement.Tenancy")},
                                     {"virtualization-type", Path::path("VirtualizationType")},
                                     {"vpc-id", Path::path("VpcId")},
                                 },
                                 true};
  return table;
}

// Groups instances into reservations, keeping the order instances come in. With
// `borrowed`, the reservations refer to the instance documents instead of copying them.
json group_reservations(const std::vector<const json*>& instances, const std::string& owner, Borrowed* borrowed = nullptr) {
  json reservations = json::array();
  std::map<std::string, std::size_t> index;
  for (const auto* i : instances) {
    const std::string rid = i->at("_ReservationId").get<std::string>();
    auto [it, fresh] = index.try_emplace(rid, reservations.size());
    if (fresh)
      reservations.push_back({{"Groups", json::array()}, {"Instances", json::array()}, {"OwnerId", owner}, {"ReservationId", rid}});
    reservations[it->second]["Instances"].push_back(share(borrowed, *i));
  }
  return reservations;
}

json state_change(const json& before, const json& after) {
  return {{"InstanceId", after.at("InstanceId")}, {"CurrentState", after.at("State")}, {"PreviousState", before.at("State")}};
}

ApiError incorrect_state(const json& instance, const std::string& action) {
  return ApiError::client("IncorrectInstanceState", "The instance '" + instance.at("InstanceId").get<std::string>() +
                                                        "' is not in a state from which it can be " + action + ".");
}

// Runs `change` on every instance the request names, in one transaction, and returns the
// InstanceStateChange list under `result_member`.
template <class Change>
json change_states(const RequestContext& ctx, const json& input, const char* result_member, Change change) {
  return ctx.store.write([&](store::Writer& w) {
    settle(w, ctx);
    json changes = json::array();
    for (auto instance : instances_named(w, ctx, input.at("InstanceIds"))) {
      json before = instance;
      change(instance);
      changes.push_back(state_change(before, instance));
      const std::string id = instance.at("InstanceId").get<std::string>();  // before the move below
      if (settle_instance(w, ctx, instance))
        w.put(ctx.scope(), kType, id, std::move(instance));
      else
        w.erase(ctx.scope(), kType, id);
    }
    return json{{result_member, std::move(changes)}};
  });
}

}  // namespace

json reservation_from(std::vector<const json*> members, const std::string& owner, const std::string& reservation_id) {
  std::sort(members.begin(), members.end(),
            [](const json* a, const json* b) { return a->at("AmiLaunchIndex") < b->at("AmiLaunchIndex"); });
  json reservations = group_reservations(members, owner);
  return reservations.empty() ? json{{"OwnerId", owner}, {"ReservationId", reservation_id}, {"Instances", json::array()}}
                              : reservations.at(0);
}

json reservation_of(const store::Writer& w, const RequestContext& ctx, const std::string& reservation_id,
                    const json& instance_ids) {
  std::vector<const json*> members;
  if (instance_ids.is_array()) {
    for (const auto& id : instance_ids)
      if (const json* i = w.find(ctx.scope(), kType, id.get_ref<const std::string&>())) members.push_back(i);
  } else {
    for (const auto& [id, i] : w.all(ctx.scope(), kType))
      if (i.at("_ReservationId") == reservation_id) members.push_back(&i);
  }
  return reservation_from(std::move(members), ctx.account_id, reservation_id);
}

std::vector<json> instances_named(const store::Writer& w, const RequestContext& ctx, const json& ids) {
  std::vector<json> out;
  std::vector<std::string> missing;
  for (const auto& v : ids) {
    const std::string id = v.get<std::string>();
    if (!is_id(id, "i")) throw ApiError::client("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
    if (const json* i = w.find(ctx.scope(), kType, id)) out.push_back(*i);
    else missing.push_back(id);
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    throw ApiError::client("InvalidInstanceID.NotFound", missing.size() == 1
                                                             ? "The instance ID '" + list + "' does not exist"
                                                             : "The instance IDs '" + list + "' do not exist");
  }
  return out;
}

json describe_instances(const RequestContext& ctx, const json& input) {
  auto filters = filters_from_request(input);
  instance_filters().validate(filters);
  const bool by_id = input.contains("InstanceIds") && !input.at("InstanceIds").empty();
  if (by_id && input.contains("MaxResults"))
    throw ApiError::invalid_combination("The parameter instancesSet cannot be used with the parameter maxResults");
  auto page = page_request(input, 0);
  settle_scope(ctx);

  auto describe = [&](const store::Writer& w) {
    std::vector<json> named;
    if (by_id) named = instances_named(w, ctx, input.at("InstanceIds"));
    std::vector<const json*> candidates;
    if (by_id) {
      for (const auto& i : named) candidates.push_back(&i);
    } else {
      for (const auto& [id, i] : w.all(ctx.scope(), kType)) candidates.push_back(&i);
    }
    std::vector<const json*> matching;
    for (const auto* i : candidates)
      if (instance_filters().matches(filters, *i)) matching.push_back(i);
    std::optional<std::string> next;
    auto shown = take_page(matching, page, [](const json& i) -> const std::string& {
      return i.at("InstanceId").get_ref<const std::string&>();
    }, next);
    // Instances named by id are copies local to this call: only store documents are borrowed.
    json result = {{"Reservations", group_reservations(shown, ctx.account_id, by_id ? nullptr : ctx.borrowed)}};
    if (next) result["NextToken"] = *next;
    return result;
  };
  if (ctx.borrowed) return ctx.store.read_and_hold(ctx.borrowed->hold, describe);
  return ctx.store.read(describe);
}

json start_instances(const RequestContext& ctx, const json& input) {
  return change_states(ctx, input, "StartingInstances", [&](json& i) {
    const std::string state = i.at("State").at("Name").get<std::string>();
    if (state == "running" || state == "pending") return;
    if (state != "stopped") throw incorrect_state(i, "started");
    enter_state(i, "pending", ctx, ctx.settings.timing.pending);
    assign_public_ip(i, ctx);
  });
}

json stop_instances(const RequestContext& ctx, const json& input) {
  const bool hibernate = input.value("Hibernate", false);
  return change_states(ctx, input, "StoppingInstances", [&](json& i) {
    const std::string state = i.at("State").at("Name").get<std::string>();
    if (state == "stopped" || state == "stopping") return;
    if (state != "running" && state != "pending") throw incorrect_state(i, "stopped");
    if (i.value("InstanceLifecycle", "") == "spot")
      throw ApiError::client("UnsupportedOperation", "You can't stop the Spot Instance '" +
                                                         i.at("InstanceId").get<std::string>() + "' because it is associated with a one-time Spot Instance request.");
    if (hibernate && !i.at("HibernationOptions").value("Configured", false))
      throw ApiError::client("UnsupportedHibernationConfiguration",
                             "The instance " + i.at("InstanceId").get<std::string>() + " is not enabled for hibernation.");
    enter_state(i, "stopping", ctx, ctx.settings.timing.stopping);
    if (hibernate)  // the stopped state keeps this reason
      i["StateReason"] = {{"Code", "Client.UserInitiatedHibernate"},
                          {"Message", "Client.UserInitiatedHibernate: User initiated hibernate"}};
  });
}

json reboot_instances(const RequestContext& ctx, const json& input) {
  change_states(ctx, input, "Rebooted", [&](json& i) {
    const std::string state = i.at("State").at("Name").get<std::string>();
    if (state == "terminated" || state == "shutting-down") throw incorrect_state(i, "rebooted");
  });
  return json::object();
}

json terminate_instances(const RequestContext& ctx, const json& input) {
  return change_states(ctx, input, "TerminatingInstances", [&](json& i) {
    const std::string state = i.at("State").at("Name").get<std::string>();
    if (state == "terminated" || state == "shutting-down") return;
    if (i.value("_DisableApiTermination", false))
      throw ApiError::client("OperationNotPermitted", "The instance '" + i.at("InstanceId").get<std::string>() +
                                                          "' may not be terminated. Modify its 'disableApiTermination' "
                                                          "instance attribute and try again.");
    enter_state(i, "shutting-down", ctx, ctx.settings.timing.shutting_down);
  });
}

}  // namespace ec2sim::sim
