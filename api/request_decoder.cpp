#include "api/request_decoder.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include "sim/errors.hpp"

namespace ec2sim::api {
namespace {

using json = nlohmann::ordered_json;
using model::Kind;
using model::Shape;

// While parameters are being collected, a list is held as {index: item} in a std::map so
// that `X.10` sorts after `X.2`; finalize() turns it into a JSON array.
struct Node {
  const Shape* shape = nullptr;
  std::map<std::string, Node, std::less<>> fields;  // structure members by model name
  std::map<long, Node> items;                        // list items by their index (1-based, or 0-based)
  bool unindexed = false;                            // a list given without an index: its one item
  json value;                                        // a scalar, already converted
  bool has_value = false;
};

std::string_view next_component(std::string_view& rest) {
  auto dot = rest.find('.');
  auto part = rest.substr(0, dot);
  rest = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
  return part;
}

json convert_scalar(const Shape& s, std::string_view key, const std::string& raw, const DecodeOptions& options) {
  auto bad = [&](std::string_view expected) {
    return ApiError::invalid_value("Value (" + raw + ") for parameter " + std::string(key) +
                                   " is invalid. Expected: '" + std::string(expected) + "'.");
  };
  switch (s.kind) {
    case Kind::Integer:
    case Kind::Long: {
      long long v = 0;
      auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
      if (ec != std::errc{} || end != raw.data() + raw.size()) throw bad(s.kind == Kind::Integer ? "Integer" : "Long");
      if (s.kind == Kind::Integer && (v < INT32_MIN || v > INT32_MAX)) throw bad("Integer");
      if ((s.has_min && v < s.min) || (s.has_max && v > s.max)) {
        std::string range = s.has_max ? "between " + std::to_string(s.has_min ? s.min : INT32_MIN) + " and " + std::to_string(s.max)
                                      : "at least " + std::to_string(s.min);
        throw ApiError::invalid_value("Value (" + raw + ") for parameter " + std::string(key) +
                                      " is invalid. Value must be " + range + ".");
      }
      return v;
    }
    case Kind::Boolean:
      if (raw == "true" || raw == "True" || raw == "TRUE") return true;
      if (raw == "false" || raw == "False" || raw == "FALSE") return false;
      throw bad("Boolean");
    case Kind::Double:
    case Kind::Float: {
      char* end = nullptr;
      double v = std::strtod(raw.c_str(), &end);
      if (raw.empty() || end != raw.c_str() + raw.size() || !std::isfinite(v)) throw bad("Double");
      return v;
    }
    case Kind::String: {
      auto values = model::enum_of(s);
      if (!values.empty() && !(options.enum_is_open && options.enum_is_open(s.name))) {
        bool ok = false;
        for (auto v : values) ok = ok || v == raw;
        if (!ok) throw ApiError::invalid_value("Value (" + raw + ") for parameter " + std::string(key) + " is invalid. " +
                                               "Valid values are not matched.");
      }
      return raw;
    }
    default:  // Timestamp and Blob travel as text; their handlers interpret them.
      return raw;
  }
}

bool is_scalar(const Shape& s) { return s.kind != Kind::Structure && s.kind != Kind::List; }

// An optional id or name given as "" (Packer's `VpcId=`) means "not given", as on AWS: the
// default VPC, no key pair … Values inside lists (a tag's, a filter's) stay as given.
bool empty_means_absent(const model::Member& m, const Shape& target, bool in_list) {
  if (in_list || m.required || target.kind != Kind::String) return false;
  return m.name.ends_with("Id") || m.name.ends_with("Name");
}

// The index of a list item named by `part`: 1-based as AWS documents it, but 0-based
// (fog-aws) is accepted too; nullopt when `part` is no index at all.
std::optional<long> list_index(std::string_view part) {
  long index = 0;
  auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
  if (part.empty() || ec != std::errc{} || end != part.data() + part.size() || index < 0) return std::nullopt;
  return index;
}

void insert(Node& root, std::string_view key, const std::string& raw, const DecodeOptions& options) {
  Node* node = &root;
  std::string_view rest = key;
  bool in_list = false;
  while (true) {
    const Shape& s = *node->shape;
    if (s.kind == Kind::Structure) {
      auto part = next_component(rest);
      const auto* m = model::find_input_member(s, part);
      if (!m) throw ApiError::unknown_parameter("The parameter " + std::string(key) + " is not recognized");
      const Shape& target = model::shape(m->shape);
      if (rest.empty() && key.back() != '.' && raw.empty() && empty_means_absent(*m, target, in_list)) return;
      Node& child = node->fields[std::string(m->name)];
      child.shape = &target;
      node = &child;
    } else if (s.kind == Kind::List) {
      // `X.N…` names item N. A list given without an index — `KeyName=x` (libcloud),
      // `Owner=amazon` (Net::Amazon::EC2), `Filter.Name=…` — is a list of one, as AWS reads it.
      std::string_view peek = rest;
      auto index = list_index(next_component(peek));
      const Shape& item = model::shape(s.first);
      // Indexed and unindexed items of one list would silently become one: refused.
      const bool mixed = index ? node->unindexed : !node->items.empty() && !node->unindexed;
      if (mixed || (!index && !rest.empty() && is_scalar(item)))
        throw ApiError::unknown_parameter("The parameter " + std::string(key) + " is not recognized");
      if (index) rest = peek;
      else node->unindexed = true;
      Node& child = node->items[index.value_or(1)];
      child.shape = &item;
      node = &child;
      in_list = true;
    } else {
      // A scalar: the key must end here.
      if (!rest.empty() || key.back() == '.')
        throw ApiError::unknown_parameter("The parameter " + std::string(key) + " is not recognized");
      node->value = convert_scalar(s, key, raw, options);
      node->has_value = true;
      return;
    }
    if (rest.empty()) {
      // `Filter.1=x` or `Filter=x`: a structure given a plain value (a list of scalars
      // given one is read above as its first item).
      if (node->shape->kind == Kind::Structure ||
          (node->shape->kind == Kind::List && !is_scalar(model::shape(node->shape->first))))
        throw ApiError::unknown_parameter("The parameter " + std::string(key) + " is not recognized");
    }
  }
}

json finalize(const Node& node, const std::string& path) {
  const Shape& s = *node.shape;
  if (s.kind == Kind::Structure) {
    json obj = json::object();
    for (const auto& m : model::members_of(s)) {
      auto it = node.fields.find(m.name);
      if (it == node.fields.end()) {
        if (m.required)
          throw ApiError::missing_parameter("The request must contain the parameter " + path + std::string(m.wire_in));
        continue;
      }
      obj[std::string(m.name)] = finalize(it->second, path + std::string(m.wire_in) + ".");
    }
    return obj;
  }
  if (s.kind == Kind::List) {
    json arr = json::array();
    for (const auto& [index, item] : node.items) arr.push_back(finalize(item, path + std::to_string(index) + "."));
    auto n = static_cast<std::int64_t>(arr.size());
    if ((s.has_min && n < s.min) || (s.has_max && n > s.max)) {
      std::string name = path.empty() ? path : path.substr(0, path.size() - 1);
      throw ApiError::invalid_value("The parameter " + name + " takes between " + std::to_string(s.has_min ? s.min : 0) +
                                    " and " + std::to_string(s.max) + " values; " + std::to_string(n) + " were given.");
    }
    return arr;
  }
  return node.value;
}

}  // namespace

bool is_protocol_parameter(std::string_view key) {
  static constexpr std::string_view kFixed[] = {"Action", "Version", "AWSAccessKeyId", "SignatureMethod",
                                                "SignatureVersion", "Signature", "Timestamp", "Expires",
                                                "SecurityToken"};
  for (auto k : kFixed)
    if (key == k) return true;
  return key.starts_with("X-Amz-");
}

// MaxResults within the operation's bounds, as AWS answers: below the minimum (or above a
// maximum it does not clamp) InvalidParameterValue in AWS's words; above a maximum it
// clamps (DescribeVolumes: 500; aws-cli asks 1000), that maximum.
std::string bounded_max_results(const model::Operation& op, const std::string& raw) {
  long long v = 0;
  auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
  if (ec != std::errc{} || end != raw.data() + raw.size() || op.max_results_max == 0) return raw;  // the codec's to refuse
  auto invalid = [&](std::string_view expecting) {
    return ApiError::invalid_value("Value ( " + raw + " ) for parameter maxResults is invalid. Expecting a value " +
                                   std::string(expecting) + ".");
  };
  if (v < op.max_results_min) throw invalid("greater than " + std::to_string(op.max_results_min));
  if (v > op.max_results_max) {
    if (!op.max_results_clamps) throw invalid("less than " + std::to_string(op.max_results_max));
    return std::to_string(op.max_results_max);
  }
  return raw;
}

json decode_request(const model::Operation& op, const QueryParams& params, const DecodeOptions& options) {
  if (op.input == model::kNoShape) {
    for (const auto& [key, value] : params)
      if (!is_protocol_parameter(key)) throw ApiError::unknown_parameter("The parameter " + key + " is not recognized");
    return json::object();
  }
  Node root;
  root.shape = &model::shape(op.input);
  for (const auto& [key, value] : params) {
    if (is_protocol_parameter(key)) continue;
    if (key == "MaxResults" || key == "maxResults") insert(root, key, bounded_max_results(op, value), options);
    else insert(root, key, value, options);
  }
  return finalize(root, "");
}

}  // namespace ec2sim::api
