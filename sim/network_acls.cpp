// Network ACLs: the default one per VPC, ACLs of one's own (CreateNetworkAcl with
// ClientToken), numbered entries in and out (Create/Replace/DeleteNetworkAclEntry), subnet
// associations moved between ACLs of a VPC (ReplaceNetworkAclAssociation), delete. State
// only: ec2sim carries no traffic, so entries allow or deny nothing yet.
#include "sim/network_acls.hpp"

#include <algorithm>
#include <optional>

#include "sim/client_tokens.hpp"
#include "sim/describe.hpp"
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/ipv6_cidrs.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/tags.hpp"
#include "sim/vpc_blocks.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

constexpr int kLastRuleNumber = 32766;      // the highest a user may number a rule
constexpr int kDenyAllIpv4 = 32767;         // the final rule every ACL ends with
constexpr int kDenyAllIpv6 = 32768;
constexpr std::size_t kEntriesPerDirection = 20;  // AWS's quota, rules per direction

const FilterTable& network_acl_filters() {
  static const FilterTable table{{
                                     {"association.association-id", Path::path("Associations.NetworkAclAssociationId")},
                                     {"association.network-acl-id", Path::path("Associations.NetworkAclId")},
                                     {"association.subnet-id", Path::path("Associations.SubnetId")},
                                     {"default", Path::path("IsDefault")},
                                     {"entry.cidr", Path::path("Entries.CidrBlock")},
                                     {"entry.egress", Path::path("Entries.Egress")},
                                     {"entry.icmp.code", Path::path("Entries.IcmpTypeCode.Code")},
                                     {"entry.icmp.type", Path::path("Entries.IcmpTypeCode.Type")},
                                     {"entry.ipv6-cidr", Path::path("Entries.Ipv6CidrBlock")},
                                     {"entry.port-range.from", Path::path("Entries.PortRange.From")},
                                     {"entry.port-range.to", Path::path("Entries.PortRange.To")},
                                     {"entry.protocol", Path::path("Entries.Protocol")},
                                     {"entry.rule-action", Path::path("Entries.RuleAction")},
                                     {"entry.rule-number", Path::path("Entries.RuleNumber")},
                                     {"network-acl-id", Path::path("NetworkAclId")},
                                     {"owner-id", Path::path("OwnerId")},
                                     {"vpc-id", Path::path("VpcId")},
                                 },
                                 true};
  return table;
}

json entry(int number, bool egress, const char* action, bool ipv6) {
  return {{ipv6 ? "Ipv6CidrBlock" : "CidrBlock", ipv6 ? "::/0" : "0.0.0.0/0"}, {"Egress", egress}, {"Protocol", "-1"},
          {"RuleAction", action}, {"RuleNumber", number}};
}

// AWS lists outbound entries first, each direction by rule number.
void sort_entries(json& entries) {
  std::sort(entries.begin(), entries.end(), [](const json& a, const json& b) {
    const bool ae = a.at("Egress").get<bool>(), be = b.at("Egress").get<bool>();
    if (ae != be) return ae;
    return a.at("RuleNumber").get<int>() < b.at("RuleNumber").get<int>();
  });
}

bool has_ipv6(const json& vpc) { return !vpc.value("Ipv6CidrBlockAssociationSet", json::array()).empty(); }

// The final denies every ACL has (and, for the default one, the allows above them).
json starting_entries(const json& vpc, bool is_default) {
  json entries = json::array();
  for (bool egress : {true, false}) {
    if (is_default) entries.push_back(entry(100, egress, "allow", false));
    entries.push_back(entry(kDenyAllIpv4, egress, "deny", false));
    if (!has_ipv6(vpc)) continue;
    if (is_default) entries.push_back(entry(101, egress, "allow", true));
    entries.push_back(entry(kDenyAllIpv6, egress, "deny", true));
  }
  sort_entries(entries);
  return entries;
}

json acl_document(const RequestContext& ctx, const json& vpc, bool is_default, json tags) {
  const std::string id = new_id("acl");
  return {{"_Id", id},
          {"Associations", json::array()},
          {"Entries", starting_entries(vpc, is_default)},
          {"IsDefault", is_default},
          {"NetworkAclId", id},
          {"Tags", std::move(tags)},
          {"VpcId", vpc.at("VpcId")},
          {"OwnerId", ctx.account_id}};
}

json shown_acl(json acl) {
  acl.erase("_Id");
  return acl;
}

json find_acl(const RequestContext& ctx, const store::Reader& r, const std::string& id) {
  if (!is_id(id, "acl")) throw ApiError::client("InvalidNetworkAclId.Malformed", "Invalid id: \"" + id + "\"");
  const json* acl = r.find(ctx.scope(), kind::network_acl, id);
  if (!acl) throw ApiError::client("InvalidNetworkAclID.NotFound", "The networkAcl ID '" + id + "' does not exist");
  return *acl;
}

const json* default_acl_of(const store::Reader& r, const RequestContext& ctx, const std::string& vpc_id) {
  for (const auto& [id, acl] : r.all(ctx.scope(), kind::network_acl))
    if (acl.at("VpcId") == vpc_id && acl.value("IsDefault", false)) return &acl;
  return nullptr;
}

// An entry's protocol is a number, "-1" for all: the API takes no names (aws-cli turns
// `tcp` into 6 before sending).
std::string protocol_number(const std::string& p) {
  if (p == "-1") return p;
  const bool numeric = !p.empty() && p.size() <= 3 && std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!numeric || std::stoi(p) > 255) throw ApiError::invalid_value("Invalid value '" + p + "' for IP protocol. Unknown protocol.");
  return std::to_string(std::stoi(p));
}

// The entry a Create/ReplaceNetworkAclEntry request describes, checked as AWS checks it.
json requested_entry(const json& input) {
  const int number = input.at("RuleNumber").get<int>();
  if (number < 1 || number > kLastRuleNumber)
    throw ApiError::invalid_value("Value (" + std::to_string(number) + ") for parameter ruleNumber is invalid. It must be between 1 and " +
                                  std::to_string(kLastRuleNumber) + ".");
  const std::string action = input.at("RuleAction").get<std::string>();
  if (action != "allow" && action != "deny")
    throw ApiError::invalid_value("Value (" + action + ") for parameter ruleAction is invalid. Valid values: allow, deny.");
  const bool has_v4 = input.contains("CidrBlock"), has_v6 = input.contains("Ipv6CidrBlock");
  if (has_v4 == has_v6)
    throw ApiError::invalid_combination("The request must contain exactly one of cidrBlock or ipv6CidrBlock");
  json e = {{"Egress", input.at("Egress").get<bool>()}, {"Protocol", protocol_number(input.at("Protocol").get<std::string>())},
            {"RuleAction", action}, {"RuleNumber", number}};
  if (has_v4) {
    const std::string cidr = input.at("CidrBlock").get<std::string>();
    if (!is_ipv4_cidr(cidr)) throw ApiError::invalid_value("Value (" + cidr + ") for parameter cidrBlock is invalid. This is not a valid CIDR block.");
    e["CidrBlock"] = cidr;
  } else {
    const std::string cidr = ipv6_canonical(input.at("Ipv6CidrBlock").get<std::string>());
    if (cidr.empty())
      throw ApiError::invalid_value("Value (" + input.at("Ipv6CidrBlock").get<std::string>() +
                                    ") for parameter ipv6CidrBlock is invalid. This is not a valid IPv6 CIDR block.");
    e["Ipv6CidrBlock"] = cidr;
  }
  const std::string& protocol = e.at("Protocol").get_ref<const std::string&>();
  if (protocol == "6" || protocol == "17") {  // ports are part of a TCP or UDP rule
    if (!input.contains("PortRange") || !input.at("PortRange").contains("From") || !input.at("PortRange").contains("To"))
      throw ApiError::invalid_value("The request must include the PortRange parameter when the protocol is TCP or UDP.");
    const int from = input.at("PortRange").at("From").get<int>(), to = input.at("PortRange").at("To").get<int>();
    if (from < 0 || to > 65535 || from > to)
      throw ApiError::invalid_value("Invalid port range: " + std::to_string(from) + "-" + std::to_string(to) + ".");
    e["PortRange"] = {{"From", from}, {"To", to}};
  } else if (protocol == "1" || protocol == "58") {
    if (!input.contains("IcmpTypeCode"))
      throw ApiError::invalid_value("The request must include the IcmpTypeCode parameter when the protocol is ICMP.");
    e["IcmpTypeCode"] = {{"Code", input.at("IcmpTypeCode").value("Code", -1)}, {"Type", input.at("IcmpTypeCode").value("Type", -1)}};
  }
  return e;
}

// The entry's position in `entries` (same direction and number), or npos.
std::size_t entry_index(const json& entries, bool egress, int number) {
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (entries[i].at("Egress") == egress && entries[i].at("RuleNumber") == number) return i;
  return std::string::npos;
}

ApiError no_entry(const std::string& acl_id, bool egress, int number) {
  return ApiError::client("InvalidNetworkAclEntry.NotFound", std::string("no ") + (egress ? "egress" : "ingress") +
                                                                 " entry with number " + std::to_string(number) +
                                                                 " in network acl " + acl_id);
}

// Finds the ACL, hands its entries to `edit`, and stores what `edit` left.
template <typename Edit>
void edit_entries(const RequestContext& ctx, const std::string& acl_id, Edit edit) {
  ctx.store.write([&](store::Writer& w) {
    json acl = find_acl(ctx, w, acl_id);
    edit(acl.at("Entries"));
    sort_entries(acl.at("Entries"));
    w.put(ctx.scope(), kind::network_acl, acl_id, std::move(acl));
  });
}

}  // namespace

void create_default_network_acl(store::Writer& w, const RequestContext& ctx, const json& vpc) {
  json acl = acl_document(ctx, vpc, true, json::array());
  w.put(ctx.scope(), kind::network_acl, acl.at("NetworkAclId").get<std::string>(), acl);
}

void associate_default_network_acl(store::Writer& w, const RequestContext& ctx, const std::string& vpc_id,
                                   const std::string& subnet_id) {
  const json* found = default_acl_of(w, ctx, vpc_id);
  if (!found) {  // a VPC stored before ec2sim kept ACLs gets its default one now
    const json* vpc = w.find(ctx.scope(), kind::vpc, vpc_id);
    if (!vpc) return;
    create_default_network_acl(w, ctx, *vpc);
    found = default_acl_of(w, ctx, vpc_id);
  }
  json acl = *found;
  const std::string acl_id = acl.at("NetworkAclId").get<std::string>();
  acl["Associations"].push_back({{"NetworkAclAssociationId", new_id("aclassoc")}, {"NetworkAclId", acl_id}, {"SubnetId", subnet_id}});
  w.put(ctx.scope(), kind::network_acl, acl_id, std::move(acl));
}

void drop_network_acl_association(store::Writer& w, const RequestContext& ctx, const std::string& subnet_id) {
  w.update_each(ctx.scope(), kind::network_acl, [&](const json& acl) -> std::optional<json> {
    json changed = acl;
    auto& associations = changed.at("Associations");
    associations.erase(std::remove_if(associations.begin(), associations.end(),
                                      [&](const json& a) { return a.at("SubnetId") == subnet_id; }),
                       associations.end());
    if (associations.size() == acl.at("Associations").size()) return std::nullopt;
    return changed;
  });
}

void allow_ipv6_in_default_network_acl(store::Writer& w, const RequestContext& ctx, const std::string& vpc_id) {
  const json* found = default_acl_of(w, ctx, vpc_id);
  if (!found) return;
  json acl = *found;
  auto& entries = acl.at("Entries");
  if (entry_index(entries, true, 101) != std::string::npos || entry_index(entries, true, kDenyAllIpv6) != std::string::npos)
    return;  // it has them already (a second IPv6 block)
  for (bool egress : {true, false}) {
    entries.push_back(entry(101, egress, "allow", true));
    entries.push_back(entry(kDenyAllIpv6, egress, "deny", true));
  }
  sort_entries(entries);
  const std::string acl_id = acl.at("NetworkAclId").get<std::string>();  // named: the move below may come first
  w.put(ctx.scope(), kind::network_acl, acl_id, std::move(acl));
}

json create_network_acl(const RequestContext& ctx, const json& input) {
  const std::string vpc_id = input.at("VpcId").get<std::string>();
  json tags = tags_for(input, "network-acl");
  return ctx.store.write([&](store::Writer& w) {
    json out;
    if (input.contains("ClientToken")) out["ClientToken"] = input.at("ClientToken");
    if (const json* made = replayed_resource(w, ctx, "CreateNetworkAcl", input, kind::network_acl, "NetworkAclId")) {
      out["NetworkAcl"] = shown_acl(*made);  // as it is now
      return out;
    }
    json acl = acl_document(ctx, find_vpc(ctx, w, vpc_id), false, std::move(tags));
    const std::string id = acl.at("NetworkAclId").get<std::string>();
    w.put(ctx.scope(), kind::network_acl, id, acl);
    remember_call(w, ctx, "CreateNetworkAcl", input, {{"NetworkAclId", id}});
    out["NetworkAcl"] = shown_acl(std::move(acl));
    return out;
  });
}

json describe_network_acls(const RequestContext& ctx, const json& input) {
  return describe_resources(ctx, input,
                            {kind::network_acl, "NetworkAclIds", "InvalidNetworkAclID.NotFound", "networkAcl ID",
                             "networkAcl IDs", network_acl_filters(), "NetworkAcls"});
}

json delete_network_acl(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("NetworkAclId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    const json acl = find_acl(ctx, w, id);
    if (acl.value("IsDefault", false)) throw ApiError::invalid_value("cannot delete default network ACL " + id);
    if (!acl.at("Associations").empty())
      throw ApiError::client("DependencyViolation", "The networkAcl '" + id + "' has dependencies and cannot be deleted.");
    w.erase(ctx.scope(), kind::network_acl, id);
  });
  return json::object();
}

json create_network_acl_entry(const RequestContext& ctx, const json& input) {
  json wanted = requested_entry(input);
  edit_entries(ctx, input.at("NetworkAclId").get<std::string>(), [&](json& entries) {
    const bool egress = wanted.at("Egress").get<bool>();
    const int number = wanted.at("RuleNumber").get<int>();
    if (entry_index(entries, egress, number) != std::string::npos)
      throw ApiError::client("NetworkAclEntryAlreadyExists",
                             "The network acl entry identified by " + std::to_string(number) + " already exists.");
    const bool ipv6 = wanted.contains("Ipv6CidrBlock");  // AWS counts IPv4 and IPv6 rules apart
    const auto in_direction = std::count_if(entries.begin(), entries.end(), [&](const json& e) {
      return e.at("Egress") == egress && e.contains("Ipv6CidrBlock") == ipv6 && e.at("RuleNumber").get<int>() <= kLastRuleNumber;
    });
    if (static_cast<std::size_t>(in_direction) >= kEntriesPerDirection)
      throw ApiError::client("NetworkAclEntryLimitExceeded", "The maximum number of network acl entries has been reached.");
    entries.push_back(std::move(wanted));
  });
  return json::object();
}

json replace_network_acl_entry(const RequestContext& ctx, const json& input) {
  json wanted = requested_entry(input);
  const std::string acl_id = input.at("NetworkAclId").get<std::string>();
  edit_entries(ctx, acl_id, [&](json& entries) {
    const bool egress = wanted.at("Egress").get<bool>();
    const int number = wanted.at("RuleNumber").get<int>();
    const auto at = entry_index(entries, egress, number);
    if (at == std::string::npos) throw no_entry(acl_id, egress, number);
    entries[at] = std::move(wanted);
  });
  return json::object();
}

json delete_network_acl_entry(const RequestContext& ctx, const json& input) {
  const bool egress = input.at("Egress").get<bool>();
  const int number = input.at("RuleNumber").get<int>();
  const std::string acl_id = input.at("NetworkAclId").get<std::string>();
  edit_entries(ctx, acl_id, [&](json& entries) {
    if (number > kLastRuleNumber)  // the final denies stay
      throw ApiError::invalid_value("Value (" + std::to_string(number) + ") for parameter ruleNumber is invalid. It must be between 1 and " +
                                    std::to_string(kLastRuleNumber) + ".");
    const auto at = entry_index(entries, egress, number);
    if (at == std::string::npos) throw no_entry(acl_id, egress, number);
    entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(at));
  });
  return json::object();
}

json replace_network_acl_association(const RequestContext& ctx, const json& input) {
  const std::string association_id = input.at("AssociationId").get<std::string>();
  const std::string acl_id = input.at("NetworkAclId").get<std::string>();
  return ctx.store.write([&](store::Writer& w) {
    json target = find_acl(ctx, w, acl_id);
    for (const auto& [id, found] : w.all(ctx.scope(), kind::network_acl)) {
      const auto& associations = found.at("Associations");
      const auto it = std::find_if(associations.begin(), associations.end(),
                                   [&](const json& a) { return a.at("NetworkAclAssociationId") == association_id; });
      if (it == associations.end()) continue;
      if (found.at("VpcId") != target.at("VpcId"))
        throw ApiError::invalid_value("Network ACL " + acl_id + " and association " + association_id +
                                      " belong to different networks");
      const std::string subnet_id = it->at("SubnetId").get<std::string>();
      if (id != acl_id) {
        json source = found;
        source["Associations"].erase(static_cast<std::size_t>(it - associations.begin()));
        w.put(ctx.scope(), kind::network_acl, id, std::move(source));
        target = find_acl(ctx, w, acl_id);
      }
      // Moving a subnet gives its association a new id, even back to the same ACL.
      json& kept = target["Associations"];
      kept.erase(std::remove_if(kept.begin(), kept.end(), [&](const json& a) { return a.at("SubnetId") == subnet_id; }),
                 kept.end());
      const std::string new_association = new_id("aclassoc");
      kept.push_back({{"NetworkAclAssociationId", new_association}, {"NetworkAclId", acl_id}, {"SubnetId", subnet_id}});
      w.put(ctx.scope(), kind::network_acl, acl_id, std::move(target));
      return json{{"NewAssociationId", new_association}};
    }
    throw ApiError::client("InvalidAssociationID.NotFound", "The association ID '" + association_id + "' does not exist");
  });
}

}  // namespace ec2sim::sim
