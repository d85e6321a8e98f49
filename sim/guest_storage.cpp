#include "sim/guest_storage.hpp"
#include "sim/guest_fs.hpp"
#include "sim/records.hpp"

#include <fstream>
#include <system_error>

#include "sim/errors.hpp"
#include "sim/instance_view.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

fs::path scope_dir(const RequestContext& ctx) {
  if (ctx.settings.data_dir.empty()) throw ApiError::internal("guest storage is off (no data directory)");
  return ctx.settings.data_dir / ctx.account_id / ctx.region.name;
}

}  // namespace

std::string login_user(std::string_view image_name) {
  if (image_name.find("ubuntu") != std::string_view::npos) return "ubuntu";
  if (image_name.starts_with("debian")) return "admin";
  if (image_name.find("Windows") != std::string_view::npos) return "";
  return "ec2-user";  // Amazon Linux, RHEL, SUSE
}

namespace {

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

}  // namespace

json instance_store_volumes(const catalog::InstanceType& type, const json& mappings) {
  json out = json::array();
  const auto storage = type.info.find("InstanceStorageInfo");
  if (storage == type.info.end()) return out;
  const auto& disks = storage->at("Disks").at(0);
  const int count = disks.at("Count").get<int>();
  for (int n = 0; n < count; ++n) {
    const std::string virtual_name = "ephemeral" + std::to_string(n);
    std::string device = std::string("/dev/sd") + static_cast<char>('b' + n);
    bool suppressed = false;
    for (const auto& m : mappings) {
      if (m.value("VirtualName", "") == virtual_name) device = m.value("DeviceName", device);
      if (m.value("DeviceName", "") == device && m.contains("NoDevice")) suppressed = true;
    }
    if (!suppressed)
      out.push_back({{"VirtualName", virtual_name}, {"DeviceName", device}, {"SizeGiB", disks.at("SizeInGB")}});
  }
  return out;
}

fs::path volume_dir(const RequestContext& ctx, std::string_view volume_id) {
  return scope_dir(ctx) / "volumes" / std::string(volume_id);
}

fs::path instance_store_dir(const RequestContext& ctx, std::string_view instance_id, std::string_view virtual_name) {
  return scope_dir(ctx) / "instance-store" / std::string(instance_id) / std::string(virtual_name);
}

void wipe_instance_store(store::Writer& w, const RequestContext& ctx, const std::string& instance_id) {
  if (ctx.settings.data_dir.empty()) return;
  discard_contents(w, scope_dir(ctx) / "instance-store" / instance_id);
}

void discard_volume_contents(store::Writer& w, const RequestContext& ctx, const std::string& volume_id) {
  if (!ctx.settings.data_dir.empty()) discard_contents(w, volume_dir(ctx, volume_id));
}

fs::path snapshot_dir(const RequestContext& ctx, std::string_view snapshot_id) {
  return scope_dir(ctx) / "snapshots" / std::string(snapshot_id);
}

void share_contents(store::Writer& w, fs::path from, fs::path to) {
  w.after_commit([from = std::move(from), to = std::move(to)] {
    if (!fs::exists(from)) return;
    fs::create_directories(to);
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::create_hard_links);
  });
}

void snapshot_contents(store::Writer& w, fs::path from, fs::path to) {
  w.after_commit([from = std::move(from), to = std::move(to)] {
    snapshot_tree(from, to);
  });
}

void start_from_snapshot(store::Writer& w, const RequestContext& ctx, const std::string& volume_id,
                         const std::string& snapshot_id, const std::string& snapshot_owner) {
  if (ctx.settings.data_dir.empty() || snapshot_id.empty()) return;
  RequestContext owner = ctx;
  if (!snapshot_owner.empty()) owner.account_id = snapshot_owner;
  share_contents(w, snapshot_dir(owner, snapshot_id), volume_dir(ctx, volume_id));
}

void discard_contents(store::Writer& w, fs::path dir) {
  w.after_commit([dir = std::move(dir)] {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  });
}

void discard_all_guest_storage(const fs::path& data_dir, const std::string& account) {
  if (data_dir.empty() || !fs::exists(data_dir)) return;
  if (!account.empty()) {
    fs::remove_all(data_dir / account);  // the caller checked it is an account id, not a path
    return;
  }
  for (const auto& entry : fs::directory_iterator(data_dir)) fs::remove_all(entry.path());
}

void seed_root_volume(const fs::path& root, const json& instance, const catalog::Catalog& catalog, std::string_view region) {
  std::string name = InstanceRecord(instance).image_name(), description = name;
  if (const auto* image = catalog.find_image(region, InstanceRecord(instance).image_id()))
    description = image->info.value("Description", name);
  const std::string host = host_name_of(instance);
  write_text(root / "etc" / "os-release", "PRETTY_NAME=\"" + description + "\"\nIMAGE_NAME=\"" + name + "\"\n");
  write_text(root / "etc" / "hostname", host.substr(0, host.find('.')) + "\n");
  const std::string user = login_user(name);
  if (user.empty()) return;  // Windows: no Linux accounts
  fs::create_directories(root / "home" / user);
  write_text(root / "etc" / "passwd", "root:x:0:0:root:/root:/bin/bash\n" + user + ":x:1000:1000:" +
                                         (user == "ec2-user" ? "EC2 Default User" : user) + ":/home/" + user +
                                         ":/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
  write_text(root / "etc" / "group", "root:x:0:\nwheel:x:10:" + user + "\n" + user + ":x:1000:\nnogroup:x:65534:\n");
  write_text(root / "etc" / "hosts", "127.0.0.1   localhost\n::1         localhost\n");
  const std::string key = instance.value("_PublicKey", "");
  if (key.empty()) return;
  // As cloud-init writes them: the key pair for the login user, and for root a key that
  // only says whom to log in as (the AMI's disable_root).
  write_text(root / "home" / user / ".ssh" / "authorized_keys", key + " " + instance.value("KeyName", "") + "\n");
  write_text(root / "root" / ".ssh" / "authorized_keys",
             "no-port-forwarding,no-agent-forwarding,no-X11-forwarding,command=\"echo 'Please login as the user \\\"" +
                 user + "\\\" rather than the user \\\"root\\\".';echo;sleep 10;exit 142\" " + key + "\n");
  for (const auto* dir : {"home/", "root/"}) {
    const fs::path ssh = root / (std::string(dir) + (dir[0] == 'h' ? user + "/" : "")) / ".ssh";
    fs::permissions(ssh, fs::perms::owner_all);
    fs::permissions(ssh / "authorized_keys", fs::perms::owner_read | fs::perms::owner_write);
  }
}

}  // namespace ec2sim::sim
