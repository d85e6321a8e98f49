// `ec2sim reset` and `ec2sim clock`: commands that call a running server's control routes
// (/_ec2sim/…, api/control_routes.cpp) over HTTP, so a student or a test script does not
// need curl and JSON to reset the world or move time forward.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/beast/http/verb.hpp>

namespace ec2sim::cli {

struct ControlEndpoint {
  std::string url = "http://127.0.0.1:4566";
  std::string admin_token;  // empty: none sent (a loopback server in open mode needs none)
};

struct Answer {
  int status = 0;
  std::string body;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// One request to the server's `path` (with `headers` besides Host and Content-Type);
// throws std::runtime_error with a sentence a user can act on when nothing answers there.
Answer call(const ControlEndpoint& endpoint, boost::beast::http::verb method, const std::string& path,
            const std::string& body, const Headers& headers = {});

// The Host header `call` sends to `endpoint` ("127.0.0.1:4566"): what a signature covers.
std::string host_header(const ControlEndpoint& endpoint);

// POST /_ec2sim/reset, of every account or of `account` only. Returns the exit status.
int reset_command(const ControlEndpoint& endpoint, const std::optional<std::string>& account);

// GET /_ec2sim/clock, or with `advance` ("+3600", "90m", "1h", "2d") POST it forward.
// Returns the exit status (2: `advance` is not a duration).
int clock_command(const ControlEndpoint& endpoint, const std::optional<std::string>& advance);

// Seconds in "+3600", "3600", "3600s", "90m", "1h", "2d"; nullopt when it is none of those
// (or more than the clock route takes, api::kMaxAdvanceSeconds).
std::optional<double> parse_duration_seconds(std::string_view text);

}  // namespace ec2sim::cli
