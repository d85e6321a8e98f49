// Grades one account against a scenario's checks, live: each check finds its resources
// with the Describe call (and filters) a student would use, keeps those whose paths,
// files and events say what the check asks, and passes when as many remain as it needs.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/account_calls.hpp"
#include "scenarios/scenario.hpp"
#include "sim/event_log.hpp"

namespace ec2sim::scenarios {

// The text of the file at `path` on the disk `device` of a running instance; nullopt
// when there is no such file (or the instance is not running).
using FileReader = std::function<std::optional<std::string>(const std::string& instance_id, const std::string& device,
                                                            const std::string& path)>;

struct CheckResult {
  const Check* check;
  bool passed = false;
  std::string detail;  // what was found: "1 of 2 instances match", or the error a Describe got
};

std::vector<CheckResult> grade(const Scenario& scenario, const api::AccountCalls& calls,
                               const std::vector<sim::Event>& events, const FileReader& read_file);

}  // namespace ec2sim::scenarios
