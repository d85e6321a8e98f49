#include "sim/conditions.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "sim/filters.hpp"

namespace ec2sim::sim {
namespace {

// One step of a path: a member name, then any number of `[n]` or `[*]`.
struct Step {
  std::string name;
  std::vector<int> indexes;  // -1: every item
};

std::vector<Step> parse_steps(std::string_view path) {
  if (path.empty()) throw std::invalid_argument("a path is empty");
  std::vector<Step> steps;
  std::size_t at = 0;
  while (at <= path.size()) {
    const auto dot = path.find('.', at);
    const std::string_view part = path.substr(at, dot == std::string_view::npos ? std::string_view::npos : dot - at);
    const auto bracket = part.find('[');
    Step step{std::string(part.substr(0, bracket)), {}};
    if (step.name.empty()) throw std::invalid_argument("the path '" + std::string(path) + "' has an empty member name");
    for (auto rest = bracket == std::string_view::npos ? std::string_view{} : part.substr(bracket); !rest.empty();) {
      const auto close = rest.find(']');
      if (rest[0] != '[' || close == std::string_view::npos)
        throw std::invalid_argument("the path '" + std::string(path) + "' has an unclosed '['");
      const auto inside = rest.substr(1, close - 1);
      int index = -1;
      if (inside != "*") {
        const auto [end, ec] = std::from_chars(inside.data(), inside.data() + inside.size(), index);
        if (ec != std::errc() || end != inside.data() + inside.size() || index < 0)
          throw std::invalid_argument("the path '" + std::string(path) + "' has '[" + std::string(inside) +
                                      "]': an index is a whole number or *");
      }
      step.indexes.push_back(index);
      rest.remove_prefix(close + 1);
    }
    steps.push_back(std::move(step));
    if (dot == std::string_view::npos) break;
    at = dot + 1;
  }
  return steps;
}

void walk(const json& node, const std::vector<Step>& steps, std::size_t next, std::vector<json>& out) {
  if (next == steps.size()) {
    out.push_back(node);
    return;
  }
  const Step& step = steps[next];
  if (!node.is_object() || !node.contains(step.name)) return;
  std::vector<const json*> here{&node[step.name]};
  for (int index : step.indexes) {
    std::vector<const json*> deeper;
    for (const json* value : here) {
      if (!value->is_array()) continue;
      if (index < 0) {
        for (const auto& item : *value) deeper.push_back(&item);
      } else if (static_cast<std::size_t>(index) < value->size()) {
        deeper.push_back(&(*value)[static_cast<std::size_t>(index)]);
      }
    }
    here = std::move(deeper);
  }
  for (const json* value : here) walk(*value, steps, next + 1, out);
}

bool spreads(std::string_view path) { return path.find("[*]") != std::string_view::npos; }

std::size_t how_many(const std::vector<json>& values, std::string_view path) {
  if (!spreads(path) && values.size() == 1 && values[0].is_array()) return values[0].size();
  return values.size();
}

// `patterns` is one pattern or a list of them (any may match).
bool matches_glob(const json& patterns, const std::string& text) {
  if (patterns.is_string()) return wildcard_match(patterns.get_ref<const std::string&>(), text);
  for (const auto& pattern : patterns)
    if (wildcard_match(pattern.get_ref<const std::string&>(), text)) return true;
  return false;
}

// One value against the operators that look at a value (not at how many there are).
bool value_satisfies(const json& value, const json& condition) {
  if (!condition.is_object()) return value == condition;
  for (const auto& [op, argument] : condition.items()) {
    if (op == "count" || op == "exists") continue;
    bool holds = true;
    if (op == "equals") holds = value == argument;
    else if (op == "glob") holds = value.is_string() && matches_glob(argument, value.get_ref<const std::string&>());
    else if (op == "one_of") holds = std::find(argument.begin(), argument.end(), value) != argument.end();
    else if (op == "min") holds = value.is_number() && value.get<double>() >= argument.get<double>();
    else if (op == "max") holds = value.is_number() && value.get<double>() <= argument.get<double>();
    else if (op == "not") holds = !value_satisfies(value, argument);
    if (!holds) return false;
  }
  return true;
}

bool looks_at_values(const json& condition) {
  if (!condition.is_object()) return true;
  for (const auto& [op, argument] : condition.items())
    if (op != "count" && op != "exists") return true;
  return false;
}

}  // namespace

bool count_satisfies(const json& count, std::size_t n) {
  const auto value = static_cast<double>(n);
  if (count.is_number()) return value == count.get<double>();
  return (!count.contains("min") || value >= count["min"].get<double>()) &&
         (!count.contains("max") || value <= count["max"].get<double>());
}

std::vector<json> values_at(const json& document, std::string_view path, const ResourceLookup& lookup) {
  const auto arrow = path.find("->");
  std::vector<json> out;
  walk(document, parse_steps(path.substr(0, arrow)), 0, out);
  if (arrow == std::string_view::npos) return out;
  if (!lookup) throw std::invalid_argument("'->' needs a way to find resources");
  std::vector<json> followed;
  for (const auto& id : out) {
    if (!id.is_string()) continue;
    if (auto resource = lookup(id.get<std::string>())) {
      auto deeper = values_at(*resource, path.substr(arrow + 2), lookup);
      followed.insert(followed.end(), std::make_move_iterator(deeper.begin()), std::make_move_iterator(deeper.end()));
    }
  }
  return followed;
}

bool satisfies(const json& document, std::string_view path, const json& condition, const ResourceLookup& lookup) {
  const auto values = values_at(document, path, lookup);
  if (condition.is_object()) {
    if (condition.contains("exists") && condition["exists"].get<bool>() == values.empty()) return false;
    if (condition.contains("count") && !count_satisfies(condition["count"], how_many(values, path)))
      return false;
    if (condition.contains("not") && condition.size() == 1) {
      // "not" alone: no value may satisfy the inner condition.
      for (const auto& value : values)
        if (value_satisfies(value, condition["not"])) return false;
      return true;
    }
  }
  if (!looks_at_values(condition)) return true;
  for (const auto& value : values)
    if (value_satisfies(value, condition)) return true;
  return false;
}

void validate_path(std::string_view path) {
  for (std::size_t at = 0;;) {
    const auto arrow = path.find("->", at);
    parse_steps(path.substr(at, arrow == std::string_view::npos ? std::string_view::npos : arrow - at));
    if (arrow == std::string_view::npos) return;
    at = arrow + 2;
  }
}

void validate_condition(const json& condition) {
  if (condition.is_string() || condition.is_number() || condition.is_boolean()) return;
  if (!condition.is_object() || condition.empty())
    throw std::invalid_argument("a condition is a string, number, boolean or an object of operators, not " +
                                condition.dump());
  auto bounds = [](const json& value, const std::string& op) {
    if (value.is_number()) return;
    if (!value.is_object()) throw std::invalid_argument("'" + op + "' takes a number or {\"min\": …, \"max\": …}");
    for (const auto& [key, bound] : value.items())
      if ((key != "min" && key != "max") || !bound.is_number())
        throw std::invalid_argument("'" + op + "' takes a number or {\"min\": …, \"max\": …}");
  };
  for (const auto& [op, argument] : condition.items()) {
    if (op == "equals") continue;
    if (op == "glob") {
      const bool patterns = argument.is_array() && !argument.empty() &&
                            std::all_of(argument.begin(), argument.end(), [](const json& p) { return p.is_string(); });
      if (!argument.is_string() && !patterns) throw std::invalid_argument("'glob' takes a pattern or a list of patterns");
    } else if (op == "one_of") {
      if (!argument.is_array() || argument.empty()) throw std::invalid_argument("'one_of' takes a list of values");
    } else if (op == "count") {
      bounds(argument, op);
    } else if (op == "exists") {
      if (!argument.is_boolean()) throw std::invalid_argument("'exists' takes true or false");
    } else if (op == "min" || op == "max") {
      if (!argument.is_number()) throw std::invalid_argument("'" + op + "' takes a number");
    } else if (op == "not") {
      validate_condition(argument);
      if (argument.is_object() && (argument.contains("count") || argument.contains("exists")))
        throw std::invalid_argument("'not' looks at values: say \"count\" with min/max, or \"exists\": false, instead");
    } else {
      throw std::invalid_argument("'" + op + "' is not an operator; the operators are equals, glob, one_of, count, "
                                  "exists, min, max and not");
    }
  }
}

}  // namespace ec2sim::sim
