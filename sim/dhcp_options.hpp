// DHCP options sets: what a VPC's instances are told their domain name and name servers
// are. Every account has, in every Region, a default set (the Region's internal domain,
// AmazonProvidedDNS) that new VPCs take.
#pragma once

#include <string>

#include "sim/context.hpp"

namespace ec2sim::sim {

// The id of the Region's default set, created in `w` when the account has none (the first
// VPC, or after the user deleted it).
std::string default_dhcp_options(store::Writer& w, const RequestContext& ctx);

}  // namespace ec2sim::sim
