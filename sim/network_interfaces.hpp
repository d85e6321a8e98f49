// Network interfaces. An instance's primary interface lives in the instance's record
// (sim/instance_view.cpp derives it); every other one is a document of its own
// (kind::network_interface): those the account creates, and those AWS services make in a
// subnet for themselves (a NAT gateway's), requester-managed. An interface attached to an
// instance beyond its primary is also copied into the instance's record
// (`_AttachedInterfaces`), so that DescribeInstances shows it without a second lookup.
#pragma once

#include <string>
#include <vector>

#include "sim/context.hpp"

namespace ec2sim::sim {

// Stores an interface that a service (`interface_type`: nat_gateway …) holds in `subnet`
// at `private_ip`, and returns its id.
std::string create_service_interface(store::Writer& w, const RequestContext& ctx, const nlohmann::ordered_json& subnet,
                                     const std::string& private_ip, const std::string& description,
                                     const std::string& interface_type);

// Does any stored interface lie in `subnet_id`? (It keeps the subnet from being deleted.)
bool subnet_has_interfaces(const store::Reader& r, const RequestContext& ctx, const std::string& subnet_id);

// The security groups an interface in `place` (its subnet, or its VPC) gets: those `ids`
// and `names` name (each in that VPC, within the per-interface quota), else the VPC's
// default group.
std::vector<const nlohmann::ordered_json*> interface_groups(const RequestContext& ctx, const store::Reader& r,
                                                            const nlohmann::ordered_json& ids,
                                                            const nlohmann::ordered_json& names,
                                                            const nlohmann::ordered_json& place);

// A terminated instance lets go of its interfaces: each (its primary too) deleted when its
// attachment says DeleteOnTermination, else detached and available again, a document of
// its own that keeps its Elastic IPs. Called before the instance's addresses are cleared.
void release_interfaces(store::Writer& w, const RequestContext& ctx, nlohmann::ordered_json& instance);

// Puts the Elastic IP `address` (as stored now) on one of a stored interface's private
// addresses (`private_ip`; "" for its primary): shown on the interface and, when attached,
// on its instance's copy. Returns the association id.
std::string associate_with_interface(store::Writer& w, const RequestContext& ctx, nlohmann::ordered_json& address,
                                     const nlohmann::ordered_json& eni, std::string private_ip);

// Takes an Elastic IP off the stored interface it is on (the caller stores `address`).
void disassociate_from_interface(store::Writer& w, const RequestContext& ctx, nlohmann::ordered_json& address);

// The stored interface `id` (an instance's primary interface is not one), or null.
const nlohmann::ordered_json* stored_interface(const store::Reader& r, const RequestContext& ctx, const std::string& id);

}  // namespace ec2sim::sim
