#include "scenarios/setup.hpp"

#include "sim/conditions.hpp"
#include "sim/errors.hpp"
#include "sim/resource_ids.hpp"

namespace ec2sim::scenarios {
namespace {

// FNV-1a: the same on every machine, unlike std::hash.
std::uint64_t stable_hash(std::string_view text, std::uint64_t hash = 14695981039346656037ull) {
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

json substituted(const json& node, const json& results) {
  if (node.is_string()) return substitute(node.get<std::string>(), results);
  if (!node.is_structured()) return node;
  json out = node;
  for (auto& child : out) child = substituted(child, results);
  return out;
}

}  // namespace

std::string substitute(const std::string& text, const json& results) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    const auto open = text.find("${", at);
    if (open == std::string::npos) break;
    const auto close = text.find('}', open);
    if (close == std::string::npos) throw ScenarioError("'" + text + "' has a '${' without its '}'");
    out.append(text, at, open - at);
    const std::string reference = text.substr(open + 2, close - open - 2);
    const auto dot = reference.find('.');
    const std::string name = reference.substr(0, dot);
    if (!results.contains(name)) throw ScenarioError("${" + reference + "}: no earlier step is named '" + name + "'");
    std::vector<json> values;
    try {
      values = dot == std::string::npos ? std::vector<json>{results[name]}
                                        : sim::values_at(results[name], reference.substr(dot + 1));
    } catch (const std::invalid_argument& e) {
      throw ScenarioError("${" + reference + "}: " + e.what());
    }
    if (values.empty() || values[0].is_structured() || values[0].is_null())
      throw ScenarioError("${" + reference + "} reaches no text or number in the result of step '" + name + "'");
    out += values[0].is_string() ? values[0].get<std::string>() : values[0].dump();
    at = close + 1;
  }
  out.append(text, at);
  return out;
}

void run_setup(const Scenario& scenario, const api::AccountCalls& calls, const FilePutter& put_file) {
  // Seeded by scenario, account and Region: two scenarios loaded into one account do not
  // draw the same ids.
  const sim::SeededIds seeded(
      stable_hash(calls.region().name, stable_hash(calls.account(), stable_hash(scenario.name, scenario.seed))));
  json results = json::object();
  for (std::size_t i = 0; i < scenario.setup.size(); ++i) {
    const SetupStep& step = scenario.setup[i];
    const std::string where = "setup[" + std::to_string(i) + "]" + (step.call.empty() ? " (put_file)" : " (" + step.call + ")");
    try {
      const json input = substituted(step.input, results);
      if (step.call.empty()) {
        if (put_file)
          put_file(input["instance"].get<std::string>(), input["device"].get<std::string>(), input["path"].get<std::string>(),
                   input.value("content", std::string()));
        continue;
      }
      const auto elsewhere = step.region.empty() ? std::nullopt : calls.in_region(step.region);
      if (!step.region.empty() && !elsewhere) throw ScenarioError("'" + step.region + "' is not a Region ec2sim knows");
      json result = (elsewhere ? *elsewhere : calls).call(step.call, input);
      if (!step.as.empty()) results[step.as] = std::move(result);
    } catch (const ApiError& e) {
      throw ScenarioError(where + ": " + e.code() + ": " + e.what());
    } catch (const ScenarioError& e) {
      throw ScenarioError(where + ": " + e.what());
    }
  }
}

}  // namespace ec2sim::scenarios
