// The EC2 service model as compact, constant tables.
//
// The tables are generated at build time from botocore's service-2.json by
// api/gen_model_tables.py (no model text is committed). They describe, for every
// operation, how its input members are spelled on the wire and how its output is
// written, so the request decoder and the response encoder are driven by data instead
// of hand-written per-operation code. All tables are constant-initialised: looking
// an operation up costs a binary search and nothing is built at start-up.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace ec2sim::model {

enum class Kind : std::uint8_t { Structure, List, String, Integer, Long, Boolean, Double, Float, Timestamp, Blob };

using ShapeId = std::uint16_t;
inline constexpr ShapeId kNoShape = 0xFFFF;

struct Member {
  std::string_view name;      // the model's member name (the key in our JSON documents)
  std::string_view wire_in;   // request spelling: queryName, else capitalised locationName/name
  std::string_view wire_out;  // response element: locationName, else name
  ShapeId shape;
  bool required;
};

struct Shape {
  std::string_view name;
  Kind kind;
  // Structure: members [first, first+count). List: `first` is the item shape.
  std::uint16_t first;
  std::uint16_t count;
  std::string_view item_name;  // List only: the response element of each item
  bool has_min, has_max;       // integers: value bounds; lists: item-count bounds
  std::int64_t min, max;
  std::uint16_t enum_first, enum_count;  // String enums: values [first, first+count)
};

struct Operation {
  std::string_view name;
  ShapeId input;   // kNoShape when the operation takes nothing
  ShapeId output;  // kNoShape when it returns nothing but the request id
  // MaxResults as AWS's API reference bounds it for this operation (0, 0: unbounded);
  // `max_results_clamps`: a larger value returns the maximum instead of failing.
  std::int32_t max_results_min, max_results_max;
  bool max_results_clamps;
};

// The generated tables (api/gen_model_tables.py writes their definitions).
std::span<const Shape> shapes();
std::span<const Member> members();
std::span<const std::string_view> enum_values();
std::span<const Operation> operations();  // sorted by name

inline const Shape& shape(ShapeId id) { return shapes()[id]; }
inline std::span<const Member> members_of(const Shape& s) { return members().subspan(s.first, s.count); }
inline std::span<const std::string_view> enum_of(const Shape& s) { return enum_values().subspan(s.enum_first, s.enum_count); }

// The operation called `name`, or nullptr when the model has no such operation.
const Operation* find_operation(std::string_view name);

// The member of structure `s` whose request spelling is `wire`. Exact match first; then,
// because older SDKs spell some members in lowerCamel, a match ignoring the case of the
// first letter.
const Member* find_input_member(const Shape& s, std::string_view wire);

}  // namespace ec2sim::model
