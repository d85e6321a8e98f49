#include "api/operation_table.hpp"

#include <algorithm>

#include "sim/client_tokens.hpp"
#include "sim/default_network.hpp"
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/timed_kinds.hpp"

namespace ec2sim::api {
namespace {

// The kinds of need most operations have.
constexpr Needs kCatalog{};  // Regions, zones, instance types: nothing the account holds
constexpr Needs kReads{.settled = true};
constexpr Needs kWrites{.writes = true, .settled = true};
constexpr Needs kReadsNetwork{.default_network = true, .settled = true};
constexpr Needs kWritesNetwork{.writes = true, .default_network = true, .settled = true};
constexpr Needs idempotent(Needs needs) {
  needs.client_token = true;
  return needs;
}

constexpr OperationEntry kOperations[] = {
    {"AcceptVpcPeeringConnection", &sim::accept_vpc_peering_connection, kWritesNetwork},
    {"AllocateAddress", &sim::allocate_address, kWrites},
    {"AssignIpv6Addresses", &sim::assign_ipv6_addresses, kWritesNetwork},
    {"AssignPrivateIpAddresses", &sim::assign_private_ip_addresses, kWritesNetwork},
    {"AssociateAddress", &sim::associate_address, kWrites},
    {"AssociateDhcpOptions", &sim::associate_dhcp_options, kWritesNetwork},
    {"AssociateRouteTable", &sim::associate_route_table, kWritesNetwork},
    {"AssociateSubnetCidrBlock", &sim::associate_subnet_cidr_block, kWritesNetwork},
    {"AssociateVpcCidrBlock", &sim::associate_vpc_cidr_block, kWritesNetwork},
    {"AttachInternetGateway", &sim::attach_internet_gateway, kWritesNetwork},
    {"AttachNetworkInterface", &sim::attach_network_interface, kWritesNetwork},
    {"AttachVolume", &sim::attach_volume, kWrites},
    {"AuthorizeSecurityGroupEgress", &sim::authorize_security_group_egress, kWritesNetwork},
    {"AuthorizeSecurityGroupIngress", &sim::authorize_security_group_ingress, kWritesNetwork},
    {"CancelSpotInstanceRequests", &sim::cancel_spot_instance_requests, kWrites},
    {"CopyImage", &sim::copy_image, idempotent(kWrites)},
    {"CopySnapshot", &sim::copy_snapshot, kWrites},
    {"CreateDefaultSubnet", &sim::create_default_subnet, kWritesNetwork},
    {"CreateDefaultVpc", &sim::create_default_vpc, kWritesNetwork},
    {"CreateDhcpOptions", &sim::create_dhcp_options, kWritesNetwork},
    {"CreateEgressOnlyInternetGateway", &sim::create_egress_only_internet_gateway, idempotent(kWritesNetwork)},
    {"CreateImage", &sim::create_image, kWrites},
    {"CreateInternetGateway", &sim::create_internet_gateway, kWritesNetwork},
    {"CreateKeyPair", &sim::create_key_pair, kWrites},
    {"CreateLaunchTemplate", &sim::create_launch_template, idempotent(kWrites)},
    {"CreateLaunchTemplateVersion", &sim::create_launch_template_version, idempotent(kWrites)},
    {"CreateManagedPrefixList", &sim::create_managed_prefix_list, idempotent(kWrites)},
    {"CreateNatGateway", &sim::create_nat_gateway, idempotent(kWritesNetwork)},
    {"CreateNetworkAcl", &sim::create_network_acl, idempotent(kWritesNetwork)},
    {"CreateNetworkAclEntry", &sim::create_network_acl_entry, kWritesNetwork},
    {"CreateNetworkInterface", &sim::create_network_interface, idempotent(kWritesNetwork)},
    {"CreatePlacementGroup", &sim::create_placement_group, kWrites},
    {"CreateRoute", &sim::create_route, kWritesNetwork},
    {"CreateRouteTable", &sim::create_route_table, idempotent(kWritesNetwork)},
    {"CreateSecurityGroup", &sim::create_security_group, kWritesNetwork},
    {"CreateSnapshot", &sim::create_snapshot, kWrites},
    {"CreateSnapshots", &sim::create_snapshots, kWrites},
    {"CreateSubnet", &sim::create_subnet, kWritesNetwork},
    {"CreateSubnetCidrReservation", &sim::create_subnet_cidr_reservation, kWritesNetwork},
    {"CreateTags", &sim::create_tags, kWrites},
    {"CreateVolume", &sim::create_volume, idempotent(kWrites)},
    {"CreateVpc", &sim::create_vpc, kWritesNetwork},
    {"CreateVpcEndpoint", &sim::create_vpc_endpoint, idempotent(kWritesNetwork)},
    {"CreateVpcPeeringConnection", &sim::create_vpc_peering_connection, kWritesNetwork},
    {"DeleteDhcpOptions", &sim::delete_dhcp_options, kWritesNetwork},
    {"DeleteEgressOnlyInternetGateway", &sim::delete_egress_only_internet_gateway, kWritesNetwork},
    {"DeleteInternetGateway", &sim::delete_internet_gateway, kWritesNetwork},
    {"DeleteKeyPair", &sim::delete_key_pair, kWrites},
    {"DeleteLaunchTemplate", &sim::delete_launch_template, kWrites},
    {"DeleteLaunchTemplateVersions", &sim::delete_launch_template_versions, kWrites},
    {"DeleteManagedPrefixList", &sim::delete_managed_prefix_list, kWrites},
    {"DeleteNatGateway", &sim::delete_nat_gateway, kWritesNetwork},
    {"DeleteNetworkAcl", &sim::delete_network_acl, kWritesNetwork},
    {"DeleteNetworkAclEntry", &sim::delete_network_acl_entry, kWritesNetwork},
    {"DeleteNetworkInterface", &sim::delete_network_interface, kWritesNetwork},
    {"DeletePlacementGroup", &sim::delete_placement_group, kWrites},
    {"DeleteRoute", &sim::delete_route, kWritesNetwork},
    {"DeleteRouteTable", &sim::delete_route_table, kWritesNetwork},
    {"DeleteSecurityGroup", &sim::delete_security_group, kWritesNetwork},
    {"DeleteSnapshot", &sim::delete_snapshot, kWrites},
    {"DeleteSubnet", &sim::delete_subnet, kWritesNetwork},
    {"DeleteSubnetCidrReservation", &sim::delete_subnet_cidr_reservation, kWritesNetwork},
    {"DeleteTags", &sim::delete_tags, kWrites},
    {"DeleteVolume", &sim::delete_volume, kWrites},
    {"DeleteVpc", &sim::delete_vpc, kWritesNetwork},
    {"DeleteVpcEndpoints", &sim::delete_vpc_endpoints, kWritesNetwork},
    {"DeleteVpcPeeringConnection", &sim::delete_vpc_peering_connection, kWritesNetwork},
    {"DeregisterImage", &sim::deregister_image, kWrites},
    {"DescribeAccountAttributes", &sim::describe_account_attributes, kReadsNetwork},
    {"DescribeAddresses", &sim::describe_addresses, kReads},
    {"DescribeAddressesAttribute", &sim::describe_addresses_attribute, kReads},
    {"DescribeAvailabilityZones", &sim::describe_availability_zones, kCatalog},
    {"DescribeDhcpOptions", &sim::describe_dhcp_options, kReadsNetwork},
    {"DescribeEgressOnlyInternetGateways", &sim::describe_egress_only_internet_gateways, kReadsNetwork},
    {"DescribeImageAttribute", &sim::describe_image_attribute, kReads},
    {"DescribeImages", &sim::describe_images, kReads},
    {"DescribeInstanceAttribute", &sim::describe_instance_attribute, kReads},
    {"DescribeInstanceCreditSpecifications", &sim::describe_instance_credit_specifications, kReads},
    {"DescribeInstanceStatus", &sim::describe_instance_status, kReads},
    {"DescribeInstanceTopology", &sim::describe_instance_topology, kReads},
    {"DescribeInstanceTypeOfferings", &sim::describe_instance_type_offerings, kCatalog},
    {"DescribeInstanceTypes", &sim::describe_instance_types, kCatalog},
    {"DescribeInstances", &sim::describe_instances, kReads},
    {"DescribeInternetGateways", &sim::describe_internet_gateways, kReadsNetwork},
    {"DescribeKeyPairs", &sim::describe_key_pairs, kReads},
    {"DescribeLaunchTemplateVersions", &sim::describe_launch_template_versions, kReads},
    {"DescribeLaunchTemplates", &sim::describe_launch_templates, kReads},
    {"DescribeManagedPrefixLists", &sim::describe_managed_prefix_lists, kReads},
    {"DescribeNatGateways", &sim::describe_nat_gateways, kReadsNetwork},
    {"DescribeNetworkAcls", &sim::describe_network_acls, kReadsNetwork},
    {"DescribeNetworkInterfaceAttribute", &sim::describe_network_interface_attribute, kReadsNetwork},
    {"DescribeNetworkInterfaces", &sim::describe_network_interfaces, kReadsNetwork},
    {"DescribePlacementGroups", &sim::describe_placement_groups, kReads},
    {"DescribePrefixLists", &sim::describe_prefix_lists, kReads},
    {"DescribeRegions", &sim::describe_regions, kCatalog},
    {"DescribeRouteTables", &sim::describe_route_tables, kReadsNetwork},
    {"DescribeSecurityGroupReferences", &sim::describe_security_group_references, kReadsNetwork},
    {"DescribeSecurityGroupRules", &sim::describe_security_group_rules, kReadsNetwork},
    {"DescribeSecurityGroups", &sim::describe_security_groups, kReadsNetwork},
    {"DescribeSnapshotAttribute", &sim::describe_snapshot_attribute, kReads},
    {"DescribeSnapshotTierStatus", &sim::describe_snapshot_tier_status, kReads},
    {"DescribeSnapshots", &sim::describe_snapshots, kReads},
    {"DescribeSpotInstanceRequests", &sim::describe_spot_instance_requests, kReads},
    {"DescribeSpotPriceHistory", &sim::describe_spot_price_history, kCatalog},
    {"DescribeStaleSecurityGroups", &sim::describe_stale_security_groups, kReadsNetwork},
    {"DescribeSubnets", &sim::describe_subnets, kReadsNetwork},
    {"DescribeTags", &sim::describe_tags, kReads},
    {"DescribeVolumeStatus", &sim::describe_volume_status, kReads},
    {"DescribeVolumes", &sim::describe_volumes, kReads},
    {"DescribeVolumesModifications", &sim::describe_volumes_modifications, kReads},
    {"DescribeVpcAttribute", &sim::describe_vpc_attribute, kReadsNetwork},
    {"DescribeVpcEndpointServices", &sim::describe_vpc_endpoint_services, kCatalog},
    {"DescribeVpcEndpoints", &sim::describe_vpc_endpoints, kReadsNetwork},
    {"DescribeVpcPeeringConnections", &sim::describe_vpc_peering_connections, kReadsNetwork},
    {"DescribeVpcs", &sim::describe_vpcs, kReadsNetwork},
    {"DetachInternetGateway", &sim::detach_internet_gateway, kWritesNetwork},
    {"DetachNetworkInterface", &sim::detach_network_interface, kWritesNetwork},
    {"DetachVolume", &sim::detach_volume, kWrites},
    {"DisassociateAddress", &sim::disassociate_address, kWrites},
    {"DisassociateRouteTable", &sim::disassociate_route_table, kWritesNetwork},
    {"DisassociateSubnetCidrBlock", &sim::disassociate_subnet_cidr_block, kWritesNetwork},
    {"DisassociateVpcCidrBlock", &sim::disassociate_vpc_cidr_block, kWritesNetwork},
    {"EnableVolumeIO", &sim::enable_volume_io, kWrites},
    {"GetConsoleOutput", &sim::get_console_output, kReads},
    {"GetLaunchTemplateData", &sim::get_launch_template_data, kReads},
    {"GetManagedPrefixListAssociations", &sim::get_managed_prefix_list_associations, kReadsNetwork},
    {"GetManagedPrefixListEntries", &sim::get_managed_prefix_list_entries, kReads},
    {"GetPasswordData", &sim::get_password_data, kReads},
    {"GetSubnetCidrReservations", &sim::get_subnet_cidr_reservations, kReadsNetwork},
    {"ImportKeyPair", &sim::import_key_pair, kWrites},
    {"ModifyAddressAttribute", &sim::modify_address_attribute, kWrites},
    {"ModifyImageAttribute", &sim::modify_image_attribute, kWrites},
    {"ModifyInstanceAttribute", &sim::modify_instance_attribute, kWrites},
    {"ModifyInstanceCreditSpecification", &sim::modify_instance_credit_specification, idempotent(kWrites)},  // setting a mode twice is the same
    {"ModifyInstanceMaintenanceOptions", &sim::modify_instance_maintenance_options, kWrites},
    {"ModifyInstanceMetadataOptions", &sim::modify_instance_metadata_options, kWrites},
    {"ModifyLaunchTemplate", &sim::modify_launch_template, idempotent(kWrites)},
    {"ModifyManagedPrefixList", &sim::modify_managed_prefix_list, kWrites},
    {"ModifyNetworkInterfaceAttribute", &sim::modify_network_interface_attribute, kWritesNetwork},
    {"ModifySecurityGroupRules", &sim::modify_security_group_rules, kWritesNetwork},
    {"ModifySnapshotAttribute", &sim::modify_snapshot_attribute, kWrites},
    {"ModifySnapshotTier", &sim::modify_snapshot_tier, kWrites},
    {"ModifySubnetAttribute", &sim::modify_subnet_attribute, kWritesNetwork},
    {"ModifyVolume", &sim::modify_volume, kWrites},
    {"ModifyVpcAttribute", &sim::modify_vpc_attribute, kWritesNetwork},
    {"ModifyVpcEndpoint", &sim::modify_vpc_endpoint, kWritesNetwork},
    {"ModifyVpcPeeringConnectionOptions", &sim::modify_vpc_peering_connection_options, kWritesNetwork},
    {"MonitorInstances", &sim::monitor_instances, kWrites},
    {"RebootInstances", &sim::reboot_instances, kWrites},
    {"RegisterImage", &sim::register_image, kWrites},
    {"RejectVpcPeeringConnection", &sim::reject_vpc_peering_connection, kWritesNetwork},
    {"ReleaseAddress", &sim::release_address, kWrites},
    {"ReplaceNetworkAclAssociation", &sim::replace_network_acl_association, kWritesNetwork},
    {"ReplaceNetworkAclEntry", &sim::replace_network_acl_entry, kWritesNetwork},
    {"ReplaceRoute", &sim::replace_route, kWritesNetwork},
    {"ReplaceRouteTableAssociation", &sim::replace_route_table_association, kWritesNetwork},
    {"RequestSpotInstances", &sim::request_spot_instances, idempotent(kWritesNetwork)},
    {"ResetAddressAttribute", &sim::reset_address_attribute, kWrites},
    {"ResetSnapshotAttribute", &sim::reset_snapshot_attribute, kWrites},
    {"RestoreSnapshotTier", &sim::restore_snapshot_tier, kWrites},
    {"RevokeSecurityGroupEgress", &sim::revoke_security_group_egress, kWritesNetwork},
    {"RevokeSecurityGroupIngress", &sim::revoke_security_group_ingress, kWritesNetwork},
    {"RunInstances", &sim::run_instances, idempotent(kWritesNetwork)},
    {"StartInstances", &sim::start_instances, kWrites},
    {"StopInstances", &sim::stop_instances, kWrites},
    {"TerminateInstances", &sim::terminate_instances, kWrites},
    {"UnassignIpv6Addresses", &sim::unassign_ipv6_addresses, kWritesNetwork},
    {"UnassignPrivateIpAddresses", &sim::unassign_private_ip_addresses, kWritesNetwork},
    {"UnmonitorInstances", &sim::unmonitor_instances, kWrites},
    {"UpdateSecurityGroupRuleDescriptionsEgress", &sim::update_security_group_rule_descriptions_egress, kWritesNetwork},
    {"UpdateSecurityGroupRuleDescriptionsIngress", &sim::update_security_group_rule_descriptions_ingress, kWritesNetwork},
};

}  // namespace

std::span<const OperationEntry> implemented_operations() { return kOperations; }

const OperationEntry* find_implemented(std::string_view action) {
  auto it = std::lower_bound(std::begin(kOperations), std::end(kOperations), action,
                             [](const OperationEntry& e, std::string_view a) { return e.action < a; });
  return (it != std::end(kOperations) && it->action == action) ? &*it : nullptr;
}

nlohmann::ordered_json invoke(const OperationEntry& operation, const sim::RequestContext& ctx,
                              const nlohmann::ordered_json& input) {
  // The needs, in the order they depend on each other. Settling and the default network are
  // real even for a dry run: they are what the account has whether or not it asked.
  const Needs& needs = operation.needs;
  if (needs.client_token) sim::check_client_token(input);
  if (needs.default_network) sim::ensure_default_network(ctx);
  if (needs.settled) sim::settle_scope(ctx);
  if (!input.value("DryRun", false)) return operation.run(ctx, input);
  // The real call runs with its writes discarded (a read may write too: GetConsoleOutput
  // keeps the host keys it made), so a dry run reports the error the call would give, or
  // DryRunOperation when it would succeed.
  store::DryRunScope dry_run;
  operation.run(ctx, input);
  throw ApiError::dry_run();
}

}  // namespace ec2sim::api
