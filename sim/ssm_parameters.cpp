#include "sim/ssm_parameters.hpp"

#include <algorithm>

#include "sim/errors.hpp"
#include "sim/pagination.hpp"
#include "sim/time_format.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view kAlias = "resolve:ssm:";

// A parameter asked for by name, by ARN, or with the version selector `:1` (each public
// parameter here has one version); null when there is none.
const catalog::PublicParameter* find_parameter(const RequestContext& ctx, std::string name) {
  const std::string arn_prefix = "arn:aws:ssm:" + ctx.region.name + "::parameter";
  if (name.starts_with(arn_prefix)) name.erase(0, arn_prefix.size());
  if (name.ends_with(":1")) name.resize(name.size() - 2);
  const auto& all = ctx.catalog.public_parameters(ctx.region.name);
  auto it = std::lower_bound(all.begin(), all.end(), name,
                             [](const catalog::PublicParameter& p, const std::string& n) { return p.name < n; });
  return it != all.end() && it->name == name ? &*it : nullptr;
}

json shown_parameter(const RequestContext& ctx, const catalog::PublicParameter& p) {
  const auto modified = parse_iso8601(p.last_modified);
  const double seconds = modified ? std::chrono::duration<double>(modified->time_since_epoch()).count() : 0;
  return {{"Name", p.name},
          {"Type", "String"},
          {"Value", p.value},
          {"Version", 1},
          {"LastModifiedDate", seconds},
          {"ARN", "arn:aws:ssm:" + ctx.region.name + "::parameter" + p.name},
          {"DataType", "text"}};
}

}  // namespace

std::string resolve_image_alias(const RequestContext& ctx, const std::string& image_id) {
  if (!image_id.starts_with(kAlias)) return image_id;
  const std::string name = image_id.substr(kAlias.size());
  const auto* parameter = find_parameter(ctx, name);
  if (!parameter)
    throw ApiError::invalid_value("Unable to resolve the SSM parameter '" + name + "' for the image id: it does not exist in " +
                                  ctx.region.name + ".");
  return parameter->value;
}

json ssm_get_parameter(const RequestContext& ctx, const json& input) {
  const std::string name = input.value("Name", "");
  if (name.empty()) throw ApiError::client("ValidationException", "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
  const auto* parameter = find_parameter(ctx, name);
  if (!parameter) throw ApiError::client("ParameterNotFound", "Parameter " + name + " not found.");
  return {{"Parameter", shown_parameter(ctx, *parameter)}};
}

json ssm_get_parameters(const RequestContext& ctx, const json& input) {
  const json names = input.value("Names", json::array());
  if (names.empty() || names.size() > 10)
    throw ApiError::client("ValidationException", "1 validation error detected: Value at 'names' failed to satisfy constraint: "
                                                  "Member must have length less than or equal to 10 and greater than or equal to 1");
  json found = json::array(), invalid = json::array();
  for (const auto& name : names) {
    if (const auto* parameter = find_parameter(ctx, name.get<std::string>())) found.push_back(shown_parameter(ctx, *parameter));
    else invalid.push_back(name);
  }
  return {{"Parameters", found}, {"InvalidParameters", invalid}};
}

json ssm_get_parameters_by_path(const RequestContext& ctx, const json& input) {
  std::string path = input.value("Path", "");
  if (path.empty() || path.front() != '/')
    throw ApiError::client("ValidationException", "The parameter doesn't meet the parameter name requirements. The parameter name "
                                                  "must begin with a forward slash \"/\".");
  if (path.size() > 1 && path.back() == '/') path.pop_back();
  const bool recursive = input.value("Recursive", false);
  if (input.contains("MaxResults") && !input.at("MaxResults").is_number_integer())
    throw ApiError::client("SerializationException", "MaxResults must be an integer.");
  if (input.contains("NextToken") && !input.at("NextToken").is_string())
    throw ApiError::client("SerializationException", "NextToken must be a string.");
  const std::int64_t max = input.value("MaxResults", std::int64_t{10});
  if (max < 1 || max > 10)
    throw ApiError::client("ValidationException", "1 validation error detected: Value '" + std::to_string(max) +
                                                  "' at 'maxResults' failed to satisfy constraint: Member must have value less "
                                                  "than or equal to 10");
  const std::string prefix = path == "/" ? "/" : path + "/";
  std::vector<const catalog::PublicParameter*> under;
  for (const auto& p : ctx.catalog.public_parameters(ctx.region.name)) {
    if (!p.name.starts_with(prefix)) continue;
    if (!recursive && p.name.find('/', prefix.size()) != std::string::npos) continue;  // only the path's own
    under.push_back(&p);
  }
  json page_input = {{"MaxResults", max}};
  if (input.contains("NextToken")) page_input["NextToken"] = input.at("NextToken");
  return paged_result(
      "Parameters", under, page_request(page_input, 0),
      [](const catalog::PublicParameter& p) -> const std::string& { return p.name; },
      [&](const catalog::PublicParameter& p) { return shown_parameter(ctx, p); });
}

}  // namespace ec2sim::sim
