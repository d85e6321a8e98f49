// AWS's JSON protocol, as SSM speaks it: `X-Amz-Target: AmazonSSM.GetParameter`, a JSON
// body, a JSON answer, errors as {"__type": code, "message": …}. ec2sim answers the SSM
// operations that read AWS's public parameters (sim/ssm_parameters.hpp); a request for any
// other service or operation gets an error that names what was asked.
#pragma once

#include <string>
#include <string_view>

#include "sim/context.hpp"

namespace ec2sim::api {

using JsonOperation = nlohmann::ordered_json (*)(const sim::RequestContext&, const nlohmann::ordered_json& input);

struct JsonTarget {
  std::string service;    // the signing name: "ssm"; for others, the target's prefix lowercased
  std::string operation;  // "GetParameter"
  JsonOperation run = nullptr;  // null when ec2sim does not answer it
};

// Reads an X-Amz-Target header ("AmazonSSM.GetParameter").
JsonTarget json_target(std::string_view header);

// Why ec2sim does not answer `target` (run is null), as the message of its error.
std::string unanswered(const JsonTarget& target);

// The message for a request signed for a service ec2sim does not serve ("iam" …).
std::string not_served(std::string_view service);

}  // namespace ec2sim::api
