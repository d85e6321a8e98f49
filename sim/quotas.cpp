#include "sim/quotas.hpp"

#include <stdexcept>

#include "sim/errors.hpp"

namespace ec2sim::sim {
namespace {

// The on-demand vCPU defaults are those AWS documented for established accounts (Service
// Quotas L-1216C47A for standard …); spot gets the same, where AWS now starts new
// accounts at 5 (a simulator's users should not trip over that). The rest are AWS's
// documented defaults.
const std::vector<QuotaInfo> kKnown = {
    {"vcpus-standard", 1152, "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances"},
    {"vcpus-f", 128, "Running On-Demand F instances"},
    {"vcpus-g", 128, "Running On-Demand G and VT instances"},
    {"vcpus-inf", 128, "Running On-Demand Inf instances"},
    {"vcpus-p", 128, "Running On-Demand P instances"},
    {"vcpus-x", 128, "Running On-Demand X instances"},
    {"vcpus-dl", 96, "Running On-Demand DL instances"},
    {"vcpus-trn", 256, "Running On-Demand Trn instances"},
    {"vcpus-hpc", 768, "Running On-Demand HPC instances"},
    {"vcpus-high-memory", 448, "Running On-Demand High Memory instances"},
    {"spot-vcpus-standard", 1152, "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests"},
    {"spot-vcpus-f", 128, "All F Spot Instance Requests"},
    {"spot-vcpus-g", 128, "All G and VT Spot Instance Requests"},
    {"spot-vcpus-inf", 128, "All Inf Spot Instance Requests"},
    {"spot-vcpus-p", 128, "All P Spot Instance Requests"},
    {"spot-vcpus-x", 128, "All X Spot Instance Requests"},
    {"spot-vcpus-dl", 96, "All DL Spot Instance Requests"},
    {"spot-vcpus-trn", 256, "All Trn Spot Instance Requests"},
    {"spot-vcpus-hpc", 768, "All HPC Spot Instance Requests"},
    {"spot-vcpus-high-memory", 448, "All High Memory Spot Instance Requests"},
    {"elastic-ips", 5, "EC2-VPC Elastic IPs"},
    {"key-pairs", 5000, "Key pairs per Region"},
    {"vpcs", 5, "VPCs per Region"},
    {"subnets-per-vpc", 200, "Subnets per VPC"},
    {"security-groups", 2500, "VPC security groups per Region"},
    {"rules-per-security-group", 60, "Inbound or outbound rules per security group"},
    {"security-groups-per-interface", 5, "Security groups per network interface"},
    {"instances-per-request", 1000, "Instances one RunInstances call may launch"},
    {"gp2-storage-tib", 50, "Storage for General Purpose SSD (gp2) volumes, in TiB"},
    {"gp3-storage-tib", 50, "Storage for General Purpose SSD (gp3) volumes, in TiB"},
    {"io1-storage-tib", 50, "Storage for Provisioned IOPS SSD (io1) volumes, in TiB"},
    {"io2-storage-tib", 20, "Storage for Provisioned IOPS SSD (io2) volumes, in TiB"},
    {"st1-storage-tib", 50, "Storage for Throughput Optimized HDD (st1) volumes, in TiB"},
    {"sc1-storage-tib", 50, "Storage for Cold HDD (sc1) volumes, in TiB"},
    {"standard-storage-tib", 50, "Storage for Magnetic (standard) volumes, in TiB"},
    {"io1-iops", 300000, "IOPS for Provisioned IOPS SSD (io1) volumes"},
    {"io2-iops", 100000, "IOPS for Provisioned IOPS SSD (io2) volumes"},
    {"snapshots", 100000, "Snapshots per Region"},
};

// AWS's bucket of an instance family, by its name's prefix (longer prefixes first: "inf"
// before "i", "dl" before "d", "hpc" before "h", "gr" before "g").
std::string_view bucket_of(std::string_view type) {
  if (type.starts_with("u-") || type.starts_with("u6") || type.starts_with("u7")) return "high-memory";
  if (type.starts_with("inf")) return "inf";
  if (type.starts_with("trn")) return "trn";
  if (type.starts_with("dl")) return "dl";
  if (type.starts_with("hpc")) return "hpc";
  if (type.starts_with("vt") || type.starts_with("g")) return "g";
  if (type.starts_with("p")) return "p";
  if (type.starts_with("f")) return "f";
  if (type.starts_with("x")) return "x";
  return "standard";
}

}  // namespace

const std::vector<QuotaInfo>& Quotas::known() { return kKnown; }

Quotas::Quotas() {
  for (const auto& q : known()) values_.emplace(std::string(q.name), q.default_value);
}

void Quotas::set(std::string_view assignment) {
  const auto eq = assignment.find('=');
  const std::string name(assignment.substr(0, eq));
  auto it = values_.find(name);
  if (eq == std::string_view::npos || it == values_.end()) {
    std::string names;
    for (const auto& q : known()) names += (names.empty() ? "" : ", ") + std::string(q.name);
    throw std::invalid_argument("unknown quota '" + name + "' (expected NAME=VALUE, NAME one of: " + names + ")");
  }
  const std::string value(assignment.substr(eq + 1));
  if (value.empty() || value.size() > 15 || value.find_first_not_of("0123456789") != std::string::npos)
    throw std::invalid_argument("quota " + name + " needs a whole number, not '" + value + "'");
  it->second = std::stoll(value);
}

std::int64_t Quotas::operator[](std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw std::logic_error("no quota named " + std::string(name));
  return it->second;
}

void require_within(const Quotas& quotas, std::string_view name, std::int64_t used, std::int64_t adding,
                    const char* code, const std::string& message) {
  if (used + adding > quotas[name]) throw ApiError::client(code, message);
}

std::string vcpu_quota_name(std::string_view instance_type, bool spot) {
  return std::string(spot ? "spot-" : "") + "vcpus-" + std::string(bucket_of(instance_type));
}

}  // namespace ec2sim::sim
