// Spot Instance requests: RequestSpotInstances (one-time and persistent, one request per
// instance as on AWS), their states and status codes over simulated time,
// DescribeSpotInstanceRequests, CancelSpotInstanceRequests, and the request behind every
// Spot Instance — RunInstances with InstanceMarketOptions makes one, already fulfilled.
//
// An open request is evaluated against ec2sim's Spot price (sim/spot_prices.hpp): at or
// above it, it launches its instance through RunInstances' own path (launch_instances);
// below, it waits (price-too-low) for the next price change. Its instance's life moves it
// on: a stop (persistent requests only) disables it, a start makes it active again, a
// termination closes a one-time request and reopens a persistent one, which then launches
// anew. Nothing interrupts a Spot Instance: ec2sim's capacity never runs out.
#include "sim/spot_requests.hpp"

#include "sim/client_tokens.hpp"
#include "sim/describe.hpp"
#include "sim/due.hpp"
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/instance_lifecycle.hpp"
#include "sim/instance_types.hpp"
#include "sim/instances.hpp"
#include "sim/records.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/spot_prices.hpp"
#include "sim/tags.hpp"
#include "sim/timed_kinds.hpp"
#include "sim/time_format.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;
using Clock = std::chrono::system_clock;

constexpr auto kValidFor = std::chrono::hours(24 * 7);         // ValidUntil when a request names none
constexpr auto kListedAfterClosing = std::chrono::hours(4);    // then a closed request is gone, as on AWS
constexpr auto kRetryAfterNoCapacity = std::chrono::minutes(1);

const FilterTable& spot_request_filters() {
  static const FilterTable table{{
                                     {"availability-zone-group", Path::path("AvailabilityZoneGroup")},
                                     {"create-time", Path::path("CreateTime")},
                                     {"fault-code", Path::path("Fault.Code")},
                                     {"fault-message", Path::path("Fault.Message")},
                                     {"instance-id", Path::path("InstanceId")},
                                     {"launch-group", Path::path("LaunchGroup")},
                                     {"launch.block-device-mapping.delete-on-termination",
                                      Path::path("LaunchSpecification.BlockDeviceMappings.Ebs.DeleteOnTermination")},
                                     {"launch.block-device-mapping.device-name", Path::path("LaunchSpecification.BlockDeviceMappings.DeviceName")},
                                     {"launch.block-device-mapping.snapshot-id", Path::path("LaunchSpecification.BlockDeviceMappings.Ebs.SnapshotId")},
                                     {"launch.block-device-mapping.volume-size", Path::path("LaunchSpecification.BlockDeviceMappings.Ebs.VolumeSize")},
                                     {"launch.block-device-mapping.volume-type", Path::path("LaunchSpecification.BlockDeviceMappings.Ebs.VolumeType")},
                                     {"launch.group-id", Path::path("LaunchSpecification.SecurityGroups.GroupId")},
                                     {"launch.group-name", Path::path("LaunchSpecification.SecurityGroups.GroupName")},
                                     {"launch.image-id", Path::path("LaunchSpecification.ImageId")},
                                     {"launch.instance-type", Path::path("LaunchSpecification.InstanceType")},
                                     {"launch.kernel-id", Path::path("LaunchSpecification.KernelId")},
                                     {"launch.key-name", Path::path("LaunchSpecification.KeyName")},
                                     {"launch.monitoring-enabled", Path::path("LaunchSpecification.Monitoring.Enabled")},
                                     {"launch.ramdisk-id", Path::path("LaunchSpecification.RamdiskId")},
                                     {"launched-availability-zone", Path::path("LaunchedAvailabilityZone")},
                                     {"launched-availability-zone-id", Path::path("_LaunchedZoneId")},
                                     {"network-interface.addresses.primary",
                                      Path::path("LaunchSpecification.NetworkInterfaces.PrivateIpAddresses.Primary")},
                                     {"network-interface.delete-on-termination",
                                      Path::path("LaunchSpecification.NetworkInterfaces.DeleteOnTermination")},
                                     {"network-interface.description", Path::path("LaunchSpecification.NetworkInterfaces.Description")},
                                     {"network-interface.device-index", Path::path("LaunchSpecification.NetworkInterfaces.DeviceIndex")},
                                     {"network-interface.group-id", Path::path("LaunchSpecification.NetworkInterfaces.Groups")},
                                     {"network-interface.network-interface-id",
                                      Path::path("LaunchSpecification.NetworkInterfaces.NetworkInterfaceId")},
                                     {"network-interface.private-ip-address",
                                      Path::path("LaunchSpecification.NetworkInterfaces.PrivateIpAddress")},
                                     {"network-interface.subnet-id", Path::path("LaunchSpecification.NetworkInterfaces.SubnetId")},
                                     {"product-description", Path::path("ProductDescription")},
                                     {"spot-instance-request-id", Path::path("SpotInstanceRequestId")},
                                     {"spot-price", Path::path("SpotPrice")},
                                     {"state", Path::path("State")},
                                     {"status-code", Path::path("Status.Code")},
                                     {"status-message", Path::path("Status.Message")},
                                     {"type", Path::path("Type")},
                                     {"valid-from", Path::path("ValidFrom")},
                                     {"valid-until", Path::path("ValidUntil")},
                                 },
                                 true};
  return table;
}

ApiError request_not_found(const std::string& id) {
  return ApiError::client("InvalidSpotInstanceRequestID.NotFound", "The spot instance request ID '" + id + "' does not exist");
}

// Where a request stands: its State, and its Status code and message as of now.
void set_status(json& request, const RequestContext& ctx, std::string_view state, std::string_view code, std::string message) {
  request["State"] = state;
  request["Status"] = {{"Code", code}, {"Message", std::move(message)}, {"UpdateTime", format_iso8601(ctx.now)}};
}

std::string_view state_of(const json& request) { return request.at("State").get_ref<const std::string&>(); }
std::string_view code_of(const json& request) { return request.at("Status").at("Code").get_ref<const std::string&>(); }

void due_in(json& request, const RequestContext& ctx, Clock::duration after) {
  request["_DueAt"] = epoch_ms(ctx.now + std::chrono::duration_cast<std::chrono::milliseconds>(after));
}

// sir- and eight characters, as AWS writes them.
std::string new_request_id() { return new_id("sir").substr(0, 12); }

void set_fulfilled(json& request, const RequestContext& ctx) {
  set_status(request, ctx, "active", "fulfilled", "Your spot request is fulfilled.");
}

void evaluate_again(json& request, const RequestContext& ctx) {
  set_status(request, ctx, "open", "pending-evaluation", "Your Spot request has been submitted for review, and is pending evaluation.");
  request.erase("InstanceId");
  request.erase("LaunchedAvailabilityZone");
  request.erase("_LaunchedZoneId");
  due_in(request, ctx, ctx.settings.timing.spot_evaluation);
}

// Closed or cancelled, with no instance left running for it: listed four more hours.
void closing(json& request, const RequestContext& ctx) { due_in(request, ctx, kListedAfterClosing); }

double price_of(const std::string& text, std::string_view parameter) {
  std::size_t used = 0;
  double price = 0;
  try {
    price = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(price > 0.001) || price > 1e6)
    throw ApiError::invalid_value("Value (" + text + ") for parameter " + std::string(parameter) +
                                  " is invalid. The price must be a number greater than 0.001.");
  return price;
}

// A request's timestamp member, checked; nullopt when absent.
std::optional<Clock::time_point> time_of(const json& input, const char* member, std::string_view parameter) {
  if (!input.contains(member)) return std::nullopt;
  const std::string text = input.at(member).get<std::string>();
  const auto parsed = parse_request_time(text);
  if (!parsed) throw ApiError::invalid_value("Value (" + text + ") for parameter " + std::string(parameter) + " is invalid.");
  return parsed;
}

// The one-time / persistent type against the interruption behaviour, as AWS pairs them.
void check_type_and_behaviour(const std::string& type, const std::string& behaviour, bool run_instances) {
  if (type != "one-time" && type != "persistent")
    throw ApiError::invalid_value("Value (" + type + ") for parameter type is invalid. Valid values: one-time, persistent.");
  if (behaviour != "terminate" && behaviour != "stop" && behaviour != "hibernate")
    throw ApiError::invalid_value("Value (" + behaviour +
                                  ") for parameter instanceInterruptionBehavior is invalid. Valid values: hibernate, stop, terminate.");
  if (type == "one-time" && behaviour != "terminate")
    throw ApiError::invalid_combination("The request with type 'one-time' is not supported when instanceInterruptionBehavior is set to '" +
                                        behaviour + "'.");
  if (run_instances && type == "persistent" && behaviour == "terminate")
    throw ApiError::invalid_combination(
        "The terminate InstanceInterruptionBehavior is not supported when requestType is set to persistent.");
}

// The RunInstances request one instance of a Spot request launches with.
json run_input_of(const json& specification) {
  json run = {{"MinCount", 1}, {"MaxCount", 1}};
  for (const char* member : {"ImageId", "InstanceType", "KeyName", "SecurityGroupIds", "SecurityGroups", "Placement",
                             "BlockDeviceMappings", "SubnetId", "NetworkInterfaces", "UserData", "IamInstanceProfile",
                             "Monitoring", "EbsOptimized", "KernelId", "RamdiskId"})
    if (specification.contains(member)) run[member] = specification.at(member);
  run["InstanceMarketOptions"] = {{"MarketType", "spot"}};  // priced by its request, not by RunInstances' options
  return run;
}

// The request's LaunchSpecification as AWS shows it: groups resolved to names and ids.
json shown_specification(const json& run_input, const json& groups, const std::string& zone) {
  json shown = json::object();
  for (const char* member : {"ImageId", "KeyName", "InstanceType", "BlockDeviceMappings", "SubnetId", "NetworkInterfaces",
                             "UserData", "IamInstanceProfile", "EbsOptimized", "KernelId", "RamdiskId"})
    if (run_input.contains(member)) shown[member] = run_input.at(member);
  if (!run_input.contains("NetworkInterfaces")) shown["SecurityGroups"] = groups;
  json placement = run_input.value("Placement", json::object());
  if (!zone.empty()) placement["AvailabilityZone"] = zone;  // named by the request (its subnet's, or its own)
  if (!placement.empty()) shown["Placement"] = placement;
  shown["Monitoring"] = {{"Enabled", run_input.value("Monitoring", json::object()).value("Enabled", false)}};
  return shown;
}

void mark_fulfilled(json& request, const RequestContext& ctx, const json& instance) {
  set_fulfilled(request, ctx);
  request["InstanceId"] = InstanceRecord(instance).id();
  const std::string zone = InstanceRecord(instance).availability_zone();
  request["LaunchedAvailabilityZone"] = zone;
  if (const auto* z = ctx.region.find_zone(zone)) request["_LaunchedZoneId"] = z->id;
  request["_DueAt"] = kNothingDue;
}

// Launches the request's instance now, in the subnet it was priced for. launch_instances
// checks everything before it writes anything, so a refusal leaves nothing half made.
void fulfil(store::Writer& w, const RequestContext& ctx, json& request) {
  json run = request.at("_RunInput");
  run["_SpotInstanceRequestId"] = request.at("SpotInstanceRequestId");
  Launched launched;
  try {
    launched = launch_instances(w, ctx, run);
  } catch (const ApiError& e) {
    // Not now (a quota, or a zone without capacity: sim/faults.hpp): evaluated again in a minute.
    if (e.code().ends_with("LimitExceeded") || e.code() == "InsufficientInstanceCapacity") {
      set_status(request, ctx, "open", "capacity-not-available",
                 "There is no Spot capacity available that matches your request. (" + e.message() + ")");
      due_in(request, ctx, kRetryAfterNoCapacity);
      return;
    }
    set_status(request, ctx, "failed", "bad-parameters", "Your Spot request has parameters that are not valid: " + e.message());
    request["Fault"] = {{"Code", e.code()}, {"Message", e.message()}};
    closing(request, ctx);
    return;
  }
  mark_fulfilled(request, ctx, launched.instances.at(0));
}

// Open and due: expired, not yet valid, priced out, or on to fulfilment.
void evaluate(store::Writer& w, const RequestContext& ctx, json& request) {
  const auto valid_until = parse_iso8601(request.at("ValidUntil").get<std::string>());
  if (valid_until && *valid_until <= ctx.now) {
    set_status(request, ctx, "cancelled", "schedule-expired", "Your Spot request has expired: its ValidUntil has passed.");
    closing(request, ctx);
    return;
  }
  if (request.contains("ValidFrom"))
    if (const auto from = parse_iso8601(request.at("ValidFrom").get<std::string>()); from && *from > ctx.now) {
      set_status(request, ctx, "open", "not-scheduled-yet",
                 "Your Spot request will not be evaluated until " + request.at("ValidFrom").get<std::string>() + ".");
      request["_DueAt"] = epoch_ms(*from);
      return;
    }
  if (code_of(request) == "pending-fulfillment") {
    fulfil(w, ctx, request);
    return;
  }
  const json& run = request.at("_RunInput");
  const auto* type = ctx.catalog.find_instance_type(run.value("InstanceType", "m1.small"));
  std::string zone = request.value("_Zone", "");
  if (zone.empty()) zone = ctx.region.zones.at(0).name;
  if (type) {
    const SpotQuote quote = spot_quote(*type, zone, request.at("ProductDescription").get<std::string>(), ctx.now);
    if (std::stod(request.at("SpotPrice").get<std::string>()) < quote.spot) {
      set_status(request, ctx, "open", "price-too-low",
                 "Your Spot request price of " + request.at("SpotPrice").get<std::string>() +
                     " is lower than the minimum required Spot request fulfillment price of " + price_text(quote.spot) + ".");
      request["_DueAt"] = epoch_ms(next_spot_price_change(ctx.now));
      return;
    }
  }
  set_status(request, ctx, "open", "pending-fulfillment", "Your Spot request is pending fulfillment.");
  due_in(request, ctx, ctx.settings.timing.spot_evaluation);
}

json base_request(const RequestContext& ctx, const std::string& id, const std::string& type, const std::string& behaviour,
                  const std::string& price, std::string_view product, json tags) {
  return {{"_Id", id},
          {"_DueAt", kNothingDue},
          {"SpotInstanceRequestId", id},
          {"State", "open"},
          {"Status", json::object()},
          {"Type", type},
          {"SpotPrice", price},
          {"ProductDescription", product},
          {"InstanceInterruptionBehavior", behaviour},
          {"CreateTime", format_iso8601(ctx.now)},
          {"ValidUntil", format_iso8601(ctx.now + kValidFor)},
          {"Tags", std::move(tags)}};
}

const json& find_request(const store::Reader& r, const RequestContext& ctx, const std::string& id) {
  if (!is_id(id, "sir"))
    throw ApiError::client("InvalidSpotInstanceRequestID.Malformed",
                           "Invalid id: \"" + id + "\" (expecting \"sir-xxxxxxxx\")");
  const json* request = r.find(ctx.scope(), kind::spot_instance_request, id);
  if (!request) throw request_not_found(id);
  return *request;
}

}  // namespace

void check_spot_options(const RequestContext& ctx, const json& input, const catalog::InstanceType& type, const json& image,
                        const std::string& zone) {
  const json options = input.value("InstanceMarketOptions", json::object()).value("SpotOptions", json::object());
  const bool hibernates = input.value("HibernationOptions", json::object()).value("Configured", false);
  const std::string request_type = options.value("SpotInstanceType", "one-time");
  check_type_and_behaviour(request_type, options.value("InstanceInterruptionBehavior", hibernates ? "hibernate" : "terminate"), true);
  if (options.contains("ValidUntil")) {
    if (request_type != "persistent")
      throw ApiError::invalid_combination("ValidUntil is supported only for persistent Spot Instance requests.");
    if (const auto until = time_of(options, "ValidUntil", "validUntil"); *until <= ctx.now)
      throw ApiError::invalid_value("The ValidUntil time " + options.at("ValidUntil").get<std::string>() + " is in the past.");
  }
  if (options.contains("BlockDurationMinutes"))
    throw ApiError::invalid_value("Spot blocks (BlockDurationMinutes) are no longer offered.");
  if (!options.contains("MaxPrice")) return;  // the Spot price, whatever it is
  const std::string max = options.at("MaxPrice").get<std::string>();
  const double asked = price_of(max, "MaxPrice");
  const SpotQuote quote = spot_quote(type, zone, spot_product(image), ctx.now);
  if (asked < quote.spot)
    throw ApiError::client("SpotMaxPriceTooLow", "Your Spot request price of " + max +
                                                     " is lower than the minimum required Spot request fulfillment price of " +
                                                     price_text(quote.spot) + ".");
}

std::string record_spot_launch(store::Writer& w, const RequestContext& ctx, const json& run_input, const json& image,
                               const json& instance, const json& tags) {
  const json options = run_input.at("InstanceMarketOptions").value("SpotOptions", json::object());
  const bool hibernates = run_input.value("HibernationOptions", json::object()).value("Configured", false);
  const auto* type = ctx.catalog.find_instance_type(InstanceRecord(instance).instance_type());
  const std::string zone = InstanceRecord(instance).availability_zone();
  const std::string_view product = spot_product(image);
  const std::string price =
      options.contains("MaxPrice") ? options.at("MaxPrice").get<std::string>() : price_text(spot_quote(*type, zone, product, ctx.now).on_demand);
  const std::string id = new_request_id();
  json request = base_request(ctx, id, options.value("SpotInstanceType", "one-time"),
                              options.value("InstanceInterruptionBehavior", hibernates ? "hibernate" : "terminate"), price, product,
                              tags.is_array() ? tags : json::array());
  if (options.contains("ValidUntil")) request["ValidUntil"] = format_iso8601(*parse_request_time(options.at("ValidUntil").get<std::string>()));
  json run = run_input;  // launched again as it was, should a persistent request reopen
  for (const char* member : {"TagSpecifications", "ClientToken", "LaunchTemplate", "DryRun"}) run.erase(member);
  run["MinCount"] = run["MaxCount"] = 1;
  run["InstanceMarketOptions"] = {{"MarketType", "spot"}};
  request["LaunchSpecification"] = shown_specification(run, InstanceRecord(instance).security_groups(), zone);
  if (!run.contains("NetworkInterfaces")) run["SubnetId"] = InstanceRecord(instance).subnet_id();  // launched again there
  request["LaunchSpecification"]["Placement"] = {{"AvailabilityZone", zone}};
  request["_RunInput"] = std::move(run);
  request["_Zone"] = zone;
  mark_fulfilled(request, ctx, instance);
  w.put(ctx.scope(), kind::spot_instance_request, id, std::move(request));
  return id;
}

void check_spot_instance_may_stop(const store::Reader& r, const RequestContext& ctx, const json& instance) {
  const std::string id = instance.value("SpotInstanceRequestId", "");
  const json* request = id.empty() ? nullptr : r.find(ctx.scope(), kind::spot_instance_request, id);
  if (request && request->at("Type") == "persistent" && state_of(*request) != "cancelled") return;
  throw ApiError::client("UnsupportedOperation",
                         "You can't stop the Spot Instance '" + InstanceRecord(instance).id() +
                             "' because it is associated with a one-time Spot Instance request. You can only stop Spot "
                             "Instances associated with persistent Spot Instance requests.");
}

void spot_instance_changed(store::Writer& w, const RequestContext& ctx, const json& instance) {
  const std::string id = instance.value("SpotInstanceRequestId", "");
  const json* found = id.empty() ? nullptr : w.find(ctx.scope(), kind::spot_instance_request, id);
  if (!found || found->value("InstanceId", "") != InstanceRecord(instance).id()) return;  // no longer its instance
  json request = *found;
  const std::string state = InstanceRecord(instance).state();
  const bool cancelled = state_of(request) == "cancelled";
  // EC2 interrupted it (sim/faults.hpp), or the user stopped or terminated it.
  const std::string reason = instance.value("StateReason", json::object()).value("Code", "");
  const bool interrupted = reason == "Server.SpotInstanceTermination" || reason == "Server.SpotInstanceShutdown";
  if (state == "terminated") {
    if (request.at("Type") == "persistent" && !cancelled) {
      evaluate_again(request, ctx);  // launches anew
    } else if (interrupted) {
      set_status(request, ctx, cancelled ? "cancelled" : "closed", "instance-terminated-no-capacity",
                 "Spot Instance terminated due to no available capacity.");
      closing(request, ctx);
    } else {
      set_status(request, ctx, cancelled ? "cancelled" : "closed", "instance-terminated-by-user",
                 "Spot Instance terminated due to user-initiated termination.");
      closing(request, ctx);
    }
  } else if (state == "stopped" && !cancelled) {
    if (interrupted)
      set_status(request, ctx, "disabled", "instance-stopped-no-capacity", "Spot Instance stopped due to no available capacity.");
    else
      set_status(request, ctx, "disabled", "instance-stopped-by-user", "Spot Instance stopped due to user-initiated stop.");
  } else if (state == "running" && state_of(request) == "disabled") {
    set_fulfilled(request, ctx);
  } else {
    return;
  }
  w.put(ctx.scope(), kind::spot_instance_request, id, std::move(request));
}

std::string spot_interruption_behaviour(const store::Reader& r, const RequestContext& ctx, const json& instance) {
  const std::string id = instance.value("SpotInstanceRequestId", "");
  const json* request = id.empty() ? nullptr : r.find(ctx.scope(), kind::spot_instance_request, id);
  return request ? request->value("InstanceInterruptionBehavior", "terminate") : "terminate";
}

void mark_spot_interruption(store::Writer& w, const RequestContext& ctx, const json& instance, std::string_view behaviour) {
  const std::string id = instance.value("SpotInstanceRequestId", "");
  const json* found = id.empty() ? nullptr : w.find(ctx.scope(), kind::spot_instance_request, id);
  if (!found) return;
  json request = *found;
  const std::string what = behaviour == "stop" ? "stop" : behaviour == "hibernate" ? "hibernation" : "termination";
  set_status(request, ctx, state_of(request) == "cancelled" ? "cancelled" : "active", "marked-for-" + what,
             "Your Spot Instance is marked for " + what + " because EC2 needs the capacity back.");
  w.put(ctx.scope(), kind::spot_instance_request, id, std::move(request));
}

bool advance_spot_request(store::Writer& w, const RequestContext& ctx, json& request) {
  if (!is_due(request, epoch_ms(ctx.now))) return true;
  const std::string_view state = state_of(request);
  if (state == "open") {
    evaluate(w, ctx, request);
    // Instant timing: evaluation and fulfilment in one settling.
    if (state_of(request) == "open" && code_of(request) == "pending-fulfillment" && is_due(request, epoch_ms(ctx.now)))
      evaluate(w, ctx, request);
    return true;
  }
  if (state == "closed" || state == "cancelled" || state == "failed") return false;  // listed long enough
  request["_DueAt"] = kNothingDue;
  return true;
}

json request_spot_instances(const RequestContext& ctx, const json& input) {
  const int count = input.value("InstanceCount", 1);
  const auto per_request = ctx.settings.quotas["instances-per-request"];
  if (count < 1 || count > per_request)
    throw ApiError::invalid_value("Value (" + std::to_string(count) + ") for parameter instanceCount is invalid. Expected a number from 1 to " +
                                  std::to_string(per_request) + ".");
  const std::string type = input.value("Type", "one-time");
  const std::string behaviour = input.value("InstanceInterruptionBehavior", "terminate");
  check_type_and_behaviour(type, behaviour, false);
  const auto valid_from = time_of(input, "ValidFrom", "validFrom");
  const auto valid_until = time_of(input, "ValidUntil", "validUntil");
  if (valid_until && *valid_until <= ctx.now)
    throw ApiError::invalid_value("The ValidUntil time " + input.at("ValidUntil").get<std::string>() + " is in the past.");
  if (valid_from && valid_until && *valid_from >= *valid_until)
    throw ApiError::invalid_value("The ValidFrom time must be before the ValidUntil time.");
  if (input.contains("BlockDurationMinutes"))
    throw ApiError::invalid_value("Spot blocks (BlockDurationMinutes) are no longer offered.");
  const std::optional<double> max_price =
      input.contains("SpotPrice") ? std::optional(price_of(input.at("SpotPrice").get<std::string>(), "price")) : std::nullopt;
  const json specification = input.value("LaunchSpecification", json::object());
  if (!specification.contains("ImageId"))
    throw ApiError::missing_parameter("The request must contain the parameter LaunchSpecification.ImageId");
  json tags = tags_for(input, "spot-instances-request");
  return ctx.store.write([&](store::Writer& w) {
    if (const json* previous = replayed_call(w, ctx, "RequestSpotInstances", input)) {  // as they are now
      json requests = json::array();
      for (const auto& id : previous->at("SpotInstanceRequestIds"))
        if (const json* made = w.find(ctx.scope(), kind::spot_instance_request, id.get<std::string>())) requests.push_back(*made);
      return json{{"SpotInstanceRequests", std::move(requests)}};
    }
    json run = run_input_of(specification);
    json all = run;
    all["MinCount"] = all["MaxCount"] = count;
    const LaunchPlan plan = check_launch(w, ctx, all);  // every instance's checks, the vCPU quota among them, now
    const bool zone_named = specification.contains("SubnetId") || specification.contains("NetworkInterfaces") ||
                            specification.value("Placement", json::object()).contains("AvailabilityZone");
    const std::string_view product = spot_product(plan.image);
    const std::string price =
        max_price ? input.at("SpotPrice").get<std::string>() : price_text(spot_quote(*plan.type, plan.zone, product, ctx.now).on_demand);
    json requests = json::array(), ids = json::array();
    for (int n = 0; n < count; ++n) {
      const std::string id = new_request_id();
      json request = base_request(ctx, id, type, behaviour, price, product, tags);
      if (valid_from) request["ValidFrom"] = format_iso8601(*valid_from);
      if (valid_until) request["ValidUntil"] = format_iso8601(*valid_until);
      for (const char* member : {"LaunchGroup", "AvailabilityZoneGroup"})
        if (input.contains(member)) request[member] = input.at(member);
      request["LaunchSpecification"] = shown_specification(run, plan.groups, zone_named ? plan.zone : "");
      request["_RunInput"] = run;
      if (!zone_named) request["_RunInput"]["SubnetId"] = plan.subnet_id;  // launched where it is priced
      request["_Zone"] = plan.zone;
      evaluate_again(request, ctx);
      ids.push_back(id);
      requests.push_back(request);
      w.put(ctx.scope(), kind::spot_instance_request, id, std::move(request));
    }
    remember_call(w, ctx, "RequestSpotInstances", input, {{"SpotInstanceRequestIds", ids}});
    return json{{"SpotInstanceRequests", std::move(requests)}};
  });
}

json describe_spot_instance_requests(const RequestContext& ctx, const json& input) {
  return describe_resources(ctx, input,
                            {kind::spot_instance_request, "SpotInstanceRequestIds", "InvalidSpotInstanceRequestID.NotFound",
                             "spot instance request ID", "spot instance request IDs", spot_request_filters(), "SpotInstanceRequests"});
}

json cancel_spot_instance_requests(const RequestContext& ctx, const json& input) {
  return ctx.store.write([&](store::Writer& w) {
    json cancelled = json::array();
    for (const auto& id_value : input.at("SpotInstanceRequestIds")) {
      const std::string id = id_value.get<std::string>();
      json request = find_request(w, ctx, id);
      const std::string state(state_of(request));
      if (state == "open") {
        set_status(request, ctx, "cancelled", "canceled-before-fulfillment", "Your Spot request is canceled before it was fulfilled.");
        closing(request, ctx);
      } else if (state == "active" || state == "disabled") {
        const std::string instance_id = request.value("InstanceId", "");
        set_status(request, ctx, "cancelled", "request-canceled-and-instance-running",
                   "Your Spot request is canceled, but your instance " + instance_id + " is still running.");
        const json* found = w.find(ctx.scope(), kind::instance, instance_id);
        if (found && state == "disabled") {  // a stopped Spot Instance goes with its request, as on AWS
          w.put(ctx.scope(), kind::spot_instance_request, id, request);  // cancelled first: the termination closes it
          json instance = *found;
          enter_state(instance, "shutting-down", ctx, ctx.settings.timing.shutting_down);
          const bool exists = advance_instance(w, ctx, instance);
          keep_or_erase(w, ctx, kind::instance, instance_id, std::move(instance), exists);
          request = *w.find(ctx.scope(), kind::spot_instance_request, id);  // as the termination left it
        }
      }
      cancelled.push_back({{"SpotInstanceRequestId", id}, {"State", request.at("State")}});
      w.put(ctx.scope(), kind::spot_instance_request, id, std::move(request));
    }
    return json{{"CancelledSpotInstanceRequests", std::move(cancelled)}};
  });
}

}  // namespace ec2sim::sim
