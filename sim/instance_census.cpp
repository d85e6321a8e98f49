#include "sim/instance_census.hpp"
#include "sim/records.hpp"

#include "sim/errors.hpp"
#include "sim/quotas.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {
namespace {

bool holds_capacity(const nlohmann::ordered_json& instance) {
  const auto& state = InstanceRecord(instance).state();
  return state != "stopped" && state != "terminated";
}

}  // namespace

int vcpus_of(const catalog::InstanceType& type) { return type.info.at("VCpuInfo").at("DefaultVCpus").get<int>(); }

InstanceCensus& instance_census(store::Writer& w, const RequestContext& ctx) {
  const auto take = [&](InstanceCensus& census) {
    for (const auto& [id, i] : w.all(ctx.scope(), kind::instance)) {
      if (holds_capacity(i)) {
        if (const auto* type = ctx.catalog.find_instance_type(InstanceRecord(i).instance_type()))
          census.vcpus[vcpu_quota_name(type->name, InstanceRecord(i).lifecycle() == "spot")] += vcpus_of(*type);
      }
      auto subnet = i.find("SubnetId");
      if (subnet == i.end()) continue;  // terminated: its addresses are free again
      UsedAddresses& used = census.used_addresses[subnet->get<std::string>()];
      if (auto ip = i.find("PrivateIpAddress"); ip != i.end()) used.add(ip->get_ref<const std::string&>());
      if (auto secondary = i.find("_SecondaryIps"); secondary != i.end())
        for (const auto& ip : *secondary) used.add(ip.get_ref<const std::string&>());
    }
    for (const auto& [id, eni] : w.all(ctx.scope(), kind::network_interface)) {
      UsedAddresses& used = census.used_addresses[eni.at("SubnetId").get<std::string>()];
      for (const auto& ip : eni.at("PrivateIpAddresses")) used.add(ip.at("PrivateIpAddress").get_ref<const std::string&>());
    }
    for (const auto& [id, reservation] : w.all(ctx.scope(), kind::subnet_cidr_reservation))
      census.used_addresses[reservation.at("SubnetId").get<std::string>()].hold(reservation.at("Cidr").get_ref<const std::string&>());
    // After the walks, which may load the tables.
    census.interfaces_stamp = w.stamp(ctx.scope(), kind::network_interface);
    census.reservations_stamp = w.stamp(ctx.scope(), kind::subnet_cidr_reservation);
  };
  // Kept with the instance table; taken again when the interface or reservation table moved as well.
  InstanceCensus& census = w.derived<InstanceCensus>(ctx.scope(), kind::instance, take);
  if (census.interfaces_stamp != w.stamp(ctx.scope(), kind::network_interface) ||
      census.reservations_stamp != w.stamp(ctx.scope(), kind::subnet_cidr_reservation)) {
    census = InstanceCensus{};
    take(census);
  }
  return census;
}

int instances_within_quota(const RequestContext& ctx, const InstanceCensus& census,
                           const catalog::InstanceType& type, bool spot, int min, int max) {
  const std::string quota = vcpu_quota_name(type.name, spot);
  const std::int64_t limit = ctx.settings.quotas[quota];
  auto used = census.vcpus.find(quota);
  const std::int64_t free = limit - (used == census.vcpus.end() ? 0 : used->second);
  const std::int64_t fit = free / vcpus_of(type);
  if (fit < min)
    throw ApiError::client("VcpuLimitExceeded",
                           "You have requested more vCPU capacity than your current vCPU limit of " + std::to_string(limit) +
                               " allows for the instance bucket that the specified instance type belongs to. Please "
                               "visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.");
  return static_cast<int>(std::min<std::int64_t>(fit, max));
}

}  // namespace ec2sim::sim
