// How network interfaces are held and shown, for the files that change them
// (sim/network_interfaces.cpp, sim/interface_addresses.cpp): a stored document of its own,
// or an instance's primary interface whose members live in the instance's record.
#include "sim/interface_records.hpp"

#include <algorithm>

#include "sim/addresses.hpp"
#include "sim/document_view.hpp"
#include "sim/errors.hpp"
#include "sim/instance_view.hpp"
#include "sim/ipv6_cidrs.hpp"
#include "sim/records.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {

using json = nlohmann::ordered_json;

ApiError interface_not_found(const std::string& id) {
  return ApiError::client("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '" + id + "' does not exist");
}

ApiError interface_malformed(const std::string& id) {
  return ApiError::client("InvalidNetworkInterfaceId.Malformed", "Invalid id: \"" + id + "\" (expecting \"eni-...\")");
}

ApiError interface_in_use(const std::string& id) {
  return ApiError::invalid_value("Network interface '" + id + "' is currently in use.");
}

json shown_groups(const std::vector<const json*>& groups) {
  json out = json::array();
  for (const auto* g : groups) out.push_back({{"GroupName", g->at("GroupName")}, {"GroupId", g->at("GroupId")}});
  return out;
}

// An instance's primary interface as DescribeNetworkInterfaces shows it.
json primary_interface(const RequestContext& ctx, const json& record) {
  json eni = shown_member(record, instance_view(), "NetworkInterfaces").at(0);  // a copy: the view derives again
  eni["AvailabilityZone"] = record.at("Placement").at("AvailabilityZone");
  eni["Attachment"]["InstanceId"] = InstanceRecord(record).id();
  eni["Attachment"]["InstanceOwnerId"] = ctx.account_id;
  eni["RequesterManaged"] = false;
  eni["Tags"] = record.value("_EniTags", json::array());
  return eni;
}


Located locate_interface(const store::Reader& r, const RequestContext& ctx, const std::string& id) {
  if (!is_id(id, "eni")) throw interface_malformed(id);
  if (const json* eni = r.find(ctx.scope(), kind::network_interface, id)) return {*eni, true, ""};
  for (const auto& [iid, instance] : r.all(ctx.scope(), kind::instance))
    if (network_interface_id(instance) == id) return {primary_interface(ctx, instance), false, iid};
  throw interface_not_found(id);
}

// A service's own interface (a NAT gateway's) is the service's to change, not the account's.
const Located& changeable_interface(const Located& found) {
  if (found.shown.value("RequesterManaged", false))
    throw ApiError::client("OperationNotPermitted", "Network interface " + found.shown.at("NetworkInterfaceId").get<std::string>() +
                                                        " is managed by AWS for a service; it cannot be changed.");
  return found;
}

json shown_interface(json eni) {
  eni.erase("_Id");
  if (auto tags = eni.find("Tags"); tags != eni.end()) {  // the API calls them TagSet here
    json set = std::move(*tags);
    eni.erase("Tags");
    eni["TagSet"] = std::move(set);
  }
  return eni;
}

// The Elastic IPs on a stored interface that goes stay allocated, free.
void free_elastic_ips(store::Writer& w, const RequestContext& ctx, const json& eni) {
  for (const auto& a : eni.at("PrivateIpAddresses"))
    if (a.contains("Association")) set_address_free(w, ctx, a.at("Association").at("AllocationId").get<std::string>());
}

// The instance an interface is attached to; "" when none is (or a service holds it).
std::string attachment_instance(const json& eni) {
  return eni.contains("Attachment") ? eni.at("Attachment").value("InstanceId", "") : "";
}

// Puts a stored interface, and its copy in the record of the instance it is attached to.
void put_interface(store::Writer& w, const RequestContext& ctx, const json& eni) {
  const std::string id = eni.at("NetworkInterfaceId").get<std::string>();
  w.put(ctx.scope(), kind::network_interface, id, eni);
  const std::string instance_id = attachment_instance(eni);
  if (instance_id.empty()) return;
  const json* found = w.find(ctx.scope(), kind::instance, instance_id);
  if (!found) return;
  json instance = *found;
  json& copies = instance["_AttachedInterfaces"];
  if (!copies.is_array()) copies = json::array();
  auto same = std::find_if(copies.begin(), copies.end(), [&](const json& c) { return c.at("NetworkInterfaceId") == id; });
  if (same != copies.end()) *same = eni;
  else copies.push_back(eni);
  std::sort(copies.begin(), copies.end(), [](const json& a, const json& b) {
    return a.at("Attachment").at("DeviceIndex").get<int>() < b.at("Attachment").at("DeviceIndex").get<int>();
  });
  w.put(ctx.scope(), kind::instance, instance_id, std::move(instance));
}

// Drops the copy of interface `id` from the instance's record.
void drop_copy(store::Writer& w, const RequestContext& ctx, const std::string& instance_id, const std::string& id) {
  const json* found = w.find(ctx.scope(), kind::instance, instance_id);
  if (!found || !found->contains("_AttachedInterfaces")) return;
  json instance = *found;
  json& copies = instance["_AttachedInterfaces"];
  copies.erase(std::remove_if(copies.begin(), copies.end(), [&](const json& c) { return c.at("NetworkInterfaceId") == id; }),
               copies.end());
  if (copies.empty()) instance.erase("_AttachedInterfaces");
  w.put(ctx.scope(), kind::instance, instance_id, std::move(instance));
}

json interface_document(const RequestContext& ctx, const std::string& id, const json& subnet, const std::string& private_ip,
                        const std::string& description) {
  const std::string dns = private_dns_name(ctx.region.name, private_ip);
  return {{"_Id", id},
          {"AvailabilityZone", subnet.at("AvailabilityZone")},
          {"Description", description},
          {"Groups", json::array()},
          {"InterfaceType", "interface"},
          {"Ipv6Addresses", json::array()},
          {"MacAddress", new_mac_address()},
          {"NetworkInterfaceId", id},
          {"OwnerId", ctx.account_id},
          {"PrivateDnsName", dns},
          {"PrivateIpAddress", private_ip},
          {"PrivateIpAddresses", json::array({{{"Primary", true}, {"PrivateDnsName", dns}, {"PrivateIpAddress", private_ip}}})},
          {"RequesterManaged", false},
          {"SourceDestCheck", true},
          {"Status", "available"},
          {"SubnetId", subnet.at("SubnetId")},
          {"Tags", json::array()},
          {"VpcId", subnet.at("VpcId")}};
}

json secondary_address(const RequestContext& ctx, const std::string& ip) {
  return {{"Primary", false}, {"PrivateDnsName", private_dns_name(ctx.region.name, ip)}, {"PrivateIpAddress", ip}};
}

// How many IPv4 addresses an interface may hold: the attached instance's type's limit;
// unattached, the largest any type allows (AWS checks again on attach).
int address_limit(const RequestContext& ctx, const store::Reader& r, const std::string& instance_id) {
  const json* instance = instance_id.empty() ? nullptr : r.find(ctx.scope(), kind::instance, instance_id);
  const auto* type = instance ? ctx.catalog.find_instance_type(InstanceRecord(*instance).instance_type()) : nullptr;
  return type ? type->info.at("NetworkInfo").value("Ipv4AddressesPerInterface", 1) : 50;
}

// Checks an address a request names for the subnet, and takes it.
void take_address(const std::string& cidr, const std::string& ip, UsedAddresses& used) {
  check_private_address(cidr, ip, used, "The specified address is already in use.");  // the interface calls' words
  used.add(ip);
}

const json& interface_subnet(const store::Reader& r, const RequestContext& ctx, const json& eni) {
  const json* subnet = r.find(ctx.scope(), kind::subnet, eni.at("SubnetId").get<std::string>());
  if (!subnet) throw ApiError::internal("interface " + eni.at("NetworkInterfaceId").get<std::string>() + " has no subnet");
  return *subnet;
}

std::vector<std::string> ipv6_addresses_in_subnet(const store::Reader& r, const RequestContext& ctx, const std::string& subnet_id) {
  std::vector<std::string> taken;
  for (const auto& [id, instance] : r.all(ctx.scope(), kind::instance))
    if (instance.value("SubnetId", "") == subnet_id)
      for (const auto& a : instance.value("_Ipv6Addresses", json::array())) taken.push_back(a.get<std::string>());
  for (const auto& [id, eni] : r.all(ctx.scope(), kind::network_interface))
    if (eni.at("SubnetId") == subnet_id)
      for (const auto& a : eni.value("Ipv6Addresses", json::array())) taken.push_back(a.at("Ipv6Address").get<std::string>());
  return taken;
}

std::vector<std::string> take_ipv6_addresses(const store::Reader& r, const RequestContext& ctx, const json& subnet, const json& named,
                                             int count, std::size_t held, int limit) {
  const std::string subnet_id = subnet.at("SubnetId").get<std::string>();
  const json blocks = subnet.value("Ipv6CidrBlockAssociationSet", json::array());
  if (blocks.empty())
    throw ApiError::invalid_value("The subnet '" + subnet_id + "' has no IPv6 CIDR block, so it cannot give IPv6 addresses.");
  if (count < 0) throw ApiError::invalid_value("Value (" + std::to_string(count) + ") for parameter ipv6AddressCount is invalid.");
  if (held + named.size() + static_cast<std::size_t>(count) > static_cast<std::size_t>(limit))
    throw ApiError::invalid_value("The number of IPv6 addresses on the network interface would exceed its limit of " +
                                  std::to_string(limit) + ".");
  const std::string block = blocks.at(0).at("Ipv6CidrBlock").get<std::string>();
  std::vector<std::string> taken = ipv6_addresses_in_subnet(r, ctx, subnet_id), added;
  std::vector<std::string> reserved;  // the subnet's IPv6 CIDR reservations: named addresses only
  for (const auto& [id, reservation] : r.all(ctx.scope(), kind::subnet_cidr_reservation))
    if (reservation.at("SubnetId") == subnet_id && reservation.at("Cidr").get<std::string>().find(':') != std::string::npos)
      reserved.push_back(reservation.at("Cidr").get<std::string>());
  const auto free_to_give = [&](const std::string& address) {
    return !ipv6_is_reserved_in(address, block) && std::find(taken.begin(), taken.end(), address) == taken.end() &&
           std::none_of(reserved.begin(), reserved.end(), [&](const std::string& range) { return ipv6_address_within(address, range); });
  };
  for (const auto& entry : named) {
    const std::string given = entry.is_object() ? entry.value("Ipv6Address", "") : entry.get<std::string>();
    const std::string address = ipv6_address_canonical(given);
    if (address.empty()) throw ApiError::invalid_value("Invalid IPv6 address: " + given);
    if (std::none_of(blocks.begin(), blocks.end(), [&](const json& b) { return ipv6_address_within(address, b.at("Ipv6CidrBlock").get<std::string>()); }))
      throw ApiError::invalid_value("Address " + address + " does not fall within the subnet's IPv6 address range");
    if (std::any_of(blocks.begin(), blocks.end(), [&](const json& b) { return ipv6_is_reserved_in(address, b.at("Ipv6CidrBlock").get<std::string>()); }))
      throw ApiError::invalid_value("Address " + address + " is in subnet's reserved address range");
    if (std::find(taken.begin(), taken.end(), address) != taken.end())
      throw ApiError::client("InvalidIPAddress.InUse", "Address " + address + " is in use.");
    taken.push_back(address);
    added.push_back(address);
  }
  for (int n = 0; n < count; ++n) {
    std::string address = new_ipv6_address(block);
    for (int tries = 1; !free_to_give(address); ++tries) {  // a /64 has 2^64 choices: at once, unless reservations fill it
      if (tries == 1000)
        throw ApiError::client("InsufficientFreeAddressesInSubnet",
                               "There are not enough free IPv6 addresses in subnet " + subnet_id + " to satisfy the request.");
      address = new_ipv6_address(block);
    }
    taken.push_back(address);
    added.push_back(address);
  }
  return added;
}

int ipv6_limit(const catalog::InstanceType& type) {
  const json& network = type.info.at("NetworkInfo");
  return network.value("Ipv6Supported", false) ? network.value("Ipv6AddressesPerInterface", 0) : 0;
}

json shown_ipv6_addresses(const std::vector<std::string>& addresses) {
  json out = json::array();
  for (const auto& a : addresses) out.push_back({{"Ipv6Address", a}, {"IsPrimaryIpv6", false}});
  return out;
}

}  // namespace ec2sim::sim
