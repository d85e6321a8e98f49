// VPC endpoints to AWS's services in the Region: gateway endpoints (S3, DynamoDB) add a
// route to the service's prefix list in each route table they are associated with;
// interface endpoints put a requester-managed interface in each subnet (one a zone), with
// security groups and DNS names. Create, describe with AWS's filters, modify (tables,
// subnets, groups, policy, private DNS), delete; DescribeVpcEndpointServices lists the
// services. State only: an endpoint carries no traffic.
#include <algorithm>
#include <cctype>

#include "sim/client_tokens.hpp"
#include "sim/describe.hpp"
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/instance_census.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/network_interfaces.hpp"
#include "sim/pagination.hpp"
#include "sim/prefix_lists.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/tags.hpp"
#include "sim/time_format.hpp"
#include "sim/vpc_attributes.hpp"
#include "sim/vpc_blocks.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

const FilterTable& endpoint_filters() {
  static const FilterTable table{{
                                     {"ip-address-type", Path::path("IpAddressType")},
                                     {"service-name", Path::path("ServiceName")},
                                     {"vpc-id", Path::path("VpcId")},
                                     {"vpc-endpoint-id", Path::path("VpcEndpointId")},
                                     {"vpc-endpoint-state", Path::path("State")},
                                     {"vpc-endpoint-type", Path::path("VpcEndpointType")},
                                 },
                                 true};
  return table;
}

// AWS's services an endpoint may reach, by the part of the name after the Region.
struct Service {
  std::string_view name;
  bool gateway;    // S3 and DynamoDB offer gateway endpoints
  bool interface;  // and most services interface ones
};
constexpr Service kServices[] = {
    {"dynamodb", true, false}, {"ec2", false, true},       {"ec2messages", false, true}, {"ecr.api", false, true},
    {"ecr.dkr", false, true},  {"elasticloadbalancing", false, true}, {"kms", false, true}, {"lambda", false, true},
    {"logs", false, true},     {"monitoring", false, true}, {"s3", true, true},          {"secretsmanager", false, true},
    {"sns", false, true},      {"sqs", false, true},        {"ssm", false, true},         {"ssmmessages", false, true},
    {"sts", false, true},
};

std::string service_name(const RequestContext& ctx, const Service& s) {
  return "com.amazonaws." + ctx.region.name + "." + std::string(s.name);
}

const Service& find_service(const RequestContext& ctx, const std::string& name) {
  for (const auto& s : kServices)
    if (service_name(ctx, s) == name) return s;
  throw ApiError::client("InvalidServiceName", "The Vpc Endpoint Service '" + name + "' does not exist");
}

std::string default_policy() {
  return R"({"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]})";
}

json find_endpoint(const RequestContext& ctx, const store::Reader& r, const std::string& id) {
  if (!is_id(id, "vpce")) throw ApiError::client("InvalidVpcEndpointId.Malformed", "The Vpc Endpoint Id '" + id + "' is malformed");
  const json* endpoint = r.find(ctx.scope(), kind::vpc_endpoint, id);
  if (!endpoint) throw ApiError::client("InvalidVpcEndpointId.NotFound", "The Vpc Endpoint Id '" + id + "' does not exist");
  return *endpoint;
}

// A gateway endpoint's route in `table_id`: to the service's prefix list, through it.
void add_route(store::Writer& w, const RequestContext& ctx, const json& endpoint, const std::string& table_id) {
  const json* found = w.find(ctx.scope(), kind::route_table, table_id);
  if (!found) throw ApiError::client("InvalidRouteTableID.NotFound", "The routeTable ID '" + table_id + "' does not exist");
  if (found->at("VpcId") != endpoint.at("VpcId"))
    throw ApiError::invalid_value("The route table " + table_id + " is not in the endpoint's VPC " + endpoint.at("VpcId").get<std::string>() + ".");
  json table = *found;
  const std::string prefix_list = aws_prefix_list_id(ctx, endpoint.at("ServiceName").get<std::string>());
  for (const auto& route : table.at("Routes"))
    if (route.value("DestinationPrefixListId", "") == prefix_list)
      throw ApiError::client("RouteAlreadyExists", "route table " + table_id + " already has a route with destination-prefix-list-id " + prefix_list);
  table["Routes"].push_back({{"DestinationPrefixListId", prefix_list}, {"GatewayId", endpoint.at("VpcEndpointId")},
                             {"Origin", "CreateRoute"}, {"State", "active"}});
  w.put(ctx.scope(), kind::route_table, table_id, std::move(table));
}

void remove_route(store::Writer& w, const RequestContext& ctx, const json& endpoint, const std::string& table_id) {
  const json* found = w.find(ctx.scope(), kind::route_table, table_id);
  if (!found) return;
  json table = *found;
  auto& routes = table.at("Routes");
  routes.erase(std::remove_if(routes.begin(), routes.end(), [&](const json& r) { return r.value("GatewayId", "") == endpoint.at("VpcEndpointId"); }),
               routes.end());
  w.put(ctx.scope(), kind::route_table, table_id, std::move(table));
}

// An interface endpoint's interface in `subnet_id` (one a zone); returns its id.
std::string add_interface(store::Writer& w, const RequestContext& ctx, json& endpoint, const std::string& subnet_id) {
  const json* subnet = w.find(ctx.scope(), kind::subnet, subnet_id);
  if (!subnet) throw ApiError::client("InvalidSubnetID.NotFound", "The subnet ID '" + subnet_id + "' does not exist");
  if (subnet->at("VpcId") != endpoint.at("VpcId"))
    throw ApiError::invalid_value("The subnet " + subnet_id + " is not in the endpoint's VPC " + endpoint.at("VpcId").get<std::string>() + ".");
  for (const auto& other : endpoint.at("SubnetIds"))
    if (const json* s = w.find(ctx.scope(), kind::subnet, other.get<std::string>()); s && s->at("AvailabilityZone") == subnet->at("AvailabilityZone"))
      throw ApiError::client("DuplicateSubnetsInSameZone", "Found another VPC endpoint subnet in the availability zone of " + subnet_id +
                                                                ". VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service.");
  if (!subnet->contains("CidrBlock"))
    throw ApiError::client("UnsupportedOperation", "Subnet " + subnet_id + " is IPv6-only: ec2sim gives endpoint interfaces IPv4 addresses only.");
  UsedAddresses used = instance_census(w, ctx).used_addresses[subnet_id];  // a copy: the census follows the table
  const std::string ip = next_private_ip(subnet->at("CidrBlock").get<std::string>(), used);
  const std::string eni = create_service_interface(w, ctx, *subnet, ip, "VPC Endpoint Interface " + endpoint.at("VpcEndpointId").get<std::string>(),
                                                   "vpc_endpoint");
  json interface = *stored_interface(w, ctx, eni);
  interface["Groups"] = endpoint.at("Groups");
  w.put(ctx.scope(), kind::network_interface, eni, std::move(interface));
  endpoint["SubnetIds"].push_back(subnet_id);
  endpoint["NetworkInterfaceIds"].push_back(eni);
  return eni;
}

void remove_interface(store::Writer& w, const RequestContext& ctx, json& endpoint, const std::string& subnet_id) {
  auto& subnets = endpoint.at("SubnetIds");
  if (std::find(subnets.begin(), subnets.end(), subnet_id) == subnets.end())
    throw ApiError::invalid_value("The subnet " + subnet_id + " is not one of the endpoint's.");
  auto& interfaces = endpoint.at("NetworkInterfaceIds");
  for (std::size_t i = 0; i < interfaces.size(); ++i) {
    const json* eni = stored_interface(w, ctx, interfaces[i].get<std::string>());
    if (!eni || eni->at("SubnetId") != subnet_id) continue;
    w.erase(ctx.scope(), kind::network_interface, interfaces[i].get<std::string>());
    interfaces.erase(i);
    break;
  }
  subnets.erase(std::remove(subnets.begin(), subnets.end(), subnet_id), subnets.end());
}

// The groups an interface endpoint's interfaces carry, as DescribeVpcEndpoints shows them.
json groups_of(const RequestContext& ctx, const store::Reader& r, const json& ids, const json& vpc) {
  json groups = json::array();
  for (const json* g : interface_groups(ctx, r, ids, json::array(), vpc))
    groups.push_back({{"GroupId", g->at("GroupId")}, {"GroupName", g->at("GroupName")}});
  return groups;
}

// The endpoint's interfaces carry its groups.
void regroup_interfaces(store::Writer& w, const RequestContext& ctx, const json& endpoint) {
  for (const auto& id : endpoint.at("NetworkInterfaceIds"))
    if (const json* eni = stored_interface(w, ctx, id.get<std::string>())) {
      json updated = *eni;
      updated["Groups"] = endpoint.at("Groups");
      w.put(ctx.scope(), kind::network_interface, id.get<std::string>(), std::move(updated));
    }
}

// A Route 53 hosted zone id (Z and 12 more characters), stable for `seed`.
std::string hosted_zone(std::string_view seed) {
  std::string zone = catalog::stable_id("z", seed).substr(2, 12);
  for (auto& c : zone) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return zone.insert(0, 1, 'Z');
}

// The endpoint's own DNS name (vpce-….<service>.<region>.vpce.amazonaws.com) and, with
// private DNS, the service's usual name.
json dns_entries(const RequestContext& ctx, const json& endpoint) {
  const std::string id = endpoint.at("VpcEndpointId").get<std::string>();
  const std::string& name = endpoint.at("ServiceName").get_ref<const std::string&>();
  const std::string service = name.substr(name.rfind(ctx.region.name) + ctx.region.name.size() + 1);
  const std::string suffix = "." + service + "." + ctx.region.name;
  json entries = json::array({{{"DnsName", id + suffix + ".vpce.amazonaws.com"}, {"HostedZoneId", hosted_zone(ctx.region.name)}}});
  if (endpoint.value("PrivateDnsEnabled", false))
    entries.push_back({{"DnsName", suffix.substr(1) + ".amazonaws.com"}, {"HostedZoneId", hosted_zone(id)}});
  return entries;
}

void check_private_dns(const json& vpc, bool enabled) {
  if (!enabled) return;
  if (!vpc_attribute(vpc, "EnableDnsSupport") || !vpc_attribute(vpc, "EnableDnsHostnames"))
    throw ApiError::invalid_value("Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for " +
                                  vpc.at("VpcId").get<std::string>());
}

}  // namespace

json create_vpc_endpoint(const RequestContext& ctx, const json& input) {
  const std::string type = input.value("VpcEndpointType", "Gateway");
  if (type != "Gateway" && type != "Interface")
    throw ApiError::client("UnsupportedOperation", "ec2sim has gateway and interface endpoints to AWS's services; '" + type + "' is not simulated.");
  json tags = tags_for(input, "vpc-endpoint");
  return ctx.store.write([&](store::Writer& w) {
    json out;
    if (input.contains("ClientToken")) out["ClientToken"] = input.at("ClientToken");
    if (const json* made = replayed_resource(w, ctx, "CreateVpcEndpoint", input, kind::vpc_endpoint, "VpcEndpointId")) {
      out["VpcEndpoint"] = *made;
      return out;
    }
    const json& vpc = find_vpc(ctx, w, input.at("VpcId").get<std::string>());
    const Service& service = find_service(ctx, input.at("ServiceName").get<std::string>());
    if ((type == "Gateway" && !service.gateway) || (type == "Interface" && !service.interface))
      throw ApiError::client("InvalidParameter", "The service " + input.at("ServiceName").get<std::string>() + " does not offer " + type +
                                                    " endpoints.");
    const bool interface = type == "Interface";
    if (!interface && (input.contains("SubnetIds") || input.contains("SecurityGroupIds")))
      throw ApiError::invalid_combination("Subnets and security groups are for interface endpoints; a gateway endpoint takes route tables.");
    if (interface && input.contains("RouteTableIds"))
      throw ApiError::invalid_combination("Route tables are for gateway endpoints; an interface endpoint takes subnets.");
    const bool private_dns = interface && input.value("PrivateDnsEnabled", true);
    check_private_dns(vpc, private_dns);
    const std::string id = new_id("vpce");
    json endpoint = {{"_Id", id},
                     {"VpcEndpointId", id},
                     {"VpcEndpointType", type},
                     {"VpcId", vpc.at("VpcId")},
                     {"ServiceName", input.at("ServiceName")},
                     {"State", "available"},
                     {"PolicyDocument", input.value("PolicyDocument", default_policy())},
                     {"RouteTableIds", json::array()},
                     {"SubnetIds", json::array()},
                     {"Groups", interface ? groups_of(ctx, w, input.value("SecurityGroupIds", json::array()), vpc) : json::array()},
                     {"IpAddressType", "ipv4"},
                     {"DnsOptions", {{"DnsRecordIpType", "ipv4"}}},
                     {"PrivateDnsEnabled", private_dns},
                     {"RequesterManaged", false},
                     {"NetworkInterfaceIds", json::array()},
                     {"DnsEntries", json::array()},
                     {"CreationTimestamp", format_iso8601(ctx.now)},
                     {"Tags", std::move(tags)},
                     {"OwnerId", ctx.account_id}};
    if (!interface) endpoint.erase("DnsOptions");
    for (const auto& table : input.value("RouteTableIds", json::array())) {
      add_route(w, ctx, endpoint, table.get<std::string>());
      endpoint["RouteTableIds"].push_back(table);
    }
    for (const auto& subnet : input.value("SubnetIds", json::array())) add_interface(w, ctx, endpoint, subnet.get<std::string>());
    if (interface) endpoint["DnsEntries"] = dns_entries(ctx, endpoint);
    w.put(ctx.scope(), kind::vpc_endpoint, id, endpoint);
    remember_call(w, ctx, "CreateVpcEndpoint", input, {{"VpcEndpointId", id}});
    if (interface) endpoint["State"] = "pending";  // as the create call reports it; available at once
    endpoint.erase("_Id");
    out["VpcEndpoint"] = std::move(endpoint);
    return out;
  });
}

json describe_vpc_endpoints(const RequestContext& ctx, const json& input) {
  return describe_resources(ctx, input,
                            {kind::vpc_endpoint, "VpcEndpointIds", "InvalidVpcEndpointId.NotFound", "Vpc Endpoint Id",
                             "Vpc Endpoint Ids", endpoint_filters(), "VpcEndpoints"});
}

json modify_vpc_endpoint(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("VpcEndpointId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    json endpoint = find_endpoint(ctx, w, id);
    const bool interface = endpoint.at("VpcEndpointType") == "Interface";
    if (!interface && (input.contains("AddSubnetIds") || input.contains("AddSecurityGroupIds")))
      throw ApiError::invalid_combination("Subnets and security groups are for interface endpoints.");
    if (interface && input.contains("AddRouteTableIds"))
      throw ApiError::invalid_combination("Route tables are for gateway endpoints.");
    for (const auto& table : input.value("AddRouteTableIds", json::array())) {
      add_route(w, ctx, endpoint, table.get<std::string>());
      endpoint["RouteTableIds"].push_back(table);
    }
    for (const auto& table : input.value("RemoveRouteTableIds", json::array())) {
      remove_route(w, ctx, endpoint, table.get<std::string>());
      auto& tables = endpoint["RouteTableIds"];
      tables.erase(std::remove(tables.begin(), tables.end(), table), tables.end());
    }
    for (const auto& subnet : input.value("RemoveSubnetIds", json::array())) remove_interface(w, ctx, endpoint, subnet.get<std::string>());
    for (const auto& subnet : input.value("AddSubnetIds", json::array())) add_interface(w, ctx, endpoint, subnet.get<std::string>());
    if (input.contains("AddSecurityGroupIds") || input.contains("RemoveSecurityGroupIds")) {
      const json& vpc = find_vpc(ctx, w, endpoint.at("VpcId").get<std::string>());
      json groups = endpoint.at("Groups");
      if (const json added = input.value("AddSecurityGroupIds", json::array()); !added.empty())
        for (const auto& g : groups_of(ctx, w, added, vpc))
          if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
      const json removed = input.value("RemoveSecurityGroupIds", json::array());
      groups.erase(std::remove_if(groups.begin(), groups.end(),
                                  [&](const json& g) { return std::find(removed.begin(), removed.end(), g.at("GroupId")) != removed.end(); }),
                   groups.end());
      if (groups.empty()) throw ApiError::invalid_value("An interface endpoint keeps at least one security group.");
      endpoint["Groups"] = std::move(groups);
      regroup_interfaces(w, ctx, endpoint);
    }
    if (input.value("ResetPolicy", false)) endpoint["PolicyDocument"] = default_policy();
    if (input.contains("PolicyDocument")) endpoint["PolicyDocument"] = input.at("PolicyDocument");
    if (input.contains("PrivateDnsEnabled")) {
      if (!interface) throw ApiError::invalid_value("Private DNS is for interface endpoints.");
      check_private_dns(find_vpc(ctx, w, endpoint.at("VpcId").get<std::string>()), input.at("PrivateDnsEnabled").get<bool>());
      endpoint["PrivateDnsEnabled"] = input.at("PrivateDnsEnabled");
    }
    if (interface) endpoint["DnsEntries"] = dns_entries(ctx, endpoint);
    w.put(ctx.scope(), kind::vpc_endpoint, id, std::move(endpoint));
  });
  return {{"Return", true}};
}

json delete_vpc_endpoints(const RequestContext& ctx, const json& input) {
  return ctx.store.write([&](store::Writer& w) {
    json unsuccessful = json::array();
    for (const auto& id_json : input.at("VpcEndpointIds")) {
      const std::string id = id_json.get<std::string>();
      const json* found = w.find(ctx.scope(), kind::vpc_endpoint, id);
      if (!found) {
        unsuccessful.push_back({{"Error", {{"Code", "InvalidVpcEndpoint.NotFound"}, {"Message", "The Vpc Endpoint Id '" + id + "' does not exist"}}},
                                {"ResourceId", id}});
        continue;
      }
      json endpoint = *found;
      for (const auto& table : endpoint.at("RouteTableIds")) remove_route(w, ctx, endpoint, table.get<std::string>());
      for (const auto& eni : endpoint.at("NetworkInterfaceIds")) w.erase(ctx.scope(), kind::network_interface, eni.get<std::string>());
      w.erase(ctx.scope(), kind::vpc_endpoint, id);
    }
    return json{{"Unsuccessful", unsuccessful}};
  });
}

json describe_vpc_endpoint_services(const RequestContext& ctx, const json& input) {
  static const FilterTable kFilters{{{"service-name", Path::path("ServiceName")},
                                     {"service-type", Path::path("ServiceType.ServiceType")},
                                     {"service-region", Path::path("_Region")},
                                     {"owner", Path::path("Owner")}},
                                    true};
  const auto filters = filters_from_request(input);
  kFilters.validate(filters);
  const json asked = input.value("ServiceNames", json::array());
  json names = json::array(), details = json::array();
  std::vector<std::string> zones;
  for (const auto& z : ctx.region.zones) zones.push_back(z.name);
  for (const auto& s : kServices) {
    const std::string name = service_name(ctx, s);
    if (!asked.empty() && std::find(asked.begin(), asked.end(), name) == asked.end()) continue;
    json types = json::array();
    if (s.interface) types.push_back({{"ServiceType", "Interface"}});
    if (s.gateway) types.push_back({{"ServiceType", "Gateway"}});
    for (const auto& t : types) {  // AWS lists a service once for each kind of endpoint
      json detail = {{"ServiceName", name}, {"ServiceId", "vpce-svc-" + catalog::stable_id("svc", name + t.dump()).substr(4, 17)},
                     {"ServiceType", json::array({t})}, {"AvailabilityZones", zones}, {"Owner", "amazon"},
                     {"BaseEndpointDnsNames", json::array({std::string(s.name) + "." + ctx.region.name + ".vpce.amazonaws.com"})},
                     {"VpcEndpointPolicySupported", true}, {"AcceptanceRequired", false}, {"ManagesVpcEndpoints", false},
                     {"SupportedIpAddressTypes", json::array({"ipv4"})}, {"Tags", json::array()}};
      if (t.at("ServiceType") == "Interface") detail["PrivateDnsName"] = std::string(s.name) + "." + ctx.region.name + ".amazonaws.com";
      detail["_Region"] = ctx.region.name;
      if (!kFilters.matches(filters, detail)) continue;
      details.push_back(std::move(detail));
      if (names.empty() || names.back() != name) names.push_back(name);
    }
  }
  for (const auto& a : asked)
    if (std::none_of(std::begin(kServices), std::end(kServices), [&](const Service& s) { return service_name(ctx, s) == a; }))
      throw ApiError::client("InvalidServiceName", "The Vpc Endpoint Service '" + a.get<std::string>() + "' does not exist");
  return {{"ServiceNames", names}, {"ServiceDetails", details}};
}

}  // namespace ec2sim::sim
