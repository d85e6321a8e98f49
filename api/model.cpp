#include "api/model.hpp"

#include <algorithm>
#include <cctype>

namespace ec2sim::model {

const Operation* find_operation(std::string_view name) {
  auto ops = operations();
  auto it = std::lower_bound(ops.begin(), ops.end(), name,
                             [](const Operation& op, std::string_view n) { return op.name < n; });
  return (it != ops.end() && it->name == name) ? &*it : nullptr;
}

const Member* find_input_member(const Shape& s, std::string_view wire) {
  auto ms = members_of(s);
  for (const auto& m : ms)
    if (m.wire_in == wire) return &m;
  if (wire.empty()) return nullptr;
  for (const auto& m : ms) {
    if (m.wire_in.size() == wire.size() && m.wire_in.substr(1) == wire.substr(1) &&
        std::tolower(static_cast<unsigned char>(m.wire_in[0])) == std::tolower(static_cast<unsigned char>(wire[0])))
      return &m;
  }
  return nullptr;
}

}  // namespace ec2sim::model
