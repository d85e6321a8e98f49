// Security groups across VPC peering: DescribeSecurityGroupReferences (which peered VPCs'
// groups name one of the account's groups in their rules) and DescribeStaleSecurityGroups
// (rules of a VPC's groups that name a group through a peering connection that is no
// longer active, or to a group since deleted). References across a peering are made by the
// rules' own operations (sim/security_groups.cpp).
#include "sim/security_group_references.hpp"

#include "sim/describe.hpp"
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/security_group_rules.hpp"
#include "sim/vpc_blocks.hpp"
#include "sim/vpc_peering.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

// Does the rule name a group across a peering connection that has ended, or a group gone?
bool is_stale(const store::Reader& r, const RequestContext& ctx, const json& rule) {
  if (!rule.contains("ReferencedGroupInfo")) return false;
  const json& ref = rule.at("ReferencedGroupInfo");
  const std::string pcx = ref.value("VpcPeeringConnectionId", "");
  if (pcx.empty()) return false;  // within the VPC
  if (!peering_is_active(r, ctx, pcx)) return true;
  return !r.find({ref.value("UserId", ctx.account_id), ctx.region.name}, kind::security_group, ref.value("GroupId", ""));
}

}  // namespace

void mark_peering_references_ended(store::Writer& w, const RequestContext& ctx, const std::string& peering_id) {
  std::vector<std::string> changed;
  for (const auto& [id, group] : w.all(ctx.scope(), kind::security_group))
    for (const auto& rule : group.at("_Rules"))
      if (rule.contains("ReferencedGroupInfo") && rule.at("ReferencedGroupInfo").value("VpcPeeringConnectionId", "") == peering_id) {
        changed.push_back(id);
        break;
      }
  for (const auto& id : changed) {
    json group = *w.find(ctx.scope(), kind::security_group, id);
    for (auto& rule : group.at("_Rules"))
      if (rule.contains("ReferencedGroupInfo") && rule.at("ReferencedGroupInfo").value("VpcPeeringConnectionId", "") == peering_id)
        rule["ReferencedGroupInfo"]["PeeringStatus"] = "deleted";  // an existing member: nothing moves
    w.put(ctx.scope(), kind::security_group, id, std::move(group));
  }
}

json describe_security_group_references(const RequestContext& ctx, const json& input) {
  return ctx.store.read([&](const store::Reader& r) {
    std::vector<const json*> groups;
    std::vector<std::string> missing;
    for (const auto& id : input.at("GroupId"))
      if (const json* g = r.find(ctx.scope(), kind::security_group, id.get<std::string>())) groups.push_back(g);
      else missing.push_back(id.get<std::string>());
    if (!missing.empty()) throw ApiError::not_found("InvalidGroup.NotFound", "security group", "security groups", missing);
    json references = json::array();
    for (const json* group : groups) {
      const std::string group_id = group->at("GroupId").get<std::string>();
      for (const auto& [pcx, peering] : r.all(ctx.scope(), kind::vpc_peering_connection)) {
        const auto peer = active_peer_of(peering, ctx, group->at("VpcId").get<std::string>());
        if (!peer) continue;
        bool referenced = false;  // by any group of the peer VPC
        for (const auto& [id, theirs] : r.all(peer->scope, kind::security_group)) {
          if (theirs.at("VpcId") != peer->vpc_id) continue;
          for (const auto& rule : theirs.at("_Rules"))
            if (rule.contains("ReferencedGroupInfo") && rule.at("ReferencedGroupInfo").value("GroupId", "") == group_id) referenced = true;
        }
        if (referenced) references.push_back({{"GroupId", group_id}, {"ReferencingVpcId", peer->vpc_id}, {"VpcPeeringConnectionId", pcx}});
      }
    }
    return json{{"SecurityGroupReferenceSet", std::move(references)}};
  });
}

json describe_stale_security_groups(const RequestContext& ctx, const json& input) {
  const std::string vpc_id = input.at("VpcId").get<std::string>();
  return ctx.store.read([&](const store::Reader& r) {
    find_vpc(ctx, r, vpc_id);  // it must exist
    std::vector<json> stale;
    for (const auto& [id, group] : r.all(ctx.scope(), kind::security_group)) {
      if (group.at("VpcId") != vpc_id) continue;
      json rules = json::array();
      for (const auto& rule : group.at("_Rules")) {
        if (!is_stale(r, ctx, rule)) continue;
        json gone = rule;
        gone["ReferencedGroupInfo"]["PeeringStatus"] = "deleted";
        rules.push_back(std::move(gone));
      }
      if (rules.empty()) continue;
      stale.push_back({{"_Id", id},
                       {"Description", group.at("Description")},
                       {"GroupId", group.at("GroupId")},
                       {"GroupName", group.at("GroupName")},
                       {"StaleIpPermissions", permissions_from_rules(rules, false)},
                       {"StaleIpPermissionsEgress", permissions_from_rules(rules, true)},
                       {"VpcId", vpc_id}});
    }
    static const FilterTable kNoFilters{{}};  // the operation takes none
    return describe_documents(input, std::move(stale),
                              {kind::security_group, "", "InvalidGroup.NotFound", "security group", "security groups", kNoFilters,
                               "StaleSecurityGroupSet"});
  });
}

}  // namespace ec2sim::sim
