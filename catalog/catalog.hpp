// The catalog: what AWS offers everyone, independent of any account — Regions and their
// Availability Zones, instance types, public AMIs. It is read-only data that we wrote
// ourselves (catalog/*.json, embedded into the binary at build time), expanded into the
// shapes the EC2 API returns so the describe operations only filter and page it.
//
// Regions are expanded when the catalog is built; instance types, and each Region's
// images and offered types, the first time they are asked for (thread-safe, once). That keeps start-up to a
// few milliseconds: a server answers its first request long before it has needed them.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ec2sim::catalog {

struct Zone {
  std::string name;  // ap-northeast-2a
  std::string id;    // apne2-az1
};

struct Region {
  std::string name;
  bool opt_in = false;  // launched after March 2019: opt-in on AWS, opted in here
  std::vector<Zone> zones;

  const Zone* find_zone(std::string_view zone_name) const;
};

struct InstanceType {
  std::string name;    // m5.large
  std::string family;  // m5
  nlohmann::ordered_json info; // an InstanceTypeInfo, member names as in the model
};

struct Image {
  std::string id;
  nlohmann::ordered_json info;  // an Image, member names as in the model
};

// A public SSM parameter naming the newest image of a family, as AWS publishes them
// (/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 …).
struct PublicParameter {
  std::string name;
  std::string value;          // the image id
  std::string last_modified;  // ISO 8601: the image's creation date
};

class Catalog {
 public:
  // Loads the JSON embedded in the binary. Throws std::runtime_error if it is malformed.
  static Catalog load_builtin();
  // Loads from explicit JSON texts (tests use this to load small catalogs).
  static Catalog load(std::string_view regions_json, std::string_view instance_types_json,
                      std::string_view images_json, std::string_view offerings_json = "{}");

  const std::vector<Region>& regions() const { return regions_; }
  const Region* find_region(std::string_view name) const;

  const std::vector<InstanceType>& instance_types() const;  // sorted by name, every Region's
  const InstanceType* find_instance_type(std::string_view name) const;
  // The types `region` offers, sorted by name (empty for an unknown Region), and whether
  // it offers one.
  const std::vector<const InstanceType*>& offered_types(std::string_view region) const;
  bool offers(std::string_view region, std::string_view type) const;

  // The public images of `region`, sorted by id; empty for an unknown region.
  const std::vector<Image>& images(std::string_view region) const;
  // One of them by id (a binary search), or null.
  const Image* find_image(std::string_view region, std::string_view id) const;
  // The public image whose root volume is snapshot `snapshot_id` in `region`, or null.
  const Image* image_with_snapshot(std::string_view region, std::string_view snapshot_id) const;
  // The public parameters naming `region`'s newest images, sorted by name.
  const std::vector<PublicParameter>& public_parameters(std::string_view region) const;

 private:
  Catalog(std::vector<Region> regions, std::string instance_types_json, nlohmann::ordered_json images_doc,
          std::string offerings_json);

  struct LazyImages {
    std::once_flag once;
    std::vector<Image> images;
    std::vector<PublicParameter> parameters;
  };
  const LazyImages* lazy_images(std::string_view region) const;  // loaded; null for an unknown Region
  struct LazyOfferings {
    std::once_flag once;
    std::vector<const InstanceType*> types;
  };

  std::vector<Region> regions_;
  std::string instance_types_json_;  // parsed once, on first use
  nlohmann::ordered_json images_doc_;
  mutable std::once_flag instance_types_once_;
  mutable std::vector<InstanceType> instance_types_;
  std::vector<std::unique_ptr<LazyImages>> images_;  // parallel to regions_
  std::string offerings_json_;  // parsed for each Region on its first use
  std::vector<std::unique_ptr<LazyOfferings>> offerings_;  // parallel to regions_
};

// The id (apne2-az1) of a zone of the built-in Regions, "" for none: for readers that
// have a record's zone name and no catalog at hand (the availability-zone-id filters).
std::string_view builtin_zone_id(std::string_view zone_name);

// Loaders, one per catalog file (catalog/regions.cpp, instance_types.cpp, images.cpp).
std::vector<Region> load_regions(const nlohmann::ordered_json& doc);
std::vector<InstanceType> load_instance_types(const nlohmann::ordered_json& doc);
std::vector<Image> load_images(const nlohmann::ordered_json& doc, std::string_view region);
std::vector<PublicParameter> load_public_parameters(const nlohmann::ordered_json& doc, std::string_view region);
std::vector<const InstanceType*> load_offerings(const nlohmann::ordered_json& doc, std::string_view region,
                                                const std::vector<InstanceType>& all);

// A stable resource id: `prefix-` and 17 hex digits of SHA-256(seed). The catalog derives
// its AMI and snapshot ids this way so they never change between runs.
std::string stable_id(std::string_view prefix, std::string_view seed);

}  // namespace ec2sim::catalog
