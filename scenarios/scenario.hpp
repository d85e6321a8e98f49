// A scenario (scenarios/*.json, described in scenarios/README.md and schema.json): what
// exists before a student starts (`setup`, made by the same operations API calls run),
// the class's quotas, and the checks that say, in English and Korean, what the student
// has done right and what to fix.
//
//   {"name": "first-instance", "title": {"en": …, "ko": …}, "region": "ap-northeast-2",
//    "seed": 1, "quotas": {"vcpus-standard": 8},
//    "setup": [{"as": "web", "call": "RunInstances", "input": {…}},
//              {"put_file": {"instance": "${web.Instances[0].InstanceId}", "device": "xvda",
//                            "path": "/home/ec2-user/notes.txt", "content": "…"}}],
//    "checks": [{"id": …, "title": {…}, "hint": {…}, "find": "instances",
//                "filters": {"tag:Name": "My-First-EC2"}, "where": {"InstanceType": "t2.micro"},
//                "files": […], "events": […], "count": {"min": 1}}]}
//
// parse_scenario checks everything it can without a server — names, types, the
// conditions' language, the kinds of resource, the quota names — so that a mistake in a
// scenario is reported, with where it is, when the scenario is loaded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace ec2sim::scenarios {

using json = nlohmann::ordered_json;

// A scenario that cannot be used: what is wrong and where ("checks[2].where: …").
struct ScenarioError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Text in both of the console's languages.
struct Text {
  std::string en, ko;
  const std::string& in(std::string_view language) const { return language == "ko" && !ko.empty() ? ko : en; }
};

struct SetupStep {
  std::string as;    // the name later steps use for its result ("${web.Instances[0].InstanceId}")
  std::string region;  // where the call runs; "" : the scenario's Region
  std::string call;  // an EC2 action; empty for a put_file step
  json input;        // the call's input, or the put_file step's {instance, device, path, content}
};

struct EventMatch {
  std::vector<std::string> actions;  // any of them
  std::string error;                 // the error code it failed with; "" : it succeeded
};

struct Check {
  std::string id;
  Text title, hint;
  std::string find;  // a resource kind (scenarios/resource_kinds.hpp); "" : events only
  json filters = json::object();  // EC2 filter name -> value or list of values
  json where = json::object();    // path -> condition (scenarios/conditions.hpp)
  json files = json::array();     // [{"device": "root"|"xvda"…, "path": …, "contains": …, "exists": bool}]
  std::vector<EventMatch> events; // in this order, about the resource when `find` is set
  json count = {{"min", 1}};      // how many resources must match
};

// A fault to come (sim/faults.hpp): `fault` is its document without the time, which the
// setup adds — `at` after the account's setup, or `after` once `when` first matches.
struct TimelineEvent {
  std::string id;
  json fault;  // {"FaultId", "Type", "Spec", "Phase": "waiting"|"watching", "When", "AfterMs"}
  std::int64_t at_ms = 0;  // for "waiting"
};

struct Scenario {
  std::string name;
  Text title, description;
  std::string region;  // where setup runs and checks look; "" : the server's default Region
  std::uint64_t seed = 1;
  std::vector<std::pair<std::string, std::int64_t>> quotas;
  std::vector<SetupStep> setup;
  std::vector<TimelineEvent> timeline;
  std::vector<Check> checks;
};

// Milliseconds in "90s", "10m", "2h", "2d" (or a number of seconds); nullopt otherwise.
std::optional<std::int64_t> duration_ms(const json& value);

// Throws ScenarioError.
Scenario parse_scenario(const json& document);
Scenario parse_scenario_text(std::string_view text);

}  // namespace ec2sim::scenarios
