#include "sim/instance_view.hpp"

#include "sim/ip_addresses.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

const json& instance_defaults() {
  static const json defaults = {
      {"AmiLaunchIndex", 0},
      {"ClientToken", ""},
      {"EbsOptimized", false},
      {"EnaSupport", false},
      {"Tags", json::array()},
      {"Hypervisor", "xen"},  // AWS reports xen for Nitro types too
      {"Monitoring", {{"State", "disabled"}}},
      {"ProductCodes", json::array()},
      {"PublicDnsName", ""},
      {"RootDeviceType", "ebs"},
      {"SourceDestCheck", true},
      {"StateTransitionReason", ""},
      {"VirtualizationType", "hvm"},
      {"CapacityReservationSpecification", {{"CapacityReservationPreference", "open"}}},
      {"HibernationOptions", {{"Configured", false}}},
      {"MetadataOptions",
       {{"State", "applied"}, {"HttpTokens", "required"}, {"HttpPutResponseHopLimit", 2}, {"HttpEndpoint", "enabled"},
        {"HttpProtocolIpv6", "disabled"}, {"InstanceMetadataTags", "disabled"}}},
      {"EnclaveOptions", {{"Enabled", false}}},
      {"Placement", {{"GroupName", ""}, {"Tenancy", "default"}}},  // under the record's own zone
      {"PlatformDetails", "Linux/UNIX"},
      {"UsageOperation", "RunInstances"},
      {"PrivateDnsNameOptions",
       {{"HostnameType", "ip-name"}, {"EnableResourceNameDnsARecord", false}, {"EnableResourceNameDnsAAAARecord", false}}},
      {"MaintenanceOptions", {{"AutoRecovery", "default"}}},
      // The record's own settings (never shown: the encoder writes only model members).
      {"_DisableApiStop", false},
      {"_DisableApiTermination", false},
      {"_ShutdownBehavior", "stop"},
  };
  return defaults;
}

// The derived members of an instance with a network interface, `public_ip` saying whether
// it shows an association (filled in by fill_interface).
json interface_template(bool public_ip) {
  json association = {{"IpOwnerId", ""}, {"PublicDnsName", ""}, {"PublicIp", ""}};
  json primary = {{"Primary", true}, {"PrivateDnsName", ""}, {"PrivateIpAddress", ""}};
  if (public_ip) primary["Association"] = association;
  json eni = {{"Attachment",
               {{"AttachTime", ""}, {"AttachmentId", ""}, {"DeleteOnTermination", true}, {"DeviceIndex", 0},
                {"Status", "attached"}, {"NetworkCardIndex", 0}}},
              {"Description", ""},
              {"Groups", json::array()},
              {"Ipv6Addresses", json::array()},
              {"MacAddress", ""},
              {"NetworkInterfaceId", ""},
              {"OwnerId", ""},
              {"PrivateDnsName", ""},
              {"PrivateIpAddress", ""},
              {"PrivateIpAddresses", json::array({primary})},
              {"SourceDestCheck", true},
              {"Status", "in-use"},
              {"SubnetId", ""},
              {"VpcId", ""},
              {"InterfaceType", "interface"}};
  if (public_ip) eni["Association"] = association;
  json derived = {{"UsageOperationUpdateTime", ""}, {"PrivateDnsName", ""}, {"NetworkInterfaces", json::array({eni})}};
  if (public_ip) derived["PublicDnsName"] = "";
  return derived;
}

// The Region of an instance's zone: Availability Zone names are the Region's plus a letter.
std::string_view region_of(const json& record) {
  auto placement = record.find("Placement");
  if (placement == record.end()) return {};
  auto zone = placement->find("AvailabilityZone");
  if (zone == placement->end() || !zone->is_string()) return {};
  std::string_view name = zone->get_ref<const std::string&>();
  return name.substr(0, name.empty() ? 0 : name.size() - 1);
}

// The public host name AWS gives a public address: none in a VPC without DNS host names
// (enableDnsHostnames false: the record says `_NoDnsHostnames`).
std::string public_name(const json& record, const std::string& public_ip) {
  return own_member(record, "_NoDnsHostnames").is_boolean() ? std::string() : public_dns_name(region_of(record), public_ip);
}

// The host names AWS gives the instance's addresses ("" without the address).
void set_dns_names(json& derived, const json& record) {
  const std::string_view region = region_of(record);
  const json& private_ip = own_member(record, "PrivateIpAddress");
  derived["PrivateDnsName"].get_ref<std::string&>() =
      private_ip.is_string() ? private_dns_name(region, private_ip.get_ref<const std::string&>()) : "";
  if (auto public_dns = derived.find("PublicDnsName"); public_dns != derived.end())
    public_dns->get_ref<std::string&>() = public_name(record, own_member(record, "PublicIpAddress").get_ref<const std::string&>());
}

void fill_interface(json& derived, const json& record) {
  auto copy = [&](json& to, const char* key) { assign_in_place(to, own_member(record, key)); };
  copy(derived["UsageOperationUpdateTime"], "LaunchTime");
  set_dns_names(derived, record);
  const json& private_dns = derived["PrivateDnsName"];
  json& eni = derived["NetworkInterfaces"][0];
  copy(eni["Attachment"]["AttachTime"], "LaunchTime");
  copy(eni["Attachment"]["AttachmentId"], "_EniAttachmentId");
  copy(eni["Groups"], "SecurityGroups");
  static const json kNoDescription = "";
  const json& description = own_member(record, "_EniDescription");
  assign_in_place(eni["Description"], description.is_string() ? description : kNoDescription);
  const json& delete_on_termination = own_member(record, "_EniDeleteOnTermination");
  eni["Attachment"]["DeleteOnTermination"] = delete_on_termination.is_boolean() ? delete_on_termination.get<bool>() : true;
  copy(eni["MacAddress"], "_MacAddress");
  copy(eni["NetworkInterfaceId"], "_EniId");
  copy(eni["OwnerId"], "_OwnerId");
  assign_in_place(eni["PrivateDnsName"], private_dns);
  copy(eni["PrivateIpAddress"], "PrivateIpAddress");
  const json& source_dest_check = own_member(record, "SourceDestCheck");
  eni["SourceDestCheck"] = source_dest_check.is_boolean() ? source_dest_check.get<bool>() : true;
  copy(eni["SubnetId"], "SubnetId");
  copy(eni["VpcId"], "VpcId");
  // IPv6 addresses (`_Ipv6Addresses`, few instances have any); derive_instance sets the
  // instance's Ipv6Address last, since adding a member to `derived` may move `eni`.
  json::array_t& ipv6 = eni["Ipv6Addresses"].get_ref<json::array_t&>();
  ipv6.clear();
  if (const json& own_ipv6 = own_member(record, "_Ipv6Addresses"); own_ipv6.is_array())
    for (const auto& a : own_ipv6) ipv6.push_back({{"Ipv6Address", a}, {"IsPrimaryIpv6", false}});
  json& addresses = eni["PrivateIpAddresses"];
  json& primary = addresses[0];
  assign_in_place(primary["PrivateDnsName"], private_dns);
  copy(primary["PrivateIpAddress"], "PrivateIpAddress");
  if (auto association = eni.find("Association"); association != eni.end()) {
    // An Elastic IP is the account's; an auto-assigned address is Amazon's.
    if (record.contains("_ElasticIp"))
      copy((*association)["IpOwnerId"], "_OwnerId");
    else
      (*association)["IpOwnerId"].get_ref<std::string&>() = "amazon";
    assign_in_place((*association)["PublicDnsName"], derived["PublicDnsName"]);
    copy((*association)["PublicIp"], "PublicIpAddress");
    assign_in_place(primary["Association"], *association);
  }
  // Secondary addresses follow the primary (the template, shared, keeps only the primary).
  // Last: appending may move the array, and `primary` with it.
  addresses.get_ref<json::array_t&>().resize(1);
  const auto secondary = record.find("_SecondaryIps");
  if (secondary == record.end()) return;
  const json& elastic = own_member(record, "_SecondaryEips");  // {private IP: {PublicIp …}} when any has one
  for (const auto& ip : *secondary) {
    const std::string& text = ip.get_ref<const std::string&>();
    json shown = {{"Primary", false}, {"PrivateDnsName", private_dns_name(region_of(record), text)}, {"PrivateIpAddress", ip}};
    if (elastic.is_object() && elastic.contains(text)) {
      const std::string& public_ip = elastic.at(text).at("PublicIp").get_ref<const std::string&>();
      shown["Association"] = {{"IpOwnerId", own_member(record, "_OwnerId")},
                              {"PublicDnsName", public_name(record, public_ip)},
                              {"PublicIp", public_ip}};
    }
    addresses.push_back(std::move(shown));
  }
}

// Reuses one document per shape and thread: a page of 100 instances derives 100 times.
const json& derive_instance(const json& record) {
  thread_local json with_public_ip = interface_template(true);
  thread_local json private_only = interface_template(false);
  thread_local json without_interface = {
      {"UsageOperationUpdateTime", ""}, {"PrivateDnsName", ""}, {"NetworkInterfaces", json::array()}};
  if (!record.contains("_EniId")) {  // terminated: no interface
    assign_in_place(without_interface["UsageOperationUpdateTime"], own_member(record, "LaunchTime"));
    set_dns_names(without_interface, record);
    return without_interface;
  }
  json& derived = record.contains("PublicIpAddress") ? with_public_ip : private_only;
  fill_interface(derived, record);
  // Interfaces attached beyond the primary, as the record keeps copies of them.
  json::array_t& interfaces = derived["NetworkInterfaces"].get_ref<json::array_t&>();
  interfaces.resize(1);
  if (const json& attached = own_member(record, "_AttachedInterfaces"); attached.is_array())
    for (const auto& eni : attached) interfaces.push_back(eni);
  // Last: a member added to `derived` may move the others. The first IPv6 address is the instance's.
  if (const json& own_ipv6 = own_member(record, "_Ipv6Addresses"); own_ipv6.is_array() && !own_ipv6.empty())
    derived["Ipv6Address"] = own_ipv6.at(0);
  else
    derived.erase("Ipv6Address");
  return derived;
}

}  // namespace

const DocumentView& instance_view() {
  static const DocumentView view{&instance_defaults(), derive_instance};
  return view;
}

std::string host_name_of(const json& record) {
  const json& name = shown_member(record, instance_view(), "PrivateDnsName");
  return name.is_string() && !name.get_ref<const std::string&>().empty() ? name.get<std::string>() : "localhost";
}

std::string network_interface_id(const json& record) { return record.value("_EniId", ""); }

}  // namespace ec2sim::sim
