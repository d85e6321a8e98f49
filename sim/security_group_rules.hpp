// Security group rules in both of EC2's spellings.
//
// A group stores a flat list of rules (`_Rules`), one peer each — a CIDR, an IPv6 CIDR, a
// prefix list or another group — as DescribeSecurityGroupRules shows them. Requests speak
// IpPermissions (protocol and port range with lists of peers) or the old short form
// (CidrIp/IpProtocol/FromPort/ToPort); DescribeSecurityGroups groups rules back into
// IpPermissions. Both directions go through this file.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace ec2sim::sim {

// The rules a request describes (without ids), validated: protocol (tcp/udp/icmp/icmpv6,
// a number, or -1 for all), port ranges, CIDRs. Throws ApiError (InvalidParameterValue,
// MissingParameter, InvalidPermission.Malformed).
nlohmann::ordered_json rules_from_request(const nlohmann::ordered_json& input, bool egress, const std::string& account_id);

// Do two rules allow the same traffic from the same peer? (Descriptions do not count.)
bool same_rule(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b);

// "peer: 1.2.3.4/32, TCP, from port: 22, to port: 22, ALLOW", as AWS names a rule in errors.
std::string describe_rule(const nlohmann::ordered_json& rule);

// The IpPermissions (or IpPermissionsEgress) that `rules` amount to.
nlohmann::ordered_json permissions_from_rules(const nlohmann::ordered_json& rules, bool egress);

}  // namespace ec2sim::sim
