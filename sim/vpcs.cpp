// The network an instance lives in: DescribeVpcs, DescribeSubnets,
// DescribeInternetGateways, DescribeRouteTables (over the default network and any the
// account creates).
#include <algorithm>

#include "sim/default_network.hpp"
#include "sim/describe.hpp"
#include "sim/errors.hpp"
#include "sim/quotas.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/ipv6_cidrs.hpp"
#include "sim/network_acls.hpp"
#include "sim/network_interfaces.hpp"
#include "sim/resource_ids.hpp"
#include "sim/subnet_cidr_reservations.hpp"
#include "sim/tags.hpp"
#include "sim/handlers.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/vpc_blocks.hpp"
#include "sim/route_tables.hpp"
#include "sim/records.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

const FilterTable& vpc_filters() {
  static const FilterTable table{{
                                     {"cidr", Path::path("CidrBlock")},
                                     {"cidr-block-association.cidr-block", Path::path("CidrBlockAssociationSet.CidrBlock")},
                                     {"cidr-block-association.association-id", Path::path("CidrBlockAssociationSet.AssociationId")},
                                     {"cidr-block-association.state", Path::path("CidrBlockAssociationSet.CidrBlockState.State")},
                                     {"dhcp-options-id", Path::path("DhcpOptionsId")},
                                     {"ipv6-cidr-block-association.ipv6-cidr-block", Path::path("Ipv6CidrBlockAssociationSet.Ipv6CidrBlock")},
                                     {"ipv6-cidr-block-association.ipv6-pool", Path::path("Ipv6CidrBlockAssociationSet.Ipv6Pool")},
                                     {"ipv6-cidr-block-association.association-id", Path::path("Ipv6CidrBlockAssociationSet.AssociationId")},
                                     {"ipv6-cidr-block-association.state", Path::path("Ipv6CidrBlockAssociationSet.Ipv6CidrBlockState.State")},
                                     {"is-default", Path::path("IsDefault")},
                                     {"isDefault", Path::path("IsDefault")},
                                     {"owner-id", Path::path("OwnerId")},
                                     {"state", Path::path("State")},
                                     {"vpc-id", Path::path("VpcId")},
                                 },
                                 true};
  return table;
}

const FilterTable& subnet_filters() {
  static const FilterTable table{{
                                     {"availability-zone", Path::path("AvailabilityZone")},
                                     {"availabilityZone", Path::path("AvailabilityZone")},
                                     {"availability-zone-id", Path::path("AvailabilityZoneId")},
                                     {"available-ip-address-count", Path::path("AvailableIpAddressCount")},
                                     {"cidr-block", Path::path("CidrBlock")},
                                     {"cidr", Path::path("CidrBlock")},
                                     {"cidrBlock", Path::path("CidrBlock")},
                                     {"default-for-az", Path::path("DefaultForAz")},
                                     {"defaultForAz", Path::path("DefaultForAz")},
                                     {"assign-ipv6-address-on-creation", Path::path("AssignIpv6AddressOnCreation")},
                                     {"enable-dns64", Path::path("EnableDns64")},
                                     {"ipv6-cidr-block-association.ipv6-cidr-block", Path::path("Ipv6CidrBlockAssociationSet.Ipv6CidrBlock")},
                                     {"ipv6-cidr-block-association.association-id", Path::path("Ipv6CidrBlockAssociationSet.AssociationId")},
                                     {"ipv6-cidr-block-association.state", Path::path("Ipv6CidrBlockAssociationSet.Ipv6CidrBlockState.State")},
                                     {"ipv6-native", Path::path("Ipv6Native")},
                                     {"map-public-ip-on-launch", Path::path("MapPublicIpOnLaunch")},
                                     {"owner-id", Path::path("OwnerId")},
                                     {"state", Path::path("State")},
                                     {"subnet-arn", Path::path("SubnetArn")},
                                     {"subnet-id", Path::path("SubnetId")},
                                     {"vpc-id", Path::path("VpcId")},
                                 },
                                 true};
  return table;
}

const FilterTable& internet_gateway_filters() {
  static const FilterTable table{{
                                     {"attachment.state", Path::path("Attachments.State")},
                                     {"attachment.vpc-id", Path::path("Attachments.VpcId")},
                                     {"internet-gateway-id", Path::path("InternetGatewayId")},
                                     {"owner-id", Path::path("OwnerId")},
                                 },
                                 true};
  return table;
}

const FilterTable& route_table_filters() {
  static const FilterTable table{{
                                     {"association.gateway-id", Path::path("Associations.GatewayId")},
                                     {"association.main", Path::path("Associations.Main")},
                                     {"association.route-table-id", Path::path("Associations.RouteTableId")},
                                     {"association.association-state", Path::path("Associations.AssociationState.State")},
                                     {"association.route-table-association-id", Path::path("Associations.RouteTableAssociationId")},
                                     {"association.subnet-id", Path::path("Associations.SubnetId")},
                                     {"owner-id", Path::path("OwnerId")},
                                     {"route-table-id", Path::path("RouteTableId")},
                                     {"route.destination-cidr-block", Path::path("Routes.DestinationCidrBlock")},
                                     {"route.destination-ipv6-cidr-block", Path::path("Routes.DestinationIpv6CidrBlock")},
                                     {"route.destination-prefix-list-id", Path::path("Routes.DestinationPrefixListId")},
                                     {"route.gateway-id", Path::path("Routes.GatewayId")},
                                     {"route.instance-id", Path::path("Routes.InstanceId")},
                                     {"route.nat-gateway-id", Path::path("Routes.NatGatewayId")},
                                     {"route.origin", Path::path("Routes.Origin")},
                                     {"route.state", Path::path("Routes.State")},
                                     {"vpc-id", Path::path("VpcId")},
                                 },
                                 true};
  return table;
}

}  // namespace

json describe_vpcs(const RequestContext& ctx, const json& input) {
  return describe_resources(ctx, input, {kind::vpc, "VpcIds", "InvalidVpcID.NotFound", "vpc ID", "vpc IDs", vpc_filters(), "Vpcs"});
}

json describe_subnets(const RequestContext& ctx, const json& input) {
  return describe_resources(ctx, input,
                            {kind::subnet, "SubnetIds", "InvalidSubnetID.NotFound", "subnet ID", "subnet IDs", subnet_filters(), "Subnets"});
}

json describe_internet_gateways(const RequestContext& ctx, const json& input) {
  return describe_resources(ctx, input,
                            {kind::internet_gateway, "InternetGatewayIds", "InvalidInternetGatewayID.NotFound",
                             "internet gateway ID", "internet gateway IDs", internet_gateway_filters(), "InternetGateways"});
}

json describe_route_tables(const RequestContext& ctx, const json& input) {
  return describe_resources(ctx, input,
                            {kind::route_table, "RouteTableIds", "InvalidRouteTableID.NotFound", "route table ID", "route table IDs",
                             route_table_filters(), "RouteTables"});
}

}  // namespace ec2sim::sim

namespace ec2sim::sim {
namespace {

bool has_live_instances(const store::Reader& w, const RequestContext& ctx, const char* field, const std::string& id) {
  for (const auto& [iid, i] : w.all(ctx.scope(), kind::instance))
    if (i.value(field, "") == id && InstanceRecord(i).state() != "terminated") return true;
  return false;
}

// A subnet's IPv6 block: /44 to /64 in steps of 4, inside one of the VPC's blocks, apart
// from the other subnets' blocks.
void check_subnet_ipv6_block(const store::Reader& w, const RequestContext& ctx, const json& vpc, const std::string& block) {
  const int bits = ipv6_prefix_length(block);
  if (bits < 44 || bits > 64 || bits % 4 != 0 || !ipv6_cidr_is_network(block))
    throw ApiError::invalid_value("invalid value for parameter ipv6-cidr-block: " + block);
  bool inside = false;
  for (const auto& a : vpc.value("Ipv6CidrBlockAssociationSet", json::array()))
    inside = inside || ipv6_cidr_within(block, a.at("Ipv6CidrBlock").get<std::string>());
  if (!inside) throw ApiError::client("InvalidSubnet.Range", "The IPv6 CIDR '" + block + "' is invalid.");
  for (const auto& [id, s] : w.all(ctx.scope(), kind::subnet))
    for (const auto& a : s.value("Ipv6CidrBlockAssociationSet", json::array()))
      if (s.at("VpcId") == vpc.at("VpcId") && ipv6_cidrs_overlap(a.at("Ipv6CidrBlock").get<std::string>(), block))
        throw ApiError::client("InvalidSubnet.Conflict", "The IPv6 CIDR '" + block + "' conflicts with another subnet");
}

// A subnet's IPv6 block as DescribeSubnets shows it, associated.
json subnet_ipv6_association(const std::string& block) {
  return {{"AssociationId", new_id("subnet-cidr-assoc")}, {"Ipv6CidrBlock", block},
          {"Ipv6CidrBlockState", {{"State", "associated"}}}, {"Ipv6AddressAttribute", "public"}, {"IpSource", "amazon"}};
}

}  // namespace

json create_vpc(const RequestContext& ctx, const json& input) {
  const std::string cidr = input.value("CidrBlock", "");
  if (cidr.empty()) throw ApiError::missing_parameter("Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.");
  check_block(cidr, "InvalidVpc.Range");
  json tags = tags_for(input, "vpc");
  if (input.contains("Ipv6CidrBlock") || input.contains("Ipv6Pool") || input.contains("Ipv6IpamPoolId"))
    throw ApiError::client("UnsupportedOperation", "ec2sim gives VPCs Amazon-provided IPv6 blocks only (AmazonProvidedIpv6CidrBlock).");
  const bool ipv6 = input.value("AmazonProvidedIpv6CidrBlock", false);
  return ctx.store.write([&](store::Writer& w) {
    // The default VPC counts, as on AWS.
    require_within(ctx.settings.quotas, "vpcs", static_cast<std::int64_t>(w.all(ctx.scope(), kind::vpc).size()), 1,
                   "VpcLimitExceeded", "The maximum number of VPCs has been reached.");
    const std::string vpc_id = new_id("vpc");
    json vpc = vpc_document(w, ctx, vpc_id, cidr, input.value("InstanceTenancy", "default"), false, tags);
    if (ipv6) vpc["Ipv6CidrBlockAssociationSet"] = json::array({amazon_ipv6_association(ctx, input)});
    w.put(ctx.scope(), kind::vpc, vpc_id, vpc);
    create_default_network_acl(w, ctx, vpc);
    json rtb = main_route_table(ctx, vpc);
    w.put(ctx.scope(), kind::route_table, rtb.at("RouteTableId").get<std::string>(), rtb);
    json sg = default_security_group(ctx, vpc_id, ipv6);
    w.put(ctx.scope(), kind::security_group, sg.at("GroupId").get<std::string>(), sg);
    vpc["State"] = "pending";  // as the create call reports it; it is available at once
    if (ipv6) vpc["Ipv6CidrBlockAssociationSet"] = as_associating(vpc["Ipv6CidrBlockAssociationSet"], "Ipv6CidrBlockState");
    return json{{"Vpc", vpc}};
  });
}

json create_default_vpc(const RequestContext& ctx, const json&) {
  return ctx.store.write([&](store::Writer& w) {
    for (const auto& [id, vpc] : w.all(ctx.scope(), kind::vpc))
      if (vpc.value("IsDefault", false))
        throw ApiError::client("DefaultVpcAlreadyExists", "A Default VPC already exists for this account in this region.");
    return json{{"Vpc", create_default_vpc_in(ctx, w)}};
  });
}

json delete_vpc(const RequestContext& ctx, const json& input) {
  const std::string vpc_id = input.at("VpcId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    find_vpc(ctx, w, vpc_id);  // it must exist
    auto dependency = [&] {
      return ApiError::client("DependencyViolation", "The vpc '" + vpc_id + "' has dependencies and cannot be deleted.");
    };
    for (const auto& [id, s] : w.all(ctx.scope(), kind::subnet))
      if (s.at("VpcId") == vpc_id) throw dependency();
    for (const auto* gateways : {&kind::internet_gateway, &kind::egress_only_internet_gateway})
      for (const auto& [id, g] : w.all(ctx.scope(), *gateways))
        for (const auto& a : g.at("Attachments"))
          if (a.at("VpcId") == vpc_id) throw dependency();
    for (const auto& [id, g] : w.all(ctx.scope(), kind::security_group))
      if (g.at("VpcId") == vpc_id && g.at("GroupName") != "default") throw dependency();
    for (const auto& [id, r] : w.all(ctx.scope(), kind::route_table)) {  // only the main table goes with the VPC
      const auto& associations = r.at("Associations");
      const bool main = std::any_of(associations.begin(), associations.end(), [](const json& a) { return a.value("Main", false); });
      if (r.at("VpcId") == vpc_id && !main) throw dependency();
    }
    for (const auto& [id, acl] : w.all(ctx.scope(), kind::network_acl))
      if (acl.at("VpcId") == vpc_id && !acl.value("IsDefault", false)) throw dependency();
    for (const auto& [id, endpoint] : w.all(ctx.scope(), kind::vpc_endpoint))
      if (endpoint.at("VpcId") == vpc_id) throw dependency();
    if (has_live_instances(w, ctx, "VpcId", vpc_id)) throw dependency();
    // What goes with the VPC: its default security group, main route table and default ACL.
    std::vector<std::pair<std::string, std::string>> owned;
    for (const auto& [id, g] : w.all(ctx.scope(), kind::security_group))
      if (g.at("VpcId") == vpc_id) owned.emplace_back(kind::security_group, id);
    for (const auto& [id, r] : w.all(ctx.scope(), kind::route_table))
      if (r.at("VpcId") == vpc_id) owned.emplace_back(kind::route_table, id);
    for (const auto& [id, acl] : w.all(ctx.scope(), kind::network_acl))
      if (acl.at("VpcId") == vpc_id) owned.emplace_back(kind::network_acl, id);
    for (const auto& [type, id] : owned) w.erase(ctx.scope(), type, id);
    w.erase(ctx.scope(), kind::vpc, vpc_id);
  });
  return {{"Return", true}};
}

json create_subnet(const RequestContext& ctx, const json& input) {
  const std::string vpc_id = input.at("VpcId").get<std::string>();
  const std::string cidr = input.value("CidrBlock", "");
  const std::string asked_ipv6_block = input.value("Ipv6CidrBlock", "");
  const std::string ipv6_block = ipv6_canonical(asked_ipv6_block);  // stored and compared in one spelling
  if (!asked_ipv6_block.empty() && ipv6_block.empty())
    throw ApiError::invalid_value("invalid value for parameter ipv6-cidr-block: " + asked_ipv6_block);
  // An IPv6-only subnet takes an IPv6 block and no IPv4 one; any other, an IPv4 block.
  const bool ipv6_only = input.value("Ipv6Native", false);
  if (ipv6_only && ipv6_block.empty() && !input.contains("Ipv6IpamPoolId"))
    throw ApiError::missing_parameter("Either 'ipv6CidrBlock' or 'ipv6IpamPoolId' should be provided.");
  if (ipv6_only && (!cidr.empty() || input.contains("Ipv4IpamPoolId")))
    throw ApiError::invalid_combination(
        "When specifying ipv4 parameters, cidrBlock or ipv4IpamPoolId, you cannot set ipv6Native to true.");
  if (!ipv6_only && cidr.empty()) throw ApiError::missing_parameter("Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.");
  if (input.contains("Ipv4IpamPoolId") || input.contains("Ipv6IpamPoolId"))
    throw ApiError::client("UnsupportedOperation", "ec2sim has no IPAM pools: give the subnet its CIDR blocks.");
  json tags = tags_for(input, "subnet");
  const catalog::Zone* zone = nullptr;
  if (input.contains("AvailabilityZone")) {
    zone = ctx.region.find_zone(input.at("AvailabilityZone").get<std::string>());
    if (!zone) throw ApiError::invalid_value("Value (" + input.at("AvailabilityZone").get<std::string>() + ") for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: " + ctx.region.zones.front().name + ", ...");
  } else if (input.contains("AvailabilityZoneId")) {
    for (const auto& z : ctx.region.zones)
      if (z.id == input.at("AvailabilityZoneId")) zone = &z;
    if (!zone) throw ApiError::invalid_value("Invalid availability zone ID: [" + input.at("AvailabilityZoneId").get<std::string>() + "]");
  } else {
    zone = &ctx.region.zones.front();
  }
  return ctx.store.write([&](store::Writer& w) {
    const json* vpc = &find_vpc(ctx, w, vpc_id);
    if (!ipv6_only) {
      check_block(cidr, "InvalidSubnet.Range");
      if (!within_vpc_block(*vpc, cidr)) throw ApiError::client("InvalidSubnet.Range", "The CIDR '" + cidr + "' is invalid.");
    }
    if (!ipv6_block.empty()) check_subnet_ipv6_block(w, ctx, *vpc, ipv6_block);
    std::int64_t in_vpc = 0;
    for (const auto& [id, s] : w.all(ctx.scope(), kind::subnet)) {
      if (s.at("VpcId") != vpc_id) continue;
      ++in_vpc;
      if (!ipv6_only && s.contains("CidrBlock") && cidrs_overlap(s.at("CidrBlock").get<std::string>(), cidr))
        throw ApiError::client("InvalidSubnet.Conflict", "The CIDR '" + cidr + "' conflicts with another subnet");
    }
    require_within(ctx.settings.quotas, "subnets-per-vpc", in_vpc, 1, "SubnetLimitExceeded",
                   "The maximum number of subnets for VPC '" + vpc_id + "' has been reached.");
    json subnet = subnet_document(ctx, *zone, vpc_id, cidr, false, tags);  // cidr "" when IPv6-only
    if (!ipv6_block.empty())
      subnet["Ipv6CidrBlockAssociationSet"] = json::array(
          {subnet_ipv6_association(ipv6_block)});
    if (ipv6_only) {  // no IPv4 at all; instances there are named by resource, and get IPv6 addresses
      subnet["Ipv6Native"] = true;
      subnet["AssignIpv6AddressOnCreation"] = true;
      subnet["PrivateDnsNameOptionsOnLaunch"]["HostnameType"] = "resource-name";
    }
    w.put(ctx.scope(), kind::subnet, subnet.at("SubnetId").get<std::string>(), subnet);
    associate_default_network_acl(w, ctx, vpc_id, subnet.at("SubnetId").get<std::string>());
    if (!ipv6_block.empty())
      subnet["Ipv6CidrBlockAssociationSet"] = as_associating(subnet["Ipv6CidrBlockAssociationSet"], "Ipv6CidrBlockState");
    return json{{"Subnet", subnet}};
  });
}

// An IPv6 block for a subnet that has none (one a subnet), inside its VPC's, apart from
// the other subnets' (Terraform's aws_subnet ipv6_cidr_block on update).
json associate_subnet_cidr_block(const RequestContext& ctx, const json& input) {
  const std::string subnet_id = input.at("SubnetId").get<std::string>();
  if (input.contains("Ipv6IpamPoolId") || input.contains("Ipv6NetmaskLength"))
    throw ApiError::client("UnsupportedOperation", "ec2sim has no IPAM pools: give the subnet its IPv6 block.");
  const std::string asked = input.value("Ipv6CidrBlock", "");
  if (asked.empty()) throw ApiError::missing_parameter("The request must contain the parameter ipv6CidrBlock");
  const std::string block = ipv6_canonical(asked);
  if (block.empty()) throw ApiError::invalid_value("invalid value for parameter ipv6-cidr-block: " + asked);
  return ctx.store.write([&](store::Writer& w) {
    const json* found = w.find(ctx.scope(), kind::subnet, subnet_id);
    if (!found) throw ApiError::client("InvalidSubnetID.NotFound", "The subnet ID '" + subnet_id + "' does not exist");
    json subnet = *found;
    for (const auto& a : subnet.value("Ipv6CidrBlockAssociationSet", json::array()))
      if (a.at("Ipv6CidrBlockState").at("State") == "associated")
        throw ApiError::client("InvalidParameterValue", "The subnet " + subnet_id + " already has an IPv6 CIDR block (" +
                                                           a.at("Ipv6CidrBlock").get<std::string>() + "): a subnet has one.");
    check_subnet_ipv6_block(w, ctx, find_vpc(ctx, w, subnet.at("VpcId").get<std::string>()), block);
    json association = subnet_ipv6_association(block);
    subnet["Ipv6CidrBlockAssociationSet"] = json::array({association});
    w.put(ctx.scope(), kind::subnet, subnet_id, std::move(subnet));
    return json{{"Ipv6CidrBlockAssociation", as_associating(json::array({association}), "Ipv6CidrBlockState").at(0)},
                {"SubnetId", subnet_id}};
  });
}

json disassociate_subnet_cidr_block(const RequestContext& ctx, const json& input) {
  const std::string association_id = input.at("AssociationId").get<std::string>();
  return ctx.store.write([&](store::Writer& w) {
    for (const auto& [id, found] : w.all(ctx.scope(), kind::subnet)) {
      const json blocks = found.value("Ipv6CidrBlockAssociationSet", json::array());
      auto it = std::find_if(blocks.begin(), blocks.end(), [&](const json& a) { return a.at("AssociationId") == association_id; });
      if (it == blocks.end()) continue;
      if (found.value("Ipv6Native", false))
        throw ApiError::client("OperationNotPermitted", "The IPv6 CIDR block of the IPv6-only subnet " + id + " cannot be disassociated.");
      json association = *it;
      json subnet = found;
      subnet["Ipv6CidrBlockAssociationSet"] = json::array();
      subnet["AssignIpv6AddressOnCreation"] = false;  // nothing left to assign from
      const std::string subnet_id = id;  // before the put below disturbs the walk
      w.put(ctx.scope(), kind::subnet, subnet_id, std::move(subnet));
      association["Ipv6CidrBlockState"]["State"] = "disassociating";
      return json{{"Ipv6CidrBlockAssociation", association}, {"SubnetId", subnet_id}};
    }
    throw ApiError::client("InvalidSubnetCidrBlockAssociationID.NotFound",
                           "The subnet CIDR block with association ID '" + association_id + "' does not exist");
  });
}

// A default subnet for one zone of the default VPC: the first free /20 of its block, public
// IPs on launch, as the default network's own subnets.
json create_default_subnet(const RequestContext& ctx, const json& input) {
  const std::string zone_name = input.at("AvailabilityZone").get<std::string>();
  const catalog::Zone* zone = ctx.region.find_zone(zone_name);
  if (!zone) throw ApiError::invalid_value("Value (" + zone_name + ") for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: " + ctx.region.zones.front().name + ", ...");
  if (input.value("Ipv6Native", false))
    throw ApiError::client("UnsupportedOperation", "ec2sim's default VPC has no IPv6 block: an IPv6-only default subnet needs one.");
  return ctx.store.write([&](store::Writer& w) {
    const std::string vpc_id = default_vpc_id(ctx.account_id, ctx.region.name);
    if (!w.find(ctx.scope(), kind::vpc, vpc_id))
      throw ApiError::client("DefaultVpcDoesNotExist", "No default VPC for this user. Create one with CreateDefaultVpc.");
    std::vector<std::string> taken;
    for (const auto& [id, subnet] : w.all(ctx.scope(), kind::subnet)) {
      if (subnet.at("VpcId") != vpc_id) continue;
      if (subnet.value("DefaultForAz", false) && subnet.at("AvailabilityZone") == zone->name)
        throw ApiError::client("DefaultSubnetAlreadyExistsInAvailabilityZone",
                               "Default subnet already exists in availability zone " + zone->name + " in VPC " + vpc_id + ".");
      if (subnet.contains("CidrBlock")) taken.push_back(subnet.at("CidrBlock").get<std::string>());
    }
    const std::string cidr = next_default_subnet_block(taken);
    if (cidr.empty())
      throw ApiError::client("InsufficientFreeAddressesInSubnet", "The default VPC " + vpc_id + " has no free /20 block for a default subnet.");
    json subnet = subnet_document(ctx, *zone, vpc_id, cidr, true, json::array());
    const std::string subnet_id = subnet.at("SubnetId").get<std::string>();
    w.put(ctx.scope(), kind::subnet, subnet_id, subnet);
    associate_default_network_acl(w, ctx, vpc_id, subnet_id);
    return json{{"Subnet", subnet}};
  });
}

json delete_subnet(const RequestContext& ctx, const json& input) {
  const std::string subnet_id = input.at("SubnetId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    if (!w.find(ctx.scope(), kind::subnet, subnet_id))
      throw ApiError::client("InvalidSubnetID.NotFound", "The subnet ID '" + subnet_id + "' does not exist");
    if (has_live_instances(w, ctx, "SubnetId", subnet_id) || subnet_has_interfaces(w, ctx, subnet_id))  // a NAT gateway's …
      throw ApiError::client("DependencyViolation", "The subnet '" + subnet_id + "' has dependencies and cannot be deleted.");
    w.erase(ctx.scope(), kind::subnet, subnet_id);
    drop_associations(w, ctx, "SubnetId", subnet_id);  // its route table and ACL associations go with it, as on AWS
    drop_network_acl_association(w, ctx, subnet_id);
    drop_subnet_cidr_reservations(w, ctx, subnet_id);
  });
  return json::object();
}

}  // namespace ec2sim::sim
