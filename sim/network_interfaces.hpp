// Network interfaces stored as resources of their own (kind::network_interface): those
// AWS services make in a subnet for themselves (a NAT gateway's), requester-managed. An
// instance's own interfaces live in its document (sim/instance_view.cpp).
#pragma once

#include <string>

#include "sim/context.hpp"

namespace ec2sim::sim {

// Stores an interface that a service (`interface_type`: nat_gateway …) holds in `subnet`
// at `private_ip`, and returns its id.
std::string create_service_interface(store::Writer& w, const RequestContext& ctx, const nlohmann::ordered_json& subnet,
                                     const std::string& private_ip, const std::string& description,
                                     const std::string& interface_type);

// Does any stored interface lie in `subnet_id`? (It keeps the subnet from being deleted.)
bool subnet_has_interfaces(const store::Reader& r, const RequestContext& ctx, const std::string& subnet_id);

}  // namespace ec2sim::sim
