// Timed changes: a document whose state waits on simulated time records when it is due in
// `_DueAt` (ms since the epoch; 0 when nothing is due). The store keeps a table holding
// such a document in memory (sim/store/store.hpp), and settling performs what is due
// (sim/instance_lifecycle.hpp for instances, sim/volume_lifecycle.hpp for volumes).
#pragma once

#include <chrono>
#include <cstdint>

#include <nlohmann/json.hpp>

namespace ec2sim::sim {

inline constexpr std::int64_t kNothingDue = 0;

inline std::int64_t epoch_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

inline bool is_due(const nlohmann::ordered_json& doc, std::int64_t now_ms) {
  // `_DueAt` is an instance document's first member, so this is usually one compare.
  auto it = doc.find("_DueAt");
  if (it == doc.end()) return false;
  const auto due = it->get<std::int64_t>();
  return due != kNothingDue && due <= now_ms;
}

}  // namespace ec2sim::sim
