#include "catalog/catalog.hpp"
#include "catalog/embedded_data.hpp"

namespace ec2sim::catalog {

std::vector<Region> load_regions(const nlohmann::ordered_json& doc) {
  std::vector<Region> out;
  for (const auto& r : doc.at("regions")) {
    Region region;
    region.name = r.at("name").get<std::string>();
    region.opt_in = r.at("opt_in").get<bool>();
    const auto prefix = r.at("zone_prefix").get<std::string>();
    for (const auto& z : r.at("zones"))
      region.zones.push_back({region.name + z.at(0).get<std::string>(), prefix + "-az" + std::to_string(z.at(1).get<int>())});
    out.push_back(std::move(region));
  }
  return out;
}

std::string_view builtin_zone_id(std::string_view zone_name) {
  static const std::vector<Region> regions = load_regions(nlohmann::ordered_json::parse(embedded::regions_json()));
  for (const auto& region : regions)
    if (const Zone* zone = zone_name.starts_with(region.name) ? region.find_zone(zone_name) : nullptr) return zone->id;
  return {};
}

}  // namespace ec2sim::catalog
