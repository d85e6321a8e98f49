// Security group rules across VPC peering (sim/security_group_references.cpp): what the
// peering connections' own code needs of them.
#pragma once

#include <string>

#include "sim/context.hpp"

namespace ec2sim::sim {

// A peering connection ended: the rules of the scope's groups that name a group through
// it now show PeeringStatus "deleted" (and DescribeStaleSecurityGroups lists them).
void mark_peering_references_ended(store::Writer& w, const RequestContext& ctx, const std::string& peering_id);

}  // namespace ec2sim::sim
