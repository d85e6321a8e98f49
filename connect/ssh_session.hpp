// One SSH connection to an instance, served with libssh: the key exchange under the
// instance's own host key (the one GetConsoleOutput prints), public-key login as the guest's
// sshd would allow it (connect/authorized_keys.hpp), then one session channel — a shell on a
// PTY, or a command with pipes — running in the instance's sandbox, until it exits.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "connect/sandbox.hpp"
#include "sim/connect_target.hpp"

namespace ec2sim::connect {

struct SshPeer {
  std::string address;  // the client's
  int port = 0;
  std::string local_address;
  int local_port = 0;
};

// Serves `fd` (an accepted TCP connection, closed when done) until the client leaves or the
// session's process ends. Blocking: call it on a thread of its own. `sandbox` gives the
// instance's sandbox (starting it on first use) once a user has logged in; it may throw
// std::runtime_error, which the client sees as a refused channel.
// `stopping` set: the server is stopping, the connection ends within a second.
void serve_ssh_connection(int fd, const sim::ConnectTarget& target, const SshPeer& peer,
                          const std::function<std::shared_ptr<Sandbox>()>& sandbox, const std::atomic<bool>& stopping);

}  // namespace ec2sim::connect
