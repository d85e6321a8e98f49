// The instance types of the catalog as a Region offers them.
#pragma once

#include <string>

#include "sim/context.hpp"

namespace ec2sim::sim {

// The type `name` names, if the request's Region offers it: an unknown name is
// InvalidParameterValue, a type this Region does not offer Unsupported, as on AWS.
const catalog::InstanceType& offered_instance_type(const RequestContext& ctx, const std::string& name);

}  // namespace ec2sim::sim
