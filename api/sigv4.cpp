#include "api/sigv4.hpp"

#include <algorithm>
#include <cctype>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "sim/errors.hpp"

namespace ec2sim::api {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string hex(const unsigned char* bytes, std::size_t n) {
  return hex_encode(std::string_view(reinterpret_cast<const char*>(bytes), n));
}

ApiError malformed_scope(std::string_view credential) {
  return {400, "IncompleteSignature",
          "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '" +
              std::string(credential) + "'"};
}

ApiError incomplete(std::string message) { return {400, "IncompleteSignature", std::move(message)}; }

// A header value as SigV4 canonicalises it: outer whitespace trimmed, inner runs of
// spaces and tabs one space.
std::string canonical_header_value(std::string_view value) {
  std::string out;
  for (char c : trim(value)) {
    if (c == '\t') c = ' ';
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out.push_back(c);
  }
  return out;
}

// The `Date` header of older signers (RFC 1123, "Tue, 01 Dec 2026 14:59:08 GMT") as
// yyyymmddThhmmssZ; "" when it is not that shape.
std::string amz_date_from_http_date(std::string_view date) {
  static constexpr std::string_view months = "JanFebMarAprMayJunJulAugSepOctNovDec";
  if (date.size() < 29 || date[3] != ',') return "";
  auto month = months.find(date.substr(8, 3));
  if (month == std::string_view::npos || month % 3 != 0) return "";
  char out[17];
  std::snprintf(out, sizeof out, "%.4s%02d%.2sT%.2s%.2s%.2sZ", date.data() + 12, static_cast<int>(month / 3 + 1),
                date.data() + 5, date.data() + 17, date.data() + 20, date.data() + 23);
  return out;
}

std::vector<std::string> split_signed_headers(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    auto semi = list.find(';');
    out.push_back(HttpRequest::lowercase(list.substr(0, semi)));
    list = semi == std::string_view::npos ? std::string_view{} : list.substr(semi + 1);
  }
  return out;
}

// The three fields of an `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`
// header, in any order; nullopt for another scheme. A field without '=' is
// IncompleteSignature when `strict`, skipped otherwise.
struct AuthorizationFields {
  std::string_view credential, signed_headers, signature;
};
std::optional<AuthorizationFields> split_authorization(std::string_view header, bool strict) {
  constexpr std::string_view kScheme = "AWS4-HMAC-SHA256";
  std::string_view rest = trim(header);
  if (!rest.starts_with(kScheme)) return std::nullopt;
  rest.remove_prefix(kScheme.size());
  AuthorizationFields fields;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto field = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    auto eq = field.find('=');
    if (eq == std::string_view::npos) {
      if (strict && !field.empty())
        throw incomplete("'" + std::string(field) + "' not a valid key=value pair (missing equal-sign) in Authorization header: '" +
                         std::string(header) + "'.");
      continue;
    }
    auto key = field.substr(0, eq), value = field.substr(eq + 1);
    if (key == "Credential") fields.credential = value;
    else if (key == "SignedHeaders") fields.signed_headers = value;
    else if (key == "Signature") fields.signature = value;
  }
  return fields;
}

std::optional<SigV4Signature> read_header_signature(const HttpRequest& request, std::string_view header) {
  auto fields = split_authorization(header, /*strict=*/true);
  if (!fields) return std::nullopt;
  auto [credential, signed_headers, signature] = *fields;
  SigV4Signature sig;
  std::string missing;
  if (credential.empty()) missing += "Authorization header requires 'Credential' parameter. ";
  if (signature.empty()) missing += "Authorization header requires 'Signature' parameter. ";
  if (signed_headers.empty()) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  sig.amz_date = std::string(request.header("x-amz-date"));
  if (sig.amz_date.empty()) sig.amz_date = amz_date_from_http_date(request.header("date"));
  if (sig.amz_date.empty())
    missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (!missing.empty()) throw incomplete(missing + "Authorization=" + std::string(header));
  auto scope = parse_credential_scope(credential);
  if (!scope) throw malformed_scope(credential);
  sig.credential = std::move(*scope);
  sig.signed_headers = split_signed_headers(signed_headers);
  sig.signature = std::string(signature);
  return sig;
}

std::optional<SigV4Signature> read_presigned(const QueryParams& query) {
  const auto* algorithm = find_param(query, "X-Amz-Algorithm");
  if (!algorithm) return std::nullopt;
  std::string missing;
  auto required = [&](const char* name) -> std::string {
    const auto* value = find_param(query, name);
    if (!value || value->empty()) missing += std::string("AWS query-string parameters must include '") + name + "'. ";
    return value ? *value : "";
  };
  SigV4Signature sig;
  sig.presigned = true;
  auto credential = required("X-Amz-Credential");
  sig.amz_date = required("X-Amz-Date");
  auto signed_headers = required("X-Amz-SignedHeaders");
  sig.signature = required("X-Amz-Signature");
  if (!missing.empty()) throw incomplete(missing + "Re-examine the query-string parameters.");
  if (*algorithm != "AWS4-HMAC-SHA256")
    throw incomplete("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\", not \"" + *algorithm + "\".");
  auto scope = parse_credential_scope(credential);
  if (!scope) throw malformed_scope(credential);
  sig.credential = std::move(*scope);
  sig.signed_headers = split_signed_headers(signed_headers);
  return sig;
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
  auto fields = split_authorization(header, /*strict=*/false);
  return fields ? parse_credential_scope(fields->credential) : std::nullopt;
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

bool is_account_id(std::string_view text) {
  return text.size() == 12 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string account_for_access_key(std::string_view access_key) {
  return is_account_id(access_key) ? std::string(access_key) : std::string("000000000000");
}

std::optional<SigV4Signature> read_sigv4(const HttpRequest& request) {
  auto authorization = request.header("authorization");
  if (!authorization.empty()) return read_header_signature(request, authorization);
  // A presigned URL's fields are the URL's own: never a body's, which the URL does not sign.
  const auto query_start = request.target.find('?');
  if (query_start == std::string_view::npos) return std::nullopt;
  QueryParams url_params;
  parse_query_params(request.target.substr(query_start + 1), url_params);
  return read_presigned(url_params);
}

std::string uri_encode(std::string_view text, bool keep_slash) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 15]);
    }
  }
  return out;
}

std::string canonical_query(const QueryParams& params, std::string_view left_out) {
  std::vector<std::pair<std::string, std::string>> encoded;
  for (const auto& [k, v] : params)
    if (left_out.empty() || k != left_out) encoded.emplace_back(uri_encode(k), uri_encode(v));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (i) out += '&';
    out += encoded[i].first + '=' + encoded[i].second;
  }
  return out;
}

std::string hex_encode(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = digits[b >> 4];
    out[2 * i + 1] = digits[b & 15];
  }
  return out;
}

std::string sigv4_canonical_request(const HttpRequest& request, const SigV4Signature& sig, std::string_view payload_hash) {
  auto query_start = request.target.find('?');
  std::string_view path = request.target.substr(0, query_start);
  std::string_view query =
      query_start == std::string_view::npos ? std::string_view{} : request.target.substr(query_start + 1);

  std::string out(request.method);
  out += '\n';
  // The path as sent is already encoded; services other than S3 encode it once more.
  out += path.empty() ? std::string("/") : uri_encode(path, /*keep_slash=*/true);
  out += '\n';

  QueryParams params;
  parse_query_params(query, params);
  out += canonical_query(params, sig.presigned ? "X-Amz-Signature" : "");
  out += '\n';

  for (const auto& name : sig.signed_headers) {
    std::string values;
    for (const auto& [n, v] : request.headers) {
      if (!HttpRequest::equal_ignoring_case(n, name)) continue;
      if (!values.empty()) values += ',';
      values += canonical_header_value(v);
    }
    out += name + ':' + values + '\n';
  }
  out += '\n';
  for (std::size_t i = 0; i < sig.signed_headers.size(); ++i) {
    if (i) out += ';';
    out += sig.signed_headers[i];
  }
  out += '\n';
  out += payload_hash;
  return out;
}

std::string sigv4_sign(std::string_view secret_key, const SigV4Signature& sig, std::string_view canonical_request) {
  const auto& c = sig.credential;
  std::string scope = c.date + '/' + c.region + '/' + c.service + "/aws4_request";
  std::string to_sign = "AWS4-HMAC-SHA256\n" + sig.amz_date + '\n' + scope + '\n' + sha256_hex(canonical_request);
  std::string key = hmac_sha256("AWS4" + std::string(secret_key), c.date);
  key = hmac_sha256(key, c.region);
  key = hmac_sha256(key, c.service);
  key = hmac_sha256(key, "aws4_request");
  auto mac = hmac_sha256(key, to_sign);
  return hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return hex(digest, sizeof digest);
}

namespace {
std::string hmac(const EVP_MD* digest, std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(digest, key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
       mac, &length);
  return std::string(reinterpret_cast<const char*>(mac), length);
}
}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view data) { return hmac(EVP_sha256(), key, data); }
std::string hmac_sha1(std::string_view key, std::string_view data) { return hmac(EVP_sha1(), key, data); }

bool same_signature(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ec2sim::api
