// What an operation knows about the request it serves: who is asking, in which Region,
// and the shared world it acts on. Built by the api layer from the credential scope; sim
// code never sees HTTP or XML.
#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "sim/borrowed.hpp"
#include "sim/clock.hpp"
#include "sim/store/store.hpp"

namespace ec2sim::sim {

struct RequestContext {
  std::string account_id;            // 12 digits
  const catalog::Region& region;     // always a catalog Region
  const catalog::Catalog& catalog;
  store::Store& store;
  std::chrono::system_clock::time_point now;  // simulated time of this request
  const Settings& settings;
  // Where results may refer to documents instead of copying them; null: copy.
  Borrowed* borrowed = nullptr;

  store::Scope scope() const { return {account_id, region.name}; }

  // Reads the store for the response: `fn(reader)`'s result may borrow the documents it
  // read (show(), sim/borrowed.hpp), so for a borrowing request the read lock stays in
  // `borrowed->hold` until the response is written. Only for handlers that write nothing
  // after it: the held lock would keep their write waiting forever.
  template <class Fn>
  auto read_for_response(Fn&& fn) const {
    if (borrowed) return store.read_and_hold(borrowed->hold, std::forward<Fn>(fn));
    return store.read(std::forward<Fn>(fn));
  }
};

// An operation: a decoded request (model member names as keys) in, a result shaped like
// the operation's output out. Errors are thrown as ApiError.
using Operation = nlohmann::ordered_json (*)(const RequestContext&, const nlohmann::ordered_json& input);

}  // namespace ec2sim::sim
