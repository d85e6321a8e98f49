// The table from EC2 Action name to the sim operation that serves it. Every operation in
// the model is recognised by the codec; the ones listed here are the ones implemented.
#pragma once

#include <span>
#include <string_view>

#include "sim/context.hpp"

namespace ec2sim::api {

struct OperationEntry {
  std::string_view action;
  sim::Operation run;
};

// Sorted by action.
std::span<const OperationEntry> implemented_operations();
const OperationEntry* find_implemented(std::string_view action);

}  // namespace ec2sim::api
