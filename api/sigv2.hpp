// AWS Signature Version 2, still sent by old EC2 clients (libcloud, boto 2, the Query API
// tools): the signature is a base64 HMAC over the method, host, path and every parameter
// but `Signature`, sorted and RFC 3986-encoded (docs: "Signature Version 2 signing process").
#pragma once

#include <optional>
#include <string>

#include "api/http_request.hpp"
#include "api/query_params.hpp"

namespace ec2sim::api {

struct SigV2Signature {
  std::string access_key;
  std::string method;     // HmacSHA256 or HmacSHA1
  std::string signature;  // base64, as sent
  std::string timestamp;  // ISO 8601 Timestamp, or "" when the request uses Expires
  std::string expires;    // ISO 8601 Expires, or ""
};

// nullopt when the request has no `AWSAccessKeyId`; IncompleteSignature when it has one
// but lacks a part of the signature.
std::optional<SigV2Signature> read_sigv2(const QueryParams& params);

// The signature `secret_key` makes for this request with `method` (HmacSHA256 or
// HmacSHA1), base64; a `Signature` parameter is left out.
std::string sigv2_sign(std::string_view secret_key, const HttpRequest& request, const QueryParams& params,
                       std::string_view method);

}  // namespace ec2sim::api
