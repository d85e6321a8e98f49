// CreateTags, DeleteTags and DescribeTags across every kind of resource the account owns.
#include <algorithm>

#include "sim/errors.hpp"
#include "sim/filters.hpp"
#include "sim/handlers.hpp"
#include "sim/pagination.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/tags.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

struct TaggableKind {
  std::string_view prefix;         // id prefix: "i" for i-…
  std::string_view store_type;     // kind::instance
  std::string_view resource_type;  // as DescribeTags names it
  std::string_view not_found;      // error code for an unknown id
};

constexpr TaggableKind kKinds[] = {
    {"i", kind::instance, "instance", "InvalidInstanceID.NotFound"},
    {"vol", kind::volume, "volume", "InvalidVolume.NotFound"},
    {"sg", kind::security_group, "security-group", "InvalidGroup.NotFound"},
    {"vpc", kind::vpc, "vpc", "InvalidVpcID.NotFound"},
    {"subnet", kind::subnet, "subnet", "InvalidSubnetID.NotFound"},
    {"igw", kind::internet_gateway, "internet-gateway", "InvalidInternetGatewayID.NotFound"},
    {"eigw", kind::egress_only_internet_gateway, "egress-only-internet-gateway", "InvalidEgressOnlyInternetGatewayId.NotFound"},
    {"rtb", kind::route_table, "route-table", "InvalidRouteTableID.NotFound"},
    {"eni", kind::network_interface, "network-interface", "InvalidNetworkInterfaceID.NotFound"},
    {"vpce", kind::vpc_endpoint, "vpc-endpoint", "InvalidVpcEndpointId.NotFound"},
    {"pl", kind::prefix_list, "prefix-list", "InvalidPrefixListID.NotFound"},
    {"lt", kind::launch_template, "launch-template", "InvalidLaunchTemplateId.NotFound"},
    {"acl", kind::network_acl, "network-acl", "InvalidNetworkAclID.NotFound"},
    {"dopt", kind::dhcp_options, "dhcp-options", "InvalidDhcpOptionID.NotFound"},
    {"nat", kind::nat_gateway, "natgateway", "NatGatewayNotFound"},
    {"scr", kind::subnet_cidr_reservation, "subnet-cidr-reservation", "InvalidSubnetCidrReservationID.NotFound"},
    {"pcx", kind::vpc_peering_connection, "vpc-peering-connection", "InvalidVpcPeeringConnectionID.NotFound"},
    {"sir", kind::spot_instance_request, "spot-instances-request", "InvalidSpotInstanceRequestID.NotFound"},
    {"key", kind::key_pair, "key-pair", "InvalidKeyPair.NotFound"},
    {"pg", kind::placement_group, "placement-group", "InvalidPlacementGroup.Unknown"},
    {"snap", kind::snapshot, "snapshot", "InvalidSnapshot.NotFound"},
    {"ami", kind::image, "image", "InvalidAMIID.NotFound"},
    {"eipalloc", kind::address, "elastic-ip", "InvalidAllocationID.NotFound"},
};

const TaggableKind* kind_of(const std::string& id) {
  auto dash = id.rfind('-');
  if (dash == std::string::npos) return nullptr;
  for (const auto& k : kKinds)
    if (id.compare(0, dash, k.prefix) == 0) return &k;
  return nullptr;
}

// A security group rule (sgr-…) lives in its group's document, under `_Rules`.
constexpr std::string_view kRuleType = "security-group-rule";

// Applies `change` to the tags of rule `id` inside its group; false when no group has it.
template <class Change>
bool retag_rule(const RequestContext& ctx, store::Writer& w, const std::string& id, Change& change) {
  for (const auto& [group_id, group] : w.all(ctx.scope(), kind::security_group)) {
    const auto& rules = group.at("_Rules");
    auto rule = std::find_if(rules.begin(), rules.end(), [&](const json& r) { return r.at("SecurityGroupRuleId") == id; });
    if (rule == rules.end()) continue;
    json updated = group;
    json& tags = updated["_Rules"][static_cast<std::size_t>(rule - rules.begin())]["Tags"];
    if (!tags.is_array()) tags = json::array();
    change(tags);
    validate_tags(tags);
    w.put(ctx.scope(), kind::security_group, group_id, std::move(updated));
    return true;
  }
  return false;
}

// Applies `change` to the tags of an instance's primary interface (eni-…), which live in
// the instance's record (`_EniTags`); false when no instance has it.
template <class Change>
bool retag_primary_interface(const RequestContext& ctx, store::Writer& w, const std::string& id, Change& change) {
  for (const auto& [instance_id, instance] : w.all(ctx.scope(), kind::instance)) {
    if (instance.value("_EniId", "") != id) continue;
    json updated = instance;
    json tags = updated.value("_EniTags", json::array());
    change(tags);
    validate_tags(tags);
    if (tags.empty()) updated.erase("_EniTags");
    else updated["_EniTags"] = std::move(tags);
    const std::string key = instance_id;  // before the put below disturbs the walk
    w.put(ctx.scope(), kind::instance, key, std::move(updated));
    return true;
  }
  return false;
}

// Applies `change` to the Tags of every resource `input` names, in one transaction.
template <class Change>
void retag(const RequestContext& ctx, const json& input, Change change) {
  ctx.store.write([&](store::Writer& w) {
    for (const auto& v : input.at("Resources")) {
      const std::string id = v.get<std::string>();
      if (id.starts_with("sgr-")) {
        if (!retag_rule(ctx, w, id, change))
          throw ApiError::client("InvalidSecurityGroupRuleId.NotFound", "The security group rule ID '" + id + "' does not exist");
        continue;
      }
      const TaggableKind* kind = kind_of(id);
      if (!kind) throw ApiError::client("InvalidID", "The ID '" + id + "' is not valid");
      const json* doc = w.find(ctx.scope(), kind->store_type, id);
      if (!doc && kind->store_type == kind::network_interface && retag_primary_interface(ctx, w, id, change)) continue;
      if (!doc)
        throw ApiError::client(std::string(kind->not_found), "The ID '" + id + "' does not exist");
      json updated = *doc;
      json tags = updated.value("Tags", json::array());
      change(tags);
      validate_tags(tags);
      updated["Tags"] = std::move(tags);
      w.put(ctx.scope(), kind->store_type, id, std::move(updated));
    }
  });
}

const FilterTable& tag_filters() {
  static const FilterTable table{{
      {"key", Path::path("Key")},
      {"value", Path::path("Value")},
      {"resource-id", Path::path("ResourceId")},
      {"resource-type", Path::path("ResourceType")},
  }};
  return table;
}

}  // namespace

json create_tags(const RequestContext& ctx, const json& input) {
  retag(ctx, input, [&](json& tags) {
    for (const auto& t : input.at("Tags")) {
      const std::string key = t.value("Key", "");
      const std::string value = t.value("Value", "");
      bool replaced = false;
      for (auto& existing : tags)
        if (existing.at("Key") == key) {
          existing["Value"] = value;
          replaced = true;
        }
      if (!replaced) tags.push_back({{"Key", key}, {"Value", value}});
    }
  });
  return json::object();
}

json delete_tags(const RequestContext& ctx, const json& input) {
  retag(ctx, input, [&](json& tags) {
    // No Tags: delete them all. A tag with a Value: only if the value matches.
    if (!input.contains("Tags") || input.at("Tags").empty()) {
      tags = json::array();
      return;
    }
    for (const auto& t : input.at("Tags")) {
      json kept = json::array();
      for (const auto& existing : tags) {
        bool drop = existing.at("Key") == t.value("Key", "") && (!t.contains("Value") || existing.at("Value") == t.at("Value"));
        if (!drop) kept.push_back(existing);
      }
      tags = std::move(kept);
    }
  });
  return json::object();
}

json describe_tags(const RequestContext& ctx, const json& input) {
  auto filters = filters_from_request(input);
  tag_filters().validate(filters);
  auto page = page_request(input, 0);
  std::vector<json> rows;
  auto add_row = [&](const std::string& id, std::string_view type, const json& tag) {
    json row = {{"Key", tag.at("Key")}, {"ResourceId", id}, {"ResourceType", type}, {"Value", tag.at("Value")}};
    row["_PageKey"] = id + "/" + tag.at("Key").get<std::string>();
    if (tag_filters().matches(filters, row)) rows.push_back(std::move(row));
  };
  ctx.store.read([&](const store::Reader& w) {
    for (const auto& kind : kKinds) {
      for (const auto& [id, doc] : w.all(ctx.scope(), kind.store_type)) {  // stored by their ids
        auto tags = doc.find("Tags");
        if (tags == doc.end()) continue;
        for (const auto& t : *tags) add_row(id, kind.resource_type, t);
      }
    }
    for (const auto& [id, instance] : w.all(ctx.scope(), kind::instance))  // primary interfaces' tags live in their instances
      if (auto tags = instance.find("_EniTags"); tags != instance.end())
        for (const auto& t : *tags) add_row(instance.at("_EniId").get<std::string>(), "network-interface", t);
    for (const auto& [id, group] : w.all(ctx.scope(), kind::security_group))
      for (const auto& rule : group.at("_Rules"))
        for (const auto& t : rule.value("Tags", json::array()))
          add_row(rule.at("SecurityGroupRuleId").get<std::string>(), kRuleType, t);
  });
  std::sort(rows.begin(), rows.end(), [](const json& a, const json& b) { return a.at("_PageKey") < b.at("_PageKey"); });
  std::vector<const json*> refs;
  for (const auto& r : rows) refs.push_back(&r);
  return paged_result(
      "Tags", refs, page, [](const json& r) -> const std::string& { return r.at("_PageKey").get_ref<const std::string&>(); },
      [](const json& r) { return r; });
}

}  // namespace ec2sim::sim
