// The slice of STS that AWS tools call at whatever endpoint they were given before
// anything else: GetCallerIdentity. Requests signed for service `sts`, or carrying
// Version=2011-06-15, come here; any other STS action is a clean InvalidAction.
#pragma once

#include <string>
#include <string_view>

#include "api/authenticator.hpp"
#include "api/query_params.hpp"

namespace ec2sim::api {

inline constexpr std::string_view kStsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";
inline constexpr std::string_view kStsVersion = "2011-06-15";

// The response body for an STS request from `caller`; throws ApiError for anything but
// GetCallerIdentity.
std::string handle_sts(const QueryParams& params, const Caller& caller, std::string_view request_id);

}  // namespace ec2sim::api
