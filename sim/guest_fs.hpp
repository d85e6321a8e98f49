// File operations on guests' files that never follow a link a guest made out of its disk.
//
// A running instance's shell owns its volumes' files (connect/sandbox.hpp): it can turn any
// of them into a symbolic link to a host file, or swap a directory for one while ec2sim is
// reading. ec2sim may run as root, so everything it does to a guest's files on the host —
// reading authorized_keys, copying a volume into a snapshot, giving files links of their
// own — goes through these, which open every component with O_NOFOLLOW (or resolve it
// inside the disk, as the guest would) and handle regular files, directories and links
// only.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ec2sim::sim {

// The contents of the regular file `path` as the guest sees it under `root` (symbolic
// links resolved inside `root`, never out of it), at most `max_bytes`; nullopt when it is
// missing, not a regular file, or larger.
std::optional<std::string> read_guest_file(const std::filesystem::path& root, std::string_view path,
                                           std::size_t max_bytes);

// Copies the tree `from` into `to` (made if missing): directories, regular files and
// symbolic links as links; sockets, pipes and devices are left out. Links are never
// followed. Throws std::system_error when the disk fails.
void copy_guest_tree(const std::filesystem::path& from, const std::filesystem::path& to);

// Gives every regular file under `dir` that has more than one link a copy of its own
// (links are not followed), so writing it in place changes no other volume or snapshot.
void unshare_hard_links(const std::filesystem::path& dir);

// Marks `dirs` (a running guest's disks) as written in place until the returned hold is
// dropped, after giving their files links of their own (unshare_hard_links).
std::shared_ptr<void> hold_live_directories(std::vector<std::filesystem::path> dirs);

// Makes `to` hold what `from` holds now: hard links to its files (no bytes copied), or —
// while a guest writes `from` in place (hold_live_directories) — copies. One lock orders
// the two, so no guest starts writing a file while a snapshot is linking it.
void snapshot_tree(const std::filesystem::path& from, const std::filesystem::path& to);

// Creates `path` with `text` unless something (even a dangling link) is there already.
void create_guest_file(const std::filesystem::path& path, std::string_view text);

}  // namespace ec2sim::sim
