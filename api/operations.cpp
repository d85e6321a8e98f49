#include "api/operations.hpp"

#include <algorithm>

#include "sim/operations.hpp"

namespace ec2sim::api {
namespace {

constexpr OperationEntry kOperations[] = {
    {"AuthorizeSecurityGroupEgress", &sim::authorize_security_group_egress},
    {"AuthorizeSecurityGroupIngress", &sim::authorize_security_group_ingress},
    {"CreateKeyPair", &sim::create_key_pair},
    {"CreateSecurityGroup", &sim::create_security_group},
    {"DeleteKeyPair", &sim::delete_key_pair},
    {"DeleteSecurityGroup", &sim::delete_security_group},
    {"DescribeAccountAttributes", &sim::describe_account_attributes},
    {"DescribeAvailabilityZones", &sim::describe_availability_zones},
    {"DescribeImages", &sim::describe_images},
    {"DescribeInstanceTypeOfferings", &sim::describe_instance_type_offerings},
    {"DescribeInstanceTypes", &sim::describe_instance_types},
    {"DescribeInternetGateways", &sim::describe_internet_gateways},
    {"DescribeKeyPairs", &sim::describe_key_pairs},
    {"DescribeRegions", &sim::describe_regions},
    {"DescribeRouteTables", &sim::describe_route_tables},
    {"DescribeSecurityGroupRules", &sim::describe_security_group_rules},
    {"DescribeSecurityGroups", &sim::describe_security_groups},
    {"DescribeSubnets", &sim::describe_subnets},
    {"DescribeVpcs", &sim::describe_vpcs},
    {"ImportKeyPair", &sim::import_key_pair},
    {"RevokeSecurityGroupEgress", &sim::revoke_security_group_egress},
    {"RevokeSecurityGroupIngress", &sim::revoke_security_group_ingress},
};

}  // namespace

std::span<const OperationEntry> implemented_operations() { return kOperations; }

const OperationEntry* find_implemented(std::string_view action) {
  auto it = std::lower_bound(std::begin(kOperations), std::end(kOperations), action,
                             [](const OperationEntry& e, std::string_view a) { return e.action < a; });
  return (it != std::end(kOperations) && it->action == action) ? &*it : nullptr;
}

}  // namespace ec2sim::api
