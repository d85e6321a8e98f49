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
  std::vector<std::pair<std::string, std::string>> encoded;
  for (const auto& [k, v] : params)
    if (k != "Signature") encoded.emplace_back(uri_encode(k), uri_encode(v));
  std::sort(encoded.begin(), encoded.end());
  std::string host(request.header("host"));
  for (char& c : host) c = HttpRequest::lower(c);
  auto path = request.target.substr(0, request.target.find('?'));
  std::string to_sign = std::string(request.method) + '\n' + host + '\n' + std::string(path.empty() ? "/" : path) + '\n';
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (i) to_sign += '&';
    to_sign += encoded[i].first + '=' + encoded[i].second;
  }
  return sim::base64_encode(method == "HmacSHA1" ? hmac_sha1(secret_key, to_sign) : hmac_sha256(secret_key, to_sign));
}

}  // namespace ec2sim::api
