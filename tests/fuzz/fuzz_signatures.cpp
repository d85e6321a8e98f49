// libFuzzer target: the signature parsers and verifiers — SigV4's Authorization header,
// presigned query parameters, credential scopes, SigV2's fields — behind a strict
// Authenticator with known keys, and the open one. The input is a request in a small
// text form: "METHOD TARGET\n" then "Name: value" header lines, a blank line, the body.
// Every input is accepted or refused with an AWS error; nothing else may happen.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/authenticator.hpp"
#include "sim/errors.hpp"
#include "sim/time_format.hpp"

namespace {

using namespace ec2sim;

const catalog::Catalog& shared_catalog() {
  static const catalog::Catalog catalog = catalog::Catalog::load_builtin();
  return catalog;
}

api::Authenticator make(api::AuthMode mode) {
  api::AuthOptions options;
  options.mode = mode;
  options.credentials = api::CredentialFile::parse(
      R"({"credentials": [{"access_key": "AKIAEC2SIMEXAMPLE01", "secret_key": "s3cr3t/EXAMPLE+key",
                           "account_id": "111122223333", "name": "student01"},
                          {"access_key": "ASIATEMPORARY", "secret_key": "x", "account_id": "444455556666",
                           "session_token": "tok"}]})");
  const auto fixed = *sim::parse_iso8601("2026-12-01T12:01:00Z");
  options.now = [fixed] { return fixed; };
  return api::Authenticator(shared_catalog(), *shared_catalog().find_region("ap-northeast-2"), std::move(options));
}

api::HttpRequest parse_text_request(std::string_view text) {
  api::HttpRequest request;
  auto line_end = text.find('\n');
  std::string_view first = text.substr(0, line_end);
  auto space = first.find(' ');
  request.method = first.substr(0, space);
  request.target = space == std::string_view::npos ? std::string_view{} : first.substr(space + 1);
  text = line_end == std::string_view::npos ? std::string_view{} : text.substr(line_end + 1);
  while (!text.empty()) {
    line_end = text.find('\n');
    std::string_view line = text.substr(0, line_end);
    text = line_end == std::string_view::npos ? std::string_view{} : text.substr(line_end + 1);
    if (line.empty()) break;
    auto colon = line.find(':');
    auto value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    request.headers.emplace_back(line.substr(0, colon), value);
  }
  request.body = text;
  return request;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const api::Authenticator strict = make(api::AuthMode::strict);
  static const api::Authenticator open = make(api::AuthMode::open);
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const api::HttpRequest request = parse_text_request(bytes);
  api::QueryParams params;
  try {
    auto query = request.target.find('?');
    if (query != std::string_view::npos) api::parse_query_params(request.target.substr(query + 1), params);
    if (request.method == "POST") api::parse_query_params(request.body, params);
  } catch (const ApiError&) {
    return 0;
  }
  (void)api::parse_sigv4_authorization(request.header("authorization"));
  (void)api::find_credential(request.header("authorization"), params);
  for (const auto* authenticator : {&strict, &open}) {
    for (bool sts : {false, true}) {
      try {
        auto caller = authenticator->identify(request, params, sts);
        if (!caller.region || caller.account.size() != 12) std::abort();
      } catch (const ApiError& e) {
        if (e.status() < 400 || e.status() >= 500) std::abort();
      }
    }
  }
  return 0;
}
