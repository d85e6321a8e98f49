// What a RunInstances request resolves to, checked as AWS checks it, before anything is
// created (sim/launch_checks.cpp); sim/run_instances.cpp then makes it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"
#include "sim/guest_storage.hpp"
#include "sim/instance_census.hpp"
#include "sim/placement_groups.hpp"
#include "sim/volumes.hpp"

namespace ec2sim::sim {

// What the request resolves to before anything is created.
struct Launch {
  const catalog::Image* image = nullptr;
  std::optional<catalog::Image> own_image;  // where `image` points for the account's own AMI
  const catalog::InstanceType* type = nullptr;
  std::string key_name;
  const nlohmann::ordered_json* key = nullptr;  // the key pair's document
  nlohmann::ordered_json adopted;               // an existing interface the launch makes the primary; null: a new one
  const nlohmann::ordered_json* subnet = nullptr;
  std::vector<const nlohmann::ordered_json*> groups;
  bool public_ip = false;
  std::string private_ip;  // asked for by the request; empty: the subnet's next free one
  std::vector<std::string> secondary_ips;  // the interface's other addresses, asked for by the request
  int secondary_count = 0;                 // or how many the subnet gives it
  nlohmann::ordered_json ipv6_named = nlohmann::ordered_json::array();  // IPv6 addresses the request names
  int ipv6_count = 0;                      // or how many the subnet's IPv6 block gives
  int count = 0;
  bool spot = false;        // InstanceMarketOptions.MarketType spot: the spot vCPU quotas
  nlohmann::ordered_json root_ebs;            // the root device's EbsBlockDevice after overrides
  nlohmann::ordered_json extra_mappings;      // [{DeviceName, Ebs}] beyond the root
  std::vector<VolumeSpec> volumes;  // each instance's EBS volumes, root first
  std::map<std::string, nlohmann::ordered_json> tags;
  GroupPlacement placement;
  InstanceCensus* census = nullptr;  // the account's instances, summed up
};

// Resolves and checks a RunInstances request (over its launch template) into `launch`, as
// AWS does: image, type and architecture, counts, key, interface, subnet, groups,
// addresses, block devices, options, Spot options, then the vCPU quota and placement.
void check_launch_request(const RequestContext& ctx, store::Writer& w, const nlohmann::ordered_json& input, Launch& launch);

// Every address the request names itself, primary first.
std::vector<const std::string*> addresses_asked(const Launch& launch);

}  // namespace ec2sim::sim
