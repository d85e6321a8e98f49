// What other resources do to routes: a route's state follows its target (an internet
// gateway detached or attached, an instance terminated).
#pragma once

#include <string>
#include <string_view>

#include "sim/context.hpp"

namespace ec2sim::sim {

// Sets `state` ("active", "blackhole") on every route whose `target_member` (GatewayId,
// InstanceId …) is `target`, in the route tables of `vpc_id` (all the account's when "").
void set_route_state(store::Writer& w, const RequestContext& ctx, std::string_view target_member, const std::string& target,
                     const char* state, const std::string& vpc_id = "");

// Drops the route table associations of the subnet or gateway `id` (`member`: SubnetId,
// GatewayId): a deleted subnet takes its association with it.
void drop_associations(store::Writer& w, const RequestContext& ctx, std::string_view member, const std::string& id);

// Does a route table associate with the subnet or gateway `id`?
bool has_association(const store::Reader& r, const RequestContext& ctx, std::string_view member, const std::string& id);

}  // namespace ec2sim::sim
