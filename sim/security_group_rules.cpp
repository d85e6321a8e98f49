#include "sim/security_group_rules.hpp"

#include <arpa/inet.h>

#include <map>
#include <tuple>

#include "sim/errors.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

// AWS stores protocols by name where it has one and by number otherwise.
std::string normalise_protocol(std::string p) {
  for (auto& c : p) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (p == "all" || p == "-1") return "-1";
  if (p == "6") return "tcp";
  if (p == "17") return "udp";
  if (p == "1") return "icmp";
  if (p == "58") return "icmpv6";
  if (p == "tcp" || p == "udp" || p == "icmp" || p == "icmpv6") return p;
  bool numeric = !p.empty() && std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (numeric && std::stoi(p) <= 255) return p;
  throw ApiError::invalid_value("Invalid value '" + p + "' for IP protocol. Unknown protocol.");
}

void validate_cidr(const std::string& cidr, bool v6) {
  auto slash = cidr.find('/');
  bool ok = slash != std::string::npos && slash + 1 < cidr.size();
  if (ok) {
    unsigned char buf[16];
    std::string address = cidr.substr(0, slash), bits = cidr.substr(slash + 1);
    ok = inet_pton(v6 ? AF_INET6 : AF_INET, address.c_str(), buf) == 1 &&
         std::all_of(bits.begin(), bits.end(), [](char c) { return c >= '0' && c <= '9'; }) && bits.size() <= 3 &&
         std::stoi(bits) <= (v6 ? 128 : 32);
  }
  if (!ok) throw ApiError::invalid_value("CIDR block " + cidr + " is malformed");
}

// Rules for one IpPermission.
void add_permission_rules(const json& p, bool egress, const std::string& account, json& out) {
  if (!p.contains("IpProtocol")) throw ApiError::missing_parameter("The request must contain the parameter ipProtocol");
  const std::string protocol = normalise_protocol(p.at("IpProtocol").get<std::string>());
  int from = p.value("FromPort", -1), to = p.value("ToPort", -1);
  if (protocol == "tcp" || protocol == "udp") {
    if (!p.contains("FromPort") || !p.contains("ToPort"))
      throw ApiError::client("InvalidParameterValue", "Invalid value for portRange. Must specify both from and to ports with TCP/UDP.");
    if (from < 0 || to > 65535 || from > to)
      throw ApiError::client("InvalidParameterValue",
                             "Invalid value for portRange. Must be a valid port range from 0 to 65535 (from " +
                                 std::to_string(from) + " to " + std::to_string(to) + ").");
  } else if (protocol == "icmp" || protocol == "icmpv6") {
    if (from < -1 || from > 255 || to < -1 || to > 255)
      throw ApiError::invalid_value("Invalid value for ICMP type or code: must be -1 or between 0 and 255.");
  } else {
    from = to = -1;  // ports mean nothing for "all" or other protocols
  }
  json base = {{"IsEgress", egress}, {"IpProtocol", protocol}, {"FromPort", from}, {"ToPort", to}};
  auto with = [&](const char* key, json value, const json& source) {
    json rule = base;
    rule[key] = std::move(value);
    if (source.contains("Description")) rule["Description"] = source.at("Description");
    out.push_back(std::move(rule));
  };
  for (const auto& r : p.value("IpRanges", json::array())) {
    validate_cidr(r.value("CidrIp", ""), false);
    with("CidrIpv4", r.at("CidrIp"), r);
  }
  for (const auto& r : p.value("Ipv6Ranges", json::array())) {
    validate_cidr(r.value("CidrIpv6", ""), true);
    with("CidrIpv6", r.at("CidrIpv6"), r);
  }
  for (const auto& r : p.value("PrefixListIds", json::array())) {
    if (!r.contains("PrefixListId")) throw ApiError::missing_parameter("The request must contain the parameter PrefixListId");
    with("PrefixListId", r.at("PrefixListId"), r);
  }
  for (const auto& r : p.value("UserIdGroupPairs", json::array())) {
    json ref = {{"UserId", r.value("UserId", account)}};
    if (r.contains("GroupId")) ref["GroupId"] = r.at("GroupId");
    if (r.contains("GroupName")) ref["GroupName"] = r.at("GroupName");
    if (!ref.contains("GroupId") && !ref.contains("GroupName"))
      throw ApiError::missing_parameter("A security group reference needs a GroupId or GroupName.");
    with("ReferencedGroupInfo", ref, r);
  }
}

}  // namespace

json rules_from_request(const json& input, bool egress, const std::string& account) {
  json rules = json::array();
  for (const auto& p : input.value("IpPermissions", json::array())) add_permission_rules(p, egress, account, rules);
  // The short form: one CIDR or one source group with a protocol and ports.
  if (input.contains("CidrIp") || input.contains("IpProtocol") || input.contains("SourceSecurityGroupName")) {
    json p = {{"IpProtocol", input.value("IpProtocol", "-1")}};
    if (input.contains("FromPort")) p["FromPort"] = input.at("FromPort");
    if (input.contains("ToPort")) p["ToPort"] = input.at("ToPort");
    if (input.contains("CidrIp")) p["IpRanges"] = json::array({{{"CidrIp", input.at("CidrIp")}}});
    if (input.contains("SourceSecurityGroupName")) {
      json pair = {{"GroupName", input.at("SourceSecurityGroupName")}};
      if (input.contains("SourceSecurityGroupOwnerId")) pair["UserId"] = input.at("SourceSecurityGroupOwnerId");
      p["UserIdGroupPairs"] = json::array({pair});
    }
    add_permission_rules(p, egress, account, rules);
  }
  if (rules.empty())
    throw ApiError::missing_parameter("The request must contain the parameter IpPermissions (or CidrIp and IpProtocol)");
  return rules;
}

bool same_rule(const json& a, const json& b) {
  auto peer = [](const json& r) {
    for (const char* key : {"CidrIpv4", "CidrIpv6", "PrefixListId"})
      if (r.contains(key)) return r.at(key).get<std::string>();
    const auto& g = r.at("ReferencedGroupInfo");
    return g.value("GroupId", g.value("GroupName", ""));
  };
  return a.at("IsEgress") == b.at("IsEgress") && a.at("IpProtocol") == b.at("IpProtocol") &&
         a.at("FromPort") == b.at("FromPort") && a.at("ToPort") == b.at("ToPort") && peer(a) == peer(b);
}

std::string describe_rule(const json& r) {
  std::string peer;
  for (const char* key : {"CidrIpv4", "CidrIpv6", "PrefixListId"})
    if (r.contains(key)) peer = r.at(key).get<std::string>();
  if (peer.empty()) peer = r.at("ReferencedGroupInfo").value("GroupId", r.at("ReferencedGroupInfo").value("GroupName", ""));
  std::string protocol = r.at("IpProtocol").get<std::string>();
  for (auto& c : protocol) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (protocol == "-1") protocol = "ALL";
  return "peer: " + peer + ", " + protocol + ", from port: " + std::to_string(r.at("FromPort").get<int>()) +
         ", to port: " + std::to_string(r.at("ToPort").get<int>()) + ", ALLOW";
}

json permissions_from_rules(const json& rules, bool egress) {
  // Group by (protocol, from, to) in first-seen order.
  std::vector<std::tuple<std::string, int, int>> order;
  std::map<std::tuple<std::string, int, int>, json> groups;
  for (const auto& r : rules) {
    if (r.at("IsEgress").get<bool>() != egress) continue;
    auto key = std::make_tuple(r.at("IpProtocol").get<std::string>(), r.at("FromPort").get<int>(), r.at("ToPort").get<int>());
    auto [it, fresh] = groups.try_emplace(key, json{{"IpProtocol", std::get<0>(key)},
                                                    {"IpRanges", json::array()},
                                                    {"Ipv6Ranges", json::array()},
                                                    {"PrefixListIds", json::array()},
                                                    {"UserIdGroupPairs", json::array()}});
    json& permission = it->second;  // (clang 14 lambdas cannot capture a binding)
    if (fresh) {
      order.push_back(key);
      if (std::get<0>(key) != "-1") {
        permission["FromPort"] = std::get<1>(key);
        permission["ToPort"] = std::get<2>(key);
      }
    }
    auto entry = [&](const char* list, json value) {
      if (r.contains("Description")) value["Description"] = r.at("Description");
      permission[list].push_back(std::move(value));
    };
    if (r.contains("CidrIpv4")) entry("IpRanges", {{"CidrIp", r.at("CidrIpv4")}});
    else if (r.contains("CidrIpv6")) entry("Ipv6Ranges", {{"CidrIpv6", r.at("CidrIpv6")}});
    else if (r.contains("PrefixListId")) entry("PrefixListIds", {{"PrefixListId", r.at("PrefixListId")}});
    else entry("UserIdGroupPairs", r.at("ReferencedGroupInfo"));
  }
  json out = json::array();
  for (const auto& key : order) out.push_back(std::move(groups[key]));
  return out;
}

}  // namespace ec2sim::sim
