// Subnet CIDR reservations (sim/subnet_cidr_reservations.cpp): what other files need.
#pragma once

#include <string>

#include "sim/context.hpp"

namespace ec2sim::sim {

// DeleteSubnet: the subnet's reservations go with it.
void drop_subnet_cidr_reservations(store::Writer& w, const RequestContext& ctx, const std::string& subnet_id);

}  // namespace ec2sim::sim
