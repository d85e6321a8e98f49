// Tags, as every EC2 resource carries them: validated as AWS validates them, and read
// from a create call's TagSpecification.N for the resource type being created.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ec2sim::sim {

// Checks a Tags array ([{Key, Value}]): keys 1–128 characters, values up to 256, no
// `aws:` prefix, at most 50 tags, no key twice. Throws ApiError (InvalidParameterValue,
// TagLimitExceeded, InvalidParameterValue for a reserved prefix).
void validate_tags(const nlohmann::ordered_json& tags);

// The Tags that `input`'s TagSpecifications give `resource_type` ("key-pair",
// "instance" …), validated; an empty array when there are none. A specification for a
// type this call does not create is InvalidParameterValue, as on AWS.
nlohmann::ordered_json tags_for(const nlohmann::ordered_json& input, std::string_view resource_type);

// For calls that create several kinds of resource (RunInstances: instance, volume,
// network-interface …): the Tags of each kind, keyed by ResourceType. A specification
// for a type outside `allowed` is InvalidParameterValue.
std::map<std::string, nlohmann::ordered_json> tags_by_type(const nlohmann::ordered_json& input,
                                                   std::initializer_list<std::string_view> allowed);

}  // namespace ec2sim::sim
