// One running instance's guest: a bubblewrap sandbox (Debian's `bwrap`) that holds the
// instance's namespaces for as long as it runs, and the processes started in it — an ssh
// session's shell, user data, the console's terminal.
//
// What the guest sees: the host's /usr read-only (bash, coreutils … : the instance runs
// the host's programs under the AMI's /etc/os-release), its root volume's files as /etc,
// /home, /root, /var, /opt, /srv, /mnt and /tmp (writable; they are the files the files
// route and snapshots see), its other EBS volumes at /media/<device> (/media/sdf) and its
// instance store at /media/ephemeral0 …, its own /proc, /dev and host name, and no network
// but its loopback and the instance metadata service at 169.254.169.254 (connect/imds.hpp).
// Nothing else of the host: not the database, not other instances' files, not the host's
// /root or /usr/local. Its users are the AMI's login user (uid 1000) and, through `sudo`,
// a root that is root of the sandbox only (a nested user namespace).
//
// Ending the sandbox (the instance stops, terminates or reboots) ends every process in it:
// they live in its PID namespace, whose first process is the sandbox's.
#pragma once

#include <sys/ioctl.h>
#include <sys/types.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/connect_target.hpp"

namespace ec2sim::connect {

// Where the sandboxes' shared pieces live on the host.
struct SandboxHost {
  std::filesystem::path bwrap = "/usr/bin/bwrap";
  std::filesystem::path guest_bin;  // the guest's /usr/local/bin (sudo, shutdown …: guest_commands.hpp)
  std::filesystem::path run_dir;    // per-instance runtime directories (sockets), made here
};

// What runs in the sandbox, on which descriptors (a PTY's slave for a terminal, or pipes).
struct GuestProcess {
  std::vector<std::string> argv;  // argv[0] a path inside the guest
  std::vector<std::string> env;   // NAME=value, the whole environment
  std::string directory = "/";
  bool as_root = false;           // root of the sandbox (user data, sudo) instead of the login user
  int stdin_fd = -1, stdout_fd = -1, stderr_fd = -1;
  bool controlling_terminal = false;  // stdin is a PTY slave that becomes its terminal
};

class Sandbox {
 public:
  // Starts the instance's sandbox; throws std::runtime_error with the reason (bwrap
  // missing, user namespaces off …). Its disks are live while it runs
  // (sim::hold_live_directories): their files get links of their own first, and snapshots
  // copy them instead of linking.
  static std::unique_ptr<Sandbox> start(const SandboxHost& host, const sim::ConnectTarget& target);
  ~Sandbox();  // end()s it

  // Ends every process in it (the instance stopped, rebooted or terminated). Idempotent;
  // spawn() fails afterwards.
  void end();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  // Starts `p` inside; returns its host pid (waitpid it). Throws std::runtime_error.
  pid_t spawn(const GuestProcess& p) const;

  // A new terminal of the sandbox's own /dev/pts (so `tty` inside names it): {master,
  // slave}, sized `size`. Throws std::runtime_error.
  std::pair<int, int> open_terminal(const struct winsize& size) const;

  // A listening TCP socket bound to `address`:`port` inside the sandbox's network (the
  // caller serves it; whatever connects to it is this instance). Throws std::runtime_error.
  int listen_inside(const std::string& address, int port) const;

  const std::filesystem::path& run_dir() const { return run_dir_; }  // the guest's /run/ec2sim
  bool alive() const;

 private:
  Sandbox() = default;
  std::filesystem::path run_dir_;
  std::shared_ptr<void> live_disks_;  // sim::hold_live_directories, while it runs
  std::atomic<pid_t> bwrap_ = -1;  // our child; the sandbox's first process is its child
  pid_t init_ = -1;   // the sandbox's first process (host pid), whose namespaces we join
};

// A guest process's exit status as a shell reports it: its code, or 128 + the signal.
int exit_code(int wait_status);

// Reaps `pid` on a thread of its own (a process nobody waits for any more).
void reap_in_background(pid_t pid);

// The session's client left: the process gets a hangup, as sshd gives it (what ignores it,
// like a nohup'ed job, keeps running), and is reaped in the background.
void hang_up(pid_t pid);

// A login shell's environment for `user` with home `home`, as sshd sets it (HOME, USER,
// LOGNAME, SHELL, PATH, LANG); callers add TERM and their own.
std::vector<std::string> login_environment(const std::string& user, const std::string& home);

// "" when sandboxes can start here; otherwise why not (printed once when ec2sim starts).
std::string sandbox_unavailable_reason(const SandboxHost& host);

}  // namespace ec2sim::connect
