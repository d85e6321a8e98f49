// Network interfaces: CreateNetworkInterface (addresses from the subnet, the VPC's groups),
// DescribeNetworkInterfaces (stored interfaces and every instance's primary one, with
// AWS's filters), Attach/Detach (device index, the type's interface limit, the primary
// stays), Modify/DescribeNetworkInterfaceAttribute (description, groups, source/dest
// check, the attachment's DeleteOnTermination) and DeleteNetworkInterface (not while in
// use). Each operation takes an instance's primary interface as well: its members live in
// the instance's record (sim/interface_records.hpp). Their addresses are changed in
// sim/interface_addresses.cpp.
#include "sim/network_interfaces.hpp"

#include <algorithm>

#include "sim/addresses.hpp"
#include "sim/client_tokens.hpp"
#include "sim/describe.hpp"
#include "sim/document_view.hpp"
#include "sim/errors.hpp"
#include "sim/filters.hpp"
#include "sim/handlers.hpp"
#include "sim/instance_census.hpp"
#include "sim/instance_view.hpp"
#include "sim/instances.hpp"
#include "sim/interface_records.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/pagination.hpp"
#include "sim/quotas.hpp"
#include "sim/records.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/route_tables.hpp"
#include "sim/tags.hpp"
#include "sim/time_format.hpp"

namespace ec2sim::sim {

using json = nlohmann::ordered_json;

namespace {

using Path = FilterTable;

const FilterTable& interface_filters() {
  static const FilterTable table{{
                                     {"addresses.private-ip-address", Path::path("PrivateIpAddresses.PrivateIpAddress")},
                                     {"addresses.primary", Path::path("PrivateIpAddresses.Primary")},
                                     {"addresses.association.public-ip", Path::path("PrivateIpAddresses.Association.PublicIp")},
                                     {"addresses.association.owner-id", Path::path("PrivateIpAddresses.Association.IpOwnerId")},
                                     {"association.public-ip", Path::path("Association.PublicIp")},
                                     {"association.public-dns-name", Path::path("Association.PublicDnsName")},
                                     {"association.ip-owner-id", Path::path("Association.IpOwnerId")},
                                     {"association.allocation-id", Path::path("Association.AllocationId")},
                                     {"association.association-id", Path::path("Association.AssociationId")},
                                     {"attachment.attachment-id", Path::path("Attachment.AttachmentId")},
                                     {"attachment.attach-time", Path::path("Attachment.AttachTime")},
                                     {"attachment.delete-on-termination", Path::path("Attachment.DeleteOnTermination")},
                                     {"attachment.device-index", Path::path("Attachment.DeviceIndex")},
                                     {"attachment.instance-id", Path::path("Attachment.InstanceId")},
                                     {"attachment.instance-owner-id", Path::path("Attachment.InstanceOwnerId")},
                                     {"attachment.status", Path::path("Attachment.Status")},
                                     {"availability-zone", Path::path("AvailabilityZone")},
                                     {"description", Path::path("Description")},
                                     {"group-id", Path::path("Groups.GroupId")},
                                     {"group-name", Path::path("Groups.GroupName")},
                                     {"interface-type", Path::path("InterfaceType")},
                                     {"ipv6-addresses.ipv6-address", Path::path("Ipv6Addresses.Ipv6Address")},
                                     {"mac-address", Path::path("MacAddress")},
                                     {"network-interface-id", Path::path("NetworkInterfaceId")},
                                     {"owner-id", Path::path("OwnerId")},
                                     {"private-dns-name", Path::path("PrivateDnsName")},
                                     {"private-ip-address", Path::path("PrivateIpAddress")},
                                     {"requester-id", Path::path("RequesterId")},
                                     {"requester-managed", Path::path("RequesterManaged")},
                                     {"source-dest-check", Path::path("SourceDestCheck")},
                                     {"status", Path::path("Status")},
                                     {"subnet-id", Path::path("SubnetId")},
                                     {"vpc-id", Path::path("VpcId")},
                                 },
                                 true};
  return table;
}

}  // namespace

std::vector<const json*> interface_groups(const RequestContext& ctx, const store::Reader& r, const json& ids, const json& names,
                                          const json& place) {
  std::vector<const json*> groups;
  const json& vpc_id = place.at("VpcId");
  for (const auto& id : ids) {
    const json* g = r.find(ctx.scope(), kind::security_group, id.get<std::string>());
    if (!g) throw ApiError::client("InvalidGroup.NotFound", "The security group '" + id.get<std::string>() + "' does not exist");
    groups.push_back(g);
  }
  for (const auto& name : names) {
    const json* found = nullptr;
    for (const auto& [id, g] : r.all(ctx.scope(), kind::security_group))
      if (g.at("GroupName") == name && g.at("VpcId") == vpc_id) found = &g;
    if (!found)
      throw ApiError::client("InvalidGroup.NotFound", "The security group '" + name.get<std::string>() +
                                                          "' does not exist in VPC '" + vpc_id.get<std::string>() + "'");
    groups.push_back(found);
  }
  if (groups.empty())  // the VPC's default group
    for (const auto& [id, g] : r.all(ctx.scope(), kind::security_group))
      if (g.at("GroupName") == "default" && g.at("VpcId") == vpc_id) groups.push_back(&g);
  require_within(ctx.settings.quotas, "security-groups-per-interface", 0, static_cast<std::int64_t>(groups.size()),
                 "SecurityGroupsPerInterfaceLimitExceeded", "The maximum number of security groups per interface has been reached.");
  for (const auto* g : groups)
    if (g->at("VpcId") != vpc_id)
      throw ApiError::client("InvalidParameter", "Security group " + g->at("GroupId").get<std::string>() + " and " +
                                                     (place.contains("SubnetId") ? "subnet " + place.at("SubnetId").get<std::string>()
                                                                                 : "VPC " + vpc_id.get<std::string>()) +
                                                     " belong to different networks.");
  return groups;
}

std::string create_service_interface(store::Writer& w, const RequestContext& ctx, const json& subnet,
                                     const std::string& private_ip, const std::string& description,
                                     const std::string& interface_type) {
  const std::string id = new_id("eni");
  json eni = interface_document(ctx, id, subnet, private_ip, description);
  eni["InterfaceType"] = interface_type;
  eni["RequesterId"] = "AWS";  // made by a service, not by the account
  eni["RequesterManaged"] = true;
  eni["Attachment"] = {{"AttachmentId", new_id("ela-attach")}, {"DeleteOnTermination", false}, {"DeviceIndex", 1},
                       {"InstanceOwnerId", "amazon-aws"}, {"Status", "attached"}};  // the service's, no instance
  eni["SourceDestCheck"] = false;
  eni["Status"] = "in-use";
  w.put(ctx.scope(), kind::network_interface, id, std::move(eni));
  return id;
}

bool subnet_has_interfaces(const store::Reader& r, const RequestContext& ctx, const std::string& subnet_id) {
  for (const auto& [id, eni] : r.all(ctx.scope(), kind::network_interface))
    if (eni.at("SubnetId") == subnet_id) return true;
  return false;
}

std::string associate_with_interface(store::Writer& w, const RequestContext& ctx, json& address, const json& eni,
                                     std::string private_ip) {
  json updated = eni;
  if (private_ip.empty()) private_ip = updated.at("PrivateIpAddress").get<std::string>();
  json& addresses = updated.at("PrivateIpAddresses");
  auto at = std::find_if(addresses.begin(), addresses.end(), [&](const json& a) { return a.at("PrivateIpAddress") == private_ip; });
  if (at == addresses.end())
    throw ApiError::invalid_value("The private IP address " + private_ip + " is not assigned to the network interface.");
  if (at->contains("Association")) set_address_free(w, ctx, at->at("Association").at("AllocationId").get<std::string>());
  const std::string public_ip = address.at("PublicIp").get<std::string>();
  const std::string association_id = new_id("eipassoc");
  const json association = {{"AllocationId", address.at("AllocationId")}, {"AssociationId", association_id},
                            {"IpOwnerId", ctx.account_id}, {"PublicDnsName", public_dns_name(ctx.region.name, public_ip)},
                            {"PublicIp", public_ip}};
  (*at)["Association"] = association;
  if (at->value("Primary", false)) updated["Association"] = association;
  put_interface(w, ctx, updated);
  address["AssociationId"] = association_id;
  address["NetworkInterfaceId"] = updated.at("NetworkInterfaceId");
  address["NetworkInterfaceOwnerId"] = ctx.account_id;
  address["PrivateIpAddress"] = private_ip;
  address["_OnInterface"] = true;  // not an instance's primary interface: sim/addresses.cpp asks here
  if (const std::string instance_id = attachment_instance(updated); !instance_id.empty()) address["InstanceId"] = instance_id;
  return association_id;
}

void disassociate_from_interface(store::Writer& w, const RequestContext& ctx, json& address) {
  const std::string id = address.value("NetworkInterfaceId", "");
  if (const json* found = stored_interface(w, ctx, id)) {
    json eni = *found;
    for (auto& a : eni.at("PrivateIpAddresses"))
      if (a.contains("Association") && a.at("Association").at("AllocationId") == address.at("AllocationId")) a.erase("Association");
    if (eni.contains("Association") && eni.at("Association").at("AllocationId") == address.at("AllocationId")) eni.erase("Association");
    put_interface(w, ctx, eni);
  }
  clear_association(address);
  address.erase("_OnInterface");
}

const json* stored_interface(const store::Reader& r, const RequestContext& ctx, const std::string& id) {
  return r.find(ctx.scope(), kind::network_interface, id);
}

void release_interfaces(store::Writer& w, const RequestContext& ctx, json& instance) {
  const std::string primary = network_interface_id(instance);
  if (!primary.empty() && own_member(instance, "_EniDeleteOnTermination") != false)  // it goes: so do routes through it
    set_route_state(w, ctx, "NetworkInterfaceId", primary, "blackhole", InstanceRecord(instance).vpc_id());
  if (!primary.empty() && own_member(instance, "_EniDeleteOnTermination") == false) {
    json kept = primary_interface(ctx, instance);  // the primary outlives its instance, available
    kept.erase("Attachment");
    kept.erase("Association");
    // Its Elastic IPs stay associated with it, as on AWS (an auto-assigned address goes).
    json elastic = instance.value("_SecondaryEips", json::object());
    if (instance.contains("_ElasticIp"))
      elastic[InstanceRecord(instance).private_ip()] = {{"AllocationId", instance.at("_ElasticIp")},
                                                        {"AssociationId", instance.value("_EipAssociationId", "")}};
    json primary_association;  // set on `kept` after the loop: a member added to it may move its addresses
    for (auto& address : kept.at("PrivateIpAddresses")) {
      address.erase("Association");
      const auto held = elastic.find(address.at("PrivateIpAddress").get<std::string>());
      if (held == elastic.end()) continue;
      const std::string allocation_id = held->at("AllocationId").get<std::string>();
      const json* found = w.find(ctx.scope(), kind::address, allocation_id);
      if (!found) continue;
      json eip = *found;
      const std::string public_ip = eip.at("PublicIp").get<std::string>();
      address["Association"] = {{"AllocationId", allocation_id}, {"AssociationId", eip.value("AssociationId", "")},
                                {"IpOwnerId", ctx.account_id}, {"PublicDnsName", public_dns_name(ctx.region.name, public_ip)},
                                {"PublicIp", public_ip}};
      if (address.value("Primary", false)) primary_association = address.at("Association");
      eip.erase("InstanceId");
      eip["_OnInterface"] = true;  // sim/addresses.cpp asks the interface now
      w.put(ctx.scope(), kind::address, allocation_id, std::move(eip));
    }
    if (!primary_association.is_null()) kept["Association"] = std::move(primary_association);
    for (const char* key : {"_ElasticIp", "_EipAssociationId", "_SecondaryEips"}) instance.erase(key);  // not freed below
    kept["Status"] = "available";
    kept["_Id"] = kept.at("NetworkInterfaceId");
    w.put(ctx.scope(), kind::network_interface, kept.at("NetworkInterfaceId").get<std::string>(), kept);
  }
  const json copies = instance.value("_AttachedInterfaces", json::array());
  instance.erase("_AttachedInterfaces");
  for (const auto& copy : copies) {
    const std::string id = copy.at("NetworkInterfaceId").get<std::string>();
    const json* found = w.find(ctx.scope(), kind::network_interface, id);
    if (!found) continue;
    if (found->at("Attachment").value("DeleteOnTermination", false)) {
      free_elastic_ips(w, ctx, *found);
      const std::string vpc_id = found->at("VpcId").get<std::string>();  // before the erase below
      w.erase(ctx.scope(), kind::network_interface, id);
      set_route_state(w, ctx, "NetworkInterfaceId", id, "blackhole", vpc_id);
      continue;
    }
    json eni = *found;
    eni.erase("Attachment");
    eni["Status"] = "available";
    w.put(ctx.scope(), kind::network_interface, id, std::move(eni));
  }
}

json create_network_interface(const RequestContext& ctx, const json& input) {
  const std::string subnet_id = input.at("SubnetId").get<std::string>();
  const std::string type = input.value("InterfaceType", "interface");
  if (type != "interface")
    throw ApiError::client("UnsupportedOperation", "ec2sim makes interfaces of type 'interface' only; '" + type + "' is not simulated.");
  if (input.contains("Ipv4Prefixes") || input.contains("Ipv4PrefixCount") || input.contains("Ipv6Prefixes") ||
      input.contains("Ipv6PrefixCount"))
    throw ApiError::client("UnsupportedOperation", "ec2sim gives interfaces addresses, not prefixes: prefix delegation is not simulated.");
  const json ipv6_named = input.value("Ipv6Addresses", json::array());
  const int ipv6_count = input.value("Ipv6AddressCount", 0);
  if (!ipv6_named.empty() && ipv6_count > 0)
    throw ApiError::invalid_combination("Specify either IPv6 addresses or a count of them, not both.");
  json tags = tags_for(input, "network-interface");
  return ctx.store.write([&](store::Writer& w) {
    json out;
    if (input.contains("ClientToken")) out["ClientToken"] = input.at("ClientToken");
    if (const json* made = replayed_resource(w, ctx, "CreateNetworkInterface", input, kind::network_interface, "NetworkInterfaceId")) {
      out["NetworkInterface"] = shown_interface(*made);
      return out;
    }
    const json* subnet = w.find(ctx.scope(), kind::subnet, subnet_id);
    if (!subnet) throw ApiError::client("InvalidSubnetID.NotFound", "The subnet ID '" + subnet_id + "' does not exist");
    if (!subnet->contains("CidrBlock"))
      throw ApiError::client("UnsupportedOperation", "Subnet " + subnet_id + " is IPv6-only: ec2sim gives interfaces IPv4 addresses only.");
    const auto groups = interface_groups(ctx, w, input.value("Groups", json::array()), json::array(), *subnet);
    // Its addresses: the primary named (PrivateIpAddress, or the one marked Primary), others named, or counted.
    const std::string cidr = subnet->at("CidrBlock").get<std::string>();
    UsedAddresses used = instance_census(w, ctx).used_addresses[subnet_id];  // a copy: the census follows the table
    std::string primary = input.value("PrivateIpAddress", "");
    std::vector<std::string> secondary;
    for (const auto& a : input.value("PrivateIpAddresses", json::array())) {
      const std::string ip = a.value("PrivateIpAddress", "");
      if (a.value("Primary", false) && primary.empty()) primary = ip;
      else if (ip != primary) secondary.push_back(ip);
    }
    if (!primary.empty()) take_address(cidr, primary, used);
    for (const auto& ip : secondary) take_address(cidr, ip, used);
    if (primary.empty()) primary = next_private_ip(cidr, used);
    const int count = input.value("SecondaryPrivateIpAddressCount", 0);
    if (count > 0 && !secondary.empty())
      throw ApiError::invalid_combination("Specify either secondary private IP addresses or a count of them, not both.");
    const int limit = address_limit(ctx, w, "");
    if (1 + secondary.size() + static_cast<std::size_t>(std::max(count, 0)) > static_cast<std::size_t>(limit))
      throw ApiError::client("PrivateIpAddressLimitExceeded", "Number of private addresses will exceed limit.");
    for (int n = 0; n < count; ++n) secondary.push_back(next_private_ip(cidr, used));
    // IPv6: those asked for, else one where the subnet assigns them on creation.
    const int ipv6_wanted = ipv6_named.empty() && ipv6_count == 0 && subnet->value("AssignIpv6AddressOnCreation", false) ? 1 : ipv6_count;
    const std::vector<std::string> ipv6 =
        ipv6_named.empty() && ipv6_wanted == 0 ? std::vector<std::string>{}
                                               : take_ipv6_addresses(w, ctx, *subnet, ipv6_named, ipv6_wanted, 0, kUnattachedIpv6Limit);
    const std::string id = new_id("eni");
    json eni = interface_document(ctx, id, *subnet, primary, input.value("Description", ""));
    eni["Groups"] = shown_groups(groups);
    for (const auto& ip : secondary) eni["PrivateIpAddresses"].push_back(secondary_address(ctx, ip));
    eni["Ipv6Addresses"] = shown_ipv6_addresses(ipv6);
    eni["Tags"] = std::move(tags);
    w.put(ctx.scope(), kind::network_interface, id, eni);
    remember_call(w, ctx, "CreateNetworkInterface", input, {{"NetworkInterfaceId", id}});
    eni["Status"] = "pending";  // as the create call reports it; available at once
    out["NetworkInterface"] = shown_interface(std::move(eni));
    return out;
  });
}

json describe_network_interfaces(const RequestContext& ctx, const json& input) {
  auto filters = filters_from_request(input);
  interface_filters().validate(filters);
  const auto page = page_request(input, 0);
  std::vector<json> all;  // every interface, shown
  ctx.store.read([&](const store::Reader& r) {
    for (const auto& [id, eni] : r.all(ctx.scope(), kind::network_interface)) all.push_back(eni);
    for (const auto& [iid, instance] : r.all(ctx.scope(), kind::instance))
      if (!network_interface_id(instance).empty()) all.push_back(primary_interface(ctx, instance));
    return 0;
  });
  std::vector<std::string> ids;
  for (const auto& id : input.value("NetworkInterfaceIds", json::array())) ids.push_back(id.get<std::string>());
  for (const auto& id : ids)
    if (!is_id(id, "eni")) throw interface_malformed(id);
  std::vector<std::string> missing;
  for (const auto& id : ids)
    if (std::none_of(all.begin(), all.end(), [&](const json& e) { return e.at("NetworkInterfaceId") == id; })) missing.push_back(id);
  if (!missing.empty()) throw ApiError::not_found("InvalidNetworkInterfaceID.NotFound", "networkInterface ID", "networkInterface IDs", missing);
  std::sort(all.begin(), all.end(), [](const json& a, const json& b) { return a.at("NetworkInterfaceId") < b.at("NetworkInterfaceId"); });
  std::vector<const json*> matching;
  for (const auto& eni : all) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), eni.at("NetworkInterfaceId").get<std::string>()) == ids.end()) continue;
    if (interface_filters().matches(filters, eni)) matching.push_back(&eni);
  }
  return paged_result(
      "NetworkInterfaces", matching, page,
      [](const json& e) -> const std::string& { return e.at("NetworkInterfaceId").get_ref<const std::string&>(); },
      [](const json& e) { return shown_interface(e); });
}

json delete_network_interface(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("NetworkInterfaceId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    const Located found = locate_interface(w, ctx, id);
    if (!found.stored || found.shown.contains("Attachment") || found.shown.value("RequesterManaged", false)) throw interface_in_use(id);
    free_elastic_ips(w, ctx, found.shown);
    w.erase(ctx.scope(), kind::network_interface, id);
    set_route_state(w, ctx, "NetworkInterfaceId", id, "blackhole", found.shown.at("VpcId").get<std::string>());
  });
  return json::object();
}

json attach_network_interface(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("NetworkInterfaceId").get<std::string>();
  const std::string instance_id = input.at("InstanceId").get<std::string>();
  const int device_index = input.at("DeviceIndex").get<int>();
  const int card = input.value("NetworkCardIndex", 0);
  return ctx.store.write([&](store::Writer& w) {
    const Located found = locate_interface(w, ctx, id);
    const json instance = instances_named(w, ctx, json::array({instance_id})).at(0);
    const InstanceRecord record(instance);
    if (found.shown.contains("Attachment") || !found.stored)
      throw ApiError::client("InvalidNetworkInterface.InUse", "Interface: [" + id + "] in use.");
    if (record.state() != "running" && record.state() != "stopped")
      throw ApiError::client("IncorrectInstanceState", "The instance '" + instance_id + "' is not in a valid state for this operation.");
    const json& eni = found.shown;
    if (eni.at("VpcId") != record.vpc_id())
      throw ApiError::invalid_value("Network interface " + id + " and instance " + instance_id + " are in different VPCs.");
    if (eni.at("AvailabilityZone") != instance.at("Placement").at("AvailabilityZone"))
      throw ApiError::invalid_combination(
          "You may not attach a network interface to an instance if they are not in the same availability zone");
    if (device_index < 1)  // 0 is the primary interface's
      throw ApiError::invalid_value("Instance '" + instance_id + "' already has an interface attached at device index '0'.");
    const json attached = instance.value("_AttachedInterfaces", json::array());
    for (const auto& other : attached)
      if (other.at("Attachment").at("DeviceIndex") == device_index)
        throw ApiError::invalid_value("Instance '" + instance_id + "' already has an interface attached at device index '" +
                                      std::to_string(device_index) + "'.");
    const auto* type = ctx.catalog.find_instance_type(record.instance_type());
    const int limit = type ? type->info.at("NetworkInfo").value("MaximumNetworkInterfaces", 1) : 1;
    if (static_cast<int>(attached.size()) + 2 > limit)  // the primary and the others, and this one
      throw ApiError::client("AttachmentLimitExceeded", "Interface count " + std::to_string(attached.size() + 2) +
                                                            " exceeds the limit for " + record.instance_type());
    const int addresses = static_cast<int>(eni.at("PrivateIpAddresses").size());
    if (type && addresses > type->info.at("NetworkInfo").value("Ipv4AddressesPerInterface", 1))
      throw ApiError::client("PrivateIpAddressLimitExceeded", "Number of private addresses will exceed limit of " +
                                                                  std::to_string(type->info.at("NetworkInfo").value("Ipv4AddressesPerInterface", 1)) +
                                                                  " for instance type " + record.instance_type() + ".");
    if (const std::size_t ipv6 = eni.value("Ipv6Addresses", json::array()).size();
        type && ipv6 > static_cast<std::size_t>(ipv6_limit(*type)))
      throw ApiError::invalid_value("The network interface's " + std::to_string(ipv6) + " IPv6 addresses exceed the limit of " +
                                    std::to_string(ipv6_limit(*type)) + " for instance type " + record.instance_type() + ".");
    json updated = eni;
    const std::string attachment_id = new_id("eni-attach");
    updated["Attachment"] = {{"AttachTime", format_iso8601(ctx.now)}, {"AttachmentId", attachment_id},
                             {"DeleteOnTermination", false},           {"DeviceIndex", device_index},
                             {"NetworkCardIndex", card},               {"InstanceId", instance_id},
                             {"InstanceOwnerId", ctx.account_id},      {"Status", "attached"}};
    updated["Status"] = "in-use";
    put_interface(w, ctx, updated);
    return json{{"AttachmentId", attachment_id}, {"NetworkCardIndex", card}};
  });
}

json detach_network_interface(const RequestContext& ctx, const json& input) {
  const std::string attachment_id = input.at("AttachmentId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    for (const auto& [iid, instance] : w.all(ctx.scope(), kind::instance))
      if (instance.value("_EniAttachmentId", "") == attachment_id)
        throw ApiError::client("OperationNotPermitted",
                               "The network interface at device index 0 and networkCard index 0 cannot be detached.");
    for (const auto& [id, eni] : w.all(ctx.scope(), kind::network_interface)) {
      if (!eni.contains("Attachment") || eni.at("Attachment").value("AttachmentId", "") != attachment_id) continue;
      const std::string instance_id = attachment_instance(eni);
      if (instance_id.empty())  // a service's own (a NAT gateway's)
        throw ApiError::client("OperationNotPermitted", "You are not allowed to manage 'ela-attach' attachments.");
      json detached = eni;
      detached.erase("Attachment");
      detached["Status"] = "available";
      const std::string eni_id = id;  // before the put below disturbs the walk
      w.put(ctx.scope(), kind::network_interface, eni_id, std::move(detached));
      drop_copy(w, ctx, instance_id, eni_id);
      return;
    }
    throw ApiError::client("InvalidAttachmentID.NotFound", "The interface attachment '" + attachment_id + "' does not exist.");
  });
  return json::object();
}

json describe_network_interface_attribute(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("NetworkInterfaceId").get<std::string>();
  const std::string attribute = input.value("Attribute", "");
  const Located found = ctx.store.read([&](const store::Reader& r) { return locate_interface(r, ctx, id); });
  const json& eni = found.shown;
  json out = {{"NetworkInterfaceId", id}};
  if (attribute == "description") out["Description"] = {{"Value", eni.value("Description", "")}};
  else if (attribute == "groupSet") out["Groups"] = eni.at("Groups");
  else if (attribute == "sourceDestCheck") out["SourceDestCheck"] = {{"Value", eni.value("SourceDestCheck", true)}};
  else if (attribute == "attachment") { if (eni.contains("Attachment")) out["Attachment"] = eni.at("Attachment"); }
  else if (attribute == "associatePublicIpAddress") out["AssociatePublicIpAddress"] = eni.contains("Association");
  else
    throw ApiError::invalid_value("Value (" + attribute + ") for parameter attribute is invalid. Valid values: description, "
                                  "groupSet, sourceDestCheck, attachment, associatePublicIpAddress.");
  return out;
}

json modify_network_interface_attribute(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("NetworkInterfaceId").get<std::string>();
  std::vector<std::string> given;  // one attribute a call, as AWS takes them
  for (const char* member : {"Attachment", "Description", "Groups", "SourceDestCheck", "EnaSrdSpecification",
                             "EnablePrimaryIpv6", "ConnectionTrackingSpecification", "AssociatePublicIpAddress"})
    if (input.contains(member)) given.push_back(member);
  if (given.size() > 1) throw ApiError::invalid_combination("Fields for multiple attribute types specified: " + given[0] + ", " + given[1]);
  if (given.empty()) throw ApiError::missing_parameter("The request must contain an attribute to modify");
  if (given[0] != "Attachment" && given[0] != "Description" && given[0] != "Groups" && given[0] != "SourceDestCheck")
    throw ApiError::client("UnsupportedOperation", "ec2sim does not simulate the " + given[0] + " attribute of network interfaces.");
  ctx.store.write([&](store::Writer& w) {
    const Located found = changeable_interface(locate_interface(w, ctx, id));
    json eni = found.shown;
    std::vector<const json*> groups;
    if (input.contains("Groups")) {
      for (const auto& group_id : input.at("Groups"))  // AWS's words when a group is another VPC's
        if (const json* g = w.find(ctx.scope(), kind::security_group, group_id.get<std::string>()); g && g->at("VpcId") != eni.at("VpcId"))
          throw ApiError::client("InvalidGroup.NotFound", "You have specified two resources that belong to different networks.");
      groups = interface_groups(ctx, w, input.at("Groups"), json::array(), interface_subnet(w, ctx, eni));
    }
    const bool delete_on_termination = input.contains("Attachment");
    if (delete_on_termination) {
      const std::string asked = input.at("Attachment").value("AttachmentId", "");
      if (!eni.contains("Attachment") || eni.at("Attachment").value("AttachmentId", "") != asked)
        throw ApiError::client("InvalidAttachmentID.NotFound", "The interface attachment '" + asked + "' does not exist.");
    }
    if (!found.stored) {  // the instance's primary interface: its members are the instance's
      json instance = *w.find(ctx.scope(), kind::instance, found.instance_id);
      if (input.contains("Groups")) instance["SecurityGroups"] = shown_groups(groups);
      if (input.contains("SourceDestCheck")) instance["SourceDestCheck"] = input.at("SourceDestCheck").at("Value");
      if (input.contains("Description")) instance["_EniDescription"] = input.at("Description").value("Value", "");
      if (delete_on_termination)
        instance["_EniDeleteOnTermination"] = input.at("Attachment").value("DeleteOnTermination", true);
      w.put(ctx.scope(), kind::instance, found.instance_id, std::move(instance));
      return;
    }
    if (input.contains("Groups")) eni["Groups"] = shown_groups(groups);
    if (input.contains("SourceDestCheck")) eni["SourceDestCheck"] = input.at("SourceDestCheck").at("Value");
    if (input.contains("Description")) eni["Description"] = input.at("Description").value("Value", "");
    if (delete_on_termination)
      eni["Attachment"]["DeleteOnTermination"] = input.at("Attachment").value("DeleteOnTermination", false);
    put_interface(w, ctx, eni);
  });
  return json::object();
}

}  // namespace ec2sim::sim
