// The table from EC2 Action name to the sim handler that serves it, and what each handler
// needs done before it runs. Every operation in the model is recognised by the codec; the
// ones listed here are the ones implemented. Adding an operation is one row here and one
// function in sim/ (declared in sim/handlers.hpp).
#pragma once

#include <span>
#include <string_view>

#include "sim/context.hpp"

namespace ec2sim::api {

// What an operation needs before it runs. api::invoke (below) provides it, in this order,
// so handlers begin with their own work.
struct Needs {
  // It changes state (else it reads: Describe*, Get*). Either way a DryRun runs it with
  // its writes rolled back.
  bool writes = false;
  // The account's default VPC, subnets, gateway and group in this Region exist first
  // (made on an account's first use of the network, as AWS has them from the start).
  bool default_network = false;
  // Every transition due in the caller's scope is performed first, so the handler sees the
  // state the clock says (a terminated instance no longer holds its security group). All
  // timed kinds settle together: they chain (a termination deletes volumes …).
  bool settled = false;
  // It honours ClientToken: the token's length is checked here, and a replay with the same
  // parameters answers the first call (sim/client_tokens.hpp).
  bool client_token = false;
};

struct OperationEntry {
  std::string_view action;
  sim::Operation run;
  Needs needs;
};

// Sorted by action.
std::span<const OperationEntry> implemented_operations();
const OperationEntry* find_implemented(std::string_view action);

// Runs an operation as every request runs it: its needs first, then its handler — with
// `DryRun` set, inside a dry run (writes rolled back) answering DryRunOperation, or the
// error the real call would give. The Dispatcher calls this; so do tests that drive
// handlers without HTTP.
nlohmann::ordered_json invoke(const OperationEntry& operation, const sim::RequestContext& ctx,
                              const nlohmann::ordered_json& input);

}  // namespace ec2sim::api
