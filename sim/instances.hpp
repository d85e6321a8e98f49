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

// What one launch made (sim/run_instances.cpp): the reservation and its instances as
// launched (pending), in launch order.
struct Launched {
  std::string reservation_id;
  nlohmann::ordered_json instance_ids;
  std::vector<nlohmann::ordered_json> instances;
};

// Launches what a RunInstances request (over its launch template) asks for, inside `w`'s
// transaction, after checking it as AWS does. The Spot request fulfiller launches through
// it too, naming its request in the input's `_SpotInstanceRequestId` (the decoder never
// gives a member that name, so no client can).
Launched launch_instances(store::Writer& w, const RequestContext& ctx, const nlohmann::ordered_json& input);
// What a launch would be, from the checks alone (nothing is made).
struct LaunchPlan {
  nlohmann::ordered_json image;  // the AMI's description
  const catalog::InstanceType* type = nullptr;
  std::string subnet_id, zone;   // where the instance would go (a default subnet AWS picks, when none is named)
  nlohmann::ordered_json groups;  // [{GroupName, GroupId}] it would have
};
// Throws what launching `input` now would; else what it would launch.
LaunchPlan check_launch(store::Writer& w, const RequestContext& ctx, const nlohmann::ordered_json& input);

}  // namespace ec2sim::sim
