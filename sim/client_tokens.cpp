#include "sim/client_tokens.hpp"

#include <string>

#include "sim/errors.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

std::string token_of(const json& input) { return input.value("ClientToken", ""); }

// A replay is the same request: every parameter but DryRun (a dry run then the real call
// is one intent).
json fingerprint_of(const json& input) {
  json fingerprint = input;
  fingerprint.erase("DryRun");
  return fingerprint;
}

std::string key_of(std::string_view operation, const std::string& token) {
  return std::string(operation) + "/" + token;
}

}  // namespace

void check_client_token(const json& input) {
  if (token_of(input).size() > 64) throw ApiError::invalid_value("Client tokens may have at most 64 characters.");
}

const json* replayed_call(const store::Reader& w, const RequestContext& ctx, std::string_view operation,
                          const json& input) {
  const std::string token = token_of(input);
  if (token.empty()) return nullptr;
  const json* previous = w.find(ctx.scope(), kind::client_token, key_of(operation, token));
  if (previous && previous->at("Request") != fingerprint_of(input))
    throw ApiError::client("IdempotentParameterMismatch",
                           "The client token '" + token + "' was already used with different parameters.");
  return previous;
}

const json* replayed_resource(const store::Reader& w, const RequestContext& ctx, std::string_view operation, const json& input,
                              std::string_view kind, const char* id_member) {
  const json* previous = replayed_call(w, ctx, operation, input);
  return previous ? w.find(ctx.scope(), kind, previous->at(id_member).get<std::string>()) : nullptr;
}

void remember_call(store::Writer& w, const RequestContext& ctx, std::string_view operation, const json& input,
                   json made) {
  const std::string token = token_of(input);
  if (token.empty()) return;
  made["Request"] = fingerprint_of(input);
  w.put(ctx.scope(), kind::client_token, key_of(operation, token), std::move(made));
}

}  // namespace ec2sim::sim
