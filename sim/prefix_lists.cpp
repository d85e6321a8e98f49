// Prefix lists: AWS's own for S3 and DynamoDB in each Region (DescribePrefixLists, and
// among the managed lists with owner "AWS"), and managed prefix lists of one's own —
// created with entries and a maximum, modified version by version (CurrentVersion must be
// the list's), their entries read at any version, deleted while nothing uses them — named
// by security group rules and routes (GetManagedPrefixListAssociations).
#include "sim/prefix_lists.hpp"

#include <algorithm>

#include "sim/client_tokens.hpp"
#include "sim/describe.hpp"
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/ipv6_cidrs.hpp"
#include "sim/pagination.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/tags.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

const FilterTable& prefix_list_filters() {
  static const FilterTable table{{
                                     {"owner-id", Path::path("OwnerId")},
                                     {"prefix-list-id", Path::path("PrefixListId")},
                                     {"prefix-list-name", Path::path("PrefixListName")},
                                 },
                                 true};
  return table;
}

// AWS's lists of a Region: a service's address ranges there. The ranges are ec2sim's own
// (deterministic per Region, in AWS's 52.x space); the names and shape are AWS's.
std::vector<json> aws_lists(const RequestContext& ctx) {
  std::vector<json> out;
  const auto& regions = ctx.catalog.regions();
  const auto at = std::find_if(regions.begin(), regions.end(), [&](const catalog::Region& r) { return r.name == ctx.region.name; });
  const int n = static_cast<int>(at - regions.begin());
  for (const auto& [service, base] : {std::pair<std::string, int>{"s3", 0}, {"dynamodb", 128}}) {
    const std::string name = "com.amazonaws." + ctx.region.name + "." + service;
    const std::string id = "pl-" + catalog::stable_id("pl", name).substr(3, 8);  // AWS's lists have short ids
    json cidrs = json::array();
    for (int k = 0; k < 3; ++k) cidrs.push_back("52." + std::to_string(94 + (n * 3 + k) % 100) + "." + std::to_string(base + 16 * k) + ".0/22");
    out.push_back({{"_Id", id}, {"PrefixListId", id}, {"AddressFamily", "IPv4"}, {"State", "create-complete"},
                   {"PrefixListArn", "arn:aws:ec2:" + ctx.region.name + ":aws:prefix-list/" + id},
                   {"PrefixListName", name}, {"MaxEntries", static_cast<int>(cidrs.size())}, {"Version", 1},
                   {"Tags", json::array()}, {"OwnerId", "AWS"}, {"_Cidrs", cidrs}});
  }
  return out;
}

ApiError prefix_list_not_found(const std::string& id) {
  return ApiError::client("InvalidPrefixListID.NotFound", "The prefix list ID '" + id + "' does not exist");
}

// The entries of version `version` of a list of one's own.
const json& entries_at(const json& list, int version) {
  for (const auto& v : list.at("_Versions"))
    if (v.at("Version") == version) return v.at("Entries");
  throw ApiError::client("InvalidParameterValue", "Version " + std::to_string(version) + " of prefix list " +
                                                      list.at("PrefixListId").get<std::string>() + " does not exist.");
}

const json& current_entries(const json& list) { return entries_at(list, list.at("Version").get<int>()); }

// Entries as requested, checked for the list's address family.
json checked_entries(const json& entries, const std::string& family) {
  json out = json::array();
  for (const auto& e : entries) {
    const std::string cidr = e.value("Cidr", "");
    const bool ok = family == "IPv4" ? is_ipv4_cidr(cidr) : !ipv6_canonical(cidr).empty();
    if (!ok) throw ApiError::invalid_value("The CIDR " + cidr + " is not a valid " + family + " CIDR block.");
    json entry = {{"Cidr", family == "IPv4" ? cidr : ipv6_canonical(cidr)}};
    if (e.contains("Description")) entry["Description"] = e.at("Description");
    out.push_back(std::move(entry));
  }
  return out;
}

// What names list `id`: security groups (by rule) and route tables (by route).
json associations_of(const store::Reader& r, const RequestContext& ctx, const std::string& id) {
  json out = json::array();
  for (const auto& [gid, group] : r.all(ctx.scope(), kind::security_group))
    for (const auto& rule : group.at("_Rules"))
      if (rule.value("PrefixListId", "") == id) {
        out.push_back({{"ResourceId", gid}, {"ResourceOwner", ctx.account_id}});
        break;
      }
  for (const auto& [tid, table] : r.all(ctx.scope(), kind::route_table))
    for (const auto& route : table.at("Routes"))
      if (route.value("DestinationPrefixListId", "") == id) {
        out.push_back({{"ResourceId", tid}, {"ResourceOwner", ctx.account_id}});
        break;
      }
  return out;
}

json find_own(const store::Reader& r, const RequestContext& ctx, const std::string& id) {
  if (!is_id(id, "pl")) throw ApiError::client("InvalidPrefixListID.Malformed", "The prefix list ID '" + id + "' is malformed.");
  const json* list = r.find(ctx.scope(), kind::prefix_list, id);
  if (!list) {
    for (const auto& aws : aws_lists(ctx))
      if (aws.at("PrefixListId") == id)
        throw ApiError::client("UnauthorizedOperation", "The prefix list " + id + " is AWS's: it cannot be changed.");
    throw prefix_list_not_found(id);
  }
  return *list;
}

json shown_list(json list) {
  for (const char* key : {"_Id", "_Versions", "_Cidrs"}) list.erase(key);
  return list;
}

void check_max_entries(const json& max_entries, std::size_t count) {
  const int max = max_entries.get<int>();
  if (max < 1 || max > 1000) throw ApiError::invalid_value("MaxEntries must be between 1 and 1000; " + std::to_string(max) + " is not.");
  if (count > static_cast<std::size_t>(max))
    throw ApiError::client("PrefixListMaxEntriesExceeded", "The prefix list has " + std::to_string(count) +
                                                               " entries, more than its maximum of " + std::to_string(max) + ".");
}

}  // namespace

json find_prefix_list(const store::Reader& r, const RequestContext& ctx, const std::string& id) {
  if (const json* list = r.find(ctx.scope(), kind::prefix_list, id)) return *list;
  for (auto& aws : aws_lists(ctx))
    if (aws.at("PrefixListId") == id) return aws;
  throw prefix_list_not_found(id);
}

std::string aws_prefix_list_id(const RequestContext& ctx, const std::string& name) {
  for (const auto& aws : aws_lists(ctx))
    if (aws.at("PrefixListName") == name) return aws.at("PrefixListId").get<std::string>();
  return "";
}

json describe_prefix_lists(const RequestContext& ctx, const json& input) {
  static const FilterTable kFilters{{{"prefix-list-id", Path::path("PrefixListId")}, {"prefix-list-name", Path::path("PrefixListName")}}};
  std::vector<json> lists;  // AWS's, as this older call shows them
  for (auto& aws : aws_lists(ctx))
    lists.push_back({{"_Id", aws.at("_Id")}, {"Cidrs", aws.at("_Cidrs")}, {"PrefixListId", aws.at("PrefixListId")},
                     {"PrefixListName", aws.at("PrefixListName")}});
  return describe_documents(input, std::move(lists),
                            {kind::prefix_list, "PrefixListIds", "InvalidPrefixListID.NotFound", "prefix list ID", "prefix list IDs",
                             kFilters, "PrefixLists"});
}

json create_managed_prefix_list(const RequestContext& ctx, const json& input) {
  const std::string family = input.at("AddressFamily").get<std::string>();
  if (family != "IPv4" && family != "IPv6")
    throw ApiError::invalid_value("Value (" + family + ") for parameter addressFamily is invalid. Valid values: IPv4, IPv6.");
  json entries = checked_entries(input.value("Entries", json::array()), family);
  check_max_entries(input.at("MaxEntries"), entries.size());
  json tags = tags_for(input, "prefix-list");
  return ctx.store.write([&](store::Writer& w) {
    if (const json* made = replayed_resource(w, ctx, "CreateManagedPrefixList", input, kind::prefix_list, "PrefixListId"))
      return json{{"PrefixList", shown_list(*made)}};
    const std::string id = new_id("pl");
    json list = {{"_Id", id}, {"PrefixListId", id}, {"AddressFamily", family}, {"State", "create-complete"},
                 {"PrefixListArn", "arn:aws:ec2:" + ctx.region.name + ":" + ctx.account_id + ":prefix-list/" + id},
                 {"PrefixListName", input.at("PrefixListName")}, {"MaxEntries", input.at("MaxEntries")}, {"Version", 1},
                 {"Tags", std::move(tags)}, {"OwnerId", ctx.account_id},
                 {"_Versions", json::array({{{"Version", 1}, {"Entries", entries}}})}};
    w.put(ctx.scope(), kind::prefix_list, id, list);
    remember_call(w, ctx, "CreateManagedPrefixList", input, {{"PrefixListId", id}});
    list["State"] = "create-in-progress";  // as the create call reports it; complete at once
    return json{{"PrefixList", shown_list(std::move(list))}};
  });
}

json describe_managed_prefix_lists(const RequestContext& ctx, const json& input) {
  std::vector<json> lists = ctx.store.list(ctx.scope(), kind::prefix_list);
  for (auto& aws : aws_lists(ctx)) lists.push_back(std::move(aws));
  return describe_documents(input, std::move(lists),
                            {kind::prefix_list, "PrefixListIds", "InvalidPrefixListID.NotFound", "prefix list ID", "prefix list IDs",
                             prefix_list_filters(), "PrefixLists"});
}

json get_managed_prefix_list_entries(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("PrefixListId").get<std::string>();
  const json list = ctx.store.read([&](const store::Reader& r) { return find_prefix_list(r, ctx, id); });
  json entries = json::array();
  if (list.contains("_Cidrs")) {  // AWS's own
    for (const auto& cidr : list.at("_Cidrs")) entries.push_back({{"Cidr", cidr}});
  } else {
    entries = input.contains("TargetVersion") ? entries_at(list, static_cast<int>(input.at("TargetVersion").get<std::int64_t>()))
                                              : current_entries(list);
  }
  std::sort(entries.begin(), entries.end(), [](const json& a, const json& b) { return a.at("Cidr") < b.at("Cidr"); });
  std::vector<const json*> all;
  for (const auto& e : entries) all.push_back(&e);
  return paged_result(
      "Entries", all, page_request(input, 0), [](const json& e) -> const std::string& { return e.at("Cidr").get_ref<const std::string&>(); },
      [](const json& e) { return e; });
}

json modify_managed_prefix_list(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("PrefixListId").get<std::string>();
  return ctx.store.write([&](store::Writer& w) {
    json list = find_own(w, ctx, id);
    const int version = list.at("Version").get<int>();
    if (input.contains("CurrentVersion") && input.at("CurrentVersion").get<std::int64_t>() != version)
      throw ApiError::client("PrefixListVersionMismatch", "The prefix list " + id + " is at version " + std::to_string(version) +
                                                              ", not " + std::to_string(input.at("CurrentVersion").get<std::int64_t>()) + ".");
    if (input.contains("PrefixListName")) list["PrefixListName"] = input.at("PrefixListName");
    const bool changes_entries = input.contains("AddEntries") || input.contains("RemoveEntries");
    if (changes_entries && input.contains("MaxEntries"))
      throw ApiError::invalid_combination("MaxEntries cannot be changed in the same request as the entries.");
    json entries = current_entries(list);
    const std::string family = list.at("AddressFamily").get<std::string>();
    for (const auto& removed : checked_entries(input.value("RemoveEntries", json::array()), family)) {
      auto it = std::find_if(entries.begin(), entries.end(), [&](const json& e) { return e.at("Cidr") == removed.at("Cidr"); });
      if (it == entries.end())
        throw ApiError::invalid_value("The CIDR " + removed.at("Cidr").get<std::string>() + " is not an entry of prefix list " + id + ".");
      entries.erase(it);
    }
    for (const auto& added : checked_entries(input.value("AddEntries", json::array()), family)) {
      auto it = std::find_if(entries.begin(), entries.end(), [&](const json& e) { return e.at("Cidr") == added.at("Cidr"); });
      if (it != entries.end()) *it = added;  // a description changes
      else entries.push_back(added);
    }
    if (input.contains("MaxEntries")) list["MaxEntries"] = input.at("MaxEntries");
    check_max_entries(list.at("MaxEntries"), entries.size());
    if (changes_entries) {
      list["Version"] = version + 1;
      list["_Versions"].push_back({{"Version", version + 1}, {"Entries", std::move(entries)}});
    }
    w.put(ctx.scope(), kind::prefix_list, id, list);
    list["State"] = "modify-in-progress";  // as the call reports it; complete at once
    return json{{"PrefixList", shown_list(std::move(list))}};
  });
}

json delete_managed_prefix_list(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("PrefixListId").get<std::string>();
  return ctx.store.write([&](store::Writer& w) {
    json list = find_own(w, ctx, id);
    if (!associations_of(w, ctx, id).empty())
      throw ApiError::client("PrefixListInUse", "The prefix list " + id + " is in use by a security group or a route table.");
    w.erase(ctx.scope(), kind::prefix_list, id);
    list["State"] = "delete-in-progress";
    return json{{"PrefixList", shown_list(std::move(list))}};
  });
}

json get_managed_prefix_list_associations(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("PrefixListId").get<std::string>();
  const json associations = ctx.store.read([&](const store::Reader& r) {
    find_prefix_list(r, ctx, id);
    return associations_of(r, ctx, id);
  });
  std::vector<const json*> all;
  for (const auto& a : associations) all.push_back(&a);
  return paged_result(
      "PrefixListAssociations", all, page_request(input, 0),
      [](const json& a) -> const std::string& { return a.at("ResourceId").get_ref<const std::string&>(); },
      [](const json& a) { return a; });
}

}  // namespace ec2sim::sim
