// DescribeInstanceTopology: where running instances of the types AWS maps (HPC, P and
// Trn) sit in the network, as three network nodes from the farthest to the nearest.
// ec2sim has no real racks: the nodes are derived from the instance's zone, its placement
// group (a cluster group shares its spine) and its id, so the same instance always sits in
// the same place and a cluster group's instances sit together.
#include <algorithm>

#include "sim/errors.hpp"
#include "sim/filters.hpp"
#include "sim/handlers.hpp"
#include "sim/instances.hpp"
#include "sim/pagination.hpp"
#include "sim/records.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;
using Path = FilterTable;

// The families whose instances AWS places in its topology.
constexpr std::string_view kMapped[] = {"hpc6a", "hpc6id", "hpc7a", "hpc7g", "p3dn", "p4d", "p4de", "p5",
                                        "p5e",   "p5en",   "trn1",  "trn1n", "trn2",  "trn2u"};

bool mapped(std::string_view type) {
  const std::string_view family = type.substr(0, type.find('.'));
  return std::find(std::begin(kMapped), std::end(kMapped), family) != std::end(kMapped);
}

std::string node(std::string_view seed) { return "nn-" + catalog::stable_id("nn", seed).substr(3); }

}  // namespace

json describe_instance_topology(const RequestContext& ctx, const json& input) {
  static const FilterTable kFilters{{{"availability-zone", Path::path("AvailabilityZone")},
                                     {"instance-type", Path::path("InstanceType")},
                                     {"zone-id", Path::path("ZoneId")}}};
  const auto filters = filters_from_request(input);
  kFilters.validate(filters);
  const json ids = input.value("InstanceIds", json::array());
  const json groups = input.value("GroupNames", json::array());
  if (ids.size() > 100) throw ApiError::invalid_value("At most 100 instance IDs may be given.");
  std::vector<json> rows;
  ctx.store.read([&](const store::Reader& r) {
    std::vector<json> instances;
    if (!ids.empty()) instances = instances_named(r, ctx, ids);  // each must exist
    else
      for (const auto& [id, i] : r.all(ctx.scope(), kind::instance)) instances.push_back(i);
    for (const auto& i : instances) {
      const InstanceRecord record(i);
      if (record.state() != "running" || !mapped(record.instance_type())) continue;
      const std::string group = record.placement_group();
      if (!groups.empty() && std::find(groups.begin(), groups.end(), group) == groups.end()) continue;
      const std::string zone = record.availability_zone();
      const catalog::Zone* z = ctx.region.find_zone(zone);
      // Spine by zone, then a block per cluster group (else per instance), then the rack.
      const std::string block = group.empty() ? record.id() : group;
      json row = {{"InstanceId", record.id()},
                  {"InstanceType", record.instance_type()},
                  {"NetworkNodes", json::array({node(zone), node(zone + "/" + block), node(zone + "/" + block + "/" + record.id())})},
                  {"AvailabilityZone", zone},
                  {"ZoneId", z ? z->id : ""}};
      if (!group.empty()) row["GroupName"] = group;
      if (kFilters.matches(filters, row)) rows.push_back(std::move(row));
    }
    return 0;
  });
  std::sort(rows.begin(), rows.end(), [](const json& a, const json& b) { return a.at("InstanceId") < b.at("InstanceId"); });
  std::vector<const json*> items;
  for (const auto& row : rows) items.push_back(&row);
  return paged_result(
      "Instances", items, page_request(input, ids.empty() ? 20 : 0),
      [](const json& row) -> const std::string& { return row.at("InstanceId").get_ref<const std::string&>(); },
      [](const json& row) { return row; });
}

}  // namespace ec2sim::sim
