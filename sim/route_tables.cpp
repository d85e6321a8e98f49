// Route tables of one's own: create (with the VPC's local routes), routes to a gateway,
// an instance or an interface (Create/Replace/DeleteRoute), associations with subnets
// and gateways (Associate/Disassociate/ReplaceRouteTableAssociation, the main one
// included), delete. Routes are state only: a route whose target goes is blackhole.
#include <algorithm>
#include <optional>

#include "sim/route_tables.hpp"

#include "sim/client_tokens.hpp"
#include "sim/default_network.hpp"
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/internet_gateways.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/ipv6_cidrs.hpp"
#include "sim/nat_gateways.hpp"
#include "sim/prefix_lists.hpp"
#include "sim/network_interfaces.hpp"
#include "sim/records.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/vpc_peering.hpp"
#include "sim/tags.hpp"
#include "sim/vpc_blocks.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

json find_table(const RequestContext& ctx, const store::Reader& r, const std::string& id) {
  if (!is_id(id, "rtb")) throw ApiError::client("InvalidRouteTableId.Malformed", "Invalid id: \"" + id + "\"");
  const json* table = r.find(ctx.scope(), kind::route_table, id);
  if (!table) throw ApiError::client("InvalidRouteTableID.NotFound", "The routeTable ID '" + id + "' does not exist");
  return *table;
}

// The VPC a route table belongs to (a table never outlives its VPC).
const json& vpc_of(const RequestContext& ctx, const store::Reader& r, const json& table) {
  const json* vpc = r.find(ctx.scope(), kind::vpc, table.at("VpcId").get<std::string>());
  if (!vpc) throw ApiError::internal("route table " + table.at("RouteTableId").get<std::string>() + " has no VPC");
  return *vpc;
}

// A route's destination: exactly one of an IPv4 block, an IPv6 block or a prefix list.
struct Destination {
  const char* member;
  std::string value;
};

Destination destination_of(const json& input) {
  std::vector<Destination> given;
  for (const char* member : {"DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId"})
    if (input.contains(member)) given.push_back({member, input.at(member).get<std::string>()});
  if (given.empty())
    throw ApiError::missing_parameter("The request must contain the parameter destinationCidrBlock or destinationIpv6CidrBlock");
  if (given.size() > 1)
    throw ApiError::invalid_combination("A route has one destination: " + std::string(given[0].member) + " or " + given[1].member);
  Destination d = given.front();
  if (std::string_view(d.member) == "DestinationCidrBlock" && !is_ipv4_cidr(d.value))
    throw ApiError::invalid_value("Value (" + d.value + ") for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.");
  if (std::string_view(d.member) == "DestinationIpv6CidrBlock") {
    const std::string canonical = ipv6_canonical(d.value);
    if (canonical.empty())
      throw ApiError::invalid_value("Value (" + d.value + ") for parameter destinationIpv6CidrBlock is invalid. This is not a valid IPv6 CIDR block.");
    d.value = canonical;
  }
  return d;
}

// A route to a prefix list needs one of the account's own (AWS's lists are routed by
// gateway endpoints).
void check_prefix_list(const RequestContext& ctx, const store::Reader& r, const Destination& d) {
  if (std::string_view(d.member) != "DestinationPrefixListId") return;
  if (find_prefix_list(r, ctx, d.value).value("OwnerId", "") == "AWS")
    throw ApiError::invalid_value("The prefix list " + d.value + " is AWS-managed: a route may name a customer-managed prefix list only.");
}

std::string describe(const Destination& d) {
  return std::string(std::string_view(d.member) == "DestinationCidrBlock"       ? "destination-cidr-block"
                     : std::string_view(d.member) == "DestinationIpv6CidrBlock" ? "destination-ipv6-cidr-block"
                                                                                : "destination-prefix-list-id") +
         " " + d.value;
}

// The route's target, checked to exist in the table's VPC: an internet gateway (attached
// there), an instance or its interface. Targets ec2sim has no resource for yet (NAT
// gateways, endpoints …) are named as not existing, as AWS names an unknown id.
json route_target(const RequestContext& ctx, const store::Reader& r, const json& input, const std::string& vpc_id) {
  static constexpr const char* kTargets[] = {"GatewayId", "NatGatewayId", "InstanceId", "NetworkInterfaceId",
                                             "VpcPeeringConnectionId", "EgressOnlyInternetGatewayId", "TransitGatewayId",
                                             "LocalGatewayId", "CarrierGatewayId", "VpcEndpointId", "CoreNetworkArn"};
  std::vector<const char*> given;
  for (const char* t : kTargets)
    if (input.contains(t)) given.push_back(t);
  if (given.size() != 1)
    throw ApiError::invalid_combination("The request must contain exactly one of gatewayId, natGatewayId, instanceId, "
                                        "networkInterfaceId, vpcPeeringConnectionId, egressOnlyInternetGatewayId, "
                                        "transitGatewayId, localGatewayId, carrierGatewayId, vpcEndpointId or coreNetworkArn");
  const std::string member = given.front();
  const std::string id = input.at(member).get<std::string>();
  if (member == "GatewayId") {
    if (id == "local") throw ApiError::invalid_value("A route to 'local' is made by its VPC, not by CreateRoute.");
    const json* gateway = r.find(ctx.scope(), kind::internet_gateway, id);
    if (!gateway) throw ApiError::client("InvalidGatewayID.NotFound", "The gateway ID '" + id + "' does not exist");
    if (attached_vpc(*gateway) != vpc_id)
      throw ApiError::invalid_value("route table and network gateway " + id + " belong to different networks");
    return {{"GatewayId", id}};
  }
  if (member == "EgressOnlyInternetGatewayId") {
    const json* gateway = r.find(ctx.scope(), kind::egress_only_internet_gateway, id);
    if (!gateway) throw ApiError::client("InvalidGatewayID.NotFound", "The gateway ID '" + id + "' does not exist");
    if (gateway->at("Attachments").at(0).at("VpcId") != vpc_id)
      throw ApiError::invalid_value("route table and network gateway " + id + " belong to different networks");
    return {{"EgressOnlyInternetGatewayId", id}};
  }
  if (member == "NatGatewayId") {
    if (routable_nat_gateway(r, ctx, id).at("VpcId") != vpc_id)
      throw ApiError::invalid_value("route table and NAT gateway " + id + " belong to different networks");
    return {{"NatGatewayId", id}};
  }
  if (member == "NetworkInterfaceId")
    if (const json* eni = stored_interface(r, ctx, id)) {  // one of the account's own interfaces
      if (eni->at("VpcId") != vpc_id)
        throw ApiError::invalid_value("route table and network interface " + id + " belong to different networks");
      json target = {{"NetworkInterfaceId", id}};
      if (eni->contains("Attachment") && eni->at("Attachment").contains("InstanceId"))
        target = {{"InstanceId", eni->at("Attachment").at("InstanceId")}, {"InstanceOwnerId", ctx.account_id}, {"NetworkInterfaceId", id}};
      return target;
    }
  if (member == "InstanceId" || member == "NetworkInterfaceId") {
    for (const auto& [iid, instance] : r.all(ctx.scope(), kind::instance)) {
      const InstanceRecord record(instance);
      if ((member == "InstanceId" ? record.id() : record.network_interface_id()) != id || record.state() == "terminated") continue;
      if (record.vpc_id() != vpc_id)
        throw ApiError::invalid_value("route table and instance " + record.id() + " belong to different networks");
      return {{"InstanceId", record.id()}, {"InstanceOwnerId", ctx.account_id}, {"NetworkInterfaceId", record.network_interface_id()}};
    }
    if (member == "InstanceId") throw ApiError::client("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
    throw ApiError::client("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '" + id + "' does not exist");
  }
  if (member == "VpcPeeringConnectionId")  // blackhole until the peer accepts
    return {{"VpcPeeringConnectionId", id}, {"State", peering_route_state(r, ctx, id, vpc_id)}};
  static const std::map<std::string, std::string, std::less<>> kNotFound = {
      {"TransitGatewayId", "InvalidTransitGatewayID.NotFound"},
      {"LocalGatewayId", "InvalidLocalGatewayID.NotFound"}, {"CarrierGatewayId", "InvalidCarrierGatewayID.NotFound"},
      {"VpcEndpointId", "InvalidVpcEndpointId.NotFound"}, {"CoreNetworkArn", "InvalidCoreNetworkArn.NotFound"}};
  throw ApiError::client(kNotFound.at(member), "The " + member + " '" + id + "' does not exist");
}

// Is the destination one of the VPC's own blocks (a local route's)?
bool is_local(const json& vpc, const Destination& d) {
  for (const auto& route : local_routes(vpc))
    if (route.value(d.member, "") == d.value) return true;
  return false;
}

// A more specific route inside the VPC's IPv4 block may lead only to an interface or an
// instance (a middlebox), as on AWS.
void check_inside_vpc(const json& vpc, const Destination& d, const json& target) {
  if (std::string_view(d.member) != "DestinationCidrBlock" || target.contains("InstanceId")) return;
  for (const auto& block : vpc.value("CidrBlockAssociationSet", json::array()))
    if (cidr_within(d.value, block.at("CidrBlock").get<std::string>()))
      throw ApiError::invalid_value("Route target is not supported. This route only supports interface and instance targets.");
}

// An egress-only gateway carries IPv6 only.
void check_ipv6_only(const Destination& d, const json& target) {
  if (target.contains("EgressOnlyInternetGatewayId") && std::string_view(d.member) != "DestinationIpv6CidrBlock")
    throw ApiError::invalid_value("Egress-only internet gateways support IPv6 destinations only (destinationIpv6CidrBlock).");
}

json::iterator find_route(json& table, const Destination& d) {
  auto& routes = table["Routes"];
  return std::find_if(routes.begin(), routes.end(), [&](const json& r) { return r.value(d.member, "") == d.value; });
}

// Where an association id is: its table's id and index, if any table has it.
std::pair<std::string, std::size_t> find_association(const RequestContext& ctx, const store::Reader& r, const std::string& id) {
  for (const auto& [table_id, table] : r.all(ctx.scope(), kind::route_table)) {
    const auto& associations = table.at("Associations");
    for (std::size_t i = 0; i < associations.size(); ++i)
      if (associations[i].at("RouteTableAssociationId") == id) return {table_id, i};
  }
  throw ApiError::client("InvalidAssociationID.NotFound", "The association ID '" + id + "' does not exist");
}

json association_state() { return {{"State", "associated"}}; }

}  // namespace

void set_route_state(store::Writer& w, const RequestContext& ctx, std::string_view target_member, const std::string& target,
                     const char* state, const std::string& vpc_id) {
  const std::string member(target_member);
  auto targets = [&](const json& route) { return route.value(member, "") == target; };
  w.update_each(ctx.scope(), kind::route_table, [&](const json& table) -> std::optional<json> {
    const auto& routes = table.at("Routes");
    if ((!vpc_id.empty() && table.at("VpcId") != vpc_id) || std::none_of(routes.begin(), routes.end(), targets)) return {};
    json updated = table;
    for (auto& route : updated["Routes"])
      if (targets(route)) route["State"] = state;
    return updated;
  });
}

void drop_associations(store::Writer& w, const RequestContext& ctx, std::string_view member, const std::string& id) {
  const std::string key(member);
  w.update_each(ctx.scope(), kind::route_table, [&](const json& table) -> std::optional<json> {
    json kept = json::array();
    for (const auto& a : table.at("Associations"))
      if (a.value(key, "") != id) kept.push_back(a);
    if (kept.size() == table.at("Associations").size()) return {};
    json updated = table;
    updated["Associations"] = std::move(kept);
    return updated;
  });
}

bool has_association(const store::Reader& r, const RequestContext& ctx, std::string_view member, const std::string& id) {
  const std::string key(member);
  for (const auto& [table_id, table] : r.all(ctx.scope(), kind::route_table))
    for (const auto& a : table.at("Associations"))
      if (a.value(key, "") == id) return true;
  return false;
}

json create_route_table(const RequestContext& ctx, const json& input) {
  const std::string vpc_id = input.at("VpcId").get<std::string>();
  json tags = tags_for(input, "route-table");
  return ctx.store.write([&](store::Writer& w) {
    if (const json* made = replayed_resource(w, ctx, "CreateRouteTable", input, kind::route_table, "RouteTableId")) {
      json table = *made;  // the table as it is now
      table.erase("_Id");
      return json{{"RouteTable", std::move(table)}, {"ClientToken", input.at("ClientToken")}};
    }
    const json& vpc = find_vpc(ctx, w, vpc_id);
    const std::string id = new_id("rtb");
    json table = {{"_Id", id}, {"RouteTableId", id}, {"VpcId", vpc_id}, {"OwnerId", ctx.account_id},
                  {"Routes", local_routes(vpc)}, {"Associations", json::array()}, {"PropagatingVgws", json::array()},
                  {"Tags", tags}};
    w.put(ctx.scope(), kind::route_table, id, table);
    remember_call(w, ctx, "CreateRouteTable", input, {{"RouteTableId", id}});
    table.erase("_Id");
    json out = {{"RouteTable", std::move(table)}};
    if (input.contains("ClientToken")) out["ClientToken"] = input.at("ClientToken");
    return out;
  });
}

json delete_route_table(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("RouteTableId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    const json table = find_table(ctx, w, id);
    if (!table.at("Associations").empty())  // the main table, or one a subnet or gateway uses
      throw ApiError::client("DependencyViolation", "The routeTable '" + id + "' has dependencies and cannot be deleted.");
    w.erase(ctx.scope(), kind::route_table, id);
    w.update_each(ctx.scope(), kind::vpc_endpoint, [&](const json& endpoint) -> std::optional<json> {
      const json& tables = endpoint.at("RouteTableIds");  // gateway endpoints forget it
      if (std::find(tables.begin(), tables.end(), id) == tables.end()) return std::nullopt;
      json changed = endpoint;
      json& kept = changed.at("RouteTableIds");
      kept.erase(std::remove(kept.begin(), kept.end(), id), kept.end());
      return changed;
    });
  });
  return json::object();
}

json create_route(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("RouteTableId").get<std::string>();
  const Destination destination = destination_of(input);
  ctx.store.write([&](store::Writer& w) {
    json table = find_table(ctx, w, id);
    if (find_route(table, destination) != table["Routes"].end())
      throw ApiError::client("RouteAlreadyExists", "The route identified by " + destination.value + " already exists.");
    check_prefix_list(ctx, w, destination);
    const json& vpc = vpc_of(ctx, w, table);
    json route = {{destination.member, destination.value}};
    const json target = route_target(ctx, w, input, table.at("VpcId").get<std::string>());  // named: items() must not outlive it
    check_inside_vpc(vpc, destination, target);
    check_ipv6_only(destination, target);
    for (const auto& [k, v] : target.items()) route[k] = v;
    route["Origin"] = "CreateRoute";
    if (!route.contains("State")) route["State"] = "active";
    table["Routes"].push_back(std::move(route));
    w.put(ctx.scope(), kind::route_table, id, std::move(table));
  });
  return {{"Return", true}};
}

json replace_route(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("RouteTableId").get<std::string>();
  const Destination destination = destination_of(input);
  ctx.store.write([&](store::Writer& w) {
    json table = find_table(ctx, w, id);
    auto route = find_route(table, destination);
    if (route == table["Routes"].end())
      throw ApiError::invalid_value("There is no route defined for '" + destination.value +
                                    "' in the route table. Use CreateRoute instead.");
    const json& vpc = vpc_of(ctx, w, table);
    check_prefix_list(ctx, w, destination);
    json replaced = {{destination.member, destination.value}};
    if (input.value("LocalTarget", false)) {  // back to local: only a VPC block's route is
      if (!is_local(vpc, destination))
        throw ApiError::invalid_value("Only a route to the VPC's own block " + destination.value + " can be local.");
      replaced["GatewayId"] = "local";
      replaced["Origin"] = "CreateRouteTable";
    } else {
      const json target = route_target(ctx, w, input, table.at("VpcId").get<std::string>());  // named: items() must not outlive it
      if (is_local(vpc, destination) && !target.contains("InstanceId"))
        throw ApiError::invalid_value("Route target is not supported. This route only supports interface and instance targets.");
      check_inside_vpc(vpc, destination, target);
      check_ipv6_only(destination, target);
      for (const auto& [k, v] : target.items()) replaced[k] = v;
      replaced["Origin"] = is_local(vpc, destination) ? "CreateRouteTable" : "CreateRoute";
    }
    if (!replaced.contains("State")) replaced["State"] = "active";
    *route = std::move(replaced);
    w.put(ctx.scope(), kind::route_table, id, std::move(table));
  });
  return json::object();
}

json delete_route(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("RouteTableId").get<std::string>();
  const Destination destination = destination_of(input);
  ctx.store.write([&](store::Writer& w) {
    json table = find_table(ctx, w, id);
    auto route = find_route(table, destination);
    if (route == table["Routes"].end())
      throw ApiError::client("InvalidRoute.NotFound", "no route with " + describe(destination) + " in route table " + id);
    if (is_local(vpc_of(ctx, w, table), destination))
      throw ApiError::invalid_value("cannot remove local route " + destination.value + " in route table " + id);
    if (route->value("GatewayId", "").starts_with("vpce-"))  // ModifyVpcEndpoint's to change
      throw ApiError::invalid_value("The route to " + destination.value + " in route table " + id + " belongs to VPC endpoint " +
                                    route->at("GatewayId").get<std::string>() + " and cannot be removed by hand.");
    table["Routes"].erase(route);
    w.put(ctx.scope(), kind::route_table, id, std::move(table));
  });
  return json::object();
}

json associate_route_table(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("RouteTableId").get<std::string>();
  const std::string subnet_id = input.value("SubnetId", "");
  const std::string gateway_id = input.value("GatewayId", "");
  if (subnet_id.empty() == gateway_id.empty())
    throw ApiError::invalid_combination("The request must contain exactly one of subnetId or gatewayId");
  return ctx.store.write([&](store::Writer& w) {
    json table = find_table(ctx, w, id);
    const std::string vpc_id = table.at("VpcId").get<std::string>();
    const char* member = subnet_id.empty() ? "GatewayId" : "SubnetId";
    const std::string& target = subnet_id.empty() ? gateway_id : subnet_id;
    if (!subnet_id.empty()) {
      const json* subnet = w.find(ctx.scope(), kind::subnet, subnet_id);
      if (!subnet) throw ApiError::client("InvalidSubnetID.NotFound", "The subnet ID '" + subnet_id + "' does not exist");
      if (subnet->at("VpcId") != vpc_id)
        throw ApiError::invalid_value("Route table " + id + " and subnet " + subnet_id + " belong to different networks");
    } else {
      const json* gateway = w.find(ctx.scope(), kind::internet_gateway, gateway_id);
      if (!gateway) throw ApiError::client("InvalidGatewayID.NotFound", "The gateway ID '" + gateway_id + "' does not exist");
      if (attached_vpc(*gateway) != vpc_id)
        throw ApiError::invalid_value("Route table " + id + " and gateway " + gateway_id + " belong to different networks");
    }
    // A subnet or gateway has one explicit table.
    for (const auto& [other, t] : w.all(ctx.scope(), kind::route_table))
      for (const auto& a : t.at("Associations"))
        if (a.value(member, "") == target) {
          if (other == id) return json{{"AssociationId", a.at("RouteTableAssociationId")}, {"AssociationState", association_state()}};
          throw ApiError::client("Resource.AlreadyAssociated", "the specified association for route table " + id +
                                                                   " conflicts with an existing association");
        }
    const std::string association_id = new_id("rtbassoc");
    table["Associations"].push_back({{"Main", false}, {"RouteTableAssociationId", association_id}, {"RouteTableId", id},
                                     {member, target}, {"AssociationState", association_state()}});
    w.put(ctx.scope(), kind::route_table, id, std::move(table));
    return json{{"AssociationId", association_id}, {"AssociationState", association_state()}};
  });
}

json disassociate_route_table(const RequestContext& ctx, const json& input) {
  const std::string association_id = input.at("AssociationId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    const auto [table_id, index] = find_association(ctx, w, association_id);
    json table = *w.find(ctx.scope(), kind::route_table, table_id);
    if (table.at("Associations").at(index).value("Main", false))
      throw ApiError::invalid_value("cannot disassociate the main route table association " + association_id);
    table["Associations"].erase(index);
    w.put(ctx.scope(), kind::route_table, table_id, std::move(table));
  });
  return json::object();
}

json replace_route_table_association(const RequestContext& ctx, const json& input) {
  const std::string association_id = input.at("AssociationId").get<std::string>();
  const std::string new_table_id = input.at("RouteTableId").get<std::string>();
  return ctx.store.write([&](store::Writer& w) {
    const auto [old_table_id, index] = find_association(ctx, w, association_id);
    json old_table = *w.find(ctx.scope(), kind::route_table, old_table_id);
    json new_table = find_table(ctx, w, new_table_id);
    if (new_table.at("VpcId") != old_table.at("VpcId"))
      throw ApiError::invalid_value("Route table " + new_table_id + " is not in the association's network " +
                                    old_table.at("VpcId").get<std::string>());
    json association = old_table["Associations"].at(index);
    const std::string fresh_id = new_id("rtbassoc");
    association["RouteTableAssociationId"] = fresh_id;
    association["RouteTableId"] = new_table_id;
    if (old_table_id == new_table_id) {
      old_table["Associations"][index] = std::move(association);
      w.put(ctx.scope(), kind::route_table, old_table_id, std::move(old_table));
    } else {
      old_table["Associations"].erase(index);
      new_table["Associations"].push_back(std::move(association));
      w.put(ctx.scope(), kind::route_table, old_table_id, std::move(old_table));
      w.put(ctx.scope(), kind::route_table, new_table_id, std::move(new_table));
    }
    return json{{"NewAssociationId", fresh_id}, {"AssociationState", association_state()}};
  });
}

}  // namespace ec2sim::sim
