// AWS Signature Version 4: reading what a request says about its signer, and computing the
// signature AWS would compute for it (docs: "Create a signed AWS API request").
//
// A request names its caller in one of three places: the SigV4 `Authorization` header
// (`AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/ec2/aws4_request, ...`), the SigV4
// presigned query parameters (`X-Amz-Credential=...`), or the SigV2 fields of old clients
// (`AWSAccessKeyId=...`, api/sigv2.hpp). The credential scope, when present, also names
// the Region and the service the request was signed for.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_request.hpp"
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

// An AWS account id: exactly 12 digits.
bool is_account_id(std::string_view text);

// The account an access key belongs to in open mode: a 12-digit key *is* the account id
// (so a workshop can give each student an account by key), any other key is 000000000000.
std::string account_for_access_key(std::string_view access_key);

// Everything a SigV4 signature covers, read from the Authorization header or from the
// presigned query parameters.
struct SigV4Signature {
  Credential credential;
  std::vector<std::string> signed_headers;  // lowercase, in the order the signer listed them
  std::string signature;                    // lowercase hex
  std::string amz_date;                     // yyyymmddThhmmssZ
  bool presigned = false;
};

// Reads a request's SigV4 fields. nullopt when it carries no SigV4 signature at all (no
// `AWS4-HMAC-SHA256` header, no X-Amz-Algorithm parameter); throws IncompleteSignature,
// with AWS's wording, when one is there but a part is missing or malformed.
std::optional<SigV4Signature> read_sigv4(const HttpRequest& request);

// The canonical request of SigV4's step 1, for the request's method, path, query string
// (its own parameters, never the body's), the signed headers and `payload_hash`.
std::string sigv4_canonical_request(const HttpRequest& request, const SigV4Signature& sig, std::string_view payload_hash);

// The signature (lowercase hex) `secret_key` makes over `canonical_request` (steps 2–4).
std::string sigv4_sign(std::string_view secret_key, const SigV4Signature& sig, std::string_view canonical_request);

// Parameters as both signature versions sign them: each key and value RFC 3986-encoded,
// sorted, joined as k=v&k=v; the parameter `left_out` (the signature itself) is not.
std::string canonical_query(const QueryParams& params, std::string_view left_out);

// Lowercase hex of `bytes`.
std::string hex_encode(std::string_view bytes);

// RFC 3986 percent-encoding as SigV4 asks: everything but A–Z a–z 0–9 - _ . ~ is %XX,
// and `/` too unless `keep_slash`.
std::string uri_encode(std::string_view text, bool keep_slash = false);

// Lowercase hex of SHA-256 of `bytes`; raw HMAC-SHA256 and HMAC-SHA1 (SigV2).
std::string sha256_hex(std::string_view bytes);
std::string hmac_sha256(std::string_view key, std::string_view data);
std::string hmac_sha1(std::string_view key, std::string_view data);

// Equality of two signatures in time that does not depend on where they differ.
bool same_signature(std::string_view a, std::string_view b);

}  // namespace ec2sim::api
