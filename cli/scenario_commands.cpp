#include "cli/scenario_commands.hpp"

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/http_request.hpp"
#include "api/sigv4.hpp"

namespace ec2sim::cli {
namespace {

using ordered_json = nlohmann::ordered_json;  // not `json`: connect_commands.cpp names that (unity builds)

// The scenario file's JSON; nullopt (and a message on stderr) when it cannot be read.
std::optional<ordered_json> read_scenario(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "ec2sim: cannot read " << file << "\n";
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  ordered_json document = ordered_json::parse(text.str(), nullptr, false);
  if (document.is_discarded()) {
    std::cerr << "ec2sim: " << file << " is not valid JSON\n";
    return std::nullopt;
  }
  return document;
}

// SigV4 headers for POSTing `body` to `path` with the environment's AWS credentials, as an
// SDK signs for EC2: how a strict server's student grades their own account without the
// admin token. None when there is an admin token or no credentials.
Headers signed_by_environment(const ControlEndpoint& endpoint, const std::string& path, const std::string& body) {
  const auto env = [](const char* name) {
    const char* value = std::getenv(name);
    return std::string(value ? value : "");
  };
  const std::string key = env("AWS_ACCESS_KEY_ID"), secret = env("AWS_SECRET_ACCESS_KEY"), token = env("AWS_SESSION_TOKEN");
  if (!endpoint.admin_token.empty() || key.empty() || secret.empty()) return {};
  std::string region = env("AWS_REGION");
  if (region.empty()) region = env("AWS_DEFAULT_REGION");
  if (region.empty()) region = "ap-northeast-2";
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char amz_date[17];
  std::strftime(amz_date, sizeof amz_date, "%Y%m%dT%H%M%SZ", &utc);
  api::SigV4Signature sig;
  sig.credential = {key, std::string(amz_date, 8), region, "ec2"};
  sig.signed_headers = {"host", "x-amz-date"};
  sig.amz_date = amz_date;
  const std::string host = host_header(endpoint);
  api::HttpRequest request{"POST", path, body, {{"host", host}, {"x-amz-date", sig.amz_date}}};
  Headers headers = {{"X-Amz-Date", sig.amz_date}};
  if (!token.empty()) {
    sig.signed_headers.push_back("x-amz-security-token");
    request.headers.emplace_back("x-amz-security-token", token);
    headers.emplace_back("X-Amz-Security-Token", token);
  }
  const std::string signature = api::sigv4_sign(secret, sig, api::sigv4_canonical_request(request, sig, api::sha256_hex(body)));
  std::string signed_names;
  for (const auto& name : sig.signed_headers) signed_names += (signed_names.empty() ? "" : ";") + name;
  headers.emplace_back("Authorization", "AWS4-HMAC-SHA256 Credential=" + key + "/" + sig.credential.date + "/" + region +
                                            "/ec2/aws4_request, SignedHeaders=" + signed_names + ", Signature=" + signature);
  return headers;
}

// The server's answer as JSON, or nullopt (and what went wrong on stderr).
std::optional<ordered_json> post(const ControlEndpoint& endpoint, const std::string& path, const ordered_json& body) {
  try {
    const std::string text = body.dump();
    const auto answer = call(endpoint, boost::beast::http::verb::post, path, text, signed_by_environment(endpoint, path, text));
    ordered_json reply = ordered_json::parse(answer.body, nullptr, false);
    if (answer.status == 200 && reply.is_object()) return reply;
    std::cerr << "ec2sim: the server answered " << answer.status << ": "
              << (reply.is_object() ? reply.value("error", "") + ": " + reply.value("message", "") : answer.body) << "\n";
    if (answer.status == 401)
      std::cerr << "ec2sim: pass the admin token the server printed when it started: --admin-token TOKEN "
                   "(or EC2SIM_ADMIN_TOKEN)\n";
  } catch (const std::exception& e) {
    std::cerr << "ec2sim: " << e.what() << "\n";
  }
  return std::nullopt;
}

}  // namespace

std::string language_from_environment() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(name);
    if (value && *value) return std::string(value).starts_with("ko") ? "ko" : "en";
  }
  return "en";
}

int check_command(const ControlEndpoint& endpoint, const CheckOptions& options) {
  const auto scenario = read_scenario(options.file);
  if (!scenario) return 2;
  ordered_json body = {{"scenario", *scenario}};
  if (options.account) {
    body["account_id"] = *options.account;
  } else if (const char* key = std::getenv("AWS_ACCESS_KEY_ID"); key && api::is_account_id(key)) {
    body["account_id"] = key;  // an open server's account for this access key
  }
  const auto report = post(endpoint, "/_ec2sim/check", body);
  if (!report) return 2;
  const std::string language = options.language.empty() ? language_from_environment() : options.language;
  const bool all = (*report)["passed"] == (*report)["total"];
  if (options.json) {
    ordered_json out = {{"account_id", (*report)["account_id"]}, {"scenario", (*report)["scenario"]},
                {"passed", (*report)["passed"]}, {"total", (*report)["total"]}, {"checks", ordered_json::array()}};
    for (const auto& c : (*report)["checks"])
      out["checks"].push_back({{"id", c["id"]}, {"passed", c["passed"]}, {"title", c["title"][language]},
                               {"hint", c["hint"][language]}, {"detail", c["detail"]}});
    std::cout << out.dump(2) << "\n";
    return all ? 0 : 1;
  }
  const bool ko = language == "ko";
  std::cout << (*report)["title"][language].get<std::string>() << " (" << (*report)["scenario"].get<std::string>() << ", "
            << (ko ? "계정 " : "account ") << (*report)["account_id"].get<std::string>() << ")\n";
  for (const auto& c : (*report)["checks"]) {
    const bool passed = c["passed"].get<bool>();
    std::cout << (passed ? "✓ " : "✗ ") << c["title"][language].get<std::string>() << "\n";
    if (!passed) std::cout << "    " << (ko ? "힌트: " : "Hint: ") << c["hint"][language].get<std::string>() << "\n";
  }
  std::cout << (*report)["passed"].get<int>() << "/" << (*report)["total"].get<int>()
            << (ko ? " 항목 통과" : " checks pass") << "\n";
  return all ? 0 : 1;
}

int load_scenario_command(const ControlEndpoint& endpoint, const std::string& file, const std::optional<std::string>& account,
                          bool reset) {
  const auto scenario = read_scenario(file);
  if (!scenario) return 2;
  ordered_json body = {{"scenario", *scenario}, {"reset", reset}};
  if (account) body["account_id"] = *account;
  const auto reply = post(endpoint, "/_ec2sim/scenarios", body);
  if (!reply) return 2;
  std::cout << reply->dump(2) << "\n";
  return 0;
}

}  // namespace ec2sim::cli
