// Subnet CIDR reservations: a range of a subnet's IPv4 or IPv6 block set aside, `explicit`
// (only addresses a request names are given from it) or `prefix` (for prefix delegation).
// Either way ec2sim never hands its addresses out on its own: the instance census holds
// them back (sim/instance_census.cpp), while an address a request names from it is taken
// as asked. Create, GetSubnetCidrReservations (IPv4 and IPv6 apart), Delete; they go with
// their subnet.
#include "sim/describe.hpp"
#include "sim/errors.hpp"
#include "sim/handlers.hpp"
#include "sim/ip_addresses.hpp"
#include "sim/ipv6_cidrs.hpp"
#include "sim/resource_ids.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/subnet_cidr_reservations.hpp"
#include "sim/tags.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

const FilterTable& reservation_filters() {
  static const FilterTable table{{
                                     {"reservationType", Path::path("ReservationType")},
                                     {"subnet-id", Path::path("SubnetId")},
                                     {"owner-id", Path::path("OwnerId")},
                                 },
                                 true};
  return table;
}

bool is_ipv6(const std::string& cidr) { return cidr.find(':') != std::string::npos; }

// The block of the subnet's the range must lie in, and the range in its stored spelling.
std::string checked_range(const json& subnet, const std::string& cidr) {
  const std::string subnet_id = subnet.at("SubnetId").get<std::string>();
  if (is_ipv6(cidr)) {
    const std::string canonical = ipv6_canonical(cidr);
    if (canonical.empty() || !ipv6_cidr_is_network(canonical))
      throw ApiError::invalid_value("The CIDR '" + cidr + "' is invalid.");
    for (const auto& a : subnet.value("Ipv6CidrBlockAssociationSet", json::array()))
      if (ipv6_cidr_within(canonical, a.at("Ipv6CidrBlock").get<std::string>())) return canonical;
    throw ApiError::invalid_value("The CIDR '" + cidr + "' is not within the IPv6 CIDR blocks of subnet " + subnet_id + ".");
  }
  if (!is_ipv4_cidr(cidr) || !cidr_is_network(cidr)) throw ApiError::invalid_value("The CIDR '" + cidr + "' is invalid.");
  if (!subnet.contains("CidrBlock") || !cidr_within(cidr, subnet.at("CidrBlock").get<std::string>()))
    throw ApiError::invalid_value("The CIDR '" + cidr + "' is not within the CIDR block of subnet " + subnet_id + ".");
  return cidr;
}

json shown_reservation(json reservation) {
  reservation.erase("_Id");
  return reservation;
}

}  // namespace

json create_subnet_cidr_reservation(const RequestContext& ctx, const json& input) {
  const std::string subnet_id = input.at("SubnetId").get<std::string>();
  const std::string type = input.at("ReservationType").get<std::string>();
  if (type != "prefix" && type != "explicit")
    throw ApiError::invalid_value("Value (" + type + ") for parameter reservationType is invalid. Valid values: prefix, explicit.");
  json tags = tags_for(input, "subnet-cidr-reservation");
  return ctx.store.write([&](store::Writer& w) {
    const json* subnet = w.find(ctx.scope(), kind::subnet, subnet_id);
    if (!subnet) throw ApiError::client("InvalidSubnetID.NotFound", "The subnet ID '" + subnet_id + "' does not exist");
    const std::string cidr = checked_range(*subnet, input.at("Cidr").get<std::string>());
    for (const auto& [other_id, other] : w.all(ctx.scope(), kind::subnet_cidr_reservation)) {
      const std::string taken = other.at("Cidr").get<std::string>();
      if (other.at("SubnetId") != subnet_id || is_ipv6(taken) != is_ipv6(cidr)) continue;
      if (is_ipv6(cidr) ? ipv6_cidrs_overlap(cidr, taken) : cidrs_overlap(cidr, taken))
        throw ApiError::invalid_value("The CIDR '" + cidr + "' overlaps the subnet CIDR reservation " + other_id + " (" + taken + ").");
    }
    const std::string id = new_id("scr");
    json reservation = {{"_Id", id},
                        {"SubnetCidrReservationId", id},
                        {"SubnetId", subnet_id},
                        {"Cidr", cidr},
                        {"ReservationType", type},
                        {"OwnerId", ctx.account_id},
                        {"Tags", std::move(tags)}};
    if (input.contains("Description")) reservation["Description"] = input.at("Description");
    w.put(ctx.scope(), kind::subnet_cidr_reservation, id, reservation);
    return json{{"SubnetCidrReservation", shown_reservation(std::move(reservation))}};
  });
}

json get_subnet_cidr_reservations(const RequestContext& ctx, const json& input) {
  const std::string subnet_id = input.at("SubnetId").get<std::string>();
  std::vector<json> docs;
  ctx.store.read([&](const store::Reader& r) {
    if (!r.find(ctx.scope(), kind::subnet, subnet_id))
      throw ApiError::client("InvalidSubnetID.NotFound", "The subnet ID '" + subnet_id + "' does not exist");
    for (const auto& [id, reservation] : r.all(ctx.scope(), kind::subnet_cidr_reservation))
      if (reservation.at("SubnetId") == subnet_id) docs.push_back(reservation);
  });
  json page = describe_documents(input, std::move(docs),
                                 {kind::subnet_cidr_reservation, "", "InvalidSubnetCidrReservationID.NotFound",
                                  "subnet CIDR reservation ID", "subnet CIDR reservation IDs", reservation_filters(),
                                  "SubnetCidrReservations"});
  json out = {{"SubnetIpv4CidrReservations", json::array()}, {"SubnetIpv6CidrReservations", json::array()}};
  for (auto& reservation : page.at("SubnetCidrReservations"))
    out[is_ipv6(reservation.at("Cidr").get<std::string>()) ? "SubnetIpv6CidrReservations" : "SubnetIpv4CidrReservations"]
        .push_back(shown_reservation(std::move(reservation)));
  if (page.contains("NextToken")) out["NextToken"] = page.at("NextToken");
  return out;
}

json delete_subnet_cidr_reservation(const RequestContext& ctx, const json& input) {
  const std::string id = input.at("SubnetCidrReservationId").get<std::string>();
  return ctx.store.write([&](store::Writer& w) {
    const json* found = w.find(ctx.scope(), kind::subnet_cidr_reservation, id);
    if (!found)
      throw ApiError::client("InvalidSubnetCidrReservationID.NotFound", "The subnet CIDR reservation ID '" + id + "' does not exist");
    json deleted = shown_reservation(*found);
    w.erase(ctx.scope(), kind::subnet_cidr_reservation, id);
    return json{{"DeletedSubnetCidrReservation", std::move(deleted)}};
  });
}

void drop_subnet_cidr_reservations(store::Writer& w, const RequestContext& ctx, const std::string& subnet_id) {
  std::vector<std::string> ids;
  for (const auto& [id, reservation] : w.all(ctx.scope(), kind::subnet_cidr_reservation))
    if (reservation.at("SubnetId") == subnet_id) ids.push_back(id);
  for (const auto& id : ids) w.erase(ctx.scope(), kind::subnet_cidr_reservation, id);
}

}  // namespace ec2sim::sim
