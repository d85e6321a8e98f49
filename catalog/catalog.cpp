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

namespace {

// Offerings' shape, checked when the catalog loads; their names, when a Region's types are
// first expanded (catalog/offerings.cpp; the catalog tests expand every Region).
void check_offerings(const nlohmann::ordered_json& doc) {
  auto names = [](const nlohmann::ordered_json& list) {
    if (!list.is_array()) return false;
    return std::all_of(list.begin(), list.end(), [](const auto& n) { return n.is_string(); });
  };
  if (auto sets = doc.find("sets"); sets != doc.end())
    for (const auto& [name, members] : sets->items())
      if (!names(members)) throw std::runtime_error("catalog data is malformed: offerings set " + name + " is no list of names");
  if (auto regions = doc.find("regions"); regions != doc.end())
    for (const auto& [region, entry] : regions->items())
      if (!entry.is_object() || !names(entry.value("offers", nlohmann::ordered_json())) ||
          !names(entry.value("except", nlohmann::ordered_json::array())))
        throw std::runtime_error("catalog data is malformed: offerings of " + region + " name no list of families");
}

}  // namespace

Catalog Catalog::load_builtin() {
  return load(embedded::regions_json(), embedded::instance_types_json(), embedded::images_json(),
              embedded::offerings_json());
}

Catalog Catalog::load(std::string_view regions_json, std::string_view instance_types_json,
                      std::string_view images_json, std::string_view offerings_json) {
  try {
    // Instance types are parsed on first use (the server answers its first request without
    // them, and keeps only what they expand to): reading 240 KB of JSON, even only to check
    // it, would double the time to that first answer. The catalog tests expand them all.
    if (instance_types_json.find("\"families\"") == std::string_view::npos)
      throw std::runtime_error("catalog data is malformed: no instance families");
    check_offerings(nlohmann::ordered_json::parse(offerings_json));
    auto images_doc = nlohmann::ordered_json::parse(images_json);
    if (!images_doc.contains("families")) throw std::runtime_error("catalog data is malformed: no image families");
    return Catalog(load_regions(nlohmann::ordered_json::parse(regions_json)), std::string(instance_types_json),
                   std::move(images_doc), std::string(offerings_json));
  } catch (const nlohmann::ordered_json::exception& e) {
    throw std::runtime_error(std::string("catalog data is malformed: ") + e.what());
  }
}

Catalog::Catalog(std::vector<Region> regions, std::string instance_types_json, nlohmann::ordered_json images_doc,
                 std::string offerings_json)
    : regions_(std::move(regions)),
      instance_types_json_(std::move(instance_types_json)),
      images_doc_(std::move(images_doc)),
      offerings_json_(std::move(offerings_json)) {
  for (std::size_t i = 0; i < regions_.size(); ++i) {
    images_.push_back(std::make_unique<LazyImages>());
    offerings_.push_back(std::make_unique<LazyOfferings>());
  }
}

const Region* Catalog::find_region(std::string_view name) const {
  for (const auto& r : regions_)
    if (r.name == name) return &r;
  return nullptr;
}

const std::vector<InstanceType>& Catalog::instance_types() const {
  std::call_once(instance_types_once_, [this] {
    instance_types_ = load_instance_types(nlohmann::ordered_json::parse(instance_types_json_));
    std::sort(instance_types_.begin(), instance_types_.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
  });
  return instance_types_;
}

const InstanceType* Catalog::find_instance_type(std::string_view name) const {
  const auto& types = instance_types();
  auto it = std::lower_bound(types.begin(), types.end(), name,
                             [](const InstanceType& t, std::string_view n) { return t.name < n; });
  return (it != types.end() && it->name == name) ? &*it : nullptr;
}

const std::vector<const InstanceType*>& Catalog::offered_types(std::string_view region) const {
  static const std::vector<const InstanceType*> kNone;
  for (std::size_t i = 0; i < regions_.size(); ++i) {
    if (regions_[i].name != region) continue;
    auto& lazy = *offerings_[i];
    std::call_once(lazy.once, [&] {
      lazy.types = load_offerings(nlohmann::ordered_json::parse(offerings_json_), regions_[i].name, instance_types());
    });
    return lazy.types;
  }
  return kNone;
}

bool Catalog::offers(std::string_view region, std::string_view type) const {
  const auto& offered = offered_types(region);
  auto it = std::lower_bound(offered.begin(), offered.end(), type,
                             [](const InstanceType* t, std::string_view n) { return t->name < n; });
  return it != offered.end() && (*it)->name == type;
}

const Catalog::LazyImages* Catalog::lazy_images(std::string_view region) const {
  for (std::size_t i = 0; i < regions_.size(); ++i) {
    if (regions_[i].name != region) continue;
    auto& lazy = *images_[i];
    std::call_once(lazy.once, [&] {
      lazy.images = load_images(images_doc_, regions_[i].name);
      lazy.parameters = load_public_parameters(images_doc_, regions_[i].name);
    });
    return &lazy;
  }
  return nullptr;
}

const std::vector<Image>& Catalog::images(std::string_view region) const {
  static const std::vector<Image> kNone;
  const auto* lazy = lazy_images(region);
  return lazy ? lazy->images : kNone;
}

const std::vector<PublicParameter>& Catalog::public_parameters(std::string_view region) const {
  static const std::vector<PublicParameter> kNone;
  const auto* lazy = lazy_images(region);
  return lazy ? lazy->parameters : kNone;
}

const Image* Catalog::find_image(std::string_view region, std::string_view id) const {
  const auto& all = images(region);
  auto it = std::lower_bound(all.begin(), all.end(), id, [](const Image& i, std::string_view v) { return i.id < v; });
  return it != all.end() && it->id == id ? &*it : nullptr;
}

const Image* Catalog::image_with_snapshot(std::string_view region, std::string_view snapshot_id) const {
  for (const auto& image : images(region))
    if (image.info.at("BlockDeviceMappings").at(0).at("Ebs").value("SnapshotId", "") == snapshot_id) return &image;
  return nullptr;
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
