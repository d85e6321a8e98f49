// Resource ids: `prefix-` and 17 hex digits, as AWS writes them (key-, vpc-, subnet-, i- …).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "catalog/catalog.hpp"

namespace ec2sim::sim {

// A new random id, e.g. new_id("key") -> "key-0a1b2c3d4e5f60718".
std::string new_id(std::string_view prefix);

// While one exists on a thread, new_id() on that thread draws from a generator seeded
// with `seed`: a scenario's setup makes the same ids on every load (scenarios/setup.hpp).
class SeededIds {
 public:
  explicit SeededIds(std::uint64_t seed);
  ~SeededIds();
  SeededIds(const SeededIds&) = delete;
  SeededIds& operator=(const SeededIds&) = delete;

 private:
  void* previous_;
};

// Does `id` look like an id with this prefix (8 or 17 lowercase hex digits)?
bool is_id(std::string_view id, std::string_view prefix);

// Ids of the resources every account has without asking for them. They are derived from
// (account, Region) so that they are the same on every call and every restart.
inline std::string default_vpc_id(std::string_view account, std::string_view region) {
  return catalog::stable_id("vpc", std::string(account) + "/" + std::string(region) + "/default-vpc");
}

}  // namespace ec2sim::sim
