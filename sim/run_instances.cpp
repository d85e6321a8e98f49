// RunInstances: once a launch request is checked (sim/launch_checks.cpp), creates the
// reservation — its instances (pending), their root and mapped EBS volumes, network
// interfaces, private, public and IPv6 addresses, Spot requests — in one transaction. A
// ClientToken makes the call idempotent.
#include <openssl/rand.h>

#include "sim/client_tokens.hpp"
#include "sim/due.hpp"
#include "sim/errors.hpp"
#include "sim/guest_storage.hpp"
#include "sim/handlers.hpp"
#include "sim/instance_census.hpp"
#include "sim/instance_lifecycle.hpp"
#include "sim/instance_view.hpp"
#include "sim/instances.hpp"
#include "sim/interface_records.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/launch_checks.hpp"
#include "sim/launch_templates.hpp"
#include "sim/quotas.hpp"
#include "sim/records.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/spot_requests.hpp"
#include "sim/ssh_keys.hpp"
#include "sim/tags.hpp"
#include "sim/time_format.hpp"
#include "sim/volumes.hpp"
#include "sim/vpc_attributes.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

// A password as Windows's EC2Launch sets one: 32 characters of letters, digits and symbols.
std::string new_windows_password() {
  static constexpr std::string_view kAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!@$%&*()-=+?";
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1) throw ApiError::internal("no randomness for a password");
  std::string password;
  for (unsigned char r : random) password += kAlphabet[r % kAlphabet.size()];
  return password;
}

// `image_owner`: whose snapshots an image's mappings name (another account's, for an AMI
// shared with this one).
json make_volume_mapping(const RequestContext& ctx, store::Writer& w, const std::string& device, const json& ebs,
                         int min_size, const std::string& zone, const std::string& instance_id, const json& tags,
                         const std::string& image_owner) {
  VolumeSpec spec = volume_spec_from(ebs, min_size, "gp2");
  const std::string volume_id = new_id("vol");
  const bool delete_on_termination = ebs.value("DeleteOnTermination", true);
  json volume = volume_document(ctx, volume_id, zone, spec, tags, "in-use");
  volume["Attachments"] = json::array({{{"AttachTime", format_iso8601(ctx.now)}, {"Device", device},
                                        {"InstanceId", instance_id}, {"State", "attached"}, {"VolumeId", volume_id},
                                        {"DeleteOnTermination", delete_on_termination}}});
  w.put(ctx.scope(), kind::volume, volume_id, volume);
  const bool own_snapshot = w.find(ctx.scope(), kind::snapshot, spec.snapshot_id) != nullptr;
  start_from_snapshot(w, ctx, volume_id, spec.snapshot_id, own_snapshot ? "" : image_owner);  // an AMI's files
  return {{"DeviceName", device},
          {"Ebs", {{"AttachTime", format_iso8601(ctx.now)}, {"DeleteOnTermination", delete_on_termination},
                   {"Status", "attached"}, {"VolumeId", volume_id}}}};
}

json placement_of(const json& input, const Launch& launch, const std::string& zone, int launch_index) {
  const json* group = launch.placement.group;
  json placement = {{"AvailabilityZone", zone}, {"GroupName", group ? group->at("GroupName") : json("")}};
  if (group) placement["GroupId"] = group->at("GroupId");
  if (!launch.placement.partitions.empty())
    placement["PartitionNumber"] = launch.placement.partitions.at(static_cast<std::size_t>(launch_index));
  placement["Tenancy"] = input.value("Placement", json::object()).value("Tenancy", "default");
  return placement;
}

json make_instance(const RequestContext& ctx, store::Writer& w, const json& input, const Launch& launch,
                   const std::string& reservation_id, int launch_index, UsedAddresses& used_ips) {
  const std::string id = new_id("i");
  const auto& image = launch.image->info;
  const auto& type = launch.type->info;
  const auto& subnet = *launch.subnet;
  const std::string zone = subnet.at("AvailabilityZone").get<std::string>();
  const std::string private_ip = launch.private_ip.empty()
                                     ? next_private_ip(subnet.at("CidrBlock").get<std::string>(), used_ips)
                                     : launch.private_ip;
  json secondary_ips = json::array();
  for (const auto& ip : launch.secondary_ips) secondary_ips.push_back(ip);
  for (int n = 0; n < launch.secondary_count; ++n)
    secondary_ips.push_back(next_private_ip(subnet.at("CidrBlock").get<std::string>(), used_ips));
  const std::string now = format_iso8601(ctx.now);

  json groups = json::array();
  for (const auto* g : launch.groups) groups.push_back({{"GroupName", g->at("GroupName")}, {"GroupId", g->at("GroupId")}});
  auto tags_of = [&](const char* kind) {
    auto it = launch.tags.find(kind);
    return it == launch.tags.end() ? json::array() : it->second;
  };

  json mappings = json::array();
  const int snapshot_size = image.at("BlockDeviceMappings").at(0).at("Ebs").at("VolumeSize").get<int>();
  const std::string image_owner = image.value("OwnerId", "");
  mappings.push_back(make_volume_mapping(ctx, w, image.at("RootDeviceName").get<std::string>(), launch.root_ebs,
                                         snapshot_size, zone, id, tags_of("volume"), image_owner));
  for (const auto& m : launch.extra_mappings)
    mappings.push_back(make_volume_mapping(ctx, w, m.at("DeviceName").get<std::string>(), m.at("Ebs"), 0, zone, id,
                                           tags_of("volume"), image_owner));

  const auto& vcpu = type.at("VCpuInfo");
  // Documents keep their members in order and find them by scanning, so the members read
  // for every instance on every request (the scheduler's due time, filters' state and
  // tags, a launch's census of addresses) come first. What every instance shares is left
  // to instance_view(); members that may or may not differ from it (no tags, launch index
  // 0 …) are set here and dropped below when they don't — read them through
  // InstanceRecord (sim/records.hpp), which knows their defaults.
  json instance = {
      {"_DueAt", 0},
      {"State", instance_state("pending")},
      {"Tags", tags_of("instance")},
      {"PrivateIpAddress", private_ip},
      {"SubnetId", subnet.at("SubnetId")},
      {"_ReservationId", reservation_id},
      {"_OwnerId", ctx.account_id},  // for the owner-id filter
      {"_PublicIpOnLaunch", launch.public_ip},
      {"_DisableApiTermination", input.value("DisableApiTermination", false)},
      {"_DisableApiStop", input.value("DisableApiStop", false)},
      {"_ShutdownBehavior", input.value("InstanceInitiatedShutdownBehavior", "stop")},
      {"AmiLaunchIndex", launch_index},
      {"ImageId", launch.image->id},
      {"_ImageName", image.value("_ImageName", image.at("Name"))},  // the console log names the OS
      {"InstanceId", id},
      {"InstanceType", launch.type->name},
      {"LaunchTime", now},
      {"Monitoring", {{"State", input.value("Monitoring", json::object()).value("Enabled", false) ? "enabled" : "disabled"}}},
      {"Placement", placement_of(input, launch, zone, launch_index)},
      {"VpcId", subnet.at("VpcId")},
      {"Architecture", image.at("Architecture")},
      {"BlockDeviceMappings", mappings},
      {"ClientToken", input.value("ClientToken", "")},
      {"EbsOptimized", input.value("EbsOptimized", type.at("EbsInfo").at("EbsOptimizedSupport") == "default")},
      {"EnaSupport", type.at("NetworkInfo").at("EnaSupport") != "unsupported"},
      {"_EniId", new_id("eni")},  // its primary network interface (sim/instance_view.cpp)
      {"_EniAttachmentId", new_id("eni-attach")},
      {"_MacAddress", new_mac_address()},
      {"RootDeviceName", image.at("RootDeviceName")},
      {"SecurityGroups", groups},
      {"CpuOptions", {{"CoreCount", vcpu.at("DefaultCores")}, {"ThreadsPerCore", vcpu.at("DefaultThreadsPerCore")}}},
      {"CapacityReservationSpecification",
       {{"CapacityReservationPreference",
         input.value("CapacityReservationSpecification", json::object()).value("CapacityReservationPreference", "open")}}},
      {"HibernationOptions", {{"Configured", input.value("HibernationOptions", json::object()).value("Configured", false)}}},
      {"MetadataOptions", {{"State", "applied"}, {"HttpTokens", image.contains("ImdsSupport") ? "required" : "optional"},
                           {"HttpPutResponseHopLimit", image.contains("ImdsSupport") ? 2 : 1}, {"HttpEndpoint", "enabled"},
                           {"HttpProtocolIpv6", "disabled"}, {"InstanceMetadataTags", "disabled"}}},
      {"PlatformDetails", image.at("PlatformDetails")},
      {"UsageOperation", image.at("UsageOperation")},
  };
  // Requested metadata and CPU options replace the defaults (validate() checked them).
  for (const char* options : {"MetadataOptions", "CpuOptions"}) {
    const json requested = input.value(options, json::object());  // named: items() must not outlive it
    for (const auto& [k, v] : requested.items()) instance[options][k] = v;
  }
  if (json local = instance_store_volumes(*launch.type, input.value("BlockDeviceMappings", json::array())); !local.empty())
    instance["_InstanceStore"] = std::move(local);
  if (type.value("BurstablePerformanceSupported", false)) {
    // AWS's defaults: T2 launches standard, later T families unlimited.
    const bool t2 = launch.type->name.rfind("t2.", 0) == 0;
    instance["_CpuCredits"] = input.value("CreditSpecification", json::object()).value("CpuCredits", t2 ? "standard" : "unlimited");
  }
  if (!secondary_ips.empty()) instance["_SecondaryIps"] = std::move(secondary_ips);
  if (launch.ipv6_count > 0 || !launch.ipv6_named.empty())
    instance["_Ipv6Addresses"] =
        take_ipv6_addresses(w, ctx, subnet, launch.ipv6_named, launch.ipv6_count, 0, ipv6_limit(*launch.type));
  if (const json* vpc = w.find(ctx.scope(), kind::vpc, subnet.at("VpcId").get<std::string>()))
    follow_dns_hostnames(instance, vpc_attribute(*vpc, "EnableDnsHostnames"));
  if (!launch.key_name.empty()) instance["KeyName"] = launch.key_name;
  // What IMDS serves as public-keys/0 and cloud-init writes to authorized_keys: the key as
  // it was at launch, even if the key pair is deleted later.
  if (launch.key) instance["_PublicKey"] = launch.key->value("PublicKey", "");
  if (image.contains("Platform")) instance["Platform"] = image.at("Platform");
  if (image.contains("BootMode")) instance["BootMode"] = image.at("BootMode");
  if (input.contains("UserData")) instance["_UserData"] = input.at("UserData");
  if (json interface_tags = tags_of("network-interface"); !interface_tags.empty()) instance["_EniTags"] = std::move(interface_tags);
  if (!launch.adopted.is_null()) {  // the existing interface becomes the primary, with what it has
    const json& eni = launch.adopted;
    instance["_EniId"] = eni.at("NetworkInterfaceId");
    instance["_MacAddress"] = eni.at("MacAddress");
    if (!eni.value("Description", "").empty()) instance["_EniDescription"] = eni.at("Description");
    if (!eni.at("Tags").empty()) instance["_EniTags"] = eni.at("Tags");
    if (!eni.value("SourceDestCheck", true)) instance["SourceDestCheck"] = false;
    if (!eni.value("Ipv6Addresses", json::array()).empty()) {
      json ipv6 = json::array();
      for (const auto& a : eni.at("Ipv6Addresses")) ipv6.push_back(a.at("Ipv6Address"));
      instance["_Ipv6Addresses"] = std::move(ipv6);
    }
    if (const auto association = eni.find("Association"); association != eni.end()) {  // its Elastic IP comes along
      instance["_ElasticIp"] = association->at("AllocationId");
      instance["_EipAssociationId"] = association->at("AssociationId");
      set_public_ip(instance, association->at("PublicIp").get<std::string>());
    }
  }
  // A new primary interface goes with its instance unless the launch says otherwise; an
  // existing one stays unless the launch says it goes.
  const json interfaces = input.value("NetworkInterfaces", json::array());
  if (!(interfaces.empty() ? true : interfaces.at(0).value("DeleteOnTermination", launch.adopted.is_null())))
    instance["_EniDeleteOnTermination"] = false;
  if (launch.key && image.value("Platform", "") == "windows") {
    // Windows sets its Administrator password at first boot and hands it out encrypted for
    // the launch key, a few minutes in (GetPasswordData).
    instance["_PasswordData"] = rsa_encrypt_base64(launch.key->value("PublicKey", ""), new_windows_password());
    instance["_PasswordAt"] = epoch_ms(ctx.now + ctx.settings.timing.windows_password);
  }
  if (auto profile = input.value("IamInstanceProfile", json::object()); !profile.empty()) {
    std::string arn = profile.value("Arn", "arn:aws:iam::" + ctx.account_id + ":instance-profile/" + profile.value("Name", ""));
    instance["IamInstanceProfile"] = {{"Arn", arn}, {"Id", "AIPA" + new_id("x").substr(2, 17)}};
  }
  if (launch.spot) instance["InstanceLifecycle"] = "spot";  // its request's id follows (launch_instances)
  enter_state(instance, "pending", ctx, ctx.settings.timing.pending);
  assign_public_ip(instance, ctx);
  drop_defaults(instance, instance_view());  // the record keeps only what is its own
  return instance;
}

}  // namespace

Launched launch_instances(store::Writer& w, const RequestContext& ctx, const json& input) {
  Launch launch;
  const TemplatedLaunch templated = apply_launch_template(w, ctx, input);
  const json& request = templated.input;  // what is launched: the request over its template
  check_launch_request(ctx, w, request, launch);
  for (const auto& tag : templated.tags)
    launch.tags.try_emplace("instance", json::array()).first->second.push_back(tag);

  // Before the volumes are put: the tally is current for the table as it is now (a launch
  // that fails below, out of addresses, leaves it to be taken again).
  take_storage(w, ctx, launch.volumes, launch.count);
  UsedAddresses& used_ips = launch.census->used_addresses[launch.subnet->at("SubnetId").get<std::string>()];
  for (const std::string* ip : addresses_asked(launch)) used_ips.add(*ip);
  Launched launched{.reservation_id = new_id("r"), .instance_ids = json::array(), .instances = {}};
  for (int n = 0; n < launch.count; ++n) {
    json instance = make_instance(ctx, w, request, launch, launched.reservation_id, n, used_ips);
    const std::string id = InstanceRecord(instance).id();
    if (launch.spot)  // a Spot Instance has its request: the one that launched it, or one made now
      instance["SpotInstanceRequestId"] = input.contains("_SpotInstanceRequestId")
                                              ? input.at("_SpotInstanceRequestId")
                                              : json(record_spot_launch(w, ctx, request, launch.image->info, instance, launch.tags["spot-instances-request"]));
    launched.instance_ids.push_back(id);
    launched.instances.push_back(instance);
    advance_instance(w, ctx, instance);  // a new instance is never gone
    w.put(ctx.scope(), kind::instance, id, std::move(instance));
  }
  if (!launch.adopted.is_null()) {  // now the instance's record holds it, and its Elastic IP is the instance's
    w.erase(ctx.scope(), kind::network_interface, launch.adopted.at("NetworkInterfaceId").get<std::string>());
    if (const auto association = launch.adopted.find("Association"); association != launch.adopted.end())
      if (const json* found = w.find(ctx.scope(), kind::address, association->at("AllocationId").get<std::string>())) {
        json address = *found;
        address["InstanceId"] = launched.instance_ids.at(0);
        address.erase("_OnInterface");
        w.put(ctx.scope(), kind::address, association->at("AllocationId").get<std::string>(), std::move(address));
      }
  }
  // The census now counts these launches too (their addresses went in as they were
  // taken); a rollback moves the stamp again, and the next launch takes a new one.
  launch.census->vcpus[vcpu_quota_name(launch.type->name, launch.spot)] += std::int64_t{launch.count} * vcpus_of(*launch.type);
  w.keep_current<InstanceCensus>(ctx.scope(), kind::instance);
  return launched;
}


json run_instances(const RequestContext& ctx, const json& input) {
  return ctx.store.write([&](store::Writer& w) {
    if (const json* previous = replayed_call(w, ctx, "RunInstances", input))  // the first launch, as it is now
      return reservation_of(w, ctx, previous->at("ReservationId").get<std::string>(), previous->value("InstanceIds", json()));
    Launched launched = launch_instances(w, ctx, input);
    remember_call(w, ctx, "RunInstances", input, {{"ReservationId", launched.reservation_id}, {"InstanceIds", launched.instance_ids}});
    std::vector<const json*> members;  // as launched (pending), kept by the response when it can
    for (auto& i : launched.instances) members.push_back(ctx.borrowed ? &ctx.borrowed->own(std::move(i)) : &i);
    return reservation_from(std::move(members), ctx.account_id, launched.reservation_id, ctx.borrowed);
  });
}

}  // namespace ec2sim::sim
