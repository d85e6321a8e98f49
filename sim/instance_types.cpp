// DescribeInstanceTypes and DescribeInstanceTypeOfferings over the catalog, as the
// request's Region offers it.
#include "sim/instance_types.hpp"

#include "sim/errors.hpp"
#include "sim/filters.hpp"
#include "sim/handlers.hpp"
#include "sim/pagination.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

const FilterTable& instance_type_filters() {
  static const FilterTable table{
      {"auto-recovery-supported", Path::path("AutoRecoverySupported")},
      {"bare-metal", Path::path("BareMetal")},
      {"burstable-performance-supported", Path::path("BurstablePerformanceSupported")},
      {"current-generation", Path::path("CurrentGeneration")},
      {"dedicated-hosts-supported", Path::path("DedicatedHostsSupported")},
      {"ebs-info.ebs-optimized-support", Path::path("EbsInfo.EbsOptimizedSupport")},
      {"ebs-info.encryption-support", Path::path("EbsInfo.EncryptionSupport")},
      {"ebs-info.nvme-support", Path::path("EbsInfo.NvmeSupport")},
      {"free-tier-eligible", Path::path("FreeTierEligible")},
      {"hibernation-supported", Path::path("HibernationSupported")},
      {"hypervisor", Path::path("Hypervisor")},
      {"instance-storage-info.disk.count", Path::path("InstanceStorageInfo.Disks.Count")},
      {"instance-storage-info.disk.size-in-gb", Path::path("InstanceStorageInfo.Disks.SizeInGB")},
      {"instance-storage-info.disk.type", Path::path("InstanceStorageInfo.Disks.Type")},
      {"instance-storage-info.encryption-support", Path::path("InstanceStorageInfo.EncryptionSupport")},
      {"instance-storage-info.nvme-support", Path::path("InstanceStorageInfo.NvmeSupport")},
      {"instance-storage-info.total-size-in-gb", Path::path("InstanceStorageInfo.TotalSizeInGB")},
      {"instance-storage-supported", Path::path("InstanceStorageSupported")},
      {"instance-type", Path::path("InstanceType")},
      {"memory-info.size-in-mib", Path::path("MemoryInfo.SizeInMiB")},
      {"network-info.efa-supported", Path::path("NetworkInfo.EfaSupported")},
      {"network-info.ena-support", Path::path("NetworkInfo.EnaSupport")},
      {"network-info.encryption-in-transit-supported", Path::path("NetworkInfo.EncryptionInTransitSupported")},
      {"network-info.ipv4-addresses-per-interface", Path::path("NetworkInfo.Ipv4AddressesPerInterface")},
      {"network-info.ipv6-addresses-per-interface", Path::path("NetworkInfo.Ipv6AddressesPerInterface")},
      {"network-info.ipv6-supported", Path::path("NetworkInfo.Ipv6Supported")},
      {"network-info.maximum-network-cards", Path::path("NetworkInfo.MaximumNetworkCards")},
      {"network-info.maximum-network-interfaces", Path::path("NetworkInfo.MaximumNetworkInterfaces")},
      {"network-info.network-performance", Path::path("NetworkInfo.NetworkPerformance")},
      {"processor-info.manufacturer", Path::path("ProcessorInfo.Manufacturer")},
      {"processor-info.supported-architecture", Path::path("ProcessorInfo.SupportedArchitectures")},
      {"processor-info.sustained-clock-speed-in-ghz", Path::path("ProcessorInfo.SustainedClockSpeedInGhz")},
      {"supported-boot-mode", Path::path("SupportedBootModes")},
      {"supported-root-device-type", Path::path("SupportedRootDeviceTypes")},
      {"supported-usage-class", Path::path("SupportedUsageClasses")},
      {"supported-virtualization-type", Path::path("SupportedVirtualizationTypes")},
      {"vcpu-info.default-cores", Path::path("VCpuInfo.DefaultCores")},
      {"vcpu-info.default-threads-per-core", Path::path("VCpuInfo.DefaultThreadsPerCore")},
      {"vcpu-info.default-vcpus", Path::path("VCpuInfo.DefaultVCpus")},
      {"vcpu-info.valid-cores", Path::path("VCpuInfo.ValidCores")},
      {"vcpu-info.valid-threads-per-core", Path::path("VCpuInfo.ValidThreadsPerCore")},
  };
  return table;
}

const FilterTable& offering_filters() {
  static const FilterTable table{
      {"instance-type", Path::path("InstanceType")},
      {"location", Path::path("Location")},
  };
  return table;
}

}  // namespace

const catalog::InstanceType& offered_instance_type(const RequestContext& ctx, const std::string& name) {
  const auto* type = ctx.catalog.find_instance_type(name);
  if (!type) throw ApiError::invalid_value("Invalid value '" + name + "' for InstanceType.");
  if (!ctx.catalog.offers(ctx.region.name, name))
    throw ApiError::client("Unsupported",
                           "The requested configuration is currently not supported. Please check the documentation for supported configurations.");
  return *type;
}

json describe_instance_types(const RequestContext& ctx, const json& input) {
  auto filters = filters_from_request(input);
  instance_type_filters().validate(filters);
  auto page = page_request(input, 100);

  std::vector<const catalog::InstanceType*> selected;
  if (auto names = input.find("InstanceTypes"); names != input.end() && !names->empty()) {
    std::string missing;
    for (const auto& n : *names) {
      const auto* t = ctx.catalog.find_instance_type(n.get<std::string>());
      if (!t || !ctx.catalog.offers(ctx.region.name, t->name)) missing += (missing.empty() ? "" : ", ") + n.get<std::string>();
      else if (std::find(selected.begin(), selected.end(), t) == selected.end()) selected.push_back(t);
    }
    if (!missing.empty())
      throw ApiError::client("InvalidInstanceType", "The following supplied instance types do not exist: [" + missing + "]");
    std::sort(selected.begin(), selected.end(), [](auto* a, auto* b) { return a->name < b->name; });
  } else {
    selected = ctx.catalog.offered_types(ctx.region.name);
  }

  std::vector<const catalog::InstanceType*> matching;
  for (const auto* t : selected)
    if (instance_type_filters().matches(filters, t->info)) matching.push_back(t);

  return paged_result(
      "InstanceTypes", matching, page, [](const catalog::InstanceType& t) -> const std::string& { return t.name; },
      [&](const catalog::InstanceType& t) { return constant(ctx.borrowed, t.info); });  // catalog documents never change
}

json describe_instance_type_offerings(const RequestContext& ctx, const json& input) {
  auto filters = filters_from_request(input);
  offering_filters().validate(filters);
  auto page = page_request(input, 1000);
  const std::string location_type = input.value("LocationType", "region");

  // Offerings are listed type by type; within a type by location. The page key joins
  // both so it is unique.
  struct Offering {
    std::string key;
    json doc;
  };
  std::vector<Offering> offerings;
  for (const auto* t : ctx.catalog.offered_types(ctx.region.name)) {
    auto add = [&](const std::string& location) {
      json doc = {{"InstanceType", t->name}, {"LocationType", location_type}, {"Location", location}};
      if (offering_filters().matches(filters, doc)) offerings.push_back({t->name + "/" + location, std::move(doc)});
    };
    if (location_type == "region") add(ctx.region.name);
    else
      for (const auto& z : ctx.region.zones) add(location_type == "availability-zone" ? z.name : z.id);
  }
  std::vector<const Offering*> sorted;
  for (const auto& o : offerings) sorted.push_back(&o);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->key < b->key; });

  return paged_result(
      "InstanceTypeOfferings", sorted, page, [](const Offering& o) -> const std::string& { return o.key; },
      [](const Offering& o) { return o.doc; });
}

}  // namespace ec2sim::sim
