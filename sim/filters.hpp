// EC2's resource filters, shared by every Describe operation.
//
// A request's `Filter.N.Name` / `Filter.N.Value.M` pairs select resources: a resource
// matches a filter when any of the filter's values matches any value the resource has
// for that name (OR), and it must match every filter (AND). Values may use the
// wildcards `*` (any run of characters) and `?` (one character); `\` escapes either.
// `tag:Key`, `tag-key` and `tag-value` work for any resource with `Tags`.
//
// Each resource kind declares a FilterTable: the filter names it accepts and how to read
// each one's values from the resource document (usually a member path such as
// "VCpuInfo.DefaultVCpus"). A name the table does not know is InvalidParameterValue, as
// on AWS.
#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ec2sim::sim {

struct Filter {
  std::string name;
  std::vector<std::string> values;
};
using Filters = std::vector<Filter>;

// The `Filters` member of a decoded request (absent → no filters).
Filters filters_from_request(const nlohmann::ordered_json& input);

// AWS's filter wildcard match of the whole of `text`.
bool wildcard_match(std::string_view pattern, std::string_view text);

class FilterTable {
 public:
  // Appends a resource's values for one filter name to `out`.
  using Reader = std::function<void(const nlohmann::ordered_json& resource, std::vector<const nlohmann::ordered_json*>& out)>;

  // Reads the scalar(s) at a dotted member path; arrays along the path are expanded, so
  // "BlockDeviceMappings.Ebs.VolumeSize" yields every mapping's size. A resource without a
  // value there is read from `defaults` instead (a record's DocumentView).
  static Reader path(std::string_view dotted, const nlohmann::ordered_json* defaults = nullptr);

  FilterTable(std::initializer_list<std::pair<const std::string, Reader>> readers, bool has_tags = false);

  // Throws InvalidParameterValue when a filter name is not one this table knows.
  void validate(const Filters& filters) const;
  bool matches(const Filters& filters, const nlohmann::ordered_json& resource) const;

 private:
  std::map<std::string, Reader, std::less<>> readers_;
  bool has_tags_;
};

}  // namespace ec2sim::sim
