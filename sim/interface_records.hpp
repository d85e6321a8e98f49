// How network interfaces are held and shown (sim/interface_records.cpp), shared by the
// files that change them: a stored document of its own, or an instance's primary interface
// whose members live in the instance's record (sim/instance_view.cpp).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"
#include "sim/errors.hpp"
#include "sim/ip_addresses.hpp"

namespace ec2sim::sim {

ApiError interface_not_found(const std::string& id);  // InvalidNetworkInterfaceID.NotFound
ApiError interface_malformed(const std::string& id);  // InvalidNetworkInterfaceId.Malformed
ApiError interface_in_use(const std::string& id);

// [{GroupName, GroupId}] of security group documents.
nlohmann::ordered_json shown_groups(const std::vector<const nlohmann::ordered_json*>& groups);

// An instance's primary interface as DescribeNetworkInterfaces shows it.
nlohmann::ordered_json primary_interface(const RequestContext& ctx, const nlohmann::ordered_json& record);

// Where an interface's members live: its own document, or its instance's record.
struct Located {
  nlohmann::ordered_json shown;                 // as DescribeNetworkInterfaces shows it (Tags, not yet TagSet)
  bool stored = false;
  std::string instance_id;    // the instance it is the primary interface of, else ""
};

// The interface `id`, wherever its members live; throws Malformed or NotFound.
Located locate_interface(const store::Reader& r, const RequestContext& ctx, const std::string& id);
// A service's own interface (a NAT gateway's) is the service's to change, not the account's:
// OperationNotPermitted.
const Located& changeable_interface(const Located& found);

// A stored interface as the API shows it (Tags as TagSet).
nlohmann::ordered_json shown_interface(nlohmann::ordered_json eni);
// The Elastic IPs on a stored interface that goes stay allocated, free.
void free_elastic_ips(store::Writer& w, const RequestContext& ctx, const nlohmann::ordered_json& eni);
// The instance an interface is attached to; "" when none is (or a service holds it).
std::string attachment_instance(const nlohmann::ordered_json& eni);
// Puts a stored interface, and its copy in the record of the instance it is attached to.
void put_interface(store::Writer& w, const RequestContext& ctx, const nlohmann::ordered_json& eni);
// Drops the copy of interface `id` from the instance's record.
void drop_copy(store::Writer& w, const RequestContext& ctx, const std::string& instance_id, const std::string& id);
// A new stored interface's document in `subnet`, with its primary address.
nlohmann::ordered_json interface_document(const RequestContext& ctx, const std::string& id, const nlohmann::ordered_json& subnet,
                                          const std::string& private_ip, const std::string& description);
// A secondary private address as an interface lists it.
nlohmann::ordered_json secondary_address(const RequestContext& ctx, const std::string& ip);
// How many IPv4 addresses an interface may hold: the attached instance's type's limit;
// unattached, the largest any type allows (AWS checks again on attach).
int address_limit(const RequestContext& ctx, const store::Reader& r, const std::string& instance_id);
// Checks an address a request names for the subnet, and takes it.
void take_address(const std::string& cidr, const std::string& ip, UsedAddresses& used);
// IPv6 addresses: those already given in subnet `subnet_id` (to instances' primary
// interfaces and stored ones), and new ones for an interface there that holds `held`: the
// `named` ones (inside the subnet's IPv6 block, not taken) and `count` more from the block,
// `limit` in all (InvalidParameterValue beyond). The subnet must have an IPv6 block.
std::vector<std::string> ipv6_addresses_in_subnet(const store::Reader& r, const RequestContext& ctx, const std::string& subnet_id);
std::vector<std::string> take_ipv6_addresses(const store::Reader& r, const RequestContext& ctx, const nlohmann::ordered_json& subnet,
                                             const nlohmann::ordered_json& named, int count, std::size_t held, int limit);
// How many IPv6 addresses an interface of `type` may hold (0: the type has no IPv6);
// unattached, the most any type allows (AWS checks again on attach).
int ipv6_limit(const catalog::InstanceType& type);
inline constexpr int kUnattachedIpv6Limit = 50;
// [{Ipv6Address, IsPrimaryIpv6}] as interfaces list them.
nlohmann::ordered_json shown_ipv6_addresses(const std::vector<std::string>& addresses);

// The subnet the interface is in.
const nlohmann::ordered_json& interface_subnet(const store::Reader& r, const RequestContext& ctx, const nlohmann::ordered_json& eni);

}  // namespace ec2sim::sim
