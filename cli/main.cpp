// ec2sim's command line: `ec2sim serve` runs the server until SIGINT/SIGTERM; `reset`,
// `clock`, `check` and `load-scenario` call a running server's control routes; `version`
// says which ec2sim this is.
#include <malloc.h>

#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>

#include "api/response_encoder.hpp"
#include "cli/class_commands.hpp"
#include "cli/connect_commands.hpp"
#include "cli/control_client.hpp"
#include "cli/scenario_commands.hpp"
#include "cli/serve.hpp"
#include "sim/quotas.hpp"
#include "sim/store/schema.hpp"
#include "sim/store/store.hpp"

namespace {

using namespace ec2sim;

std::string version_text() {
  return std::string("ec2sim ") + EC2SIM_VERSION + " (EC2 API " + std::string(api::kModelVersion) +
         ", store schema " + std::to_string(store::current_schema_version()) + ")";
}

// The control-route commands' shared options: which server, and its admin token.
void add_endpoint_options(CLI::App* command, cli::ControlEndpoint& endpoint) {
  command->add_option("--endpoint", endpoint.url, "The running ec2sim's URL")->capture_default_str()->envname("EC2SIM_ENDPOINT");
  command->add_option("--admin-token", endpoint.admin_token,
                      "The admin token the server printed when it started (needed beyond loopback or in strict mode)")
      ->envname("EC2SIM_ADMIN_TOKEN");
}

}  // namespace

int main(int argc, char** argv) {
  // Responses of a few hundred KiB (a page of instance types) are built per request; keep
  // such buffers in the heap instead of mmap/munmap-ing (and page-faulting) each one.
  mallopt(M_MMAP_THRESHOLD, 8 << 20);
  mallopt(M_TRIM_THRESHOLD, 32 << 20);
  CLI::App app{"ec2sim: an offline Amazon EC2 simulator that speaks the EC2 Query API", "ec2sim"};
  app.require_subcommand(1);
  app.set_version_flag("--version", version_text());
  app.footer("`ec2sim COMMAND --help` shows a command's options.");
  cli::ServeOptions o;
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
  for (const auto& q : sim::Quotas::known())
    quota_names += "\n    " + std::string(q.name) + " (" + std::to_string(q.default_value) + "): " + std::string(q.aws_name);
  serve_cmd->add_option("--quota", o.quotas,
                        "NAME=VALUE: set one of EC2's quotas for every account (repeat for more). Quotas and their "
                        "AWS defaults:" + quota_names)
      ->check([](const std::string& value) {
        try {
          sim::Quotas().set(value);
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
  serve_cmd->add_option("--scenario", o.scenario,
                        "A scenario (scenarios/*.json): its quotas, and its setup for each account on its first request")
      ->check(CLI::ExistingFile);

  cli::ControlEndpoint endpoint;
  std::optional<std::string> account;
  auto* reset_cmd = app.add_subcommand("reset", "Forget every account and resource of a running server (or one account's)");
  add_endpoint_options(reset_cmd, endpoint);
  reset_cmd->add_option("--account", account, "Reset only this account (12 digits)");
  std::optional<std::string> advance;
  auto* clock_cmd = app.add_subcommand(
      "clock", "Show a running server's simulated time, or move it forward: `ec2sim clock +3600` (or 90m, 1h, 2d)");
  add_endpoint_options(clock_cmd, endpoint);
  clock_cmd->add_option("advance", advance, "How far to move the clock forward: +SECONDS, or with a unit m, h or d");
  cli::CheckOptions check;
  auto* check_cmd = app.add_subcommand(
      "check", "Grade an account of a running server against a scenario's checks (exit 0 only when all pass)");
  add_endpoint_options(check_cmd, endpoint);
  check_cmd->add_option("scenario", check.file, "The scenario file (scenarios/*.json)")->required()->check(CLI::ExistingFile);
  check_cmd->add_option("--account", check.account,
                        "The account to grade (default: AWS_ACCESS_KEY_ID when it is a 12-digit account id, else the "
                        "server's only account)");
  check_cmd->add_option("--lang", check.language, "ko or en (default: from LANG; ko_KR… is Korean)")
      ->check(CLI::IsMember({"ko", "en"}));
  check_cmd->add_flag("--json", check.json, "Print the results as JSON (for CI)");
  std::string scenario_file;
  bool reset_first = false;
  auto* load_cmd = app.add_subcommand(
      "load-scenario", "Load a scenario into a running server: its setup runs for every account (or one) now, and for "
                       "each new account on its first request");
  add_endpoint_options(load_cmd, endpoint);
  load_cmd->add_option("scenario", scenario_file, "The scenario file (scenarios/*.json)")->required()->check(CLI::ExistingFile);
  load_cmd->add_option("--account", account, "Only this account (12 digits)");
  load_cmd->add_flag("--reset", reset_first, "Empty those accounts first");
  cli::ClassOptions class_options;
  auto* class_cmd = app.add_subcommand("class", "Set up a classroom: `ec2sim class init --students 30`");
  class_cmd->require_subcommand(1);
  auto* class_init_cmd = class_cmd->add_subcommand(
      "init", "Write class.json (a strict server's credentials: one account per student) and a printable sheet of "
              "each student's keys (class-sheet.html, class-sheet.csv)");
  class_init_cmd->add_option("--students", class_options.students, "How many students")->required()->check(CLI::Range(1, 500));
  class_init_cmd->add_option("--prefix", class_options.prefix, "Student names: PREFIX01, PREFIX02 …")->capture_default_str();
  class_init_cmd->add_option("--dir", class_options.directory, "Where the files go")->capture_default_str();
  class_init_cmd->add_option("--endpoint", class_options.endpoint,
                             "The URL students use (default: http://<this machine's LAN address>:4566)");
  class_init_cmd->add_option("--region", class_options.region, "The Region on the sheet")->capture_default_str();
  class_init_cmd->add_flag("--force", class_options.force, "Replace the files of an earlier class");
  auto* version_cmd = app.add_subcommand("version", "Print ec2sim's version, its EC2 API version and store schema");
  std::string instance_id, proxy_host;
  bool proxy_check = false;
  auto* connect_info_cmd = app.add_subcommand(
      "connect-info", "Where ssh reaches a running instance: {\"host\": …, \"port\": …, \"user\": …}");
  add_endpoint_options(connect_info_cmd, endpoint);
  connect_info_cmd->add_option("instance-id", instance_id, "The instance (i-…)")->required();
  auto* ssh_config_cmd = app.add_subcommand(
      "ssh-config", "Print the ~/.ssh/config block that lets `ssh ec2-user@<public DNS name or IP>` reach instances");
  add_endpoint_options(ssh_config_cmd, endpoint);
  auto* ssh_proxy_cmd = app.add_subcommand("ssh-proxy", "ssh's ProxyCommand (see ssh-config): connects to HOST's instance");
  add_endpoint_options(ssh_proxy_cmd, endpoint);
  ssh_proxy_cmd->add_option("host", proxy_host, "A public DNS name or IP (or private IP, or instance id)")->required();
  ssh_proxy_cmd->add_flag("--check", proxy_check, "Only say, by the exit status, whether HOST is an instance of ec2sim");

  auto is_command = [&](const std::string& name) {
    for (const auto* command : app.get_subcommands({}))
      if (command->get_name() == name) return true;
    return false;
  };
  // `ec2sim` alone shows the commands; `ec2sim strat` says it is not one, and which are.
  if (argc == 1) {
    std::cout << app.help();
    return 2;
  }
  if (const std::string first = argv[1]; !first.starts_with('-') && !is_command(first)) {
    std::string names;
    const auto commands = app.get_subcommands({});
    for (std::size_t i = 0; i < commands.size(); ++i)
      names += (i == 0 ? "" : i + 1 == commands.size() ? " and " : ", ") + commands[i]->get_name();
    std::cerr << "ec2sim: unknown command '" << first << "'; the commands are " << names << " (`ec2sim --help`)\n";
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (version_cmd->parsed()) {
    std::cout << version_text() << "\n";
    return 0;
  }
  if (reset_cmd->parsed()) return cli::reset_command(endpoint, account);
  if (clock_cmd->parsed()) return cli::clock_command(endpoint, advance);
  if (check_cmd->parsed()) return cli::check_command(endpoint, check);
  if (class_init_cmd->parsed()) return cli::class_init_command(class_options);
  if (load_cmd->parsed()) return cli::load_scenario_command(endpoint, scenario_file, account, reset_first);
  if (connect_info_cmd->parsed()) return cli::connect_info_command(endpoint, instance_id);
  if (ssh_config_cmd->parsed()) return cli::ssh_config_command(endpoint);
  if (ssh_proxy_cmd->parsed()) return cli::ssh_proxy_command(endpoint, proxy_host, proxy_check);
  try {
    return cli::serve(o);
  } catch (const store::StoreError& e) {  // the database cannot be used: say so, touch nothing
    std::cerr << "ec2sim: " << e.what() << "\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "ec2sim: " << e.what() << "\n";
    return 1;
  }
}
