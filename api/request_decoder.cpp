#include "api/request_decoder.hpp"

#include <charconv>
#include <cmath>
#include <map>

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
  std::map<long, Node> items;                        // list items by their 1-based index
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

void insert(Node& root, std::string_view key, const std::string& raw, const DecodeOptions& options) {
  Node* node = &root;
  std::string_view rest = key;
  while (true) {
    const Shape& s = *node->shape;
    if (s.kind == Kind::Structure) {
      auto part = next_component(rest);
      const auto* m = model::find_input_member(s, part);
      if (!m) throw ApiError::unknown_parameter("The parameter " + std::string(key) + " is not recognized");
      Node& child = node->fields[std::string(m->name)];
      child.shape = &model::shape(m->shape);
      node = &child;
    } else if (s.kind == Kind::List) {
      auto part = next_component(rest);
      long index = 0;
      auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
      if (part.empty() || ec != std::errc{} || end != part.data() + part.size() || index < 1)
        throw ApiError::unknown_parameter("The parameter " + std::string(key) + " is not recognized");
      Node& child = node->items[index];
      child.shape = &model::shape(s.first);
      node = &child;
    } else {
      // A scalar: the key must end here.
      if (!rest.empty() || key.back() == '.')
        throw ApiError::unknown_parameter("The parameter " + std::string(key) + " is not recognized");
      node->value = convert_scalar(s, key, raw, options);
      node->has_value = true;
      return;
    }
    if (rest.empty()) {
      // `Filter.1=x` or `Filter=x`: a structure or list given a plain value.
      if (node->shape->kind == Kind::Structure || node->shape->kind == Kind::List)
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
    insert(root, key, value, options);
  }
  return finalize(root, "");
}

}  // namespace ec2sim::api
