#include "connect/ssh_session.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include "connect/authorized_keys.hpp"

namespace ec2sim::connect {
namespace {

// Environment a client may pass (SendEnv): the locale, as sshd's default AcceptEnv.
bool accepted_env(std::string_view name) { return name == "LANG" || name.starts_with("LC_"); }

// The most of a client's input held for a process that is not reading it.
constexpr std::size_t kMaxPending = 64 << 20;

// How long a client has to log in, as sshd's LoginGraceTime.
constexpr auto kLoginGrace = std::chrono::seconds(120);

class Connection {
 public:
  Connection(ssh_session session, const sim::ConnectTarget& target, const SshPeer& peer,
             const std::function<std::shared_ptr<Sandbox>()>& sandbox, const std::atomic<bool>& stopping)
      : session_(session), target_(target), peer_(peer), sandbox_(sandbox), stopping_(stopping) {
    ssh_callbacks_init(&server_callbacks_);
    server_callbacks_.userdata = this;
    server_callbacks_.auth_pubkey_function = &Connection::on_auth_pubkey;
    server_callbacks_.channel_open_request_session_function = &Connection::on_channel_open;
    ssh_callbacks_init(&channel_callbacks_);
    channel_callbacks_.userdata = this;
    channel_callbacks_.channel_pty_request_function = &Connection::on_pty_request;
    channel_callbacks_.channel_shell_request_function = &Connection::on_shell;
    channel_callbacks_.channel_exec_request_function = &Connection::on_exec;
    channel_callbacks_.channel_env_request_function = &Connection::on_env;
    channel_callbacks_.channel_pty_window_change_function = &Connection::on_window_change;
    channel_callbacks_.channel_data_function = &Connection::on_data;
    channel_callbacks_.channel_eof_function = &Connection::on_eof;
    channel_callbacks_.channel_close_function = &Connection::on_close;
    ssh_set_server_callbacks(session_, &server_callbacks_);
  }

  ~Connection() {
    if (event_) {
      for (int fd : {terminal_, stdout_, stderr_})
        if (fd >= 0) ssh_event_remove_fd(event_, fd);
      ssh_event_remove_session(event_, session_);
    }
    for (int fd : {terminal_, stdin_, stdout_, stderr_})
      if (fd >= 0) ::close(fd);
    if (pid_ > 0 && !exited_) hang_up(pid_);  // the client left
    if (event_) ssh_event_free(event_);
  }

  void run() {
    ssh_set_auth_methods(session_, SSH_AUTH_METHOD_PUBLICKEY);
    if (ssh_handle_key_exchange(session_) != SSH_OK) return;
    event_ = ssh_event_new();
    ssh_event_add_session(event_, session_);
    const auto deadline = std::chrono::steady_clock::now() + kLoginGrace;
    while (!finished_ && !stopping_) {
      // After our close, the client's own close of the channel ends the connection (so that
      // it reads the exit status first), or a few seconds.
      if (closed_at_ && std::chrono::steady_clock::now() - *closed_at_ > std::chrono::seconds(3)) break;
      if (ssh_event_dopoll(event_, closed_at_ ? 100 : pending_.empty() ? 1000 : 20) == SSH_ERROR) break;
      flush_input();
      for (int fd : drained_) ssh_event_remove_fd(event_, fd);
      drained_.clear();
      if (pid_ < 0 && std::chrono::steady_clock::now() > deadline) break;  // logged in but never asked for a session
      if (pid_ > 0 && !exited_) reap();
    }
    if (channel_ && ssh_channel_is_open(channel_)) ssh_channel_close(channel_);
    ssh_disconnect(session_);
  }

 private:
  static Connection& self(void* userdata) { return *static_cast<Connection*>(userdata); }

  static int on_auth_pubkey(ssh_session, const char* user, ssh_key key, char state, void* userdata) {
    auto& c = self(userdata);
    char* blob = nullptr;
    if (ssh_pki_export_pubkey_base64(key, &blob) != SSH_OK) return SSH_AUTH_DENIED;
    const char* type = ssh_key_type_to_char(ssh_key_type(key));
    auto entry = find_authorized_key(c.target_.root, user, type ? type : "", blob);
    ssh_string_free_char(blob);
    if (!entry) return SSH_AUTH_DENIED;
    if (state == SSH_PUBLICKEY_STATE_NONE) return SSH_AUTH_SUCCESS;  // "this key would do": sign with it
    if (state != SSH_PUBLICKEY_STATE_VALID) return SSH_AUTH_DENIED;
    c.user_ = user;
    c.key_ = *entry;
    c.home_ = home_of(c.target_.root, user).value_or("/");
    return SSH_AUTH_SUCCESS;
  }

  static ssh_channel on_channel_open(ssh_session session, void* userdata) {
    auto& c = self(userdata);
    if (c.channel_ || !c.key_) return nullptr;  // one session per connection
    c.channel_ = ssh_channel_new(session);
    ssh_set_channel_callbacks(c.channel_, &c.channel_callbacks_);
    return c.channel_;
  }

  static int on_pty_request(ssh_session, ssh_channel, const char* term, int cols, int rows, int px, int py, void* userdata) {
    auto& c = self(userdata);
    c.term_ = term;
    c.size_ = {static_cast<unsigned short>(rows), static_cast<unsigned short>(cols), static_cast<unsigned short>(px),
               static_cast<unsigned short>(py)};
    c.want_terminal_ = true;
    return 0;
  }

  static int on_window_change(ssh_session, ssh_channel, int cols, int rows, int px, int py, void* userdata) {
    auto& c = self(userdata);
    c.size_ = {static_cast<unsigned short>(rows), static_cast<unsigned short>(cols), static_cast<unsigned short>(px),
               static_cast<unsigned short>(py)};
    if (c.terminal_ >= 0) ::ioctl(c.terminal_, TIOCSWINSZ, &c.size_);
    return 0;
  }

  static int on_env(ssh_session, ssh_channel, const char* name, const char* value, void* userdata) {
    if (!accepted_env(name)) return -1;
    self(userdata).client_env_.push_back(std::string(name) + "=" + value);
    return 0;
  }

  static int on_shell(ssh_session, ssh_channel, void* userdata) { return self(userdata).start(std::nullopt); }
  static int on_exec(ssh_session, ssh_channel, const char* command, void* userdata) {
    return self(userdata).start(std::string(command));
  }

  static int on_data(ssh_session, ssh_channel, void* data, uint32_t len, int, void* userdata) {
    auto& c = self(userdata);
    if (c.input_fd() < 0) return static_cast<int>(len);  // nothing reads: dropped, as a closed stdin would
    // What the process does not take now waits in `pending_`, written as it drains (from the
    // poll loop). A process that leaves more than kMaxPending unread loses its input, said on
    // stderr, rather than holding the server's memory.
    if (c.pending_.size() + len > kMaxPending) {
      if (!c.input_ended_) {
        const char* message = "ec2sim: the command is not reading its input: the rest of it is dropped\r\n";
        ssh_channel_write_stderr(c.channel_, message, static_cast<uint32_t>(std::strlen(message)));
      }
      c.input_ended_ = true;
      return static_cast<int>(len);
    }
    if (c.input_ended_) return static_cast<int>(len);
    c.pending_.append(static_cast<const char*>(data), len);
    c.flush_input();
    return static_cast<int>(len);
  }

  static void on_eof(ssh_session, ssh_channel, void* userdata) {
    auto& c = self(userdata);
    c.input_ended_ = true;
    c.flush_input();
  }

  // Writes what the process can take of `pending_`; closes its stdin once the client's input
  // ended and all of it is written.
  // Where the client's input goes: the terminal, or the process's stdin (-1 once closed).
  int input_fd() const { return terminal_ >= 0 ? terminal_ : stdin_; }

  void flush_input() {
    const int fd = input_fd();
    while (fd >= 0 && !pending_.empty()) {
      const ssize_t n = ::write(fd, pending_.data(), pending_.size());
      if (n > 0) pending_.erase(0, static_cast<std::size_t>(n));
      else if (n < 0 && errno == EINTR) continue;
      else if (n < 0 && errno == EAGAIN) return;
      else pending_.clear();  // nobody reads any more
    }
    if (input_ended_ && pending_.empty() && stdin_ >= 0) ::close(std::exchange(stdin_, -1));
  }

  static void on_close(ssh_session, ssh_channel, void* userdata) { self(userdata).finished_ = true; }

  // Output of the session's process, to the channel.
  static int on_output(socket_t fd, int, void* userdata) {
    auto& c = self(userdata);
    c.forward(fd);
    return 0;
  }

  // Copies what `fd` holds now to the channel; false once it is at its end.
  bool forward(int fd) {
    char buffer[16384];
    for (;;) {
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n > 0) {
        if (fd == stderr_) ssh_channel_write_stderr(channel_, buffer, static_cast<uint32_t>(n));
        else ssh_channel_write(channel_, buffer, static_cast<uint32_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) return true;
      // End of file, or EIO: the terminal's last holder is gone. Not polled any more — but
      // removed after the poll returns: removing inside its own callback breaks libssh's poll.
      if (std::find(drained_.begin(), drained_.end(), fd) == drained_.end()) drained_.push_back(fd);
      return false;
    }
  }

  std::vector<std::string> environment(const std::optional<std::string>& command) const {
    std::vector<std::string> env = login_environment(user_, home_);
    env.push_back("SSH_CLIENT=" + peer_.address + " " + std::to_string(peer_.port) + " " + std::to_string(peer_.local_port));
    env.push_back("SSH_CONNECTION=" + peer_.address + " " + std::to_string(peer_.port) + " " + peer_.local_address + " " +
                  std::to_string(peer_.local_port));
    if (want_terminal_) env.push_back("TERM=" + term_);
    if (command && !key_->forced_command.empty()) env.push_back("SSH_ORIGINAL_COMMAND=" + *command);
    for (const auto& e : client_env_) env.push_back(e);
    return env;
  }

  int start(const std::optional<std::string>& command) {
    if (pid_ > 0 || !key_) return -1;
    std::shared_ptr<Sandbox> box;
    try {
      box = sandbox_();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "ec2sim: connect %s: %s\n", target_.instance_id.c_str(), e.what());
      return -1;
    }
    GuestProcess p;
    p.env = environment(command);
    p.directory = home_;
    if (!key_->forced_command.empty()) p.argv = {"/usr/bin/bash", "-c", key_->forced_command};
    else if (command) p.argv = {"/usr/bin/bash", "-c", *command};
    else p.argv = {"/usr/bin/bash", "--login"};
    int child_in = -1, child_out = -1, child_err = -1;
    if (want_terminal_) {
      int slave = -1;
      try {
        std::tie(terminal_, slave) = box->open_terminal(size_);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "ec2sim: connect %s: %s\n", target_.instance_id.c_str(), e.what());
        return -1;
      }
      p.stdin_fd = p.stdout_fd = p.stderr_fd = slave;
      p.controlling_terminal = true;
      child_in = slave;
    } else {
      int in[2], out[2], err[2];
      if (::pipe2(in, O_CLOEXEC) || ::pipe2(out, O_CLOEXEC) || ::pipe2(err, O_CLOEXEC)) return -1;
      stdin_ = in[1], stdout_ = out[0], stderr_ = err[0];
      p.stdin_fd = child_in = in[0];
      p.stdout_fd = child_out = out[1];
      p.stderr_fd = child_err = err[1];
    }
    try {
      pid_ = box->spawn(p);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "ec2sim: connect %s: %s\n", target_.instance_id.c_str(), e.what());
    }
    for (int fd : {child_in, child_out, child_err})
      if (fd >= 0) ::close(fd);
    if (pid_ <= 0) {
      for (int* fd : {&terminal_, &stdin_, &stdout_, &stderr_})
        if (*fd >= 0) ::close(std::exchange(*fd, -1));
      pid_ = -1;
      return -1;
    }
    sandbox_held_ = std::move(box);
    for (int fd : {terminal_, stdin_, stdout_, stderr_})
      if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    for (int fd : {terminal_, stdout_, stderr_})
      if (fd >= 0) ssh_event_add_fd(event_, fd, POLLIN, &Connection::on_output, this);
    return 0;
  }

  // Once the session's process has exited: its last output, its exit status, the end.
  void reap() {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) != pid_) return;
    exited_ = true;
    for (int fd : {terminal_, stdout_, stderr_})
      if (fd >= 0) forward(fd);
    ssh_channel_request_send_exit_status(channel_, exit_code(status));
    ssh_channel_send_eof(channel_);
    ssh_channel_close(channel_);
    closed_at_ = std::chrono::steady_clock::now();
  }

  ssh_session session_;
  const sim::ConnectTarget& target_;
  SshPeer peer_;
  std::function<std::shared_ptr<Sandbox>()> sandbox_;
  std::shared_ptr<Sandbox> sandbox_held_;  // kept while its process runs
  const std::atomic<bool>& stopping_;
  ssh_server_callbacks_struct server_callbacks_{};
  ssh_channel_callbacks_struct channel_callbacks_{};
  ssh_event event_ = nullptr;
  ssh_channel channel_ = nullptr;
  std::string user_, home_;
  std::optional<AuthorizedKey> key_;
  std::string term_ = "xterm";
  winsize size_{24, 80, 0, 0};
  bool want_terminal_ = false;
  std::vector<std::string> client_env_;
  int terminal_ = -1, stdin_ = -1, stdout_ = -1, stderr_ = -1;
  std::vector<int> drained_;  // output descriptors at their end, to stop polling
  std::string pending_;       // the client's input the process has not taken yet
  bool input_ended_ = false;  // the client sent EOF
  pid_t pid_ = -1;
  bool exited_ = false, finished_ = false;
  std::optional<std::chrono::steady_clock::time_point> closed_at_;  // when we closed the channel
};

}  // namespace

void serve_ssh_connection(int fd, const sim::ConnectTarget& target, const SshPeer& peer,
                          const std::function<std::shared_ptr<Sandbox>()>& sandbox, const std::atomic<bool>& stopping) {
  ssh_key host_key = nullptr;
  if (ssh_pki_import_privkey_base64(target.host_private_key.c_str(), nullptr, nullptr, nullptr, &host_key) != SSH_OK) {
    ::close(fd);
    return;
  }
  ssh_bind bind = ssh_bind_new();
  if (ssh_bind_options_set(bind, SSH_BIND_OPTIONS_IMPORT_KEY, host_key) != SSH_OK) {  // on success the bind owns it
    ssh_key_free(host_key);
    ssh_bind_free(bind);
    ::close(fd);
    return;
  }
  ssh_session session = ssh_new();
  long timeout = 30;
  ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &timeout);
  // The session takes `fd` here, even when the exchange then fails: ssh_free closes it.
  if (ssh_bind_accept_fd(bind, session, fd) == SSH_OK) {
    Connection connection(session, target, peer, sandbox, stopping);
    connection.run();
  }
  ssh_free(session);
  ssh_bind_free(bind);
}

}  // namespace ec2sim::connect
