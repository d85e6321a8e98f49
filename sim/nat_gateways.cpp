// NAT gateways, public (with an Elastic IP, in a VPC with an internet gateway) and
// private: pending -> available -> deleting -> deleted over simulated time, a
// requester-managed network interface in the subnet, the Elastic IP's association shown
// on the address. Checks AWS makes after accepting the call (the internet gateway, the
// address still free) fail the gateway, as on AWS, rather than the call. State only:
// ec2sim carries no traffic.
#include "sim/nat_gateways.hpp"

#include "sim/addresses.hpp"
#include "sim/client_tokens.hpp"
#include "sim/describe.hpp"
#include "sim/due.hpp"
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/instance_census.hpp"
#include "sim/internet_gateways.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/network_interfaces.hpp"
#include "sim/records.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/route_tables.hpp"
#include "sim/tags.hpp"
#include "sim/time_format.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

const FilterTable& nat_gateway_filters() {
  static const FilterTable table{{
                                     {"nat-gateway-id", Path::path("NatGatewayId")},
                                     {"state", Path::path("State")},
                                     {"subnet-id", Path::path("SubnetId")},
                                     {"vpc-id", Path::path("VpcId")},
                                 },
                                 true};
  return table;
}

ApiError nat_not_found(const std::string& id) { return ApiError::client("NatGatewayNotFound", "NAT gateway " + id + " was not found"); }

const json& find_nat_gateway(const store::Reader& r, const RequestContext& ctx, const std::string& id) {
  if (!is_id(id, "nat")) throw ApiError::client("NatGatewayMalformed", "The NAT gateway ID '" + id + "' is malformed");
  const json* gateway = r.find(ctx.scope(), kind::nat_gateway, id);
  if (!gateway) throw nat_not_found(id);
  return *gateway;
}

json shown_gateway(json gateway) {
  gateway.erase("_Id");
  gateway.erase("_DueAt");
  return gateway;
}

bool is_public(const json& gateway) { return gateway.value("ConnectivityType", "public") == "public"; }

json& primary_address(json& gateway) { return gateway.at("NatGatewayAddresses").at(0); }

std::string network_interface_of(json& gateway) { return primary_address(gateway).at("NetworkInterfaceId").get<std::string>(); }

// What AWS finds wrong once it acts on an accepted request: (code, message), or empty.
std::pair<std::string, std::string> failure(const store::Reader& r, const RequestContext& ctx, const json& gateway) {
  if (!is_public(gateway)) return {};
  const std::string vpc_id = gateway.at("VpcId").get<std::string>();
  if (!has_internet_gateway(r, ctx, vpc_id)) return {"Gateway.NotAttached", "Network " + vpc_id + " has no Internet gateway attached"};
  const std::string allocation_id = gateway.at("NatGatewayAddresses").at(0).at("AllocationId").get<std::string>();
  const json* address = r.find(ctx.scope(), kind::address, allocation_id);
  if (!address)
    return {"InvalidAllocationID.NotFound", "Elastic IP address " + allocation_id + " could not be associated with this NAT gateway"};
  if (AddressRecord(*address).associated())
    return {"Resource.AlreadyAssociated", "Elastic IP address " + allocation_id + " is already associated"};
  return {};
}

// The gateway's interface goes, and with it its private address; its Elastic IP is free.
void release_resources(store::Writer& w, const RequestContext& ctx, json& gateway) {
  w.erase(ctx.scope(), kind::network_interface, network_interface_of(gateway));
  json& address = primary_address(gateway);
  if (address.contains("AssociationId")) {
    const std::string allocation_id = address.at("AllocationId").get<std::string>();
    if (const json* eip = w.find(ctx.scope(), kind::address, allocation_id);
        eip && eip->value("_NatGatewayId", "") == gateway.at("NatGatewayId"))
      set_address_free(w, ctx, allocation_id);
    address.erase("AssociationId");
  }
}

}  // namespace

const json& routable_nat_gateway(const store::Reader& r, const RequestContext& ctx, const std::string& id) {
  const json& gateway = find_nat_gateway(r, ctx, id);
  const std::string state = gateway.at("State").get<std::string>();
  if (state != "pending" && state != "available") throw nat_not_found(id);
  return gateway;
}

bool vpc_has_public_nat_gateway(const store::Reader& r, const RequestContext& ctx, const std::string& vpc_id) {
  for (const auto& [id, gateway] : r.all(ctx.scope(), kind::nat_gateway))
    if (gateway.at("VpcId") == vpc_id && is_public(gateway) && gateway.at("NatGatewayAddresses").at(0).contains("AssociationId"))
      return true;
  return false;
}

bool advance_nat_gateway(store::Writer& w, const RequestContext& ctx, json& gateway) {
  if (!is_due(gateway, epoch_ms(ctx.now))) return true;
  const std::string state = gateway.at("State").get<std::string>();
  const std::string id = gateway.at("NatGatewayId").get<std::string>();
  const auto due_in = [&](std::chrono::milliseconds after) { gateway["_DueAt"] = epoch_ms(ctx.now) + after.count(); };
  if (state == "pending") {
    if (const auto [code, message] = failure(w, ctx, gateway); !code.empty()) {
      gateway["State"] = "failed";
      gateway["FailureCode"] = code;
      gateway["FailureMessage"] = message;
      primary_address(gateway)["Status"] = "failed";
      primary_address(gateway)["FailureMessage"] = message;
      release_resources(w, ctx, gateway);
      set_route_state(w, ctx, "NatGatewayId", id, "blackhole", gateway.at("VpcId").get<std::string>());
      due_in(ctx.settings.timing.terminated_visible);  // listed for a while, then gone
      return true;
    }
    gateway["State"] = "available";
    json& address = primary_address(gateway);
    address["Status"] = "succeeded";
    if (is_public(gateway)) {  // the Elastic IP now points at the gateway's interface
      const std::string allocation_id = address.at("AllocationId").get<std::string>();
      json eip = *w.find(ctx.scope(), kind::address, allocation_id);
      const std::string association_id = new_id("eipassoc");
      eip["AssociationId"] = association_id;
      eip["NetworkInterfaceId"] = address.at("NetworkInterfaceId");
      eip["NetworkInterfaceOwnerId"] = ctx.account_id;
      eip["PrivateIpAddress"] = address.at("PrivateIp");
      eip["_NatGatewayId"] = id;
      w.put(ctx.scope(), kind::address, allocation_id, std::move(eip));
      address["AssociationId"] = association_id;
    }
    gateway["_DueAt"] = kNothingDue;
    return true;
  }
  if (state == "deleting") {
    gateway["State"] = "deleted";
    gateway["DeleteTime"] = format_iso8601(ctx.now);
    release_resources(w, ctx, gateway);
    if (is_public(gateway)) primary_address(gateway)["Status"] = "succeeded";
    set_route_state(w, ctx, "NatGatewayId", id, "blackhole", gateway.at("VpcId").get<std::string>());
    due_in(ctx.settings.timing.terminated_visible);
    return true;
  }
  return false;  // deleted or failed, and listed long enough
}

json create_nat_gateway(const RequestContext& ctx, const json& input) {
  const std::string subnet_id = input.at("SubnetId").get<std::string>();
  const std::string connectivity = input.value("ConnectivityType", "public");
  if (connectivity != "public" && connectivity != "private")
    throw ApiError::invalid_value("Value (" + connectivity + ") for parameter connectivityType is invalid. Valid values: public, private.");
  const bool is_public = connectivity == "public";
  if (is_public && !input.contains("AllocationId"))
    throw ApiError::missing_parameter("The request must contain the parameter allocationId for a public NAT gateway");
  if (!is_public && input.contains("AllocationId"))
    throw ApiError::invalid_combination("You cannot specify an Elastic IP address with a private NAT gateway.");
  if (input.contains("SecondaryAllocationIds") || input.contains("SecondaryPrivateIpAddresses") ||
      input.contains("SecondaryPrivateIpAddressCount"))
    throw ApiError::client("UnsupportedOperation", "ec2sim gives a NAT gateway one address: secondary addresses are not simulated.");
  json tags = tags_for(input, "natgateway");
  return ctx.store.write([&](store::Writer& w) {
    json out;
    if (input.contains("ClientToken")) out["ClientToken"] = input.at("ClientToken");
    if (const json* made = replayed_resource(w, ctx, "CreateNatGateway", input, kind::nat_gateway, "NatGatewayId")) {
      out["NatGateway"] = shown_gateway(*made);  // as it is now
      return out;
    }
    const json* subnet = w.find(ctx.scope(), kind::subnet, subnet_id);
    if (!subnet) throw ApiError::client("InvalidSubnetID.NotFound", "The subnet ID '" + subnet_id + "' does not exist");
    if (!subnet->contains("CidrBlock"))
      throw ApiError::invalid_value("Subnet " + subnet_id + " has no IPv4 block: a NAT gateway needs one.");
    json address = json::object();
    if (is_public) {
      const std::string allocation_id = input.at("AllocationId").get<std::string>();
      const json* eip = w.find(ctx.scope(), kind::address, allocation_id);
      if (!eip) throw ApiError::client("InvalidAllocationID.NotFound", "The allocation ID '" + allocation_id + "' does not exist");
      address = {{"AllocationId", allocation_id}, {"PublicIp", AddressRecord(*eip).public_ip()}};
    }
    // Its private address: the one asked for, or the subnet's next free one.
    UsedAddresses used = instance_census(w, ctx).used_addresses[subnet_id];  // a copy: the census changes with the interface
    const std::string cidr = subnet->at("CidrBlock").get<std::string>();
    std::string private_ip = input.value("PrivateIpAddress", "");
    if (!private_ip.empty()) check_private_address(cidr, private_ip, used);
    else private_ip = next_private_ip(cidr, used);
    const std::string id = new_id("nat");
    address["NetworkInterfaceId"] = create_service_interface(w, ctx, *subnet, private_ip, "Interface for NAT Gateway " + id, "nat_gateway");
    address["PrivateIp"] = private_ip;
    address["IsPrimary"] = true;
    address["Status"] = is_public ? "associating" : "assigning";
    json gateway = {{"_Id", id},
                    {"_DueAt", epoch_ms(ctx.now) + ctx.settings.timing.nat_gateway_pending.count()},
                    {"CreateTime", format_iso8601(ctx.now)},
                    {"NatGatewayAddresses", json::array({address})},
                    {"NatGatewayId", id},
                    {"State", "pending"},
                    {"SubnetId", subnet_id},
                    {"VpcId", subnet->at("VpcId")},
                    {"Tags", std::move(tags)},
                    {"ConnectivityType", connectivity}};
    w.put(ctx.scope(), kind::nat_gateway, id, gateway);
    remember_call(w, ctx, "CreateNatGateway", input, {{"NatGatewayId", id}});
    out["NatGateway"] = shown_gateway(std::move(gateway));
    return out;
  });
}

json describe_nat_gateways(const RequestContext& ctx, const json& input) {
  return describe_resources(ctx, input,
                            {kind::nat_gateway, "NatGatewayIds", "NatGatewayNotFound", "NAT gateway", "NAT gateways",
                             nat_gateway_filters(), "NatGateways"});
}

json delete_nat_gateway(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("NatGatewayId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    json gateway = find_nat_gateway(w, ctx, id);
    const std::string state = gateway.at("State").get<std::string>();
    if (state == "deleted") throw nat_not_found(id);
    if (state == "deleting") return;  // already on its way
    gateway["State"] = "deleting";
    gateway["_DueAt"] = epoch_ms(ctx.now) + ctx.settings.timing.nat_gateway_deleting.count();
    if (is_public(gateway) && primary_address(gateway).contains("AssociationId")) primary_address(gateway)["Status"] = "disassociating";
    w.put(ctx.scope(), kind::nat_gateway, id, std::move(gateway));
  });
  return {{"NatGatewayId", id}};
}

}  // namespace ec2sim::sim
