#include "sim/faults.hpp"
#include "sim/instance_lifecycle.hpp"
#include "sim/records.hpp"
#include "sim/route_tables.hpp"

#include <ctime>
#include <set>

#include "sim/addresses.hpp"
#include "sim/due.hpp"
#include "sim/errors.hpp"
#include "sim/guest_storage.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/network_interfaces.hpp"
#include "sim/handlers.hpp"
#include "sim/snapshots.hpp"
#include "sim/spot_requests.hpp"
#include "sim/time_format.hpp"
#include "sim/timed_kinds.hpp"
#include "sim/volume_lifecycle.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using std::chrono::milliseconds;

// "User initiated (2026-11-28 12:00:00 GMT)", as AWS writes StateTransitionReason.
std::string user_initiated(const RequestContext& ctx) {
  std::time_t t = std::chrono::system_clock::to_time_t(ctx.now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "User initiated (%Y-%m-%d %H:%M:%S GMT)", &tm);
  return buf;
}

// A stop gives up the auto-assigned address; an Elastic IP stays with the instance.
void release_public_ip(json& instance) {
  if (!instance.contains("_ElasticIp")) clear_public_ip(instance);
}

void finish_termination(store::Writer& w, const RequestContext& ctx, json& instance) {
  release_interfaces(w, ctx, instance);  // first: a kept primary interface keeps the addresses cleared below
  if (auto eip = instance.find("_ElasticIp"); eip != instance.end()) {  // the address stays allocated, free
    set_address_free(w, ctx, eip->get<std::string>());
    instance.erase("_ElasticIp");
    instance.erase("_EipAssociationId");
  }
  const json secondary_eips = instance.value("_SecondaryEips", json::object());  // named: items() must not outlive it
  for (const auto& [ip, eip] : secondary_eips.items())  // those of secondary addresses are set free too
    set_address_free(w, ctx, eip.at("AllocationId").get<std::string>());
  instance.erase("_SecondaryEips");
  set_route_state(w, ctx, "InstanceId", InstanceRecord(instance).id(), "blackhole");  // routes to it lead nowhere
  clear_public_ip(instance);
  for (const char* key : {"PrivateIpAddress", "_SecondaryIps", "_Ipv6Addresses", "SubnetId", "VpcId"}) instance.erase(key);
  for (const char* key : {"_EniId", "_EniAttachmentId", "_MacAddress", "_EniDescription", "_EniDeleteOnTermination", "_EniTags"})
    instance.erase(key);  // no interface shown
  instance["SecurityGroups"] = json::array();
  for (const auto& mapping : InstanceRecord(instance).block_device_mappings()) {
    const std::string volume_id = mapping.at("Ebs").at("VolumeId").get<std::string>();
    const json* volume = w.find(ctx.scope(), kind::volume, volume_id);
    if (!volume) continue;
    if (mapping.at("Ebs").value("DeleteOnTermination", false)) {
      w.erase(ctx.scope(), kind::volume, volume_id);
      discard_volume_contents(w, ctx, volume_id);
    } else {
      json detached = *volume;
      detached["State"] = "available";
      detached["Attachments"] = json::array();
      detached["_DueAt"] = kNothingDue;  // an attach or detach in progress ends with the instance
      w.put(ctx.scope(), kind::volume, volume_id, std::move(detached));
    }
  }
  instance["BlockDeviceMappings"] = json::array();
  wipe_instance_store(w, ctx, InstanceRecord(instance).id());
  instance.erase("_InstanceStore");
}

// One due transition of one instance. Returns false when the instance is gone.
bool advance(store::Writer& w, const RequestContext& ctx, json& instance) {
  const std::string state = InstanceRecord(instance).state();
  const auto due = milliseconds(due_at(instance));
  const auto at = std::chrono::system_clock::time_point(due);
  RequestContext when{ctx.account_id, ctx.region, ctx.catalog, ctx.store, at, ctx.settings};
  if (state == "pending") {
    instance["State"] = instance_state("running");
    instance["_DueAt"] = kNothingDue;
    instance.erase("StateReason");  // a running instance has none
    instance["_StatusOkAt"] = epoch_ms(at + ctx.settings.timing.status_checks);
    if (!InstanceRecord(instance).lifecycle().empty()) spot_instance_changed(w, when, instance);
    reboot_guest(instance);  // a boot: whatever ran before is gone (counted for connect/)
    if (ctx.settings.on_guest_boot && instance.contains("_UserData"))
      w.after_commit([boot = ctx.settings.on_guest_boot, id = InstanceRecord(instance).id()] { boot(id); });
  } else if (state == "stopping") {
    instance["State"] = instance_state("stopped");
    instance["_DueAt"] = kNothingDue;
    // StateReason stays what stopping began with: a user's stop, a hibernation, or the
    // guest's own shutdown.
    wipe_instance_store(w, ctx, InstanceRecord(instance).id());  // every block reset
    release_public_ip(instance);
    forget_hardware_events(instance);
    if (!InstanceRecord(instance).lifecycle().empty()) spot_instance_changed(w, when, instance);
  } else if (state == "shutting-down") {
    enter_state(instance, "terminated", when, ctx.settings.timing.terminated_visible);
    finish_termination(w, ctx, instance);
    if (!InstanceRecord(instance).lifecycle().empty()) spot_instance_changed(w, when, instance);
  } else if (state == "terminated") {
    return false;
  } else {
    instance["_DueAt"] = kNothingDue;
  }
  return true;
}

}  // namespace

json instance_state(std::string_view name) {
  static constexpr std::pair<std::string_view, int> kCodes[] = {{"pending", 0},        {"running", 16},
                                                                {"shutting-down", 32}, {"terminated", 48},
                                                                {"stopping", 64},      {"stopped", 80}};
  for (const auto& [n, code] : kCodes)
    if (n == name) return {{"Code", code}, {"Name", name}};
  throw ApiError::internal("unknown instance state " + std::string(name));
}

void enter_state(json& instance, std::string_view state, const RequestContext& ctx, milliseconds after) {
  instance["State"] = instance_state(state);
  instance["_DueAt"] = epoch_ms(ctx.now + after);
  if (state == "stopping" || state == "shutting-down") {
    instance["StateTransitionReason"] = user_initiated(ctx);
    instance["StateReason"] = {{"Code", "Client.UserInitiatedShutdown"},
                               {"Message", "Client.UserInitiatedShutdown: User initiated shutdown"}};
  } else if (state == "pending") {
    instance.erase("StateTransitionReason");  // shown as ""
    instance["StateReason"] = {{"Code", "pending"}, {"Message", "pending"}};
  }
  if (state == "running" || state == "stopped") instance["_DueAt"] = kNothingDue;
}

void set_public_ip(json& instance, const std::string& ip) { instance["PublicIpAddress"] = ip; }

void clear_public_ip(json& instance) { instance.erase("PublicIpAddress"); }

void assign_public_ip(json& instance, const RequestContext& ctx) {
  if (!InstanceRecord(instance).public_ip_on_launch() || !InstanceRecord(instance).elastic_ip().empty()) return;
  set_public_ip(instance, new_public_ip(ctx.region.name));
}

bool advance_instance(store::Writer& w, const RequestContext& ctx, json& instance) {
  const std::int64_t now = epoch_ms(ctx.now);
  bool exists = true;
  // Several transitions can be due at once (instant timing, or a clock jump).
  while (exists && is_due(instance, now)) exists = advance(w, ctx, instance);
  return exists;
}

namespace {

// Runs `change` on the running instance `instance_id`, in whichever account and Region holds
// it, and stores it; returns its state after. Throws ApiError (InvalidInstanceID.NotFound,
// IncorrectInstanceState when it is not running).
template <class Change>
std::string change_running_instance(store::Store& store, const catalog::Catalog& catalog,
                                    std::chrono::system_clock::time_point now, const Settings& settings,
                                    const std::string& instance_id, Change change) {
  if (auto found = store.scope_of(kind::instance, instance_id); found && catalog.find_region(found->region)) {
    const auto& scope = *found;
    RequestContext ctx{scope.account, *catalog.find_region(scope.region), catalog, store, now, settings};
    return store.write([&](store::Writer& w) {
      settle(w, ctx);
      const json* found = w.find(scope, kind::instance, instance_id);
      if (!found)  // its hour as a terminated instance just ended
        throw ApiError::client("InvalidInstanceID.NotFound", "The instance ID '" + instance_id + "' does not exist");
      json instance = *found;
      if (InstanceRecord(instance).state() != "running")
        throw ApiError::client("IncorrectInstanceState", "The instance '" + instance_id + "' is not running.");
      change(instance, ctx);
      const std::string state = InstanceRecord(instance).state();
      w.put(scope, kind::instance, instance_id, std::move(instance));
      return state;
    });
  }
  throw ApiError::client("InvalidInstanceID.NotFound", "The instance ID '" + instance_id + "' does not exist");
}

}  // namespace

std::string instance_initiated_shutdown(store::Store& store, const catalog::Catalog& catalog,
                                        std::chrono::system_clock::time_point now, const Settings& settings,
                                        const std::string& instance_id) {
  return change_running_instance(store, catalog, now, settings, instance_id, [&](json& instance, const RequestContext& ctx) {
    const bool terminate = InstanceRecord(instance).shutdown_behavior() == "terminate";
    // Termination protection guards API calls only: the guest's own shutdown still
    // terminates an instance whose behaviour says so, as on AWS.
    enter_state(instance, terminate ? "shutting-down" : "stopping", ctx,
                terminate ? settings.timing.shutting_down : settings.timing.stopping);
    instance["StateTransitionReason"] = "Client.InstanceInitiatedShutdown";
    instance["StateReason"] = {{"Code", "Client.InstanceInitiatedShutdown"},
                               {"Message", "Client.InstanceInitiatedShutdown: Instance initiated shutdown"}};
  });
}

void reboot_guest(json& instance) { instance["_Boots"] = instance.value("_Boots", 0) + 1; }

std::string instance_initiated_reboot(store::Store& store, const catalog::Catalog& catalog,
                                      std::chrono::system_clock::time_point now, const Settings& settings,
                                      const std::string& instance_id) {
  return change_running_instance(store, catalog, now, settings, instance_id,
                                 [](json& instance, const RequestContext&) { reboot_guest(instance); });
}

}  // namespace ec2sim::sim
