// VPC peering connections, within an account or between accounts of this server and
// across Regions: requested (pending-acceptance for a week, then expired), accepted by the
// peer VPC's owner (active), rejected, deleted by either side — or failed at once when the
// peer VPC is not there or the two overlap, as AWS fails them. Both sides see the
// connection: its document is kept in the requester's scope and in the accepter's, written
// together. Routes may lead to it (sim/route_tables.cpp); they are blackhole unless it is
// active. State only: ec2sim carries no traffic.
#include "sim/vpc_peering.hpp"

#include "sim/describe.hpp"
#include "sim/due.hpp"
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/ipv6_cidrs.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/route_tables.hpp"
#include "sim/security_group_references.hpp"
#include "sim/tags.hpp"
#include "sim/time_format.hpp"
#include "sim/vpc_blocks.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

constexpr auto kAcceptWithin = std::chrono::hours(24 * 7);  // then a pending request expires
constexpr auto kListedAfterEnd = std::chrono::hours(2);     // a deleted, rejected, failed or expired one is listed that long

const FilterTable& peering_filters() {
  static const FilterTable table{{
                                     {"accepter-vpc-info.cidr-block", Path::path("AccepterVpcInfo.CidrBlock")},
                                     {"accepter-vpc-info.owner-id", Path::path("AccepterVpcInfo.OwnerId")},
                                     {"accepter-vpc-info.vpc-id", Path::path("AccepterVpcInfo.VpcId")},
                                     {"expiration-time", Path::path("ExpirationTime")},
                                     {"requester-vpc-info.cidr-block", Path::path("RequesterVpcInfo.CidrBlock")},
                                     {"requester-vpc-info.owner-id", Path::path("RequesterVpcInfo.OwnerId")},
                                     {"requester-vpc-info.vpc-id", Path::path("RequesterVpcInfo.VpcId")},
                                     {"status-code", Path::path("Status.Code")},
                                     {"status-message", Path::path("Status.Message")},
                                     {"vpc-peering-connection-id", Path::path("VpcPeeringConnectionId")},
                                 },
                                 true};
  return table;
}

store::Scope side_scope(const json& info) { return {info.at("OwnerId").get<std::string>(), info.at("Region").get<std::string>()}; }
store::Scope requester_scope(const json& peering) { return side_scope(peering.at("RequesterVpcInfo")); }
store::Scope accepter_scope(const json& peering) { return side_scope(peering.at("AccepterVpcInfo")); }
bool same_scope(const store::Scope& a, const store::Scope& b) { return a.account == b.account && a.region == b.region; }

// A context for one side of the connection (its routes live there).
RequestContext side_context(const RequestContext& ctx, const store::Scope& scope) {
  const auto* region = ctx.catalog.find_region(scope.region);
  return {scope.account, region ? *region : ctx.region, ctx.catalog, ctx.store, ctx.now, ctx.settings};
}

std::string_view peering_code(const json& peering) { return peering.at("Status").at("Code").get_ref<const std::string&>(); }

void set_peering_status(json& peering, std::string_view code, std::string message) {
  peering["Status"] = {{"Code", code}, {"Message", std::move(message)}};
}

// What a VPC shows of itself to a peering connection.
json vpc_info(const json& vpc, const std::string& owner, const std::string& region) {
  json info = {{"CidrBlock", vpc.at("CidrBlock")}, {"OwnerId", owner}, {"VpcId", vpc.at("VpcId")}, {"Region", region}};
  json blocks = json::array(), ipv6 = json::array();
  for (const auto& a : vpc.value("CidrBlockAssociationSet", json::array())) blocks.push_back({{"CidrBlock", a.at("CidrBlock")}});
  for (const auto& a : vpc.value("Ipv6CidrBlockAssociationSet", json::array())) ipv6.push_back({{"Ipv6CidrBlock", a.at("Ipv6CidrBlock")}});
  info["CidrBlockSet"] = std::move(blocks);
  if (!ipv6.empty()) info["Ipv6CidrBlockSet"] = std::move(ipv6);
  return info;
}

// Do any of the two VPCs' IPv4 blocks overlap (AWS will not peer them)?
bool blocks_overlap(const json& a, const json& b) {
  for (const auto& x : a.at("CidrBlockSet"))
    for (const auto& y : b.at("CidrBlockSet"))
      if (cidrs_overlap(x.at("CidrBlock").get<std::string>(), y.at("CidrBlock").get<std::string>())) return true;
  return false;
}

// Writes the connection to both sides' scopes. Tags are each side's own, as on AWS: a side's
// copy keeps its tags (the accepter's starts with none).
void put_peering(store::Writer& w, const json& peering) {
  const std::string id = peering.at("VpcPeeringConnectionId").get<std::string>();
  const store::Scope requester = requester_scope(peering), accepter = accepter_scope(peering);
  std::vector<store::Scope> scopes{requester};
  if (!same_scope(requester, accepter)) scopes.push_back(accepter);  // one account and Region: one copy
  for (const auto& scope : scopes) {
    json copy = peering;
    if (const json* there = w.find(scope, kind::vpc_peering_connection, id)) copy["Tags"] = there->value("Tags", json::array());
    else if (!same_scope(scope, requester)) copy["Tags"] = json::array();
    w.put(scope, kind::vpc_peering_connection, id, std::move(copy));
  }
}

// The connection has ended (deleted, rejected, expired): listed a while more; routes to it lead nowhere.
void end_peering(store::Writer& w, const RequestContext& ctx, json& peering, std::string_view code, std::string message) {
  set_peering_status(peering, code, std::move(message));
  peering.erase("ExpirationTime");
  peering["_DueAt"] = epoch_ms(ctx.now + kListedAfterEnd);
  const std::string id = peering.at("VpcPeeringConnectionId").get<std::string>();
  for (const auto& scope : {requester_scope(peering), accepter_scope(peering)}) {
    set_route_state(w, side_context(ctx, scope), "VpcPeeringConnectionId", id, "blackhole");
    mark_peering_references_ended(w, side_context(ctx, scope), id);
  }
}

const json& find_peering(const store::Reader& r, const RequestContext& ctx, const std::string& id) {
  if (!is_id(id, "pcx"))
    throw ApiError::client("InvalidVpcPeeringConnectionId.Malformed", "The vpcPeeringConnection ID '" + id + "' is malformed");
  const json* peering = r.find(ctx.scope(), kind::vpc_peering_connection, id);
  if (!peering) throw ApiError::client("InvalidVpcPeeringConnectionID.NotFound", "The vpcPeeringConnection ID '" + id + "' does not exist");
  return *peering;
}

bool is_accepter(const RequestContext& ctx, const json& peering) { return same_scope(ctx.scope(), accepter_scope(peering)); }

ApiError bad_transition(const std::string& id, std::string_view from, std::string_view to) {
  return ApiError::client("InvalidStateTransition", "Invalid state transition for " + id + ", attempted to transition from " +
                                                        std::string(from) + " to " + std::string(to));
}

}  // namespace

std::string peering_route_state(const store::Reader& r, const RequestContext& ctx, const std::string& id, const std::string& vpc_id) {
  const json& peering = find_peering(r, ctx, id);
  const bool ours = (is_accepter(ctx, peering) && peering.at("AccepterVpcInfo").at("VpcId") == vpc_id) ||
                    (same_scope(ctx.scope(), requester_scope(peering)) && peering.at("RequesterVpcInfo").at("VpcId") == vpc_id);
  if (!ours) throw ApiError::invalid_value("route table and peering connection " + id + " belong to different networks");
  const std::string_view code = peering_code(peering);
  if (code != "active" && code != "pending-acceptance" && code != "provisioning")
    throw ApiError::client("InvalidVpcPeeringConnectionID.NotFound", "The vpcPeeringConnection ID '" + id + "' does not exist");
  return code == "active" ? "active" : "blackhole";
}

std::optional<PeerSide> active_peer_of(const json& peering, const RequestContext& ctx, const std::string& vpc_id) {
  if (peering_code(peering) != "active") return std::nullopt;
  for (const auto& [mine, theirs] : {std::pair{"RequesterVpcInfo", "AccepterVpcInfo"}, std::pair{"AccepterVpcInfo", "RequesterVpcInfo"}}) {
    const json& own = peering.at(mine);
    const json& other = peering.at(theirs);
    if (own.at("VpcId") == vpc_id && own.at("OwnerId") == ctx.account_id && own.at("Region") == ctx.region.name)
      return PeerSide{side_scope(other), other.at("VpcId").get<std::string>()};
  }
  return std::nullopt;
}

const json* active_peering_between(const store::Reader& r, const RequestContext& ctx, const std::string& vpc_id,
                                   const std::string& other_owner, const std::string& other_vpc) {
  for (const auto& [id, peering] : r.all(ctx.scope(), kind::vpc_peering_connection))
    if (const auto peer = active_peer_of(peering, ctx, vpc_id);
        peer && peer->vpc_id == other_vpc && peer->scope.account == other_owner && peer->scope.region == ctx.region.name)
      return &peering;
  return nullptr;
}

bool peering_is_active(const store::Reader& r, const RequestContext& ctx, const std::string& id) {
  const json* peering = r.find(ctx.scope(), kind::vpc_peering_connection, id);
  return peering && peering_code(*peering) == "active";
}

bool advance_vpc_peering_connection(store::Writer& w, const RequestContext& ctx, json& peering) {
  if (!is_due(peering, epoch_ms(ctx.now))) return true;
  if (peering_code(peering) != "pending-acceptance") return false;  // ended, and listed long enough
  end_peering(w, ctx, peering, "expired", "Expired");
  put_peering(w, peering);  // the other side's copy too; this side's is kept by the caller
  return true;
}

json create_vpc_peering_connection(const RequestContext& ctx, const json& input) {
  const std::string vpc_id = input.at("VpcId").get<std::string>();
  const std::string peer_vpc_id = input.value("PeerVpcId", "");
  if (peer_vpc_id.empty()) throw ApiError::missing_parameter("The request must contain the parameter peerVpcId");
  const std::string peer_owner = input.value("PeerOwnerId", ctx.account_id);
  const std::string peer_region = input.value("PeerRegion", ctx.region.name);
  if (!ctx.catalog.find_region(peer_region)) throw ApiError::invalid_value("Invalid region: " + peer_region);
  json tags = tags_for(input, "vpc-peering-connection");
  return ctx.store.write([&](store::Writer& w) {
    const json& vpc = find_vpc(ctx, w, vpc_id);
    const std::string id = new_id("pcx");
    json requester = vpc_info(vpc, ctx.account_id, ctx.region.name);
    const store::Scope peer_scope{peer_owner, peer_region};
    const json* peer_vpc = w.find(peer_scope, kind::vpc, peer_vpc_id);
    if (!peer_vpc && peer_owner == ctx.account_id && peer_region == ctx.region.name)
      throw ApiError::client("InvalidVpcID.NotFound", "The vpc ID '" + peer_vpc_id + "' does not exist");
    json accepter = peer_vpc ? vpc_info(*peer_vpc, peer_owner, peer_region)
                             : json{{"OwnerId", peer_owner}, {"VpcId", peer_vpc_id}, {"Region", peer_region}};
    json peering = {{"_Id", id},
                    {"_DueAt", epoch_ms(ctx.now + kAcceptWithin)},
                    {"AccepterVpcInfo", accepter},
                    {"ExpirationTime", format_iso8601(ctx.now + kAcceptWithin)},
                    {"RequesterVpcInfo", requester},
                    {"Status", json::object()},
                    {"Tags", std::move(tags)},
                    {"VpcPeeringConnectionId", id}};
    if (!peer_vpc || peer_vpc_id == vpc_id || blocks_overlap(requester, accepter)) {
      // AWS accepts the request, then fails the connection.
      set_peering_status(peering, "failed", "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range.");
      peering.erase("ExpirationTime");
      peering["_DueAt"] = epoch_ms(ctx.now + kListedAfterEnd);
      if (!peer_vpc) peering["AccepterVpcInfo"]["OwnerId"] = peer_owner;
      w.put(ctx.scope(), kind::vpc_peering_connection, id, peering);  // the requester's alone: no peer to tell
    } else {
      set_peering_status(peering, "pending-acceptance", "Pending Acceptance by " + peer_owner);
      put_peering(w, peering);
    }
    json answer = peering;  // as the request starts, as AWS answers
    set_peering_status(answer, "initiating-request", "Initiating Request to " + peer_owner);
    return json{{"VpcPeeringConnection", std::move(answer)}};
  });
}

json accept_vpc_peering_connection(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("VpcPeeringConnectionId").get<std::string>();
  return ctx.store.write([&](store::Writer& w) {
    json peering = find_peering(w, ctx, id);
    if (!is_accepter(ctx, peering))
      throw ApiError::client("OperationNotPermitted", "User " + ctx.account_id + " cannot accept peering " + id);
    if (peering_code(peering) != "pending-acceptance") throw bad_transition(id, peering_code(peering), "active");
    set_peering_status(peering, "active", "Active");
    peering.erase("ExpirationTime");
    peering["_DueAt"] = kNothingDue;
    for (const char* side : {"RequesterVpcInfo", "AccepterVpcInfo"})
      peering[side]["PeeringOptions"] = {{"AllowDnsResolutionFromRemoteVpc", false},
                                         {"AllowEgressFromLocalClassicLinkToRemoteVpc", false},
                                         {"AllowEgressFromLocalVpcToRemoteClassicLink", false}};
    put_peering(w, peering);
    for (const auto& scope : {requester_scope(peering), accepter_scope(peering)})  // routes made while it was pending
      set_route_state(w, side_context(ctx, scope), "VpcPeeringConnectionId", id, "active");
    return json{{"VpcPeeringConnection", std::move(peering)}};
  });
}

json reject_vpc_peering_connection(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("VpcPeeringConnectionId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    json peering = find_peering(w, ctx, id);
    if (!is_accepter(ctx, peering))
      throw ApiError::client("OperationNotPermitted", "User " + ctx.account_id + " cannot reject peering " + id);
    if (peering_code(peering) != "pending-acceptance") throw bad_transition(id, peering_code(peering), "rejected");
    end_peering(w, ctx, peering, "rejected", "Rejected by " + ctx.account_id);
    put_peering(w, peering);
  });
  return {{"Return", true}};
}

json delete_vpc_peering_connection(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("VpcPeeringConnectionId").get<std::string>();
  ctx.store.write([&](store::Writer& w) {
    json peering = find_peering(w, ctx, id);
    const std::string_view code = peering_code(peering);
    // The requester may withdraw a pending request; either side may end an active one.
    if (code == "pending-acceptance" && is_accepter(ctx, peering) && !same_scope(ctx.scope(), requester_scope(peering)))
      throw ApiError::client("OperationNotPermitted", "User " + ctx.account_id + " cannot delete peering " + id +
                                                          " before accepting it: reject it instead.");
    if (code != "pending-acceptance" && code != "active") throw bad_transition(id, code, "deleted");
    end_peering(w, ctx, peering, "deleted", "Deleted by " + ctx.account_id);
    put_peering(w, peering);
  });
  return {{"Return", true}};
}

json describe_vpc_peering_connections(const RequestContext& ctx, const json& input) {
  return describe_resources(ctx, input,
                            {kind::vpc_peering_connection, "VpcPeeringConnectionIds", "InvalidVpcPeeringConnectionID.NotFound",
                             "vpcPeeringConnection ID", "vpcPeeringConnection IDs", peering_filters(), "VpcPeeringConnections"});
}

json modify_vpc_peering_connection_options(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("VpcPeeringConnectionId").get<std::string>();
  return ctx.store.write([&](store::Writer& w) {
    json peering = find_peering(w, ctx, id);
    if (peering_code(peering) != "active")
      throw ApiError::client("OperationNotPermitted", "Peering connection " + id + " is not active.");
    json out = json::object();
    for (const auto& [member, side] : {std::pair{"RequesterPeeringConnectionOptions", "RequesterVpcInfo"},
                                       std::pair{"AccepterPeeringConnectionOptions", "AccepterVpcInfo"}}) {
      if (!input.contains(member)) continue;
      const bool own_side = std::string_view(side) == "AccepterVpcInfo" ? is_accepter(ctx, peering)
                                                                         : same_scope(ctx.scope(), requester_scope(peering));
      if (!own_side)
        throw ApiError::client("OperationNotPermitted", "User " + ctx.account_id + " may set only its own side's options of " + id + ".");
      json& options = peering[side]["PeeringOptions"];
      const json requested = input.at(member);  // named: items() must not outlive it
      for (const auto& [k, v] : requested.items()) options[k] = v;
      out[member] = options;
    }
    put_peering(w, peering);
    return out;
  });
}

}  // namespace ec2sim::sim
