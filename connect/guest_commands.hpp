// The guest's /usr/local/bin: the commands that must behave as on an EC2 instance but
// cannot be the host's — `sudo` (root of the sandbox, no password, as the AMI's
// NOPASSWD rule), and `shutdown`, `poweroff`, `halt`, `reboot`, which ask ec2sim to stop,
// terminate or reboot the instance (`ec2sim guest-power`, over the sandbox's own socket).
// It also hides the host's /usr/local/bin from guests.
#pragma once

#include <filesystem>

namespace ec2sim::connect {

// Writes the commands into `dir` (made if missing).
void write_guest_commands(const std::filesystem::path& dir);

}  // namespace ec2sim::connect
