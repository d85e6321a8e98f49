#include "catalog/catalog.hpp"

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

}  // namespace ec2sim::catalog
