// Turns a request's Query parameters into a JSON document shaped like the operation's
// input in the EC2 model (member names as keys, the same shape boto3 takes), checking
// every parameter against the model on the way:
//   a name the operation does not have        -> UnknownParameter
//   a value of the wrong type, outside its
//   bounds or not one of its enum values       -> InvalidParameterValue
//   a required member left out                 -> MissingParameter
// Lists are `Name.N` (N from 1), structures `Name.Member`, so
// `Filter.2.Value.1=x` becomes {"Filters":[…,{"Values":["x"]}]}.
#pragma once

#include <functional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/model.hpp"
#include "api/query_params.hpp"

namespace ec2sim::api {

struct DecodeOptions {
  // Shapes whose enum another authority owns (the catalog's instance types are newer
  // than the model's enum); values of these shapes are passed through unchecked.
  std::function<bool(std::string_view shape_name)> enum_is_open;
};

// The model's InstanceType enum dates from the model's release; the catalog knows newer
// types, so the handlers (not the codec) decide which names exist: every request is
// decoded with this as its DecodeOptions::enum_is_open.
inline bool enum_owned_by_catalog(std::string_view shape_name) { return shape_name == "InstanceType"; }

// Parameters every request may carry besides the operation's own: the action and
// version, and the SigV2/SigV4 signing fields.
bool is_protocol_parameter(std::string_view key);

nlohmann::ordered_json decode_request(const model::Operation& op, const QueryParams& params, const DecodeOptions& options = {});

}  // namespace ec2sim::api
