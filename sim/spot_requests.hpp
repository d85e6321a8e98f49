// Spot Instance requests (sim/spot_requests.cpp): what the rest of the simulation asks of
// them — RunInstances checks its Spot options and records the request behind each Spot
// Instance it launches; an instance's stop, start and termination move its request on;
// settling evaluates open requests over simulated time.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

// RunInstances' InstanceMarketOptions for a Spot launch, checked as AWS does: the request
// type against the interruption behaviour, ValidUntil, and MaxPrice against the Spot price
// now in `zone` (SpotMaxPriceTooLow).
void check_spot_options(const RequestContext& ctx, const nlohmann::ordered_json& input, const catalog::InstanceType& type,
                        const nlohmann::ordered_json& image, const std::string& zone);

// The request RunInstances makes for one Spot Instance it launches, already fulfilled by
// `instance` of `image` (the AMI's description), tagged `tags`; returns its id.
std::string record_spot_launch(store::Writer& w, const RequestContext& ctx, const nlohmann::ordered_json& run_input,
                               const nlohmann::ordered_json& image, const nlohmann::ordered_json& instance,
                               const nlohmann::ordered_json& tags);

// StopInstances of a Spot Instance: only one from a persistent request that is not
// cancelled may stop (UnsupportedOperation otherwise, as on AWS).
void check_spot_instance_may_stop(const store::Reader& r, const RequestContext& ctx, const nlohmann::ordered_json& instance);

// Moves a Spot Instance's request on after the instance entered its current state
// (running, stopped, terminated).
void spot_instance_changed(store::Writer& w, const RequestContext& ctx, const nlohmann::ordered_json& instance);

// A Spot Instance's interruption behaviour (its request's: terminate, stop or hibernate).
std::string spot_interruption_behaviour(const store::Reader& r, const RequestContext& ctx,
                                        const nlohmann::ordered_json& instance);
// The interruption notice on the instance's request: marked-for-termination, -stop or
// -hibernation (sim/faults.hpp).
void mark_spot_interruption(store::Writer& w, const RequestContext& ctx, const nlohmann::ordered_json& instance,
                            std::string_view behaviour);

// The timed kind's advance (sim/timed_kinds.hpp): evaluation, fulfilment, expiry, and
// forgetting a closed request after four hours.
bool advance_spot_request(store::Writer& w, const RequestContext& ctx, nlohmann::ordered_json& request);

}  // namespace ec2sim::sim
