#include "sim/filters.hpp"

#include <charconv>

#include "sim/errors.hpp"

namespace ec2sim::sim {

using json = nlohmann::ordered_json;

Filters filters_from_request(const json& input) {
  Filters out;
  auto it = input.find("Filters");
  if (it == input.end()) it = input.find("Filter");  // DescribeNatGateways's name for it
  if (it == input.end()) return out;
  for (const auto& f : *it) {
    Filter filter;
    if (!f.contains("Name")) throw ApiError::invalid_value("A filter is missing its Name.");
    filter.name = f.at("Name").get<std::string>();
    if (auto v = f.find("Values"); v != f.end())
      for (const auto& value : *v) filter.values.push_back(value.get<std::string>());
    out.push_back(std::move(filter));
  }
  return out;
}

bool wildcard_match(std::string_view pattern, std::string_view text) {
  // Iterative glob match with single-star backtracking: linear in practice, no recursion
  // for hostile patterns.
  std::size_t p = 0, t = 0, star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size()) {
      char c = pattern[p];
      if (c == '*') {
        star_p = ++p;
        star_t = t;
        continue;
      }
      if (c == '?') {
        ++p;
        ++t;
        continue;
      }
      if (c == '\\' && p + 1 < pattern.size()) {
        if (pattern[p + 1] == text[t]) {
          p += 2;
          ++t;
          continue;
        }
      } else if (c == text[t]) {
        ++p;
        ++t;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    t = ++star_t;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

FilterTable::Reader FilterTable::path(std::string_view dotted, const json* defaults) {
  std::vector<std::string> parts;
  while (!dotted.empty()) {
    auto dot = dotted.find('.');
    parts.emplace_back(dotted.substr(0, dot));
    dotted = dot == std::string_view::npos ? std::string_view{} : dotted.substr(dot + 1);
  }
  return [parts = std::move(parts), defaults](const json& resource, std::vector<const json*>& out) {
    // Depth-first walk; arrays fan out at any level.
    std::function<void(const json&, std::size_t)> walk = [&](const json& node, std::size_t i) {
      if (node.is_array()) {
        for (const auto& item : node) walk(item, i);
        return;
      }
      if (i == parts.size()) {
        if (!node.is_null() && !node.is_object()) out.push_back(&node);
        return;
      }
      if (!node.is_object()) return;
      auto it = node.find(parts[i]);
      if (it != node.end()) walk(*it, i + 1);
    };
    // The record's own value, else its default: an object member's default is per member
    // (a record's Placement keeps its zone, its default gives the tenancy).
    const std::size_t before = out.size();
    walk(resource, 0);
    if (out.size() == before && defaults && !parts.empty()) walk(*defaults, 0);
  };
}

FilterTable::FilterTable(std::initializer_list<std::pair<const std::string, Reader>> readers, bool has_tags)
    : readers_(readers), has_tags_(has_tags) {}

void FilterTable::validate(const Filters& filters) const {
  for (const auto& f : filters) {
    bool tag_filter = has_tags_ && (f.name.starts_with("tag:") || f.name == "tag-key" || f.name == "tag-value");
    if (!tag_filter && !readers_.contains(f.name))
      throw ApiError::invalid_value("The filter '" + f.name + "' is invalid");
  }
}

namespace {

// Does a resource value match one filter value? Numbers also match numerically, so
// "2.50" finds 2.5; booleans are "true"/"false".
bool value_matches(const json& v, const std::string& pattern) {
  switch (v.type()) {
    case json::value_t::string: return wildcard_match(pattern, v.get_ref<const std::string&>());
    case json::value_t::boolean: return wildcard_match(pattern, v.get<bool>() ? "true" : "false");
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: {
      double wanted = 0;
      auto [end, ec] = std::from_chars(pattern.data(), pattern.data() + pattern.size(), wanted);
      if (ec == std::errc{} && end == pattern.data() + pattern.size()) return v.get<double>() == wanted;
      return wildcard_match(pattern, v.dump());
    }
    default: return false;
  }
}

}  // namespace

bool FilterTable::matches(const Filters& filters, const json& resource) const {
  std::vector<const json*> values;
  for (const auto& f : filters) {
    if (f.values.empty()) continue;
    values.clear();
    if (has_tags_ && (f.name.starts_with("tag:") || f.name == "tag-key" || f.name == "tag-value")) {
      auto tags = resource.find("Tags");
      if (tags != resource.end()) {
        for (const auto& tag : *tags) {
          if (f.name == "tag-key") values.push_back(&tag.at("Key"));
          else if (f.name == "tag-value") values.push_back(&tag.at("Value"));
          else if (tag.at("Key") == std::string_view(f.name).substr(4)) values.push_back(&tag.at("Value"));
        }
      }
    } else {
      auto reader = readers_.find(f.name);
      if (reader == readers_.end()) return false;  // validate() reports it; never match
      reader->second(resource, values);
    }
    bool any = false;
    for (const auto* v : values) {
      for (const auto& pattern : f.values)
        if (value_matches(*v, pattern)) {
          any = true;
          break;
        }
      if (any) break;
    }
    if (!any) return false;
  }
  return true;
}

}  // namespace ec2sim::sim
