// Every EC2 operation sim implements, grouped by the file that implements it. The api
// layer's table (api/operation_table.cpp) maps Action names to these.
#pragma once

#include "sim/context.hpp"

namespace ec2sim::sim {

// sim/regions.cpp
nlohmann::ordered_json describe_regions(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_availability_zones(const RequestContext&, const nlohmann::ordered_json& input);

// sim/instance_types.cpp
nlohmann::ordered_json describe_instance_types(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_instance_type_offerings(const RequestContext&, const nlohmann::ordered_json& input);

// sim/images.cpp
nlohmann::ordered_json describe_images(const RequestContext&, const nlohmann::ordered_json& input);

// sim/own_images.cpp
nlohmann::ordered_json create_image(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json register_image(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json copy_image(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json deregister_image(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_image_attribute(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json modify_image_attribute(const RequestContext&, const nlohmann::ordered_json& input);

// sim/key_pairs.cpp
nlohmann::ordered_json create_key_pair(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json import_key_pair(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_key_pairs(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_key_pair(const RequestContext&, const nlohmann::ordered_json& input);

// sim/addresses.cpp
nlohmann::ordered_json allocate_address(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json associate_address(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json disassociate_address(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json release_address(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_addresses(const RequestContext&, const nlohmann::ordered_json& input);

// sim/placement_groups.cpp
nlohmann::ordered_json create_placement_group(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_placement_groups(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_placement_group(const RequestContext&, const nlohmann::ordered_json& input);

// sim/vpcs.cpp
nlohmann::ordered_json describe_vpcs(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_subnets(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_internet_gateways(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json create_default_subnet(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json associate_subnet_cidr_block(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json disassociate_subnet_cidr_block(const RequestContext&, const nlohmann::ordered_json& input);

// sim/dhcp_options.cpp
nlohmann::ordered_json create_dhcp_options(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_dhcp_options(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json associate_dhcp_options(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_dhcp_options(const RequestContext&, const nlohmann::ordered_json& input);

// sim/launch_templates.cpp
nlohmann::ordered_json create_launch_template(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json create_launch_template_version(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json modify_launch_template(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_launch_template(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_launch_template_versions(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_launch_templates(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_launch_template_versions(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json get_launch_template_data(const RequestContext&, const nlohmann::ordered_json& input);

// sim/nat_gateways.cpp
nlohmann::ordered_json create_nat_gateway(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_nat_gateways(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_nat_gateway(const RequestContext&, const nlohmann::ordered_json& input);

// sim/security_groups.cpp (rule descriptions)
nlohmann::ordered_json update_security_group_rule_descriptions_ingress(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json update_security_group_rule_descriptions_egress(const RequestContext&, const nlohmann::ordered_json& input);

// sim/security_group_references.cpp
nlohmann::ordered_json describe_security_group_references(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_stale_security_groups(const RequestContext&, const nlohmann::ordered_json& input);

// sim/vpc_endpoints.cpp
nlohmann::ordered_json create_vpc_endpoint(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_vpc_endpoints(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json modify_vpc_endpoint(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_vpc_endpoints(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_vpc_endpoint_services(const RequestContext&, const nlohmann::ordered_json& input);

// sim/addresses.cpp (reverse DNS)
nlohmann::ordered_json describe_addresses_attribute(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json modify_address_attribute(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json reset_address_attribute(const RequestContext&, const nlohmann::ordered_json& input);

// sim/prefix_lists.cpp
nlohmann::ordered_json describe_prefix_lists(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json create_managed_prefix_list(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_managed_prefix_lists(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json get_managed_prefix_list_entries(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json modify_managed_prefix_list(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_managed_prefix_list(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json get_managed_prefix_list_associations(const RequestContext&, const nlohmann::ordered_json& input);

// sim/network_interfaces.cpp
nlohmann::ordered_json create_network_interface(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_network_interfaces(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_network_interface(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json attach_network_interface(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json detach_network_interface(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_network_interface_attribute(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json modify_network_interface_attribute(const RequestContext&, const nlohmann::ordered_json& input);

// sim/interface_addresses.cpp
nlohmann::ordered_json assign_private_ip_addresses(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json unassign_private_ip_addresses(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json assign_ipv6_addresses(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json unassign_ipv6_addresses(const RequestContext&, const nlohmann::ordered_json& input);

// sim/network_acls.cpp
nlohmann::ordered_json create_network_acl(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_network_acls(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_network_acl(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json create_network_acl_entry(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json replace_network_acl_entry(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_network_acl_entry(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json replace_network_acl_association(const RequestContext&, const nlohmann::ordered_json& input);

// sim/instance_options.cpp
nlohmann::ordered_json describe_instance_credit_specifications(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json modify_instance_credit_specification(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json modify_instance_metadata_options(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json modify_instance_maintenance_options(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json get_password_data(const RequestContext&, const nlohmann::ordered_json& input);

// sim/spot_prices.cpp
nlohmann::ordered_json describe_spot_price_history(const RequestContext&, const nlohmann::ordered_json& input);

// sim/snapshot_attributes.cpp
nlohmann::ordered_json describe_snapshot_attribute(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json modify_snapshot_attribute(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json reset_snapshot_attribute(const RequestContext&, const nlohmann::ordered_json& input);

// sim/subnet_cidr_reservations.cpp
nlohmann::ordered_json create_subnet_cidr_reservation(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json get_subnet_cidr_reservations(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_subnet_cidr_reservation(const RequestContext&, const nlohmann::ordered_json& input);

// sim/vpc_peering.cpp
nlohmann::ordered_json create_vpc_peering_connection(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json accept_vpc_peering_connection(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json reject_vpc_peering_connection(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_vpc_peering_connection(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_vpc_peering_connections(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json modify_vpc_peering_connection_options(const RequestContext&, const nlohmann::ordered_json& input);

// sim/snapshot_tiers.cpp
nlohmann::ordered_json modify_snapshot_tier(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json restore_snapshot_tier(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_snapshot_tier_status(const RequestContext&, const nlohmann::ordered_json& input);

// sim/spot_requests.cpp
nlohmann::ordered_json request_spot_instances(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_spot_instance_requests(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json cancel_spot_instance_requests(const RequestContext&, const nlohmann::ordered_json& input);

// sim/instance_topology.cpp
nlohmann::ordered_json describe_instance_topology(const RequestContext&, const nlohmann::ordered_json& input);

// sim/vpc_cidr_blocks.cpp
nlohmann::ordered_json associate_vpc_cidr_block(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json disassociate_vpc_cidr_block(const RequestContext&, const nlohmann::ordered_json& input);

// sim/vpc_attributes.cpp
nlohmann::ordered_json describe_vpc_attribute(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json modify_vpc_attribute(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json modify_subnet_attribute(const RequestContext&, const nlohmann::ordered_json& input);

// sim/egress_only_gateways.cpp
nlohmann::ordered_json create_egress_only_internet_gateway(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_egress_only_internet_gateways(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_egress_only_internet_gateway(const RequestContext&, const nlohmann::ordered_json& input);

// sim/route_tables.cpp
nlohmann::ordered_json create_route_table(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_route_table(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json create_route(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json replace_route(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_route(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json associate_route_table(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json disassociate_route_table(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json replace_route_table_association(const RequestContext&, const nlohmann::ordered_json& input);

// sim/internet_gateways.cpp
nlohmann::ordered_json create_internet_gateway(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json attach_internet_gateway(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json detach_internet_gateway(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_internet_gateway(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_route_tables(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json create_vpc(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json create_default_vpc(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_vpc(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json create_subnet(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_subnet(const RequestContext&, const nlohmann::ordered_json& input);

// sim/security_groups.cpp
nlohmann::ordered_json create_security_group(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_security_group(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_security_groups(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json authorize_security_group_ingress(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json authorize_security_group_egress(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json revoke_security_group_ingress(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json revoke_security_group_egress(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_security_group_rules(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json modify_security_group_rules(const RequestContext&, const nlohmann::ordered_json& input);

// sim/run_instances.cpp
nlohmann::ordered_json run_instances(const RequestContext&, const nlohmann::ordered_json& input);

// sim/instances.cpp
nlohmann::ordered_json describe_instances(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json start_instances(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json stop_instances(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json reboot_instances(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json terminate_instances(const RequestContext&, const nlohmann::ordered_json& input);

// sim/instance_attributes.cpp
nlohmann::ordered_json describe_instance_attribute(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json modify_instance_attribute(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json monitor_instances(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json unmonitor_instances(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_instance_status(const RequestContext&, const nlohmann::ordered_json& input);

// sim/console_output.cpp
nlohmann::ordered_json get_console_output(const RequestContext&, const nlohmann::ordered_json& input);

// sim/volumes.cpp
nlohmann::ordered_json describe_volumes(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json create_volume(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_volume(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_volume_status(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json enable_volume_io(const RequestContext&, const nlohmann::ordered_json& input);

// sim/volume_modifications.cpp
nlohmann::ordered_json modify_volume(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_volumes_modifications(const RequestContext&, const nlohmann::ordered_json& input);

// sim/snapshots.cpp
nlohmann::ordered_json create_snapshot(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json create_snapshots(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_snapshots(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json copy_snapshot(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_snapshot(const RequestContext&, const nlohmann::ordered_json& input);

// sim/volume_attachments.cpp
nlohmann::ordered_json attach_volume(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json detach_volume(const RequestContext&, const nlohmann::ordered_json& input);

// sim/tagging.cpp
nlohmann::ordered_json create_tags(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json delete_tags(const RequestContext&, const nlohmann::ordered_json& input);
nlohmann::ordered_json describe_tags(const RequestContext&, const nlohmann::ordered_json& input);

// sim/account_attributes.cpp
nlohmann::ordered_json describe_account_attributes(const RequestContext&, const nlohmann::ordered_json& input);

}  // namespace ec2sim::sim
