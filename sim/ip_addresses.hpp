// Addresses and host names as AWS gives them to instances.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <algorithm>
#include <vector>

namespace ec2sim::sim {

// A random public IPv4 address from blocks that look like the Region's.
std::string new_public_ip(std::string_view region);

// ec2-3-35-1-2.ap-northeast-2.compute.amazonaws.com (us-east-1: ….compute-1.amazonaws.com)
std::string public_dns_name(std::string_view region, std::string_view ip);

// ip-172-31-1-2.ap-northeast-2.compute.internal (us-east-1: ….ec2.internal)
std::string private_dns_name(std::string_view region, std::string_view ip);

// Addresses taken in a subnet, as numbers: collecting them from every instance of a busy
// account must not allocate a string per instance. A sorted vector, not a hash set: one
// allocation instead of one per address, which a long-lived census would leave scattered
// over the heap, keeping pages resident after the documents around them are freed.
class UsedAddresses {
 public:
  void add(std::string_view ip);  // ignores malformed input
  void add(std::uint32_t ip);
  bool contains(std::uint32_t ip) const { return std::binary_search(used_.begin(), used_.end(), ip); }
  bool contains(std::string_view ip) const;  // false for malformed input
  // Keeps the addresses of `cidr` (an IPv4 block) from being given out by first_free(),
  // without taking them: a subnet CIDR reservation's, which only a request naming them gets.
  void hold(std::string_view cidr);  // ignores malformed input
  // The lowest address in [from, to) neither taken nor held, or `to` when all are.
  std::uint32_t first_free(std::uint32_t from, std::uint32_t to) const;

 private:
  std::uint32_t first_untaken(std::uint32_t from, std::uint32_t to) const;

  std::vector<std::uint32_t> used_;  // sorted, no duplicates
  std::vector<std::pair<std::uint32_t, std::uint64_t>> held_;  // [first, end) ranges, few
};

// The first free host address of `cidr` (a.b.c.d/n), skipping the network address, the
// three AWS reserves after it and the broadcast address; marks it used. Throws ApiError
// (InsufficientFreeAddressesInSubnet) when none is left.
std::string next_private_ip(std::string_view cidr, UsedAddresses& used);

// Throws InsufficientFreeAddressesInSubnet, as next_private_ip would, when `cidr` has no
// address left to give; takes none.
void require_free_private_ip(std::string_view cidr, const UsedAddresses& used);

// Checks an address a request names for a subnet whose block is `cidr`: inside it
// (InvalidParameterValue), not one of the five AWS keeps, and not in `used`
// (InvalidIPAddress.InUse, with `in_use` as its message; "" for "Address … is in use.").
void check_private_address(std::string_view cidr, const std::string& ip, const UsedAddresses& used,
                           const std::string& in_use = "");

// Does `ip` lie inside `cidr`? False for malformed input.
bool cidr_contains(std::string_view cidr, std::string_view ip);

// One of the five addresses AWS keeps in every subnet: the network address, the next
// three (router, DNS, future use) and the broadcast address.
bool is_reserved_address(std::string_view cidr, std::string_view ip);

// CIDR arithmetic for VPCs and subnets. Malformed CIDRs never overlap or contain.
bool is_ipv4_cidr(std::string_view cidr);
int cidr_prefix_length(std::string_view cidr);  // -1 when malformed
bool cidr_is_network(std::string_view cidr);  // no host bits set: 10.0.0.0/16, not 10.0.0.1/16
bool cidrs_overlap(std::string_view a, std::string_view b);
bool cidr_within(std::string_view inner, std::string_view outer);

std::string new_mac_address();

}  // namespace ec2sim::sim
