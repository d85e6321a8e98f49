// `ec2sim serve`: builds the catalog, store, clock and dispatcher from the options, serves
// HTTP on a thread pool, runs the one-second scheduler, and stops gracefully on a signal.
#include "cli/serve.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <optional>
#include <iostream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <openssl/rand.h>

#include "api/dispatcher.hpp"
#include "api/http_server.hpp"
#include "api/sigv4.hpp"
#include "catalog/catalog.hpp"
#include "connect/connect_service.hpp"
#include "connect/guest_commands.hpp"
#include "scenarios/scenario_host.hpp"
#include "sim/event_log.hpp"
#include "sim/store/store.hpp"
#include "sim/timed_kinds.hpp"

namespace ec2sim::cli {
namespace {

// A token for the control routes: 32 random hex digits.
std::string random_token() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness for the admin token");
  return ec2sim::api::hex_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

// A directory of our own under /tmp, gone when the server stops.
struct TemporaryDir {
  std::filesystem::path path;
  explicit TemporaryDir(const std::string& prefix) {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot make a temporary directory in /tmp");
    path = pattern;
  }
  ~TemporaryDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

// Where guests' files live: --data-dir, else `<db>.d` beside the database, else (with
// --memory) a temporary directory that goes when the server stops.
struct DataDir {
  std::filesystem::path path;
  std::optional<TemporaryDir> temporary;
  explicit DataDir(const ServeOptions& o) {
    if (!o.data_dir.empty()) {
      path = o.data_dir;
    } else if (!o.memory) {
      path = o.db + ".d";
    } else {
      path = temporary.emplace("ec2sim").path;
    }
    std::filesystem::create_directories(path);
  }
};

}  // namespace

int serve(const ServeOptions& o) {
  namespace net = boost::asio;
  const auto catalog = catalog::Catalog::load_builtin();
  if (!catalog.find_region(o.region)) {
    std::cerr << "ec2sim: unknown region " << o.region << "\n";
    return 2;
  }
  store::Store store(o.memory ? ":memory:" : o.db);
  sim::SimClock clock;
  if (auto offset = store.meta("clock_offset_ms")) clock.advance(std::chrono::milliseconds(std::stoll(*offset)));
  // A scenario is read before anything starts: a mistake in it stops the server here.
  std::shared_ptr<const scenarios::Scenario> scenario;
  if (!o.scenario.empty()) {
    std::ifstream in(o.scenario, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      std::cerr << "ec2sim: cannot read the scenario " << o.scenario << "\n";
      return 2;
    }
    try {
      scenario = std::make_shared<const scenarios::Scenario>(scenarios::parse_scenario_text(text.str()));
    } catch (const scenarios::ScenarioError& e) {
      std::cerr << "ec2sim: scenario " << o.scenario << ": " << e.what() << "\n";
      return 2;
    }
  }
  sim::Settings settings;
  settings.timing = o.timing == "instant" ? sim::Timing::instant() : sim::Timing::realistic();
  // The scenario's quotas are the class's; --quota still has the last word.
  if (scenario)
    for (const auto& [name, value] : scenario->quotas) settings.quotas.set(name + "=" + std::to_string(value));
  for (const auto& q : o.quotas) settings.quotas.set(q);
  sim::EventLog events;
  settings.events = &events;
  const DataDir data_dir(o);
  settings.data_dir = data_dir.path;
  boost::system::error_code ec;
  auto address = net::ip::make_address(o.host, ec);
  if (ec) {
    std::cerr << "ec2sim: --host " << o.host << " is not an IP address\n";
    return 2;
  }
  net::io_context ioc(static_cast<int>(o.threads));
  // A peer that goes away mid-write (an ssh client, a guest's pipe) is an error to handle,
  // not the end of the server.
  std::signal(SIGPIPE, SIG_IGN);
  // connect: SSH into running instances, each in a sandbox (connect/connect_service.hpp).
  const TemporaryDir connect_dir("ec2sim-connect");
  connect::SandboxHost sandbox_host;
  sandbox_host.guest_bin = connect_dir.path / "guest-bin";
  sandbox_host.run_dir = connect_dir.path / "run";
  connect::write_guest_commands(sandbox_host.guest_bin);
  connect::ConnectService connect(ioc, store, catalog, clock, settings, address, sandbox_host);
  settings.on_guest_boot = [&connect](const std::string& instance_id) { connect.boot(instance_id); };
  if (!connect.unavailable().empty())
    std::fprintf(stderr, "ec2sim: connect (ssh into instances) is off: %s; everything else works\n",
                 connect.unavailable().c_str());
  api::DispatcherOptions options;
  options.default_region = o.region;
  options.settings = settings;
  options.admin_token = o.admin_token;
  options.rate_limit = o.rate_limit;
  if (o.auth == "strict") {
    if (o.credentials.empty()) {
      std::cerr << "ec2sim: --auth strict needs --credentials FILE\n";
      return 2;
    }
    options.auth.mode = api::AuthMode::strict;
    options.auth.credentials = api::CredentialFile::load(o.credentials);
  }
  // Whoever can reach the server may not reset it or read guests' disks: beyond loopback,
  // or with accounts to keep apart, the control routes need a token.
  std::string admin_note;
  if (options.admin_token.empty() && (!address.is_loopback() || o.auth == "strict")) {
    options.admin_token = random_token();
    admin_note = ", admin token " + options.admin_token;
  }
  options.connect = &connect;
  scenarios::ScenarioHost scenario_host(catalog, store, clock, settings, o.region);
  if (scenario) {
    try {
      scenario_host.load_for_new_accounts(scenario);
    } catch (const scenarios::ScenarioError& e) {
      std::cerr << "ec2sim: scenario " << o.scenario << ": " << e.what() << "\n";
      return 2;
    }
  }
  if (o.auth == "strict") {
    std::map<std::string, std::string> roster;
    for (const auto* entry : options.auth.credentials.entries())
      roster.emplace(entry->account_id, entry->name.empty() ? entry->access_key : entry->name);
    scenario_host.set_roster(std::move(roster));
  }
  options.scenarios = &scenario_host;
  api::Dispatcher dispatcher(catalog, store, clock, std::move(options));

  api::HttpServer server(ioc, {address, o.port}, dispatcher, {o.body_limit, o.read_timeout, !o.quiet, o.max_connections});
  server.start();

  // The scheduler: transitions happen on time even when nobody is asking.
  net::steady_timer tick(ioc);
  std::function<void()> schedule = [&] {
    tick.expires_after(std::chrono::seconds(1));
    tick.async_wait([&](const boost::system::error_code& error) {
      if (error) return;
      try {
        sim::settle_all(store, catalog, clock.now(), settings);
        connect.tick();
        if (o.evict_after > 0) store.evict_idle(std::chrono::seconds(o.evict_after));
      } catch (const std::exception& e) {
        std::fprintf(stderr, "ec2sim: scheduler: %s\n", e.what());
      }
      schedule();
    });
  };
  schedule();

  // Graceful stop: stop accepting, give in-flight requests a moment, then end the loop;
  // the store closes (and checkpoints its WAL) as it goes out of scope.
  net::signal_set signals(ioc, SIGINT, SIGTERM);
  net::steady_timer drain(ioc);
  signals.async_wait([&](const boost::system::error_code& error, int signal) {
    if (error) return;
    std::fprintf(stderr, "ec2sim: signal %d, stopping\n", signal);
    server.stop();
    connect.stop();
    tick.cancel();
    drain.expires_after(std::chrono::milliseconds(200));
    drain.async_wait([&](const boost::system::error_code&) { ioc.stop(); });
  });

  auto bound = server.local_endpoint();
  const std::string scenario_note = scenario ? ", scenario " + scenario->name : "";
  std::printf("ec2sim ready on http://%s:%u (region %s, %s, auth %s%s%s)\n", bound.address().to_string().c_str(),
              bound.port(), o.region.c_str(), o.memory ? "in-memory state" : ("state in " + o.db).c_str(),
              o.auth.c_str(), scenario_note.c_str(), admin_note.c_str());
  std::fflush(stdout);

  std::vector<std::thread> workers;
  for (unsigned i = 1; i < o.threads; ++i) workers.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& w : workers) w.join();
  std::fprintf(stderr, "ec2sim: stopped\n");
  return 0;
}

}  // namespace ec2sim::cli
