// What other resources ask of internet gateways.
#pragma once

#include <string>

#include "sim/context.hpp"

namespace ec2sim::sim {

// The VPC an internet gateway is attached to ("" when detached).
std::string attached_vpc(const nlohmann::ordered_json& gateway);

// Does `vpc_id` have an internet gateway attached (which public addresses need)?
bool has_internet_gateway(const store::Reader& r, const RequestContext& ctx, const std::string& vpc_id);

}  // namespace ec2sim::sim
