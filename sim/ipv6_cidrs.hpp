// IPv6 CIDR blocks as VPCs and subnets hold them: Amazon's /56 for a VPC, the /64s (or
// larger) a subnet takes from it. Malformed blocks never overlap or lie within.
#pragma once

#include <string>
#include <string_view>

namespace ec2sim::sim {

// A random /56 in the style of Amazon's pools (2600:1f18:abcd:ef00::/56), canonical.
std::string new_amazon_ipv6_block();

// `cidr` in RFC 5952's canonical text (lower case, zeros compressed): the one spelling
// stored and compared; "" when malformed.
std::string ipv6_canonical(std::string_view cidr);

int ipv6_prefix_length(std::string_view cidr);  // -1 when malformed
bool ipv6_cidr_is_network(std::string_view cidr);  // no host bits set
bool ipv6_cidrs_overlap(std::string_view a, std::string_view b);
bool ipv6_cidr_within(std::string_view inner, std::string_view outer);

// One address (no prefix length) in canonical text; "" when malformed.
std::string ipv6_address_canonical(std::string_view address);
// Does the address lie in `block`? False for malformed input.
bool ipv6_address_within(std::string_view address, std::string_view block);
// One of the five addresses AWS keeps in each subnet IPv6 block: the first four and the last.
bool ipv6_is_reserved_in(std::string_view address, std::string_view block);
// A random host address of `block` (a subnet's /64 or larger prefix), canonical: AWS gives
// an interface's IPv6 addresses from anywhere in the subnet's range.
std::string new_ipv6_address(std::string_view block);

}  // namespace ec2sim::sim
