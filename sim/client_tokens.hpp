// ClientToken: a create that a client may retry without making two of a thing. The first
// call with a token records what it made, under (operation, token) in the caller's account
// and Region, with the request's parameters; a later call with the same token and the same
// parameters is a replay and answers what the first call made; the same token with other
// parameters is IdempotentParameterMismatch, as on AWS. The operation table says which
// operations honour a token (api/operation_table.hpp); api::invoke checks its length.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/context.hpp"

namespace ec2sim::sim {

// Throws InvalidParameterValue for a token AWS would refuse (over 64 characters).
void check_client_token(const nlohmann::ordered_json& input);

// What the first call with the request's token made (the members `remember` was given), or
// null when there is no token or it is new. Throws IdempotentParameterMismatch.
const nlohmann::ordered_json* replayed_call(const store::Reader& w, const RequestContext& ctx,
                                            std::string_view operation, const nlohmann::ordered_json& input);

// The one resource of `kind` the first call with the request's token made (its id
// remembered under `id_member`), as it is now; null for a new call, or once that resource
// is gone (the call then makes another).
const nlohmann::ordered_json* replayed_resource(const store::Reader& w, const RequestContext& ctx, std::string_view operation,
                                                const nlohmann::ordered_json& input, std::string_view kind,
                                                const char* id_member);

// Records what this call made (e.g. {"VolumeId": …}) under the request's token, if it has one.
void remember_call(store::Writer& w, const RequestContext& ctx, std::string_view operation,
                   const nlohmann::ordered_json& input, nlohmann::ordered_json made);

}  // namespace ec2sim::sim
