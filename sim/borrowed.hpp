// Documents a result refers to instead of copying them.
//
// A page of 100 instances or instance types is a few hundred KiB of JSON; copying it into
// the result only for the encoder to read it once dominated those requests. An operation
// may instead put {"$borrowed": N} where a document belongs, naming docs[N]; the encoder
// (api/response_encoder.cpp) writes the document in its place, completed by its view
// (sim/document_view.hpp) when it has one. The documents must stay unchanged until the
// response is written: catalog documents never change, store documents are read under
// `hold`, a read lock on the store released after encoding, and documents the operation
// made itself are kept in `owned`.
//
// Handlers never take the lock themselves: RequestContext::read_for_response reads the
// store and, for a request that borrows, leaves the lock in `hold`. Borrowing a stored
// record without it is a fault that show() reports (a logic_error: an InternalError
// answer), never a dangling pointer.
#pragma once

#include <deque>
#include <shared_mutex>
#include <stdexcept>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/document_view.hpp"

namespace ec2sim::sim {

struct BorrowedDocument {
  const nlohmann::ordered_json* doc;
  const DocumentView* view = nullptr;  // null: shown as it is
};

struct Borrowed {
  std::vector<BorrowedDocument> docs;
  std::shared_lock<std::shared_mutex> hold;

  // The stand-in for `doc` in a result.
  nlohmann::ordered_json ref(const nlohmann::ordered_json& doc, const DocumentView* view = nullptr) {
    docs.push_back({&doc, view});
    return {{"$borrowed", docs.size() - 1}};
  }
  // A copy the result owns (it lives as long as the response), and its address.
  const nlohmann::ordered_json& own(nlohmann::ordered_json doc) {
    const auto& kept = owned_.emplace_back(std::move(doc));
    owned_addresses_.insert(&kept);
    return kept;
  }
  // The stand-in for a document the result owns.
  nlohmann::ordered_json keep(nlohmann::ordered_json doc, const DocumentView* view = nullptr) {
    return ref(own(std::move(doc)), view);
  }
  // May `doc` be referred to until the response is written?
  bool lives_long_enough(const nlohmann::ordered_json& doc) const {
    return hold.owns_lock() || owned_addresses_.contains(&doc);
  }

 private:
  std::deque<nlohmann::ordered_json> owned_;  // a deque: keeping more never moves the kept
  std::unordered_set<const nlohmann::ordered_json*> owned_addresses_;
};

// A catalog document itself, or the stand-in for it when the request can borrow (catalog
// documents never change, so no lock is needed).
inline nlohmann::ordered_json constant(Borrowed* borrowed, const nlohmann::ordered_json& doc) {
  return borrowed ? borrowed->ref(doc) : doc;
}

// A record as `view` shows it: a stand-in when the request can borrow, else completed. A
// stored record may be borrowed only under RequestContext::read_for_response.
inline nlohmann::ordered_json show(Borrowed* borrowed, const nlohmann::ordered_json& record, const DocumentView& view) {
  if (!borrowed) return complete(record, view);
  if (!borrowed->lives_long_enough(record))
    throw std::logic_error("a stored record was borrowed without the store's read lock (use read_for_response)");
  return borrowed->ref(record, &view);
}
inline nlohmann::ordered_json show(Borrowed* borrowed, nlohmann::ordered_json&& record, const DocumentView& view) {
  return borrowed ? borrowed->keep(std::move(record), &view) : complete(record, view);
}

}  // namespace ec2sim::sim
