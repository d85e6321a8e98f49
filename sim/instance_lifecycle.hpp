// The instance state machine over simulated time:
//
//   pending --(Timing.pending)--> running --stop--> stopping --(Timing.stopping)--> stopped
//   stopped --start--> pending;  any but terminated --terminate--> shutting-down
//   shutting-down --(Timing.shutting_down)--> terminated --(Timing.terminated_visible)--> gone
//
// A state that waits on time records when it is due (`_DueAt`, ms since the epoch; 0 for
// a state that waits on nothing).
// Advancing performs every transition that is due — with its side effects: a stopped
// instance gives up its public IPv4, a terminated one its network interface, and its
// volumes are deleted (DeleteOnTermination) or become available — so whatever reads next
// sees a consistent state. Instances are a timed kind (sim/timed_kinds.hpp): every request
// and the one-second scheduler settle them, so transitions happen whether or not anyone is
// asking.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

// {"Code": 16, "Name": "running"} for a state name.
nlohmann::ordered_json instance_state(std::string_view name);

// Moves `instance` into `state`, due after `after` (simulated time) when it waits on time.
void enter_state(nlohmann::ordered_json& instance, std::string_view state, const RequestContext& ctx,
                 std::chrono::milliseconds after);

// Gives a running-to-be instance a public IPv4 (and DNS name) if it is to have one: one
// auto-assigned by its subnet or launch, unless an Elastic IP already gives it one.
void assign_public_ip(nlohmann::ordered_json& instance, const RequestContext& ctx);

// The instance's public IPv4 (an auto-assigned one, or its Elastic IP's), or none: its
// DNS name and its interface's association follow from it (sim/instance_view.cpp).
void set_public_ip(nlohmann::ordered_json& instance, const std::string& ip);
void clear_public_ip(nlohmann::ordered_json& instance);

// Performs the transitions of `instance` that are already due — on the scheduler's or a
// request's settling (sim/timed_kinds.hpp), or for a state just entered with instant timing
// so it is stored as the next read would see it anyway. Returns false when the instance is
// gone (erase it, don't store it).
bool advance_instance(store::Writer& w, const RequestContext& ctx, nlohmann::ordered_json& instance);

// The guest powers itself off (`sudo shutdown -h now` inside the instance): the instance
// stops, or terminates when its InstanceInitiatedShutdownBehavior says so. Finds the
// instance in whichever account and Region holds it; returns its new state, or throws
// ApiError (InvalidInstanceID.NotFound, IncorrectInstanceState when it is not running).
std::string instance_initiated_shutdown(store::Store& store, const catalog::Catalog& catalog,
                                        std::chrono::system_clock::time_point now, const Settings& settings,
                                        const std::string& instance_id);

// The guest boots (it starts, or a running one restarts: RebootInstances, `sudo reboot`
// inside): `_Boots` counts it, and connect/connect_service.hpp ends the processes of the
// boot before.
void reboot_guest(nlohmann::ordered_json& instance);

// The guest reboots itself (`sudo reboot` inside the instance). Returns its state
// ("running"); throws as instance_initiated_shutdown does.
std::string instance_initiated_reboot(store::Store& store, const catalog::Catalog& catalog,
                                      std::chrono::system_clock::time_point now, const Settings& settings,
                                      const std::string& instance_id);

}  // namespace ec2sim::sim
