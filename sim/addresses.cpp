// Elastic IP addresses: AllocateAddress, AssociateAddress, DisassociateAddress,
// ReleaseAddress, DescribeAddresses. An associated address replaces the instance's
// public IPv4 and stays through stop and start; the auto-assigned address it replaced is
// gone, and a running instance gets a new one on disassociation only if it was launched
// with one, as on AWS.
#include "sim/addresses.hpp"

#include <cctype>
#include "sim/records.hpp"

#include "sim/errors.hpp"
#include "sim/internet_gateways.hpp"
#include "sim/quotas.hpp"
#include "sim/filters.hpp"
#include "sim/instance_lifecycle.hpp"
#include "sim/instance_view.hpp"
#include "sim/instances.hpp"
#include "sim/network_interfaces.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/handlers.hpp"
#include "sim/pagination.hpp"
#include "sim/resource_ids.hpp"
#include "sim/tags.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

const FilterTable& address_filters() {
  static const FilterTable table{{
                                     {"allocation-id", Path::path("AllocationId")},
                                     {"association-id", Path::path("AssociationId")},
                                     {"domain", Path::path("Domain")},
                                     {"instance-id", Path::path("InstanceId")},
                                     {"network-border-group", Path::path("NetworkBorderGroup")},
                                     {"network-interface-id", Path::path("NetworkInterfaceId")},
                                     {"network-interface-owner-id", Path::path("NetworkInterfaceOwnerId")},
                                     {"private-ip-address", Path::path("PrivateIpAddress")},
                                     {"public-ip", Path::path("PublicIp")},
                                 },
                                 /*has_tags=*/true};
  return table;
}

// The address a request names by AllocationId or PublicIp.
const json& named_address(const store::Reader& w, const RequestContext& ctx, const json& input) {
  if (input.contains("AllocationId")) {
    const std::string id = input.at("AllocationId").get<std::string>();
    if (const json* a = w.find(ctx.scope(), kind::address, id)) return *a;
    throw ApiError::client("InvalidAllocationID.NotFound", "The allocation ID '" + id + "' does not exist");
  }
  if (input.contains("PublicIp")) {
    const std::string ip = input.at("PublicIp").get<std::string>();
    for (const auto& [id, a] : w.all(ctx.scope(), kind::address))
      if (AddressRecord(a).public_ip() == ip) return a;
    throw ApiError::client("InvalidAddress.NotFound", "Address '" + ip + "' not found.");
  }
  throw ApiError::missing_parameter("The request must contain the parameter AllocationId or PublicIp");
}

// An address a NAT gateway holds is AWS's to take back (when the gateway is deleted):
// the account may not move, disassociate or release it, as AWS answers.
void refuse_if_nat_held(const json& address) {
  if (address.contains("_NatGatewayId")) throw ApiError::auth_failure("You do not have permission to access the specified resource.");
}

// Takes the address off its instance: the instance keeps no public IPv4, unless it is
// running and was launched with an auto-assigned one, which it gets anew.
void disassociate(store::Writer& w, const RequestContext& ctx, json& address) {
  if (!AddressRecord(address).associated()) return;
  if (address.contains("_OnInterface")) return disassociate_from_interface(w, ctx, address);
  const std::string instance_id = AddressRecord(address).instance_id();
  if (const json* found = w.find(ctx.scope(), kind::instance, instance_id)) {
    json instance = *found;
    // On a secondary address: only that address loses it.
    if (auto secondary = instance.find("_SecondaryEips");
        secondary != instance.end() && secondary->contains(address.value("PrivateIpAddress", ""))) {
      secondary->erase(address.at("PrivateIpAddress").get<std::string>());
      if (secondary->empty()) instance.erase("_SecondaryEips");
      w.put(ctx.scope(), kind::instance, instance_id, std::move(instance));
      clear_association(address);
      return;
    }
    instance.erase("_ElasticIp");
    instance.erase("_EipAssociationId");
    clear_public_ip(instance);
    if (InstanceRecord(instance).state() == "running") assign_public_ip(instance, ctx);
    w.put(ctx.scope(), kind::instance, instance_id, std::move(instance));
  }
  clear_association(address);
}

// Puts `address` on one of the instance's secondary private addresses (`instance` as
// stored now): the instance's public address stays its primary's; the secondary shows
// the Elastic IP (sim/instance_view.cpp). One it had before is set free.
// Puts `address` on an interface of the account's own (sim/network_interfaces.cpp), which
// must be in a VPC with an internet gateway.
json associate_with_own_interface(store::Writer& w, const RequestContext& ctx, const json& input, json& address,
                                  const json eni) {  // a copy: the disassociation below may put it
  if (eni.value("RequesterManaged", false))
    throw ApiError::client("OperationNotPermitted", "Network interface " + eni.at("NetworkInterfaceId").get<std::string>() +
                                                        " is managed by AWS for a service; it takes no Elastic IP from the account.");
  if (!has_internet_gateway(w, ctx, eni.at("VpcId").get<std::string>()))
    throw ApiError::client("Gateway.NotAttached",
                           "Network " + eni.at("VpcId").get<std::string>() + " is not attached to any internet gateway");
  if (AddressRecord(address).associated()) {
    if (!input.value("AllowReassociation", false))
      throw ApiError::client("Resource.AlreadyAssociated", "resource " + AddressRecord(address).allocation_id() +
                                                               " is already associated with associate-id " +
                                                               AddressRecord(address).association_id());
    disassociate(w, ctx, address);
  }
  const std::string allocation_id = AddressRecord(address).allocation_id();
  const std::string association_id = associate_with_interface(w, ctx, address, eni, input.value("PrivateIpAddress", ""));
  w.put(ctx.scope(), kind::address, allocation_id, std::move(address));
  return json{{"AssociationId", association_id}};
}

json associate_with_secondary(store::Writer& w, const RequestContext& ctx, json& address, json instance,
                              const std::string& private_ip) {
  const std::string instance_id = InstanceRecord(instance).id();
  const std::string allocation_id = AddressRecord(address).allocation_id();
  const json held = instance.value("_SecondaryEips", json::object());
  if (const auto previous = held.find(private_ip); previous != held.end())
    set_address_free(w, ctx, previous->at("AllocationId").get<std::string>());
  const std::string association_id = new_id("eipassoc");
  instance["_SecondaryEips"][private_ip] = {{"AllocationId", allocation_id}, {"AssociationId", association_id},
                                            {"PublicIp", AddressRecord(address).public_ip()}};
  address["InstanceId"] = instance_id;
  address["AssociationId"] = association_id;
  address["NetworkInterfaceId"] = network_interface_id(instance);
  address["NetworkInterfaceOwnerId"] = ctx.account_id;
  address["PrivateIpAddress"] = private_ip;
  w.put(ctx.scope(), kind::instance, instance_id, std::move(instance));
  w.put(ctx.scope(), kind::address, allocation_id, std::move(address));
  return json{{"AssociationId", association_id}};
}

}  // namespace

void clear_association(json& address) {
  for (const char* key : {"InstanceId", "AssociationId", "NetworkInterfaceId", "NetworkInterfaceOwnerId", "PrivateIpAddress",
                          "_NatGatewayId", "_OnInterface"})
    address.erase(key);
}

void set_address_free(store::Writer& w, const RequestContext& ctx, const std::string& allocation_id) {
  const json* address = w.find(ctx.scope(), kind::address, allocation_id);
  if (!address) return;
  json freed = *address;
  clear_association(freed);
  w.put(ctx.scope(), kind::address, allocation_id, std::move(freed));
}

json allocate_address(const RequestContext& ctx, const json& input) {
  if (input.contains("Address") || input.contains("CustomerOwnedIpv4Pool"))
    throw ApiError::client("InvalidParameterValue", "ec2sim allocates addresses from Amazon's pool only.");
  const std::string pool = input.value("PublicIpv4Pool", "amazon");
  if (pool != "amazon") throw ApiError::client("InvalidPublicIpv4Pool.NotFound", "The pool '" + pool + "' does not exist.");
  const std::string group = input.value("NetworkBorderGroup", ctx.region.name);
  if (group != ctx.region.name)
    throw ApiError::invalid_value("The network border group '" + group + "' is not valid in " + ctx.region.name + ".");
  const json tags = tags_for(input, "elastic-ip");
  return ctx.store.write([&](store::Writer& w) {
    require_within(ctx.settings.quotas, "elastic-ips", static_cast<std::int64_t>(w.all(ctx.scope(), kind::address).size()), 1,
                   "AddressLimitExceeded", "The maximum number of addresses has been reached.");
    const std::string id = new_id("eipalloc");
    json address = {{"_Id", id},
                    {"PublicIp", new_public_ip(ctx.region.name)},
                    {"AllocationId", id},
                    {"Domain", input.value("Domain", "vpc")},
                    {"Tags", tags},
                    {"PublicIpv4Pool", "amazon"},
                    {"NetworkBorderGroup", group}};
    w.put(ctx.scope(), kind::address, id, address);
    return json{{"PublicIp", address.at("PublicIp")}, {"AllocationId", id}, {"PublicIpv4Pool", "amazon"},
                {"NetworkBorderGroup", group}, {"Domain", address.at("Domain")}};
  });
}

json associate_address(const RequestContext& ctx, const json& input) {
  return ctx.store.write([&](store::Writer& w) {
    json address = named_address(w, ctx, input);
    refuse_if_nat_held(address);
    const std::string allocation_id = AddressRecord(address).allocation_id();
    // The instance, named directly or by its network interface.
    std::string instance_id = input.value("InstanceId", "");
    if (instance_id.empty()) {
      const std::string eni = input.value("NetworkInterfaceId", "");
      if (eni.empty()) throw ApiError::missing_parameter("The request must contain the parameter InstanceId or NetworkInterfaceId");
      if (const json* own = stored_interface(w, ctx, eni)) return associate_with_own_interface(w, ctx, input, address, *own);
      for (const auto& [id, i] : w.all(ctx.scope(), kind::instance))
        if (network_interface_id(i) == eni) instance_id = id;
      if (instance_id.empty())
        throw ApiError::client("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '" + eni + "' does not exist");
    }
    json instance = instances_named(w, ctx, json::array({instance_id})).at(0);
    const std::string state = InstanceRecord(instance).state();
    if (state != "running" && state != "stopped" && state != "pending")
      throw ApiError::client("IncorrectInstanceState", "The instance '" + instance_id + "' is not in a valid state for this operation.");
    if (!has_internet_gateway(w, ctx, InstanceRecord(instance).vpc_id()))  // a public address needs a way out
      throw ApiError::client("Gateway.NotAttached",
                             "Network " + InstanceRecord(instance).vpc_id() + " is not attached to any internet gateway");
    // The interface's primary address, or one of its secondary ones.
    const std::string private_ip = input.value("PrivateIpAddress", InstanceRecord(instance).private_ip());
    const json secondary_ips = instance.value("_SecondaryIps", json::array());
    const bool secondary = std::find(secondary_ips.begin(), secondary_ips.end(), private_ip) != secondary_ips.end();
    if (private_ip != InstanceRecord(instance).private_ip() && !secondary)
      throw ApiError::invalid_value("The private IP address " + private_ip + " is not assigned to the instance's network interface.");
    if (AddressRecord(address).associated()) {
      if (AddressRecord(address).instance_id() == instance_id && address.value("PrivateIpAddress", "") == private_ip)
        return json{{"AssociationId", AddressRecord(address).association_id()}};
      if (!input.value("AllowReassociation", false))
        throw ApiError::client("Resource.AlreadyAssociated", "resource " + allocation_id +
                                                                 " is already associated with associate-id " +
                                                                 AddressRecord(address).association_id());
      disassociate(w, ctx, address);
    }
    if (const json* current = w.find(ctx.scope(), kind::instance, instance_id)) instance = *current;
    if (secondary) return associate_with_secondary(w, ctx, address, instance, private_ip);
    // An address has one Elastic IP: the one the primary had is set free.
    if (auto previous = instance.find("_ElasticIp"); previous != instance.end()) {
      if (const json* old = w.find(ctx.scope(), kind::address, previous->get<std::string>())) {
        json freed = *old;
        disassociate(w, ctx, freed);
        const std::string freed_id = AddressRecord(freed).allocation_id();  // before the move below
        w.put(ctx.scope(), kind::address, freed_id, std::move(freed));
        instance = *w.find(ctx.scope(), kind::instance, instance_id);
      }
    }
    if (const json* current = w.find(ctx.scope(), kind::instance, instance_id)) instance = *current;
    const std::string association_id = new_id("eipassoc");
    instance["_ElasticIp"] = allocation_id;
    instance["_EipAssociationId"] = association_id;  // for the association-id filters
    set_public_ip(instance, AddressRecord(address).public_ip());
    address["InstanceId"] = instance_id;
    address["AssociationId"] = association_id;
    address["NetworkInterfaceId"] = network_interface_id(instance);
    address["NetworkInterfaceOwnerId"] = ctx.account_id;
    address["PrivateIpAddress"] = InstanceRecord(instance).private_ip();
    w.put(ctx.scope(), kind::instance, instance_id, std::move(instance));
    w.put(ctx.scope(), kind::address, allocation_id, std::move(address));
    return json{{"AssociationId", association_id}};
  });
}

json disassociate_address(const RequestContext& ctx, const json& input) {
  ctx.store.write([&](store::Writer& w) {
    json address;
    if (input.contains("AssociationId")) {
      const std::string association_id = input.at("AssociationId").get<std::string>();
      for (const auto& [id, a] : w.all(ctx.scope(), kind::address))
        if (AddressRecord(a).association_id() == association_id) address = a;
      if (address.is_null())
        throw ApiError::client("InvalidAssociationID.NotFound", "The association ID '" + association_id + "' does not exist");
    } else {
      address = named_address(w, ctx, input);
      if (!AddressRecord(address).associated())
        throw ApiError::client("InvalidAssociationID.NotFound",
                               "The address " + AddressRecord(address).public_ip() + " is not associated.");
    }
    refuse_if_nat_held(address);
    disassociate(w, ctx, address);
    const std::string id = AddressRecord(address).allocation_id();  // before the move below
    w.put(ctx.scope(), kind::address, id, std::move(address));
  });
  return json::object();
}

json release_address(const RequestContext& ctx, const json& input) {
  ctx.store.write([&](store::Writer& w) {
    json address = named_address(w, ctx, input);
    refuse_if_nat_held(address);
    const std::string id = AddressRecord(address).allocation_id();
    if (AddressRecord(address).associated()) {
      // In the default VPC a release takes the address off its instance first; in another
      // VPC it must be disassociated before (AWS's ReleaseAddress).
      const json* instance = w.find(ctx.scope(), kind::instance, AddressRecord(address).instance_id());
      const json* vpc = instance ? w.find(ctx.scope(), kind::vpc, InstanceRecord(*instance).vpc_id()) : nullptr;
      if (!vpc || !vpc->value("IsDefault", false))
        throw ApiError::client("InvalidIPAddress.InUse", "Address " + AddressRecord(address).public_ip() + " is in use.");
      disassociate(w, ctx, address);
    }
    w.erase(ctx.scope(), kind::address, id);
  });
  return json::object();
}

json describe_addresses(const RequestContext& ctx, const json& input) {
  auto filters = filters_from_request(input);
  address_filters().validate(filters);
  return ctx.store.read([&](const store::Reader& w) {
    const auto& all = w.all(ctx.scope(), kind::address);
    const json ids = input.value("AllocationIds", json::array()), ips = input.value("PublicIps", json::array());
    std::vector<std::string> missing;
    for (const auto& id : ids)
      if (!all.contains(id.get<std::string>())) missing.push_back(id.get<std::string>());
    if (!missing.empty()) throw ApiError::not_found("InvalidAllocationID.NotFound", "allocation ID", "allocation IDs", missing);
    for (const auto& ip : ips)
      if (std::none_of(all.begin(), all.end(), [&](const auto& a) { return AddressRecord(a.second).public_ip() == ip; }))
        throw ApiError::client("InvalidAddress.NotFound", "Address '" + ip.get<std::string>() + "' not found.");
    json out = json::array();
    for (const auto& [id, a] : all) {
      if (!ids.empty() && std::find(ids.begin(), ids.end(), AddressRecord(a).allocation_id()) == ids.end()) continue;
      if (!ips.empty() && std::find(ips.begin(), ips.end(), AddressRecord(a).public_ip()) == ips.end()) continue;
      if (address_filters().matches(filters, a)) out.push_back(a);
    }
    return json{{"Addresses", std::move(out)}};
  });
}

// An address's reverse DNS record (its `domain-name` attribute): Amazon's name for the
// address until the account sets its own. AWS checks the name's forward record first;
// ec2sim has no DNS to ask, so a well-formed name is taken at once (the call still
// answers PENDING, as AWS's does).
namespace {

std::string amazon_ptr_record(const RequestContext& ctx, const json& address) {
  return public_dns_name(ctx.region.name, address.at("PublicIp").get<std::string>()) + ".";
}

json address_attribute(const RequestContext& ctx, const json& address) {
  return {{"PublicIp", address.at("PublicIp")}, {"AllocationId", address.at("AllocationId")},
          {"PtrRecord", address.value("_PtrRecord", amazon_ptr_record(ctx, address))}};
}

void check_domain_name(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 253 && name.front() != '.' && name.find("..") == std::string::npos;
  for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.');
  if (!ok) throw ApiError::invalid_value("The domain name '" + name + "' is not a valid DNS name.");
}

json set_ptr_record(const RequestContext& ctx, const std::string& allocation_id, const std::string& record) {
  return ctx.store.write([&](store::Writer& w) {
    const json* found = w.find(ctx.scope(), kind::address, allocation_id);
    if (!found) throw ApiError::client("InvalidAllocationID.NotFound", "The allocation ID '" + allocation_id + "' does not exist");
    json address = *found;
    if (record.empty()) address.erase("_PtrRecord");
    else address["_PtrRecord"] = record.back() == '.' ? record : record + ".";
    json shown = address_attribute(ctx, *found);  // the record as it was, the update pending
    shown["PtrRecordUpdate"] = {{"Value", record.empty() ? amazon_ptr_record(ctx, address) : address.at("_PtrRecord").get<std::string>()},
                                {"Status", "PENDING"}};
    w.put(ctx.scope(), kind::address, allocation_id, std::move(address));
    return json{{"Address", std::move(shown)}};
  });
}

}  // namespace

json describe_addresses_attribute(const RequestContext& ctx, const json& input) {
  if (input.value("Attribute", "domain-name") != "domain-name")
    throw ApiError::invalid_value("Value (" + input.at("Attribute").get<std::string>() + ") for parameter attribute is invalid. Valid values: domain-name.");
  return ctx.store.read([&](const store::Reader& r) {
    const json ids = input.value("AllocationIds", json::array());
    std::vector<json> shown;
    std::vector<std::string> missing;
    for (const auto& id : ids)
      if (!r.find(ctx.scope(), kind::address, id.get<std::string>())) missing.push_back(id.get<std::string>());
    if (!missing.empty()) throw ApiError::not_found("InvalidAllocationID.NotFound", "allocation ID", "allocation IDs", missing);
    for (const auto& [id, address] : r.all(ctx.scope(), kind::address))
      if (ids.empty() || std::find(ids.begin(), ids.end(), id) != ids.end()) shown.push_back(address_attribute(ctx, address));
    std::vector<const json*> page;
    for (const auto& a : shown) page.push_back(&a);
    return paged_result(
        "Addresses", page, page_request(input, 0),
        [](const json& a) -> const std::string& { return a.at("AllocationId").get_ref<const std::string&>(); },
        [](const json& a) { return a; });
  });
}

json modify_address_attribute(const RequestContext& ctx, const json& input) {
  const std::string name = input.value("DomainName", "");
  check_domain_name(name.ends_with('.') ? name.substr(0, name.size() - 1) : name);
  return set_ptr_record(ctx, input.at("AllocationId").get<std::string>(), name);
}

json reset_address_attribute(const RequestContext& ctx, const json& input) {
  if (input.at("Attribute") != "domain-name")
    throw ApiError::invalid_value("Value (" + input.at("Attribute").get<std::string>() + ") for parameter attribute is invalid. Valid values: domain-name.");
  return set_ptr_record(ctx, input.at("AllocationId").get<std::string>(), "");
}

}  // namespace ec2sim::sim
