// The small language a scenario's checks and timeline use to say what a resource must look
// like (scenarios/README.md); here in sim/ because the timeline's faults (sim/faults.cpp)
// read it too.
//
// A path walks a resource as the API returns it (member names as boto3 and aws-cli show
// them): `IpPermissions[0].FromPort`, `Tags[*].Key` (every item), and `->` to follow an
// id to the resource it names: `ImageId->Name` is the name of the instance's AMI,
// `SecurityGroups[0].GroupId->IpPermissions` its first group's inbound rules.
//
// A condition is a JSON value: a string, number or boolean must equal the value at the
// path; an object applies each of its operators, all of which must hold:
//   {"glob": "al2023-ami-*"}        the text matches (`*`, `?`, as EC2's filters match;
//                                   a list of patterns: any of them)
//   {"one_of": ["t2.micro", …]}     equals one of them
//   {"count": 1} / {"count": {"min": 1, "max": 2}}
//                                   how many items: of the list at the path, or of the
//                                   values a `[*]` path reaches
//   {"exists": false}               the path reaches nothing (true: something)
//   {"min": 8, "max": 30}           a number within bounds
//   {"not": CONDITION}              the condition does not hold
// Without `count` or `exists`, a path that reaches several values needs one of them to
// satisfy the condition.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ec2sim::sim {

using json = nlohmann::ordered_json;

// Finds the resource an id names (an AMI, a group, a volume …); nullopt when none does.
using ResourceLookup = std::function<std::optional<json>(const std::string& id)>;

// The values `path` reaches in `document` (none when a member is missing or an index is
// out of range). Throws std::invalid_argument for a malformed path.
std::vector<json> values_at(const json& document, std::string_view path, const ResourceLookup& lookup = {});

// Does the value `path` reaches in `document` satisfy `condition`?
bool satisfies(const json& document, std::string_view path, const json& condition, const ResourceLookup& lookup = {});

// Is `n` what a "count" operand (a number, or {"min", "max"}) asks for?
bool count_satisfies(const json& count, std::size_t n);

// Throws std::invalid_argument, saying what is wrong, for a path or condition the
// language does not have (checked when a scenario is loaded, not when it is graded).
void validate_path(std::string_view path);
void validate_condition(const json& condition);

}  // namespace ec2sim::sim
