// Who may log in to a guest, read as sshd reads it: the user's entry in the root volume's
// /etc/passwd names a home directory, whose .ssh/authorized_keys lists the keys (each maybe
// with options; `command="…"` forces what the session runs, as the AMI's root entry does to
// answer "Please login as the user …").
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ec2sim::connect {

struct AuthorizedKey {
  std::string forced_command;  // "" when the entry has no command= option
};

// The guest's home directory of `user` ("/home/ec2-user"), from `root`/etc/passwd; nullopt
// when the guest has no such user, or its home is not on the root volume.
std::optional<std::string> home_of(const std::filesystem::path& root, std::string_view user);

// The entry of `user`'s authorized_keys listing the key `type` ("ssh-ed25519", "ssh-rsa")
// with base64 blob `blob`, or nullopt.
std::optional<AuthorizedKey> find_authorized_key(const std::filesystem::path& root, std::string_view user,
                                                 std::string_view type, std::string_view blob);

// One authorized_keys line: nullopt unless it names `type` and `blob`.
std::optional<AuthorizedKey> match_authorized_line(std::string_view line, std::string_view type, std::string_view blob);

}  // namespace ec2sim::connect
