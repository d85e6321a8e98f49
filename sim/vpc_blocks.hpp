// A VPC's address blocks: the checks and documents CreateVpc, CreateSubnet and
// Associate/DisassociateVpcCidrBlock share.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

// The account's VPC `id` in the request's Region; InvalidVpcID.NotFound when it has none.
const nlohmann::ordered_json& find_vpc(const RequestContext& ctx, const store::Reader& r, const std::string& id);

// A CIDR whose host bits are zero, with a prefix between /16 and /28, as VPC blocks and
// subnets require; else `code` ("InvalidVpc.Range", "InvalidSubnet.Range").
void check_block(const std::string& cidr, const char* code);

// Does `cidr` lie within one of the VPC's IPv4 blocks?
bool within_vpc_block(const nlohmann::ordered_json& vpc, const std::string& cidr);

// The /56 AWS gives a VPC that asks AmazonProvidedIpv6CidrBlock, in the Region's network
// border group (the only one there is here).
nlohmann::ordered_json amazon_ipv6_association(const RequestContext& ctx, const nlohmann::ordered_json& input);

// Associations as a create or associate call reports them: still being associated.
nlohmann::ordered_json as_associating(nlohmann::ordered_json associations, const char* state_key);

}  // namespace ec2sim::sim
