#include "sim/resource_ids.hpp"

#include <random>

namespace ec2sim::sim {

namespace {

// The generator a SeededIds on this thread put in place; null: the thread's random one.
thread_local std::mt19937_64* seeded_engine = nullptr;

}  // namespace

SeededIds::SeededIds(std::uint64_t seed) : previous_(seeded_engine) { seeded_engine = new std::mt19937_64(seed); }

SeededIds::~SeededIds() {
  delete seeded_engine;
  seeded_engine = static_cast<std::mt19937_64*>(previous_);
}

std::string new_id(std::string_view prefix) {
  thread_local std::mt19937_64 random_engine{[] {
    std::random_device rd;
    return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  }()};
  auto& engine = seeded_engine ? *seeded_engine : random_engine;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(prefix);
  id += '-';
  std::uint64_t bits = engine();
  std::uint64_t more = engine();
  for (int i = 0; i < 17; ++i) {
    id += kHex[(i < 16 ? bits : more) & 0xF];
    if (i < 16) bits >>= 4; else more >>= 4;
  }
  return id;
}

bool is_id(std::string_view id, std::string_view prefix) {
  if (id.size() <= prefix.size() + 1 || !id.starts_with(prefix) || id[prefix.size()] != '-') return false;
  auto hex = id.substr(prefix.size() + 1);
  if (hex.size() != 8 && hex.size() != 17) return false;
  for (char c : hex)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace ec2sim::sim
