// DHCP options sets: create (AWS's keys and their value limits), describe with AWS's
// filters, associate with a VPC (or `default`: none at all), delete while no VPC uses the
// set. State only: ec2sim runs no DHCP server.
#include "sim/dhcp_options.hpp"

#include <map>

#include "sim/describe.hpp"
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/tags.hpp"
#include "sim/vpc_blocks.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

const FilterTable& dhcp_options_filters() {
  static const FilterTable table{{
                                     {"dhcp-options-id", Path::path("DhcpOptionsId")},
                                     {"key", Path::path("DhcpConfigurations.Key")},
                                     {"value", Path::path("DhcpConfigurations.Values.Value")},
                                     {"owner-id", Path::path("OwnerId")},
                                 },
                                 true};
  return table;
}

// The keys a set may have and how many values each takes.
const std::map<std::string, std::size_t, std::less<>>& allowed_keys() {
  static const std::map<std::string, std::size_t, std::less<>> keys = {
      {"domain-name", 1},          {"domain-name-servers", 4}, {"ntp-servers", 8},
      {"netbios-name-servers", 4}, {"netbios-node-type", 1},   {"ipv6-address-preferred-lease-time", 1}};
  return keys;
}

json configuration(const std::string& key, const std::vector<std::string>& values) {
  json entry = {{"Key", key}, {"Values", json::array()}};
  for (const auto& v : values) entry["Values"].push_back({{"Value", v}});
  return entry;
}

json options_document(const RequestContext& ctx, const std::string& id, json configurations, json tags) {
  return {{"_Id", id}, {"DhcpConfigurations", std::move(configurations)}, {"DhcpOptionsId", id},
          {"OwnerId", ctx.account_id}, {"Tags", std::move(tags)}};
}

json shown_options(json options) {
  options.erase("_Id");
  return options;
}

// The configurations a CreateDhcpOptions request asks for, checked as AWS checks them.
json requested_configurations(const json& input) {
  json out = json::array();
  std::map<std::string, bool, std::less<>> seen;
  for (const auto& c : input.at("DhcpConfigurations")) {
    const std::string key = c.value("Key", "");
    const auto allowed = allowed_keys().find(key);
    if (allowed == allowed_keys().end())
      throw ApiError::invalid_value("Value (" + key + ") for parameter key is invalid. Unknown key.");
    if (seen[key]) throw ApiError::invalid_value("Value (" + key + ") for parameter key is invalid. Duplicate key.");
    seen[key] = true;
    std::vector<std::string> values;
    for (const auto& v : c.value("Values", json::array())) values.push_back(v.get<std::string>());
    if (values.empty()) throw ApiError::invalid_value("Value for parameter " + key + " is invalid: no values given.");
    if (values.size() > allowed->second)
      throw ApiError::invalid_value("Value for parameter " + key + " is invalid: at most " + std::to_string(allowed->second) +
                                    " values.");
    if (key == "netbios-node-type" && values[0] != "1" && values[0] != "2" && values[0] != "4" && values[0] != "8")
      throw ApiError::invalid_value("Value (" + values[0] + ") for parameter netbios-node-type is invalid. Valid values: 1, 2, 4, 8.");
    out.push_back(configuration(key, values));
  }
  return out;
}

const json& find_options(const RequestContext& ctx, const store::Reader& r, const std::string& id) {
  if (!is_id(id, "dopt")) throw ApiError::client("InvalidDhcpOptionsId.Malformed", "The dhcp-options ID '" + id + "' is malformed");
  const json* options = r.find(ctx.scope(), kind::dhcp_options, id);
  if (!options) throw ApiError::client("InvalidDhcpOptionID.NotFound", "The dhcpOption ID '" + id + "' does not exist");
  return *options;
}

}  // namespace

std::string default_dhcp_options(store::Writer& w, const RequestContext& ctx) {
  const std::string id = catalog::stable_id("dopt", ctx.account_id + "/" + ctx.region.name + "/default-dhcp-options");
  if (!w.find(ctx.scope(), kind::dhcp_options, id)) {
    // us-east-1 kept its historical domain; every other Region has <region>.compute.internal.
    const std::string domain = ctx.region.name == "us-east-1" ? "ec2.internal" : ctx.region.name + ".compute.internal";
    w.put(ctx.scope(), kind::dhcp_options, id,
          options_document(ctx, id,
                           json::array({configuration("domain-name", {domain}),
                                        configuration("domain-name-servers", {"AmazonProvidedDNS"})}),
                           json::array()));
  }
  return id;
}

json create_dhcp_options(const RequestContext& ctx, const json& input) {
  json configurations = requested_configurations(input);
  json tags = tags_for(input, "dhcp-options");
  return ctx.store.write([&](store::Writer& w) {
    const std::string id = new_id("dopt");
    json options = options_document(ctx, id, std::move(configurations), std::move(tags));
    w.put(ctx.scope(), kind::dhcp_options, id, options);
    return json{{"DhcpOptions", shown_options(std::move(options))}};
  });
}

json describe_dhcp_options(const RequestContext& ctx, const json& input) {
  return describe_resources(ctx, input,
                            {kind::dhcp_options, "DhcpOptionsIds", "InvalidDhcpOptionID.NotFound", "dhcpOption ID",
                             "dhcpOption IDs", dhcp_options_filters(), "DhcpOptions"});
}

json associate_dhcp_options(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("DhcpOptionsId").get<std::string>();
  const std::string vpc_id = input.at("VpcId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    json vpc = find_vpc(ctx, w, vpc_id);
    if (id != "default") find_options(ctx, w, id);  // `default`: no options at all
    vpc["DhcpOptionsId"] = id;
    w.put(ctx.scope(), kind::vpc, vpc_id, std::move(vpc));
  });
  return json::object();
}

json delete_dhcp_options(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("DhcpOptionsId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    find_options(ctx, w, id);
    for (const auto& [vpc_id, vpc] : w.all(ctx.scope(), kind::vpc))
      if (vpc.value("DhcpOptionsId", "") == id)
        throw ApiError::client("DependencyViolation", "The dhcpOptions '" + id + "' has dependencies and cannot be deleted.");
    w.erase(ctx.scope(), kind::dhcp_options, id);
  });
  return json::object();
}

}  // namespace ec2sim::sim
