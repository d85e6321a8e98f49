// Expands catalog/instance_types.json's family rules into one InstanceTypeInfo per size.
#include <cmath>
#include <stdexcept>

#include "catalog/catalog.hpp"

namespace ec2sim::catalog {
namespace {

using json = nlohmann::ordered_json;

// A family with the fields of the family it is `like` (recursively) under its own.
json resolve_family(const json& family, const std::map<std::string, const json*>& by_name, int depth = 0) {
  if (!family.contains("like")) return family;
  if (depth > 8) throw std::runtime_error("instance family 'like' chain too deep");
  auto parent_it = by_name.find(family.at("like").get<std::string>());
  if (parent_it == by_name.end()) throw std::runtime_error("unknown 'like' family " + family.at("like").dump());
  json merged = resolve_family(*parent_it->second, by_name, depth + 1);
  // Own rows replace inherited sizes and the other way round: they are two spellings of
  // the same list.
  if (family.contains("rows")) merged.erase("sizes");
  if (family.contains("sizes")) merged.erase("rows");
  for (const auto& [key, value] : family.items()) merged[key] = value;
  merged.erase("like");
  return merged;
}

template <class T>
T field(const json& f, const char* key, T fallback) {
  auto it = f.find(key);
  return (it == f.end() || it->is_null()) ? fallback : it->get<T>();
}

// AWS's per-size network interface limits for Nitro families: [interfaces, IPv4 per
// interface]. Burstable families carry their own table in the JSON.
std::pair<int, int> default_enis(int vcpus) {
  if (vcpus <= 1) return {2, 4};
  if (vcpus <= 2) return {3, 10};
  if (vcpus <= 8) return {4, 15};
  if (vcpus <= 48) return {8, 30};
  return {15, 50};
}

json network_info(const std::string& performance, std::pair<int, int> enis, const std::string& ena, bool efa) {
  return {{"NetworkPerformance", performance},
          {"MaximumNetworkInterfaces", enis.first},
          {"MaximumNetworkCards", 1},
          {"DefaultNetworkCardIndex", 0},
          {"NetworkCards", json::array({{{"NetworkCardIndex", 0}, {"NetworkPerformance", performance},
                                         {"MaximumNetworkInterfaces", enis.first}}})},
          {"Ipv4AddressesPerInterface", enis.second},
          {"Ipv6AddressesPerInterface", enis.second},
          {"Ipv6Supported", true},
          {"EnaSupport", ena},
          {"EfaSupported", efa},
          {"EncryptionInTransitSupported", ena != "unsupported"},
          {"EnaSrdSupported", false}};
}

void expand_family(const json& f, const json& size_vcpus, std::vector<InstanceType>& out) {
  const auto family = f.at("family").get<std::string>();
  const auto hypervisor = field<std::string>(f, "hypervisor", "nitro");
  const bool nitro = hypervisor == "nitro";
  const auto arch = f.at("arch");
  const bool arm = arch.at(0) == "arm64";
  const int threads = field<int>(f, "threads_per_core", 2);
  const bool burstable = field<bool>(f, "burstable", false);
  const auto ena = field<std::string>(f, "ena", "required");
  const auto ebs_nvme = field<std::string>(f, "nvme", nitro ? "required" : "unsupported");
  const json boot_modes = f.contains("boot_modes") ? f.at("boot_modes")
                          : arm                    ? json::array({"uefi"})
                          : nitro                  ? json::array({"legacy-bios", "uefi"})
                                                   : json::array({"legacy-bios"});
  const json free_tier = f.value("free_tier", json::array());
  const auto efa_from = field<std::string>(f, "efa_from", "");

  // (size, vCPUs, memory GiB) rows, from explicit rows or from the size ladder.
  std::vector<std::tuple<std::string, int, double>> rows;
  if (f.contains("rows")) {
    for (const auto& r : f.at("rows")) rows.emplace_back(r.at(0).get<std::string>(), r.at(1).get<int>(), r.at(2).get<double>());
  } else {
    int largest = 0;
    for (const auto& s : f.at("sizes")) {
      auto size = s.get<std::string>();
      if (size == "metal") continue;
      largest = std::max(largest, size_vcpus.at(size).get<int>());
    }
    for (const auto& s : f.at("sizes")) {
      auto size = s.get<std::string>();
      int vcpus = size == "metal" ? largest : size_vcpus.at(size).get<int>();
      // Single-threaded families (Graviton, AMD Genoa) have 1-vCPU mediums.
      if (size == "medium") vcpus = threads == 1 ? 1 : 2;
      rows.emplace_back(size, vcpus, vcpus * f.at("memory_per_vcpu").get<double>());
    }
  }
  const auto& network = f.at("network");
  if (network.size() != rows.size()) throw std::runtime_error(family + ": network list does not match sizes");
  const json* storage = f.contains("storage") ? &f.at("storage") : nullptr;
  if (storage && storage->size() != rows.size()) throw std::runtime_error(family + ": storage list does not match sizes");
  const json* gpus = f.contains("gpus") ? &f.at("gpus") : nullptr;
  if (gpus && gpus->size() != rows.size()) throw std::runtime_error(family + ": gpus list does not match sizes");

  bool efa_reached = false;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& [size, vcpus, memory_gib] = rows[i];
    const bool metal = size.starts_with("metal");
    if (!efa_from.empty() && size == efa_from) efa_reached = true;
    const bool efa = efa_reached && !burstable;
    const int tpc = (vcpus == 1) ? 1 : threads;

    json t;
    t["InstanceType"] = family + "." + size;
    t["CurrentGeneration"] = field<bool>(f, "current", true);
    bool is_free = false;
    for (const auto& ft : free_tier) is_free = is_free || ft == size;
    t["FreeTierEligible"] = is_free;
    t["SupportedUsageClasses"] = json::array({"on-demand", "spot"});
    t["SupportedRootDeviceTypes"] =
        field<bool>(f, "instance_store_root", false) ? json::array({"ebs", "instance-store"}) : json::array({"ebs"});
    t["SupportedVirtualizationTypes"] = json::array({"hvm"});
    t["BareMetal"] = metal;
    if (!metal) t["Hypervisor"] = hypervisor;  // AWS names no hypervisor for bare metal
    json archs = (vcpus <= 2 && f.contains("arch_small") && memory_gib <= 4) ? f.at("arch_small") : arch;
    t["ProcessorInfo"] = {{"SupportedArchitectures", archs},
                          {"SustainedClockSpeedInGhz", f.at("clock").get<double>()},
                          {"Manufacturer", f.at("manufacturer").get<std::string>()}};
    json vcpu = {{"DefaultVCpus", vcpus}, {"DefaultCores", vcpus / tpc}, {"DefaultThreadsPerCore", tpc}};
    if (!burstable && !metal && tpc == 2) vcpu["ValidThreadsPerCore"] = json::array({1, 2});
    t["VCpuInfo"] = vcpu;
    t["MemoryInfo"] = {{"SizeInMiB", static_cast<std::int64_t>(std::llround(memory_gib * 1024))}};
    t["InstanceStorageSupported"] = storage != nullptr;
    if (storage) {
      int count = storage->at(i).at(0).get<int>();
      int gb = storage->at(i).at(1).get<int>();
      t["InstanceStorageInfo"] = {
          {"TotalSizeInGB", count * gb},
          {"Disks", json::array({{{"SizeInGB", gb}, {"Count", count}, {"Type", f.at("storage_type").get<std::string>()}}})},
          {"NvmeSupport", field<std::string>(f, "nvme_store", nitro ? "required" : "unsupported")},
          {"EncryptionSupport", nitro ? "required" : "unsupported"}};
    }
    t["EbsInfo"] = {{"EbsOptimizedSupport", field<std::string>(f, "ebs_optimized", "default")},
                    {"EncryptionSupport", "supported"},
                    {"NvmeSupport", ebs_nvme}};
    auto enis = f.contains("enis") ? std::pair<int, int>{f.at("enis").at(i).at(0).get<int>(), f.at("enis").at(i).at(1).get<int>()}
                                   : default_enis(vcpus);
    t["NetworkInfo"] = network_info(network.at(i).get<std::string>(), enis, ena, efa);
    if (gpus) {
      const auto& g = gpus->at(i);
      int count = g.at(0).get<int>();
      int mib = g.at(3).get<int>();
      t["GpuInfo"] = {{"Gpus", json::array({{{"Name", g.at(1)}, {"Manufacturer", g.at(2)}, {"Count", count},
                                             {"MemoryInfo", {{"SizeInMiB", mib}}}}})},
                      {"TotalGpuMemoryInMiB", count * mib}};
    }
    t["PlacementGroupInfo"] = {{"SupportedStrategies", f.value("placement", json::array({"cluster", "partition", "spread"}))}};
    t["HibernationSupported"] = field<bool>(f, "hibernation", false) && !metal && memory_gib <= 150;
    t["BurstablePerformanceSupported"] = burstable;
    t["DedicatedHostsSupported"] = family != "t2";  // the one family without Dedicated Hosts
    t["AutoRecoverySupported"] = storage == nullptr;
    t["SupportedBootModes"] = boot_modes;
    out.push_back({t["InstanceType"].get<std::string>(), family, std::move(t)});
  }
}

}  // namespace

std::vector<InstanceType> load_instance_types(const json& doc) {
  std::map<std::string, const json*> by_name;
  for (const auto& f : doc.at("families")) by_name[f.at("family").get<std::string>()] = &f;
  std::vector<InstanceType> out;
  for (const auto& f : doc.at("families")) expand_family(resolve_family(f, by_name), doc.at("size_vcpus"), out);
  return out;
}

}  // namespace ec2sim::catalog
