#include "sim/tags.hpp"

#include <set>

#include "sim/errors.hpp"

namespace ec2sim::sim {

using json = nlohmann::ordered_json;

void validate_tags(const json& tags) {
  if (tags.size() > 50) throw ApiError::client("TagLimitExceeded", "The maximum number of tags for a resource is 50.");
  std::set<std::string> keys;
  for (const auto& tag : tags) {
    const std::string key = tag.value("Key", "");
    const std::string value = tag.value("Value", "");
    if (key.empty() || key.size() > 128)
      throw ApiError::invalid_value("Tag keys must be between 1 and 128 characters; '" + key + "' is not.");
    if (value.size() > 256)
      throw ApiError::invalid_value("Tag values may have at most 256 characters (tag '" + key + "').");
    if (key.rfind("aws:", 0) == 0)
      throw ApiError::invalid_value("Tag keys starting with 'aws:' are reserved for internal use");
    if (!keys.insert(key).second) throw ApiError::invalid_value("Duplicate tag key '" + key + "' specified.");
  }
}

std::map<std::string, json> tags_by_type(const json& input, std::initializer_list<std::string_view> allowed) {
  std::map<std::string, json> out;
  auto specs = input.find("TagSpecifications");
  if (specs == input.end()) return out;
  for (const auto& spec : *specs) {
    const std::string type = spec.value("ResourceType", "");
    if (std::find(allowed.begin(), allowed.end(), type) == allowed.end())
      throw ApiError::invalid_value("'" + type + "' is not a valid taggable resource type for this operation.");
    if (spec.value("Tags", json::array()).empty())
      throw ApiError::invalid_value("Tag specification must have at least one tag");
    auto& tags = out.try_emplace(type, json::array()).first->second;
    for (const auto& tag : spec.value("Tags", json::array()))
      tags.push_back({{"Key", tag.value("Key", "")}, {"Value", tag.value("Value", "")}});
  }
  for (const auto& [type, tags] : out) validate_tags(tags);
  return out;
}

json tags_for(const json& input, std::string_view resource_type) {
  auto by_type = tags_by_type(input, {resource_type});
  auto it = by_type.find(std::string(resource_type));
  return it == by_type.end() ? json::array() : it->second;
}

}  // namespace ec2sim::sim
