#include "sim/describe.hpp"

#include <algorithm>

#include "sim/errors.hpp"
#include "sim/pagination.hpp"

namespace ec2sim::sim {

using json = nlohmann::ordered_json;

std::optional<std::vector<const json*>> tag_filtered(const store::Reader& w, const RequestContext& ctx,
                                                     std::string_view type, const Filters& filters) {
  for (const auto& filter : filters) {
    if (!filter.name.starts_with("tag:") || filter.values.empty()) continue;
    const bool exact = std::none_of(filter.values.begin(), filter.values.end(), [](const std::string& v) {
      return v.find_first_of("*?\\") != std::string::npos;
    });
    if (exact) return w.tagged(ctx.scope(), type, std::string_view(filter.name).substr(4), filter.values);
  }
  return std::nullopt;
}

json describe_resources(const RequestContext& ctx, const json& input, const DescribeSpec& spec) {
  return describe_documents(input, ctx.store.list(ctx.scope(), spec.type), spec);
}

json describe_documents(const json& input, std::vector<json> docs, const DescribeSpec& spec) {
  auto filters = filters_from_request(input);
  spec.filters.validate(filters);
  auto page = page_request(input, 0);
  const auto by_id = [](const json& a, const json& b) { return a.value("_Id", "") < b.value("_Id", ""); };
  if (!std::is_sorted(docs.begin(), docs.end(), by_id)) std::sort(docs.begin(), docs.end(), by_id);  // the store's are
  if (spec.view)
    for (auto& doc : docs) doc = spec.view(doc);

  std::vector<std::string> ids;
  if (auto it = input.find(spec.ids_member); it != input.end())
    for (const auto& id : *it) ids.push_back(id.get<std::string>());
  std::vector<std::string> missing;
  for (const auto& id : ids)
    if (std::none_of(docs.begin(), docs.end(), [&](const json& d) { return d.value("_Id", "") == id; })) missing.push_back(id);
  if (!missing.empty()) throw ApiError::not_found(std::string(spec.not_found), spec.noun, spec.nouns, missing);

  std::vector<const json*> matching;
  for (const auto& doc : docs) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), doc.value("_Id", "")) == ids.end()) continue;
    if (spec.filters.matches(filters, doc)) matching.push_back(&doc);
  }
  return paged_result(
      spec.result_member, matching, page,
      [](const json& d) -> const std::string& { return d.at("_Id").get_ref<const std::string&>(); },
      [](const json& d) { return d; });
}

}  // namespace ec2sim::sim
