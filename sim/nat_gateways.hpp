// NAT gateways as other files need them: the route tables that lead to one, the internet
// gateway its public address needs, and its transitions over simulated time.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

// The account's NAT gateway `id` that routes may lead to (not failed, deleting or
// deleted); NatGatewayNotFound otherwise.
const nlohmann::ordered_json& routable_nat_gateway(const store::Reader& r, const RequestContext& ctx, const std::string& id);

// Does a public NAT gateway of `vpc_id` hold an Elastic IP? (Its internet gateway stays.)
bool vpc_has_public_nat_gateway(const store::Reader& r, const RequestContext& ctx, const std::string& vpc_id);

// pending -> available (its Elastic IP associated) or failed; deleting -> deleted (the
// address set free, its routes blackhole); deleted or failed -> gone an hour later.
bool advance_nat_gateway(store::Writer& w, const RequestContext& ctx, nlohmann::ordered_json& gateway);

}  // namespace ec2sim::sim
