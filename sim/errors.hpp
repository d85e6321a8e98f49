// The one error type every layer throws: an AWS error code, its message and the HTTP
// status AWS answers it with. Both the EC2 and the STS envelopes are written from it
// (api/error_envelope.cpp), so a handler only ever says *which* error, never how it is
// put on the wire. Factories name AWS's common codes; resource-specific codes
// (InvalidAMIID.NotFound …) are built with the plain constructor where they are raised.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ec2sim {

class ApiError : public std::runtime_error {
 public:
  ApiError(int http_status, std::string code, std::string message)
      : std::runtime_error(message), status_(http_status), code_(std::move(code)) {}

  int status() const { return status_; }
  const std::string& code() const { return code_; }
  std::string message() const { return what(); }

  static ApiError client(std::string code, std::string message) { return {400, std::move(code), std::move(message)}; }
  static ApiError invalid_value(std::string message) { return client("InvalidParameterValue", std::move(message)); }
  static ApiError missing_parameter(std::string message) { return client("MissingParameter", std::move(message)); }
  static ApiError unknown_parameter(std::string message) { return client("UnknownParameter", std::move(message)); }
  static ApiError invalid_combination(std::string message) { return client("InvalidParameterCombination", std::move(message)); }
  static ApiError invalid_action(std::string message) { return client("InvalidAction", std::move(message)); }
  static ApiError dry_run() {
    return {412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set."};
  }
  // Ids that do not exist, all of them named, as AWS names them: "The vpc ID 'vpc-1' does
  // not exist", "The vpc IDs 'vpc-1, vpc-2' do not exist". `open`/`close` quote the list
  // (images: "'[" and "]'"), `end` closes the sentence (snapshots: ".").
  static ApiError not_found(std::string code, std::string_view noun, std::string_view nouns, const std::vector<std::string>& ids,
                            std::string_view open = "'", std::string_view close = "'", std::string_view end = "") {
    std::string list;
    for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
    const bool one = ids.size() == 1;
    return client(std::move(code), "The " + std::string(one ? noun : nouns) + " " + std::string(open) + list +
                                       std::string(close) + (one ? " does not exist" : " do not exist") + std::string(end));
  }
  static ApiError auth_failure(std::string message) { return {401, "AuthFailure", std::move(message)}; }
  static ApiError throttled() { return {503, "RequestLimitExceeded", "Request limit exceeded."}; }
  static ApiError internal(std::string message) { return {500, "InternalError", std::move(message)}; }

 private:
  int status_;
  std::string code_;
};

}  // namespace ec2sim
