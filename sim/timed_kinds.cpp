#include "sim/timed_kinds.hpp"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/due.hpp"
#include "sim/faults.hpp"
#include "sim/instance_lifecycle.hpp"
#include "sim/nat_gateways.hpp"
#include "sim/own_images.hpp"
#include "sim/resource_kinds.hpp"
#include "sim/snapshots.hpp"
#include "sim/spot_requests.hpp"
#include "sim/volume_lifecycle.hpp"
#include "sim/vpc_peering.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

constexpr TimedKind kTimedKinds[] = {
    {kind::fault, advance_fault},  // first: what it does to instances settles in the same pass
    {kind::instance, advance_instance},
    {kind::volume, advance_volume},
    {kind::volume_modification, advance_modification},
    {kind::snapshot, advance_snapshot},
    {kind::image, advance_image},
    {kind::nat_gateway, advance_nat_gateway},
    {kind::spot_instance_request, advance_spot_request},  // after instances: their ends reopen or close requests
    {kind::vpc_peering_connection, advance_vpc_peering_connection},
};

bool anything_due(const store::Reader& w, const RequestContext& ctx) {
  for (const auto& timed : kTimedKinds)
    if (any_due(w, ctx, timed.kind)) return true;
  return false;
}

}  // namespace

std::span<const TimedKind> timed_kinds() { return kTimedKinds; }

void keep_or_erase(store::Writer& w, const RequestContext& ctx, std::string_view kind, const std::string& id, json doc,
                   bool exists) {
  if (exists)
    w.put(ctx.scope(), kind, id, std::move(doc));
  else
    w.erase(ctx.scope(), kind, id);
}

void settle(store::Writer& w, const RequestContext& ctx) {
  const std::int64_t now = epoch_ms(ctx.now);
  for (const auto& timed : kTimedKinds) {
    if (!any_due(w, ctx, timed.kind)) continue;  // the table's earliest due time: most requests stop here
    std::vector<std::string> due;
    for (const auto& [id, doc] : w.all(ctx.scope(), timed.kind))
      if (is_due(doc, now)) due.push_back(id);
    for (const auto& id : due) {
      const json* found = w.find(ctx.scope(), timed.kind, id);
      if (!found) continue;  // an earlier advance removed it
      json doc = *found;
      const bool exists = timed.advance(w, ctx, doc);
      keep_or_erase(w, ctx, timed.kind, id, std::move(doc), exists);
    }
    w.refresh_due(ctx.scope(), timed.kind);
  }
}

void settle_scope(const RequestContext& ctx) {
  if (ctx.store.read([&](const store::Reader& w) { return anything_due(w, ctx); }))
    ctx.store.write([&](store::Writer& w) { settle(w, ctx); });
}

void settle_all(store::Store& store, const catalog::Catalog& catalog, std::chrono::system_clock::time_point now,
                const Settings& settings) {
  const store::BackgroundAccess background;  // looking for due work is not use of an account
  std::set<std::pair<std::string, std::string>> scopes;  // with anything that can fall due
  for (const auto& timed : kTimedKinds)
    for (const auto& s : store.scopes_with(timed.kind)) scopes.emplace(s.account, s.region);
  for (const auto& [account, region_name] : scopes) {
    const auto* region = catalog.find_region(region_name);
    if (!region) continue;
    settle_scope(RequestContext{account, *region, catalog, store, now, settings});
  }
}

}  // namespace ec2sim::sim
