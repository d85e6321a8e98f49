// Every account gets, in every Region, the network AWS gives a new account: a default
// VPC 172.31.0.0/16, one default /20 subnet per Availability Zone (public IPs on launch),
// an internet gateway, a main route table with a default route to it, and a default
// security group (inbound from itself, outbound to everywhere). It is created on the
// account's first use of the Region's network, once: deleting the default VPC later does
// not bring it back (CreateDefaultVpc does).
#pragma once

#include <string>
#include <vector>

#include "sim/context.hpp"

namespace ec2sim::sim {

void ensure_default_network(const RequestContext& ctx);

// Creates a default VPC with its subnets, gateway, route table and security group;
// returns the VPC document. `ensure_default_network` and CreateDefaultVpc use it.
nlohmann::ordered_json create_default_vpc_in(const RequestContext& ctx, store::Writer& w);

// The block of a default subnet: the first /20 of the default VPC's 172.31.0.0/16 that
// none of `taken` overlaps; "" when none is free.
std::string next_default_subnet_block(const std::vector<std::string>& taken);

// A default security group for `vpc_id` (every VPC has one).
nlohmann::ordered_json default_security_group(const RequestContext& ctx, const std::string& vpc_id, bool ipv6 = false);

// The rule every new group starts with: all traffic out, to 0.0.0.0/0 (or ::/0, which a
// group in a VPC with an IPv6 block gets as well).
nlohmann::ordered_json allow_all_outbound(bool ipv6);

// The documents every VPC's pieces start from (the default network and CreateVpc/
// CreateSubnet share them). A subnet with `cidr` "" is IPv6-only: no IPv4 block.
nlohmann::ordered_json subnet_document(const RequestContext& ctx, const catalog::Zone& zone, const std::string& vpc_id,
                               const std::string& cidr, bool default_for_az, const nlohmann::ordered_json& tags);
// A VPC takes the Region's default DHCP options set (sim/dhcp_options.hpp).
nlohmann::ordered_json vpc_document(store::Writer& w, const RequestContext& ctx, const std::string& vpc_id,
                                   const std::string& cidr, const std::string& tenancy, bool is_default,
                                   const nlohmann::ordered_json& tags);
// The routes every route table of `vpc` starts with: its IPv4 and IPv6 blocks, local.
nlohmann::ordered_json local_routes(const nlohmann::ordered_json& vpc);
// A VPC's main route table, with its local routes.
nlohmann::ordered_json main_route_table(const RequestContext& ctx, const nlohmann::ordered_json& vpc);

}  // namespace ec2sim::sim
