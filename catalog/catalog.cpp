#include "catalog/catalog.hpp"

#include <algorithm>
#include <stdexcept>

#include <openssl/sha.h>

#include "catalog/embedded_data.hpp"

namespace ec2sim::catalog {

const Zone* Region::find_zone(std::string_view zone_name) const {
  for (const auto& z : zones)
    if (z.name == zone_name) return &z;
  return nullptr;
}

Catalog Catalog::load_builtin() {
  return load(embedded::regions_json(), embedded::instance_types_json(), embedded::images_json());
}

Catalog Catalog::load(std::string_view regions_json, std::string_view instance_types_json,
                      std::string_view images_json) {
  Catalog c;
  try {
    c.regions_ = load_regions(nlohmann::json::parse(regions_json));
    c.instance_types_ = load_instance_types(nlohmann::json::parse(instance_types_json));
    auto images_doc = nlohmann::json::parse(images_json);
    for (const auto& r : c.regions_) c.images_.emplace(r.name, load_images(images_doc, r.name));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("catalog data is malformed: ") + e.what());
  }
  std::sort(c.instance_types_.begin(), c.instance_types_.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return c;
}

const Region* Catalog::find_region(std::string_view name) const {
  for (const auto& r : regions_)
    if (r.name == name) return &r;
  return nullptr;
}

const InstanceType* Catalog::find_instance_type(std::string_view name) const {
  auto it = std::lower_bound(instance_types_.begin(), instance_types_.end(), name,
                             [](const InstanceType& t, std::string_view n) { return t.name < n; });
  return (it != instance_types_.end() && it->name == name) ? &*it : nullptr;
}

const std::vector<Image>& Catalog::images(std::string_view region) const {
  static const std::vector<Image> kNone;
  auto it = images_.find(region);
  return it == images_.end() ? kNone : it->second;
}

std::string stable_id(std::string_view prefix, std::string_view seed) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(seed.data()), seed.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(prefix);
  id += '-';
  for (int i = 0; i < 17; ++i) id += kHex[(digest[i / 2] >> (i % 2 ? 0 : 4)) & 0xF];
  return id;
}

}  // namespace ec2sim::catalog
