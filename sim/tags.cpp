#include "sim/tags.hpp"

#include <set>

#include "sim/errors.hpp"

namespace ec2sim::sim {

using nlohmann::json;

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

json tags_for(const json& input, std::string_view resource_type) {
  json tags = json::array();
  auto specs = input.find("TagSpecifications");
  if (specs == input.end()) return tags;
  for (const auto& spec : *specs) {
    const std::string type = spec.value("ResourceType", "");
    if (type != resource_type)
      throw ApiError::invalid_value("'" + type + "' is not a valid taggable resource type for this operation.");
    for (const auto& tag : spec.value("Tags", json::array()))
      tags.push_back({{"Key", tag.value("Key", "")}, {"Value", tag.value("Value", "")}});
  }
  validate_tags(tags);
  return tags;
}

}  // namespace ec2sim::sim
