// What a launch or a start must know about an account's instances in a Region: the vCPUs
// its running instances hold in each quota bucket (sim/quotas.hpp), and the private
// addresses its instances hold, by subnet id. A busy account has thousands of instances,
// each visit a few cache misses, so the census is kept with the instance table between
// requests (Writer::derived) and taken again only when the table's stamp moved for
// another reason (Reader::stamp).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

#include "sim/context.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/store/store.hpp"

namespace ec2sim::sim {

struct InstanceCensus {
  // vCPUs of the instances that hold capacity (all but stopped and terminated ones), by
  // vCPU quota name ("vcpus-standard", "spot-vcpus-g" …).
  std::map<std::string, std::int64_t, std::less<>> vcpus;
  // By instances and by the stored network interfaces (a NAT gateway's …), by subnet id;
  // the subnets' CIDR reservations held back from being given out.
  std::unordered_map<std::string, UsedAddresses> used_addresses;
  std::uint64_t interfaces_stamp = 0;    // the interface table's stamp these are current for
  std::uint64_t reservations_stamp = 0;  // and the reservation table's
};

// The census of the request's account and Region, up to date for `w`. A write that changes
// it in step with the instances it puts says so with
// w.keep_current<InstanceCensus>(ctx.scope(), kind::instance).
InstanceCensus& instance_census(store::Writer& w, const RequestContext& ctx);

// How many instances (at most `max`) of `type` may start now within the account's vCPU
// quota for it; throws VcpuLimitExceeded, with AWS's message, when fewer than `min` may.
int instances_within_quota(const RequestContext& ctx, const InstanceCensus& census,
                           const catalog::InstanceType& type, bool spot, int min, int max);

// The vCPUs an instance of `type` counts for (the type's, whatever its CpuOptions).
int vcpus_of(const catalog::InstanceType& type);

}  // namespace ec2sim::sim
