// The kinds whose documents change with simulated time, in one registry, and settling:
// performing every transition that has come due.
//
// A document that waits on time records when it is due in `_DueAt` (sim/due.hpp). Each
// timed kind registers how one of its documents advances once due; settle() runs them for
// a request's scope, the one-second scheduler (settle_all) for every scope holding such a
// document, and the clock route after moving time. Adding a timed kind (spot requests,
// scenario events …) is one entry in timed_kinds.cpp and its advance function.
#pragma once

#include <chrono>
#include <span>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

struct TimedKind {
  std::string_view kind;
  // Performs what is due of `doc` (its `_DueAt` has come), possibly changing documents of
  // other kinds through `w`. Returns false when the document is gone (it is then erased).
  bool (*advance)(store::Writer& w, const RequestContext& ctx, nlohmann::ordered_json& doc);
};

// In the order they settle: a kind whose transitions change another's comes first (a
// termination deletes or frees volumes; an image completes with its snapshots).
std::span<const TimedKind> timed_kinds();

// Stores a document an advance left, or erases it when the advance said it is gone.
void keep_or_erase(store::Writer& w, const RequestContext& ctx, std::string_view kind, const std::string& id,
                   nlohmann::ordered_json doc, bool exists);

// Performs every due transition in the request's scope, inside `w`'s transaction.
void settle(store::Writer& w, const RequestContext& ctx);
// The same, in its own transaction, and only when something is due (most requests: a look
// at each kind's earliest due time, under the read lock).
void settle_scope(const RequestContext& ctx);
// Settles every account and Region in the store (the scheduler's tick, the clock route).
void settle_all(store::Store& store, const catalog::Catalog& catalog, std::chrono::system_clock::time_point now,
                const Settings& settings);

}  // namespace ec2sim::sim
