// `connect`: reaching running instances from outside, as a student reaches an EC2
// instance. Each instance someone asks to connect to gets an SSH port of its own on the
// server's address (GET /_ec2sim/instances/{id}/connect, `ec2sim connect-info`); a
// connection to it is checked against the instance's security groups (tcp/22 from the
// client's address: otherwise no answer at all, and the client times out as on AWS), then
// served by connect/ssh_session in the instance's sandbox (connect/sandbox.hpp), started on
// first login and ended when the instance stops, reboots or terminates.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "connect/sandbox.hpp"
#include "sim/clock.hpp"
#include "sim/store/store.hpp"

namespace ec2sim::connect {

struct ConnectInfo {
  int status = 200;     // 200, 404 (no such instance), 409 (not running), 503 (connect is off)
  std::string message;  // why not, when not 200
  std::string host;     // the address ssh connects to; "" when the server listens on every address
  int port = 0;
  std::string user;     // the AMI's login user
};

// The console's browser terminal (EC2 Instance Connect): who asks, for what.
struct TerminalRequest {
  std::string instance_id;
  std::string account, region;  // the signed-in caller's: another's instance is not found
  std::string user;             // the guest user to log in as ("ec2-user")
  std::string peer_address;     // the browser's address, which the security groups must allow on tcp/22
  unsigned short cols = 80, rows = 24;
};

// A login shell running in the instance's sandbox on a terminal, or why not.
struct TerminalSession {
  int status = 200;        // 200; 404, 409, 403 (security groups, unknown user), 503 (connect is off or failed)
  std::string error;       // an error code, when not 200
  std::string message;
  int terminal = -1;       // the PTY's master (the caller closes it)
  pid_t pid = -1;          // the shell (the caller waits for it)
  std::shared_ptr<Sandbox> sandbox;  // held while the shell runs
};

class ConnectService {
 public:
  ConnectService(boost::asio::io_context& ioc, store::Store& store, const catalog::Catalog& catalog,
                 const sim::SimClock& clock, const sim::Settings& settings, boost::asio::ip::address address,
                 SandboxHost host);
  ~ConnectService();

  // "" when instances can be connected to; otherwise why not (said once at start).
  const std::string& unavailable() const { return unavailable_; }

  // The port instance `id` answers SSH on, opened now if it runs.
  ConnectInfo info(const std::string& instance_id);
  // The instance a name of the ProxyCommand's (public DNS name or IP, private IP, id) means.
  std::string instance_named(const std::string& host);

  // A login shell for the browser terminal, checked as an SSH login would be: the instance
  // runs and is the caller's, its security groups allow tcp/22 from the browser's address,
  // and the guest has the user.
  TerminalSession open_terminal(const TerminalRequest& request);

  // An instance with user data booted (sim::Settings::on_guest_boot): its user data runs
  // at the next tick, in its sandbox, if this is its first boot.
  void boot(const std::string& instance_id);

  // The scheduler's second: instances that stopped, rebooted or went lose their sandbox
  // (every process in it ends) and their port.
  void tick();

  // Closes every port and ends every sandbox.
  void stop();

 private:
  struct Guest;
  // The instance's port and sandbox holder, made if missing (under mutex_); null when no port
  // can be opened.
  std::shared_ptr<Guest> guest_for(const sim::ConnectTarget& target);
  // The instance's connect view (nullopt: none, or connect is off), and why it cannot be
  // logged in to now (nullopt: it can).
  std::optional<sim::ConnectTarget> target_of(const std::string& instance_id);
  std::optional<ConnectInfo> login_refusal(const std::optional<sim::ConnectTarget>& target,
                                           const std::string& instance_id) const;
  void run_user_data(const std::string& instance_id);
  void accept(const std::shared_ptr<Guest>& guest);
  void serve(int fd, std::string instance_id);
  std::shared_ptr<Sandbox> sandbox_for(const sim::ConnectTarget& target);
  // Records a login (SshLogin, sim/event_log.hpp) `via` "ssh" or "browser".
  void logged_in(const sim::ConnectTarget& target, const char* via);
  void accept_power(const std::shared_ptr<Guest>& guest);
  // The guest's `shutdown` ("halt") or `reboot`: "ok <state>\n" or "error: …\n".
  std::string power(const std::string& instance_id, const std::string& action);

  boost::asio::io_context& ioc_;
  store::Store& store_;
  const catalog::Catalog& catalog_;
  const sim::SimClock& clock_;
  const sim::Settings& settings_;
  boost::asio::ip::address address_;
  SandboxHost host_;
  std::string unavailable_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Guest>> guests_;  // by instance id
  std::mutex booted_mutex_;
  std::vector<std::string> booted_;  // instances whose user data may run (under booted_mutex_)
  std::atomic<int> connections_ = 0;
  std::atomic<bool> stopping_ = false;
};

}  // namespace ec2sim::connect
