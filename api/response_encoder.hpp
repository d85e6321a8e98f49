// Writes an operation's result (a JSON document shaped like the model's output, member
// names as keys) as the EC2 XML response:
//   <{Action}Response xmlns="http://ec2.amazonaws.com/doc/{Version}/">
//     <requestId>…</requestId> …members by their locationName…
//   </{Action}Response>
// Lists become `<name><item>…</item></name>` (an empty list `<name/>`), booleans
// true/false, numbers in their shortest exact form. Members missing from the document
// are left out, as AWS leaves out unset fields.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/model.hpp"
#include "sim/borrowed.hpp"

namespace ec2sim::api {

inline constexpr std::string_view kModelVersion = "2016-11-15";

// The response namespace for a request's Version: AWS answers in the namespace of the
// version asked for (http://ec2.amazonaws.com/doc/2014-10-01/ for an old client), and in
// the model's for a missing or malformed one.
std::string ec2_namespace(std::string_view requested_version);

// `borrowed` holds the documents the result refers to by {"$borrowed": N}, each with the
// view that completes it (sim/borrowed.hpp).
std::string encode_response(const model::Operation& op, const nlohmann::ordered_json& result, std::string_view request_id,
                            std::string_view xmlns, const std::vector<sim::BorrowedDocument>& borrowed = {});

}  // namespace ec2sim::api
