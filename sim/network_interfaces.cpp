#include "sim/network_interfaces.hpp"

#include "sim/ip_addresses.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {

using json = nlohmann::ordered_json;

std::string create_service_interface(store::Writer& w, const RequestContext& ctx, const json& subnet,
                                     const std::string& private_ip, const std::string& description,
                                     const std::string& interface_type) {
  const std::string id = new_id("eni");
  w.put(ctx.scope(), kind::network_interface, id,
        {{"_Id", id},
         {"AvailabilityZone", subnet.at("AvailabilityZone")},
         {"Description", description},
         {"Groups", json::array()},
         {"InterfaceType", interface_type},
         {"Ipv6Addresses", json::array()},
         {"MacAddress", new_mac_address()},
         {"NetworkInterfaceId", id},
         {"OwnerId", ctx.account_id},
         {"PrivateDnsName", private_dns_name(ctx.region.name, private_ip)},
         {"PrivateIpAddress", private_ip},
         {"PrivateIpAddresses", json::array({{{"Primary", true}, {"PrivateDnsName", private_dns_name(ctx.region.name, private_ip)},
                                              {"PrivateIpAddress", private_ip}}})},
         {"RequesterId", "AWS"},  // made by a service, not by the account
         {"RequesterManaged", true},
         {"SourceDestCheck", false},
         {"Status", "in-use"},
         {"SubnetId", subnet.at("SubnetId")},
         {"TagSet", json::array()},
         {"VpcId", subnet.at("VpcId")}});
  return id;
}

bool subnet_has_interfaces(const store::Reader& r, const RequestContext& ctx, const std::string& subnet_id) {
  for (const auto& [id, eni] : r.all(ctx.scope(), kind::network_interface))
    if (eni.at("SubnetId") == subnet_id) return true;
  return false;
}

}  // namespace ec2sim::sim
