// Who is calling, and from which Region: every request passes here once, before anything
// else reads it (api/dispatcher.cpp).
//
// open (the default): any credentials; a 12-digit access key is the account id, any other
//   key account 000000000000, no key at all the same (anonymous). Signatures are not
//   checked, but a scope naming a Region that does not exist is refused, as AWS does.
// strict: only the keys of a credentials file (api/credentials.hpp), each of its own
//   account; SigV4 (Authorization header or presigned query) and SigV2 signatures are
//   verified as AWS verifies them — the canonical request, the signing key, the scope's
//   date, Region and service, the 5-minute window, the payload hash, the session token.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "api/credentials.hpp"
#include "api/http_request.hpp"
#include "api/query_params.hpp"
#include "api/sigv2.hpp"
#include "api/sigv4.hpp"
#include "catalog/catalog.hpp"

namespace ec2sim::api {

enum class AuthMode { open, strict };

struct AuthOptions {
  AuthMode mode = AuthMode::open;
  CredentialFile credentials;  // strict mode's keys
  // Real time, never the simulated clock: signers sign with their wall clock. Tests inject it.
  std::function<std::chrono::system_clock::time_point()> now = [] { return std::chrono::system_clock::now(); };
};

struct Caller {
  std::string account;
  std::string user_name;   // the credentials entry's name; "" for an account's root (open mode)
  std::string access_key;  // "" when anonymous
  const catalog::Region* region = nullptr;
};

class Authenticator {
 public:
  Authenticator(const catalog::Catalog& catalog, const catalog::Region& default_region, AuthOptions options);

  // `sts` says whose conventions errors follow: STS answers 403 where EC2 answers 401.
  // The signature's scope must name `service` ("ssm" …; empty: "sts" or "ec2" as `sts` says).
  // Throws ApiError (AuthFailure — EC2's answer to an unknown key — SignatureDoesNotMatch,
  // InvalidClientTokenId — STS's —, RequestExpired, MissingAuthenticationToken,
  // IncompleteSignature).
  Caller identify(const HttpRequest& request, const QueryParams& params, bool sts, std::string_view service = {}) const;

  bool strict() const { return options_.mode == AuthMode::strict; }

 private:
  const catalog::Region& region_of_scope(const std::string& region) const;
  Caller verify_sigv4(const HttpRequest& request, const QueryParams& params, const SigV4Signature& sig, bool sts,
                      std::string_view service) const;
  Caller verify_sigv2(const HttpRequest& request, const QueryParams& params, const SigV2Signature& sig, bool sts) const;
  const CredentialEntry& known_key(const std::string& access_key, bool sts) const;
  void check_session_token(const HttpRequest& request, const QueryParams& params, const CredentialEntry& entry,
                           bool sts) const;

  const catalog::Catalog& catalog_;
  const catalog::Region& default_region_;
  AuthOptions options_;
};

}  // namespace ec2sim::api
