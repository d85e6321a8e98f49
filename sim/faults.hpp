// Faults on a timeline: what a scenario's `timeline` (scenarios/README.md) makes happen to
// an account at a simulated time, or some time after a resource first matches a condition
// ("10 minutes after the first spot instance runs"):
//
//   spot_interruption  the two-minute notice (the Spot request's status marked-for-…, an
//                      event in DescribeInstanceStatus, IMDS spot/instance-action), then
//                      the stop or termination its interruption behaviour says, with
//                      Server.SpotInstanceTermination / Server.SpotInstanceShutdown
//   az_impairment      launches and starts in the zone fail (InsufficientInstanceCapacity);
//                      its running instances' status checks are impaired; then it recovers
//   scheduled_event    instance-retirement, instance-stop, instance-reboot, system-reboot or
//                      system-maintenance in DescribeInstanceStatus, with its dates, done
//                      when due — unless the instance was stopped since (a stop and start
//                      moves it to other hardware, as on AWS)
//   volume_impairment  DescribeVolumeStatus says impaired (io-enabled failed,
//                      potential-data-inconsistency), until the time is over
//
// Each fault is a document of the timed kind "fault" in the account's scope (settled as
// every timed kind is: by requests, the scheduler and the clock route), so the clock
// route moves a whole timeline forward without anyone sleeping.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"
#include "sim/store/store.hpp"

namespace ec2sim::sim {

// A fault to come, as scenarios/ writes it:
//   {"FaultId": …, "Type": "az_impairment", "Spec": {…}, "Phase": "waiting",
//    "_DueAt": <ms>}                           due at a time, or
//   {…, "Phase": "watching", "When": {"Type": "instance", "Where": {path: condition}},
//    "AfterMs": <ms>}                          due that long after a document matches
// Spec members: az_impairment {"Zone", "ForMs"}; spot_interruption {"Where", "NoticeMs"};
// scheduled_event {"Code", "Where", "InMs", "WindowMs"}; volume_impairment {"Where", "ForMs"}.
void schedule_fault(store::Writer& w, const RequestContext& ctx, nlohmann::ordered_json fault);

// The timed kind's advance (sim/timed_kinds.hpp).
bool advance_fault(store::Writer& w, const RequestContext& ctx, nlohmann::ordered_json& fault);

// Throws InsufficientInstanceCapacity, as AWS words it, when `zone` is impaired now.
void require_zone_capacity(const store::Reader& r, const RequestContext& ctx, std::string_view zone,
                           std::string_view instance_type);
bool zone_impaired(const store::Reader& r, const RequestContext& ctx, std::string_view zone);

// A stopped instance keeps no scheduled event, Spot notice or impairment: it will start
// on other hardware.
void forget_hardware_events(nlohmann::ordered_json& instance);

// The instance's and the volume's status as faults leave them, for DescribeInstanceStatus
// and DescribeVolumeStatus: events, and impaired checks.
void add_instance_fault_status(const nlohmann::ordered_json& instance, nlohmann::ordered_json& status);
void add_volume_fault_status(const nlohmann::ordered_json& volume, nlohmann::ordered_json& status);

// IMDS's spot/instance-action ({"action", "time"}) of an instance with a notice; null otherwise.
nlohmann::ordered_json spot_instance_action(const nlohmann::ordered_json& instance);

}  // namespace ec2sim::sim
