// A scenario's setup, run for one account: each step an EC2 call made as that account
// (api::AccountCalls) in the scenario's Region or the step's own, or a file put on a
// running instance's disk. A step's input may
// quote an earlier step's result: "${web.Instances[0].InstanceId}" (the step named `as:
// web`, then a path as in scenarios/conditions.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "api/account_calls.hpp"
#include "scenarios/scenario.hpp"

namespace ec2sim::scenarios {

// Puts `content` at `path` on the disk `device` ("xvda", "ephemeral0") of a running
// instance; throws ScenarioError when it cannot.
using FilePutter = std::function<void(const std::string& instance_id, const std::string& device,
                                      const std::string& path, const std::string& content)>;

// Runs every step in order; ids are drawn from a generator seeded with the scenario (its
// name and seed), the account and the Region, so the same scenario makes the same ids for
// the same account.
// A null `put_file` skips the file steps (a trial run). Throws ScenarioError naming the
// step that failed and the error it got.
void run_setup(const Scenario& scenario, const api::AccountCalls& calls, const FilePutter& put_file);

// `text` with each "${name.path}" replaced by what the path reaches in `results[name]`.
// Throws ScenarioError for a name no earlier step has or a path that reaches nothing.
std::string substitute(const std::string& text, const json& results);

}  // namespace ec2sim::scenarios
