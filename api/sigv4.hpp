// Parsing of the credentials an AWS request carries (signatures are not verified yet).
//
// A request names its caller in one of three places: the SigV4 `Authorization` header
// (`AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/ec2/aws4_request, ...`), the SigV4
// presigned query parameters (`X-Amz-Credential=...`), or the SigV2 fields of old clients
// (`AWSAccessKeyId=...`). The credential scope, when present, also names the region and
// the service the request was signed for.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/query_params.hpp"

namespace ec2sim::api {

struct Credential {
  std::string access_key;
  std::string date;     // yyyymmdd from the scope; empty for SigV2
  std::string region;   // empty when the request carries no scope
  std::string service;  // "ec2", "sts", …; empty when unknown
};

// Parses `AKID/date/region/service/aws4_request`; nullopt when it is not that shape.
std::optional<Credential> parse_credential_scope(std::string_view scope);

// Parses an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`
// header value; nullopt for any other scheme or a malformed header.
std::optional<Credential> parse_sigv4_authorization(std::string_view header);

// The caller's credential from the header, else the presigned or SigV2 parameters;
// nullopt for an anonymous request.
std::optional<Credential> find_credential(std::string_view authorization_header, const QueryParams& params);

// The account an access key belongs to: a 12-digit key *is* the account id (so a
// workshop can give each student an account by key), any other key is 000000000000.
std::string account_for_access_key(std::string_view access_key);

}  // namespace ec2sim::api
