// Documents a result refers to instead of copying them.
//
// A page of 100 instances or instance types is a few hundred KiB of JSON; copying it into
// the result only for the encoder to read it once dominated those requests. An operation
// may instead put {"$borrowed": N} where a document belongs, naming docs[N]; the encoder
// (api/response_encoder.cpp) writes the document in its place. The documents must stay
// unchanged until the response is written: catalog documents never change, and store
// documents are read under `hold`, a read lock on the store released after encoding.
#pragma once

#include <shared_mutex>
#include <vector>

#include <nlohmann/json.hpp>

namespace ec2sim::sim {

struct Borrowed {
  std::vector<const nlohmann::ordered_json*> docs;
  std::shared_lock<std::shared_mutex> hold;

  // The stand-in for `doc` in a result.
  nlohmann::ordered_json ref(const nlohmann::ordered_json& doc) {
    docs.push_back(&doc);
    return {{"$borrowed", docs.size() - 1}};
  }
};

// `doc` itself, or the stand-in for it when the request can borrow.
inline nlohmann::ordered_json share(Borrowed* borrowed, const nlohmann::ordered_json& doc) {
  return borrowed ? borrowed->ref(doc) : doc;
}

}  // namespace ec2sim::sim
