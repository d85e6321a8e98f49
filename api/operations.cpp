#include "api/operations.hpp"

#include <algorithm>

#include "sim/operations.hpp"

namespace ec2sim::api {
namespace {

constexpr OperationEntry kOperations[] = {
    {"CreateKeyPair", &sim::create_key_pair},
    {"DeleteKeyPair", &sim::delete_key_pair},
    {"DescribeAccountAttributes", &sim::describe_account_attributes},
    {"DescribeAvailabilityZones", &sim::describe_availability_zones},
    {"DescribeImages", &sim::describe_images},
    {"DescribeInstanceTypeOfferings", &sim::describe_instance_type_offerings},
    {"DescribeInstanceTypes", &sim::describe_instance_types},
    {"DescribeKeyPairs", &sim::describe_key_pairs},
    {"DescribeRegions", &sim::describe_regions},
    {"ImportKeyPair", &sim::import_key_pair},
};

}  // namespace

std::span<const OperationEntry> implemented_operations() { return kOperations; }

const OperationEntry* find_implemented(std::string_view action) {
  auto it = std::lower_bound(std::begin(kOperations), std::end(kOperations), action,
                             [](const OperationEntry& e, std::string_view a) { return e.action < a; });
  return (it != std::end(kOperations) && it->action == action) ? &*it : nullptr;
}

}  // namespace ec2sim::api
