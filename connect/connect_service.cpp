#include "connect/connect_service.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/strand.hpp>
#include <thread>

#include "connect/authorized_keys.hpp"
#include "connect/imds.hpp"
#include "connect/peer_address.hpp"
#include "connect/ssh_session.hpp"
#include "sim/connect_target.hpp"
#include "sim/event_log.hpp"
#include "sim/time_format.hpp"
#include "sim/instance_lifecycle.hpp"

namespace ec2sim::connect {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr const char* kImdsAddress = "169.254.169.254";

// Connections served at once, across instances (each is a thread and a process or two).
constexpr int kMaxConnections = 256;
// How long a refused connection is held without an answer: longer than ssh's own
// ConnectTimeout would wait, so the client gives up first, as against a dropped SYN.
constexpr int kHoldRefusedMs = 130'000;

// Waits, saying nothing, until the client gives up (or kHoldRefusedMs passes, or the server
// stops).
void hold_silently(int fd, const std::atomic<bool>& stopping) {
  pollfd p{fd, POLLIN | POLLRDHUP, 0};
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(kHoldRefusedMs);
  while (std::chrono::steady_clock::now() < until && !stopping) {
    if (::poll(&p, 1, 1000) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR))) break;
    if (p.revents & POLLIN) {  // a client that talks first: read and ignore
      char sink[512];
      if (::read(fd, sink, sizeof sink) <= 0) break;
    }
  }
  ::close(fd);
}

ConnectInfo refused(int status, std::string message) {
  ConnectInfo out;
  out.status = status;
  out.message = std::move(message);
  return out;
}

}  // namespace

struct ConnectService::Guest : std::enable_shared_from_this<ConnectService::Guest> {
  std::string instance_id;
  std::string boot;
  net::strand<net::io_context::executor_type> strand;  // the acceptor's operations, one at a time
  tcp::acceptor acceptor;
  int port = 0;
  std::shared_ptr<Sandbox> sandbox;
  net::local::stream_protocol::acceptor power;  // the guest's shutdown and reboot (connect/guest/power)
  std::shared_ptr<ImdsServer> imds;             // 169.254.169.254 inside the sandbox
  explicit Guest(net::io_context& ioc) : strand(net::make_strand(ioc)), acceptor(strand), power(strand) {}
  // Closes the port (on its strand: an accept may be under way) and ends the sandbox.
  void end() {
    net::post(strand, [self = shared_from_this()] {
      boost::system::error_code ignored;
      self->acceptor.close(ignored);
      self->power.close(ignored);
    });
    stop_imds(imds);
    if (sandbox) sandbox->end();
  }
};

ConnectService::ConnectService(net::io_context& ioc, store::Store& store, const catalog::Catalog& catalog,
                               const sim::SimClock& clock, const sim::Settings& settings, net::ip::address address,
                               SandboxHost host)
    : ioc_(ioc), store_(store), catalog_(catalog), clock_(clock), settings_(settings), address_(address),
      host_(std::move(host)) {
  if (settings.data_dir.empty()) unavailable_ = "guest storage is off (no data directory)";
  else unavailable_ = sandbox_unavailable_reason(host_);
}

ConnectService::~ConnectService() { stop(); }

std::string ConnectService::instance_named(const std::string& host) { return sim::instance_named_by_host(store_, host); }

// Why `target` (the instance `instance_id`, or nullopt when it does not exist) cannot be
// logged in to now — connect off (503), no such instance (404), not running or Windows
// (409) — or nullopt when it can. The one check ssh's port and the browser terminal share.
std::optional<ConnectInfo> ConnectService::login_refusal(const std::optional<sim::ConnectTarget>& target,
                                                         const std::string& instance_id) const {
  if (!unavailable_.empty()) return refused(503, "connect is off on this server: " + unavailable_);
  if (!target) return refused(404, "The instance ID '" + instance_id + "' does not exist");
  if (target->state != "running")
    return refused(409, "The instance '" + instance_id + "' is " + target->state + "; only a running instance can be connected to");
  if (target->login_user.empty()) return refused(409, "The instance '" + instance_id + "' runs Windows: no SSH (use RDP's GetPasswordData)");
  return std::nullopt;
}

std::optional<sim::ConnectTarget> ConnectService::target_of(const std::string& instance_id) {
  if (!unavailable_.empty()) return std::nullopt;
  return sim::connect_target(store_, catalog_, clock_.now(), settings_, instance_id);
}

ConnectInfo ConnectService::info(const std::string& instance_id) {
  const auto target = target_of(instance_id);
  if (auto refusal = login_refusal(target, instance_id)) return *refusal;
  std::lock_guard lock(mutex_);
  const auto guest = guest_for(*target);
  if (!guest) return refused(503, "cannot open an SSH port on " + address_.to_string());
  return {200, "", address_.is_unspecified() ? "" : plain_address(address_), guest->port, target->login_user};
}

std::shared_ptr<ConnectService::Guest> ConnectService::guest_for(const sim::ConnectTarget& target) {
  auto& guest = guests_[target.instance_id];
  if (guest && guest->boot != target.boot) {  // restarted since its port opened
    guest->end();
    guest.reset();
  }
  if (guest) return guest;
  auto made = std::make_shared<Guest>(ioc_);
  made->instance_id = target.instance_id;
  made->boot = target.boot;
  boost::system::error_code ec;
  made->acceptor.open(address_.is_v6() ? tcp::v6() : tcp::v4(), ec);
  if (!ec) made->acceptor.bind({address_, 0}, ec);
  if (!ec) made->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    guests_.erase(target.instance_id);
    return nullptr;
  }
  made->port = made->acceptor.local_endpoint().port();
  net::post(made->strand, [this, made] { accept(made); });
  guest = made;
  return made;
}

TerminalSession ConnectService::open_terminal(const TerminalRequest& r) {
  TerminalSession out;
  auto fail = [&out](int status, std::string error, std::string message) {
    out.status = status;
    out.error = std::move(error);
    out.message = std::move(message);
    return std::move(out);
  };
  try {
    auto target = target_of(r.instance_id);
    if (target && (target->account != r.account || target->region != r.region)) target.reset();  // not theirs: not found
    if (auto refusal = login_refusal(target, r.instance_id))
      return fail(refusal->status, refusal->status == 404   ? "InvalidInstanceID.NotFound"
                                   : refusal->status == 409 ? "IncorrectInstanceState"
                                                            : "ConnectUnavailable",
                  refusal->message);
    if (!sim::inbound_allows(target->inbound_rules, r.peer_address, 22))
      return fail(403, "SecurityGroupDenied",
                  "Error establishing SSH connection to your instance: none of its security groups allows SSH (TCP port 22) "
                  "from " + r.peer_address + ". Add an inbound rule for it, then try again.");
    const auto home = home_of(target->root, r.user);
    if (!home || r.user == "root")
      return fail(403, "AuthFailure", r.user == "root" ? "root cannot log in this way: log in as " + target->login_user + " and use sudo"
                                                       : "the instance has no user '" + r.user + "' (its AMI's user is " +
                                                             target->login_user + ")");
    {
      std::lock_guard lock(mutex_);
      if (!guest_for(*target)) return fail(503, "ConnectUnavailable", "cannot reach the instance's guest");
    }
    out.sandbox = sandbox_for(*target);
    auto [master, slave] = out.sandbox->open_terminal(winsize{r.rows, r.cols, 0, 0});
    GuestProcess p;
    p.argv = {"/usr/bin/bash", "--login"};
    p.env = login_environment(r.user, *home);
    p.env.push_back("TERM=xterm-256color");
    p.directory = *home;
    p.stdin_fd = p.stdout_fd = p.stderr_fd = slave;
    p.controlling_terminal = true;
    try {
      out.pid = out.sandbox->spawn(p);
    } catch (...) {
      ::close(master);
      ::close(slave);
      throw;
    }
    ::close(slave);
    out.terminal = master;
    logged_in(*target, "browser");
  } catch (const std::exception& e) {  // the store, the disk or the sandbox failed us
    std::fprintf(stderr, "ec2sim: connect %s: %s\n", r.instance_id.c_str(), e.what());
    return fail(503, "ConnectUnavailable", std::string("the instance's shell could not start: ") + e.what());
  }
  return out;
}

void ConnectService::boot(const std::string& instance_id) {
  // Called while the store's write lock is held (after commit): only queues, under a lock of
  // its own, which nothing holds while waiting for the store.
  std::lock_guard lock(booted_mutex_);
  booted_.push_back(instance_id);
}

void ConnectService::run_user_data(const std::string& instance_id) {
  const auto target = sim::connect_target(store_, catalog_, clock_.now(), settings_, instance_id);
  if (!target || target->state != "running" || target->user_data.empty() || target->login_user.empty()) return;
  std::shared_ptr<Sandbox> box;
  {
    std::lock_guard lock(mutex_);
    if (!guest_for(*target)) return;
  }
  box = sandbox_for(*target);
  // cloud-init (connect/guest_commands.hpp) reads the user data from IMDS and keeps its own
  // once-per-instance mark on the root volume.
  GuestProcess p;
  p.argv = {"/usr/bin/python3", "/usr/local/bin/cloud-init", target->login_user};
  p.env = {"PATH=/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin", "HOME=/root", "LANG=C.UTF-8"};
  p.as_root = true;
  const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null < 0) throw std::runtime_error("cannot open /dev/null");
  p.stdin_fd = p.stdout_fd = p.stderr_fd = null;
  pid_t pid = -1;
  try {
    pid = box->spawn(p);
  } catch (...) {
    ::close(null);
    throw;
  }
  ::close(null);
  reap_in_background(pid);
}

void ConnectService::accept(const std::shared_ptr<Guest>& guest) {
  guest->acceptor.async_accept([this, guest](const boost::system::error_code& ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !guest->acceptor.is_open()) return;
    if (!ec) {
      if (connections_.load() >= kMaxConnections || stopping_) {
        socket.close();
      } else {
        ++connections_;
        std::thread([this, fd = socket.release(), id = guest->instance_id] {
          serve(fd, id);
          --connections_;
        }).detach();
      }
    }
    accept(guest);
  });
}

void ConnectService::serve(int fd, std::string instance_id) {
  sockaddr_storage peer_address{}, local_address{};
  socklen_t peer_length = sizeof peer_address, local_length = sizeof local_address;
  ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer_address), &peer_length);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&local_address), &local_length);
  tcp::endpoint peer_endpoint, local_endpoint;
  std::memcpy(peer_endpoint.data(), &peer_address, std::min<std::size_t>(peer_length, sizeof peer_address));
  std::memcpy(local_endpoint.data(), &local_address, std::min<std::size_t>(local_length, sizeof local_address));
  const SshPeer peer{plain_address(peer_endpoint.address()), peer_endpoint.port(), plain_address(local_endpoint.address()),
                     local_endpoint.port()};
  std::optional<sim::ConnectTarget> target;
  try {
    target = sim::connect_target(store_, catalog_, clock_.now(), settings_, instance_id);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ec2sim: connect %s: %s\n", instance_id.c_str(), e.what());
  }
  if (!target || target->state != "running") {  // stopped since: refused, as a stopped instance's address is
    ::close(fd);
    return;
  }
  if (!sim::inbound_allows(target->inbound_rules, peer.address, 22)) {
    hold_silently(fd, stopping_);
    return;
  }
  serve_ssh_connection(fd, *target, peer, [this, &target] {
    auto sandbox = sandbox_for(*target);
    logged_in(*target, "ssh");
    return sandbox;
  }, stopping_);
}

void ConnectService::logged_in(const sim::ConnectTarget& target, const char* via) {
  if (!settings_.events) return;
  settings_.events->record(target.account, {sim::format_iso8601(clock_.now()), target.region, "SshLogin", {},
                                            std::string("by ") + via, {target.instance_id}});
}

std::shared_ptr<Sandbox> ConnectService::sandbox_for(const sim::ConnectTarget& target) {
  std::lock_guard lock(mutex_);
  auto it = guests_.find(target.instance_id);
  if (it == guests_.end() || it->second->boot != target.boot)
    throw std::runtime_error("the instance restarted while connecting");
  auto& guest = *it->second;
  if (!guest.sandbox || !guest.sandbox->alive()) {
    stop_imds(guest.imds);
    guest.sandbox = Sandbox::start(host_, target);
    try {
      guest.imds = serve_imds(ioc_, guest.sandbox->listen_inside(kImdsAddress, 80),
                              [this, id = target.instance_id] { return sim::instance_metadata(store_, id); });
    } catch (const std::exception& e) {
      std::fprintf(stderr, "ec2sim: connect %s: no instance metadata service: %s\n", target.instance_id.c_str(), e.what());
    }
    net::post(guest.strand, [this, g = it->second, path = guest.sandbox->run_dir() / "power.sock"] {
      boost::system::error_code ec;
      g->power.close(ec);
      g->power.open(net::local::stream_protocol(), ec);
      if (!ec) g->power.bind(path.string(), ec);
      if (!ec) g->power.listen(4, ec);
      if (ec) std::fprintf(stderr, "ec2sim: connect %s: no power socket: %s\n", g->instance_id.c_str(), ec.message().c_str());
      else accept_power(g);
    });
  }
  return guest.sandbox;
}

void ConnectService::accept_power(const std::shared_ptr<Guest>& guest) {
  guest->power.async_accept([this, guest](const boost::system::error_code& ec, net::local::stream_protocol::socket socket) {
    if (ec == net::error::operation_aborted || !guest->power.is_open()) return;
    if (!ec) {
      auto peer = std::make_shared<net::local::stream_protocol::socket>(std::move(socket));
      auto line = std::make_shared<std::string>();
      net::async_read_until(*peer, net::dynamic_buffer(*line, 64), '\n',
                            [this, guest, peer, line](const boost::system::error_code& error, std::size_t length) {
                              if (error) return;
                              const std::string action = line->substr(0, length - 1);
                              auto answer = std::make_shared<std::string>(power(guest->instance_id, action));
                              net::async_write(*peer, net::buffer(*answer), [peer, answer](auto&&...) {});
                            });
    }
    accept_power(guest);
  });
}

std::string ConnectService::power(const std::string& instance_id, const std::string& action) {
  try {
    const auto now = clock_.now();
    if (action == "halt") return "ok " + sim::instance_initiated_shutdown(store_, catalog_, now, settings_, instance_id) + "\n";
    if (action == "reboot") return "ok " + sim::instance_initiated_reboot(store_, catalog_, now, settings_, instance_id) + "\n";
    return "error: unknown action " + action + "\n";
  } catch (const std::exception& e) {
    return std::string("error: ") + e.what() + "\n";
  }
}

void ConnectService::tick() {
  std::vector<std::string> booted;
  {
    std::lock_guard lock(booted_mutex_);
    booted.swap(booted_);
  }
  // The store is read without mutex_ held: a write's after-commit (boot above) may be
  // waiting for nothing but the store's lock, and ours.
  std::vector<std::shared_ptr<Guest>> guests, ended;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, guest] : guests_) guests.push_back(guest);
  }
  for (const auto& guest : guests) {
    const auto state = sim::guest_state(store_, guest->instance_id);
    if (!state || state->state != "running" || state->boot != guest->boot) ended.push_back(guest);
  }
  {
    std::lock_guard lock(mutex_);
    for (const auto& guest : ended)
      if (auto it = guests_.find(guest->instance_id); it != guests_.end() && it->second == guest) guests_.erase(it);
  }
  for (auto& guest : ended) guest->end();
  if (!unavailable_.empty()) return;
  for (const auto& id : booted) {
    try {
      run_user_data(id);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "ec2sim: connect %s: user data not run: %s\n", id.c_str(), e.what());
    }
  }
}

void ConnectService::stop() {
  stopping_ = true;
  std::map<std::string, std::shared_ptr<Guest>> all;
  {
    std::lock_guard lock(mutex_);
    all.swap(guests_);
  }
  for (auto& [id, guest] : all) guest->end();
  // The connection threads use this object: they notice `stopping_` within a second.
  for (int i = 0; i < 100 && connections_ > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

}  // namespace ec2sim::connect
