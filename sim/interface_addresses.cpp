// The addresses of a network interface, stored or an instance's primary:
// Assign/UnassignPrivateIpAddresses (the type's per-interface limit) and
// Assign/UnassignIpv6Addresses (from the subnet's IPv6 block, the type's limit).
#include <algorithm>

#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/instance_census.hpp"
#include "sim/interface_records.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/ipv6_cidrs.hpp"
#include "sim/records.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {

using json = nlohmann::ordered_json;

json assign_private_ip_addresses(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("NetworkInterfaceId").get<std::string>();
  const json named = input.value("PrivateIpAddresses", json::array());
  const int count = input.value("SecondaryPrivateIpAddressCount", 0);
  if (named.empty() == (count == 0))
    throw ApiError::invalid_combination("Specify either private IP addresses or a count of secondary private IP addresses.");
  if (input.contains("Ipv4Prefixes") || input.contains("Ipv4PrefixCount"))
    throw ApiError::client("UnsupportedOperation", "ec2sim does not simulate IPv4 prefixes on interfaces.");
  return ctx.store.write([&](store::Writer& w) {
    const Located found = changeable_interface(locate_interface(w, ctx, id));
    json eni = found.shown;
    const json& subnet = interface_subnet(w, ctx, eni);
    const std::string cidr = subnet.at("CidrBlock").get<std::string>();
    UsedAddresses used = instance_census(w, ctx).used_addresses[subnet.at("SubnetId").get<std::string>()];
    const std::string instance_id = found.stored ? attachment_instance(eni) : found.instance_id;
    const int limit = address_limit(ctx, w, instance_id);
    if (eni.at("PrivateIpAddresses").size() + named.size() + static_cast<std::size_t>(std::max(count, 0)) >
        static_cast<std::size_t>(limit))
      throw ApiError::client("PrivateIpAddressLimitExceeded", "Number of private addresses will exceed limit.");
    std::vector<std::string> added;
    for (const auto& ip : named) {
      take_address(cidr, ip.get<std::string>(), used);
      added.push_back(ip.get<std::string>());
    }
    for (int n = 0; n < count; ++n) added.push_back(next_private_ip(cidr, used));
    if (found.stored) {
      for (const auto& ip : added) eni["PrivateIpAddresses"].push_back(secondary_address(ctx, ip));
      put_interface(w, ctx, eni);
    } else {
      json instance = *w.find(ctx.scope(), kind::instance, found.instance_id);
      for (const auto& ip : added) instance["_SecondaryIps"].push_back(ip);
      w.put(ctx.scope(), kind::instance, found.instance_id, std::move(instance));
    }
    json assigned = json::array();
    for (const auto& ip : added) assigned.push_back({{"PrivateIpAddress", ip}});
    return json{{"NetworkInterfaceId", id}, {"AssignedPrivateIpAddresses", assigned}};
  });
}

json unassign_private_ip_addresses(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("NetworkInterfaceId").get<std::string>();
  const json named = input.value("PrivateIpAddresses", json::array());
  ctx.store.write([&](store::Writer& w) {
    const Located found = changeable_interface(locate_interface(w, ctx, id));
    json eni = found.shown;
    json& addresses = eni.at("PrivateIpAddresses");
    for (const auto& ip : named) {
      auto at = std::find_if(addresses.begin(), addresses.end(), [&](const json& a) { return a.at("PrivateIpAddress") == ip; });
      if (at == addresses.end())
        throw ApiError::invalid_value("Some of the specified addresses are not assigned to interface " + id);
      if (at->value("Primary", false))
        throw ApiError::invalid_value("The primary private IP address " + ip.get<std::string>() + " of interface " + id +
                                      " cannot be unassigned.");
      if (at->contains("Association"))
        throw ApiError::client("InvalidIPAddress.InUse", "Address " + ip.get<std::string>() + " has an Elastic IP associated; disassociate it first.");
      addresses.erase(at);
    }
    if (found.stored) {
      put_interface(w, ctx, eni);
      return;
    }
    json instance = *w.find(ctx.scope(), kind::instance, found.instance_id);
    json kept = json::array();
    for (const auto& a : addresses)
      if (!a.value("Primary", false)) kept.push_back(a.at("PrivateIpAddress"));
    if (kept.empty()) instance.erase("_SecondaryIps");
    else instance["_SecondaryIps"] = kept;
    w.put(ctx.scope(), kind::instance, found.instance_id, std::move(instance));
  });
  return json::object();
}

namespace {

// The interface's IPv6 addresses, and where to write them: its document, or its instance's record.
std::vector<std::string> ipv6_of(const Located& found) {
  std::vector<std::string> out;
  for (const auto& a : found.shown.value("Ipv6Addresses", json::array())) out.push_back(a.at("Ipv6Address").get<std::string>());
  return out;
}

void put_ipv6(store::Writer& w, const RequestContext& ctx, const Located& found, const std::vector<std::string>& addresses) {
  if (found.stored) {
    json eni = found.shown;
    eni["Ipv6Addresses"] = shown_ipv6_addresses(addresses);
    put_interface(w, ctx, eni);
    return;
  }
  json instance = *w.find(ctx.scope(), kind::instance, found.instance_id);
  if (addresses.empty()) instance.erase("_Ipv6Addresses");
  else instance["_Ipv6Addresses"] = addresses;
  w.put(ctx.scope(), kind::instance, found.instance_id, std::move(instance));
}

}  // namespace

json assign_ipv6_addresses(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("NetworkInterfaceId").get<std::string>();
  const json named = input.value("Ipv6Addresses", json::array());
  const int count = input.value("Ipv6AddressCount", 0);
  if (named.empty() == (count == 0)) throw ApiError::invalid_combination("Specify either IPv6 addresses or a count of them.");
  if (input.contains("Ipv6Prefixes") || input.contains("Ipv6PrefixCount"))
    throw ApiError::client("UnsupportedOperation", "ec2sim does not simulate IPv6 prefixes on interfaces.");
  return ctx.store.write([&](store::Writer& w) {
    const Located found = changeable_interface(locate_interface(w, ctx, id));
    const std::string instance_id = found.stored ? attachment_instance(found.shown) : found.instance_id;
    const json* instance = instance_id.empty() ? nullptr : w.find(ctx.scope(), kind::instance, instance_id);
    const auto* type = instance ? ctx.catalog.find_instance_type(InstanceRecord(*instance).instance_type()) : nullptr;
    const int limit = type ? ipv6_limit(*type) : kUnattachedIpv6Limit;
    if (limit == 0)
      throw ApiError::invalid_combination("Instance type " + type->name + " does not support IPv6 addresses.");
    std::vector<std::string> addresses = ipv6_of(found);
    const std::vector<std::string> added =
        take_ipv6_addresses(w, ctx, interface_subnet(w, ctx, found.shown), named, count, addresses.size(), limit);
    addresses.insert(addresses.end(), added.begin(), added.end());
    put_ipv6(w, ctx, found, addresses);
    return json{{"AssignedIpv6Addresses", added}, {"NetworkInterfaceId", id}};
  });
}

json unassign_ipv6_addresses(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("NetworkInterfaceId").get<std::string>();
  const json named = input.value("Ipv6Addresses", json::array());
  if (input.contains("Ipv6Prefixes"))
    throw ApiError::client("UnsupportedOperation", "ec2sim does not simulate IPv6 prefixes on interfaces.");
  return ctx.store.write([&](store::Writer& w) {
    const Located found = changeable_interface(locate_interface(w, ctx, id));
    std::vector<std::string> addresses = ipv6_of(found), removed;
    for (const auto& given : named) {
      const std::string address = ipv6_address_canonical(given.get<std::string>());
      auto at = std::find(addresses.begin(), addresses.end(), address);
      if (address.empty() || at == addresses.end())
        throw ApiError::invalid_value("Some of the specified addresses are not assigned to interface " + id);
      addresses.erase(at);
      removed.push_back(address);
    }
    put_ipv6(w, ctx, found, addresses);
    return json{{"NetworkInterfaceId", id}, {"UnassignedIpv6Addresses", removed}};
  });
}

}  // namespace ec2sim::sim
