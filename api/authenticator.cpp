#include "api/authenticator.hpp"

#include <algorithm>

#include "api/sigv2.hpp"
#include "api/sigv4.hpp"
#include "sim/errors.hpp"
#include "sim/time_format.hpp"

namespace ec2sim::api {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// STS answers authentication errors with 403 and EC2 with 401 (AuthFailure's status).
int denied_status(bool sts) { return sts ? 403 : 401; }

// Credentials that are not (or no longer) valid: an unknown key, a missing or wrong
// session token. EC2 and STS say so in words of their own.
ApiError invalid_credentials(bool sts) {
  if (sts) return {403, "InvalidClientTokenId", "The security token included in the request is invalid."};
  return ApiError::auth_failure("AWS was not able to validate the provided access credentials");
}

ApiError signature_mismatch() {
  return {403, "SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
          "Access Key and signing method. Consult the service documentation for details."};
}

ApiError expired(const std::string& detail) { return {400, "RequestExpired", "Request has expired. " + detail}; }

// SigV4's window: a signature is good from 5 minutes before its time (clock skew) until
// 5 minutes after it, or until X-Amz-Expires seconds after it for a presigned URL.
void check_sigv4_time(const SigV4Signature& sig, const QueryParams& params, std::chrono::system_clock::time_point now) {
  auto signed_at = sim::parse_iso8601(sig.amz_date);
  if (!signed_at || sig.amz_date.size() != 16)
    throw ApiError(400, "IncompleteSignature",
                   "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\", not '" + sig.amz_date + "'.");
  seconds valid_for = minutes(5);
  if (sig.presigned) {
    const auto* expires = find_param(params, "X-Amz-Expires");
    long value = -1;
    if (expires && !expires->empty() && expires->size() <= 7 && expires->find_first_not_of("0123456789") == std::string::npos)
      value = std::stol(*expires);
    if (value < 1 || value > 604800)
      throw ApiError(400, "AuthFailure", "X-Amz-Expires must be a number of seconds between 1 and 604800 (7 days).");
    valid_for = seconds(value);
  }
  auto now_text = sim::format_iso8601(now);
  if (now < *signed_at - minutes(5))
    throw expired("Signature not yet current: " + sig.amz_date + " is more than 5 minutes later than now, " + now_text + ".");
  if (now > *signed_at + valid_for)
    throw expired("Signature of " + sig.amz_date + " is valid for " + std::to_string(valid_for.count()) +
                  " seconds; it is now " + now_text + ".");
}

}  // namespace

Authenticator::Authenticator(const catalog::Catalog& catalog, const catalog::Region& default_region, AuthOptions options)
    : catalog_(catalog), default_region_(default_region), options_(std::move(options)) {}

const catalog::Region& Authenticator::region_of_scope(const std::string& region) const {
  if (region.empty()) return default_region_;  // SigV2 or anonymous: the endpoint's Region
  const auto* found = catalog_.find_region(region);
  if (!found) throw ApiError::auth_failure("Credential should be scoped to a valid region, not '" + region + "'.");
  return *found;
}

Caller Authenticator::identify(const HttpRequest& request, const QueryParams& params, bool sts,
                               std::string_view service) const {
  if (!strict()) {
    auto credential = find_credential(request.header("authorization"), params);
    Caller caller;
    caller.access_key = credential ? credential->access_key : "";
    caller.account = account_for_access_key(caller.access_key);
    caller.region = &region_of_scope(credential ? credential->region : "");
    return caller;
  }
  if (auto sig = read_sigv4(request)) return verify_sigv4(request, params, *sig, sts, service);
  if (auto sig = read_sigv2(params)) return verify_sigv2(request, params, *sig, sts);
  if (sts) throw ApiError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
  throw ApiError(401, "MissingAuthenticationToken",
                 "The request must contain either a valid (registered) AWS access key ID or X.509 certificate.");
}

const CredentialEntry& Authenticator::known_key(const std::string& access_key, bool sts) const {
  const auto* entry = options_.credentials.find(access_key);
  if (!entry) throw invalid_credentials(sts);
  return *entry;
}

void Authenticator::check_session_token(const HttpRequest& request, const QueryParams& params,
                                        const CredentialEntry& entry, bool sts) const {
  std::string_view token = request.header("x-amz-security-token");
  if (token.empty())
    if (const auto* param = find_param(params, "X-Amz-Security-Token")) token = *param;
  // Temporary credentials need their token; long-term ones must not claim one. Checked
  // after the signature, in constant time: no answer tells a guesser a token is right.
  if (!same_signature(token, entry.session_token)) throw invalid_credentials(sts);
}

Caller Authenticator::verify_sigv4(const HttpRequest& request, const QueryParams& params, const SigV4Signature& sig,
                                   bool sts, std::string_view service_asked) const {
  const auto& scope = sig.credential;
  const auto& entry = known_key(scope.access_key, sts);
  if (std::find(sig.signed_headers.begin(), sig.signed_headers.end(), "host") == sig.signed_headers.end())
    throw ApiError(400, "IncompleteSignature", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  check_sigv4_time(sig, params, options_.now());
  if (scope.date != std::string_view(sig.amz_date).substr(0, 8))
    throw ApiError(403, "SignatureDoesNotMatch",
                   "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
                       scope.date + "' != '" + sig.amz_date.substr(0, 8) + "', from '" + sig.amz_date + "'.");
  const auto& region = region_of_scope(scope.region);
  const std::string service = !service_asked.empty() ? std::string(service_asked) : sts ? "sts" : "ec2";
  if (scope.service != service)
    throw ApiError(denied_status(sts), "AuthFailure",
                   "Credential should be scoped to correct service: '" + service + "'.");

  // The payload: its SHA-256, or what the signer declared in x-amz-content-sha256 (which
  // must then be the truth). A presigned URL cannot know its body: signers use
  // UNSIGNED-PAYLOAD or the empty body's hash. An unsigned payload is accepted only when
  // there is none, since a body's parameters count as much as the URL's.
  const auto body_hash = sha256_hex(request.body);
  std::vector<std::string> payload_hashes;
  if (auto declared = request.header("x-amz-content-sha256"); !declared.empty()) {
    if (declared != body_hash && !(declared == "UNSIGNED-PAYLOAD" && request.body.empty()))
      throw ApiError(400, "XAmzContentSHA256Mismatch",
                     "The provided 'x-amz-content-sha256' header does not match what was computed.");
    payload_hashes.emplace_back(declared);
  } else {
    payload_hashes.push_back(body_hash);
    if (sig.presigned && request.body.empty()) payload_hashes.emplace_back("UNSIGNED-PAYLOAD");
  }
  bool valid = false;
  for (const auto& hash : payload_hashes)
    valid = valid ||
            same_signature(sigv4_sign(entry.secret_key, sig, sigv4_canonical_request(request, sig, hash)), sig.signature);
  if (!valid) throw signature_mismatch();
  check_session_token(request, params, entry, sts);
  return {entry.account_id, entry.name, entry.access_key, &region};
}

Caller Authenticator::verify_sigv2(const HttpRequest& request, const QueryParams& params, const SigV2Signature& sig,
                                   bool sts) const {
  const auto& entry = known_key(sig.access_key, sts);
  // SigV2's window: a Timestamp within 15 minutes of now, or an Expires still to come.
  const auto now = options_.now();
  const auto& when = sig.timestamp.empty() ? sig.expires : sig.timestamp;
  auto at = sim::parse_iso8601(when);
  if (!at) throw ApiError::invalid_value("Timestamp or Expires must be an ISO 8601 time, not '" + when + "'.");
  if (sig.timestamp.empty() ? now > *at : (now > *at + minutes(15) || now < *at - minutes(15)))
    throw expired("The request's " + std::string(sig.timestamp.empty() ? "Expires" : "Timestamp") + " is " + when +
                  "; it is now " + sim::format_iso8601(now) + ".");
  if (!same_signature(sigv2_sign(entry.secret_key, request, params, sig.method), sig.signature)) throw signature_mismatch();
  check_session_token(request, params, entry, sts);
  return {entry.account_id, entry.name, entry.access_key, &default_region_};
}

}  // namespace ec2sim::api
