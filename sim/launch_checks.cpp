// RunInstances' checks: what a launch request resolves to (the image, type, subnet,
// groups, addresses, volumes …), refused with AWS's error codes before anything is made.
#include "sim/faults.hpp"
#include "sim/launch_checks.hpp"

#include <algorithm>
#include <random>
#include <set>

#include "sim/errors.hpp"
#include "sim/instance_types.hpp"
#include "sim/instances.hpp"
#include "sim/interface_records.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/launch_templates.hpp"
#include "sim/network_interfaces.hpp"
#include "sim/own_images.hpp"
#include "sim/quotas.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/spot_requests.hpp"
#include "sim/ssh_keys.hpp"
#include "sim/ssm_parameters.hpp"
#include "sim/tags.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

// A public AMI of the catalog, or one of the account's own (kept in `own`).
const catalog::Image& find_image(const RequestContext& ctx, const store::Reader& w, const std::string& id,
                                 std::optional<catalog::Image>& own) {
  if (!is_id(id, "ami")) throw ApiError::client("InvalidAMIID.Malformed", "Invalid id: \"" + id + "\" (expecting \"ami-...\")");
  if (const auto* image = ctx.catalog.find_image(ctx.region.name, id)) return *image;
  own = find_own_image(w, ctx, id);
  if (!own) throw ApiError::client("InvalidAMIID.NotFound", "The image id '[" + id + "]' does not exist");
  if (own->info.at("State") != "available")
    throw ApiError::client("InvalidAMIID.Unavailable", "The image '" + id + "' is not available (it is " +
                                                           own->info.at("State").get<std::string>() + ").");
  return *own;
}

const json& find_subnet(const RequestContext& ctx, store::Writer& w, const json& input, const json* interface) {
  std::string subnet_id = input.value("SubnetId", "");
  if (interface && interface->contains("SubnetId")) subnet_id = interface->at("SubnetId").get<std::string>();
  const std::string zone = input.value("Placement", json::object()).value("AvailabilityZone", "");
  if (!zone.empty() && !ctx.region.find_zone(zone))
    throw ApiError::invalid_value("Invalid availability zone: [" + zone + "]");
  if (!subnet_id.empty()) {
    const json* subnet = w.find(ctx.scope(), kind::subnet, subnet_id);
    if (!subnet) throw ApiError::client("InvalidSubnetID.NotFound", "The subnet ID '" + subnet_id + "' does not exist");
    if (!zone.empty() && subnet->at("AvailabilityZone") != zone)
      throw ApiError::invalid_value("Subnet " + subnet_id + " is in " + subnet->at("AvailabilityZone").get<std::string>() +
                                    ", not in the requested availability zone " + zone + ".");
    return *subnet;
  }
  // No subnet: the default subnet of the requested zone, or of a zone AWS picks (one that
  // has capacity, when an outage took one away: sim/faults.hpp).
  std::vector<const json*> defaults;
  for (const auto& [id, s] : w.all(ctx.scope(), kind::subnet))
    if (s.value("DefaultForAz", false) && (zone.empty() || s.at("AvailabilityZone") == zone)) defaults.push_back(&s);
  if (defaults.empty())
    throw ApiError::client("VPCIdNotSpecified", "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.");
  if (zone.empty()) {
    std::vector<const json*> with_capacity;
    for (const json* s : defaults)
      if (!zone_impaired(w, ctx, s->at("AvailabilityZone").get<std::string>())) with_capacity.push_back(s);
    if (!with_capacity.empty()) defaults = std::move(with_capacity);  // else the launch meets the outage
  }
  thread_local std::mt19937 engine{std::random_device{}()};
  return *defaults[std::uniform_int_distribution<std::size_t>(0, defaults.size() - 1)(engine)];
}


// The groups a launch names (at the top, or on its interface), else the VPC's default.
std::vector<const json*> find_groups(const RequestContext& ctx, store::Writer& w, const json& input,
                                     const json* interface, const json& subnet) {
  json ids = input.value("SecurityGroupIds", json::array());
  if (interface && interface->contains("Groups")) ids = interface->at("Groups");
  return interface_groups(ctx, w, ids, input.value("SecurityGroups", json::array()), subnet);
}

// A network interface's addresses: PrivateIpAddresses names them, the one marked Primary
// (else the interface's PrivateIpAddress, else the first) primary and the others
// secondary; SecondaryPrivateIpAddressCount asks the subnet for more instead. The type
// limits addresses per interface (NetworkInfo.Ipv4AddressesPerInterface).
void choose_interface_addresses(const json& interface, const catalog::InstanceType& type, Launch& launch) {
  const json listed = interface.value("PrivateIpAddresses", json::array());
  launch.secondary_count = interface.value("SecondaryPrivateIpAddressCount", 0);
  if (!listed.empty() && launch.secondary_count > 0)
    throw ApiError::invalid_combination(
        "SecondaryPrivateIpAddressCount and PrivateIpAddresses may not be specified on the same network interface");
  if (launch.secondary_count < 0)
    throw ApiError::invalid_value("Value (" + std::to_string(launch.secondary_count) +
                                  ") for parameter secondaryPrivateIpAddressCount is invalid.");
  std::string primary;
  for (const auto& entry : listed) {
    const std::string ip = entry.value("PrivateIpAddress", "");
    if (ip.empty()) throw ApiError::missing_parameter("The request must contain the parameter PrivateIpAddresses.N.PrivateIpAddress");
    if (!entry.value("Primary", false)) continue;
    if (!primary.empty()) throw ApiError::invalid_value("Only one primary private IP address can be specified per network interface.");
    primary = ip;
  }
  if (!primary.empty() && !launch.private_ip.empty() && primary != launch.private_ip)
    throw ApiError::invalid_combination("The primary private IP address " + primary +
                                        " differs from the network interface's PrivateIpAddress " + launch.private_ip + ".");
  if (primary.empty()) primary = !launch.private_ip.empty() ? launch.private_ip
                                 : listed.empty()          ? ""
                                                           : listed.at(0).at("PrivateIpAddress").get<std::string>();
  launch.private_ip = primary;
  for (const auto& entry : listed)
    if (const std::string ip = entry.at("PrivateIpAddress").get<std::string>(); ip != primary) launch.secondary_ips.push_back(ip);
  const std::size_t addresses = 1 + launch.secondary_ips.size() + static_cast<std::size_t>(launch.secondary_count);
  const int limit = type.info.at("NetworkInfo").value("Ipv4AddressesPerInterface", 1);
  if (addresses > static_cast<std::size_t>(limit))
    throw ApiError::client("PrivateIpAddressLimitExceeded", "Number of private addresses will exceed limit of " +
                                                                std::to_string(limit) + " for instance type " + type.name + ".");
}


void resolve_block_devices(const json& input, Launch& launch) {
  const auto& image = launch.image->info;
  const std::string root_device = image.at("RootDeviceName").get<std::string>();
  launch.root_ebs = image.at("BlockDeviceMappings").at(0).at("Ebs");
  launch.extra_mappings = json::array();
  std::set<std::string> devices;
  for (const auto& m : input.value("BlockDeviceMappings", json::array())) {
    const std::string device = m.value("DeviceName", "");
    if (device.empty()) throw ApiError::missing_parameter("The request must contain the parameter BlockDeviceMapping.DeviceName");
    if (!devices.insert(device).second)
      throw ApiError::client("InvalidBlockDeviceMapping", "The device '" + device + "' is used in more than one block-device mapping");
    if (m.contains("VirtualName") || m.contains("NoDevice")) continue;  // instance store and suppressions
    if (!m.contains("Ebs")) throw ApiError::client("InvalidBlockDeviceMapping", "Device " + device + " needs an Ebs mapping.");
    if (device == root_device) {
      json ebs = launch.root_ebs;
      for (const auto& [k, v] : m.at("Ebs").items()) ebs[k] = v;
      if (ebs.value("VolumeType", "") != "gp3") {
        ebs.erase("Throughput");
        if (!m.at("Ebs").contains("Iops")) ebs.erase("Iops");
      }
      launch.root_ebs = ebs;
    } else {
      launch.extra_mappings.push_back({{"DeviceName", device}, {"Ebs", m.at("Ebs")}});
    }
  }
  // The image's other EBS volumes (an AMI made by CreateImage of an instance with data
  // volumes), unless the request maps their devices itself.
  const auto& image_mappings = image.at("BlockDeviceMappings");
  for (std::size_t i = 1; i < image_mappings.size(); ++i) {
    const auto& m = image_mappings.at(i);
    if (m.contains("Ebs") && !devices.contains(m.at("DeviceName").get<std::string>()))
      launch.extra_mappings.push_back({{"DeviceName", m.at("DeviceName")}, {"Ebs", m.at("Ebs")}});
  }
}

void check_metadata_and_cpu_options(const json& input, const catalog::InstanceType& type) {
  const json metadata = input.value("MetadataOptions", json::object());
  if (metadata.contains("HttpPutResponseHopLimit")) {
    const int hops = metadata.at("HttpPutResponseHopLimit").get<int>();
    if (hops < 1 || hops > 64)
      throw ApiError::invalid_value("The HttpPutResponseHopLimit must be between 1 and 64; " + std::to_string(hops) + " is not.");
  }
  const json cpu = input.value("CpuOptions", json::object());
  if (cpu.empty()) return;
  const auto& info = type.info.at("VCpuInfo");
  const int cores = cpu.value("CoreCount", info.at("DefaultCores").get<int>());
  const int threads = cpu.value("ThreadsPerCore", info.at("DefaultThreadsPerCore").get<int>());
  const json valid_threads = info.value("ValidThreadsPerCore", json::array({info.at("DefaultThreadsPerCore")}));
  const bool threads_ok = std::find(valid_threads.begin(), valid_threads.end(), threads) != valid_threads.end();
  // The core counts AWS lists for the type (even counts only on many Intel sizes), else any up to the default.
  const json valid_cores = info.value("ValidCores", json::array());
  const bool cores_ok = valid_cores.empty() ? cores >= 1 && cores <= info.at("DefaultCores").get<int>()
                                            : std::find(valid_cores.begin(), valid_cores.end(), cores) != valid_cores.end();
  if (!cores_ok || !threads_ok || cores * threads > info.at("DefaultVCpus").get<int>())
    throw ApiError::invalid_value("CPU options " + std::to_string(cores) + " cores x " + std::to_string(threads) +
                                  " threads are not valid for instance type " + type.name + ".");
}

// Capacity reservations can't be created in ec2sim yet, so a request naming one names
// something that does not exist, and gets the error AWS gives for that.
void check_named_reservation(const json& input) {
  const json reservation = input.value("CapacityReservationSpecification", json::object());
  if (auto target = reservation.find("CapacityReservationTarget"); target != reservation.end()) {
    if (reservation.contains("CapacityReservationPreference"))
      throw ApiError::invalid_combination(
          "CapacityReservationPreference and CapacityReservationTarget may not be specified on the same request");
    if (target->contains("CapacityReservationResourceGroupArn"))
      throw ApiError::invalid_value("The capacity reservation resource group '" +
                                    target->at("CapacityReservationResourceGroupArn").get<std::string>() +
                                    "' does not exist.");
    const std::string id = target->value("CapacityReservationId", "");
    if (!is_id(id, "cr"))
      throw ApiError::client("InvalidCapacityReservationId.Malformed", "The capacity reservation ID '" + id + "' is malformed.");
    throw ApiError::client("InvalidCapacityReservationId.NotFound", "The capacity reservation ID '" + id + "' does not exist.");
  }
}

// CPU credits (burstable types only), IPv6 addresses (a type with IPv6, a subnet with an
// IPv6 block; one by default where the subnet assigns them on creation) and hibernation's
// prerequisites.
void check_type_dependent_options(const RequestContext& ctx, store::Writer& w, const json& input, const json* interface, int max,
                                  Launch& launch) {
  const auto& type = *launch.type;
  if (auto credits = input.value("CreditSpecification", json::object()); credits.contains("CpuCredits")) {
    const std::string mode = credits.at("CpuCredits").get<std::string>();
    if (mode != "standard" && mode != "unlimited")
      throw ApiError::invalid_value("Value (" + mode + ") for parameter cpuCredits is invalid. Expected 'standard' or 'unlimited'.");
    if (!type.info.value("BurstablePerformanceSupported", false))
      throw ApiError::invalid_combination("CPU credit options apply only to burstable performance instances; '" + type.name +
                                          "' is not one.");
  }
  const int ipv6_count = input.value("Ipv6AddressCount", interface ? interface->value("Ipv6AddressCount", 0) : 0);
  const json ipv6_list = input.value("Ipv6Addresses", interface ? interface->value("Ipv6Addresses", json::array()) : json::array());
  if (ipv6_count > 0 && !ipv6_list.empty())
    throw ApiError::invalid_combination("IPv6 addresses and IPv6 address count may not be specified on the same request");
  launch.ipv6_named = ipv6_list;
  launch.ipv6_count = ipv6_count;
  if (ipv6_count == 0 && ipv6_list.empty() && launch.adopted.is_null() && launch.subnet->value("AssignIpv6AddressOnCreation", false))
    launch.ipv6_count = 1;
  if (launch.ipv6_count > 0 || !ipv6_list.empty()) {
    if (ipv6_limit(type) == 0)
      throw ApiError::invalid_combination("Instance type " + type.name + " does not support IPv6 addresses.");
    if (!ipv6_list.empty() && max != 1)
      throw ApiError::invalid_combination("IPv6 addresses can be given only when launching one instance.");
    take_ipv6_addresses(w, ctx, *launch.subnet, ipv6_list, launch.ipv6_count, 0, ipv6_limit(type));  // the checks; taken per instance
  }
  if (input.value("HibernationOptions", json::object()).value("Configured", false)) {
    if (!type.info.value("HibernationSupported", false))
      throw ApiError::client("UnsupportedHibernationConfiguration",
                             "Hibernation is not supported for the '" + type.name + "' instance type.");
    if (!launch.root_ebs.value("Encrypted", false))
      throw ApiError::client("UnsupportedHibernationConfiguration", "For hibernation, the root device volume must be encrypted.");
    const int memory_gib = (type.info.at("MemoryInfo").at("SizeInMiB").get<int>() + 1023) / 1024;
    const int root_gib = launch.root_ebs.value("VolumeSize", 0);
    if (root_gib < memory_gib)
      throw ApiError::client("UnsupportedHibernationConfiguration",
                             "For hibernation, the root device volume must be large enough to hold the instance's memory (" +
                                 std::to_string(memory_gib) + " GiB); it is " + std::to_string(root_gib) + " GiB.");
  }
}

// An existing interface named as the launch's primary (NetworkInterfaceId), as the spec of
// an interface with its subnet, groups and addresses; the interface goes into the instance.
const json& adopt_interface(const RequestContext& ctx, const store::Reader& r, const json& spec, int min, int max,
                            Launch& launch, json& as_spec) {
  const std::string id = spec.at("NetworkInterfaceId").get<std::string>();
  if (spec.value("DeviceIndex", 0) != 0)
    throw ApiError::client("UnsupportedOperation", "ec2sim launches instances with one network interface, at device index 0.");
  for (const char* member : {"SubnetId", "Groups", "PrivateIpAddress", "PrivateIpAddresses", "SecondaryPrivateIpAddressCount",
                             "AssociatePublicIpAddress", "Ipv6AddressCount", "Ipv6Addresses", "Description"})
    if (spec.contains(member))
      throw ApiError::invalid_combination("The network interface " + id + " exists: " + std::string(member) +
                                          " may not be specified with it.");
  if (min != 1 || max != 1)
    throw ApiError::invalid_combination("An existing network interface can be given only when launching one instance.");
  const json* eni = stored_interface(r, ctx, id);
  if (!eni) throw ApiError::client("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '" + id + "' does not exist");
  if (eni->contains("Attachment") || eni->value("RequesterManaged", false))
    throw ApiError::client("InvalidNetworkInterface.InUse", "Interface: [" + id + "] in use.");
  for (const auto& a : eni->at("PrivateIpAddresses"))
    if (a.contains("Association") && !a.value("Primary", false))
      throw ApiError::client("UnsupportedOperation", "ec2sim moves an interface's Elastic IP into an instance only from its primary "
                                                     "address; disassociate the one on " + a.at("PrivateIpAddress").get<std::string>() + " first.");
  launch.adopted = *eni;
  json groups = json::array(), addresses = json::array();
  for (const auto& g : eni->at("Groups")) groups.push_back(g.at("GroupId"));
  for (const auto& a : eni->at("PrivateIpAddresses"))
    addresses.push_back({{"Primary", a.value("Primary", false)}, {"PrivateIpAddress", a.at("PrivateIpAddress")}});
  as_spec = {{"DeviceIndex", 0}, {"SubnetId", eni->at("SubnetId")}, {"Groups", groups}, {"PrivateIpAddresses", addresses},
             {"AssociatePublicIpAddress", false}};  // no Amazon address for an existing interface
  return as_spec;
}

}  // namespace

void check_launch_request(const RequestContext& ctx, store::Writer& w, const json& input, Launch& launch) {
  check_named_reservation(input);
  if (!input.contains("ImageId")) throw ApiError::missing_parameter("The request must contain the parameter ImageId");
  launch.image = &find_image(ctx, w, resolve_image_alias(ctx, input.at("ImageId").get<std::string>()), launch.own_image);
  launch.type = &offered_instance_type(ctx, input.value("InstanceType", "m1.small"));  // AWS's default type
  const std::string arch = launch.image->info.at("Architecture").get<std::string>();
  const auto& supported = launch.type->info.at("ProcessorInfo").at("SupportedArchitectures");
  if (std::find(supported.begin(), supported.end(), arch) == supported.end())
    throw ApiError::invalid_value("The architecture '" + supported.at(0).get<std::string>() + "' of the specified instance type does not match the architecture '" +
                                  arch + "' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again.");

  int min = input.at("MinCount").get<int>(), max = input.at("MaxCount").get<int>();
  if (min < 1) throw ApiError::invalid_value("Value (" + std::to_string(min) + ") for parameter minCount is invalid. Expected a positive integer.");
  if (max < min) throw ApiError::invalid_value("Value (" + std::to_string(max) + ") for parameter maxCount is invalid. Expected a value greater than or equal to minCount.");
  const auto per_request = ctx.settings.quotas["instances-per-request"];
  if (min > per_request)
    throw ApiError::client("InstanceLimitExceeded", "You have requested more instances (" + std::to_string(min) +
                                                        ") than one request may launch (" + std::to_string(per_request) + ").");
  launch.census = &instance_census(w, ctx);

  if (input.contains("KeyName")) {
    launch.key_name = input.at("KeyName").get<std::string>();
    for (const auto& [id, k] : w.all(ctx.scope(), kind::key_pair))
      if (k.at("KeyName") == launch.key_name) launch.key = &k;
    if (!launch.key) throw ApiError::client("InvalidKeyPair.NotFound", "The key pair '" + launch.key_name + "' does not exist");
    if (launch.image->info.value("Platform", "") == "windows" && launch.key->value("KeyType", "rsa") != "rsa")
      throw ApiError::invalid_value("ED25519 key pairs are not supported for Windows instances: a Windows password is "
                                    "encrypted for an RSA key.");
  }

  const json* interface = nullptr;
  const auto interfaces = input.value("NetworkInterfaces", json::array());
  if (interfaces.size() > 1) throw ApiError::client("UnsupportedOperation", "ec2sim launches instances with one network interface.");
  if (!interfaces.empty()) {
    interface = &interfaces.at(0);
    // Whether or not the interface names its own, as on AWS.
    if (input.contains("SubnetId"))
      throw ApiError::invalid_combination("Network interfaces and an instance-level subnet ID may not be specified on the same request");
    if (input.contains("SecurityGroupIds") || input.contains("SecurityGroups"))
      throw ApiError::invalid_combination("Network interfaces and an instance-level security groups may not be specified on the same request");
    if (input.contains("PrivateIpAddress"))
      throw ApiError::invalid_combination("Network interfaces and an instance-level private IP address may not be specified on the same request");
  }
  json adopted_spec;
  if (interface && interface->contains("NetworkInterfaceId"))
    interface = &adopt_interface(ctx, w, *interface, min, max, launch, adopted_spec);
  launch.subnet = &find_subnet(ctx, w, input, interface);
  require_zone_capacity(w, ctx, launch.subnet->at("AvailabilityZone").get<std::string>(), launch.type->name);
  if (!launch.subnet->contains("CidrBlock"))  // every instance here has a private IPv4 address
    throw ApiError::client("Unsupported", "ec2sim does not yet launch instances into IPv6-only subnets (" +
                                              launch.subnet->at("SubnetId").get<std::string>() + ").");
  launch.groups = find_groups(ctx, w, input, interface, *launch.subnet);
  launch.public_ip = launch.subnet->value("MapPublicIpOnLaunch", false);
  launch.private_ip = interface ? interface->value("PrivateIpAddress", "") : input.value("PrivateIpAddress", "");
  if (interface) choose_interface_addresses(*interface, *launch.type, launch);
  std::set<std::string> asked;
  for (const std::string* ip : addresses_asked(launch)) {
    if (launch.adopted.is_null())  // an existing interface's addresses are its own
      check_private_address(launch.subnet->at("CidrBlock").get<std::string>(), *ip,
                            launch.census->used_addresses[launch.subnet->at("SubnetId").get<std::string>()]);
    if (max != 1 || min != 1)
      throw ApiError::invalid_combination("A private IP address can be given only when launching one instance.");
    if (!asked.insert(*ip).second) throw ApiError::invalid_value("Address " + *ip + " is given more than once.");
  }
  if (launch.adopted.is_null() && launch.private_ip.empty())  // before anything is taken: a Spot fulfilment must not fail midway
    require_free_private_ip(launch.subnet->at("CidrBlock").get<std::string>(),
                            launch.census->used_addresses[launch.subnet->at("SubnetId").get<std::string>()]);
  if (interface && interface->contains("AssociatePublicIpAddress"))
    launch.public_ip = interface->at("AssociatePublicIpAddress").get<bool>();

  const std::string behaviour = input.value("InstanceInitiatedShutdownBehavior", "stop");
  if (behaviour != "stop" && behaviour != "terminate")
    throw ApiError::invalid_value("Value (" + behaviour + ") for parameter instanceInitiatedShutdownBehavior is invalid.");
  if (input.contains("UserData") && base64_decode(input.at("UserData").get<std::string>()).size() > 16384)
    throw ApiError::invalid_value("User data is limited to 16384 bytes");
  const std::string market = input.value("InstanceMarketOptions", json::object()).value("MarketType", "");
  if (!market.empty() && market != "spot" && market != "capacity-block")
    throw ApiError::invalid_value("Invalid market type '" + market + "'.");

  check_metadata_and_cpu_options(input, *launch.type);
  resolve_block_devices(input, launch);
  check_type_dependent_options(ctx, w, input, interface, max, launch);
  const int snapshot_size = launch.image->info.at("BlockDeviceMappings").at(0).at("Ebs").at("VolumeSize").get<int>();
  launch.volumes.push_back(volume_spec_from(launch.root_ebs, snapshot_size, "gp2"));  // checked now, made below
  for (const auto& m : launch.extra_mappings) launch.volumes.push_back(volume_spec_from(m.at("Ebs"), 0, "gp2"));
  launch.tags = tags_by_type(input, {"instance", "volume", "network-interface", "spot-instances-request"});
  // Capacity last, as on AWS: a request that is wrong hears so before it hears it is too big.
  launch.spot = input.value("InstanceMarketOptions", json::object()).value("MarketType", "") == "spot";
  if (launch.spot && !input.contains("_SpotInstanceRequestId"))  // a request's own launch: checked when it was made
    check_spot_options(ctx, input, *launch.type, launch.image->info, launch.subnet->at("AvailabilityZone").get<std::string>());
  launch.count = instances_within_quota(ctx, *launch.census, *launch.type, launch.spot, min,
                                        static_cast<int>(std::min<std::int64_t>(max, per_request)));
  launch.placement = place_in_group(ctx, w, input, *launch.type, launch.subnet->at("AvailabilityZone").get<std::string>(),
                                    launch.count);
}

// Every address the request names itself, primary first.
std::vector<const std::string*> addresses_asked(const Launch& launch) {
  std::vector<const std::string*> asked;
  if (!launch.private_ip.empty()) asked.push_back(&launch.private_ip);
  for (const auto& ip : launch.secondary_ips) asked.push_back(&ip);
  return asked;
}

LaunchPlan check_launch(store::Writer& w, const RequestContext& ctx, const json& input) {
  Launch launch;
  check_launch_request(ctx, w, apply_launch_template(w, ctx, input).input, launch);
  LaunchPlan plan{.image = launch.image->info, .type = launch.type, .subnet_id = launch.subnet->at("SubnetId").get<std::string>(),
                  .zone = launch.subnet->at("AvailabilityZone").get<std::string>(), .groups = json::array()};
  for (const auto* g : launch.groups) plan.groups.push_back({{"GroupName", g->at("GroupName")}, {"GroupId", g->at("GroupId")}});
  return plan;
}

}  // namespace ec2sim::sim
