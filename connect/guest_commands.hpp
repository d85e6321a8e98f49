// The guest's /usr/local/bin (connect/guest/, embedded at build time): cloud-init, which
// runs the user data at the first boot, and the commands that must behave as on an EC2
// instance but cannot be the host's — `sudo` and `su` (root of the sandbox, no password, as
// the AMI's NOPASSWD rule), and `shutdown`, `poweroff`, `halt`, `reboot`, which ask ec2sim
// to stop, terminate or reboot the instance (over the sandbox's own socket). It also hides the host's /usr/local/bin from guests.
#pragma once

#include <filesystem>
#include <string_view>

namespace ec2sim::connect {

// Writes the commands into `dir` (made if missing).
void write_guest_commands(const std::filesystem::path& dir);

namespace embedded {
std::string_view sudo_script();
std::string_view su_script();
std::string_view power_script();
std::string_view cloud_init_script();
}  // namespace embedded

}  // namespace ec2sim::connect
