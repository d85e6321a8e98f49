// Addresses and host names as AWS gives them to instances.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace ec2sim::sim {

// A random public IPv4 address from blocks that look like the Region's.
std::string new_public_ip(std::string_view region);

// ec2-3-35-1-2.ap-northeast-2.compute.amazonaws.com (us-east-1: ….compute-1.amazonaws.com)
std::string public_dns_name(std::string_view region, std::string_view ip);

// ip-172-31-1-2.ap-northeast-2.compute.internal (us-east-1: ….ec2.internal)
std::string private_dns_name(std::string_view region, std::string_view ip);

// The first free host address of `cidr` (a.b.c.d/n), skipping the network address, the
// three AWS reserves after it and the broadcast address. Throws ApiError
// (InsufficientFreeAddressesInSubnet) when none is left.
std::string next_private_ip(std::string_view cidr, const std::set<std::string>& used);

// Does `ip` lie inside `cidr`? False for malformed input.
bool cidr_contains(std::string_view cidr, std::string_view ip);

std::string new_mac_address();

}  // namespace ec2sim::sim
