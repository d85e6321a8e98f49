#include "api/operations.hpp"

#include <algorithm>

#include "sim/operations.hpp"

namespace ec2sim::api {
namespace {

constexpr OperationEntry kOperations[] = {
    {"AllocateAddress", &sim::allocate_address},
    {"AssociateAddress", &sim::associate_address},
    {"AttachVolume", &sim::attach_volume},
    {"AuthorizeSecurityGroupEgress", &sim::authorize_security_group_egress},
    {"AuthorizeSecurityGroupIngress", &sim::authorize_security_group_ingress},
    {"CopyImage", &sim::copy_image},
    {"CopySnapshot", &sim::copy_snapshot},
    {"CreateDefaultVpc", &sim::create_default_vpc},
    {"CreateImage", &sim::create_image},
    {"CreateKeyPair", &sim::create_key_pair},
    {"CreatePlacementGroup", &sim::create_placement_group},
    {"CreateSecurityGroup", &sim::create_security_group},
    {"CreateSnapshot", &sim::create_snapshot},
    {"CreateSnapshots", &sim::create_snapshots},
    {"CreateSubnet", &sim::create_subnet},
    {"CreateTags", &sim::create_tags},
    {"CreateVolume", &sim::create_volume},
    {"CreateVpc", &sim::create_vpc},
    {"DeleteKeyPair", &sim::delete_key_pair},
    {"DeletePlacementGroup", &sim::delete_placement_group},
    {"DeleteSecurityGroup", &sim::delete_security_group},
    {"DeleteSnapshot", &sim::delete_snapshot},
    {"DeleteSubnet", &sim::delete_subnet},
    {"DeleteTags", &sim::delete_tags},
    {"DeleteVolume", &sim::delete_volume},
    {"DeleteVpc", &sim::delete_vpc},
    {"DeregisterImage", &sim::deregister_image},
    {"DescribeAccountAttributes", &sim::describe_account_attributes},
    {"DescribeAddresses", &sim::describe_addresses},
    {"DescribeAvailabilityZones", &sim::describe_availability_zones},
    {"DescribeImageAttribute", &sim::describe_image_attribute},
    {"DescribeImages", &sim::describe_images},
    {"DescribeInstanceAttribute", &sim::describe_instance_attribute},
    {"DescribeInstanceStatus", &sim::describe_instance_status},
    {"DescribeInstanceTypeOfferings", &sim::describe_instance_type_offerings},
    {"DescribeInstanceTypes", &sim::describe_instance_types},
    {"DescribeInstances", &sim::describe_instances},
    {"DescribeInternetGateways", &sim::describe_internet_gateways},
    {"DescribeKeyPairs", &sim::describe_key_pairs},
    {"DescribePlacementGroups", &sim::describe_placement_groups},
    {"DescribeRegions", &sim::describe_regions},
    {"DescribeRouteTables", &sim::describe_route_tables},
    {"DescribeSecurityGroupRules", &sim::describe_security_group_rules},
    {"DescribeSecurityGroups", &sim::describe_security_groups},
    {"DescribeSnapshots", &sim::describe_snapshots},
    {"DescribeSubnets", &sim::describe_subnets},
    {"DescribeTags", &sim::describe_tags},
    {"DescribeVolumeStatus", &sim::describe_volume_status},
    {"DescribeVolumes", &sim::describe_volumes},
    {"DescribeVolumesModifications", &sim::describe_volumes_modifications},
    {"DescribeVpcs", &sim::describe_vpcs},
    {"DetachVolume", &sim::detach_volume},
    {"DisassociateAddress", &sim::disassociate_address},
    {"GetConsoleOutput", &sim::get_console_output},
    {"ImportKeyPair", &sim::import_key_pair},
    {"ModifyImageAttribute", &sim::modify_image_attribute},
    {"ModifyInstanceAttribute", &sim::modify_instance_attribute},
    {"ModifySecurityGroupRules", &sim::modify_security_group_rules},
    {"ModifyVolume", &sim::modify_volume},
    {"MonitorInstances", &sim::monitor_instances},
    {"RebootInstances", &sim::reboot_instances},
    {"RegisterImage", &sim::register_image},
    {"ReleaseAddress", &sim::release_address},
    {"RevokeSecurityGroupEgress", &sim::revoke_security_group_egress},
    {"RevokeSecurityGroupIngress", &sim::revoke_security_group_ingress},
    {"RunInstances", &sim::run_instances},
    {"StartInstances", &sim::start_instances},
    {"StopInstances", &sim::stop_instances},
    {"TerminateInstances", &sim::terminate_instances},
    {"UnmonitorInstances", &sim::unmonitor_instances},
};

}  // namespace

std::span<const OperationEntry> implemented_operations() { return kOperations; }

const OperationEntry* find_implemented(std::string_view action) {
  auto it = std::lower_bound(std::begin(kOperations), std::end(kOperations), action,
                             [](const OperationEntry& e, std::string_view a) { return e.action < a; });
  return (it != std::end(kOperations) && it->action == action) ? &*it : nullptr;
}

}  // namespace ec2sim::api
