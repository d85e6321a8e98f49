// The kinds of resource the store keeps, by the name their documents are stored under.
// One list, so that two files can never disagree on a kind's spelling.
#pragma once

#include <string_view>

namespace ec2sim::sim::kind {

inline constexpr std::string_view instance = "instance";
inline constexpr std::string_view volume = "volume";
inline constexpr std::string_view volume_modification = "volume-modification";
inline constexpr std::string_view snapshot = "snapshot";
inline constexpr std::string_view image = "image";
inline constexpr std::string_view key_pair = "key-pair";
inline constexpr std::string_view security_group = "security-group";
inline constexpr std::string_view placement_group = "placement-group";
inline constexpr std::string_view address = "address";
inline constexpr std::string_view vpc = "vpc";
inline constexpr std::string_view subnet = "subnet";
inline constexpr std::string_view route_table = "route-table";
inline constexpr std::string_view internet_gateway = "internet-gateway";
inline constexpr std::string_view egress_only_internet_gateway = "egress-only-internet-gateway";
inline constexpr std::string_view dhcp_options = "dhcp-options";
inline constexpr std::string_view network_acl = "network-acl";
inline constexpr std::string_view nat_gateway = "nat-gateway";
inline constexpr std::string_view network_interface = "network-interface";
inline constexpr std::string_view launch_template = "launch-template";
inline constexpr std::string_view prefix_list = "prefix-list";
inline constexpr std::string_view vpc_endpoint = "vpc-endpoint";
inline constexpr std::string_view spot_instance_request = "spot-instance-request";
inline constexpr std::string_view subnet_cidr_reservation = "subnet-cidr-reservation";
inline constexpr std::string_view vpc_peering_connection = "vpc-peering-connection";
inline constexpr std::string_view client_token = "client-token";
inline constexpr std::string_view fault = "fault";  // a scenario timeline's fault to come (sim/faults.hpp)

}  // namespace ec2sim::sim::kind
