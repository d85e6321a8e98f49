#include "sim/instance_lifecycle.hpp"

#include "api/operation_table.hpp"
#include "sim/timed_kinds.hpp"
#include "test_support.hpp"

using namespace ec2sim;
using json = nlohmann::ordered_json;
using namespace std::chrono_literals;

namespace {

// An account in ap-northeast-2 whose clock the test sets by hand.
struct World {
  const catalog::Catalog& catalog = shared_catalog();
  store::Store store{":memory:"};
  sim::Settings settings;
  std::chrono::system_clock::time_point t0 = std::chrono::system_clock::time_point(std::chrono::hours(24 * 365 * 56));

  static const catalog::Catalog& shared_catalog() {
    static const catalog::Catalog c = catalog::Catalog::load_builtin();
    return c;
  }
  sim::RequestContext at(std::chrono::milliseconds after) {
    return {"123456789012", *catalog.find_region("ap-northeast-2"), catalog, store, t0 + after, settings};
  }
  std::string launch(const json& extra = json::object()) {
    auto ctx = at(0ms);
    json input = {{"ImageId", catalog.images("ap-northeast-2").front().id}, {"MinCount", 1}, {"MaxCount", 1}};
    const auto& image = catalog.images("ap-northeast-2").front().info;
    input["InstanceType"] = image.at("Architecture") == "arm64" ? "t4g.micro" : "t2.micro";
    for (const auto& [k, v] : extra.items()) input[k] = v;
    return call("RunInstances", ctx, input).at("Instances").at(0).at("InstanceId").get<std::string>();
  }
  // An operation as a request runs it (its needs first: the default network, settling).
  static json call(std::string_view action, const sim::RequestContext& ctx, const json& input) {
    return api::invoke(*api::find_implemented(action), ctx, input);
  }
  json instance(const std::string& id) { return *store.find({"123456789012", "ap-northeast-2"}, "instance", id); }
  std::string state(const std::string& id) { return instance(id).at("State").at("Name").get<std::string>(); }
};

}  // namespace

TEST_CASE_METHOD(World, "pending becomes running when its time is due, not before", "[lifecycle]") {
  auto id = launch();
  CHECK(state(id) == "pending");
  sim::settle_scope(at(4999ms));
  CHECK(state(id) == "pending");
  sim::settle_scope(at(5000ms));
  CHECK(state(id) == "running");
  CHECK(!instance(id).contains("StateReason"));
}

TEST_CASE_METHOD(World, "the scheduler settles every account and Region", "[lifecycle]") {
  auto id = launch();
  sim::settle_all(store, catalog, t0 + 10s, settings);
  CHECK(state(id) == "running");
}

TEST_CASE_METHOD(World, "stop gives up the public IP, start takes a new one", "[lifecycle]") {
  auto id = launch();
  sim::settle_scope(at(5s));
  const auto public_ip = instance(id).at("PublicIpAddress").get<std::string>();
  const auto private_ip = instance(id).at("PrivateIpAddress").get<std::string>();
  auto change = call("StopInstances", at(6s), {{"InstanceIds", {id}}}).at("StoppingInstances").at(0);
  CHECK(change.at("PreviousState").at("Name") == "running");
  CHECK(change.at("CurrentState").at("Name") == "stopping");
  CHECK(instance(id).contains("PublicIpAddress"));  // kept while stopping
  sim::settle_scope(at(11s));
  CHECK(state(id) == "stopped");
  CHECK(!instance(id).contains("PublicIpAddress"));
  CHECK(instance(id).at("PrivateIpAddress") == private_ip);
  call("StartInstances", at(12s), {{"InstanceIds", {id}}});
  sim::settle_scope(at(17s));
  CHECK(state(id) == "running");
  CHECK(instance(id).at("PrivateIpAddress") == private_ip);
  CHECK(instance(id).contains("PublicIpAddress"));
  // Stopping a stopped instance is no error; starting a stopping one is.
  call("StopInstances", at(18s), {{"InstanceIds", {id}}});
  CHECK(AWS_ERROR_CODE(call("StartInstances", at(19s), {{"InstanceIds", {id}}})) == "IncorrectInstanceState");
}

TEST_CASE_METHOD(World, "terminated instances stay an hour, then are gone with their volumes", "[lifecycle]") {
  auto id = launch({{"BlockDeviceMappings", json::array({{{"DeviceName", "/dev/sdf"},
                                                          {"Ebs", {{"VolumeSize", 10}, {"DeleteOnTermination", false}}}}})}});
  const store::Scope scope{"123456789012", "ap-northeast-2"};
  CHECK(store.list(scope, "volume").size() == 2);
  call("TerminateInstances", at(1s), {{"InstanceIds", {id}}});
  CHECK(state(id) == "shutting-down");
  sim::settle_scope(at(5s));
  CHECK(state(id) == "terminated");
  auto volumes = store.list(scope, "volume");
  REQUIRE(volumes.size() == 1);  // the root volume went; the kept one is available
  CHECK(volumes[0].at("State") == "available");
  sim::settle_scope(at(5s + 59min));
  CHECK(store.find(scope, "instance", id));
  sim::settle_scope(at(5s + 61min));
  CHECK(!store.find(scope, "instance", id));
}

TEST_CASE_METHOD(World, "several due transitions happen at once after a clock jump", "[lifecycle]") {
  auto id = launch();
  call("TerminateInstances", at(1s), {{"InstanceIds", {id}}});  // pending -> shutting-down
  sim::settle_scope(at(2h));                                   // terminated, and past its hour
  CHECK(!store.find({"123456789012", "ap-northeast-2"}, "instance", id));
}

TEST_CASE_METHOD(World, "termination protection and states without transitions", "[lifecycle]") {
  auto id = launch({{"DisableApiTermination", true}});
  CHECK(AWS_ERROR_CODE(call("TerminateInstances", at(1s), {{"InstanceIds", {id}}})) == "OperationNotPermitted");
  CHECK(state(id) == "pending");
  CHECK(sim::instance_state("stopped") == json{{"Code", 80}, {"Name", "stopped"}});
  CHECK(AWS_ERROR_CODE(sim::instance_state("sleeping")) == "InternalError");
}

TEST_CASE_METHOD(World, "an instance-initiated shutdown follows the shutdown behaviour", "[lifecycle]") {
  auto stops = launch();
  auto ends = launch({{"InstanceInitiatedShutdownBehavior", "terminate"}, {"DisableApiTermination", true}});
  CHECK(AWS_ERROR_CODE(sim::instance_initiated_shutdown(store, catalog, t0 + 1s, settings, stops)) ==
        "IncorrectInstanceState");  // still pending
  CHECK(sim::instance_initiated_shutdown(store, catalog, t0 + 6s, settings, stops) == "stopping");
  CHECK(sim::instance_initiated_shutdown(store, catalog, t0 + 6s, settings, ends) == "shutting-down");
  CHECK(instance(stops).at("StateReason").at("Code") == "Client.InstanceInitiatedShutdown");
  sim::settle_scope(at(20s));
  CHECK(state(stops) == "stopped");
  CHECK(state(ends) == "terminated");
  CHECK(AWS_ERROR_CODE(sim::instance_initiated_shutdown(store, catalog, t0 + 21s, settings, "i-0123456789abcdef0")) ==
        "InvalidInstanceID.NotFound");
}
