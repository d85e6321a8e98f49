// Scenarios: the conditions' language, the setup's calls (written as Query parameters and
// decoded, as a client's would be), the parser's messages, and a scenario set up and
// graded against an in-memory store.
#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>

#include "api/account_calls.hpp"
#include "api/input_to_query.hpp"
#include "sim/conditions.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/scenario_host.hpp"
#include "scenarios/setup.hpp"
#include "sim/event_log.hpp"
#include "test_support.hpp"

namespace {

using namespace ec2sim;
using scenarios::json;

const catalog::Catalog& test_catalog() {
  static const catalog::Catalog c = catalog::Catalog::load_builtin();
  return c;
}

// The ScenarioError message parse_scenario gives for `document`; "" when it parses.
std::string parse_error(const json& document) {
  try {
    scenarios::parse_scenario(document);
  } catch (const scenarios::ScenarioError& e) {
    return e.what();
  }
  return "";
}

json minimal_with(const char* key, json value) {
  json s = {{"name", "t"}, {"title", {{"en", "T"}, {"ko", "티"}}}};
  s[key] = std::move(value);
  return s;
}

json a_check(json more) {
  json c = {{"id", "c"}, {"title", {{"en", "C"}, {"ko", "씨"}}}, {"hint", {{"en", "H"}, {"ko", "에이치"}}}};
  for (auto& [k, v] : more.items()) c[k] = v;
  return c;
}

}  // namespace

TEST_CASE("a path reaches members, items and every item", "[scenarios]") {
  const json group = json::parse(R"({"GroupId": "sg-1", "IpPermissions": [
      {"FromPort": 22, "IpRanges": [{"CidrIp": "10.0.0.1/32"}]},
      {"FromPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}, {"CidrIp": "10.0.0.0/8"}]}]})");
  CHECK(sim::values_at(group, "IpPermissions[1].FromPort") == std::vector<json>{80});
  CHECK(sim::values_at(group, "IpPermissions[*].IpRanges[*].CidrIp").size() == 3);
  CHECK(sim::values_at(group, "IpPermissions[7].FromPort").empty());
  CHECK(sim::values_at(group, "Nothing.Here").empty());
  CHECK(sim::satisfies(group, "IpPermissions", json{{"count", 2}}));
  CHECK(sim::satisfies(group, "IpPermissions[*].FromPort", json{{"count", {{"min", 2}}}}));
  CHECK(sim::satisfies(group, "IpPermissions[*].FromPort", 80));  // any value
  CHECK_FALSE(sim::satisfies(group, "IpPermissions[*].FromPort", 443));
  CHECK(sim::satisfies(group, "IpPermissions[0].IpRanges[0].CidrIp", json{{"glob", "*/32"}}));
  CHECK(sim::satisfies(group, "GroupId", json{{"glob", json::array({"vpc-*", "sg-?"})}}));
  CHECK_FALSE(sim::satisfies(group, "IpPermissions[*].IpRanges[*].CidrIp", json{{"not", "0.0.0.0/0"}}));
  CHECK(sim::satisfies(group, "IpPermissions[0].IpRanges[*].CidrIp", json{{"not", "0.0.0.0/0"}}));
  CHECK(sim::satisfies(group, "IpPermissions[0].ToPort", json{{"exists", false}}));
  CHECK(sim::satisfies(group, "IpPermissions[0].FromPort", json{{"min", 1}, {"max", 1024}}));
  CHECK_FALSE(sim::satisfies(group, "IpPermissions[1].FromPort", json{{"one_of", {22, 443}}}));
}

TEST_CASE("a path's -> follows an id to the resource it names", "[scenarios]") {
  const json instance = {{"ImageId", "ami-1"}, {"SecurityGroups", {{{"GroupId", "sg-9"}}}}};
  int lookups = 0;
  const sim::ResourceLookup lookup = [&](const std::string& id) -> std::optional<json> {
    ++lookups;
    if (id == "ami-1") return json{{"Name", "al2023-ami-2023.6-kernel-6.1-x86_64"}};
    return std::nullopt;
  };
  CHECK(sim::satisfies(instance, "ImageId->Name", json{{"glob", "al2023-ami-*"}}, lookup));
  CHECK_FALSE(sim::satisfies(instance, "SecurityGroups[0].GroupId->GroupName", "default", lookup));
  CHECK(sim::satisfies(instance, "SecurityGroups[0].GroupId->GroupName", json{{"exists", false}}, lookup));
  CHECK(lookups == 3);
}

TEST_CASE("conditions and paths outside the language are refused with what is wrong", "[scenarios]") {
  CHECK_THROWS_WITH(sim::validate_condition(json{{"regex", "x"}}), Catch::Contains("'regex' is not an operator"));
  CHECK_THROWS_WITH(sim::validate_condition(json{{"count", "two"}}), Catch::Contains("'count' takes a number"));
  CHECK_THROWS_WITH(sim::validate_condition(json::array()), Catch::Contains("a condition is"));
  CHECK_THROWS_WITH(sim::validate_path("A[x].B"), Catch::Contains("an index is a whole number or *"));
  CHECK_THROWS_WITH(sim::validate_path("A..B"), Catch::Contains("empty member name"));
  CHECK_NOTHROW(sim::validate_path("SecurityGroups[0].GroupId->IpPermissions[*].FromPort"));
  CHECK_THROWS_WITH(sim::validate_condition(json{{"not", {{"count", 0}}}}), Catch::Contains("'not' looks at values"));
}

TEST_CASE("a call's JSON input is written as the Query parameters an SDK sends", "[scenarios]") {
  const auto* op = model::find_operation("DescribeInstances");
  REQUIRE(op);
  const auto params = api::input_to_query(*op, json::parse(R"({"InstanceIds": ["i-1", "i-2"], "DryRun": false,
      "Filters": [{"Name": "tag:Name", "Values": ["web", "db"]}], "MaxResults": 5})"));
  const api::QueryParams expected{{"InstanceId.1", "i-1"}, {"InstanceId.2", "i-2"}, {"DryRun", "false"},
                                  {"Filter.1.Name", "tag:Name"}, {"Filter.1.Value.1", "web"}, {"Filter.1.Value.2", "db"},
                                  {"MaxResults", "5"}};
  CHECK(params == expected);
  CHECK(AWS_ERROR_CODE(api::input_to_query(*op, json{{"InstanceId", "i-1"}})) == "UnknownParameter");
  CHECK(AWS_ERROR_CODE(api::input_to_query(*op, json{{"MaxResults", "5"}})) == "InvalidParameterValue");
  CHECK(AWS_ERROR_CODE(api::input_to_query(*op, json{{"InstanceIds", "i-1"}})) == "InvalidParameterValue");
}

TEST_CASE("every shipped scenario parses", "[scenarios]") {
  int parsed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(EC2SIM_SCENARIOS_DIR)) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "schema.json") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    INFO(entry.path().filename().string());
    const auto scenario = scenarios::parse_scenario_text(text.str());
    CHECK(scenario.name + ".json" == entry.path().filename().string());
    for (const auto& check : scenario.checks) CHECK((!check.hint.en.empty() && !check.hint.ko.empty()));
    ++parsed;
  }
  CHECK(parsed >= 6);
}

TEST_CASE("a mistake in a scenario is reported with where it is", "[scenarios]") {
  CHECK(parse_error(json{{"name", "t"}}) == "scenario: needs \"title\" ({\"en\": …, \"ko\": …})");
  CHECK_THAT(parse_error(minimal_with("colour", "red")), Catch::StartsWith("colour: is not a member here"));
  CHECK_THAT(parse_error(minimal_with("timeline", {{{"id", "x"}, {"at", "1m"}}})),
             Catch::StartsWith("timeline[0]: needs a fault: spot_interruption, az_impairment"));
  CHECK_THAT(parse_error(minimal_with("timeline", {{{"id", "x"}, {"at", "soon"}, {"az_impairment", {{"zone", "z"}, {"for", "1h"}}}}})),
             Catch::StartsWith("timeline[0].at: must be a duration"));
  CHECK_THAT(parse_error(minimal_with("timeline", {{{"id", "x"}, {"az_impairment", {{"zone", "z"}, {"for", "1h"}}}}})),
             Catch::Contains("needs \"at\" (a time after setup) or \"when\""));
  CHECK_THAT(parse_error(minimal_with("timeline", {{{"id", "x"}, {"at", "1m"}, {"scheduled_event", {{"code", "reboot"}, {"in", "1d"}}}}})),
             Catch::StartsWith("timeline[0].scheduled_event.code: 'reboot' is not an event code"));
  CHECK(scenarios::duration_ms("90s") == 90000);
  CHECK(scenarios::duration_ms("2d") == 2 * 86400000LL);
  CHECK(scenarios::duration_ms(30) == 30000);
  CHECK_FALSE(scenarios::duration_ms("10 minutes"));
  CHECK_FALSE(scenarios::duration_ms(1e300));  // a century at most, as the clock route
  CHECK_FALSE(scenarios::duration_ms(-1));
  CHECK_THAT(parse_error(minimal_with("quotas", {{"vcpus", 4}})), Catch::StartsWith("quotas.vcpus:"));
  CHECK_THAT(parse_error(minimal_with("checks", json::array({a_check({{"find", "buckets"}})}))),
             Catch::StartsWith("checks[0].find: 'buckets' is not a kind of resource"));
  CHECK_THAT(parse_error(minimal_with("checks", json::array({a_check({{"find", "instances"}, {"where", {{"State.Name", {{"like", "r"}}}}}})}))),
             Catch::StartsWith("checks[0].where.State.Name: 'like' is not an operator"));
  CHECK_THAT(parse_error(minimal_with("checks", json::array({a_check({})}))), Catch::Contains("needs \"find\""));
  CHECK_THAT(parse_error(minimal_with("checks", json::array({a_check({{"find", "key-pairs"}}), a_check({{"find", "vpcs"}})}))),
             Catch::Contains("checks[1].id: 'c' is used twice"));
  CHECK_THAT(parse_error(minimal_with("setup", {{{"call", "RunInstances"}, {"input", "x"}}})),
             Catch::StartsWith("setup[0].input: must be an object"));
  store::Store store(":memory:");
  sim::SimClock clock;
  sim::Settings settings;
  scenarios::ScenarioHost host(test_catalog(), store, clock, settings, "ap-northeast-2");
  CHECK_THROWS_WITH(host.try_out(scenarios::parse_scenario(minimal_with("setup", {{{"call", "CreateKeyPair"},
                                                                                 {"input", {{"KeyName", "k"}}},
                                                                                 {"region", "mars-north-1"}}}))),
                    "setup[0] (CreateKeyPair): 'mars-north-1' is not a Region ec2sim knows");
}

TEST_CASE("${name.path} quotes an earlier step's result", "[scenarios]") {
  const json results = {{"vpc", {{"Vpc", {{"VpcId", "vpc-1"}, {"Ipv6", {1, 2}}}}}}};
  CHECK(scenarios::substitute("in ${vpc.Vpc.VpcId}!", results) == "in vpc-1!");
  CHECK(scenarios::substitute("${vpc.Vpc.Ipv6[1]}", results) == "2");
  CHECK_THROWS_WITH(scenarios::substitute("${web.X}", results), Catch::Contains("no earlier step is named 'web'"));
  CHECK_THROWS_WITH(scenarios::substitute("${vpc.Vpc.Nope}", results), Catch::Contains("reaches no text or number"));
}

TEST_CASE("a scenario sets up accounts through the API's operations and grades them live", "[scenarios]") {
  store::Store store(":memory:");
  sim::SimClock clock;
  sim::EventLog events;
  sim::Settings settings;
  settings.timing = sim::Timing::instant();
  settings.events = &events;
  scenarios::ScenarioHost host(test_catalog(), store, clock, settings, "ap-northeast-2");
  auto scenario = std::make_shared<const scenarios::Scenario>(scenarios::parse_scenario(json::parse(R"({
    "name": "t", "title": {"en": "T", "ko": "티"}, "seed": 5,
    "setup": [
      {"as": "key", "call": "CreateKeyPair", "input": {"KeyName": "lab"}},
      {"call": "CreateKeyPair", "input": {"KeyName": "virginia"}, "region": "us-east-1"},
      {"as": "sg", "call": "CreateSecurityGroup", "input": {"GroupName": "web", "Description": "for ${key.KeyName}"}},
      {"call": "AuthorizeSecurityGroupIngress", "input": {"GroupId": "${sg.GroupId}",
        "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.1.2.3/32"}]}]}}],
    "checks": [
      {"id": "ssh-only", "title": {"en": "a", "ko": "가"}, "hint": {"en": "h", "ko": "히"},
       "find": "security-groups", "filters": {"group-name": "web"},
       "where": {"Description": "for lab", "IpPermissions[0].IpRanges[0].CidrIp": {"glob": "*/32"}}},
      {"id": "http", "title": {"en": "b", "ko": "나"}, "hint": {"en": "h", "ko": "히"},
       "find": "security-groups", "where": {"IpPermissions[*].FromPort": 80}},
      {"id": "no-default-rules", "title": {"en": "c", "ko": "다"}, "hint": {"en": "h", "ko": "히"},
       "find": "security-groups", "filters": {"group-name": "nothing-like-this"}, "count": 0},
      {"id": "refused", "title": {"en": "d", "ko": "라"}, "hint": {"en": "h", "ko": "히"},
       "events": [{"action": "DeleteKeyPair", "error": "InvalidKeyPair.NotFound"}]}]})")));

  const auto set_up = host.load(scenario, "", false);
  CHECK(set_up.empty());  // no account yet: each is set up on its first request
  store.ensure_account("111122223333", "2026-12-02T00:00:00.000Z");
  host.on_new_account("111122223333");
  CHECK(store.list({"111122223333", "us-east-1"}, "key-pair").size() == 1);  // a step of its own Region
  CHECK(store.list({"111122223333", "ap-northeast-2"}, "key-pair").size() == 1);
  auto results = host.grade(*scenario, "111122223333");
  REQUIRE(results.size() == 4);
  CHECK(results[0].passed);
  CHECK(results[0].detail == "1 of 1 security-groups match");
  CHECK_FALSE(results[1].passed);
  CHECK(results[2].passed);
  CHECK_FALSE(results[3].passed);
  events.record("111122223333", {"t", "ap-northeast-2", "DeleteKeyPair", "InvalidKeyPair.NotFound", "no", {}});
  CHECK(host.grade(*scenario, "111122223333")[3].passed);

  // The same seed and account make the same ids; another account gets its own.
  const auto group_id = [&](const std::string& account) {
    return store.list({account, "ap-northeast-2"}, "security-group");
  };
  store::Store again(":memory:");
  scenarios::ScenarioHost host2(test_catalog(), again, clock, settings, "ap-northeast-2");
  host2.load(scenario, "111122223333", false);
  const auto ids_of = [](const std::vector<json>& docs) {
    std::set<std::string> ids;
    for (const auto& d : docs) ids.insert(d["GroupId"].get<std::string>());
    return ids;
  };
  CHECK(ids_of(group_id("111122223333")) == ids_of(again.list({"111122223333", "ap-northeast-2"}, "security-group")));
  host.load(scenario, "444455556666", false);
  CHECK(ids_of(group_id("444455556666")) != ids_of(group_id("111122223333")));
  CHECK(host.status()["accounts"]["444455556666"] == "t");
  // Again on top of itself only from an emptied account.
  CHECK_THROWS_WITH(host.load(scenario, "444455556666", false), Catch::Contains("already has t: load it with reset"));
  const auto before = ids_of(group_id("444455556666"));
  host.load(scenario, "444455556666", true);
  CHECK(ids_of(group_id("444455556666")) == before);  // the same seed, the same ids, once each
  CHECK(group_id("444455556666").size() == before.size());

  // Grading a student who has not started does not stand in for their first request.
  CHECK(host.grade(*scenario, "777788889999").size() == 4);
  CHECK(store.ensure_account("777788889999", "2026-12-02T00:00:00.000Z"));
}

TEST_CASE("a setup that fails is refused when the scenario is loaded, naming the step", "[scenarios]") {
  store::Store store(":memory:");
  sim::SimClock clock;
  sim::Settings settings;
  scenarios::ScenarioHost host(test_catalog(), store, clock, settings, "ap-northeast-2");
  const auto bad = std::make_shared<const scenarios::Scenario>(scenarios::parse_scenario(json::parse(R"({
    "name": "bad", "title": {"en": "T", "ko": "티"},
    "setup": [{"call": "RunInstances", "input": {"ImageId": "ami-0000000000000dead", "MinCount": 1, "MaxCount": 1}}]})")));
  CHECK_THROWS_WITH(host.load(bad, "", false), Catch::StartsWith("setup[0] (RunInstances): InvalidAMIID."));
  CHECK(host.status()["scenario"].is_null());
  CHECK(store.accounts().empty());  // the trial ran elsewhere
  const auto quota = std::make_shared<const scenarios::Scenario>(
      scenarios::parse_scenario(minimal_with("quotas", {{"vcpus-standard", 4}})));
  CHECK_THROWS_WITH(host.load(quota, "", false), Catch::Contains("quotas are set when a server starts"));
}

TEST_CASE("a timeline without setup still starts for each new account", "[scenarios]") {
  store::Store store(":memory:");
  sim::SimClock clock;
  sim::Settings settings;
  scenarios::ScenarioHost host(test_catalog(), store, clock, settings, "ap-northeast-2");
  host.load_for_new_accounts(std::make_shared<const scenarios::Scenario>(scenarios::parse_scenario(json::parse(R"({
    "name": "t", "title": {"en": "T", "ko": "티"},
    "timeline": [{"id": "outage", "at": "1m", "az_impairment": {"zone": "ap-northeast-2a", "for": "10m"}}]})"))));
  host.on_new_account("111122223333");
  const auto faults = store.list({"111122223333", "ap-northeast-2"}, "fault");
  REQUIRE(faults.size() == 1);
  CHECK(faults[0]["Type"] == "az_impairment");
  CHECK(faults[0]["Phase"] == "waiting");
}
