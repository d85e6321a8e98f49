// `ec2sim check FILE` grades an account of a running server against a scenario's checks
// (POST /_ec2sim/check, scenarios/scenario_routes.hpp): one line per check, ✓ or ✗ and,
// for a ✗, its hint, in Korean or English; exit status 0 only when every check passes.
// `ec2sim load-scenario FILE` loads one into a running server (POST /_ec2sim/scenarios):
// exit status 0, or 2 when the file or the server refuses it.
#pragma once

#include <optional>
#include <string>

#include "cli/control_client.hpp"

namespace ec2sim::cli {

// Without an admin token, the request is signed with the environment's AWS credentials
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION): on a strict
// server a student grades their own account that way.
struct CheckOptions {
  std::string file;
  std::optional<std::string> account;  // else AWS_ACCESS_KEY_ID when it is an account id, else the signer's or the server's only account
  std::string language;                // "ko" or "en"; empty: from LC_ALL, LC_MESSAGES or LANG
  bool json = false;
};

// Exit status: 0 every check passes, 1 one does not, 2 the file or the server's answer
// cannot be used.
int check_command(const ControlEndpoint& endpoint, const CheckOptions& options);

int load_scenario_command(const ControlEndpoint& endpoint, const std::string& file, const std::optional<std::string>& account,
                          bool reset);

// "ko" when the locale the environment names is Korean (ko_KR.UTF-8 …), else "en".
std::string language_from_environment();

}  // namespace ec2sim::cli
