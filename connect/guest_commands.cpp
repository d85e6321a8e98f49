#include "connect/guest_commands.hpp"

#include <fstream>

namespace ec2sim::connect {
namespace {

// sudo: the usual forms (sudo CMD, sudo -i, sudo -s, sudo su -, sudo -u root …) run as
// root of a user namespace nested in the sandbox's: root over the guest's files and
// nothing of the host's.
constexpr const char* kSudo = R"SH(#!/usr/bin/bash
# sudo on an ec2sim instance: root of the instance's sandbox (a user namespace), no password.
login=0 shell=0
while [[ $# -gt 0 && $1 == -* ]]; do
  case "$1" in
    -i|--login) login=1 ;;
    -s|--shell) shell=1 ;;
    -u|--user) shift; if [[ $1 != root && $1 != 0 && $1 != '#0' ]]; then
                 echo "sudo: this instance runs commands as root only (asked for $1)" >&2; exit 1; fi ;;
    -E|-H|-n|-k|-S|--preserve-env|--non-interactive) ;;
    --) shift; break ;;
    -v|--validate) exit 0 ;;
    -l|--list) echo "User $USER may run the following commands on $(hostname):"; echo "    (ALL) NOPASSWD: ALL"; exit 0 ;;
    *) echo "sudo: unsupported option $1" >&2; exit 1 ;;
  esac
  shift
done
export SUDO_USER="$USER" SUDO_UID=1000 SUDO_GID=1000 USER=root LOGNAME=root
export PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin
if [[ $# -eq 0 ]]; then
  if [[ $login -eq 1 ]]; then export HOME=/root; cd /root; exec unshare --map-root-user -- /usr/bin/bash --login; fi
  exec unshare --map-root-user -- /usr/bin/bash
fi
[[ $login -eq 1 ]] && { export HOME=/root; cd /root; }
exec unshare --map-root-user -- "$@"
)SH";

// su: `sudo su -` and `sudo su` become root's shell.
constexpr const char* kSu = R"SH(#!/usr/bin/bash
# su on an ec2sim instance: root's shell, for `sudo su -`.
if [[ $(id -u) -ne 0 ]]; then echo "su: Authentication failure (use sudo: the login user needs no password)" >&2; exit 1; fi
if [[ $1 == - || $1 == -l || $1 == --login ]]; then export HOME=/root; cd /root; exec /usr/bin/bash --login; fi
exec /usr/bin/bash
)SH";

// shutdown, poweroff, halt, reboot: root only, as on the AMI; ec2sim performs it.
constexpr const char* kPower = R"SH(#!/usr/bin/bash
# Powers the instance off or reboots it: ec2sim stops or terminates it (its shutdown
# behaviour) or reboots it, as EC2 does when the guest does this.
name=$(basename "$0")
if [[ $(id -u) -ne 0 ]]; then
  echo "Failed to $([[ $name == reboot ]] && echo reboot || echo power off) system: Access denied (run it with sudo)" >&2; exit 1
fi
action=halt
[[ $name == reboot ]] && action=reboot
for arg in "$@"; do [[ $arg == -r || $arg == --reboot ]] && action=reboot; [[ $arg == -c ]] && exit 0; done
exec /run/ec2sim/bin/ec2sim guest-power "$action"
)SH";

void write_command(const std::filesystem::path& dir, const char* name, const char* text) {
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  std::filesystem::permissions(path, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                         std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                         std::filesystem::perms::others_exec);
}

}  // namespace

void write_guest_commands(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  write_command(dir, "sudo", kSudo);
  write_command(dir, "su", kSu);
  for (const char* name : {"shutdown", "poweroff", "halt", "reboot"}) write_command(dir, name, kPower);
}

}  // namespace ec2sim::connect
