#include "sim/guest_files.hpp"
#include "sim/records.hpp"

#include <fstream>
#include <random>
#include <sstream>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/guest_storage.hpp"
#include "sim/instance_lifecycle.hpp"
#include "sim/json_text.hpp"
#include "sim/timed_kinds.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
namespace fs = std::filesystem;
constexpr std::uint64_t kGiB = 1ull << 30;

GuestFilesReply error(int status, const std::string& code, const std::string& message) {
  return {status, "application/json", json_text(json{{"error", code}, {"message", message}})};
}

// One of the instance's disks: where its files are, how much it holds.
struct Device {
  std::string name;  // as the instance knows it: /dev/xvda, or ephemeral0's device
  fs::path root;
  std::uint64_t capacity = 0;
  bool root_volume = false;
};

std::optional<Device> find_device(const RequestContext& ctx, const store::Reader& w, const json& instance,
                                  std::string_view wanted, std::string& known) {
  auto matches = [&](const std::string& device_name) {
    return device_name == wanted || (device_name.starts_with("/dev/") && std::string_view(device_name).substr(5) == wanted);
  };
  const std::string id = InstanceRecord(instance).id();
  for (const auto& m : InstanceRecord(instance).block_device_mappings()) {
    const std::string name = m.at("DeviceName").get<std::string>();
    known += (known.empty() ? "" : ", ") + name.substr(name.starts_with("/dev/") ? 5 : 0);
    if (!matches(name)) continue;
    const std::string volume_id = m.at("Ebs").at("VolumeId").get<std::string>();
    const json* volume = w.find(ctx.scope(), kind::volume, volume_id);
    if (!volume) continue;
    return Device{name, volume_dir(ctx, volume_id), static_cast<std::uint64_t>(VolumeRecord(*volume).size_gib()) * kGiB,
                  name == InstanceRecord(instance).root_device_name()};
  }
  for (const auto& v : InstanceRecord(instance).instance_store()) {
    const std::string name = v.at("DeviceName").get<std::string>();
    const std::string virtual_name = v.at("VirtualName").get<std::string>();
    known += (known.empty() ? "" : ", ") + virtual_name;
    if (!matches(name) && virtual_name != wanted) continue;
    return Device{name, instance_store_dir(ctx, id, virtual_name), v.at("SizeGiB").get<std::uint64_t>() * kGiB, false};
  }
  return std::nullopt;
}

// "/etc/hostname" for a path inside a device (appended, not "/" + …: GCC 12 warns wrongly
// about that concatenation).
std::string guest_path(const fs::path& relative) {
  std::string out = "/";
  out += relative.generic_string();
  return out;
}

// The path inside the device, refusing anything that would leave it.
std::optional<fs::path> inside(std::string_view path) {
  fs::path out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view part = path.substr(start, end - start);
    if (part == ".." || part.find('\0') != std::string_view::npos) return std::nullopt;
    if (!part.empty() && part != ".") out /= std::string(part);
    start = end + 1;
  }
  return out;
}

std::uint64_t bytes_used(const fs::path& root) {
  std::uint64_t used = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec)) used += it->file_size(ec);
  return used;
}

json listing(const Device& device, const fs::path& relative, const fs::path& dir) {
  json entries = json::array();
  std::vector<fs::directory_entry> sorted{fs::directory_iterator(dir), fs::directory_iterator()};
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
  for (const auto& e : sorted) {
    const bool is_dir = e.is_directory();
    json entry = {{"name", e.path().filename().string()}, {"type", is_dir ? "directory" : "file"}};
    if (!is_dir) entry["size"] = e.file_size();
    entries.push_back(std::move(entry));
  }
  return {{"device", device.name}, {"path", guest_path(relative)}, {"entries", std::move(entries)}};
}

// Writes through a temporary file and a rename, so a reader never sees half a file and a
// file shared with a snapshot (a hard link) is replaced, not changed in place.
void replace_file(const fs::path& target, std::string_view body) {
  fs::create_directories(target.parent_path());
  thread_local std::mt19937_64 random{std::random_device{}()};
  const fs::path temp = target.parent_path() / (".ec2sim-" + std::to_string(random()) + ".tmp");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
    if (!out) throw std::runtime_error("cannot write " + target.string());
  }
  fs::rename(temp, target);
}

}  // namespace

GuestFilesReply guest_files(store::Store& store, const catalog::Catalog& catalog, std::chrono::system_clock::time_point now,
                            const Settings& settings, std::string_view method, std::string_view instance_id,
                            std::string_view device_and_path, std::string_view body, std::string_view only_account) {
  if (settings.data_dir.empty()) return error(503, "GuestStorageOff", "this server keeps no guest files");
  const std::string id(instance_id);
  const auto scope = store.scope_of(kind::instance, id);
  const bool visible = scope && (only_account.empty() || scope->account == only_account);
  const auto* region = visible ? catalog.find_region(scope->region) : nullptr;
  if (!region) return error(404, "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
  RequestContext ctx{scope->account, *region, catalog, store, now, settings};
  settle_scope(ctx);

  const auto slash = device_and_path.find('/');
  const std::string_view device_name = device_and_path.substr(0, slash);
  const auto relative = inside(slash == std::string_view::npos ? std::string_view() : device_and_path.substr(slash + 1));
  if (!relative) return error(400, "InvalidPath", "a path may not contain '..'");

  // Under the store's read lock: instance state and files change together (a stop's wipe
  // runs under the write lock, after its commit).
  return store.read([&](const store::Reader& w) -> GuestFilesReply {
    const json* instance = w.find(ctx.scope(), kind::instance, id);
    if (!instance) return error(404, "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
    const std::string state = InstanceRecord(*instance).state();
    if (state != "running")
      return error(409, "IncorrectInstanceState",
                   "The instance '" + id + "' is " + state + "; its disks can be used only while it is running.");
    std::string known;
    const auto device = find_device(ctx, w, *instance, device_name, known);
    if (!device)
      return error(404, "NoSuchDevice", "The instance '" + id + "' has no device '" + std::string(device_name) +
                                            "'; it has: " + known);
    if (!fs::exists(device->root)) {  // first use: the volume as it was created
      fs::create_directories(device->root);
      if (device->root_volume) seed_root_volume(device->root, *instance, catalog, ctx.region.name);
    }
    const fs::path target = device->root / *relative;
    std::error_code ec;
    if (method == "GET") {
      if (fs::is_directory(target, ec)) return {200, "application/json", json_text(listing(*device, *relative, target))};
      std::ifstream in(target, std::ios::binary);
      if (!in) return error(404, "NoSuchFile", "No such file: " + device->name + ":" + guest_path(*relative));
      std::ostringstream content;
      content << in.rdbuf();
      return {200, "application/octet-stream", content.str()};
    }
    if (method == "PUT") {
      if (relative->empty() || fs::is_directory(target, ec))
        return error(409, "IsADirectory", device->name + ":" + guest_path(*relative) + " is a directory");
      const std::uint64_t replaced = fs::is_regular_file(target, ec) ? fs::file_size(target, ec) : 0;
      if (bytes_used(device->root) - replaced + body.size() > device->capacity)
        return error(507, "NoSpaceLeft", "No space left on " + device->name + " (" +
                                             std::to_string(device->capacity / kGiB) + " GiB)");
      replace_file(target, body);
      return {200, "application/json",
              json_text(json{{"device", device->name}, {"path", guest_path(*relative)}, {"size", body.size()}})};
    }
    if (method == "DELETE") {
      if (relative->empty()) return error(400, "InvalidPath", "the root of a device cannot be removed");
      if (fs::remove_all(target, ec) == 0 || ec)
        return error(404, "NoSuchFile", "No such file: " + device->name + ":" + guest_path(*relative));
      return {200, "application/json", json_text(json{{"removed", guest_path(*relative)}})};
    }
    return error(405, "MethodNotAllowed", "use GET, PUT or DELETE");
  });
}

}  // namespace ec2sim::sim
