#include "sim/default_network.hpp"

#include <algorithm>

#include "sim/dhcp_options.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/network_acls.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

// Marks that a scope's default network was created, so that it is created only once.
constexpr std::string_view kSetupType = "network-setup";
constexpr std::string_view kSetupId = "default";

}  // namespace

json allow_all_outbound(bool ipv6) {
  return {{"SecurityGroupRuleId", new_id("sgr")}, {"IsEgress", true}, {"IpProtocol", "-1"},
          {"FromPort", -1}, {"ToPort", -1}, {ipv6 ? "CidrIpv6" : "CidrIpv4", ipv6 ? "::/0" : "0.0.0.0/0"}};
}

std::string next_default_subnet_block(const std::vector<std::string>& taken) {
  for (int third = 0; third < 256; third += 16) {
    const std::string candidate = "172.31." + std::to_string(third) + ".0/20";
    if (std::none_of(taken.begin(), taken.end(), [&](const std::string& t) { return cidrs_overlap(t, candidate); }))
      return candidate;
  }
  return "";
}

json default_security_group(const RequestContext& ctx, const std::string& vpc_id, bool ipv6) {
  const std::string id = new_id("sg");
  json ingress_rule = {{"SecurityGroupRuleId", new_id("sgr")}, {"IsEgress", false}, {"IpProtocol", "-1"},
                       {"FromPort", -1}, {"ToPort", -1},
                       {"ReferencedGroupInfo", {{"GroupId", id}, {"UserId", ctx.account_id}}}};
  json rules = json::array({ingress_rule, allow_all_outbound(false)});
  if (ipv6) rules.push_back(allow_all_outbound(true));
  return {{"_Id", id},
          {"GroupId", id},
          {"GroupName", "default"},
          {"Description", "default VPC security group"},
          {"VpcId", vpc_id},
          {"OwnerId", ctx.account_id},
          {"Tags", json::array()},
          {"_Rules", std::move(rules)}};
}

json subnet_document(const RequestContext& ctx, const catalog::Zone& zone, const std::string& vpc_id,
                     const std::string& cidr, bool default_for_az, const json& tags) {
  const std::string subnet_id = new_id("subnet");
  json subnet = {{"_Id", subnet_id},
          {"AvailabilityZone", zone.name},
          {"AvailabilityZoneId", zone.id},
          {"AvailableIpAddressCount", cidr.empty() ? 0 : (1 << (32 - cidr_prefix_length(cidr))) - 5},  // AWS keeps 5 per subnet
          {"CidrBlock", cidr},
          {"DefaultForAz", default_for_az},
          {"MapPublicIpOnLaunch", default_for_az},  // default subnets give public IPs
          {"MapCustomerOwnedIpOnLaunch", false},
          {"State", "available"},
          {"SubnetId", subnet_id},
          {"VpcId", vpc_id},
          {"OwnerId", ctx.account_id},
          {"AssignIpv6AddressOnCreation", false},
          {"Ipv6CidrBlockAssociationSet", json::array()},
          {"Tags", tags},
          {"SubnetArn", "arn:aws:ec2:" + ctx.region.name + ":" + ctx.account_id + ":subnet/" + subnet_id},
          {"EnableDns64", false},
          {"Ipv6Native", false},
          {"PrivateDnsNameOptionsOnLaunch",
           {{"HostnameType", "ip-name"}, {"EnableResourceNameDnsARecord", false}, {"EnableResourceNameDnsAAAARecord", false}}}};
  if (cidr.empty()) subnet.erase("CidrBlock");  // IPv6-only
  return subnet;
}

json vpc_document(store::Writer& w, const RequestContext& ctx, const std::string& vpc_id, const std::string& cidr,
                  const std::string& tenancy, bool is_default, const json& tags) {
  return {{"_Id", vpc_id},
          {"CidrBlock", cidr},
          {"DhcpOptionsId", default_dhcp_options(w, ctx)},
          {"State", "available"},
          {"VpcId", vpc_id},
          {"OwnerId", ctx.account_id},
          {"InstanceTenancy", tenancy},
          {"CidrBlockAssociationSet", json::array({{{"AssociationId", new_id("vpc-cidr-assoc")},
                                                    {"CidrBlock", cidr},
                                                    {"CidrBlockState", {{"State", "associated"}}}}})},
          {"IsDefault", is_default},
          {"Tags", tags}};
}

json local_routes(const json& vpc) {
  json routes = json::array();
  for (const auto& block : vpc.value("CidrBlockAssociationSet", json::array()))
    routes.push_back({{"DestinationCidrBlock", block.at("CidrBlock")}, {"GatewayId", "local"}, {"Origin", "CreateRouteTable"},
                      {"State", "active"}});
  for (const auto& block : vpc.value("Ipv6CidrBlockAssociationSet", json::array()))
    routes.push_back({{"DestinationIpv6CidrBlock", block.at("Ipv6CidrBlock")}, {"GatewayId", "local"},
                      {"Origin", "CreateRouteTable"}, {"State", "active"}});
  return routes;
}

json main_route_table(const RequestContext& ctx, const json& vpc) {
  const std::string rtb_id = new_id("rtb");
  return {{"_Id", rtb_id},
          {"RouteTableId", rtb_id},
          {"VpcId", vpc.at("VpcId")},
          {"OwnerId", ctx.account_id},
          {"Routes", local_routes(vpc)},
          {"Associations", json::array({{{"Main", true}, {"RouteTableAssociationId", new_id("rtbassoc")}, {"RouteTableId", rtb_id},
                                         {"AssociationState", {{"State", "associated"}}}}})},
          {"PropagatingVgws", json::array()},
          {"Tags", json::array()}};
}

json create_default_vpc_in(const RequestContext& ctx, store::Writer& w) {
  const auto scope = ctx.scope();
  const std::string vpc_id = default_vpc_id(ctx.account_id, ctx.region.name);
  const std::string cidr = "172.31.0.0/16";
  json vpc = vpc_document(w, ctx, vpc_id, cidr, "default", true, json::array());
  w.put(scope, kind::vpc, vpc_id, vpc);
  create_default_network_acl(w, ctx, vpc);

  // Default subnets take consecutive /20s: 172.31.0.0/20, 172.31.16.0/20, …
  std::vector<std::string> taken;
  for (const auto& zone : ctx.region.zones) {
    taken.push_back(next_default_subnet_block(taken));
    json subnet = subnet_document(ctx, zone, vpc_id, taken.back(), true, json::array());
    w.put(scope, kind::subnet, subnet.at("SubnetId").get<std::string>(), subnet);
    associate_default_network_acl(w, ctx, vpc_id, subnet.at("SubnetId").get<std::string>());
  }

  const std::string igw_id = new_id("igw");
  w.put(scope, kind::internet_gateway, igw_id,
        {{"_Id", igw_id},
         {"InternetGatewayId", igw_id},
         {"Attachments", json::array({{{"State", "available"}, {"VpcId", vpc_id}}})},
         {"OwnerId", ctx.account_id},
         {"Tags", json::array()}});

  json rtb = main_route_table(ctx, vpc);
  rtb["Routes"].push_back({{"DestinationCidrBlock", "0.0.0.0/0"}, {"GatewayId", igw_id}, {"Origin", "CreateRoute"}, {"State", "active"}});
  w.put(scope, kind::route_table, rtb.at("RouteTableId").get<std::string>(), rtb);

  json sg = default_security_group(ctx, vpc_id);
  w.put(scope, kind::security_group, sg["GroupId"].get<std::string>(), sg);
  return vpc;
}

void ensure_default_network(const RequestContext& ctx) {
  // The setup record stays (even if the user deletes the default VPC, as on AWS), so once
  // seen it is a mark, which is checked without waiting for the store's lock. Marked under
  // that lock, so that a reset cannot slip between seeing the network and marking it.
  const std::string mark = "default-network/" + ctx.account_id + "/" + ctx.region.name;
  if (ctx.store.is_marked(mark)) return;
  const bool exists = ctx.store.read([&](const store::Reader& w) {
    if (!w.find(ctx.scope(), kSetupType, kSetupId)) return false;
    ctx.store.mark(mark);
    return true;
  });
  if (exists) return;
  ctx.store.write([&](store::Writer& w) {
    if (!w.find(ctx.scope(), kSetupType, kSetupId)) {  // else another request got here first
      create_default_vpc_in(ctx, w);
      w.put(ctx.scope(), kSetupType, std::string(kSetupId), {{"CreatedAt", ctx.now.time_since_epoch().count()}});
    }
    w.after_commit([&] { ctx.store.mark(mark); });
  });
}

}  // namespace ec2sim::sim
