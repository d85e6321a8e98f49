#include "scenarios/resource_kinds.hpp"

#include <array>

namespace ec2sim::scenarios {
namespace {

constexpr std::array kKinds{
    ResourceKind{"instances", "i", "DescribeInstances", "InstanceIds", "Reservations[*].Instances[*]", "InstanceId", ""},
    ResourceKind{"security-groups", "sg", "DescribeSecurityGroups", "GroupIds", "SecurityGroups[*]", "GroupId", ""},
    ResourceKind{"key-pairs", "key", "DescribeKeyPairs", "KeyPairIds", "KeyPairs[*]", "KeyPairId", ""},
    ResourceKind{"volumes", "vol", "DescribeVolumes", "VolumeIds", "Volumes[*]", "VolumeId", ""},
    ResourceKind{"snapshots", "snap", "DescribeSnapshots", "SnapshotIds", "Snapshots[*]", "SnapshotId", "OwnerIds"},
    ResourceKind{"images", "ami", "DescribeImages", "ImageIds", "Images[*]", "ImageId", "Owners"},
    ResourceKind{"addresses", "eipalloc", "DescribeAddresses", "AllocationIds", "Addresses[*]", "AllocationId", ""},
    ResourceKind{"vpcs", "vpc", "DescribeVpcs", "VpcIds", "Vpcs[*]", "VpcId", ""},
    ResourceKind{"subnets", "subnet", "DescribeSubnets", "SubnetIds", "Subnets[*]", "SubnetId", ""},
    ResourceKind{"nat-gateways", "nat", "DescribeNatGateways", "NatGatewayIds", "NatGateways[*]", "NatGatewayId", ""},
    ResourceKind{"internet-gateways", "igw", "DescribeInternetGateways", "InternetGatewayIds", "InternetGateways[*]",
                 "InternetGatewayId", ""},
    ResourceKind{"route-tables", "rtb", "DescribeRouteTables", "RouteTableIds", "RouteTables[*]", "RouteTableId", ""},
    ResourceKind{"spot-instance-requests", "sir", "DescribeSpotInstanceRequests", "SpotInstanceRequestIds",
                 "SpotInstanceRequests[*]", "SpotInstanceRequestId", ""},
    ResourceKind{"placement-groups", "pg", "DescribePlacementGroups", "GroupIds", "PlacementGroups[*]", "GroupId", ""},
    ResourceKind{"network-interfaces", "eni", "DescribeNetworkInterfaces", "NetworkInterfaceIds", "NetworkInterfaces[*]",
                 "NetworkInterfaceId", ""},
    ResourceKind{"launch-templates", "lt", "DescribeLaunchTemplates", "LaunchTemplateIds", "LaunchTemplates[*]",
                 "LaunchTemplateId", ""},
};

}  // namespace

std::span<const ResourceKind> resource_kinds() { return kKinds; }

const ResourceKind* find_resource_kind(std::string_view name) {
  for (const auto& kind : kKinds)
    if (kind.name == name) return &kind;
  return nullptr;
}

const ResourceKind* resource_kind_of_id(std::string_view id) {
  const auto dash = id.find('-');
  if (dash == std::string_view::npos) return nullptr;
  for (const auto& kind : kKinds)
    if (kind.id_prefix == id.substr(0, dash)) return &kind;
  return nullptr;
}

}  // namespace ec2sim::scenarios
