// What a VPC and its subnets do to network ACLs: every VPC has a default ACL (created and
// deleted with it) and every subnet is associated with exactly one ACL — the default
// until ReplaceNetworkAclAssociation says otherwise.
#pragma once

#include <string>

#include "sim/context.hpp"

namespace ec2sim::sim {

// Stores the default ACL of `vpc`: all traffic allowed in and out (rule 100; 101 for IPv6
// when the VPC has an IPv6 block) above the final deny (32767; 32768).
void create_default_network_acl(store::Writer& w, const RequestContext& ctx, const nlohmann::ordered_json& vpc);

// Associates a new subnet with its VPC's default ACL.
void associate_default_network_acl(store::Writer& w, const RequestContext& ctx, const std::string& vpc_id,
                                   const std::string& subnet_id);

// A deleted subnet takes its ACL association with it.
void drop_network_acl_association(store::Writer& w, const RequestContext& ctx, const std::string& subnet_id);

// A VPC that gains an IPv6 block: its default ACL allows IPv6 as it allows IPv4.
void allow_ipv6_in_default_network_acl(store::Writer& w, const RequestContext& ctx, const std::string& vpc_id);

}  // namespace ec2sim::sim
