// A VPC's blocks after it is made: AssociateVpcCidrBlock (further IPv4 blocks, Amazon's
// IPv6 /56 — what Terraform's assign_generated_ipv6_cidr_block asks) and
// DisassociateVpcCidrBlock; each block is local in every route table of the VPC.
#include "sim/vpc_blocks.hpp"

#include <optional>
#include <set>

#include "sim/default_network.hpp"
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/ipv6_cidrs.hpp"
#include "sim/network_acls.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

constexpr std::size_t kBlocksPerVpc = 5;  // AWS's quota, IPv4 and IPv6 each

// Makes every route table of the VPC carry a route for each of the VPC's blocks, after a
// block came or went: a new block's local route is added, a gone block's route (local,
// or through a middlebox) dropped; the others stay as they are.
void refresh_local_routes(store::Writer& w, const RequestContext& ctx, const json& vpc) {
  const json local = local_routes(vpc);
  auto destination = [](const json& r) { return r.value("DestinationCidrBlock", r.value("DestinationIpv6CidrBlock", "")); };
  std::set<std::string> blocks;
  for (const auto& r : local) blocks.insert(destination(r));
  w.update_each(ctx.scope(), kind::route_table, [&](const json& table) -> std::optional<json> {
    if (table.at("VpcId") != vpc.at("VpcId")) return {};
    json routes = json::array();
    std::set<std::string> present;
    for (const auto& r : table.at("Routes"))
      if (blocks.contains(destination(r)) && present.insert(destination(r)).second) routes.push_back(r);
    for (const auto& r : local)
      if (!present.contains(destination(r))) routes.push_back(r);
    for (const auto& r : table.at("Routes"))
      if (!blocks.contains(destination(r)) && r.value("Origin", "") != "CreateRouteTable") routes.push_back(r);
    if (routes == table.at("Routes")) return {};
    json updated = table;
    updated["Routes"] = std::move(routes);
    return updated;
  });
}

}  // namespace

const json& find_vpc(const RequestContext& ctx, const store::Reader& r, const std::string& id) {
  const json* vpc = r.find(ctx.scope(), kind::vpc, id);
  if (!vpc) throw ApiError::client("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
  return *vpc;
}

void check_block(const std::string& cidr, const char* code) {
  const int bits = cidr_prefix_length(cidr);
  if (bits < 16 || bits > 28 || !cidr_is_network(cidr)) throw ApiError::client(code, "The CIDR '" + cidr + "' is invalid.");
}

bool within_vpc_block(const json& vpc, const std::string& cidr) {
  for (const auto& block : vpc.value("CidrBlockAssociationSet", json::array()))
    if (cidr_within(cidr, block.at("CidrBlock").get<std::string>())) return true;
  return false;
}

json amazon_ipv6_association(const RequestContext& ctx, const json& input) {
  const std::string group = input.value("Ipv6CidrBlockNetworkBorderGroup", ctx.region.name);
  if (group != ctx.region.name)
    throw ApiError::invalid_value("Invalid network border group '" + group + "' for region " + ctx.region.name + ".");
  return {{"AssociationId", new_id("vpc-cidr-assoc")},
          {"Ipv6CidrBlock", new_amazon_ipv6_block()},
          {"Ipv6CidrBlockState", {{"State", "associated"}}},
          {"NetworkBorderGroup", group},
          {"Ipv6Pool", "Amazon"}};
}

json as_associating(json associations, const char* state_key) {
  for (auto& a : associations) a[state_key]["State"] = "associating";
  return associations;
}

json associate_vpc_cidr_block(const RequestContext& ctx, const json& input) {
  const std::string vpc_id = input.at("VpcId").get<std::string>();
  const std::string cidr = input.value("CidrBlock", "");
  const bool ipv6 = input.value("AmazonProvidedIpv6CidrBlock", false);
  if (cidr.empty() == !ipv6)
    throw ApiError::invalid_combination("The request must contain exactly one of cidrBlock or amazonProvidedIpv6CidrBlock");
  if (input.contains("Ipv6CidrBlock") || input.contains("Ipv6Pool") || input.contains("Ipv4IpamPoolId") ||
      input.contains("Ipv6IpamPoolId"))
    throw ApiError::client("UnsupportedOperation", "ec2sim has no BYOIP or IPAM pools: ask for a block or Amazon's IPv6 /56.");
  return ctx.store.write([&](store::Writer& w) {
    json vpc = find_vpc(ctx, w, vpc_id);
    json out = {{"VpcId", vpc_id}};
    if (ipv6) {
      json& blocks = vpc["Ipv6CidrBlockAssociationSet"];
      if (!blocks.is_array()) blocks = json::array();
      if (blocks.size() >= kBlocksPerVpc)
        throw ApiError::client("CidrLimitExceeded", "This network '" + vpc_id + "' has met its maximum number of allowed CIDRs: 5");
      json association = amazon_ipv6_association(ctx, input);
      blocks.push_back(association);
      out["Ipv6CidrBlockAssociation"] = as_associating(json::array({association}), "Ipv6CidrBlockState").at(0);
    } else {
      check_block(cidr, "InvalidVpc.Range");
      json& blocks = vpc["CidrBlockAssociationSet"];
      if (blocks.size() >= kBlocksPerVpc)
        throw ApiError::client("CidrLimitExceeded", "This network '" + vpc_id + "' has met its maximum number of allowed CIDRs: 5");
      for (const auto& b : blocks)
        if (cidrs_overlap(b.at("CidrBlock").get<std::string>(), cidr))
          throw ApiError::client("InvalidVpc.Range", "The CIDR '" + cidr + "' conflicts with the network's CIDR '" +
                                                         b.at("CidrBlock").get<std::string>() + "'.");
      json association = {{"AssociationId", new_id("vpc-cidr-assoc")}, {"CidrBlock", cidr}, {"CidrBlockState", {{"State", "associated"}}}};
      blocks.push_back(association);
      out["CidrBlockAssociation"] = as_associating(json::array({association}), "CidrBlockState").at(0);
    }
    w.put(ctx.scope(), kind::vpc, vpc_id, vpc);
    refresh_local_routes(w, ctx, vpc);
    if (ipv6) allow_ipv6_in_default_network_acl(w, ctx, vpc_id);
    return out;
  });
}

json disassociate_vpc_cidr_block(const RequestContext& ctx, const json& input) {
  const std::string association_id = input.at("AssociationId").get<std::string>();
  return ctx.store.write([&](store::Writer& w) {
    for (const auto& [vpc_id, stored] : w.all(ctx.scope(), kind::vpc)) {
      for (const char* set : {"CidrBlockAssociationSet", "Ipv6CidrBlockAssociationSet"}) {
        const json blocks = stored.value(set, json::array());
        for (std::size_t i = 0; i < blocks.size(); ++i) {
          if (blocks[i].at("AssociationId") != association_id) continue;
          const bool ipv6 = std::string_view(set) == "Ipv6CidrBlockAssociationSet";
          const std::string block = blocks[i].at(ipv6 ? "Ipv6CidrBlock" : "CidrBlock").get<std::string>();
          if (!ipv6 && stored.at("CidrBlock") == block)
            throw ApiError::client("OperationNotPermitted", "The vpc CIDR block with association ID " + association_id +
                                                                " may not be disassociated. It is the primary IPv4 CIDR block of the VPC");
          for (const auto& [sid, subnet] : w.all(ctx.scope(), kind::subnet)) {  // a block its subnets use stays
            if (subnet.at("VpcId") != vpc_id) continue;
            bool uses = !ipv6 && subnet.contains("CidrBlock") && cidr_within(subnet.at("CidrBlock").get<std::string>(), block);
            for (const auto& a : subnet.value("Ipv6CidrBlockAssociationSet", json::array()))
              uses = uses || (ipv6 && ipv6_cidr_within(a.at("Ipv6CidrBlock").get<std::string>(), block));
            if (uses)
              throw ApiError::client("InvalidCidrBlock.InUse", "The vpc CIDR block with association ID " + association_id +
                                                                   " may not be disassociated. It is used by subnet " + sid);
          }
          json vpc = stored;
          json shown = blocks[i];
          vpc[set].erase(i);
          const std::string id = vpc_id;  // (clang 14 lambdas cannot capture a binding)
          w.put(ctx.scope(), kind::vpc, id, vpc);
          refresh_local_routes(w, ctx, vpc);
          shown[ipv6 ? "Ipv6CidrBlockState" : "CidrBlockState"]["State"] = "disassociating";
          return json{{"VpcId", id}, {ipv6 ? "Ipv6CidrBlockAssociation" : "CidrBlockAssociation", std::move(shown)}};
        }
      }
    }
    throw ApiError::client("InvalidVpcCidrBlockAssociationID.NotFound",
                           "The vpc CIDR block association ID '" + association_id + "' does not exist");
  });
}

}  // namespace ec2sim::sim
