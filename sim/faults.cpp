#include "sim/faults.hpp"

#include <vector>

#include "sim/conditions.hpp"
#include "sim/due.hpp"
#include "sim/errors.hpp"
#include "sim/instance_lifecycle.hpp"
#include "sim/records.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/spot_requests.hpp"
#include "sim/time_format.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using std::chrono::milliseconds;

// How often a fault that waits on a condition looks again (simulated time). A look is a
// small write in the account's scope; once a second keeps "10 minutes after it ran" within
// a second of the truth, as the scheduler ticks.
constexpr std::int64_t kWatchEveryMs = 1000;

bool matches(const json& doc, const json& where) {
  for (const auto& [path, condition] : where.items())
    if (!sim::satisfies(doc, path, condition)) return false;
  return true;
}

// The ids of the documents of `type` that `where` selects (and `keep` allows).
template <class Keep>
std::vector<std::string> selected(const store::Reader& r, const RequestContext& ctx, std::string_view type, const json& where,
                                  Keep keep) {
  std::vector<std::string> out;
  for (const auto& [id, doc] : r.all(ctx.scope(), type))
    if (keep(doc) && matches(doc, where)) out.push_back(id);
  return out;
}

// Changes the document `id` of `type` with `change(doc)`, if it still exists.
template <class Change>
void change(store::Writer& w, const RequestContext& ctx, std::string_view type, const std::string& id, Change change) {
  const json* found = w.find(ctx.scope(), type, id);
  if (!found) return;
  json doc = *found;
  if (change(doc)) w.put(ctx.scope(), type, id, std::move(doc));
}

std::string iso(std::int64_t ms) { return format_iso8601(std::chrono::system_clock::time_point(milliseconds(ms))); }

bool ends_in_stop(std::string_view behaviour) { return behaviour == "stop" || behaviour == "hibernate"; }

// --- spot_interruption ---------------------------------------------------------------

void notice_spot_interruption(store::Writer& w, const RequestContext& ctx, json& fault, std::int64_t now) {
  const json spec = fault["Spec"];  // a copy: fault (an ordered_json, a vector) grows below
  const std::int64_t at = now + spec.value("NoticeMs", std::int64_t{120000});
  json targets = json::array();
  const auto running_spot = [](const json& i) {
    return InstanceRecord(i).lifecycle() == "spot" && InstanceRecord(i).state() == "running";
  };
  for (const auto& id : selected(w, ctx, kind::instance, spec.value("Where", json::object()), running_spot)) {
    change(w, ctx, kind::instance, id, [&](json& instance) {
      const std::string behaviour = spot_interruption_behaviour(w, ctx, instance);
      instance["_SpotAction"] = {{"action", behaviour}, {"time", iso(at)}};
      instance["_Events"].push_back({{"InstanceEventId", new_id("instance-event")},
                                     {"Code", ends_in_stop(behaviour) ? "instance-stop" : "instance-retirement"},
                                     {"Description", "Spot Instance interruption: the instance will be " +
                                                         std::string(behaviour == "terminate" ? "terminated" : behaviour == "stop" ? "stopped" : "hibernated")},
                                     {"NotBefore", iso(at)},
                                     {"NotAfter", iso(at)},
                                     {"_Spot", true}});
      mark_spot_interruption(w, ctx, instance, behaviour);
      return true;
    });
    targets.push_back(id);
  }
  fault["Targets"] = std::move(targets);
  fault["Phase"] = "noticed";
  fault["_DueAt"] = at;
}

void interrupt_spot_instances(store::Writer& w, const RequestContext& ctx, const json& fault) {
  for (const auto& target : fault.value("Targets", json::array())) {
    change(w, ctx, kind::instance, target.get<std::string>(), [&](json& instance) {
      if (!instance.contains("_SpotAction") || InstanceRecord(instance).state() != "running") return false;
      const bool stop = ends_in_stop(instance["_SpotAction"].value("action", ""));
      enter_state(instance, stop ? "stopping" : "shutting-down", ctx,
                  stop ? ctx.settings.timing.stopping : ctx.settings.timing.shutting_down);
      const std::string code = stop ? "Server.SpotInstanceShutdown" : "Server.SpotInstanceTermination";
      instance["StateTransitionReason"] = code;
      instance["StateReason"] = {{"Code", code},
                                 {"Message", code + (stop ? ": Spot instance shutdown" : ": Spot instance termination")}};
      return true;
    });
  }
}

// --- az_impairment -------------------------------------------------------------------

void set_zone_instances_impaired(store::Writer& w, const RequestContext& ctx, const std::string& zone, bool impaired,
                                 std::int64_t now) {
  const auto in_zone = [&](const json& i) { return InstanceRecord(i).availability_zone() == zone; };
  for (const auto& id : selected(w, ctx, kind::instance, json::object(), in_zone)) {
    change(w, ctx, kind::instance, id, [&](json& instance) {
      if (!impaired) return instance.erase("_ImpairedSince") > 0;
      if (InstanceRecord(instance).state() != "running") return false;
      instance["_ImpairedSince"] = iso(now);
      return true;
    });
  }
}

// --- scheduled_event -----------------------------------------------------------------

std::string_view event_description(std::string_view code) {
  if (code == "instance-retirement" || code == "instance-stop") return "The instance is running on degraded hardware";
  if (code == "system-maintenance") return "scheduled maintenance";
  return "scheduled reboot";
}

void schedule_instance_events(store::Writer& w, const RequestContext& ctx, json& fault, std::int64_t now) {
  const json spec = fault["Spec"];  // a copy: fault (an ordered_json, a vector) grows below
  const std::int64_t not_before = now + spec.value("InMs", std::int64_t{0});
  const std::string code = spec.value("Code", "instance-retirement");
  json targets = json::array();
  const auto not_gone = [](const json& i) {
    const auto& state = InstanceRecord(i).state();
    return state == "running" || state == "pending" || state == "stopped" || state == "stopping";
  };
  for (const auto& id : selected(w, ctx, kind::instance, spec.value("Where", json::object()), not_gone)) {
    const std::string event_id = new_id("instance-event");
    change(w, ctx, kind::instance, id, [&](json& instance) {
      json event = {{"InstanceEventId", event_id}, {"Code", code}, {"Description", event_description(code)},
                    {"NotBefore", iso(not_before)}};
      if (spec.contains("WindowMs")) event["NotAfter"] = iso(not_before + spec["WindowMs"].get<std::int64_t>());
      instance["_Events"].push_back(std::move(event));
      return true;
    });
    targets.push_back({{"InstanceId", id}, {"InstanceEventId", event_id}});
  }
  fault["Targets"] = std::move(targets);
  fault["Phase"] = "scheduled";
  fault["_DueAt"] = not_before;
}

void perform_instance_events(store::Writer& w, const RequestContext& ctx, const json& fault) {
  const std::string code = fault["Spec"].value("Code", "instance-retirement");
  for (const auto& target : fault.value("Targets", json::array())) {
    change(w, ctx, kind::instance, target["InstanceId"].get<std::string>(), [&](json& instance) {
      json* event = nullptr;
      for (auto& e : instance["_Events"])
        if (e["InstanceEventId"] == target["InstanceEventId"]) event = &e;
      if (!event) return false;  // stopped since: the event went with the old hardware
      (*event)["Description"] = "[Completed] " + (*event)["Description"].get<std::string>();
      const std::string state = InstanceRecord(instance).state();
      if (state != "running") return true;
      if (code == "instance-retirement" || code == "instance-stop") {
        // Retirement stops an EBS-backed instance (every AMI ec2sim has is one).
        enter_state(instance, "stopping", ctx, ctx.settings.timing.stopping);
        instance["StateTransitionReason"] = "Server.ScheduledStop";
        instance["StateReason"] = {{"Code", "Server.ScheduledStop"},
                                   {"Message", "Server.ScheduledStop: Stopped due to scheduled retirement"}};
      } else if (code == "instance-reboot" || code == "system-reboot") {
        reboot_guest(instance);
      }
      return true;
    });
  }
}

// --- volume_impairment ---------------------------------------------------------------

void set_volumes_impaired(store::Writer& w, const RequestContext& ctx, json& fault, bool impaired, std::int64_t now) {
  if (impaired) {
    json targets = json::array();
    const auto any = [](const json&) { return true; };
    for (const auto& id : selected(w, ctx, kind::volume, fault["Spec"].value("Where", json::object()), any)) {
      change(w, ctx, kind::volume, id, [&](json& volume) {
        volume["_Impaired"] = {{"Since", iso(now)}, {"EventId", new_id("evol")}};
        return true;
      });
      targets.push_back(id);
    }
    fault["Targets"] = std::move(targets);
    return;
  }
  for (const auto& target : fault.value("Targets", json::array()))
    change(w, ctx, kind::volume, target.get<std::string>(), [](json& volume) { return volume.erase("_Impaired") > 0; });
}

// A fault's first step, when its time has come.
void begin(store::Writer& w, const RequestContext& ctx, json& fault, std::int64_t now) {
  const std::string type = fault.value("Type", "");
  const json spec = fault["Spec"];  // a copy: fault (an ordered_json, a vector) grows below
  if (type == "spot_interruption") {
    notice_spot_interruption(w, ctx, fault, now);
  } else if (type == "scheduled_event") {
    schedule_instance_events(w, ctx, fault, now);
  } else if (type == "az_impairment") {
    set_zone_instances_impaired(w, ctx, spec.value("Zone", ""), true, now);
    fault["Phase"] = "active";
    fault["_DueAt"] = now + spec.value("ForMs", std::int64_t{0});
  } else if (type == "volume_impairment") {
    set_volumes_impaired(w, ctx, fault, true, now);
    fault["Phase"] = "active";
    fault["_DueAt"] = now + spec.value("ForMs", std::int64_t{0});
  }
}

}  // namespace

void schedule_fault(store::Writer& w, const RequestContext& ctx, json fault) {
  if (fault.value("Phase", "") == "watching") fault["_DueAt"] = epoch_ms(ctx.now);
  const std::string id = fault["FaultId"].get<std::string>();
  w.put(ctx.scope(), kind::fault, id, std::move(fault));
}

bool advance_fault(store::Writer& w, const RequestContext& ctx, json& fault) {
  const std::int64_t now = epoch_ms(ctx.now);
  const std::int64_t due = due_at(fault);
  if (due == kNothingDue || due > now) return true;
  // Each step happens at the time it was due (a clock moved an hour ahead at once does
  // every step in between, in order).
  const RequestContext at{ctx.account_id, ctx.region, ctx.catalog, ctx.store,
                          std::chrono::system_clock::time_point(milliseconds(due)), ctx.settings};
  const std::string phase = fault.value("Phase", "");
  if (phase == "watching") {
    const json& when = fault["When"];
    const auto any = [](const json&) { return true; };
    if (selected(w, ctx, when.value("Type", ""), when.value("Where", json::object()), any).empty()) {
      fault["_DueAt"] = now + kWatchEveryMs;
      return true;
    }
    // It began to match after the last look (`due`): from then on, as early as it can
    // have, so a clock moved far ahead at once still sees the fault in time.
    fault["Phase"] = "waiting";
    fault["_DueAt"] = due + fault.value("AfterMs", std::int64_t{0});
    return advance_fault(w, ctx, fault);
  }
  if (phase == "waiting") {
    begin(w, at, fault, due);
    return advance_fault(w, ctx, fault);  // its next step may be due too
  }
  if (phase == "noticed") interrupt_spot_instances(w, at, fault);
  else if (phase == "scheduled") perform_instance_events(w, at, fault);
  else if (phase == "active" && fault.value("Type", "") == "az_impairment")
    set_zone_instances_impaired(w, at, fault["Spec"].value("Zone", ""), false, due);
  else if (phase == "active") set_volumes_impaired(w, at, fault, false, due);
  return false;  // done: the fault is over
}

bool zone_impaired(const store::Reader& r, const RequestContext& ctx, std::string_view zone) {
  for (const auto& [id, fault] : r.all(ctx.scope(), kind::fault))
    if (fault.value("Type", "") == "az_impairment" && fault.value("Phase", "") == "active" &&
        fault["Spec"].value("Zone", "") == zone && due_at(fault) > epoch_ms(ctx.now))
      return true;
  return false;
}

void require_zone_capacity(const store::Reader& r, const RequestContext& ctx, std::string_view zone,
                           std::string_view instance_type) {
  if (!zone_impaired(r, ctx, zone)) return;
  std::string others;
  for (const auto& z : ctx.region.zones) {
    if (z.name == zone || zone_impaired(r, ctx, z.name)) continue;
    others += (others.empty() ? "" : ", ") + z.name;
  }
  const std::string type(instance_type);
  throw ApiError::client("InsufficientInstanceCapacity",
                         "We currently do not have sufficient " + type + " capacity in the Availability Zone you requested (" +
                             std::string(zone) + "). Our system will be working on provisioning additional capacity. You can "
                             "currently get " + type + " capacity by not specifying an Availability Zone in your request or "
                             "choosing " + others + ".");
}

void forget_hardware_events(json& instance) {
  instance.erase("_SpotAction");
  instance.erase("_ImpairedSince");
  auto it = instance.find("_Events");
  if (it == instance.end()) return;
  json kept = json::array();
  for (auto& event : *it)
    if (event["Description"].get<std::string>().starts_with("[Completed]")) kept.push_back(std::move(event));
  if (kept.empty()) instance.erase("_Events");
  else instance["_Events"] = std::move(kept);
}

void add_instance_fault_status(const json& instance, json& status) {
  if (auto it = instance.find("_Events"); it != instance.end())
    for (const auto& event : *it) {
      json shown = event;
      shown.erase("_Spot");
      status["Events"].push_back(std::move(shown));
    }
  if (auto it = instance.find("_ImpairedSince"); it != instance.end() && InstanceRecord(instance).state() == "running") {
    const json summary = {{"Status", "impaired"},
                          {"Details", json::array({{{"Name", "reachability"}, {"Status", "failed"}, {"ImpairedSince", *it}}})}};
    status["SystemStatus"] = summary;
    status["InstanceStatus"] = summary;
  }
}

void add_volume_fault_status(const json& volume, json& status) {
  auto it = volume.find("_Impaired");
  if (it == volume.end()) return;
  const std::string event_id = (*it)["EventId"].get<std::string>();
  status["VolumeStatus"] = {{"Details", json::array({{{"Name", "io-enabled"}, {"Status", "failed"}},
                                                     {{"Name", "io-performance"}, {"Status", "not-applicable"}}})},
                            {"Status", "impaired"}};
  status["Events"] = json::array({{{"Description", "THIS IS AN AUTOMATED EVENT. The volume's I/O was disabled: its data "
                                                   "may be inconsistent. Check it, then enable I/O."},
                                   {"EventId", event_id},
                                   {"EventType", "potential-data-inconsistency"},
                                   {"NotBefore", (*it)["Since"]}}});
  status["Actions"] = json::array({{{"Code", "enable-volume-io"},
                                    {"Description", "Enable volume I/O"},
                                    {"EventId", event_id},
                                    {"EventType", "potential-data-inconsistency"}}});
}

json spot_instance_action(const json& instance) {
  auto it = instance.find("_SpotAction");
  return it == instance.end() ? json() : *it;
}

}  // namespace ec2sim::sim
