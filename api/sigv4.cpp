#include "api/sigv4.hpp"

#include <algorithm>
#include <cctype>

namespace ec2sim::api {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<Credential> parse_credential_scope(std::string_view scope) {
  // Split from the right: access keys never contain '/', but be strict about the tail.
  std::string_view parts[5];
  for (int i = 4; i > 0; --i) {
    auto slash = scope.rfind('/');
    if (slash == std::string_view::npos) return std::nullopt;
    parts[i] = scope.substr(slash + 1);
    scope = scope.substr(0, slash);
  }
  parts[0] = scope;
  if (parts[0].empty() || parts[4] != "aws4_request") return std::nullopt;
  return Credential{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]), std::string(parts[3])};
}

std::optional<Credential> parse_sigv4_authorization(std::string_view header) {
  constexpr std::string_view kScheme = "AWS4-HMAC-SHA256";
  header = trim(header);
  if (!header.starts_with(kScheme)) return std::nullopt;
  header.remove_prefix(kScheme.size());
  // The rest is `Credential=…, SignedHeaders=…, Signature=…` in any order.
  while (!header.empty()) {
    auto comma = header.find(',');
    auto field = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    if (field.starts_with("Credential=")) return parse_credential_scope(field.substr(11));
  }
  return std::nullopt;
}

std::optional<Credential> find_credential(std::string_view authorization_header, const QueryParams& params) {
  if (!authorization_header.empty()) {
    if (auto c = parse_sigv4_authorization(authorization_header)) return c;
  }
  if (auto* scope = find_param(params, "X-Amz-Credential")) {
    if (auto c = parse_credential_scope(*scope)) return c;
  }
  if (auto* key = find_param(params, "AWSAccessKeyId")) return Credential{*key, "", "", ""};
  return std::nullopt;
}

std::string account_for_access_key(std::string_view access_key) {
  bool twelve_digits = access_key.size() == 12 &&
                       std::all_of(access_key.begin(), access_key.end(), [](char c) { return c >= '0' && c <= '9'; });
  return twelve_digits ? std::string(access_key) : std::string("000000000000");
}

}  // namespace ec2sim::api
