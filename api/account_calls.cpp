#include "api/account_calls.hpp"

#include "api/input_to_query.hpp"
#include "api/operation_table.hpp"
#include "api/request_decoder.hpp"
#include "sim/errors.hpp"

namespace ec2sim::api {

nlohmann::ordered_json AccountCalls::call(std::string_view action, const nlohmann::ordered_json& input) const {
  const auto* op = model::find_operation(action);
  if (!op) throw ApiError::invalid_action("The action " + std::string(action) + " is not valid for this web service.");
  const auto decoded = decode_request(*op, input_to_query(*op, input), DecodeOptions{enum_owned_by_catalog});
  const auto* entry = find_implemented(action);
  if (!entry)
    throw ApiError(400, "UnsupportedOperation",
                   "The operation " + std::string(action) + " is part of the EC2 API but ec2sim does not implement it yet.");
  // The account is not recorded here: grading an account that has made no request yet
  // must leave its first request to be its first (when a scenario's setup runs).
  const sim::RequestContext ctx{account_, region_, catalog_, store_, clock_.now(), settings_};
  return invoke(*entry, ctx, decoded);
}

}  // namespace ec2sim::api
