// A VPC's switches (enableDnsSupport, enableDnsHostnames …) as other resources read them.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

// The VPC's `member` switch (EnableDnsSupport, EnableDnsHostnames,
// EnableNetworkAddressUsageMetrics): as set, else AWS's default.
bool vpc_attribute(const nlohmann::ordered_json& vpc, const std::string& member);

// Marks an instance of a VPC without DNS host names (it shows no public DNS name).
void follow_dns_hostnames(nlohmann::ordered_json& instance, bool hostnames);

}  // namespace ec2sim::sim
