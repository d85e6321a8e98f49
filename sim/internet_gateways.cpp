// Internet gateways: create, attach to a VPC (one each), detach, delete. A gateway is
// state only (ec2sim carries no traffic), but its rules are AWS's: a VPC whose instances
// have public addresses keeps its gateway, an attached gateway can't be deleted, and the
// routes to a detached one turn blackhole until it comes back.
#include "sim/internet_gateways.hpp"

#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/nat_gateways.hpp"
#include "sim/network_interfaces.hpp"
#include "sim/records.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/route_tables.hpp"
#include "sim/tags.hpp"
#include "sim/vpc_blocks.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

json find_gateway(const RequestContext& ctx, const store::Reader& r, const std::string& id) {
  if (!is_id(id, "igw")) throw ApiError::client("InvalidInternetGatewayId.Malformed", "Invalid id: \"" + id + "\"");
  const json* gateway = r.find(ctx.scope(), kind::internet_gateway, id);
  if (!gateway) throw ApiError::client("InvalidInternetGatewayID.NotFound", "The internetGateway ID '" + id + "' does not exist");
  return *gateway;
}

}  // namespace

std::string attached_vpc(const json& gateway) {
  const auto& attachments = gateway.at("Attachments");
  return attachments.empty() ? "" : attachments.at(0).at("VpcId").get<std::string>();
}

bool has_internet_gateway(const store::Reader& r, const RequestContext& ctx, const std::string& vpc_id) {
  for (const auto& [id, gateway] : r.all(ctx.scope(), kind::internet_gateway))
    if (attached_vpc(gateway) == vpc_id) return true;
  return false;
}

json create_internet_gateway(const RequestContext& ctx, const json& input) {
  json tags = tags_for(input, "internet-gateway");
  return ctx.store.write([&](store::Writer& w) {
    const std::string id = new_id("igw");
    json gateway = {{"_Id", id}, {"Attachments", json::array()}, {"InternetGatewayId", id}, {"OwnerId", ctx.account_id},
                    {"Tags", tags}};
    w.put(ctx.scope(), kind::internet_gateway, id, gateway);
    gateway.erase("_Id");
    return json{{"InternetGateway", gateway}};
  });
}

json attach_internet_gateway(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("InternetGatewayId").get<std::string>();
  const std::string vpc_id = input.at("VpcId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    json gateway = find_gateway(ctx, w, id);
    find_vpc(ctx, w, vpc_id);  // it must exist
    if (const std::string attached = attached_vpc(gateway); !attached.empty())
      throw ApiError::client("Resource.AlreadyAssociated", "resource " + id + " is already attached to network " + attached);
    for (const auto& [other, g] : w.all(ctx.scope(), kind::internet_gateway))
      if (attached_vpc(g) == vpc_id) throw ApiError::invalid_value("Network " + vpc_id + " already has an internet gateway attached");
    gateway["Attachments"] = json::array({{{"State", "available"}, {"VpcId", vpc_id}}});
    w.put(ctx.scope(), kind::internet_gateway, id, std::move(gateway));
    set_route_state(w, ctx, "GatewayId", id, "active", vpc_id);
  });
  return json::object();
}

json detach_internet_gateway(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("InternetGatewayId").get<std::string>();
  const std::string vpc_id = input.at("VpcId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    json gateway = find_gateway(ctx, w, id);
    if (attached_vpc(gateway) != vpc_id)
      throw ApiError::client("Gateway.NotAttached", "resource " + id + " is not attached to network " + vpc_id);
    // Public addresses in the VPC (auto-assigned or Elastic, on any private address) need the gateway.
    bool mapped = vpc_has_public_nat_gateway(w, ctx, vpc_id);
    for (const auto& [aid, address] : w.all(ctx.scope(), kind::address))  // on an interface of the account's own
      if (address.contains("_OnInterface"))
        if (const json* eni = stored_interface(w, ctx, address.at("NetworkInterfaceId").get<std::string>()))
          mapped = mapped || eni->at("VpcId") == vpc_id;
    for (const auto& [iid, instance] : w.all(ctx.scope(), kind::instance))
      mapped = mapped || (InstanceRecord(instance).vpc_id() == vpc_id &&
                          (!InstanceRecord(instance).public_ip().empty() || instance.contains("_SecondaryEips")));
    if (mapped)
        throw ApiError::client("DependencyViolation", "Network " + vpc_id +
                                                          " has some mapped public address(es). Please unmap those public "
                                                          "address(es) before detaching the gateway.");
    if (has_association(w, ctx, "GatewayId", id))  // a route table's edge association needs it attached
      throw ApiError::client("DependencyViolation", "The internetGateway '" + id + "' has dependencies and cannot be detached.");
    gateway["Attachments"] = json::array();
    w.put(ctx.scope(), kind::internet_gateway, id, std::move(gateway));
    set_route_state(w, ctx, "GatewayId", id, "blackhole", vpc_id);  // until it is back
  });
  return json::object();
}

json delete_internet_gateway(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("InternetGatewayId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    const json gateway = find_gateway(ctx, w, id);
    if (!gateway.at("Attachments").empty())
      throw ApiError::client("DependencyViolation", "The internetGateway '" + id + "' has dependencies and cannot be deleted.");
    w.erase(ctx.scope(), kind::internet_gateway, id);
  });
  return json::object();
}

}  // namespace ec2sim::sim
