// DescribeAccountAttributes: the limits and defaults of an account in a Region.
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/resource_ids.hpp"

namespace ec2sim::sim {

using json = nlohmann::ordered_json;

json describe_account_attributes(const RequestContext& ctx, const json& input) {
  auto values = [](std::initializer_list<std::string> vs) {
    json out = json::array();
    for (const auto& v : vs) out.push_back({{"AttributeValue", v}});
    return out;
  };
  // The account's quotas; the default VPC is the one every account and Region gets
  // (sim/resource_ids.hpp names it). max-instances is retired on AWS ("no longer
  // supported": instances are limited by vCPUs) and still answers the old default, 20.
  const auto quota = [&](std::string_view name) { return values({std::to_string(ctx.settings.quotas[name])}); };
  const std::pair<std::string, json> attributes[] = {
      {"supported-platforms", values({"VPC"})},
      {"vpc-max-security-groups-per-interface", quota("security-groups-per-interface")},
      {"max-elastic-ips", quota("elastic-ips")},
      {"max-instances", values({"20"})},
      {"vpc-max-elastic-ips", quota("elastic-ips")},
      {"default-vpc", values({default_vpc_id(ctx.account_id, ctx.region.name)})},
  };
  std::vector<std::string> wanted;
  for (const auto& n : input.value("AttributeNames", json::array())) wanted.push_back(n.get<std::string>());
  json out = json::array();
  for (const auto& [name, attribute_values] : attributes) {
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), name) == wanted.end()) continue;
    out.push_back({{"AttributeName", name}, {"AttributeValues", attribute_values}});
  }
  return {{"AccountAttributes", std::move(out)}};
}

}  // namespace ec2sim::sim
