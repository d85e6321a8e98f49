// The options of a running instance that Terraform and the console change in place:
// Describe/ModifyInstanceCreditSpecification (T2 standard, later T families unlimited, by
// default), ModifyInstanceMetadataOptions (IMDS) and ModifyInstanceMaintenanceOptions
// (simplified automatic recovery).
#include "sim/errors.hpp"
#include "sim/due.hpp"
#include "sim/filters.hpp"
#include "sim/handlers.hpp"
#include "sim/instance_view.hpp"
#include "sim/instances.hpp"
#include "sim/pagination.hpp"
#include "sim/records.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/time_format.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

const FilterTable& credit_filters() {
  static const FilterTable table{{{"instance-id", FilterTable::path("InstanceId")}}};
  return table;
}

void check_one_of(const json& input, const char* member, std::initializer_list<std::string_view> values, const char* wire) {
  if (!input.contains(member)) return;
  const std::string value = input.at(member).get<std::string>();
  if (std::find(values.begin(), values.end(), value) == values.end())
    throw ApiError::invalid_value("Value (" + value + ") for parameter " + wire + " is invalid.");
}

// Replaces members of the instance's `object` option (MetadataOptions …) with `changes`;
// the record keeps only what differs from the defaults.
json change_option(json& instance, const char* object, const json& changes) {
  json options = complete(instance, instance_view()).at(object);
  for (const auto& [k, v] : changes.items()) options[k] = v;
  instance[object] = options;
  drop_defaults(instance, instance_view());
  return options;
}

}  // namespace

json describe_instance_credit_specifications(const RequestContext& ctx, const json& input) {
  auto filters = filters_from_request(input);
  credit_filters().validate(filters);
  auto page = page_request(input, 0);
  std::vector<json> rows;
  ctx.store.read([&](const store::Reader& r) {
    std::vector<json> instances;
    if (input.contains("InstanceIds") && !input.at("InstanceIds").empty())
      instances = instances_named(r, ctx, input.at("InstanceIds"));  // each must exist
    else
      for (const auto& [id, i] : r.all(ctx.scope(), kind::instance)) instances.push_back(i);
    for (const auto& i : instances) {
      // Only burstable instances have credits; terminated ones are gone.
      if (!i.contains("_CpuCredits") || InstanceRecord(i).state() == "terminated") continue;
      json row = {{"InstanceId", InstanceRecord(i).id()}, {"CpuCredits", i.at("_CpuCredits")}};
      if (credit_filters().matches(filters, row)) rows.push_back(std::move(row));
    }
  });
  std::sort(rows.begin(), rows.end(), [](const json& a, const json& b) { return a.at("InstanceId") < b.at("InstanceId"); });
  std::vector<const json*> refs;
  for (const auto& row : rows) refs.push_back(&row);
  return paged_result(
      "InstanceCreditSpecifications", refs, page,
      [](const json& row) -> const std::string& { return row.at("InstanceId").get_ref<const std::string&>(); },
      [](const json& row) { return row; });
}

json modify_instance_credit_specification(const RequestContext& ctx, const json& input) {
  const json specifications = input.value("InstanceCreditSpecifications", json::array());
  if (specifications.empty())
    throw ApiError::missing_parameter("The request must contain the parameter InstanceCreditSpecification");
  for (const auto& s : specifications) check_one_of(s, "CpuCredits", {"standard", "unlimited"}, "cpuCredits");
  return ctx.store.write([&](store::Writer& w) {
    json succeeded = json::array(), failed = json::array();
    for (const auto& s : specifications) {
      const std::string id = s.at("InstanceId").get<std::string>();
      auto fail = [&](const char* code, const std::string& message) {
        failed.push_back({{"InstanceId", id}, {"Error", {{"Code", code}, {"Message", message}}}});
      };
      const json* found = w.find(ctx.scope(), kind::instance, id);
      if (!found) {
        fail("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
        continue;
      }
      if (!found->contains("_CpuCredits")) {
        fail("InvalidParameterValue", "The instance " + id + " is not a burstable performance instance.");
        continue;
      }
      if (InstanceRecord(*found).state() == "terminated") {
        fail("IncorrectInstanceState", "The instance '" + id + "' is terminated.");
        continue;
      }
      json instance = *found;
      if (s.contains("CpuCredits")) instance["_CpuCredits"] = s.at("CpuCredits");
      w.put(ctx.scope(), kind::instance, id, std::move(instance));
      succeeded.push_back({{"InstanceId", id}});
    }
    return json{{"SuccessfulInstanceCreditSpecifications", std::move(succeeded)},
                {"UnsuccessfulInstanceCreditSpecifications", std::move(failed)}};
  });
}

json modify_instance_metadata_options(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("InstanceId").get<std::string>();
  check_one_of(input, "HttpTokens", {"optional", "required"}, "httpTokens");
  check_one_of(input, "HttpEndpoint", {"enabled", "disabled"}, "httpEndpoint");
  check_one_of(input, "HttpProtocolIpv6", {"enabled", "disabled"}, "httpProtocolIpv6");
  check_one_of(input, "InstanceMetadataTags", {"enabled", "disabled"}, "instanceMetadataTags");
  if (input.contains("HttpPutResponseHopLimit")) {
    const int hops = input.at("HttpPutResponseHopLimit").get<int>();
    if (hops != -1 && (hops < 1 || hops > 64))  // -1: leave it as it is
      throw ApiError::invalid_value("The HttpPutResponseHopLimit must be between 1 and 64; " + std::to_string(hops) + " is not.");
  }
  json changes = json::object();
  for (const char* member : {"HttpTokens", "HttpPutResponseHopLimit", "HttpEndpoint", "HttpProtocolIpv6", "InstanceMetadataTags"})
    if (input.contains(member) && !(input.at(member).is_number() && input.at(member).get<int>() == -1)) changes[member] = input.at(member);
  return ctx.store.write([&](store::Writer& w) {
    json instance = instances_named(w, ctx, json::array({id})).at(0);
    if (InstanceRecord(instance).state() == "terminated")
      throw ApiError::client("IncorrectInstanceState", "The instance '" + id + "' is not in a valid state for this operation.");
    changes["State"] = "applied";  // at once here; the answer says pending, as AWS's does
    json options = change_option(instance, "MetadataOptions", changes);
    w.put(ctx.scope(), kind::instance, id, std::move(instance));
    options["State"] = "pending";
    return json{{"InstanceId", id}, {"InstanceMetadataOptions", std::move(options)}};
  });
}

json modify_instance_maintenance_options(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("InstanceId").get<std::string>();
  check_one_of(input, "AutoRecovery", {"disabled", "default"}, "autoRecovery");
  return ctx.store.write([&](store::Writer& w) {
    json instance = instances_named(w, ctx, json::array({id})).at(0);
    if (InstanceRecord(instance).state() == "terminated")
      throw ApiError::client("IncorrectInstanceState", "The instance '" + id + "' is not in a valid state for this operation.");
    json changes = json::object();
    if (input.contains("AutoRecovery")) changes["AutoRecovery"] = input.at("AutoRecovery");
    const json options = change_option(instance, "MaintenanceOptions", changes);
    w.put(ctx.scope(), kind::instance, id, std::move(instance));
    return json{{"InstanceId", id}, {"AutoRecovery", options.value("AutoRecovery", "default")}};
  });
}

// A Windows instance's Administrator password, encrypted for its launch key, once Windows
// has set it (a few minutes after launch); empty before, and for other instances.
json get_password_data(const RequestContext& ctx, const json& input) {
  const json instance =
      ctx.store.read([&](const store::Reader& r) { return instances_named(r, ctx, json::array({input.at("InstanceId")})).at(0); });
  json out = {{"InstanceId", input.at("InstanceId")}, {"PasswordData", ""}};
  const std::int64_t ready_at = instance.value("_PasswordAt", std::int64_t{0});
  if (instance.contains("_PasswordData") && epoch_ms(ctx.now) >= ready_at) {
    out["PasswordData"] = instance.at("_PasswordData");
    out["Timestamp"] = format_iso8601(std::chrono::system_clock::time_point(std::chrono::milliseconds(ready_at)));
  }
  return out;
}

}  // namespace ec2sim::sim
