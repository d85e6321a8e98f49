#include "scenarios/grading.hpp"

#include <algorithm>
#include <map>

#include "sim/conditions.hpp"
#include "scenarios/resource_kinds.hpp"
#include "sim/errors.hpp"

namespace ec2sim::scenarios {
namespace {

// The check's filters as EC2's Filters member.
json filters_input(const json& filters) {
  json out = json::array();
  for (const auto& [name, value] : filters.items())
    out.push_back({{"Name", name}, {"Values", value.is_array() ? value : json::array({value})}});
  return out;
}

// Every resource of `kind` the account sees that the filters keep.
std::vector<json> find_all(const ResourceKind& kind, const json& filters, const api::AccountCalls& calls) {
  json input = json::object();
  if (!filters.empty()) input["Filters"] = filters_input(filters);
  if (!kind.own_only.empty()) input[std::string(kind.own_only)] = json::array({"self"});
  return sim::values_at(calls.call(kind.describe, input), kind.items);
}

// Do `events`, in this order (others may come between), appear in the log? Only those
// about `about` count when it is not empty.
bool happened(const std::vector<EventMatch>& wanted, const std::vector<sim::Event>& log, const std::string& about) {
  std::size_t next = 0;
  for (const auto& event : log) {
    if (next == wanted.size()) break;
    if (!about.empty() && std::find(event.ids.begin(), event.ids.end(), about) == event.ids.end()) continue;
    const auto& match = wanted[next];
    if (std::find(match.actions.begin(), match.actions.end(), event.action) != match.actions.end() &&
        event.error == match.error)
      ++next;
  }
  return next == wanted.size();
}

bool files_there(const json& files, const json& instance, const FileReader& read_file) {
  for (const auto& file : files) {
    std::string device = file["device"].get<std::string>();
    if (device == "root") device = instance.value("RootDeviceName", std::string("/dev/xvda"));
    if (device.starts_with("/dev/")) device.erase(0, 5);
    const auto text = read_file(instance.value("InstanceId", std::string()), device, file["path"].get<std::string>());
    const bool wanted = file.value("exists", true);
    if (text.has_value() != wanted) return false;
    if (text && file.contains("contains") && text->find(file["contains"].get<std::string>()) == std::string::npos)
      return false;
  }
  return true;
}

}  // namespace

std::vector<CheckResult> grade(const Scenario& scenario, const api::AccountCalls& calls,
                               const std::vector<sim::Event>& events, const FileReader& read_file) {
  // `->` follows an id to its resource; each is read once per grading.
  std::map<std::string, std::optional<json>, std::less<>> followed;
  const sim::ResourceLookup lookup = [&](const std::string& id) -> std::optional<json> {
    if (auto it = followed.find(id); it != followed.end()) return it->second;
    std::optional<json> found;
    if (const auto* kind = resource_kind_of_id(id)) {
      try {
        auto items = sim::values_at(calls.call(kind->describe, {{std::string(kind->ids_member), json::array({id})}}), kind->items);
        if (!items.empty()) found = std::move(items[0]);
      } catch (const ApiError&) {  // gone, or never was: the path reaches nothing
      }
    }
    return followed.emplace(id, std::move(found)).first->second;
  };
  std::vector<CheckResult> results;
  for (const auto& check : scenario.checks) {
    CheckResult result{&check, false, {}};
    if (check.find.empty()) {
      result.passed = happened(check.events, events, {});
      result.detail = result.passed ? "done" : "not done yet";
      results.push_back(std::move(result));
      continue;
    }
    const ResourceKind& kind = *find_resource_kind(check.find);
    try {
      const auto found = find_all(kind, check.filters, calls);
      std::size_t matching = 0;
      for (const auto& item : found) {
        bool ok = true;
        for (const auto& [path, condition] : check.where.items()) ok = ok && sim::satisfies(item, path, condition, lookup);
        ok = ok && files_there(check.files, item, read_file);
        ok = ok && (check.events.empty() ||
                    happened(check.events, events, item.value(std::string(kind.id_member), std::string())));
        if (ok) ++matching;
      }
      result.passed = sim::count_satisfies(check.count, matching);
      result.detail = std::to_string(matching) + " of " + std::to_string(found.size()) + " " + std::string(kind.name) + " match";
    } catch (const ApiError& e) {
      result.detail = e.code() + ": " + e.what();
    }
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace ec2sim::scenarios
