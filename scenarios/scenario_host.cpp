#include "scenarios/scenario_host.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "scenarios/setup.hpp"
#include "sim/account_reset.hpp"
#include "sim/due.hpp"
#include "sim/event_log.hpp"
#include "sim/faults.hpp"
#include "sim/guest_files.hpp"
#include "sim/time_format.hpp"

namespace ec2sim::scenarios {
namespace {

// A guest path as the files route takes it: "{device}/{path without its leading /}".
std::string device_and_path(const std::string& device, const std::string& path) {
  return device + "/" + (path.starts_with('/') ? path.substr(1) : path);
}

}  // namespace

ScenarioHost::ScenarioHost(const catalog::Catalog& catalog, store::Store& store, const sim::SimClock& clock,
                           const sim::Settings& settings, std::string default_region)
    : catalog_(catalog), store_(store), clock_(clock), settings_(settings), setup_settings_(settings),
      default_region_(std::move(default_region)) {
  setup_settings_.timing = sim::Timing::instant();
}

const catalog::Region& ScenarioHost::region_of(const Scenario& scenario) const {
  const std::string& name = scenario.region.empty() ? default_region_ : scenario.region;
  const auto* region = catalog_.find_region(name);
  if (!region) throw ScenarioError("region: '" + name + "' is not a Region ec2sim knows");
  return *region;
}

void ScenarioHost::try_out(const Scenario& scenario, bool quotas_fixed) const {
  for (const auto& [name, value] : scenario.quotas)
    if (quotas_fixed && settings_.quotas[name] != value)
      throw ScenarioError("quotas." + name + ": this server runs with " + std::to_string(settings_.quotas[name]) +
                          "; quotas are set when a server starts (ec2sim serve --scenario FILE, or --quota " + name + "=" +
                          std::to_string(value) + ")");
  store::Store scratch(":memory:");
  sim::Settings settings = setup_settings_;
  settings.on_guest_boot = nullptr;  // nothing of the trial may reach the real guests
  settings.events = nullptr;
  settings.data_dir.clear();  // nor their disks
  run_setup(scenario, api::AccountCalls(catalog_, scratch, clock_, settings, region_of(scenario), "000000000001"), nullptr);
}

void ScenarioHost::set_up(const Scenario& scenario, const std::string& account) const {
  const api::AccountCalls calls(catalog_, store_, clock_, setup_settings_, region_of(scenario), account);
  run_setup(scenario, calls, [&](const std::string& instance, const std::string& device, const std::string& path,
                                 const std::string& content) {
    const auto reply = sim::guest_files(store_, catalog_, clock_.now(), setup_settings_, "PUT", instance,
                                        device_and_path(device, path), content, account);
    if (reply.status >= 300) throw ScenarioError("cannot put " + path + " on " + instance + ": " + reply.body);
  });
  if (scenario.timeline.empty()) return;
  // The timeline starts now, for this account; its faults run with the server's timing.
  const auto now = clock_.now();
  const sim::RequestContext ctx{account, region_of(scenario), catalog_, store_, now, settings_};
  store_.write([&](store::Writer& w) {
    for (const auto& event : scenario.timeline) {
      nlohmann::ordered_json fault = event.fault;
      if (fault["Phase"] == "waiting") fault["_DueAt"] = sim::epoch_ms(now) + event.at_ms;
      sim::schedule_fault(w, ctx, std::move(fault));
    }
  });
}

std::vector<std::string> ScenarioHost::load(std::shared_ptr<const Scenario> scenario, const std::string& account, bool reset) {
  try_out(*scenario);
  std::vector<std::string> accounts = account.empty() ? store_.accounts() : std::vector<std::string>{account};
  // Its setup again on top of itself would make its resources twice (or fail half-way on
  // their names): a scenario starts over only from an emptied account.
  if (!reset)
    for (const auto& each : accounts)
      if (const auto loaded = scenario_of(each);
          loaded && loaded->name == scenario->name && !scenario->setup.empty() && store_.is_marked(each))
        throw ScenarioError("account " + each + " already has " + scenario->name + ": load it with reset to start over");
  for (const auto& each : accounts) {
    if (reset) sim::forget_accounts(store_, settings_, each);
    store_.ensure_account(each, sim::format_iso8601(clock_.now()));
    try {
      set_up(*scenario, each);
    } catch (const ScenarioError& e) {
      throw ScenarioError("account " + each + ": " + e.what());
    }
  }
  ExclusiveLock lock(mutex_);  // loaded once every setup went through
  if (account.empty()) {
    for_everyone_ = std::move(scenario);
    by_account_.clear();
  } else {
    by_account_[account] = std::move(scenario);
  }
  return accounts;
}

void ScenarioHost::load_for_new_accounts(std::shared_ptr<const Scenario> scenario) {
  try_out(*scenario, /*quotas_fixed=*/false);  // the server starts with them (--quota may change one)
  ExclusiveLock lock(mutex_);
  for_everyone_ = std::move(scenario);
  by_account_.clear();
}

void ScenarioHost::on_new_account(const std::string& account) {
  std::shared_ptr<const Scenario> scenario;
  {
    ExclusiveLock lock(mutex_);
    scenario = for_everyone_;
  }
  if (!scenario || (scenario->setup.empty() && scenario->timeline.empty())) return;
  try {
    set_up(*scenario, account);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ec2sim: scenario %s, setup of account %s: %s\n", scenario->name.c_str(), account.c_str(), e.what());
    if (settings_.events)
      settings_.events->record(account, {sim::format_iso8601(clock_.now()), region_of(*scenario).name, "ScenarioSetup",
                                         "ScenarioSetupFailed", e.what(), {}});
  }
}

std::shared_ptr<const Scenario> ScenarioHost::scenario_of(const std::string& account) const {
  ExclusiveLock lock(mutex_);
  if (auto it = by_account_.find(account); it != by_account_.end()) return it->second;
  return for_everyone_;
}

std::vector<CheckResult> ScenarioHost::grade(const Scenario& scenario, const std::string& account) const {
  const api::AccountCalls calls(catalog_, store_, clock_, settings_, region_of(scenario), account);
  const auto events = settings_.events ? settings_.events->events(account) : std::vector<sim::Event>{};
  return scenarios::grade(scenario, calls, events,
                          [&](const std::string& instance, const std::string& device,
                              const std::string& path) -> std::optional<std::string> {
                            const auto reply = sim::guest_files(store_, catalog_, clock_.now(), settings_, "GET", instance,
                                                                device_and_path(device, path), {}, account);
                            if (reply.status != 200) return std::nullopt;
                            return reply.body;
                          });
}

nlohmann::ordered_json ScenarioHost::class_report() const {
  using ordered = nlohmann::ordered_json;
  std::map<std::string, std::string> students = roster_;
  std::set<std::string> started;
  for (const auto& account : store_.accounts()) {
    students.emplace(account, "");
    started.insert(account);
  }
  const auto everyone = scenario_of("");
  ordered checks = ordered::array();
  if (everyone)
    for (const auto& c : everyone->checks) checks.push_back({{"id", c.id}, {"title", {{"en", c.title.en}, {"ko", c.title.ko}}}});
  // The roster's order: by name (student01, student02 …), then accounts without one.
  std::vector<std::pair<std::string, std::string>> order(students.begin(), students.end());
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return std::make_pair(a.second.empty(), a.second) < std::make_pair(b.second.empty(), b.second);
  });
  ordered rows = ordered::array();
  for (const auto& [account, name] : order) {
    ordered row = {{"account_id", account}, {"name", name},   {"started", started.contains(account)},
                   {"scenario", nullptr},     {"passed", 0},    {"total", 0},
                   {"checks", ordered::object()}, {"last_error", nullptr}};
    const auto scenario = scenario_of(account);
    if (scenario) row["scenario"] = scenario->name;
    // A student who has made no request yet has nothing to grade (and grading must not
    // take their first request's place: their setup runs then).
    if (scenario && started.contains(account)) {
      std::size_t passed = 0;
      const auto results = grade(*scenario, account);
      for (const auto& r : results) {
        row["checks"][r.check->id] = r.passed;
        passed += r.passed;
      }
      row["passed"] = passed;
      row["total"] = results.size();
    }
    if (settings_.events) {
      const auto events = settings_.events->events(account);
      for (auto it = events.rbegin(); it != events.rend(); ++it)
        if (!it->error.empty()) {
          row["last_error"] = {{"time", it->time}, {"action", it->action}, {"code", it->error}, {"message", it->message}};
          break;
        }
    }
    rows.push_back(std::move(row));
  }
  return {{"scenario", everyone ? ordered(everyone->name) : ordered()},
          {"title", everyone ? ordered{{"en", everyone->title.en}, {"ko", everyone->title.ko}} : ordered()},
          {"checks", std::move(checks)},
          {"students", std::move(rows)}};
}

nlohmann::ordered_json ScenarioHost::status() const {
  ExclusiveLock lock(mutex_);
  nlohmann::ordered_json accounts = nlohmann::ordered_json::object();
  for (const auto& [account, scenario] : by_account_) accounts[account] = scenario->name;
  return {{"scenario", for_everyone_ ? nlohmann::ordered_json(for_everyone_->name) : nlohmann::ordered_json()},
          {"accounts", std::move(accounts)}};
}

}  // namespace ec2sim::scenarios
