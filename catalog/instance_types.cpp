// Expands catalog/instance_types.json's family rules into one InstanceTypeInfo per size.
#include <cctype>
#include <cmath>
#include <tuple>
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

// A size's interface limits: [interfaces, IPv4 per interface, IPv6 per interface,
// network cards], the last two optional (IPv6 as IPv4, one card).
struct InterfaceLimits {
  int interfaces = 0, ipv4 = 0, ipv6 = 0, cards = 1;
};

InterfaceLimits interface_limits(const json& f, std::size_t i, int vcpus) {
  InterfaceLimits limits;
  if (f.contains("enis")) {
    const auto& e = f.at("enis").at(i);
    limits.interfaces = e.at(0).get<int>();
    limits.ipv4 = e.at(1).get<int>();
    limits.ipv6 = e.size() > 2 ? e.at(2).get<int>() : limits.ipv4;
    if (e.size() > 3) limits.cards = e.at(3).get<int>();
  } else {
    std::tie(limits.interfaces, limits.ipv4) = default_enis(vcpus);
    limits.ipv6 = limits.ipv4;
  }
  if (f.contains("network_cards")) limits.cards = f.at("network_cards").at(i).get<int>();
  if (limits.cards < 1 || limits.interfaces < limits.cards)
    throw std::runtime_error("network cards must number 1 to the interfaces (" + std::to_string(limits.cards) + ")");
  return limits;
}

// One card's share of a size's network performance: "4x 100 Gigabit" and "400 Gigabit"
// over 4 cards are "100 Gigabit" each; one card has it all.
std::string card_performance(const std::string& performance, int cards) {
  if (cards <= 1) return performance;
  if (auto x = performance.find("x "); x != std::string::npos) return performance.substr(x + 2);
  std::size_t digits = 0;
  while (digits < performance.size() && std::isdigit(static_cast<unsigned char>(performance[digits]))) ++digits;
  if (digits == 0) return performance;
  const long total = std::stol(performance.substr(0, digits));
  return std::to_string(total / cards) + performance.substr(digits);
}

json network_info(const std::string& performance, const InterfaceLimits& limits, const std::string& ena, bool efa,
                  bool ipv6) {
  json cards = json::array();
  for (int c = 0; c < limits.cards; ++c)
    cards.push_back({{"NetworkCardIndex", c}, {"NetworkPerformance", card_performance(performance, limits.cards)},
                     {"MaximumNetworkInterfaces", limits.interfaces / limits.cards}});
  return {{"NetworkPerformance", performance},
          {"MaximumNetworkInterfaces", limits.interfaces},
          {"MaximumNetworkCards", limits.cards},
          {"DefaultNetworkCardIndex", 0},
          {"NetworkCards", std::move(cards)},
          {"Ipv4AddressesPerInterface", limits.ipv4},
          {"Ipv6AddressesPerInterface", ipv6 ? limits.ipv6 : 0},
          {"Ipv6Supported", ipv6},
          {"EnaSupport", ena},
          {"EfaSupported", efa},
          {"EncryptionInTransitSupported", ena != "unsupported"},
          {"EnaSrdSupported", false}};
}

// An accelerator other than a GPU, [count, name, manufacturer, memory MiB per device,
// the InstanceTypeInfo member AWS reports its kind in, [Neuron cores, version]].
void add_accelerators(json& t, const json& a) {
  const int count = a.at(0).get<int>();
  const int mib = a.at(3).get<int>();
  const std::string member = a.at(4).get<std::string>();
  const json memory = {{"SizeInMiB", mib}};
  if (member == "FpgaInfo") {
    t[member] = {{"Fpgas", json::array({{{"Name", a.at(1)}, {"Manufacturer", a.at(2)}, {"Count", count}, {"MemoryInfo", memory}}})},
                 {"TotalFpgaMemoryInMiB", count * mib}};
  } else if (member == "NeuronInfo") {
    const json cores = a.size() > 5 ? a.at(5) : json::array({2, 2});
    t[member] = {{"NeuronDevices", json::array({{{"Count", count}, {"Name", a.at(1)},
                                                 {"CoreInfo", {{"Count", cores.at(0)}, {"Version", cores.at(1)}}},
                                                 {"MemoryInfo", memory}}})},
                 {"TotalNeuronDeviceMemoryInMiB", count * mib}};
  } else {  // InferenceAcceleratorInfo, MediaAcceleratorInfo
    const char* total = member == "MediaAcceleratorInfo" ? "TotalMediaMemoryInMiB" : "TotalInferenceMemoryInMiB";
    t[member] = {{"Accelerators", json::array({{{"Count", count}, {"Name", a.at(1)}, {"Manufacturer", a.at(2)}, {"MemoryInfo", memory}}})},
                 {total, count * mib}};
  }
}

// A value the family gives once, or per size (a list parallel to its sizes).
const json& per_size(const json& value, std::size_t i) { return value.is_array() ? value.at(i) : value; }

void expand_family(const json& f, const json& size_vcpus, std::vector<InstanceType>& out) {
  const auto family = f.at("family").get<std::string>();
  const auto hypervisor = field<std::string>(f, "hypervisor", "nitro");
  const bool nitro = hypervisor == "nitro";
  const auto arch = f.at("arch");  // for the family, or a list per size (previous generations)
  const bool arm = (arch.at(0).is_array() ? arch.at(0).at(0) : arch.at(0)) == "arm64";
  const json threads_per_core = f.value("threads_per_core", json(2));  // for the family, or per size
  const int threads = per_size(threads_per_core, 0).get<int>();
  const bool burstable = field<bool>(f, "burstable", false);
  const json ena_support = f.value("ena", json("required"));  // for the family, or per size
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
  // Every list given size by size has one entry per size (the per-size forms of values a
  // family may give once are lists of lists or of scalars where a single value is not).
  for (const char* key : {"network", "storage", "gpus", "accelerators", "enis", "network_cards", "valid_cores"})
    if (f.contains(key) && f.at(key).size() != rows.size())
      throw std::runtime_error(family + ": " + key + " list does not match sizes");
  for (const char* key : {"clock", "ena", "ebs_optimized", "threads_per_core", "hibernation"})
    if (f.contains(key) && f.at(key).is_array() && f.at(key).size() != rows.size())
      throw std::runtime_error(family + ": " + key + " list does not match sizes");
  if (f.at("arch").at(0).is_array() && f.at("arch").size() != rows.size())
    throw std::runtime_error(family + ": arch list does not match sizes");
  const auto& network = f.at("network");
  const json* storage = f.contains("storage") ? &f.at("storage") : nullptr;
  const json* gpus = f.contains("gpus") ? &f.at("gpus") : nullptr;

  bool efa_reached = false;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& [size, vcpus, memory_gib] = rows[i];
    const bool metal = size.starts_with("metal");
    if (!efa_from.empty() && size == efa_from) efa_reached = true;
    const bool efa = efa_reached && !burstable;
    const int tpc = (vcpus == 1) ? 1 : per_size(threads_per_core, i).get<int>();

    json t;
    t["InstanceType"] = family + "." + size;
    t["CurrentGeneration"] = field<bool>(f, "current", true);
    bool is_free = false;
    for (const auto& ft : free_tier) is_free = is_free || ft == size;
    t["FreeTierEligible"] = is_free;
    t["SupportedUsageClasses"] = f.value("usage_classes", json::array({"on-demand", "spot"}));
    t["SupportedRootDeviceTypes"] =
        field<bool>(f, "instance_store_root", false) ? json::array({"ebs", "instance-store"}) : json::array({"ebs"});
    t["SupportedVirtualizationTypes"] = f.value("virtualization", json::array({"hvm"}));
    t["BareMetal"] = metal;
    if (!metal) t["Hypervisor"] = hypervisor;  // AWS names no hypervisor for bare metal
    json archs = arch.at(0).is_array()                                          ? arch.at(i)
                 : (vcpus <= 2 && f.contains("arch_small") && memory_gib <= 4) ? f.at("arch_small")
                                                                               : arch;
    t["ProcessorInfo"] = {{"SupportedArchitectures", archs}};
    if (const json& clock = per_size(f.at("clock"), i); !clock.is_null()) t["ProcessorInfo"]["SustainedClockSpeedInGhz"] = clock;
    t["ProcessorInfo"]["Manufacturer"] = f.at("manufacturer");
    json vcpu = {{"DefaultVCpus", vcpus}, {"DefaultCores", vcpus / tpc}, {"DefaultThreadsPerCore", tpc}};
    if (f.contains("valid_cores")) {  // as AWS lists them, size by size
      const json& cores = f.at("valid_cores").at(i);
      for (const auto& c : cores)
        if (c.get<int>() < 1 || c.get<int>() > vcpus / tpc)
          throw std::runtime_error(family + "." + size + ": valid core count " + c.dump() + " is not within its cores");
      if (!cores.empty()) vcpu["ValidCores"] = cores;
      const json threads = f.value("valid_threads", json::array());  // for the family, or per size
      const json& size_threads = !threads.empty() && threads.at(0).is_array() ? threads.at(i) : threads;
      if (!size_threads.empty() && !metal) vcpu["ValidThreadsPerCore"] = size_threads;
    } else if (!burstable && !metal && tpc == 2) {
      vcpu["ValidThreadsPerCore"] = json::array({1, 2});
    }
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
    t["EbsInfo"] = {{"EbsOptimizedSupport", per_size(f.value("ebs_optimized", json("default")), i)},
                    {"EncryptionSupport", "supported"},
                    {"NvmeSupport", ebs_nvme}};
    const InterfaceLimits limits = interface_limits(f, i, vcpus);
    t["NetworkInfo"] = network_info(network.at(i).get<std::string>(), limits, per_size(ena_support, i).get<std::string>(),
                                    efa, field<bool>(f, "ipv6", true) && limits.ipv6 > 0);  // no IPv6 addresses: none
    if (gpus) {
      const auto& g = gpus->at(i);
      int count = g.at(0).get<int>();
      int mib = g.at(3).get<int>();
      t["GpuInfo"] = {{"Gpus", json::array({{{"Name", g.at(1)}, {"Manufacturer", g.at(2)}, {"Count", count},
                                             {"MemoryInfo", {{"SizeInMiB", mib}}}}})},
                      {"TotalGpuMemoryInMiB", count * mib}};
    }
    if (f.contains("accelerators")) add_accelerators(t, f.at("accelerators").at(i));
    t["PlacementGroupInfo"] = {{"SupportedStrategies", f.value("placement", json::array({"cluster", "partition", "spread"}))}};
    // Hibernation: listed size by size, or for the family under AWS's 150 GiB of memory.
    const json hibernation = f.value("hibernation", json(false));
    t["HibernationSupported"] = hibernation.is_array() ? hibernation.at(i).get<bool>()
                                                       : hibernation.get<bool>() && !metal && memory_gib < 150;
    t["BurstablePerformanceSupported"] = burstable;
    t["DedicatedHostsSupported"] = field<bool>(f, "dedicated_hosts", true);
    t["AutoRecoverySupported"] = field<bool>(f, "auto_recovery", storage == nullptr);
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
