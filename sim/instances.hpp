// Pieces the instance operations share (sim/instances.cpp, run_instances.cpp,
// instance_attributes.cpp).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

// A Reservation (OwnerId, ReservationId, Groups, Instances) of `members`, in launch order,
// shown through instance_view(). With `borrowed`, the result refers to the members, which
// must then outlive the response; without, it holds completed copies.
nlohmann::ordered_json reservation_from(std::vector<const nlohmann::ordered_json*> members, const std::string& owner,
                                        const std::string& reservation_id, Borrowed* borrowed);

// The Reservation (OwnerId, ReservationId, Groups, Instances) `reservation_id` names, whose
// instances are `instance_ids` (found by a scan of the account's instances when null).
nlohmann::ordered_json reservation_of(const store::Reader& w, const RequestContext& ctx, const std::string& reservation_id,
                                      const nlohmann::ordered_json& instance_ids = nullptr);

// The instances `ids` name, in that order. Throws InvalidInstanceID.Malformed or
// InvalidInstanceID.NotFound (naming every missing id) as AWS does.
std::vector<nlohmann::ordered_json> instances_named(const store::Reader& w, const RequestContext& ctx, const nlohmann::ordered_json& ids);

}  // namespace ec2sim::sim
