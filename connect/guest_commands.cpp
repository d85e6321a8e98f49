#include "connect/guest_commands.hpp"

#include <fstream>

namespace ec2sim::connect {
namespace {

void write_command(const std::filesystem::path& dir, const char* name, std::string_view text) {
  const auto path = dir / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  namespace fs = std::filesystem;
  fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                            fs::perms::others_exec);
}

}  // namespace

void write_guest_commands(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  write_command(dir, "sudo", embedded::sudo_script());
  write_command(dir, "su", embedded::su_script());
  for (const char* name : {"shutdown", "poweroff", "halt", "reboot"}) write_command(dir, name, embedded::power_script());
  write_command(dir, "cloud-init", embedded::cloud_init_script());
}

}  // namespace ec2sim::connect
