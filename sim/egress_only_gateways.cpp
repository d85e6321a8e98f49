// Egress-only internet gateways: IPv6 out, nothing in. Created attached to their VPC (as on
// AWS: there is no attach call), described with AWS's filters, deleted — the routes to one
// turn blackhole. State only: ec2sim carries no traffic.
#include "sim/client_tokens.hpp"
#include "sim/describe.hpp"
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/route_tables.hpp"
#include "sim/tags.hpp"
#include "sim/vpc_blocks.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

const FilterTable& egress_only_filters() {
  static const FilterTable table{{
                                     {"egress-only-internet-gateway-id", FilterTable::path("EgressOnlyInternetGatewayId")},
                                     {"attachment.state", FilterTable::path("Attachments.State")},
                                     {"attachment.vpc-id", FilterTable::path("Attachments.VpcId")},
                                 },
                                 true};
  return table;
}

json shown(json gateway) {
  gateway.erase("_Id");
  return gateway;
}

}  // namespace

json create_egress_only_internet_gateway(const RequestContext& ctx, const json& input) {
  const std::string vpc_id = input.at("VpcId").get<std::string>();
  json tags = tags_for(input, "egress-only-internet-gateway");
  return ctx.store.write([&](store::Writer& w) {
    if (const json* made = replayed_resource(w, ctx, "CreateEgressOnlyInternetGateway", input, kind::egress_only_internet_gateway,
                                             "EgressOnlyInternetGatewayId"))  // as it is now
      return json{{"ClientToken", input.at("ClientToken")}, {"EgressOnlyInternetGateway", shown(*made)}};
    find_vpc(ctx, w, vpc_id);  // it must exist
    const std::string id = new_id("eigw");
    json gateway = {{"_Id", id},
                    {"Attachments", json::array({{{"State", "attached"}, {"VpcId", vpc_id}}})},
                    {"EgressOnlyInternetGatewayId", id},
                    {"Tags", tags}};
    w.put(ctx.scope(), kind::egress_only_internet_gateway, id, gateway);
    remember_call(w, ctx, "CreateEgressOnlyInternetGateway", input, {{"EgressOnlyInternetGatewayId", id}});
    json out = {{"EgressOnlyInternetGateway", shown(std::move(gateway))}};
    if (input.contains("ClientToken")) out["ClientToken"] = input.at("ClientToken");
    return out;
  });
}

json describe_egress_only_internet_gateways(const RequestContext& ctx, const json& input) {
  return describe_resources(ctx, input,
                            {kind::egress_only_internet_gateway, "EgressOnlyInternetGatewayIds",
                             "InvalidEgressOnlyInternetGatewayId.NotFound", "egress-only internet gateway ID",
                             "egress-only internet gateway IDs", egress_only_filters(), "EgressOnlyInternetGateways"});
}

json delete_egress_only_internet_gateway(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("EgressOnlyInternetGatewayId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    const json* gateway = w.find(ctx.scope(), kind::egress_only_internet_gateway, id);
    if (!gateway)
      throw ApiError::client("InvalidEgressOnlyInternetGatewayId.NotFound",
                             "The egress-only internet gateway ID '" + id + "' does not exist");
    const std::string vpc_id = gateway->at("Attachments").at(0).at("VpcId").get<std::string>();
    w.erase(ctx.scope(), kind::egress_only_internet_gateway, id);
    set_route_state(w, ctx, "EgressOnlyInternetGatewayId", id, "blackhole", vpc_id);  // routes to it lead nowhere
  });
  return {{"ReturnCode", true}};
}

}  // namespace ec2sim::sim
