// Describe/ModifyVpcAttribute and ModifySubnetAttribute: the switches Terraform and the
// console turn on a VPC (DNS support and host names, address-usage metrics) and a subnet
// (public IPv4 and IPv6 on launch, DNS64, host name types). Each call changes one.
#include <cctype>
#include <optional>
#include <vector>

#include "sim/vpc_attributes.hpp"
#include "sim/vpc_blocks.hpp"

#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/records.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

struct Attribute {
  const char* name;    // as DescribeVpcAttribute's Attribute names it
  const char* member;  // the request's and the answer's member, and the record's
};

constexpr Attribute kVpcAttributes[] = {
    {"enableDnsSupport", "EnableDnsSupport"},
    {"enableDnsHostnames", "EnableDnsHostnames"},
    {"enableNetworkAddressUsageMetrics", "EnableNetworkAddressUsageMetrics"},
};

// The one attribute a Modify…Attribute call may change; AWS refuses several at once.
template <class Members>
const char* the_one_attribute(const json& input, const Members& members) {
  std::vector<const char*> given;
  for (const char* member : members)
    if (input.contains(member)) given.push_back(member);
  if (given.empty()) throw ApiError::missing_parameter("The request must contain one attribute to modify");
  if (given.size() > 1) {
    std::string names;
    for (const char* member : given) {  // as the wire spells them: enableDnsSupport
      std::string name(member);
      name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
      names += (names.empty() ? "" : ", ") + name;
    }
    throw ApiError::invalid_combination("Fields for multiple attribute types specified: " + names);
  }
  return given.front();
}

}  // namespace

// As AWS sets a VPC's switches until changed: DNS is on; host names only in the default
// VPC; address-usage metrics off.
bool vpc_attribute(const json& vpc, const std::string& member) {
  if (auto set = vpc.find("_" + member); set != vpc.end()) return set->get<bool>();
  if (member == "EnableDnsSupport") return true;
  if (member == "EnableDnsHostnames") return vpc.value("IsDefault", false);
  return false;
}

void follow_dns_hostnames(json& instance, bool hostnames) {
  if (hostnames)
    instance.erase("_NoDnsHostnames");
  else
    instance["_NoDnsHostnames"] = true;
}

json describe_vpc_attribute(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("VpcId").get<std::string>();
  const std::string name = input.at("Attribute").get<std::string>();
  const Attribute* attribute = nullptr;
  for (const auto& a : kVpcAttributes)
    if (name == a.name) attribute = &a;
  if (!attribute) throw ApiError::invalid_value("Value (" + name + ") for parameter attribute is invalid. Unknown attribute.");
  return ctx.store.read([&](const store::Reader& r) {
    const json& vpc = find_vpc(ctx, r, id);
    return json{{"VpcId", id}, {attribute->member, {{"Value", vpc_attribute(vpc, attribute->member)}}}};
  });
}

json modify_vpc_attribute(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("VpcId").get<std::string>();
  static constexpr const char* kMembers[] = {"EnableDnsSupport", "EnableDnsHostnames", "EnableNetworkAddressUsageMetrics"};
  const std::string member = the_one_attribute(input, kMembers);
  const bool value = input.at(member).value("Value", false);
  ctx.store.write([&](store::Writer& w) {
    json vpc = find_vpc(ctx, w, id);
    // Host names need DNS: AWS keeps the two consistent.
    if (member == "EnableDnsHostnames" && value && !vpc_attribute(vpc, "EnableDnsSupport"))
      throw ApiError::invalid_value("Cannot enable DNS hostnames in a VPC without DNS support (enableDnsSupport).");
    if (member == "EnableDnsSupport" && !value && vpc_attribute(vpc, "EnableDnsHostnames"))
      throw ApiError::invalid_value("Cannot disable DNS support while DNS hostnames are enabled (enableDnsHostnames).");
    vpc["_" + member] = value;
    w.put(ctx.scope(), kind::vpc, id, std::move(vpc));
    if (member == "EnableDnsHostnames") {  // its instances' public names come and go with it
      w.update_each(ctx.scope(), kind::instance, [&](const json& instance) -> std::optional<json> {
        if (InstanceRecord(instance).vpc_id() != id) return {};
        json updated = instance;
        follow_dns_hostnames(updated, value);
        return updated;
      });
    }
  });
  return json::object();
}

json modify_subnet_attribute(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("SubnetId").get<std::string>();
  static constexpr const char* kMembers[] = {
      "MapPublicIpOnLaunch", "AssignIpv6AddressOnCreation", "EnableDns64", "PrivateDnsHostnameTypeOnLaunch",
      "EnableResourceNameDnsARecordOnLaunch", "EnableResourceNameDnsAAAARecordOnLaunch", "MapCustomerOwnedIpOnLaunch",
      "CustomerOwnedIpv4Pool", "EnableLniAtDeviceIndex", "DisableLniAtDeviceIndex"};
  for (const char* outposts : {"MapCustomerOwnedIpOnLaunch", "CustomerOwnedIpv4Pool", "EnableLniAtDeviceIndex", "DisableLniAtDeviceIndex"})
    if (input.contains(outposts))
      throw ApiError::client("UnsupportedOperation", "ec2sim has no Outposts: " + std::string(outposts) + " does not apply to its subnets.");
  const std::string member = the_one_attribute(input, kMembers);
  ctx.store.write([&](store::Writer& w) {
    const json* found = w.find(ctx.scope(), kind::subnet, id);
    if (!found) throw ApiError::client("InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
    json subnet = *found;
    const bool has_ipv6 = !subnet.value("Ipv6CidrBlockAssociationSet", json::array()).empty();
    auto flag = [&] { return input.at(member).value("Value", false); };
    if (member == "MapPublicIpOnLaunch" || member == "EnableDns64") {
      if (member == "MapPublicIpOnLaunch" && flag() && subnet.value("Ipv6Native", false))
        throw ApiError::invalid_value("Cannot set map-public-ip-on-launch on an IPv6-only subnet (" + id + ").");
      subnet[member] = flag();
    } else if (member == "AssignIpv6AddressOnCreation") {
      if (flag() && !has_ipv6)
        throw ApiError::invalid_value("Invalid value 'true' for assign-ipv6-address-on-creation. Cannot set "
                                      "assign-ipv6-address-on-creation to true unless the subnet (" + id +
                                      ") has an IPv6 CIDR block associated with it.");
      subnet[member] = flag();
    } else if (member == "PrivateDnsHostnameTypeOnLaunch") {
      const std::string type = input.at(member).get<std::string>();
      if (type != "ip-name" && type != "resource-name")
        throw ApiError::invalid_value("Value (" + type + ") for parameter privateDnsHostnameTypeOnLaunch is invalid.");
      if (type == "ip-name" && subnet.value("Ipv6Native", false))
        throw ApiError::invalid_value("An IPv6-only subnet names instances by resource (resource-name).");
      subnet["PrivateDnsNameOptionsOnLaunch"]["HostnameType"] = type;
    } else if (member == "EnableResourceNameDnsARecordOnLaunch" || member == "EnableResourceNameDnsAAAARecordOnLaunch") {
      const char* option = member == "EnableResourceNameDnsARecordOnLaunch" ? "EnableResourceNameDnsARecord"
                                                                             : "EnableResourceNameDnsAAAARecord";
      if (member == "EnableResourceNameDnsAAAARecordOnLaunch" && flag() && !has_ipv6)
        throw ApiError::invalid_value("Cannot enable AAAA records for a subnet without an IPv6 CIDR block (" + id + ").");
      subnet["PrivateDnsNameOptionsOnLaunch"][option] = flag();
    } else {
      throw ApiError::client("UnsupportedOperation", "ec2sim has no Outposts: " + member + " does not apply to its subnets.");
    }
    w.put(ctx.scope(), kind::subnet, id, std::move(subnet));
  });
  return json::object();
}

}  // namespace ec2sim::sim
