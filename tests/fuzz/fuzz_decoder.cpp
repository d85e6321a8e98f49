// libFuzzer target: the model-driven request decoder. The input is a Query body; its
// Action picks the operation (any of the model's, built or not), else the first bytes do.
// Every input decodes or is a client error (4xx) — never another exception.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/model.hpp"
#include "api/query_params.hpp"
#include "api/request_decoder.hpp"
#include "sim/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ec2sim;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  api::QueryParams params;
  try {
    api::parse_query_params(bytes, params);
  } catch (const ApiError&) {
    return 0;
  }
  const auto* action = api::find_param(params, "Action");
  const model::Operation* op = action ? model::find_operation(*action) : nullptr;
  if (!op) {
    auto ops = model::operations();
    op = &ops[(size >= 2 ? data[0] * 256u + data[1] : size) % ops.size()];
  }
  try {
    (void)api::decode_request(*op, params, {[](std::string_view shape) { return shape == "InstanceType"; }});
  } catch (const ApiError& e) {
    if (e.status() < 400 || e.status() >= 500) std::abort();
  }
  return 0;
}
