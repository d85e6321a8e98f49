#include "sim/ip_addresses.hpp"

#include <arpa/inet.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <random>

#include "sim/errors.hpp"

namespace ec2sim::sim {
namespace {

std::mt19937& engine() {
  thread_local std::mt19937 e{std::random_device{}()};
  return e;
}

std::optional<std::uint32_t> parse_ipv4(std::string_view ip) {
  char text[INET_ADDRSTRLEN];  // inet_pton wants a terminated string; no heap for it
  if (ip.size() >= sizeof text) return std::nullopt;
  ip.copy(text, ip.size());
  text[ip.size()] = '\0';
  in_addr addr{};
  if (inet_pton(AF_INET, text, &addr) != 1) return std::nullopt;
  return ntohl(addr.s_addr);
}

std::string format_ipv4(std::uint32_t v) {
  return std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 0xFF) + "." + std::to_string((v >> 8) & 0xFF) +
         "." + std::to_string(v & 0xFF);
}

std::optional<std::pair<std::uint32_t, int>> parse_cidr(std::string_view cidr) {
  auto slash = cidr.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto base = parse_ipv4(cidr.substr(0, slash));
  int bits = 0;
  for (char c : cidr.substr(slash + 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    bits = bits * 10 + (c - '0');
  }
  if (!base || bits < 0 || bits > 32) return std::nullopt;
  return std::pair{*base, bits};
}

std::string dashed(std::string_view ip) {
  std::string out(ip);
  for (auto& c : out)
    if (c == '.') c = '-';
  return out;
}

}  // namespace

std::string new_public_ip(std::string_view region) {
  // Blocks in the style of AWS's public ranges; a Region always draws from the same two.
  static constexpr std::uint8_t kBlocks[][2] = {{3, 34}, {3, 35}, {13, 124}, {13, 209}, {15, 164}, {18, 183},
                                                {34, 201}, {35, 72}, {43, 201}, {52, 78}, {54, 180}, {54, 248}};
  auto h = std::hash<std::string_view>{}(region);
  const auto& block = kBlocks[(h + std::uniform_int_distribution<int>(0, 1)(engine())) % std::size(kBlocks)];
  std::uniform_int_distribution<int> octet(1, 254);
  return std::to_string(block[0]) + "." + std::to_string(block[1]) + "." + std::to_string(octet(engine())) + "." +
         std::to_string(octet(engine()));
}

std::string public_dns_name(std::string_view region, std::string_view ip) {
  if (region == "us-east-1") return "ec2-" + dashed(ip) + ".compute-1.amazonaws.com";
  return "ec2-" + dashed(ip) + "." + std::string(region) + ".compute.amazonaws.com";
}

std::string private_dns_name(std::string_view region, std::string_view ip) {
  if (region == "us-east-1") return "ip-" + dashed(ip) + ".ec2.internal";
  return "ip-" + dashed(ip) + "." + std::string(region) + ".compute.internal";
}

void UsedAddresses::add(std::string_view ip) {
  if (auto v = parse_ipv4(ip)) add(*v);
}

void UsedAddresses::add(std::uint32_t ip) {
  auto at = std::lower_bound(used_.begin(), used_.end(), ip);  // new addresses mostly go last
  if (at == used_.end() || *at != ip) used_.insert(at, ip);
}

void UsedAddresses::hold(std::string_view cidr) {
  const auto parsed = parse_cidr(cidr);
  if (!parsed) return;
  const std::uint64_t size = std::uint64_t{1} << (32 - parsed->second);
  const std::uint32_t first = parsed->first & ~static_cast<std::uint32_t>(size - 1);
  held_.emplace_back(first, first + size);
}

std::uint32_t UsedAddresses::first_free(std::uint32_t from, std::uint32_t to) const {
  for (;;) {
    const std::uint32_t ip = first_untaken(from, to);
    const auto held = std::find_if(held_.begin(), held_.end(), [&](const auto& r) { return ip >= r.first && ip < r.second; });
    if (ip >= to || held == held_.end()) return ip;
    if (held->second >= to) return to;
    from = static_cast<std::uint32_t>(held->second);  // on past the reservation
  }
}

std::uint32_t UsedAddresses::first_untaken(std::uint32_t from, std::uint32_t to) const {
  // The used addresses from `from` on are distinct and sorted, so they run unbroken
  // (from, from+1, …) up to a point and no further: find that point by bisection, not by
  // walking a subnet's thousands of taken addresses.
  const std::size_t start = static_cast<std::size_t>(std::lower_bound(used_.begin(), used_.end(), from) - used_.begin());
  std::size_t lo = start, hi = used_.size();  // the first k with used_[k] != from + (k - start)
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (used_[mid] - from == mid - start) lo = mid + 1;
    else hi = mid;
  }
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(std::uint64_t{from} + (lo - start), to));
}

bool UsedAddresses::contains(std::string_view ip) const {
  auto v = parse_ipv4(ip);
  return v && contains(*v);
}

namespace {

// The first free host address of `cidr` (hosts 1-3 are AWS's: router, DNS, future use;
// the last is the broadcast), or nullopt when none is left.
std::optional<std::uint32_t> first_free_host(std::string_view cidr, const UsedAddresses& used) {
  auto parsed = parse_cidr(cidr);
  if (!parsed || parsed->second > 28) throw ApiError::internal("bad subnet CIDR " + std::string(cidr));
  std::uint32_t size = 1u << (32 - parsed->second);
  std::uint32_t network = parsed->first & ~(size - 1);
  if (size <= 5) return std::nullopt;
  const std::uint32_t ip = used.first_free(network + 4, network + size - 1);
  if (ip < network + size - 1) return ip;
  return std::nullopt;
}

ApiError insufficient_addresses(std::string_view cidr) {
  return ApiError::client("InsufficientFreeAddressesInSubnet",
                          "There are not enough free addresses in subnet " + std::string(cidr) + " to satisfy the request.");
}

}  // namespace

std::string next_private_ip(std::string_view cidr, UsedAddresses& used) {
  const auto ip = first_free_host(cidr, used);
  if (!ip) throw insufficient_addresses(cidr);
  used.add(*ip);
  return format_ipv4(*ip);
}

void require_free_private_ip(std::string_view cidr, const UsedAddresses& used) {
  if (!first_free_host(cidr, used)) throw insufficient_addresses(cidr);
}

void check_private_address(std::string_view cidr, const std::string& ip, const UsedAddresses& used, const std::string& in_use) {
  if (!cidr_contains(cidr, ip)) throw ApiError::invalid_value("Address " + ip + " does not fall within the subnet's address range");
  if (is_reserved_address(cidr, ip)) throw ApiError::invalid_value("Address " + ip + " is in subnet's reserved address range");
  if (used.contains(std::string_view(ip)))
    throw ApiError::client("InvalidIPAddress.InUse", in_use.empty() ? "Address " + ip + " is in use." : in_use);
}

bool cidr_contains(std::string_view cidr, std::string_view ip) {
  auto parsed = parse_cidr(cidr);
  auto addr = parse_ipv4(ip);
  if (!parsed || !addr) return false;
  std::uint32_t mask = parsed->second == 0 ? 0 : ~0u << (32 - parsed->second);
  return (*addr & mask) == (parsed->first & mask);
}

bool is_reserved_address(std::string_view cidr, std::string_view ip) {
  auto parsed = parse_cidr(cidr);
  auto addr = parse_ipv4(ip);
  if (!parsed || !addr || !cidr_contains(cidr, ip)) return false;
  const std::uint32_t host_mask = parsed->second == 32 ? 0 : (~0u >> parsed->second);
  const std::uint32_t offset = *addr & host_mask;
  return offset <= 3 || offset == host_mask;
}

bool is_ipv4_cidr(std::string_view cidr) { return parse_cidr(cidr).has_value(); }

int cidr_prefix_length(std::string_view cidr) {
  auto parsed = parse_cidr(cidr);
  return parsed ? parsed->second : -1;
}

bool cidr_is_network(std::string_view cidr) {
  auto parsed = parse_cidr(cidr);
  if (!parsed) return false;
  std::uint32_t host_mask = parsed->second == 32 ? 0 : (~0u >> parsed->second);
  return (parsed->first & host_mask) == 0;
}

bool cidrs_overlap(std::string_view a, std::string_view b) {
  auto pa = parse_cidr(a), pb = parse_cidr(b);
  if (!pa || !pb) return false;
  int bits = std::min(pa->second, pb->second);
  std::uint32_t mask = bits == 0 ? 0 : ~0u << (32 - bits);
  return (pa->first & mask) == (pb->first & mask);
}

bool cidr_within(std::string_view inner, std::string_view outer) {
  auto pi = parse_cidr(inner), po = parse_cidr(outer);
  return pi && po && pi->second >= po->second && cidrs_overlap(inner, outer);
}

std::string new_mac_address() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::uniform_int_distribution<int> nibble(0, 15);
  std::string mac = "06";
  for (int i = 0; i < 5; ++i) {
    mac += ':';
    mac += kHex[nibble(engine())];
    mac += kHex[nibble(engine())];
  }
  return mac;
}

}  // namespace ec2sim::sim
