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
#pragma once

#include <deque>
#include <shared_mutex>
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
  std::deque<nlohmann::ordered_json> owned;  // a deque: keeping more never moves the kept
  std::shared_lock<std::shared_mutex> hold;

  // The stand-in for `doc` in a result.
  nlohmann::ordered_json ref(const nlohmann::ordered_json& doc, const DocumentView* view = nullptr) {
    docs.push_back({&doc, view});
    return {{"$borrowed", docs.size() - 1}};
  }
  // The stand-in for a document the result owns.
  nlohmann::ordered_json keep(nlohmann::ordered_json doc, const DocumentView* view = nullptr) {
    return ref(owned.emplace_back(std::move(doc)), view);
  }
};

// `doc` itself, or the stand-in for it when the request can borrow.
inline nlohmann::ordered_json share(Borrowed* borrowed, const nlohmann::ordered_json& doc) {
  return borrowed ? borrowed->ref(doc) : doc;
}

// A record as `view` shows it: a stand-in when the request can borrow, else completed.
inline nlohmann::ordered_json show(Borrowed* borrowed, const nlohmann::ordered_json& record, const DocumentView& view) {
  return borrowed ? borrowed->ref(record, &view) : complete(record, view);
}
inline nlohmann::ordered_json show(Borrowed* borrowed, nlohmann::ordered_json&& record, const DocumentView& view) {
  return borrowed ? borrowed->keep(std::move(record), &view) : complete(record, view);
}

}  // namespace ec2sim::sim
