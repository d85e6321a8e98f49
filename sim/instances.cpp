// DescribeInstances and the user-initiated state changes: StartInstances, StopInstances,
// RebootInstances, TerminateInstances (the state machine itself is instance_lifecycle).
#include "sim/faults.hpp"
#include "sim/instances.hpp"
#include "sim/records.hpp"

#include "sim/describe.hpp"
#include "sim/errors.hpp"
#include "sim/filters.hpp"
#include "sim/instance_census.hpp"
#include "sim/instance_lifecycle.hpp"
#include "sim/instance_view.hpp"
#include "sim/handlers.hpp"
#include "sim/pagination.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/spot_requests.hpp"
#include "sim/timed_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

// A member path of the instance as shown: the record's, or its default.
FilterTable::Reader member(std::string_view dotted) { return Path::path(dotted, instance_view().defaults); }

// A top-level member as shown, which the view may derive (read at once: see shown_member).
FilterTable::Reader shown(const char* key) {
  return [key](const json& record, std::vector<const json*>& out) {
    const json& value = shown_member(record, instance_view(), key);
    if (!value.is_null()) out.push_back(&value);
  };
}

// A member of the network interfaces read without deriving them: the primary's, which the
// view derives from the instance's own `derived_from` (sim/instance_view.cpp), and
// `eni_member` of each interface attached beyond it (their copies in the record; none for
// an empty name); none once the instance has no interface (terminated).
FilterTable::Reader interface_member(const char* derived_from, const char* eni_member = "") {
  return [derived = Path::path(derived_from), attached = Path::path(std::string("_AttachedInterfaces.") + eni_member),
          beyond_primary = *eni_member != '\0'](const json& record, std::vector<const json*>& out) {
    if (!record.contains("_EniId")) return;
    derived(record, out);
    if (beyond_primary) attached(record, out);
  };
}

// A member of the network interfaces as the view derives them ("PrivateIpAddresses.Primary").
FilterTable::Reader interfaces(const char* dotted) {
  return [read = Path::path(dotted)](const json& record, std::vector<const json*>& out) {
    if (!record.contains("_EniId")) return;
    for (const json& eni : shown_member(record, instance_view(), "NetworkInterfaces")) read(eni, out);
  };
}

// An Elastic IP's `primary` member (_ElasticIp, _EipAssociationId) and the same of those
// on secondary addresses (`secondary`: AllocationId, AssociationId).
FilterTable::Reader elastic_ips(const char* primary, const char* secondary) {
  return [primary, secondary](const json& record, std::vector<const json*>& out) {
    if (auto p = record.find(primary); p != record.end()) out.push_back(&*p);
    if (auto all = record.find("_SecondaryEips"); all != record.end())
      for (const auto& [ip, eip] : all->items()) out.push_back(&eip.at(secondary));
  };
}

// The same value for every instance (none are managed by an operator; all weigh
// bandwidth by default) or every instance with an interface (an instance's primary
// interface is never requester-managed, nor IPv6-only).
FilterTable::Reader constant(const json& value) {
  return [&value](const json&, std::vector<const json*>& out) { out.push_back(&value); };
}
FilterTable::Reader interface_constant(const json& value) {
  return [&value](const json& record, std::vector<const json*>& out) {
    if (record.contains("_EniId")) out.push_back(&value);
  };
}

// The id of the instance's zone (records keep only its name).
void zone_id(const json& record, std::vector<const json*>& out) {
  thread_local json id;
  const json& zone = own_member(own_member(record, "Placement"), "AvailabilityZone");
  if (!zone.is_string()) return;
  id = std::string(catalog::builtin_zone_id(zone.get_ref<const std::string&>()));
  out.push_back(&id);
}

const FilterTable& instance_filters() {
  static const json kFalse = false;
  static const json kDefault = "default";
  static const FilterTable table{{
                                     {"affinity", member("Placement.Affinity")},
                                     {"architecture", member("Architecture")},
                                     {"availability-zone", member("Placement.AvailabilityZone")},
                                     {"availability-zone-id", zone_id},
                                     {"block-device-mapping.device-name", member("BlockDeviceMappings.DeviceName")},
                                     {"block-device-mapping.volume-id", member("BlockDeviceMappings.Ebs.VolumeId")},
                                     {"block-device-mapping.status", member("BlockDeviceMappings.Ebs.Status")},
                                     {"block-device-mapping.delete-on-termination", member("BlockDeviceMappings.Ebs.DeleteOnTermination")},
                                     {"block-device-mapping.attach-time", member("BlockDeviceMappings.Ebs.AttachTime")},
                                     {"boot-mode", member("BootMode")},
                                     {"capacity-reservation-id", member("CapacityReservationId")},
                                     {"capacity-reservation-specification.capacity-reservation-preference",
                                      member("CapacityReservationSpecification.CapacityReservationPreference")},
                                     {"capacity-reservation-specification.capacity-reservation-target.capacity-reservation-id",
                                      member("CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationId")},
                                     {"capacity-reservation-specification.capacity-reservation-target.capacity-reservation-resource-group-arn",
                                      member("CapacityReservationSpecification.CapacityReservationTarget.CapacityReservationResourceGroupArn")},
                                     {"client-token", member("ClientToken")},
                                     {"current-instance-boot-mode", member("CurrentInstanceBootMode")},
                                     {"ebs-optimized", member("EbsOptimized")},
                                     {"ena-support", member("EnaSupport")},
                                     {"enclave-options.enabled", member("EnclaveOptions.Enabled")},
                                     {"hibernation-options.configured", member("HibernationOptions.Configured")},
                                     {"host-id", member("Placement.HostId")},
                                     {"dns-name", shown("PublicDnsName")},
                                     {"hypervisor", member("Hypervisor")},
                                     {"iam-instance-profile.arn", member("IamInstanceProfile.Arn")},
                                     {"iam-instance-profile.id", member("IamInstanceProfile.Id")},
                                     {"image-id", member("ImageId")},
                                     {"instance-id", member("InstanceId")},
                                     {"instance-lifecycle", member("InstanceLifecycle")},
                                     {"instance-state-code", member("State.Code")},
                                     {"instance-state-name", member("State.Name")},
                                     {"instance-type", member("InstanceType")},
                                     {"instance.group-id", member("SecurityGroups.GroupId")},
                                     {"instance.group-name", member("SecurityGroups.GroupName")},
                                     {"group-id", member("SecurityGroups.GroupId")},
                                     {"group-name", member("SecurityGroups.GroupName")},
                                     {"ip-address", member("PublicIpAddress")},
                                     {"ipv6-address", shown("Ipv6Address")},
                                     {"kernel-id", member("KernelId")},
                                     {"key-name", member("KeyName")},
                                     {"launch-index", member("AmiLaunchIndex")},
                                     {"launch-time", member("LaunchTime")},
                                     {"maintenance-options.auto-recovery", member("MaintenanceOptions.AutoRecovery")},
                                     {"metadata-options.http-endpoint", member("MetadataOptions.HttpEndpoint")},
                                     {"metadata-options.http-protocol-ipv4", member("MetadataOptions.HttpEndpoint")},  // the IPv4 endpoint
                                     {"metadata-options.http-protocol-ipv6", member("MetadataOptions.HttpProtocolIpv6")},
                                     {"metadata-options.state", member("MetadataOptions.State")},
                                     {"metadata-options.http-put-response-hop-limit", member("MetadataOptions.HttpPutResponseHopLimit")},
                                     {"metadata-options.http-tokens", member("MetadataOptions.HttpTokens")},
                                     {"metadata-options.instance-metadata-tags", member("MetadataOptions.InstanceMetadataTags")},
                                     {"monitoring-state", member("Monitoring.State")},
                                     {"network-interface.addresses.association.allocation-id", elastic_ips("_ElasticIp", "AllocationId")},
                                     {"network-interface.addresses.association.association-id", elastic_ips("_EipAssociationId", "AssociationId")},
                                     {"network-interface.addresses.association.ip-owner-id", interfaces("PrivateIpAddresses.Association.IpOwnerId")},
                                     {"network-interface.addresses.association.public-dns-name", interfaces("PrivateIpAddresses.Association.PublicDnsName")},
                                     {"network-interface.addresses.association.public-ip", interfaces("PrivateIpAddresses.Association.PublicIp")},
                                     {"network-interface.addresses.primary", interfaces("PrivateIpAddresses.Primary")},
                                     {"network-interface.addresses.private-dns-name", interfaces("PrivateIpAddresses.PrivateDnsName")},
                                     {"network-interface.addresses.private-ip-address", interfaces("PrivateIpAddresses.PrivateIpAddress")},
                                     {"network-interface.association.allocation-id", interface_member("_ElasticIp")},
                                     {"network-interface.association.association-id", interface_member("_EipAssociationId")},
                                     {"network-interface.association.ip-owner-id", interfaces("Association.IpOwnerId")},
                                     {"network-interface.association.public-dns-name", interfaces("Association.PublicDnsName")},
                                     {"network-interface.association.public-ip", interfaces("Association.PublicIp")},
                                     {"network-interface.attachment.attach-time", interfaces("Attachment.AttachTime")},
                                     {"network-interface.attachment.attachment-id", interface_member("_EniAttachmentId", "Attachment.AttachmentId")},
                                     {"network-interface.attachment.delete-on-termination", interfaces("Attachment.DeleteOnTermination")},
                                     {"network-interface.attachment.device-index", interfaces("Attachment.DeviceIndex")},
                                     {"network-interface.attachment.instance-id", interface_member("InstanceId", "Attachment.InstanceId")},
                                     {"network-interface.attachment.instance-owner-id", interface_member("_OwnerId", "Attachment.InstanceOwnerId")},
                                     {"network-interface.attachment.network-card-index", interfaces("Attachment.NetworkCardIndex")},
                                     {"network-interface.attachment.status", interfaces("Attachment.Status")},
                                     {"network-interface.availability-zone", interface_member("Placement.AvailabilityZone", "AvailabilityZone")},
                                     {"network-interface.addresses.association.carrier-ip", interfaces("PrivateIpAddresses.Association.CarrierIp")},
                                     {"network-interface.addresses.association.customer-owned-ip",
                                      interfaces("PrivateIpAddresses.Association.CustomerOwnedIp")},
                                     {"network-interface.association.carrier-ip", interfaces("Association.CarrierIp")},
                                     {"network-interface.association.customer-owned-ip", interfaces("Association.CustomerOwnedIp")},
                                     {"network-interface.deny-all-igw-traffic", interface_constant(kFalse)},
                                     {"network-interface.description", interfaces("Description")},
                                     {"network-interface.ipv4-prefixes.ipv4-prefix", interfaces("Ipv4Prefixes.Ipv4Prefix")},
                                     {"network-interface.ipv6-native", interface_constant(kFalse)},
                                     {"network-interface.ipv6-prefixes.ipv6-prefix", interfaces("Ipv6Prefixes.Ipv6Prefix")},
                                     {"network-interface.operator.managed", interface_constant(kFalse)},
                                     {"network-interface.operator.principal", interfaces("Operator.Principal")},
                                     {"network-interface.outpost-arn", interfaces("OutpostArn")},
                                     {"network-interface.group-id", interfaces("Groups.GroupId")},
                                     {"network-interface.group-name", interfaces("Groups.GroupName")},
                                     {"network-interface.ipv6-address", interfaces("Ipv6Addresses.Ipv6Address")},
                                     {"network-interface.ipv6-addresses.ipv6-address", interfaces("Ipv6Addresses.Ipv6Address")},
                                     {"network-interface.ipv6-addresses.is-primary-ipv6", interfaces("Ipv6Addresses.IsPrimaryIpv6")},
                                     {"network-interface.mac-address", interface_member("_MacAddress", "MacAddress")},
                                     {"network-interface.network-interface-id", interface_member("_EniId", "NetworkInterfaceId")},
                                     {"network-interface.owner-id", interfaces("OwnerId")},
                                     {"network-interface.private-dns-name", interfaces("PrivateDnsName")},
                                     {"network-interface.private-ip-address", interfaces("PrivateIpAddress")},
                                     {"network-interface.public-dns-name", interfaces("Association.PublicDnsName")},
                                     {"network-interface.requester-id", interfaces("RequesterId")},
                                     {"network-interface.requester-managed", interface_constant(kFalse)},
                                     {"network-interface.source-dest-check", interfaces("SourceDestCheck")},
                                     {"network-interface.status", interfaces("Status")},
                                     {"network-interface.subnet-id", interface_member("SubnetId", "SubnetId")},
                                     {"network-interface.tag-key", interfaces("TagSet.Key")},
                                     {"network-interface.tag-value", interfaces("TagSet.Value")},
                                     {"network-interface.vpc-id", interface_member("VpcId", "VpcId")},
                                     {"network-performance-options.bandwidth-weighting", constant(kDefault)},
                                     {"operator.managed", constant(kFalse)},
                                     {"operator.principal", member("Operator.Principal")},
                                     {"outpost-arn", member("OutpostArn")},
                                     {"owner-id", member("_OwnerId")},
                                     {"placement-group-name", member("Placement.GroupName")},
                                     {"placement-partition-number", member("Placement.PartitionNumber")},
                                     {"platform", member("Platform")},
                                     {"platform-details", member("PlatformDetails")},
                                     {"private-dns-name", shown("PrivateDnsName")},
                                     {"private-dns-name-options.enable-resource-name-dns-a-record",
                                      member("PrivateDnsNameOptions.EnableResourceNameDnsARecord")},
                                     {"private-dns-name-options.enable-resource-name-dns-aaaa-record",
                                      member("PrivateDnsNameOptions.EnableResourceNameDnsAAAARecord")},
                                     {"private-dns-name-options.hostname-type", member("PrivateDnsNameOptions.HostnameType")},
                                     {"private-ip-address", member("PrivateIpAddress")},
                                     {"product-code", member("ProductCodes.ProductCodeId")},
                                     {"product-code.type", member("ProductCodes.ProductCodeType")},
                                     {"ramdisk-id", member("RamdiskId")},
                                     {"reason", member("StateTransitionReason")},
                                     {"requester-id", member("_RequesterId")},  // AWS names it for instances others launch for you
                                     {"reservation-id", member("_ReservationId")},
                                     {"root-device-name", member("RootDeviceName")},
                                     {"root-device-type", member("RootDeviceType")},
                                     {"source-dest-check", member("SourceDestCheck")},
                                     {"spot-instance-request-id", member("SpotInstanceRequestId")},
                                     {"state-reason-code", member("StateReason.Code")},
                                     {"state-reason-message", member("StateReason.Message")},
                                     {"subnet-id", member("SubnetId")},
                                     {"tenancy", member("Placement.Tenancy")},
                                     {"tpm-support", member("TpmSupport")},
                                     {"usage-operation", member("UsageOperation")},
                                     {"usage-operation-update-time", shown("UsageOperationUpdateTime")},
                                     {"virtualization-type", member("VirtualizationType")},
                                     {"vpc-id", member("VpcId")},
                                 },
                                 true};
  return table;
}

// Groups instances into reservations, keeping the order instances come in, each shown
// through instance_view(). With `borrowed`, the reservations refer to the instance
// records, which must outlive the response, instead of copying them.
json group_reservations(const std::vector<const json*>& instances, const std::string& owner, Borrowed* borrowed) {
  json reservations = json::array();
  std::map<std::string, std::size_t> index;
  for (const auto* i : instances) {
    const std::string rid = InstanceRecord(*i).reservation_id();
    auto [it, fresh] = index.try_emplace(rid, reservations.size());
    if (fresh)
      reservations.push_back({{"Groups", json::array()}, {"Instances", json::array()}, {"OwnerId", owner}, {"ReservationId", rid}});
    reservations[it->second]["Instances"].push_back(show(borrowed, *i, instance_view()));
  }
  return reservations;
}

json state_change(const json& before, const json& after) {
  return {{"InstanceId", after.at("InstanceId")}, {"CurrentState", after.at("State")}, {"PreviousState", before.at("State")}};
}

ApiError incorrect_state(const json& instance, const std::string& action) {
  return ApiError::client("IncorrectInstanceState", "The instance '" + InstanceRecord(instance).id() +
                                                        "' is not in a state from which it can be " + action + ".");
}

// Runs `change` on every instance the request names, in one transaction, and returns the
// InstanceStateChange list under `result_member`.
template <class Change>
json change_states(const RequestContext& ctx, const json& input, const char* result_member, Change change) {
  return ctx.store.write([&](store::Writer& w) {
    json changes = json::array();
    for (auto instance : instances_named(w, ctx, input.at("InstanceIds"))) {
      json before = instance;
      if constexpr (std::is_invocable_v<Change, json&, store::Writer&>) change(instance, w);
      else change(instance);
      changes.push_back(state_change(before, instance));
      const std::string id = InstanceRecord(instance).id();  // before the move below
      const bool exists = advance_instance(w, ctx, instance);
      keep_or_erase(w, ctx, kind::instance, id, std::move(instance), exists);
    }
    return json{{result_member, std::move(changes)}};
  });
}

}  // namespace

json reservation_from(std::vector<const json*> members, const std::string& owner, const std::string& reservation_id,
                      Borrowed* borrowed) {
  std::sort(members.begin(), members.end(),
            [](const json* a, const json* b) { return InstanceRecord(*a).launch_index() < InstanceRecord(*b).launch_index(); });
  json reservations = group_reservations(members, owner, borrowed);
  return reservations.empty() ? json{{"OwnerId", owner}, {"ReservationId", reservation_id}, {"Instances", json::array()}}
                              : reservations.at(0);
}

json reservation_of(const store::Reader& w, const RequestContext& ctx, const std::string& reservation_id,
                    const json& instance_ids) {
  std::vector<const json*> members;
  if (instance_ids.is_array()) {
    for (const auto& id : instance_ids)
      if (const json* i = w.find(ctx.scope(), kind::instance, id.get_ref<const std::string&>())) members.push_back(i);
  } else {
    for (const auto& [id, i] : w.all(ctx.scope(), kind::instance))
      if (InstanceRecord(i).reservation_id() == reservation_id) members.push_back(&i);
  }
  return reservation_from(std::move(members), ctx.account_id, reservation_id, nullptr);  // the records stay in the store
}

std::vector<json> instances_named(const store::Reader& w, const RequestContext& ctx, const json& ids) {
  std::vector<json> out;
  std::vector<std::string> missing;
  for (const auto& v : ids) {
    const std::string id = v.get<std::string>();
    if (!is_id(id, "i")) throw ApiError::client("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
    if (const json* i = w.find(ctx.scope(), kind::instance, id)) out.push_back(*i);
    else missing.push_back(id);
  }
  if (!missing.empty()) throw ApiError::not_found("InvalidInstanceID.NotFound", "instance ID", "instance IDs", missing);
  return out;
}

json describe_instances(const RequestContext& ctx, const json& input) {
  auto filters = filters_from_request(input);
  instance_filters().validate(filters);
  const bool by_id = input.contains("InstanceIds") && !input.at("InstanceIds").empty();
  if (by_id && input.contains("MaxResults"))
    throw ApiError::invalid_combination("The parameter instancesSet cannot be used with the parameter maxResults");
  auto page = page_request(input, 0);

  auto describe = [&](const store::Reader& w) {
    std::vector<json> named;
    if (by_id) named = instances_named(w, ctx, input.at("InstanceIds"));
    std::vector<const json*> named_copies;
    if (by_id)  // copies local to this call: the response keeps them
      for (auto& i : named) named_copies.push_back(ctx.borrowed ? &ctx.borrowed->own(std::move(i)) : &i);
    std::optional<std::vector<const json*>> tagged;
    if (!by_id) tagged = tag_filtered(w, ctx, kind::instance, filters);
    const auto& candidates = by_id ? named_copies : tagged ? *tagged : w.in_order(ctx.scope(), kind::instance);
    std::vector<const json*> matching;  // without filters, every candidate: the page is cut from them directly
    for (std::size_t n = 0; !filters.empty() && n < candidates.size(); ++n) {
      // Fetch ahead: the filters read each document's first members.
      for (int ahead = 1; ahead <= 3; ++ahead)
        if (n + 4 * ahead < candidates.size()) store::prefetch_document(*candidates[n + 4 * ahead], ahead);
      if (instance_filters().matches(filters, *candidates[n])) matching.push_back(candidates[n]);
    }
    std::optional<std::string> next;
    auto shown = take_page(filters.empty() ? candidates : matching, page, [](const json& i) -> const std::string& {
      return InstanceRecord(i).id();
    }, next);
    json result = {{"Reservations", group_reservations(shown, ctx.account_id, ctx.borrowed)}};
    if (next) result["NextToken"] = *next;
    return result;
  };
  return ctx.read_for_response(describe);
}

json start_instances(const RequestContext& ctx, const json& input) {
  return change_states(ctx, input, "StartingInstances", [&](json& i, store::Writer& w) {
    const std::string state = InstanceRecord(i).state();
    if (state == "running" || state == "pending") return;
    if (state != "stopped") throw incorrect_state(i, "started");
    require_zone_capacity(w, ctx, InstanceRecord(i).availability_zone(), InstanceRecord(i).instance_type());
    // A started instance holds vCPUs again: within the quota, counting those this call
    // started before it (each was put, which moved the stamp: the census is taken anew).
    if (const auto* type = ctx.catalog.find_instance_type(InstanceRecord(i).instance_type()))
      instances_within_quota(ctx, instance_census(w, ctx), *type, InstanceRecord(i).lifecycle() == "spot", 1, 1);
    enter_state(i, "pending", ctx, ctx.settings.timing.pending);
    assign_public_ip(i, ctx);
  });
}

json stop_instances(const RequestContext& ctx, const json& input) {
  const bool hibernate = input.value("Hibernate", false);
  return change_states(ctx, input, "StoppingInstances", [&](json& i, store::Writer& w) {
    const std::string state = InstanceRecord(i).state();
    if (state == "stopped" || state == "stopping") return;
    if (state != "running" && state != "pending") throw incorrect_state(i, "stopped");
    if (InstanceRecord(i).stop_protected())
      throw ApiError::client("OperationNotPermitted", "The instance '" + InstanceRecord(i).id() +
                                                          "' may not be stopped. Modify its 'disableApiStop' instance "
                                                          "attribute and try again.");
    if (InstanceRecord(i).lifecycle() == "spot") check_spot_instance_may_stop(w, ctx, i);
    if (hibernate && !shown_member(i, instance_view(), "HibernationOptions").value("Configured", false))
      throw ApiError::client("UnsupportedHibernationConfiguration",
                             "The instance " + InstanceRecord(i).id() + " is not enabled for hibernation.");
    enter_state(i, "stopping", ctx, ctx.settings.timing.stopping);
    if (hibernate)  // the stopped state keeps this reason
      i["StateReason"] = {{"Code", "Client.UserInitiatedHibernate"},
                          {"Message", "Client.UserInitiatedHibernate: User initiated hibernate"}};
  });
}

json reboot_instances(const RequestContext& ctx, const json& input) {
  change_states(ctx, input, "Rebooted", [&](json& i) {
    const std::string state = InstanceRecord(i).state();
    if (state == "terminated" || state == "shutting-down") throw incorrect_state(i, "rebooted");
    if (state == "running") reboot_guest(i);
  });
  return json::object();
}

json terminate_instances(const RequestContext& ctx, const json& input) {
  return change_states(ctx, input, "TerminatingInstances", [&](json& i) {
    const std::string state = InstanceRecord(i).state();
    if (state == "terminated" || state == "shutting-down") return;
    if (InstanceRecord(i).termination_protected())
      throw ApiError::client("OperationNotPermitted", "The instance '" + InstanceRecord(i).id() +
                                                          "' may not be terminated. Modify its 'disableApiTermination' "
                                                          "instance attribute and try again.");
    enter_state(i, "shutting-down", ctx, ctx.settings.timing.shutting_down);
  });
}

}  // namespace ec2sim::sim
