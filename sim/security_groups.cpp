// Security groups: Create/Delete/Describe, Authorize/Revoke ingress and egress, and
// DescribeSecurityGroupRules. Rules live in the group's document (see
// sim/security_group_rules.hpp for their two spellings).
#include "sim/default_network.hpp"
#include "sim/describe.hpp"
#include "sim/errors.hpp"
#include "sim/vpc_blocks.hpp"
#include "sim/prefix_lists.hpp"
#include "sim/quotas.hpp"
#include "sim/handlers.hpp"
#include "sim/resource_ids.hpp"
#include "sim/security_group_rules.hpp"
#include "sim/tags.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/records.hpp"
#include "sim/vpc_peering.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

json group_view(const json& stored) {
  json view = stored;
  view["IpPermissions"] = permissions_from_rules(stored.at("_Rules"), false);
  view["IpPermissionsEgress"] = permissions_from_rules(stored.at("_Rules"), true);
  return view;
}

const FilterTable& security_group_filters() {
  static const FilterTable table{{
                                     {"description", Path::path("Description")},
                                     {"group-id", Path::path("GroupId")},
                                     {"group-name", Path::path("GroupName")},
                                     {"owner-id", Path::path("OwnerId")},
                                     {"vpc-id", Path::path("VpcId")},
                                     {"ip-permission.cidr", Path::path("IpPermissions.IpRanges.CidrIp")},
                                     {"ip-permission.ipv6-cidr", Path::path("IpPermissions.Ipv6Ranges.CidrIpv6")},
                                     {"ip-permission.from-port", Path::path("IpPermissions.FromPort")},
                                     {"ip-permission.to-port", Path::path("IpPermissions.ToPort")},
                                     {"ip-permission.protocol", Path::path("IpPermissions.IpProtocol")},
                                     {"ip-permission.group-id", Path::path("IpPermissions.UserIdGroupPairs.GroupId")},
                                     {"ip-permission.user-id", Path::path("IpPermissions.UserIdGroupPairs.UserId")},
                                     {"egress.ip-permission.cidr", Path::path("IpPermissionsEgress.IpRanges.CidrIp")},
                                     {"egress.ip-permission.from-port", Path::path("IpPermissionsEgress.FromPort")},
                                     {"egress.ip-permission.to-port", Path::path("IpPermissionsEgress.ToPort")},
                                     {"egress.ip-permission.protocol", Path::path("IpPermissionsEgress.IpProtocol")},
                                     {"egress.ip-permission.group-id", Path::path("IpPermissionsEgress.UserIdGroupPairs.GroupId")},
                                 },
                                 true};
  return table;
}

const FilterTable& rule_filters() {
  static const FilterTable table{{
                                     {"group-id", Path::path("GroupId")},
                                     {"security-group-rule-id", Path::path("SecurityGroupRuleId")},
                                 },
                                 true};
  return table;
}

ApiError group_not_found(const std::string& what) {
  return ApiError::client("InvalidGroup.NotFound", "The security group '" + what + "' does not exist");
}

// The group a request names by GroupId, or by GroupName in the default VPC.
const json& find_group(const RequestContext& ctx, store::Writer& w, const json& input) {
  if (auto id = input.value("GroupId", ""); !id.empty()) {
    const json* g = w.find(ctx.scope(), kind::security_group, id);
    if (!g) throw group_not_found(id);
    return *g;
  }
  const std::string name = input.value("GroupName", "");
  if (name.empty()) throw ApiError::missing_parameter("The request must contain the parameter groupName or groupId");
  const std::string vpc = default_vpc_id(ctx.account_id, ctx.region.name);
  for (const auto& [id, g] : w.all(ctx.scope(), kind::security_group))
    if (g.at("GroupName") == name && g.at("VpcId") == vpc) return g;
  throw ApiError::client("InvalidGroup.NotFound",
                         "The security group '" + name + "' does not exist in default VPC '" + vpc + "'");
}

// Fills in group references given by name and checks that referenced groups exist: in
// the group's VPC, or — for a rule being added (`adding`) — in a VPC peered with it in the
// same Region (the reference then names the peer VPC and the connection, as AWS shows it).
// A rule being revoked or described may name one across a connection that has ended.
void resolve_references(const RequestContext& ctx, store::Writer& w, const json& group, json& rules, bool adding) {
  for (auto& r : rules) {
    if (r.contains("PrefixListId")) find_prefix_list(w, ctx, r.at("PrefixListId").get<std::string>());  // it must exist
    if (!r.contains("ReferencedGroupInfo")) continue;
    auto& ref = r["ReferencedGroupInfo"];
    const std::string owner = ref.value("UserId", ctx.account_id);
    const json* referenced = nullptr;
    if (ref.contains("GroupId")) {
      referenced = w.find({owner, ctx.region.name}, kind::security_group, ref.at("GroupId").get<std::string>());
      if (!referenced && owner != ctx.account_id) continue;  // an account this server does not hold: taken on trust
      if (!referenced) throw group_not_found(ref.at("GroupId").get<std::string>());
    } else {
      if (owner != ctx.account_id) continue;  // another account's group by name, taken on trust
      const std::string name = ref.at("GroupName").get<std::string>();
      for (const auto& [id, g] : w.all(ctx.scope(), kind::security_group))
        if (g.at("GroupName") == name && g.at("VpcId") == group.at("VpcId")) referenced = &g;
      if (!referenced) throw group_not_found(name);
      ref["GroupId"] = referenced->at("GroupId");
    }
    ref.erase("GroupName");
    if (referenced->at("VpcId") == group.at("VpcId") || !adding) continue;
    const json* peering = active_peering_between(w, ctx, group.at("VpcId").get<std::string>(), owner,
                                                 referenced->at("VpcId").get<std::string>());
    if (!peering) throw ApiError::client("InvalidGroup.NotFound", "You have specified two resources that belong to different networks.");
    ref["PeeringStatus"] = "active";
    ref["VpcId"] = referenced->at("VpcId");
    ref["VpcPeeringConnectionId"] = peering->at("VpcPeeringConnectionId");
  }
}

json authorize(const RequestContext& ctx, const json& input, bool egress) {
  json rules = rules_from_request(input, egress, ctx.account_id);
  json tags = tags_for(input, "security-group-rule");
  return ctx.store.write([&](store::Writer& w) {
    json group = find_group(ctx, w, input);
    resolve_references(ctx, w, group, rules, true);
    json& stored = group["_Rules"];
    // The quota is per direction: 60 inbound and 60 outbound.
    const auto same_direction = std::count_if(stored.begin(), stored.end(), [&](const json& r) {
      return r.at("IsEgress").get<bool>() == egress;
    });
    require_within(ctx.settings.quotas, "rules-per-security-group", same_direction,
                   static_cast<std::int64_t>(rules.size()), "RulesPerSecurityGroupLimitExceeded",
                   "The maximum number of rules per security group has been reached.");
    json added = json::array();
    for (auto& rule : rules) {
      for (const auto& existing : stored)
        if (same_rule(existing, rule))
          throw ApiError::client("InvalidPermission.Duplicate",
                                 "the specified rule \"" + describe_rule(rule) + "\" already exists");
      rule["SecurityGroupRuleId"] = new_id("sgr");
      rule["Tags"] = tags;
      stored.push_back(rule);
      json shown = rule;
      shown["GroupId"] = group.at("GroupId");
      shown["GroupOwnerId"] = ctx.account_id;
      added.push_back(std::move(shown));
    }
    w.put(ctx.scope(), kind::security_group, group.at("GroupId").get<std::string>(), group);
    return json{{"Return", true}, {"SecurityGroupRules", std::move(added)}};
  });
}

json revoke(const RequestContext& ctx, const json& input, bool egress) {
  std::vector<std::string> rule_ids;
  for (const auto& id : input.value("SecurityGroupRuleIds", json::array())) rule_ids.push_back(id.get<std::string>());
  json rules = rule_ids.empty() ? rules_from_request(input, egress, ctx.account_id) : json::array();
  ctx.store.write([&](store::Writer& w) {
    json group = find_group(ctx, w, input);
    resolve_references(ctx, w, group, rules, false);
    json& stored = group["_Rules"];
    auto remove_where = [&](auto predicate, const std::string& what) {
      for (auto it = stored.begin(); it != stored.end(); ++it)
        if (predicate(*it)) {
          stored.erase(it);
          return;
        }
      throw ApiError::client("InvalidPermission.NotFound", "The specified rule does not exist in this security group: " + what);
    };
    for (const auto& id : rule_ids)
      remove_where([&](const json& r) { return r.at("SecurityGroupRuleId") == id && r.at("IsEgress") == egress; }, id);
    for (const auto& rule : rules) remove_where([&](const json& r) { return same_rule(r, rule); }, describe_rule(rule));
    w.put(ctx.scope(), kind::security_group, group.at("GroupId").get<std::string>(), group);
  });
  return {{"Return", true}};
}

// UpdateSecurityGroupRuleDescriptions{Ingress,Egress}: each rule the request names — by
// its permission (the description it carries, none to clear it) or by its id — takes the
// new description; nothing else about it changes.
json update_descriptions(const RequestContext& ctx, const json& input, bool egress) {
  json rules = input.contains("IpPermissions") ? rules_from_request(input, egress, ctx.account_id) : json::array();
  const json by_id = input.value("SecurityGroupRuleDescriptions", json::array());
  if (rules.empty() && by_id.empty())
    throw ApiError::missing_parameter("The request must contain the parameter IpPermissions or SecurityGroupRuleDescriptions");
  ctx.store.write([&](store::Writer& w) {
    json group = find_group(ctx, w, input);
    resolve_references(ctx, w, group, rules, false);
    json& stored = group["_Rules"];
    auto describe = [](json& rule, const json& source) {
      if (source.contains("Description")) rule["Description"] = source.at("Description");
      else rule.erase("Description");
    };
    for (const auto& rule : rules) {
      auto it = std::find_if(stored.begin(), stored.end(), [&](const json& r) { return same_rule(r, rule); });
      if (it == stored.end())
        throw ApiError::client("InvalidPermission.NotFound",
                               "The specified rule does not exist in this security group: " + describe_rule(rule));
      describe(*it, rule);
    }
    for (const auto& d : by_id) {
      const std::string id = d.value("SecurityGroupRuleId", "");
      auto it = std::find_if(stored.begin(), stored.end(),
                             [&](const json& r) { return r.at("SecurityGroupRuleId") == id && r.at("IsEgress") == egress; });
      if (it == stored.end())
        throw ApiError::client("InvalidSecurityGroupRuleId.NotFound", "The security group rule ID '" + id + "' does not exist");
      describe(*it, d);
    }
    w.put(ctx.scope(), kind::security_group, group.at("GroupId").get<std::string>(), group);
  });
  return {{"Return", true}};
}

}  // namespace

json update_security_group_rule_descriptions_ingress(const RequestContext& ctx, const json& input) {
  return update_descriptions(ctx, input, false);
}
json update_security_group_rule_descriptions_egress(const RequestContext& ctx, const json& input) {
  return update_descriptions(ctx, input, true);
}

json create_security_group(const RequestContext& ctx, const json& input) {
  const std::string name = input.at("GroupName").get<std::string>();
  const std::string description = input.at("Description").get<std::string>();
  if (name.empty() || name.size() > 255 || name.starts_with("sg-"))
    throw ApiError::invalid_value("Invalid security group name '" + name + "': 1 to 255 characters, not starting with sg-.");
  if (name == "default") throw ApiError::invalid_value("Cannot use reserved security group name: default");
  if (description.empty() || description.size() > 255)
    throw ApiError::invalid_value("The security group description must be 1 to 255 characters.");
  const std::string vpc = input.value("VpcId", default_vpc_id(ctx.account_id, ctx.region.name));
  json tags = tags_for(input, "security-group");
  return ctx.store.write([&](store::Writer& w) {
    const json& vpc_doc = find_vpc(ctx, w, vpc);
    const auto& groups = w.all(ctx.scope(), kind::security_group);
    for (const auto& [id, g] : groups)
      if (g.at("GroupName") == name && g.at("VpcId") == vpc)
        throw ApiError::client("InvalidGroup.Duplicate",
                               "The security group '" + name + "' already exists for VPC '" + vpc + "'");
    // AWS counts this quota over the Region's VPCs, whatever its error names.
    require_within(ctx.settings.quotas, "security-groups", static_cast<std::int64_t>(groups.size()), 1,
                   "SecurityGroupLimitExceeded", "The maximum number of security groups for VPC '" + vpc + "' has been reached.");
    const std::string id = new_id("sg");
    // A new group allows all outbound traffic and nothing inbound, as on AWS (IPv6 too
    // when its VPC has an IPv6 block).
    json rules = json::array({allow_all_outbound(false)});
    if (!vpc_doc.value("Ipv6CidrBlockAssociationSet", json::array()).empty()) rules.push_back(allow_all_outbound(true));
    w.put(ctx.scope(), kind::security_group, id,
          {{"_Id", id}, {"GroupId", id}, {"GroupName", name}, {"Description", description}, {"VpcId", vpc},
           {"OwnerId", ctx.account_id}, {"Tags", tags}, {"_Rules", std::move(rules)}});
    return json{{"GroupId", id}, {"Tags", tags},
                {"SecurityGroupArn", "arn:aws:ec2:" + ctx.region.name + ":" + ctx.account_id + ":security-group/" + id}};
  });
}

json delete_security_group(const RequestContext& ctx, const json& input) {
  return ctx.store.write([&](store::Writer& w) {
    const json group = find_group(ctx, w, input);
    const std::string id = group.at("GroupId").get<std::string>();
    if (group.at("GroupName") == "default")
      throw ApiError::client("CannotDelete", "the specified group: \"" + id + "\" name: \"default\" cannot be deleted by a user");
    for (const auto& [iid, instance] : w.all(ctx.scope(), kind::instance)) {
      if (InstanceRecord(instance).state() == "terminated") continue;
      for (const auto& g : InstanceRecord(instance).security_groups())
        if (g.at("GroupId") == id) throw ApiError::client("DependencyViolation", "resource " + id + " has a dependent object");
    }
    for (const auto* kind : {&kind::network_interface, &kind::vpc_endpoint})  // interfaces of their own, endpoints
      for (const auto& [eid, doc] : w.all(ctx.scope(), *kind))
        for (const auto& g : doc.value("Groups", json::array()))
          if (g.at("GroupId") == id) throw ApiError::client("DependencyViolation", "resource " + id + " has a dependent object");
    for (const auto& [gid, other] : w.all(ctx.scope(), kind::security_group))
      for (const auto& r : other.at("_Rules"))
        if (gid != id && r.contains("ReferencedGroupInfo") && r.at("ReferencedGroupInfo").value("GroupId", "") == id)
          throw ApiError::client("DependencyViolation", "resource " + id + " has a dependent object");
    w.erase(ctx.scope(), kind::security_group, id);
    return json{{"Return", true}, {"GroupId", id}};  // also when named by GroupName
  });
}

json describe_security_groups(const RequestContext& ctx, const json& input) {
  json in = input;
  // GroupNames select groups of the default VPC by name.
  if (auto names = input.find("GroupNames"); names != input.end() && !names->empty()) {
    const std::string vpc = default_vpc_id(ctx.account_id, ctx.region.name);
    json ids = in.value("GroupIds", json::array());
    std::vector<std::string> missing;
    const auto groups = ctx.store.list(ctx.scope(), kind::security_group);
    for (const auto& name : *names) {
      std::string found;
      for (const auto& g : groups)
        if (g.at("GroupName") == name && g.at("VpcId") == vpc) found = g.at("GroupId").get<std::string>();
      if (found.empty()) missing.push_back(name.get<std::string>());
      ids.push_back(found);
    }
    if (!missing.empty())
      throw ApiError::not_found("InvalidGroup.NotFound", "security group", "security groups", missing, "'", "'",
                                " in default VPC '" + vpc + "'");
    in["GroupIds"] = ids;
  }
  return describe_resources(ctx, in, {kind::security_group, "GroupIds", "InvalidGroup.NotFound", "security group", "security groups", security_group_filters(),
                                      "SecurityGroups", &group_view});
}

json authorize_security_group_ingress(const RequestContext& ctx, const json& input) { return authorize(ctx, input, false); }
json authorize_security_group_egress(const RequestContext& ctx, const json& input) { return authorize(ctx, input, true); }
json revoke_security_group_ingress(const RequestContext& ctx, const json& input) { return revoke(ctx, input, false); }
json revoke_security_group_egress(const RequestContext& ctx, const json& input) { return revoke(ctx, input, true); }

json describe_security_group_rules(const RequestContext& ctx, const json& input) {
  auto filters = filters_from_request(input);
  rule_filters().validate(filters);
  for (const auto& filter : filters)  // a group id in a filter is checked as one given directly
    if (filter.name == "group-id")
      for (const auto& v : filter.values)
        if (!is_id(v, "sg"))
          throw ApiError::client("InvalidGroupId.Malformed", "Invalid id: \"" + v + "\" (expecting \"sg-...\")");
  std::vector<std::string> ids;
  for (const auto& id : input.value("SecurityGroupRuleIds", json::array())) ids.push_back(id.get<std::string>());
  json out = json::array();
  std::vector<std::string> seen;
  for (const auto& g : ctx.store.list(ctx.scope(), kind::security_group)) {
    for (auto rule : g.at("_Rules")) {
      rule["GroupId"] = g.at("GroupId");
      rule["GroupOwnerId"] = ctx.account_id;
      if (!rule.contains("Tags")) rule["Tags"] = json::array();
      const std::string id = rule.at("SecurityGroupRuleId").get<std::string>();
      if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) continue;
      seen.push_back(id);
      if (rule_filters().matches(filters, rule)) out.push_back(std::move(rule));
    }
  }
  std::vector<std::string> missing;  // all of them, as AWS names them
  for (const auto& id : ids)
    if (std::find(seen.begin(), seen.end(), id) == seen.end()) missing.push_back(id);
  if (!missing.empty())
    throw ApiError::not_found("InvalidSecurityGroupRuleId.NotFound", "security group rule ID", "security group rule IDs", missing);
  return {{"SecurityGroupRules", std::move(out)}};
}

}  // namespace ec2sim::sim

namespace ec2sim::sim {

json modify_security_group_rules(const RequestContext& ctx, const json& input) {
  const std::string group_id = input.at("GroupId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    const json* found = w.find(ctx.scope(), kind::security_group, group_id);
    if (!found) throw group_not_found(group_id);
    json group = *found;
    json& stored = group["_Rules"];
    for (const auto& update : input.at("SecurityGroupRules")) {
      const std::string rule_id = update.value("SecurityGroupRuleId", "");
      auto it = std::find_if(stored.begin(), stored.end(), [&](const json& r) { return r.at("SecurityGroupRuleId") == rule_id; });
      if (it == stored.end())
        throw ApiError::client("InvalidSecurityGroupRuleId.NotFound", "The security group rule ID '" + rule_id + "' does not exist");
      // The request spells one rule; read it through the IpPermission reader so every
      // check of Authorize applies.
      const json& r = update.value("SecurityGroupRule", json::object());
      json p = {{"IpProtocol", r.value("IpProtocol", "")}};
      if (r.contains("FromPort")) p["FromPort"] = r.at("FromPort");
      if (r.contains("ToPort")) p["ToPort"] = r.at("ToPort");
      auto peer = [&](const char* list, const char* key, const json& value) {
        json entry = {{key, value}};
        if (r.contains("Description")) entry["Description"] = r.at("Description");
        p[list] = json::array({entry});
      };
      if (r.contains("CidrIpv4")) peer("IpRanges", "CidrIp", r.at("CidrIpv4"));
      else if (r.contains("CidrIpv6")) peer("Ipv6Ranges", "CidrIpv6", r.at("CidrIpv6"));
      else if (r.contains("PrefixListId")) peer("PrefixListIds", "PrefixListId", r.at("PrefixListId"));
      else if (r.contains("ReferencedGroupId")) peer("UserIdGroupPairs", "GroupId", r.at("ReferencedGroupId"));
      else throw ApiError::missing_parameter("A security group rule needs a CidrIpv4, CidrIpv6, PrefixListId or ReferencedGroupId.");
      const bool egress = it->at("IsEgress").get<bool>();
      json replaced = rules_from_request({{"IpPermissions", json::array({p})}}, egress, ctx.account_id);
      resolve_references(ctx, w, group, replaced, true);
      json replacement = replaced.at(0);
      for (const auto& other : stored)
        if (other.at("SecurityGroupRuleId") != rule_id && same_rule(other, replacement))
          throw ApiError::client("InvalidPermission.Duplicate", "the specified rule \"" + describe_rule(replacement) + "\" already exists");
      replacement["SecurityGroupRuleId"] = rule_id;
      if (it->contains("Tags")) replacement["Tags"] = it->at("Tags");
      *it = std::move(replacement);
    }
    w.put(ctx.scope(), kind::security_group, group_id, group);
  });
  return {{"Return", true}};
}

}  // namespace ec2sim::sim
