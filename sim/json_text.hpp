// JSON text of a document that may hold bytes a client sent (a path, a file name): bytes
// that are not UTF-8 are replaced (U+FFFD), where nlohmann's plain dump() would throw.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace ec2sim::sim {

inline std::string json_text(const nlohmann::ordered_json& doc) {
  return doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace ec2sim::sim
