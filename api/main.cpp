// ec2sim's command line: `ec2sim serve` runs the server until SIGINT/SIGTERM.
#include <filesystem>
#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <openssl/rand.h>

#include "api/dispatcher.hpp"
#include "api/http_server.hpp"
#include "api/sigv4.hpp"
#include "catalog/catalog.hpp"
#include "sim/instance_lifecycle.hpp"
#include "sim/store/store.hpp"

namespace {

struct ServeOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 4566;
  std::string db = "ec2sim.db";
  bool memory = false;
  std::string region = "ap-northeast-2";
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::size_t body_limit = 1 << 20;
  int read_timeout = 60;
  bool quiet = false;
  std::string timing = "realistic";
  std::vector<std::string> quotas;  // NAME=VALUE
  double rate_limit = 0;
  std::size_t max_connections = 1024;
  int evict_after = 60;
  std::string data_dir;  // empty: next to --db, or a temporary one with --memory
  std::string auth = "open";
  std::string credentials;
  std::string admin_token;  // empty: made up at start when one is needed
};

// A token for the control routes: 32 random hex digits.
std::string random_token() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness for the admin token");
  return ec2sim::api::hex_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

// Where guests' files live: --data-dir, else `<db>.d` beside the database, else (with
// --memory) a temporary directory that goes when the server stops.
struct DataDir {
  std::filesystem::path path;
  bool temporary = false;
  explicit DataDir(const ServeOptions& o) {
    if (!o.data_dir.empty()) {
      path = o.data_dir;
    } else if (!o.memory) {
      path = o.db + ".d";
    } else {
      std::string pattern = (std::filesystem::temp_directory_path() / "ec2sim-XXXXXX").string();
      if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot make a temporary data directory");
      path = pattern;
      temporary = true;
    }
    std::filesystem::create_directories(path);
  }
  ~DataDir() {
    std::error_code ignored;
    if (temporary) std::filesystem::remove_all(path, ignored);
  }
};

int serve(const ServeOptions& o) {
  using namespace ec2sim;
  namespace net = boost::asio;
  const auto catalog = catalog::Catalog::load_builtin();
  if (!catalog.find_region(o.region)) {
    std::cerr << "ec2sim: unknown region " << o.region << "\n";
    return 2;
  }
  store::Store store(o.memory ? ":memory:" : o.db);
  sim::SimClock clock;
  if (auto offset = store.meta("clock_offset_ms")) clock.advance(std::chrono::milliseconds(std::stoll(*offset)));
  sim::Settings settings;
  settings.timing = o.timing == "instant" ? sim::Timing::instant() : sim::Timing::realistic();
  for (const auto& q : o.quotas) settings.quotas.set(q);
  const DataDir data_dir(o);
  settings.data_dir = data_dir.path;
  boost::system::error_code ec;
  auto address = net::ip::make_address(o.host, ec);
  if (ec) {
    std::cerr << "ec2sim: --host " << o.host << " is not an IP address\n";
    return 2;
  }
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
  api::Dispatcher dispatcher(catalog, store, clock, std::move(options));

  net::io_context ioc(static_cast<int>(o.threads));
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
    tick.cancel();
    drain.expires_after(std::chrono::milliseconds(200));
    drain.async_wait([&](const boost::system::error_code&) { ioc.stop(); });
  });

  auto bound = server.local_endpoint();
  std::printf("ec2sim ready on http://%s:%u (region %s, %s, auth %s%s)\n", bound.address().to_string().c_str(),
              bound.port(), o.region.c_str(), o.memory ? "in-memory state" : ("state in " + o.db).c_str(),
              o.auth.c_str(), admin_note.c_str());
  std::fflush(stdout);

  std::vector<std::thread> workers;
  for (unsigned i = 1; i < o.threads; ++i) workers.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& w : workers) w.join();
  std::fprintf(stderr, "ec2sim: stopped\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Responses of a few hundred KiB (a page of instance types) are built per request; keep
  // such buffers in the heap instead of mmap/munmap-ing (and page-faulting) each one.
  mallopt(M_MMAP_THRESHOLD, 8 << 20);
  mallopt(M_TRIM_THRESHOLD, 32 << 20);
  CLI::App app{"ec2sim: an offline Amazon EC2 simulator that speaks the EC2 Query API"};
  app.require_subcommand(1);
  ServeOptions o;
  auto* serve_cmd = app.add_subcommand("serve", "Run the EC2 endpoint until SIGINT/SIGTERM");
  serve_cmd->add_option("--host", o.host, "IP address to listen on")->capture_default_str();
  serve_cmd->add_option("--port", o.port, "TCP port to listen on (0: any free port, printed when ready)")->capture_default_str();
  auto* db = serve_cmd->add_option("--db", o.db, "SQLite file that keeps state across restarts")->capture_default_str();
  serve_cmd->add_flag("--memory", o.memory, "Keep state in memory only (for tests)")->excludes(db);
  serve_cmd->add_option("--region", o.region, "Region for requests whose signature names none")->capture_default_str();
  serve_cmd->add_option("--threads", o.threads, "Worker threads")->capture_default_str()->check(CLI::Range(1u, 64u));
  serve_cmd->add_option("--body-limit", o.body_limit, "Largest request body accepted, in bytes")->capture_default_str();
  serve_cmd->add_option("--read-timeout", o.read_timeout, "Seconds an idle connection is kept open")->capture_default_str();
  serve_cmd->add_option("--timing", o.timing,
                        "How long transitions take: 'realistic' (seconds, for a class) or 'instant' (tests)")
      ->capture_default_str()
      ->check(CLI::IsMember({"realistic", "instant"}));
  std::string quota_names;
  for (const auto& q : ec2sim::sim::Quotas::known())
    quota_names += "\n    " + std::string(q.name) + " (" + std::to_string(q.default_value) + "): " + std::string(q.aws_name);
  serve_cmd->add_option("--quota", o.quotas,
                        "NAME=VALUE: set one of EC2's quotas for every account (repeat for more). Quotas and their "
                        "AWS defaults:" + quota_names)
      ->check([](const std::string& value) {
        try {
          ec2sim::sim::Quotas().set(value);
          return std::string();
        } catch (const std::invalid_argument& e) {
          return std::string(e.what());
        }
      });
  serve_cmd->add_option("--evict-after", o.evict_after,
                        "Seconds after which an account's unused documents leave memory (read back from the "
                        "database on their next use; 0: never)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1 << 30));
  serve_cmd->add_option("--data-dir", o.data_dir,
                        "Directory for the files on guests' volumes (default: <db>.d, or a temporary one with --memory)");
  serve_cmd->add_flag("--quiet", o.quiet, "No access log (one line per request on stderr otherwise)");
  serve_cmd->add_option("--auth", o.auth,
                        "'open': any credentials (a 12-digit access key is the account id); 'strict': only the keys of "
                        "--credentials, with SigV4/SigV2 signatures verified")
      ->capture_default_str()
      ->check(CLI::IsMember({"open", "strict"}));
  serve_cmd->add_option("--credentials", o.credentials,
                        "JSON file of the keys a strict server accepts: {\"credentials\": [{\"access_key\", "
                        "\"secret_key\", \"account_id\", \"name\", \"session_token\"}]}")
      ->check(CLI::ExistingFile);
  serve_cmd->add_option("--rate-limit", o.rate_limit,
                        "Requests per second each account may make, in bursts of as many (RequestLimitExceeded, HTTP "
                        "503, beyond); 0: no limit")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  serve_cmd->add_option("--max-connections", o.max_connections,
                        "Connections served at once; one more is answered 503 (RequestLimitExceeded) and closed")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
  serve_cmd->add_option("--admin-token", o.admin_token,
                        "Bearer token the control routes (/_ec2sim/…) require; made up and printed at start when the "
                        "server listens beyond loopback or runs strict");
  CLI11_PARSE(app, argc, argv);
  try {
    return serve(o);
  } catch (const ec2sim::store::StoreError& e) {  // the database cannot be used: say so, touch nothing
    std::cerr << "ec2sim: " << e.what() << "\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "ec2sim: " << e.what() << "\n";
    return 1;
  }
}
