#include "api/input_to_query.hpp"

#include "sim/errors.hpp"

namespace ec2sim::api {
namespace {

using json = nlohmann::ordered_json;

void write_value(const model::Shape& shape, const json& value, const std::string& wire, const std::string& path,
                 QueryParams& out);

void write_structure(const model::Shape& shape, const json& value, const std::string& prefix, const std::string& path,
                     QueryParams& out) {
  if (!value.is_object()) throw ApiError::invalid_value(path + " must be an object");
  for (const auto& [key, member_value] : value.items()) {
    const model::Member* member = nullptr;
    for (const auto& m : model::members_of(shape))
      if (m.name == key) member = &m;
    if (!member)
      throw ApiError::unknown_parameter("The parameter " + (path.empty() ? key : path + "." + key) + " is not recognized");
    write_value(model::shape(member->shape), member_value, prefix + std::string(member->wire_in),
                path.empty() ? key : path + "." + key, out);
  }
}

void write_value(const model::Shape& shape, const json& value, const std::string& wire, const std::string& path,
                 QueryParams& out) {
  using model::Kind;
  switch (shape.kind) {
    case Kind::Structure:
      write_structure(shape, value, wire + ".", path, out);
      return;
    case Kind::List: {
      if (!value.is_array()) throw ApiError::invalid_value(path + " must be a list");
      const auto& item = model::shape(shape.first);
      for (std::size_t i = 0; i < value.size(); ++i)
        write_value(item, value[i], wire + "." + std::to_string(i + 1), path + "[" + std::to_string(i) + "]", out);
      return;
    }
    case Kind::Boolean:
      if (!value.is_boolean()) throw ApiError::invalid_value(path + " must be true or false");
      out.emplace_back(wire, value.get<bool>() ? "true" : "false");
      return;
    case Kind::Integer:
    case Kind::Long:
    case Kind::Double:
    case Kind::Float:
      if (!value.is_number()) throw ApiError::invalid_value(path + " must be a number");
      out.emplace_back(wire, value.dump());
      return;
    default:  // strings, timestamps, blobs: as written
      if (!value.is_string()) throw ApiError::invalid_value(path + " must be a string");
      out.emplace_back(wire, value.get<std::string>());
      return;
  }
}

}  // namespace

QueryParams input_to_query(const model::Operation& op, const nlohmann::ordered_json& input) {
  QueryParams out;
  if (op.input == model::kNoShape) {
    if (!input.is_null() && !input.empty()) throw ApiError::unknown_parameter(std::string(op.name) + " takes no parameters");
    return out;
  }
  write_structure(model::shape(op.input), input.is_null() ? json::object() : input, "", "", out);
  return out;
}

}  // namespace ec2sim::api
