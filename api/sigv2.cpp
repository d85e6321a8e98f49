#include "api/sigv2.hpp"

#include <algorithm>

#include "api/sigv4.hpp"
#include "sim/errors.hpp"
#include "sim/ssh_keys.hpp"

namespace ec2sim::api {

std::optional<SigV2Signature> read_sigv2(const QueryParams& params) {
  const auto* key = find_param(params, "AWSAccessKeyId");
  if (!key) return std::nullopt;
  auto value = [&](const char* name) {
    const auto* v = find_param(params, name);
    return v ? *v : std::string();
  };
  SigV2Signature sig{*key, value("SignatureMethod"), value("Signature"), value("Timestamp"), value("Expires")};
  std::string missing;
  if (sig.signature.empty()) missing += "Signature, ";
  if (value("SignatureVersion") != "2") missing += "SignatureVersion (2), ";
  if (sig.method != "HmacSHA256" && sig.method != "HmacSHA1") missing += "SignatureMethod (HmacSHA256 or HmacSHA1), ";
  if (sig.timestamp.empty() == sig.expires.empty()) missing += "one of Timestamp and Expires, ";
  if (!missing.empty())
    throw ApiError(400, "IncompleteSignature",
                   "A Signature Version 2 request must include " + missing.substr(0, missing.size() - 2) + ".");
  return sig;
}

std::string sigv2_sign(std::string_view secret_key, const HttpRequest& request, const QueryParams& params,
                       std::string_view method) {
  const std::string host = HttpRequest::lowercase(request.header("host"));
  auto path = request.target.substr(0, request.target.find('?'));
  const std::string to_sign = std::string(request.method) + '\n' + host + '\n' + std::string(path.empty() ? "/" : path) +
                              '\n' + canonical_query(params, "Signature");
  return sim::base64_encode(method == "HmacSHA1" ? hmac_sha1(secret_key, to_sign) : hmac_sha256(secret_key, to_sign));
}

}  // namespace ec2sim::api
