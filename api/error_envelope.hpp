// The one place error bodies are written.
//   EC2 (ec2 protocol):  <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>
//   STS (query protocol): <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
//   SSM (JSON protocol):  {"__type": code, "message": …}
#pragma once

#include <string>
#include <string_view>

#include "sim/errors.hpp"

namespace ec2sim::api {

std::string ec2_error_body(const ApiError& error, std::string_view request_id);
std::string sts_error_body(const ApiError& error, std::string_view request_id);
std::string json_error_body(const ApiError& error);

}  // namespace ec2sim::api
