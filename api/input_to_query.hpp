// The other direction of api/request_decoder.hpp: an operation's input as JSON (model
// member names as keys, the shape boto3 takes) written as the Query parameters an SDK
// would send — `{"Filters": [{"Name": "x", "Values": ["y"]}]}` becomes `Filter.1.Name=x`,
// `Filter.1.Value.1=y`. A scenario's setup runs its calls through this and the decoder,
// so they are checked against the model exactly as a client's request is.
#pragma once

#include <nlohmann/json.hpp>

#include "api/model.hpp"
#include "api/query_params.hpp"

namespace ec2sim::api {

// Throws ApiError (UnknownParameter, InvalidParameterValue) naming the JSON path of a
// member the operation does not have, or of a value of the wrong JSON type.
QueryParams input_to_query(const model::Operation& op, const nlohmann::ordered_json& input);

}  // namespace ec2sim::api
