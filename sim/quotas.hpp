// EC2's quotas (Service Quotas), with AWS's names, codes and defaults, and `--quota
// NAME=VALUE` to set one lower (a classroom's 32 vCPUs) or higher (a benchmark).
//
// Instances are limited, as on AWS since 2019, by the vCPUs of the running (pending or
// running) instances of each instance bucket — Standard (A, C, D, H, I, M, R, T, Z), F,
// G and VT, Inf, P, X, DL, Trn, HPC, High Memory — on-demand and spot apart
// (VcpuLimitExceeded). The defaults are an established account's (1,152 standard vCPUs:
// a thousand t2.micro launch), not a new account's handful.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ec2sim::sim {

struct QuotaInfo {
  std::string_view name;         // what --quota calls it
  std::int64_t default_value;
  std::string_view aws_name;     // Service Quotas' name
};

class Quotas {
 public:
  Quotas();  // every quota at its default

  // Every quota ec2sim enforces, in a fixed order (for --help and errors).
  static const std::vector<QuotaInfo>& known();

  // "NAME=VALUE" (VALUE a whole number ≥ 0). Throws std::invalid_argument naming the
  // known quotas when NAME is not one.
  void set(std::string_view assignment);

  std::int64_t operator[](std::string_view name) const;

 private:
  std::map<std::string, std::int64_t, std::less<>> values_;
};

// Throws ApiError(400, `code`, `message`) unless `used` + `adding` stays within the quota
// `name` — the one shape of every count-limited quota's check.
void require_within(const Quotas& quotas, std::string_view name, std::int64_t used, std::int64_t adding,
                    const char* code, const std::string& message);

// The vCPU quota an instance type counts against: "vcpus-standard", "vcpus-g" … or, for
// a spot instance, "spot-vcpus-standard" ….
std::string vcpu_quota_name(std::string_view instance_type, bool spot);

}  // namespace ec2sim::sim
