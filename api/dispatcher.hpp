// From an HTTP request to an HTTP reply, without any socket: decodes the Query request,
// works out who is calling and where, routes to EC2, STS or a control route, and writes
// the result or the error. The HTTP server (api/http_server.cpp) only moves bytes; tests
// drive this class directly.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/authenticator.hpp"
#include "api/http_request.hpp"
#include "api/rate_limiter.hpp"
#include "catalog/catalog.hpp"
#include "sim/clock.hpp"
#include "sim/store/store.hpp"

namespace ec2sim::connect {
class ConnectService;
struct TerminalSession;
}

namespace ec2sim::scenarios {
class ScenarioHost;
}

namespace ec2sim::api {

struct HttpReply {
  int status = 200;
  std::string content_type = "text/xml;charset=UTF-8";
  std::string body;
  std::string request_id;
  std::vector<std::pair<std::string, std::string>> headers;  // more headers (Location, ETag …)
  // For the access log.
  std::string account;
  std::string region;
  std::string action;
};

struct DispatcherOptions {
  std::string default_region = "ap-northeast-2";
  sim::Settings settings;
  AuthOptions auth;
  // When not empty, control routes (but health) need `Authorization: Bearer <admin_token>`;
  // in strict mode the files route also lets an instance's own account in (signed).
  std::string admin_token;
  // Requests per second each account may make (0: no limit); see api/rate_limiter.hpp.
  double rate_limit = 0;
  // Serves the connect routes (api/control_routes.hpp); null: they answer 503.
  connect::ConnectService* connect = nullptr;
  // Loaded scenarios (scenarios/scenario_host.hpp): their routes, and the setup an
  // account gets on its first request. Null: no scenarios.
  scenarios::ScenarioHost* scenarios = nullptr;
};

// Who calls a control route: the admin, an account (a verified signature), or nobody.
struct ControlCaller {
  bool admin = false;
  std::string account;  // a strict server's verified signer, when not the admin
  std::string refused;  // why a signature was refused, when one was sent
};

class Dispatcher {
 public:
  Dispatcher(const catalog::Catalog& catalog, store::Store& store, sim::SimClock& clock, DispatcherOptions options);

  HttpReply handle(const HttpRequest& request) const;

  // The browser terminal's WebSocket request (GET /_ec2sim/instances/{id}/terminal, see
  // api/terminal_socket.hpp): who signed its URL, then the shell connect/ opens for them.
  connect::TerminalSession open_terminal(const HttpRequest& request) const;

 private:
  ControlCaller control_caller(const HttpRequest& request, std::string_view query) const;
  // Records the account (and, on its first request, sets up the loaded scenario for it).
  void first_use(const std::string& account, std::chrono::system_clock::time_point now) const;
  // A request in the JSON protocol (X-Amz-Target): SSM's parameter reads (api/json_protocol.hpp).
  HttpReply handle_json(const HttpRequest& request, std::string_view target, HttpReply reply) const;

  const catalog::Catalog& catalog_;
  store::Store& store_;
  sim::SimClock& clock_;
  DispatcherOptions options_;
  const catalog::Region* default_region_;
  Authenticator authenticator_;
  mutable RateLimiter rate_limiter_;  // thread-safe: its own mutex
};

// A request target's path and query (without the '?'; empty when there is none).
std::pair<std::string_view, std::string_view> split_target(std::string_view target);

// The path of an instance's browser terminal, whose id is then `instance_id`.
bool is_terminal_path(std::string_view path, std::string* instance_id = nullptr);

// A fresh request id (a random UUID, as AWS uses).
std::string new_request_id();

}  // namespace ec2sim::api
