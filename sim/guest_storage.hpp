// What guests' disks hold: every volume's contents are a directory under the server's
// data directory (Settings::data_dir):
//
//   <data>/<account>/<region>/volumes/<vol-id>/                  an EBS volume
//   <data>/<account>/<region>/instance-store/<i-id>/<ephemeralN>/  an instance-store volume
//
// A directory is made when the volume is first used, from what the volume was created
// from (its AMI for a root volume), so launching costs no disk work. Contents change
// only with the documents that describe them: wiping an instance store or deleting a
// volume's files runs after the write commits (store::Writer::after_commit), never for a
// request that fails or is a dry run.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

// The instance-store volumes an instance of `type` gets, as
// [{"VirtualName": "ephemeral0", "DeviceName": "/dev/sdb", "SizeGiB": 475}, …]: every
// local disk the type has, under the device a BlockDeviceMapping.N.VirtualName gives it
// (/dev/sdb, /dev/sdc … otherwise), minus those a mapping suppresses with NoDevice.
nlohmann::ordered_json instance_store_volumes(const catalog::InstanceType& type, const nlohmann::ordered_json& mappings);

std::filesystem::path volume_dir(const RequestContext& ctx, std::string_view volume_id);
std::filesystem::path instance_store_dir(const RequestContext& ctx, std::string_view instance_id,
                                         std::string_view virtual_name);

// After `w` commits: every block of the instance's instance-store volumes reset (stop,
// hibernate, terminate), or the instance-store volumes gone with the instance.
void wipe_instance_store(store::Writer& w, const RequestContext& ctx, const std::string& instance_id);
// After `w` commits: a deleted volume's contents gone.
void discard_volume_contents(store::Writer& w, const RequestContext& ctx, const std::string& volume_id);

std::filesystem::path snapshot_dir(const RequestContext& ctx, std::string_view snapshot_id);

// After `w` commits: `to` holds what `from` holds now (nothing, if `from` was never
// written). Files are hard links, so a copied snapshot or a volume restored from one shares
// every file with its source; the files route replaces a file instead of writing into it, and a shell's sandbox
// gives every file it binds a link of its own first (connect/sandbox.cpp), so a later write
// never reaches the copy.
void share_contents(store::Writer& w, std::filesystem::path from, std::filesystem::path to);
// After `w` commits: `to` holds what `from` (a volume) holds now — hard links, or copies
// while an instance's shell may be writing its files in place (sim/guest_fs.hpp
// snapshot_tree), which a link would let into the snapshot.
void snapshot_contents(store::Writer& w, std::filesystem::path from, std::filesystem::path to);
// After `w` commits: a new volume holds its snapshot's files (`snapshot_owner`: the
// account whose snapshot it is, when another account shared it through an AMI) (none for an AMI of the
// catalog, whose root volumes are seeded on first use instead).
void start_from_snapshot(store::Writer& w, const RequestContext& ctx, const std::string& volume_id,
                         const std::string& snapshot_id, const std::string& snapshot_owner = "");
// After `w` commits: the directory gone.
void discard_contents(store::Writer& w, std::filesystem::path dir);

// Every guest file of every account, or of `account` alone (the reset control route).
void discard_all_guest_storage(const std::filesystem::path& data_dir, const std::string& account = {});

// The user an AMI's cloud-init makes for the key pair: "ec2-user", "ubuntu", "admin"; ""
// on Windows.
std::string login_user(std::string_view image_name);

// The files a root volume starts with: /etc/os-release and /etc/hostname for the AMI's
// OS, and the login user's home directory.
void seed_root_volume(const std::filesystem::path& root, const nlohmann::ordered_json& instance,
                      const catalog::Catalog& catalog, std::string_view region);

}  // namespace ec2sim::sim
