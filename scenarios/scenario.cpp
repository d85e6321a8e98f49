#include "scenarios/scenario.hpp"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <stdexcept>

#include "sim/conditions.hpp"
#include "scenarios/resource_kinds.hpp"
#include "sim/quotas.hpp"

namespace ec2sim::scenarios {
namespace {

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw ScenarioError((where.empty() ? std::string() : where + ": ") + what);
}

void only_keys(const json& object, const std::string& where, std::initializer_list<std::string_view> allowed) {
  if (!object.is_object()) fail(where, "must be an object");
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (auto name : allowed) known = known || name == key;
    if (known) continue;
    std::string names;
    for (auto name : allowed) names += (names.empty() ? "" : ", ") + std::string(name);
    fail(where.empty() ? key : where + "." + key, "is not a member here (the members are " + names + ")");
  }
}

std::string text_member(const json& object, const std::string& where, const char* key, bool required) {
  if (!object.contains(key)) {
    if (required) fail(where, std::string("needs \"") + key + "\"");
    return {};
  }
  if (!object[key].is_string() || object[key].get_ref<const std::string&>().empty())
    fail(where + "." + key, "must be a non-empty string");
  return object[key].get<std::string>();
}

Text text(const json& object, const std::string& where, const char* key, bool required) {
  if (!object.contains(key)) {
    if (required) fail(where, std::string("needs \"") + key + "\" ({\"en\": …, \"ko\": …})");
    return {};
  }
  const std::string here = where + "." + key;
  only_keys(object[key], here, {"en", "ko"});
  return {text_member(object[key], here, "en", true), text_member(object[key], here, "ko", true)};
}

SetupStep setup_step(const json& step, const std::string& where) {
  SetupStep out;
  if (step.contains("put_file")) {
    only_keys(step, where, {"put_file"});
    const std::string here = where + ".put_file";
    only_keys(step["put_file"], here, {"instance", "device", "path", "content"});
    for (const char* key : {"instance", "device", "path"}) text_member(step["put_file"], here, key, true);
    if (step["put_file"].contains("content") && !step["put_file"]["content"].is_string())
      fail(here + ".content", "must be a string");
    out.input = step["put_file"];
    return out;
  }
  only_keys(step, where, {"as", "call", "input", "region"});
  out.as = text_member(step, where, "as", false);
  out.region = text_member(step, where, "region", false);
  out.call = text_member(step, where, "call", true);
  out.input = step.contains("input") ? step["input"] : json::object();
  if (!out.input.is_object()) fail(where + ".input", "must be an object (the call's parameters, as boto3 takes them)");
  return out;
}

EventMatch event_match(const json& match, const std::string& where) {
  only_keys(match, where, {"action", "error"});
  EventMatch out;
  if (!match.contains("action")) fail(where, "needs \"action\" (an EC2 action, or SshLogin; or a list of them)");
  const json& action = match["action"];
  if (action.is_string()) out.actions.push_back(action.get<std::string>());
  else if (action.is_array())
    for (const auto& a : action) {
      if (!a.is_string()) fail(where + ".action", "must be a string or a list of strings");
      out.actions.push_back(a.get<std::string>());
    }
  if (out.actions.empty()) fail(where + ".action", "must name an action");
  out.error = text_member(match, where, "error", false);
  return out;
}

Check check(const json& item, const std::string& where) {
  only_keys(item, where, {"id", "title", "hint", "find", "filters", "where", "files", "events", "count"});
  Check out;
  out.id = text_member(item, where, "id", true);
  out.title = text(item, where, "title", true);
  out.hint = text(item, where, "hint", true);
  out.find = text_member(item, where, "find", false);
  if (!out.find.empty() && !find_resource_kind(out.find)) {
    std::string kinds;
    for (const auto& kind : resource_kinds()) kinds += (kinds.empty() ? "" : ", ") + std::string(kind.name);
    fail(where + ".find", "'" + out.find + "' is not a kind of resource a check can find (" + kinds + ")");
  }
  if (item.contains("filters")) {
    out.filters = item["filters"];
    if (!out.filters.is_object()) fail(where + ".filters", "must be an object: filter name -> value or list of values");
    for (const auto& [name, value] : out.filters.items()) {
      const bool list = value.is_array() && !value.empty() &&
                        std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); });
      if (!value.is_string() && !list) fail(where + ".filters." + name, "must be a string or a list of strings");
    }
  }
  if (item.contains("where")) {
    out.where = item["where"];
    if (!out.where.is_object()) fail(where + ".where", "must be an object: path -> condition");
    for (const auto& [path, condition] : out.where.items()) {
      try {
        sim::validate_path(path);
        sim::validate_condition(condition);
      } catch (const std::invalid_argument& e) {
        fail(where + ".where." + path, e.what());
      }
    }
  }
  if (item.contains("files")) {
    out.files = item["files"];
    if (!out.files.is_array()) fail(where + ".files", "must be a list");
    for (std::size_t i = 0; i < out.files.size(); ++i) {
      const std::string here = where + ".files[" + std::to_string(i) + "]";
      only_keys(out.files[i], here, {"device", "path", "contains", "exists"});
      text_member(out.files[i], here, "device", true);
      text_member(out.files[i], here, "path", true);
      if (out.files[i].contains("contains")) text_member(out.files[i], here, "contains", false);
      if (out.files[i].contains("exists") && !out.files[i]["exists"].is_boolean()) fail(here + ".exists", "must be true or false");
    }
    if (!out.files.empty() && out.find != "instances") fail(where + ".files", "needs \"find\": \"instances\" (files are on an instance's disks)");
  }
  if (item.contains("events")) {
    if (!item["events"].is_array() || item["events"].empty()) fail(where + ".events", "must be a non-empty list");
    for (std::size_t i = 0; i < item["events"].size(); ++i)
      out.events.push_back(event_match(item["events"][i], where + ".events[" + std::to_string(i) + "]"));
  }
  if (item.contains("count")) {
    out.count = item["count"];
    try {
      sim::validate_condition(json{{"count", out.count}});
    } catch (const std::invalid_argument& e) {
      fail(where + ".count", e.what());
    }
  }
  if (out.find.empty() && out.events.empty()) fail(where, "needs \"find\" (resources to look at) or \"events\" (what was done)");
  if (out.find.empty() && (item.contains("filters") || item.contains("where") || item.contains("count")))
    fail(where, "\"filters\", \"where\" and \"count\" need \"find\"");
  return out;
}

std::int64_t duration_member(const json& object, const std::string& where, const char* key, bool required,
                             std::int64_t fallback = 0) {
  if (!object.contains(key)) {
    if (required) fail(where, std::string("needs \"") + key + "\" (a duration: \"90s\", \"10m\", \"2h\", \"1d\")");
    return fallback;
  }
  const auto ms = duration_ms(object[key]);
  if (!ms) fail(where + "." + key, "must be a duration: \"90s\", \"10m\", \"2h\", \"1d\" (or a number of seconds)");
  return *ms;
}

json conditions(const json& object, const std::string& where) {
  if (!object.contains("where")) return json::object();
  const json& conditions = object["where"];
  if (!conditions.is_object()) fail(where + ".where", "must be an object: path -> condition");
  for (const auto& [path, condition] : conditions.items()) {
    try {
      sim::validate_path(path);
      if (path.find("->") != std::string::npos) throw std::invalid_argument("'->' is for checks; a timeline reads stored resources");
      sim::validate_condition(condition);
    } catch (const std::invalid_argument& e) {
      fail(where + ".where." + path, e.what());
    }
  }
  return conditions;
}

// The one fault an event names, as sim/faults.hpp takes it.
json fault_spec(const json& event, const std::string& where, std::string& type) {
  static constexpr std::string_view kTypes[] = {"spot_interruption", "az_impairment", "scheduled_event", "volume_impairment"};
  for (auto name : kTypes)
    if (event.contains(name)) {
      if (!type.empty()) fail(where, "names two faults (" + type + " and " + std::string(name) + "): one per event");
      type = name;
    }
  if (type.empty()) fail(where, "needs a fault: spot_interruption, az_impairment, scheduled_event or volume_impairment");
  const json& spec = event[type];
  const std::string here = where + "." + type;
  if (type == "az_impairment") {
    only_keys(spec, here, {"zone", "for"});
    return {{"Zone", text_member(spec, here, "zone", true)}, {"ForMs", duration_member(spec, here, "for", true)}};
  }
  if (type == "volume_impairment") {
    only_keys(spec, here, {"where", "for"});
    return {{"Where", conditions(spec, here)}, {"ForMs", duration_member(spec, here, "for", true)}};
  }
  if (type == "spot_interruption") {
    only_keys(spec, here, {"where", "notice"});
    return {{"Where", conditions(spec, here)}, {"NoticeMs", duration_member(spec, here, "notice", false, 120000)}};
  }
  only_keys(spec, here, {"code", "where", "in", "window"});
  const std::string code = text_member(spec, here, "code", true);
  static constexpr std::string_view kCodes[] = {"instance-retirement", "instance-stop", "instance-reboot", "system-reboot",
                                                "system-maintenance"};
  if (std::find(std::begin(kCodes), std::end(kCodes), code) == std::end(kCodes))
    fail(here + ".code", "'" + code + "' is not an event code (instance-retirement, instance-stop, instance-reboot, "
                         "system-reboot, system-maintenance)");
  json out = {{"Code", code}, {"Where", conditions(spec, here)}, {"InMs", duration_member(spec, here, "in", true)}};
  if (spec.contains("window")) out["WindowMs"] = duration_member(spec, here, "window", true);
  return out;
}

TimelineEvent timeline_event(const json& event, const std::string& where) {
  only_keys(event, where, {"id", "at", "when", "after", "spot_interruption", "az_impairment", "scheduled_event",
                           "volume_impairment"});
  TimelineEvent out;
  out.id = text_member(event, where, "id", true);
  std::string type;
  out.fault = {{"FaultId", out.id}, {"Type", ""}, {"Spec", fault_spec(event, where, type)}};
  out.fault["Type"] = type;
  if (event.contains("when") == event.contains("at"))
    fail(where, "needs \"at\" (a time after setup) or \"when\" with \"after\" (a time after a resource first matches)");
  if (event.contains("at")) {
    if (event.contains("after")) fail(where + ".after", "goes with \"when\", not \"at\"");
    out.at_ms = duration_member(event, where, "at", true);
    out.fault["Phase"] = "waiting";
    return out;
  }
  const std::string here = where + ".when";
  only_keys(event["when"], here, {"find", "where"});
  const std::string find = text_member(event["when"], here, "find", true);
  const auto* kind = find_resource_kind(find);
  if (!kind) fail(here + ".find", "'" + find + "' is not a kind of resource");
  out.fault["Phase"] = "watching";
  out.fault["When"] = {{"Type", kind->stored_as}, {"Where", conditions(event["when"], here)}};
  out.fault["AfterMs"] = duration_member(event, where, "after", false);
  return out;
}

}  // namespace

std::optional<std::int64_t> duration_ms(const json& value) {
  constexpr double kCenturySeconds = 100.0 * 365 * 86400;  // as the clock route's limit
  if (value.is_number())
    return value.get<double>() >= 0 && value.get<double>() <= kCenturySeconds
               ? std::optional<std::int64_t>(static_cast<std::int64_t>(value.get<double>() * 1000))
               : std::nullopt;
  if (!value.is_string()) return std::nullopt;
  const std::string& text = value.get_ref<const std::string&>();
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || n < 0 || end == text.data() || n > 100LL * 365 * 86400) return std::nullopt;
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  const std::int64_t seconds = unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : unit == "d" ? 86400 : 0;
  if (seconds == 0) return std::nullopt;
  return n * seconds * 1000;
}

Scenario parse_scenario(const json& document) {
  only_keys(document, "", {"$schema", "name", "title", "description", "region", "seed", "quotas", "setup", "timeline", "checks"});
  Scenario out;
  out.name = text_member(document, "scenario", "name", true);
  out.title = text(document, "scenario", "title", true);
  out.description = text(document, "scenario", "description", false);
  out.region = text_member(document, "scenario", "region", false);
  if (document.contains("seed")) {
    if (!document["seed"].is_number_integer() || document["seed"].get<std::int64_t>() < 0)
      fail("seed", "must be a whole number ≥ 0");
    out.seed = document["seed"].get<std::uint64_t>();
  }
  if (document.contains("quotas")) {
    if (!document["quotas"].is_object()) fail("quotas", "must be an object: quota name -> whole number");
    for (const auto& [name, value] : document["quotas"].items()) {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 0) fail("quotas." + name, "must be a whole number ≥ 0");
      try {
        sim::Quotas().set(name + "=" + std::to_string(value.get<std::int64_t>()));
      } catch (const std::invalid_argument& e) {
        fail("quotas." + name, e.what());
      }
      out.quotas.emplace_back(name, value.get<std::int64_t>());
    }
  }
  if (document.contains("setup")) {
    if (!document["setup"].is_array()) fail("setup", "must be a list of steps");
    for (std::size_t i = 0; i < document["setup"].size(); ++i)
      out.setup.push_back(setup_step(document["setup"][i], "setup[" + std::to_string(i) + "]"));
  }
  if (document.contains("timeline")) {
    if (!document["timeline"].is_array()) fail("timeline", "must be a list of events");
    for (std::size_t i = 0; i < document["timeline"].size(); ++i) {
      out.timeline.push_back(timeline_event(document["timeline"][i], "timeline[" + std::to_string(i) + "]"));
      for (std::size_t j = 0; j < i; ++j)
        if (out.timeline[j].id == out.timeline[i].id)
          fail("timeline[" + std::to_string(i) + "].id", "'" + out.timeline[i].id + "' is used twice");
    }
  }
  if (document.contains("checks")) {
    if (!document["checks"].is_array()) fail("checks", "must be a list");
    for (std::size_t i = 0; i < document["checks"].size(); ++i) {
      out.checks.push_back(check(document["checks"][i], "checks[" + std::to_string(i) + "]"));
      for (std::size_t j = 0; j < i; ++j)
        if (out.checks[j].id == out.checks[i].id) fail("checks[" + std::to_string(i) + "].id", "'" + out.checks[i].id + "' is used twice");
    }
  }
  return out;
}

Scenario parse_scenario_text(std::string_view text) {
  const json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) fail("", "the scenario is not valid JSON");
  return parse_scenario(document);
}

}  // namespace ec2sim::scenarios
