// VPC peering connections (sim/vpc_peering.cpp): what routes and settling need of them.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

// The state a route from `vpc_id` to the connection `id` has: "active" once the connection
// is, "blackhole" while it waits for acceptance. Throws as AWS does for a connection that is
// not there, has ended, or does not join `vpc_id`.
std::string peering_route_state(const store::Reader& r, const RequestContext& ctx, const std::string& id, const std::string& vpc_id);

// The other side of an active connection of `vpc_id` (the request's account and Region);
// nullopt when the connection is not active or does not join that VPC.
struct PeerSide {
  store::Scope scope;
  std::string vpc_id;
};
std::optional<PeerSide> active_peer_of(const nlohmann::ordered_json& peering, const RequestContext& ctx, const std::string& vpc_id);

// The active connection joining `vpc_id` (the request's account and Region) with
// `other_vpc` of account `other_owner` in the same Region; null when there is none.
const nlohmann::ordered_json* active_peering_between(const store::Reader& r, const RequestContext& ctx, const std::string& vpc_id,
                                                     const std::string& other_owner, const std::string& other_vpc);
// Is the connection `id`, as the account sees it, active?
bool peering_is_active(const store::Reader& r, const RequestContext& ctx, const std::string& id);

// The timed kind's advance (sim/timed_kinds.hpp): a request not accepted within a week
// expires; an ended connection is forgotten two hours on.
bool advance_vpc_peering_connection(store::Writer& w, const RequestContext& ctx, nlohmann::ordered_json& peering);

}  // namespace ec2sim::sim
