// What an instance is set up with after launch: DescribeInstanceAttribute,
// ModifyInstanceAttribute, Monitor/UnmonitorInstances, and its health:
// DescribeInstanceStatus.
#include "sim/faults.hpp"
#include "sim/errors.hpp"
#include "sim/instance_types.hpp"
#include "sim/quotas.hpp"
#include "sim/filters.hpp"
#include "sim/instance_view.hpp"
#include "sim/instances.hpp"
#include "sim/handlers.hpp"
#include "sim/pagination.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/records.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

ApiError not_stopped(const json& i) {
  return ApiError::client("IncorrectInstanceState",
                          "The instance '" + InstanceRecord(i).id() + "' is not in the 'stopped' state.");
}

// Modifies one instance inside a transaction.
template <class Change>
void modify(const RequestContext& ctx, const std::string& id, Change change) {
  ctx.store.write([&](store::Writer& w) {
    json instance = instances_named(w, ctx, json::array({id})).at(0);
    change(w, instance);
    w.put(ctx.scope(), kind::instance, id, std::move(instance));
  });
}

// The {"Value": …} of a modify request member, or of the Attribute/Value pair naming it.
std::optional<json> requested(const json& input, const char* member, const char* attribute) {
  if (auto it = input.find(member); it != input.end()) {
    if (it->is_object()) return it->value("Value", json());
    return *it;
  }
  if (input.value("Attribute", "") == attribute && input.contains("Value")) return input.at("Value");
  return std::nullopt;
}

bool as_bool(const json& v) {
  if (v.is_boolean()) return v.get<bool>();
  const std::string s = v.get<std::string>();
  if (s == "true") return true;
  if (s == "false") return false;
  throw ApiError::invalid_value("Value (" + s + ") for a boolean attribute is invalid.");
}

const FilterTable& status_filters() {
  static const FilterTable table{{
      {"availability-zone", Path::path("AvailabilityZone")},
      {"instance-state-code", Path::path("InstanceState.Code")},
      {"instance-state-name", Path::path("InstanceState.Name")},
      {"instance-status.reachability", Path::path("InstanceStatus.Details.Status")},
      {"instance-status.status", Path::path("InstanceStatus.Status")},
      {"system-status.reachability", Path::path("SystemStatus.Details.Status")},
      {"system-status.status", Path::path("SystemStatus.Status")},
  }};
  return table;
}

}  // namespace

json describe_instance_attribute(const RequestContext& ctx, const json& input) {
  const std::string attribute = input.at("Attribute").get<std::string>();
  const json i = complete(
      ctx.store.read([&](const store::Reader& w) { return instances_named(w, ctx, json::array({input.at("InstanceId")})).at(0); }),
      instance_view());
  json out = {{"InstanceId", i.at("InstanceId")}};
  auto value = [](json v) { return json{{"Value", std::move(v)}}; };
  if (attribute == "instanceType") out["InstanceType"] = value(i.at("InstanceType"));
  else if (attribute == "disableApiTermination") out["DisableApiTermination"] = value(InstanceRecord(i).termination_protected());
  else if (attribute == "disableApiStop") out["DisableApiStop"] = value(InstanceRecord(i).stop_protected());
  else if (attribute == "instanceInitiatedShutdownBehavior") out["InstanceInitiatedShutdownBehavior"] = value(InstanceRecord(i).shutdown_behavior());
  else if (attribute == "userData") out["UserData"] = i.contains("_UserData") ? value(i.at("_UserData")) : json::object();
  else if (attribute == "rootDeviceName") out["RootDeviceName"] = value(i.at("RootDeviceName"));
  else if (attribute == "blockDeviceMapping") out["BlockDeviceMappings"] = i.at("BlockDeviceMappings");
  else if (attribute == "productCodes") out["ProductCodes"] = json::array();
  else if (attribute == "sourceDestCheck") out["SourceDestCheck"] = value(i.at("SourceDestCheck"));
  else if (attribute == "groupSet") out["Groups"] = i.at("SecurityGroups");
  else if (attribute == "ebsOptimized") out["EbsOptimized"] = value(i.at("EbsOptimized"));
  else if (attribute == "enaSupport") out["EnaSupport"] = value(i.at("EnaSupport"));
  else if (attribute == "sriovNetSupport") out["SriovNetSupport"] = value("simple");
  else if (attribute == "enclaveOptions") out["EnclaveOptions"] = i.at("EnclaveOptions");
  else if (attribute == "kernel") out["KernelId"] = json::object();
  else if (attribute == "ramdisk") out["RamdiskId"] = json::object();
  return out;
}

json modify_instance_attribute(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("InstanceId").get<std::string>();
  modify(ctx, id, [&](store::Writer& w, json& i) {
    bool changed = false;
    if (auto v = requested(input, "DisableApiTermination", "disableApiTermination")) {
      i["_DisableApiTermination"] = as_bool(*v);
      changed = true;
    }
    if (auto v = requested(input, "DisableApiStop", "disableApiStop")) {
      i["_DisableApiStop"] = as_bool(*v);
      changed = true;
    }
    if (auto v = requested(input, "InstanceInitiatedShutdownBehavior", "instanceInitiatedShutdownBehavior")) {
      const std::string b = v->get<std::string>();
      if (b != "stop" && b != "terminate")
        throw ApiError::invalid_value("Value (" + b + ") for parameter instanceInitiatedShutdownBehavior is invalid.");
      i["_ShutdownBehavior"] = b;
      changed = true;
    }
    if (auto v = requested(input, "InstanceType", "instanceType")) {
      if (InstanceRecord(i).state() != "stopped") throw not_stopped(i);
      const std::string type = v->get<std::string>();
      const auto* t = &offered_instance_type(ctx, type);
      const auto& archs = t->info.at("ProcessorInfo").at("SupportedArchitectures");
      if (std::find(archs.begin(), archs.end(), InstanceRecord(i).architecture()) == archs.end())
        throw ApiError::invalid_value("The instance type '" + type + "' does not support the instance's architecture '" +
                                      InstanceRecord(i).architecture() + "'.");
      i["InstanceType"] = type;
      i["CpuOptions"] = {{"CoreCount", t->info.at("VCpuInfo").at("DefaultCores")},
                         {"ThreadsPerCore", t->info.at("VCpuInfo").at("DefaultThreadsPerCore")}};
      changed = true;
    }
    if (auto v = requested(input, "UserData", "userData")) {
      if (InstanceRecord(i).state() != "stopped") throw not_stopped(i);
      i["_UserData"] = *v;
      changed = true;
    }
    if (auto v = requested(input, "SourceDestCheck", "sourceDestCheck")) {
      i["SourceDestCheck"] = as_bool(*v);
      changed = true;
    }
    if (auto v = requested(input, "EbsOptimized", "ebsOptimized")) {
      if (InstanceRecord(i).state() != "stopped") throw not_stopped(i);
      i["EbsOptimized"] = as_bool(*v);
      changed = true;
    }
    if (input.contains("Groups")) {
      json groups = json::array();
      for (const auto& gid : input.at("Groups")) {
        const json* g = w.find(ctx.scope(), kind::security_group, gid.get<std::string>());
        if (!g) throw ApiError::client("InvalidGroup.NotFound", "The security group '" + gid.get<std::string>() + "' does not exist");
        if (g->at("VpcId") != InstanceRecord(i).vpc_id())
          throw ApiError::client("InvalidGroup.NotFound", "The security group '" + gid.get<std::string>() + "' does not exist in VPC '" + InstanceRecord(i).vpc_id() + "'");
        groups.push_back({{"GroupName", g->at("GroupName")}, {"GroupId", g->at("GroupId")}});
      }
      if (groups.empty()) throw ApiError::missing_parameter("The request must contain at least one security group");
      require_within(ctx.settings.quotas, "security-groups-per-interface", 0, static_cast<std::int64_t>(groups.size()),
                     "SecurityGroupsPerInterfaceLimitExceeded", "The maximum number of security groups per interface has been reached.");
      i["SecurityGroups"] = groups;  // the interface's groups too (sim/instance_view.cpp)
      changed = true;
    }
    for (const auto& m : input.value("BlockDeviceMappings", json::array())) {
      const std::string device = m.value("DeviceName", "");
      bool found = false;
      for (auto& mapping : i["BlockDeviceMappings"]) {
        if (mapping.at("DeviceName") != device) continue;
        found = true;
        if (m.contains("Ebs") && m.at("Ebs").contains("DeleteOnTermination")) {
          const bool dot = m.at("Ebs").at("DeleteOnTermination").get<bool>();
          mapping["Ebs"]["DeleteOnTermination"] = dot;
          const std::string volume_id = mapping.at("Ebs").at("VolumeId").get<std::string>();
          if (const json* vol = w.find(ctx.scope(), kind::volume, volume_id)) {
            json updated = *vol;
            for (auto& a : updated["Attachments"]) a["DeleteOnTermination"] = dot;
            w.put(ctx.scope(), kind::volume, volume_id, std::move(updated));
          }
        }
      }
      if (!found)
        throw ApiError::invalid_value("The instance has no block device mapping for device '" + device + "'.");
      changed = true;
    }
    if (!changed)
      throw ApiError::missing_parameter("The request must name an attribute to modify (for example DisableApiTermination).");
  });
  return json::object();
}

namespace {

json set_monitoring(const RequestContext& ctx, const json& input, bool enable) {
  return ctx.store.write([&](store::Writer& w) {
    json out = json::array();
    for (auto i : instances_named(w, ctx, input.at("InstanceIds"))) {
      i["Monitoring"] = {{"State", enable ? "pending" : "disabling"}};
      out.push_back({{"InstanceId", InstanceRecord(i).id()}, {"Monitoring", i.at("Monitoring")}});
      // Detailed monitoring switches over at once in the simulation.
      i["Monitoring"] = {{"State", enable ? "enabled" : "disabled"}};
      const std::string id = InstanceRecord(i).id();  // before the move below
      w.put(ctx.scope(), kind::instance, id, std::move(i));
    }
    return json{{"InstanceMonitorings", std::move(out)}};
  });
}

}  // namespace

json monitor_instances(const RequestContext& ctx, const json& input) { return set_monitoring(ctx, input, true); }
json unmonitor_instances(const RequestContext& ctx, const json& input) { return set_monitoring(ctx, input, false); }

json describe_instance_status(const RequestContext& ctx, const json& input) {
  auto filters = filters_from_request(input);
  status_filters().validate(filters);
  auto page = page_request(input, 0);
  const bool include_all = input.value("IncludeAllInstances", false);
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(ctx.now.time_since_epoch()).count();
  return ctx.store.read([&](const store::Reader& w) {
    std::vector<json> instances;
    if (input.contains("InstanceIds") && !input.at("InstanceIds").empty())
      instances = instances_named(w, ctx, input.at("InstanceIds"));
    else
      for (const auto& [id, i] : w.all(ctx.scope(), kind::instance)) instances.push_back(i);
    std::vector<json> statuses;
    for (const auto& i : instances) {
      const std::string state = InstanceRecord(i).state();
      if (!include_all && state != "running") continue;
      json status = {{"AvailabilityZone", InstanceRecord(i).availability_zone()},
                     {"Events", json::array()},
                     {"InstanceId", InstanceRecord(i).id()},
                     {"InstanceState", InstanceRecord(i).state_document()}};
      if (state == "running") {
        const bool ok = InstanceRecord(i).status_ok_at() <= now_ms;
        json summary = {{"Status", ok ? "ok" : "initializing"},
                        {"Details", json::array({{{"Name", "reachability"}, {"Status", ok ? "passed" : "initializing"}}})}};
        status["InstanceStatus"] = summary;
        status["SystemStatus"] = summary;
      } else {
        json summary = {{"Status", "not-applicable"}};
        status["InstanceStatus"] = summary;
        status["SystemStatus"] = summary;
      }
      add_instance_fault_status(i, status);
      if (status_filters().matches(filters, status)) statuses.push_back(std::move(status));
    }
    // Paging resumes by instance id, so the list must be in id order (InstanceIds need not be).
    std::vector<const json*> refs;
    for (const auto& s : statuses) refs.push_back(&s);
    std::sort(refs.begin(), refs.end(), [](const json* a, const json* b) { return a->at("InstanceId") < b->at("InstanceId"); });
    return paged_result(
        "InstanceStatuses", refs, page,
        [](const json& s) -> const std::string& { return s.at("InstanceId").get_ref<const std::string&>(); },
        [](const json& s) { return s; });
  });
}

}  // namespace ec2sim::sim
