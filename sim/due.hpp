// Timed changes: a document whose state waits on simulated time records when it is due in
// `_DueAt` (ms since the epoch; 0 when nothing is due). The store keeps a table holding
// such a document in memory (sim/store/store.hpp), and settling performs what is due
// (sim/timed_kinds.hpp, the registry of the kinds that have such documents).
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

inline constexpr std::int64_t kNothingDue = 0;

inline std::int64_t epoch_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// A document's `_DueAt` (ms since the epoch), or kNothingDue when it has none.
inline std::int64_t due_at(const nlohmann::ordered_json& doc) {
  // `_DueAt` is an instance document's first member, so this is usually one compare.
  auto it = doc.find("_DueAt");
  return it != doc.end() && it->is_number_integer() ? it->get<std::int64_t>() : kNothingDue;
}

inline bool is_due(const nlohmann::ordered_json& doc, std::int64_t now_ms) {
  const auto due = due_at(doc);
  return due != kNothingDue && due <= now_ms;
}

// Is anything of `type` due in the request's scope?
inline bool any_due(const store::Reader& w, const RequestContext& ctx, std::string_view type) {
  const std::int64_t earliest = w.earliest_due(ctx.scope(), type);  // no scan of the table
  return earliest != kNothingDue && earliest <= epoch_ms(ctx.now);
}

}  // namespace ec2sim::sim
