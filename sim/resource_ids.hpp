// Ids of the resources every account has without asking for them. They are derived from
// (account, Region) so that they are the same on every call and every restart.
#pragma once

#include <string>
#include <string_view>

#include "catalog/catalog.hpp"

namespace ec2sim::sim {

inline std::string default_vpc_id(std::string_view account, std::string_view region) {
  return catalog::stable_id("vpc", std::string(account) + "/" + std::string(region) + "/default-vpc");
}

}  // namespace ec2sim::sim
