// DescribeRegions and DescribeAvailabilityZones over the catalog.
#include "sim/errors.hpp"
#include "sim/filters.hpp"
#include "sim/handlers.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

json region_json(const catalog::Region& r) {
  return {{"Endpoint", "ec2." + r.name + ".amazonaws.com"},
          {"RegionName", r.name},
          {"OptInStatus", r.opt_in ? "opted-in" : "opt-in-not-required"}};
}

json zone_json(const catalog::Region& r, const catalog::Zone& z) {
  return {{"State", "available"},
          {"OptInStatus", "opt-in-not-required"},
          {"Messages", json::array()},
          {"RegionName", r.name},
          {"ZoneName", z.name},
          {"ZoneId", z.id},
          {"GroupName", r.name},
          {"NetworkBorderGroup", r.name},
          {"ZoneType", "availability-zone"}};
}

const FilterTable& region_filters() {
  static const FilterTable table{
      {"endpoint", FilterTable::path("Endpoint")},
      {"region-name", FilterTable::path("RegionName")},
      {"opt-in-status", FilterTable::path("OptInStatus")},
  };
  return table;
}

const FilterTable& zone_filters() {
  static const FilterTable table{
      {"group-name", FilterTable::path("GroupName")},
      {"message", FilterTable::path("Messages.Message")},
      {"opt-in-status", FilterTable::path("OptInStatus")},
      {"parent-zone-id", FilterTable::path("ParentZoneId")},
      {"parent-zone-name", FilterTable::path("ParentZoneName")},
      {"region-name", FilterTable::path("RegionName")},
      {"state", FilterTable::path("State")},
      {"zone-id", FilterTable::path("ZoneId")},
      {"zone-name", FilterTable::path("ZoneName")},
      {"zone-type", FilterTable::path("ZoneType")},
      {"network-border-group", FilterTable::path("NetworkBorderGroup")},
  };
  return table;
}

std::vector<std::string> strings(const json& input, const char* member) {
  std::vector<std::string> out;
  if (auto it = input.find(member); it != input.end())
    for (const auto& v : *it) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

json describe_regions(const RequestContext& ctx, const json& input) {
  auto filters = filters_from_request(input);
  region_filters().validate(filters);
  auto names = strings(input, "RegionNames");
  for (const auto& n : names)
    if (!ctx.catalog.find_region(n)) throw ApiError::invalid_value("Invalid region names: [" + n + "]");
  // Every Region is enabled for ec2sim accounts, so AllRegions changes nothing.
  json regions = json::array();
  for (const auto& r : ctx.catalog.regions()) {
    if (!names.empty() && std::find(names.begin(), names.end(), r.name) == names.end()) continue;
    json doc = region_json(r);
    if (region_filters().matches(filters, doc)) regions.push_back(std::move(doc));
  }
  return {{"Regions", std::move(regions)}};
}

json describe_availability_zones(const RequestContext& ctx, const json& input) {
  auto filters = filters_from_request(input);
  zone_filters().validate(filters);
  auto names = strings(input, "ZoneNames");
  auto ids = strings(input, "ZoneIds");
  const auto& zones = ctx.region.zones;
  auto known = [&](auto member, const std::string& v) {
    return std::any_of(zones.begin(), zones.end(), [&](const catalog::Zone& z) { return z.*member == v; });
  };
  for (const auto& n : names)
    if (!known(&catalog::Zone::name, n)) throw ApiError::invalid_value("Invalid availability zone: [" + n + "]");
  for (const auto& id : ids)
    if (!known(&catalog::Zone::id, id)) throw ApiError::invalid_value("Invalid availability zone ID: [" + id + "]");
  auto wanted = [](const std::vector<std::string>& list, const std::string& v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
  };
  json out = json::array();
  for (const auto& z : zones) {
    // ZoneNames and ZoneIds together select the union, as on AWS.
    bool selected = (names.empty() && ids.empty()) || (!names.empty() && wanted(names, z.name)) ||
                    (!ids.empty() && wanted(ids, z.id));
    if (!selected) continue;
    json doc = zone_json(ctx.region, z);
    if (zone_filters().matches(filters, doc)) out.push_back(std::move(doc));
  }
  return {{"AvailabilityZones", std::move(out)}};
}

}  // namespace ec2sim::sim
