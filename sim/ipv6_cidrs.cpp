#include "sim/ipv6_cidrs.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstdio>
#include <optional>
#include <random>

namespace ec2sim::sim {
namespace {

struct Block {
  std::array<unsigned char, 16> address{};
  int bits = 0;
};

std::optional<Block> parse(std::string_view cidr) {
  const auto slash = cidr.find('/');
  if (slash == std::string_view::npos || slash >= INET6_ADDRSTRLEN) return std::nullopt;
  char text[INET6_ADDRSTRLEN];
  cidr.copy(text, slash);
  text[slash] = '\0';
  Block block;
  if (inet_pton(AF_INET6, text, block.address.data()) != 1) return std::nullopt;
  const std::string_view length = cidr.substr(slash + 1);
  if (length.empty() || length.size() > 3) return std::nullopt;
  for (char c : length) {
    if (c < '0' || c > '9') return std::nullopt;
    block.bits = block.bits * 10 + (c - '0');
  }
  if (block.bits > 128) return std::nullopt;
  return block;
}

// Do the first `bits` bits of a and b agree?
bool same_prefix(const Block& a, const Block& b, int bits) {
  for (int i = 0; i < bits; ++i) {
    const int byte = i / 8, shift = 7 - i % 8;
    if (((a.address[byte] >> shift) & 1) != ((b.address[byte] >> shift) & 1)) return false;
  }
  return true;
}

std::string format(const Block& block) {
  char text[INET6_ADDRSTRLEN];
  inet_ntop(AF_INET6, block.address.data(), text, sizeof text);
  return std::string(text) + "/" + std::to_string(block.bits);
}

}  // namespace

std::string new_amazon_ipv6_block() {
  thread_local std::mt19937 engine{std::random_device{}()};
  std::uniform_int_distribution<unsigned> byte(0, 0xFF);
  Block block;
  block.bits = 56;
  block.address[0] = 0x26;  // 2600:1f1X: Amazon's pools
  block.address[1] = 0x00;
  block.address[2] = 0x1f;
  block.address[3] = static_cast<unsigned char>(0x10 | (byte(engine) & 0xF));
  for (int i = 4; i < 7; ++i) block.address[i] = static_cast<unsigned char>(byte(engine));
  return format(block);
}

std::string ipv6_canonical(std::string_view cidr) {
  auto block = parse(cidr);
  return block ? format(*block) : std::string();
}

int ipv6_prefix_length(std::string_view cidr) {
  auto block = parse(cidr);
  return block ? block->bits : -1;
}

bool ipv6_cidr_is_network(std::string_view cidr) {
  auto block = parse(cidr);
  if (!block) return false;
  Block zero{{}, 128};
  zero.address = block->address;
  for (int i = block->bits; i < 128; ++i) zero.address[i / 8] &= static_cast<unsigned char>(~(1u << (7 - i % 8)));
  return zero.address == block->address;
}

bool ipv6_cidrs_overlap(std::string_view a, std::string_view b) {
  auto pa = parse(a), pb = parse(b);
  return pa && pb && same_prefix(*pa, *pb, std::min(pa->bits, pb->bits));
}

std::string ipv6_address_canonical(std::string_view address) {
  if (address.find('/') != std::string_view::npos) return {};
  const std::string canonical = ipv6_canonical(std::string(address) + "/128");
  return canonical.empty() ? canonical : canonical.substr(0, canonical.size() - 4);
}

bool ipv6_address_within(std::string_view address, std::string_view block) {
  return address.find('/') == std::string_view::npos && ipv6_cidr_within(std::string(address) + "/128", block);
}

bool ipv6_is_reserved_in(std::string_view address, std::string_view block_text) {
  auto block = parse(block_text);
  auto host = parse(std::string(address) + "/128");
  if (!block || !host || !same_prefix(*block, *host, block->bits)) return false;
  bool all_ones = true, low_only = true;  // every host bit set; only the last two may be set
  for (int i = block->bits; i < 128; ++i) {
    const bool set = (host->address[i / 8] >> (7 - i % 8)) & 1;
    all_ones = all_ones && set;
    if (set && i < 126) low_only = false;
  }
  return all_ones || low_only;
}

std::string new_ipv6_address(std::string_view block_text) {
  auto block = parse(block_text);
  if (!block) return {};
  thread_local std::mt19937 engine{std::random_device{}()};
  std::uniform_int_distribution<unsigned> byte(0, 0xFF);
  for (int i = block->bits; i < 128; ++i) {  // the host bits, at random
    const auto bit = static_cast<unsigned char>(1u << (7 - i % 8));
    block->address[i / 8] = static_cast<unsigned char>((byte(engine) & 1) ? block->address[i / 8] | bit : block->address[i / 8] & ~bit);
  }
  block->bits = 128;
  const std::string text = format(*block);
  return text.substr(0, text.size() - 4);
}

bool ipv6_cidr_within(std::string_view inner, std::string_view outer) {
  auto pi = parse(inner), po = parse(outer);
  return pi && po && pi->bits >= po->bits && same_prefix(*pi, *po, po->bits);
}

}  // namespace ec2sim::sim
