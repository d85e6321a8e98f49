#include "sim/ip_addresses.hpp"

#include "sim/errors.hpp"
#include "sim/ipv6_cidrs.hpp"
#include "test_support.hpp"

using namespace ec2sim::sim;

TEST_CASE("a subnet's next private address skips AWS's reserved ones and those taken", "[ip-addresses]") {
  UsedAddresses used;
  CHECK(next_private_ip("10.0.1.0/28", used) == "10.0.1.4");  // .0-.3 are AWS's
  used.add(std::string_view("10.0.1.6"));
  used.add(std::string_view("not an address"));
  CHECK(next_private_ip("10.0.1.0/28", used) == "10.0.1.5");
  CHECK(next_private_ip("10.0.1.0/28", used) == "10.0.1.7");  // .6 was taken
  CHECK(used.contains(std::string_view("10.0.1.7")));
  CHECK(!used.contains(std::string_view("10.0.1.8")));
  for (int host = 8; host <= 14; ++host) CHECK(next_private_ip("10.0.1.0/28", used) == "10.0.1." + std::to_string(host));
  // .15 is the broadcast address: the /28 is full.
  CHECK(AWS_ERROR_CODE(next_private_ip("10.0.1.0/28", used)) == "InsufficientFreeAddressesInSubnet");
}

TEST_CASE("addresses added out of order are found, once each", "[ip-addresses]") {
  UsedAddresses used;
  for (const char* ip : {"172.31.0.9", "172.31.0.4", "172.31.0.9", "172.31.0.5"}) used.add(std::string_view(ip));
  CHECK(used.first_free(0xAC1F0004, 0xAC1F000F) == 0xAC1F0006);  // 172.31.0.6
  CHECK(next_private_ip("172.31.0.0/20", used) == "172.31.0.6");
  CHECK(next_private_ip("172.31.0.0/20", used) == "172.31.0.7");
  CHECK(next_private_ip("172.31.0.0/20", used) == "172.31.0.8");
  CHECK(next_private_ip("172.31.0.0/20", used) == "172.31.0.10");
}

TEST_CASE("the first free address is found by bisection in a long run of taken ones", "[ip-addresses]") {
  UsedAddresses used;
  const std::uint32_t base = 0x0A000004;  // 10.0.0.4
  for (std::uint32_t n = 0; n < 5000; ++n)
    if (n != 3777) used.add(base + n);
  CHECK(used.first_free(base, base + 10000) == base + 3777);
  CHECK(used.first_free(base + 3778, base + 10000) == base + 5000);
  CHECK(used.first_free(base + 3778, base + 4000) == base + 4000);  // none free before `to`
  CHECK(used.first_free(base - 2, base + 10) == base - 2);          // free right away
  used.add(base + 3777);
  CHECK(used.first_free(base, base + 10000) == base + 5000);
}

TEST_CASE("held ranges are skipped when giving addresses, yet not taken", "[ip-addresses]") {
  UsedAddresses used;
  used.hold("10.0.1.0/29");   // .0-.7: .4-.7 would have been given first
  used.hold("not a range");
  CHECK(next_private_ip("10.0.1.0/28", used) == "10.0.1.8");
  CHECK(!used.contains(std::string_view("10.0.1.5")));  // a request may still name it
  used.hold("10.0.1.8/29");   // the rest of the /28
  CHECK(AWS_ERROR_CODE(next_private_ip("10.0.1.0/28", used)) == "InsufficientFreeAddressesInSubnet");
  CHECK(AWS_ERROR_CODE(require_free_private_ip("10.0.1.0/28", used)) == "InsufficientFreeAddressesInSubnet");
  UsedAddresses spare;
  CHECK_NOTHROW(require_free_private_ip("10.0.1.0/28", spare));
  CHECK(next_private_ip("10.0.1.0/28", spare) == "10.0.1.4");  // the check took nothing
}

TEST_CASE("IPv6 addresses of a subnet block: canonical, inside, random, AWS's five kept", "[ip-addresses]") {
  CHECK(ipv6_address_canonical("2600:1F18:0:0::0001") == "2600:1f18::1");
  CHECK(ipv6_address_canonical("2600:1f18::/64").empty());
  CHECK(ipv6_address_canonical("banana").empty());
  CHECK(ipv6_address_within("2600:1f18:abcd:ef00::42", "2600:1f18:abcd:ef00::/64"));
  CHECK(!ipv6_address_within("2600:1f18:abcd:ef01::42", "2600:1f18:abcd:ef00::/64"));
  for (int n = 0; n < 50; ++n) {
    const std::string address = new_ipv6_address("2600:1f18:abcd:ef00::/64");
    CHECK(ipv6_address_within(address, "2600:1f18:abcd:ef00::/64"));
    CHECK(ipv6_address_canonical(address) == address);
  }
  for (const char* kept : {"2600:1f18:abcd:ef00::", "2600:1f18:abcd:ef00::3", "2600:1f18:abcd:ef00:ffff:ffff:ffff:ffff"})
    CHECK(ipv6_is_reserved_in(kept, "2600:1f18:abcd:ef00::/64"));
  CHECK(!ipv6_is_reserved_in("2600:1f18:abcd:ef00::4", "2600:1f18:abcd:ef00::/64"));
  CHECK(!ipv6_is_reserved_in("2600:1f18:abcd:ef00::1:0", "2600:1f18:abcd:ef00::/64"));
}
