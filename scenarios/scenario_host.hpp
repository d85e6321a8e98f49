// The scenarios a running server has loaded, and what they do to its accounts:
//
//   load    the scenario for every account (its setup runs now for each account the
//           server knows, and for each new account on its first request) or for one
//   grade   one account's results against its scenario's checks (or any scenario's)
//
// A scenario is tried first in a scratch in-memory store, so a mistake in its setup is
// refused when it is loaded, not met by the first student. Setup runs with instant
// timing: what it launches is running (what it stops, stopped) before the student starts.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "scenarios/grading.hpp"
#include "scenarios/scenario.hpp"
#include "sim/clock.hpp"
#include "sim/store/store.hpp"
#include "sim/thread_safety.hpp"

namespace ec2sim::scenarios {

class ScenarioHost {
 public:
  ScenarioHost(const catalog::Catalog& catalog, store::Store& store, const sim::SimClock& clock,
               const sim::Settings& settings, std::string default_region);

  // Throws ScenarioError when the scenario's setup fails in a scratch store, or its
  // Region cannot be this server's, or (with `quotas_fixed`: a running server's) its quotas
  // differ from the server's.
  void try_out(const Scenario& scenario, bool quotas_fixed = true) const;

  // Loads `scenario` (after try_out) for `account`, or for every account when it is
  // empty; with `reset`, those accounts are emptied first. Returns the accounts whose
  // setup ran. Throws ScenarioError when a setup fails (naming the account).
  std::vector<std::string> load(std::shared_ptr<const Scenario> scenario, const std::string& account, bool reset);

  // Loads `scenario` (after try_out) for the accounts that are new from now on: each is
  // set up on its first request (`ec2sim serve --scenario`). Accounts the database
  // already holds keep what they have.
  void load_for_new_accounts(std::shared_ptr<const Scenario> scenario);

  // The dispatcher's hook for an account's first request: its setup, if a scenario is
  // loaded for every account. A failure is logged (and recorded as the account's last
  // error), not thrown: the student's request still gets its answer.
  void on_new_account(const std::string& account);

  // The scenario loaded for `account` (its own, else every account's); null: none.
  std::shared_ptr<const Scenario> scenario_of(const std::string& account) const;

  std::vector<CheckResult> grade(const Scenario& scenario, const std::string& account) const;

  // {"scenario": name-or-null, "accounts": {account: name}} for GET /_ec2sim/scenarios.
  nlohmann::ordered_json status() const;

  // The class's students by account (a strict server's credentials file), named in the
  // class view; accounts the store knows besides them are listed too.
  void set_roster(std::map<std::string, std::string> names_by_account) { roster_ = std::move(names_by_account); }

  // The class view (GET /_ec2sim/class): every student against every check of their
  // scenario, and the last error each got.
  nlohmann::ordered_json class_report() const;

 private:
  const catalog::Region& region_of(const Scenario& scenario) const;
  void set_up(const Scenario& scenario, const std::string& account) const;

  const catalog::Catalog& catalog_;
  store::Store& store_;
  const sim::SimClock& clock_;
  const sim::Settings& settings_;
  sim::Settings setup_settings_;  // settings_ with instant timing
  std::string default_region_;

  std::map<std::string, std::string> roster_;  // set before the server serves, then read only

  mutable Mutex mutex_;
  std::shared_ptr<const Scenario> for_everyone_ GUARDED_BY(mutex_);
  std::map<std::string, std::shared_ptr<const Scenario>, std::less<>> by_account_ GUARDED_BY(mutex_);
};

}  // namespace ec2sim::scenarios
