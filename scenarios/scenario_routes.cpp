#include "scenarios/scenario_routes.hpp"

#include "api/sigv4.hpp"
#include "scenarios/scenario_host.hpp"

namespace ec2sim::scenarios {
namespace {

using ordered = nlohmann::ordered_json;

void fail(RouteReply& reply, int status, const char* error, const std::string& message) {
  reply.status = status;
  reply.body = {{"error", error}, {"message", message}};
}

// The request's "account_id", when it has a valid one; "" when it has none. Throws
// ScenarioError for one that is not 12 digits.
std::string requested_account(const ordered& request) {
  if (!request.contains("account_id")) return {};
  const auto& value = request["account_id"];
  if (!value.is_string() || !api::is_account_id(value.get_ref<const std::string&>()))
    throw ScenarioError("account_id: must be an account id (12 digits)");
  return value.get<std::string>();
}

ordered report(const Scenario& scenario, const std::string& account, const std::vector<CheckResult>& results) {
  ordered checks = ordered::array();
  std::size_t passed = 0;
  for (const auto& r : results) {
    passed += r.passed;
    checks.push_back({{"id", r.check->id},
                      {"passed", r.passed},
                      {"title", {{"en", r.check->title.en}, {"ko", r.check->title.ko}}},
                      {"hint", {{"en", r.check->hint.en}, {"ko", r.check->hint.ko}}},
                      {"detail", r.detail}});
  }
  return {{"account_id", account}, {"scenario", scenario.name},
          {"title", {{"en", scenario.title.en}, {"ko", scenario.title.ko}}},
          {"passed", passed}, {"total", results.size()}, {"checks", std::move(checks)}};
}

}  // namespace

bool handle_scenario_route(ScenarioHost* host, const store::Store& store, std::string_view method, std::string_view path,
                           std::string_view body, std::string_view only_account, RouteReply& reply) {
  const bool scenarios = path == "/_ec2sim/scenarios", check = path == "/_ec2sim/check", class_view = path == "/_ec2sim/class";
  if (!scenarios && !check && !class_view) return false;
  if (!host) {
    fail(reply, 503, "ScenariosUnavailable", "this server does not serve scenarios");
    return true;
  }
  if (class_view) {
    if (method == "GET") reply.body = host->class_report();
    else fail(reply, 405, "MethodNotAllowed", "/_ec2sim/class takes GET");
    return true;
  }
  if (scenarios && method == "GET") {
    reply.body = host->status();
    return true;
  }
  if (method != "POST") {
    fail(reply, 405, "MethodNotAllowed", std::string(path) + (scenarios ? " takes GET or POST" : " takes POST"));
    return true;
  }
  const ordered request = ordered::parse(body.empty() ? std::string_view("{}") : body, nullptr, false);
  if (!request.is_object()) {
    fail(reply, 400, "InvalidRequest", "the body must be a JSON object");
    return true;
  }
  try {
    std::string account = requested_account(request);
    std::shared_ptr<const Scenario> scenario;
    if (request.contains("scenario")) scenario = std::make_shared<const Scenario>(parse_scenario(request["scenario"]));
    if (scenarios) {
      if (!scenario) throw ScenarioError("the body needs \"scenario\": the scenario's JSON");
      if (request.contains("reset") && !request["reset"].is_boolean()) throw ScenarioError("reset: must be true or false");
      const auto accounts = host->load(scenario, account, request.value("reset", false));
      reply.body = {{"loaded", scenario->name}, {"for", account.empty() ? ordered("every account") : ordered(account)},
                    {"set_up", accounts}};
      return true;
    }
    if (!only_account.empty()) {
      if (!account.empty() && account != only_account) {
        fail(reply, 403, "AccessDenied", "a student's keys grade their own account (" + std::string(only_account) +
                                             ") only; the admin token grades any");
        return true;
      }
      account = only_account;
    }
    if (account.empty()) {
      const auto known = store.accounts();
      if (known.size() != 1)
        throw ScenarioError("name the account to check ({\"account_id\": …}): the server knows " +
                            std::to_string(known.size()) + " accounts");
      account = known[0];
    }
    if (!scenario) scenario = host->scenario_of(account);
    if (!scenario)
      throw ScenarioError("no scenario is loaded for account " + account + ": send one ({\"scenario\": …})");
    reply.body = report(*scenario, account, host->grade(*scenario, account));
  } catch (const ScenarioError& e) {
    fail(reply, 400, "InvalidScenario", e.what());
  }
  return true;
}

}  // namespace ec2sim::scenarios
