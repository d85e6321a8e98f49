#include "scenarios/resource_kinds.hpp"

#include <array>

#include "sim/resource_kinds.hpp"

namespace ec2sim::scenarios {
namespace {

constexpr std::array kKinds{
    ResourceKind{"instances", "i", "DescribeInstances", "InstanceIds", "Reservations[*].Instances[*]", "InstanceId", "", sim::kind::instance},
    ResourceKind{"security-groups", "sg", "DescribeSecurityGroups", "GroupIds", "SecurityGroups[*]", "GroupId", "", sim::kind::security_group},
    ResourceKind{"key-pairs", "key", "DescribeKeyPairs", "KeyPairIds", "KeyPairs[*]", "KeyPairId", "", sim::kind::key_pair},
    ResourceKind{"volumes", "vol", "DescribeVolumes", "VolumeIds", "Volumes[*]", "VolumeId", "", sim::kind::volume},
    ResourceKind{"snapshots", "snap", "DescribeSnapshots", "SnapshotIds", "Snapshots[*]", "SnapshotId", "OwnerIds", sim::kind::snapshot},
    ResourceKind{"images", "ami", "DescribeImages", "ImageIds", "Images[*]", "ImageId", "Owners", sim::kind::image},
    ResourceKind{"addresses", "eipalloc", "DescribeAddresses", "AllocationIds", "Addresses[*]", "AllocationId", "", sim::kind::address},
    ResourceKind{"vpcs", "vpc", "DescribeVpcs", "VpcIds", "Vpcs[*]", "VpcId", "", sim::kind::vpc},
    ResourceKind{"subnets", "subnet", "DescribeSubnets", "SubnetIds", "Subnets[*]", "SubnetId", "", sim::kind::subnet},
    ResourceKind{"nat-gateways", "nat", "DescribeNatGateways", "NatGatewayIds", "NatGateways[*]", "NatGatewayId", "", sim::kind::nat_gateway},
    ResourceKind{"internet-gateways", "igw", "DescribeInternetGateways", "InternetGatewayIds", "InternetGateways[*]",
                 "InternetGatewayId", "", sim::kind::internet_gateway},
    ResourceKind{"route-tables", "rtb", "DescribeRouteTables", "RouteTableIds", "RouteTables[*]", "RouteTableId", "", sim::kind::route_table},
    ResourceKind{"spot-instance-requests", "sir", "DescribeSpotInstanceRequests", "SpotInstanceRequestIds",
                 "SpotInstanceRequests[*]", "SpotInstanceRequestId", "", sim::kind::spot_instance_request},
    ResourceKind{"placement-groups", "pg", "DescribePlacementGroups", "GroupIds", "PlacementGroups[*]", "GroupId", "", sim::kind::placement_group},
    ResourceKind{"network-interfaces", "eni", "DescribeNetworkInterfaces", "NetworkInterfaceIds", "NetworkInterfaces[*]",
                 "NetworkInterfaceId", "", sim::kind::network_interface},
    ResourceKind{"launch-templates", "lt", "DescribeLaunchTemplates", "LaunchTemplateIds", "LaunchTemplates[*]",
                 "LaunchTemplateId", "", sim::kind::launch_template},
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
